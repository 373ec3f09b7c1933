package dev.pepperjack.sandbox.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

/**
 * One direction of a {@link SharedChannel}: a single-producer single-consumer byte ring of frames.
 * See {@code pj_ring.h} for the layout and the wait protocol; this class and the C side must agree.
 *
 * <p>The producer side is used by one thread at a time, the consumer side by one thread at a time.
 */
public final class Ring {
  static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
  static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
  private static final long HEAD = 0;
  private static final long TAIL = 64;
  private static final long DATA_SEQ = 128;
  private static final long DATA_WAITING = 132;
  private static final long SPACE_SEQ = 192;
  private static final long SPACE_WAITING = 196;
  private static final int HEADER = 8;
  private static final int FLAG_MORE = 1;
  private static final int FRAME_PAD = 0;
  private static final long SPIN_NANOS = 30_000;
  /** After this much spinning, yield between checks: a pure spinner on a busy machine steals the
   * time slice of the very thread it waits for. */
  private static final long YIELD_AFTER_NANOS = 10_000;

  private final MemorySegment ctl;
  private final MemorySegment data;
  private final long capacity;
  private final long mask;
  private final int maxChunk;
  private final MemorySegment dataSeq;
  private final MemorySegment spaceSeq;
  /** The largest message assembled from fragments: the other side cannot make us allocate more. */
  private final int maxMessage;
  /** Joins fragments; kept between messages so large messages do not allocate each time. */
  private byte[] assembly = new byte[0];
  private int assembled = -1; // -1: not inside a fragmented frame

  Ring(MemorySegment ctl, MemorySegment data, int maxMessage) {
    this.maxMessage = maxMessage;
    this.ctl = ctl;
    this.data = data;
    this.capacity = data.byteSize();
    this.mask = capacity - 1;
    this.maxChunk = (int) (capacity / 4 - HEADER);
    this.dataSeq = ctl.asSlice(DATA_SEQ, 4);
    this.spaceSeq = ctl.asSlice(SPACE_SEQ, 4);
  }

  /** Receives one whole frame; {@code payload} is valid only during the call. */
  @FunctionalInterface
  public interface FrameHandler {
    void onFrame(int type, MemorySegment payload);
  }

  /** The other side broke the ring protocol: only a compromised or buggy sandbox does that. */
  public static final class ProtocolException extends RuntimeException {
    ProtocolException(String message) {
      super(message);
    }
  }

  /** Thrown when the other side went away while this side waited. */
  public static final class ClosedException extends RuntimeException {
    ClosedException(String message) {
      super(message);
    }
  }

  /**
   * Writes one frame, in fragments when large, waiting for space as needed.
   *
   * @param open polled while waiting; when it turns false the write gives up
   * @throws ClosedException the other side is gone
   */
  public void write(int type, byte[] payload, int offset, int length, BooleanSupplier open, Arena scratch) {
    int done = 0;
    MemorySegment timeout = Futex.timeout(scratch, 50_000_000L);
    do {
      int n = Math.min(length - done, maxChunk);
      int flags = done + n < length ? FLAG_MORE : 0;
      long head = (long) LONG.get(ctl, HEAD);
      long pos = head & mask;
      long need = align8(HEADER + (long) n);
      long pad = capacity - pos < need ? capacity - pos : 0;
      awaitSpace(pad + need, open, timeout);
      if (pad > 0) {
        data.set(ValueLayout.JAVA_INT, pos, (int) (pad - HEADER));
        data.set(ValueLayout.JAVA_INT, pos + 4, FRAME_PAD);
        pos = 0;
      }
      data.set(ValueLayout.JAVA_INT, pos, n);
      data.set(ValueLayout.JAVA_SHORT, pos + 4, (short) type);
      data.set(ValueLayout.JAVA_SHORT, pos + 6, (short) flags);
      MemorySegment.copy(payload, offset + done, data, ValueLayout.JAVA_BYTE, pos + HEADER, n);
      LONG.setRelease(ctl, HEAD, head + pad + need);
      signal(dataSeq, DATA_WAITING);
      done += n;
    } while (done < length);
  }

