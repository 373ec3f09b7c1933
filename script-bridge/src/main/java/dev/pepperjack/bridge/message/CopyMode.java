package dev.pepperjack.bridge.message;

/** When a send takes its copy of the value. */
public enum CopyMode {
  /** The default: the value is copied before send returns; later changes by the sender never show. */
  AT_SEND,
  /**
   * Lazy: the queue keeps the sender's reference and copies when the receiver dequeues, so the
   * receiver sees the newest state of a value the sender keeps changing (an input-state dictionary).
   * The sender must not mutate the value while a dequeue copies it from another thread unless it
   * synchronizes on the value.
   */
  AT_DEQUEUE,
  /**
   * No copy at all: the sender hands the value over and never reads or changes it again. For a
   * value made for this one send that nothing else references, such as a message just decoded
   * from wire bytes or page text; there a copy would only double the work (a 16 MiB buffer costs
   * milliseconds of fresh memory). The value is still checked against the queue's limits.
   */
  TRANSFER
}
