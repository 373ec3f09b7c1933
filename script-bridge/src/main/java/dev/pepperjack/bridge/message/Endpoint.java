package dev.pepperjack.bridge.message;

import dev.pepperjack.bridge.Var;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One side of a {@link Connection}: it receives on its own inboxes (one per purpose) and posts into
 * its peer's. Posting never waits for the peer.
 */
public final class Endpoint {
  /** The purpose every endpoint has from the start. */
  public static final String DEFAULT_PURPOSE = "default";

  private final String id;
  private final SecurityContext context;
  private final Map<String, MessageQueue> inboxes = new ConcurrentHashMap<>();
  private final Map<String, MessageQueue.Sender> senders = new ConcurrentHashMap<>();
  private Endpoint peer;

  Endpoint(String id, SecurityContext context, QueueConfig template) {
    this.id = Objects.requireNonNull(id, "id");
    this.context = Objects.requireNonNull(context, "context");
    inboxes.put(DEFAULT_PURPOSE, MessageQueue.create(configFor(DEFAULT_PURPOSE, template)));
  }

  void connect(Endpoint peer) {
    this.peer = peer;
  }

  public String id() {
    return id;
  }

  public SecurityContext context() {
    return context;
  }

  public Endpoint peer() {
    return peer;
  }

  /** The default inbox. */
  public MessageQueue inbox() {
    return inbox(DEFAULT_PURPOSE);
  }

  /**
   * The inbox for {@code purpose}.
   *
   * @throws IllegalArgumentException when this endpoint has no such inbox
   */
  public MessageQueue inbox(String purpose) {
    MessageQueue q = inboxes.get(purpose);
    if (q == null) {
      throw new IllegalArgumentException("endpoint '" + id + "' has no inbox '" + purpose
          + "' (it has " + inboxes.keySet() + ")");
    }
    return q;
  }

  /**
   * Opens an inbox for one purpose (a data type, a sender...), with its own capacity, ordering and
   * wait strategy. The queue's name in envelopes is {@code <endpoint id>/<purpose>}.
   */
  public MessageQueue openInbox(String purpose, QueueConfig config) {
    MessageQueue q = MessageQueue.create(configFor(purpose, config));
    if (inboxes.putIfAbsent(purpose, q) != null) {
      throw new IllegalArgumentException("endpoint '" + id + "' already has inbox '" + purpose + "'");
    }
    return q;
  }

  public Set<String> purposes() {
    return Set.copyOf(inboxes.keySet());
  }

  /** Posts to the peer's default inbox. */
  public long post(Var value) {
    return post(DEFAULT_PURPOSE, value, SendOptions.DEFAULT);
  }

  public long post(Var value, SendOptions options) {
    return post(DEFAULT_PURPOSE, value, options);
  }

  /**
   * Posts to the peer's inbox for {@code purpose}; the envelope carries this endpoint's id and
   * security context.
   *
   * @throws QueueFullException the peer's inbox is full; nothing was queued
   * @throws dev.pepperjack.bridge.ValueRejectedException the value cannot be sent
   */
  public long post(String purpose, Var value, SendOptions options) {
    MessageQueue.Sender sender = senders.get(purpose);
    if (sender == null) {
      sender = senders.computeIfAbsent(purpose, p -> peer.inbox(p).sender(id, context));
    }
    return sender.send(value, options);
  }

  /** Closes every inbox; returns what was still queued, for undelivered reports. */
  public java.util.List<Message> close() {
    java.util.List<Message> left = new java.util.ArrayList<>();
    for (MessageQueue q : inboxes.values()) {
      left.addAll(q.close());
    }
    return left;
  }

  private QueueConfig configFor(String purpose, QueueConfig config) {
    String name = purpose.equals(DEFAULT_PURPOSE) ? id : id + "/" + purpose;
    return new QueueConfig(name, config.capacity(), config.ordering(), config.waitStrategy(),
        config.limits());
  }
}