  /**
   * Writes one unfragmented frame if it fits now; never waits.
   *
   * @return false when the payload needs fragments or the ring lacks the space
   */
  public boolean tryWrite(int type, byte[] payload) {
    int n = payload.length;
    if (n > maxChunk) {
      return false;
    }
    long head = (long) LONG.get(ctl, HEAD);
    long pos = head & mask;
    long need = align8(HEADER + (long) n);
    long pad = capacity - pos < need ? capacity - pos : 0;
    if (!hasSpace(pad + need)) {
      return false;
    }
    if (pad > 0) {
      data.set(ValueLayout.JAVA_INT, pos, (int) (pad - HEADER));
      data.set(ValueLayout.JAVA_INT, pos + 4, FRAME_PAD);
      pos = 0;
    }
    data.set(ValueLayout.JAVA_INT, pos, n);
    data.set(ValueLayout.JAVA_SHORT, pos + 4, (short) type);
    data.set(ValueLayout.JAVA_SHORT, pos + 6, (short) 0);
    MemorySegment.copy(payload, 0, data, ValueLayout.JAVA_BYTE, pos + HEADER, n);
    LONG.setRelease(ctl, HEAD, head + pad + need);
    signal(dataSeq, DATA_WAITING);
    return true;
  }

  /** Whether a frame (or padding) is waiting. */
  public boolean hasData() {
    return (long) LONG.getAcquire(ctl, HEAD) != (long) LONG.get(ctl, TAIL);
  }

  /**
   * Hands every complete frame that is waiting to {@code handler}; fragments are joined first.
   *
   * @return how many frames were handed over
   */
  public int drain(FrameHandler handler) {
    int frames = 0;
    while (hasData()) {
      long tail = (long) LONG.get(ctl, TAIL);
      long pos = tail & mask;
      int len = data.get(ValueLayout.JAVA_INT, pos);
      int type = data.get(ValueLayout.JAVA_SHORT, pos + 4) & 0xffff;
      int flags = data.get(ValueLayout.JAVA_SHORT, pos + 6) & 0xffff;
      long advance = align8(HEADER + (len & 0xffffffffL));
      if (len < 0 || advance > capacity - pos) {
        throw new ProtocolException("corrupt frame header at ring offset " + tail);
      }
      if (type != FRAME_PAD) {
        MemorySegment payload = data.asSlice(pos + HEADER, len);
        if ((flags & FLAG_MORE) != 0 || assembled >= 0) {
          int at = Math.max(assembled, 0);
          if (len > maxMessage - at) {
            throw new ProtocolException("a fragmented message exceeds " + maxMessage + " bytes");
          }
          if (assembly.length - at < len) {
            assembly = java.util.Arrays.copyOf(assembly, Math.max(at + len, assembly.length * 2));
          }
          MemorySegment.copy(payload, ValueLayout.JAVA_BYTE, 0, assembly, at, len);
          assembled = at + len;
          if ((flags & FLAG_MORE) == 0) {
            int size = assembled;
            assembled = -1;
            handler.onFrame(type, MemorySegment.ofArray(assembly).asSlice(0, size));
            frames++;
          }
        } else {
          handler.onFrame(type, payload);
          frames++;
        }
      }
      LONG.setRelease(ctl, TAIL, tail + advance);
      signal(spaceSeq, SPACE_WAITING);
    }
    return frames;
  }

  /** Waits until data arrives (spinning briefly, then sleeping) or {@code timeoutNanos} pass. */
  public void awaitData(MemorySegment futexTimeout) {
    long start = System.nanoTime();
    for (long spent = 0; spent < SPIN_NANOS; spent = System.nanoTime() - start) {
      if (hasData()) {
        return;
      }
      if (spent > YIELD_AFTER_NANOS) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
    int seq = (int) INT.getVolatile(ctl, DATA_SEQ);
    INT.setVolatile(ctl, DATA_WAITING, 1);
    if (!hasData()) {
      Futex.await(dataSeq, seq, futexTimeout);
    }
    INT.setVolatile(ctl, DATA_WAITING, 0);
  }

  private void awaitSpace(long need, BooleanSupplier open, MemorySegment timeout) {
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (!hasSpace(need)) {
      if (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
        continue;
      }
      if (!open.getAsBoolean()) {
        throw new ClosedException("the sandbox stopped reading");
      }
      int seq = (int) INT.getVolatile(ctl, SPACE_SEQ);
      INT.setVolatile(ctl, SPACE_WAITING, 1);
      if (!hasSpace(need)) {
        Futex.await(spaceSeq, seq, timeout);
      }
      INT.setVolatile(ctl, SPACE_WAITING, 0);
    }
  }

  private boolean hasSpace(long need) {
    long used = (long) LONG.get(ctl, HEAD) - (long) LONG.getAcquire(ctl, TAIL);
    return capacity - used >= need;
  }

  private void signal(MemorySegment seqWord, long waitingOffset) {
    VarHandle.fullFence();
    if ((int) INT.getVolatile(ctl, waitingOffset) != 0) {
      INT.getAndAdd(seqWord, 0L, 1);
      Futex.wake(seqWord);
    }
  }

  private static long align8(long n) {
    return (n + 7) & ~7L;
  }
}
