package dev.pepperjack.bridge.message;

/** The order a queue delivers in. */
public enum Ordering {
  /** First in, first out; weights are ignored. */
  FIFO,
  /** Higher {@link SendOptions#weight()} first; FIFO among equal weights. */
  WEIGHTED
}
