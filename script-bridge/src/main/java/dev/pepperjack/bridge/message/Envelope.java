package dev.pepperjack.bridge.message;

import java.util.Objects;

/**
 * What travels with every message besides its value.
 *
 * @param sender the sending endpoint's id
 * @param target the receiving queue's name
 * @param sequence per sender and target, starting at 1, without gaps
 * @param weight higher is delivered first in a weighted queue; FIFO among equals
 * @param sentAtNanos {@link System#nanoTime()} at send, for latency figures in the dev console
 */
public record Envelope(
    String sender, String target, long sequence, SecurityContext context, int weight,
    long sentAtNanos) {
  public Envelope {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(context, "context");
  }
}
