package dev.pepperjack.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the dev console shows: module messages, module console output, errors, crashes and refused
 * requests. Appends come from any thread and never block; the console drains new entries on the FX
 * thread. Bounded: the oldest entries fall off.
 */
public final class DevLog {
  /** Direction of a message or event. */
  public enum Direction {
    PAGE_TO_MODULE("page → module"),
    MODULE_TO_PAGE("module → page"),
    SHELL("shell");

    private final String label;

    Direction(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /**
   * One line.
   *
   * @param kind message, console, error, crash, refused, load, page-error...
   * @param bytes the message's size, or -1
   * @param latencyNanos send to delivery, or -1
   */
  public record Entry(long seq, long atMillis, String page, String module, Direction direction,
      String kind, long bytes, long latencyNanos, String text) {}

  private final int capacity;
  private final ConcurrentLinkedQueue<Entry> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  private volatile java.util.function.Consumer<Entry> tap = e -> {};

  /** Also hands every entry to {@code tap} as it is added, on the adding thread (e.g. --dev-log). */
  public void setTap(java.util.function.Consumer<Entry> tap) {
    this.tap = tap;
  }

  public DevLog(int capacity) {
    this.capacity = capacity;
  }

  public void add(String page, String module, Direction direction, String kind, long bytes,
      long latencyNanos, String text) {
    // When nobody drains (console closed) keep only the newest entries, cheaply.
    if (pendingCount.incrementAndGet() > capacity) {
      if (pending.poll() != null) {
        pendingCount.decrementAndGet();
        dropped.incrementAndGet();
      }
    }
    Entry e = new Entry(seq.incrementAndGet(), System.currentTimeMillis(), page, module,
        direction, kind, bytes, latencyNanos, text);
    pending.add(e);
    tap.accept(e);
  }

  /** Takes the entries added since the last drain, oldest first. */
  public List<Entry> drain() {
    List<Entry> out = new ArrayList<>();
    Entry e;
    while ((e = pending.poll()) != null) {
      pendingCount.decrementAndGet();
      out.add(e);
    }
    return out;
  }

  /** Entries that fell off before anyone drained them. */
  public long dropped() {
    return dropped.get();
  }

  public int capacity() {
    return capacity;
  }
}
