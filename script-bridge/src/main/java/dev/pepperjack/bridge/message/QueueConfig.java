package dev.pepperjack.bridge.message;

import dev.pepperjack.bridge.VarLimits;
import java.util.Objects;

/**
 * How a queue is built.
 *
 * @param name the target name envelopes carry
 * @param capacity messages held before senders get {@link QueueFullException}
 */
public record QueueConfig(
    String name, int capacity, Ordering ordering, WaitStrategy waitStrategy, VarLimits limits) {
  public QueueConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ordering, "ordering");
    Objects.requireNonNull(waitStrategy, "waitStrategy");
    Objects.requireNonNull(limits, "limits");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
  }

  /** FIFO, 1024 messages, spin-then-park, default limits. */
  public static QueueConfig named(String name) {
    return new QueueConfig(name, 1024, Ordering.FIFO, WaitStrategy.spinThenPark(), VarLimits.DEFAULT);
  }

  public QueueConfig withCapacity(int capacity) {
    return new QueueConfig(name, capacity, ordering, waitStrategy, limits);
  }

  public QueueConfig withOrdering(Ordering ordering) {
    return new QueueConfig(name, capacity, ordering, waitStrategy, limits);
  }

  public QueueConfig withWaitStrategy(WaitStrategy waitStrategy) {
    return new QueueConfig(name, capacity, ordering, waitStrategy, limits);
  }

  public QueueConfig withLimits(VarLimits limits) {
    return new QueueConfig(name, capacity, ordering, waitStrategy, limits);
  }
}
