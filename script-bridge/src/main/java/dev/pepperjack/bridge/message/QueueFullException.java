package dev.pepperjack.bridge.message;

/** A bounded queue refused a message because it was full; nothing was queued. */
public final class QueueFullException extends RuntimeException {
  private final String queue;
  private final int capacity;

  public QueueFullException(String queue, int capacity) {
    super("queue '" + queue + "' is full (" + capacity + " messages); nothing was queued");
    this.queue = queue;
    this.capacity = capacity;
  }

  public String queue() {
    return queue;
  }

  public int capacity() {
    return capacity;
  }
}
