package dev.pepperjack.bridge.message;

import dev.pepperjack.bridge.Var;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A bounded, thread-safe queue of messages for one receiver and purpose. Senders never wait for the
 * receiver: {@link Sender#send} returns once the message is queued, or throws {@link
 * QueueFullException} at once. The receiver polls ({@link #poll()}) or is alerted ({@link
 * #deliverTo}); each message it gets is its own copy.
 */
public interface MessageQueue {
  static MessageQueue create(QueueConfig config) {
    return BoundedMessageQueue.create(config);
  }

  QueueConfig config();

  /** A sender that stamps envelopes with {@code senderId} and {@code context}. */
  Sender sender(String senderId, SecurityContext context);

  /** The next message, or null when the queue is empty. Never waits. */
  Message poll();

  /** The next message, waiting up to {@code timeout} with the queue's wait strategy; null if none. */
  Message poll(Duration timeout) throws InterruptedException;

  boolean isEmpty();

  int size();

  /**
   * Alert delivery: each arriving message is handed to {@code handler} on {@code executor}, in queue
   * order, one at a time. Messages already queued are delivered too. Polling and alert delivery are
   * exclusive while the subscription is open.
   *
   * @param onError called (on the executor) when a message cannot be delivered, e.g. a lazily
   *     copied value that became invalid; the message is reported, never dropped silently
   */
  Subscription deliverTo(Executor executor, Consumer<Message> handler, Consumer<Throwable> onError);

  /**
   * Closes the queue: later sends fail with {@link IllegalStateException}; the messages still queued
   * are returned so their senders can be told they were not delivered.
   */
  java.util.List<Message> close();

  /** One sender's handle on a queue. Thread-safe; sequence numbers are per sender. */
  interface Sender {
    /** Copies (per options), validates and queues {@code value}; returns its sequence number. */
    long send(Var value, SendOptions options);

    default long send(Var value) {
      return send(value, SendOptions.DEFAULT);
    }

    /** Like {@link #send} but waits up to {@code timeout} for space before giving up. */
    long sendAwait(Var value, SendOptions options, Duration timeout) throws InterruptedException;
  }

  /** An open alert subscription. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
