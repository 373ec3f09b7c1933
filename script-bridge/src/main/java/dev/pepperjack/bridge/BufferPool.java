package dev.pepperjack.bridge;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Recycles large byte arrays between released buffers and new copies. A fresh 16 MiB array costs
 * page faults and zeroing, about three times the copy itself; a recycled one costs only the copy.
 * Arrays are matched by exact length (a buffer's length is its array's length); small arrays are not
 * pooled, and the pool holds at most {@link #MAX_POOLED_BYTES}.
 */
final class BufferPool {
  static final int MIN_POOLED = 64 * 1024;
  static final long MAX_POOLED_BYTES = 256L << 20;

  private static final BufferPool SHARED = new BufferPool();

  private final ConcurrentHashMap<Integer, ConcurrentLinkedQueue<byte[]>> free =
      new ConcurrentHashMap<>();
  private final AtomicLong pooledBytes = new AtomicLong();

  static BufferPool shared() {
    return SHARED;
  }

  /** A copy of {@code src}, in a recycled array when one of its length is free. */
  byte[] copyOf(byte[] src) {
    if (src.length < MIN_POOLED) {
      return src.clone();
    }
    byte[] out = poll(src.length);
    if (out == null) {
      return src.clone();
    }
    System.arraycopy(src, 0, out, 0, src.length);
    return out;
  }

  /** A copy of {@code src}, in a recycled array when one of its length is free. */
  byte[] copyOf(MemorySegment src) {
    long n = src.byteSize();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a buffer of " + n + " bytes is longer than an array can be");
    }
    return filled((int) n, out -> MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, out, 0, out.length));
  }

  /**
   * An array of {@code length} bytes that {@code fill} writes whole, recycled when one of that length
   * is free. If {@code fill} throws, a recycled array goes back to the pool (its old bytes never
   * leave) and the exception propagates.
   */
  byte[] filled(int length, Consumer<byte[]> fill) {
    byte[] recycled = length < MIN_POOLED ? null : poll(length);
    byte[] out = recycled == null ? new byte[length] : recycled;
    try {
      fill.accept(out);
    } catch (RuntimeException | Error e) {
      if (recycled != null) {
        give(recycled);
      }
      throw e;
    }
    return out;
  }

  private byte[] poll(int length) {
    ConcurrentLinkedQueue<byte[]> q = free.get(length);
    byte[] out = q == null ? null : q.poll();
    if (out != null) {
      pooledBytes.addAndGet(-out.length);
    }
    return out;
  }

  void give(byte[] array) {
    if (array.length < MIN_POOLED || pooledBytes.get() + array.length > MAX_POOLED_BYTES) {
      return;
    }
    pooledBytes.addAndGet(array.length);
    free.computeIfAbsent(array.length, n -> new ConcurrentLinkedQueue<>()).add(array);
  }

  long pooledBytes() {
    return pooledBytes.get();
  }
}
