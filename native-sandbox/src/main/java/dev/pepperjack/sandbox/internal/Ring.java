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
  /**
   * How a waiter waits, on both sides (pj_runtime.c has the same numbers): a short pure spin for
   * the other side answering from another core, then yielding between checks, then the futex. A
   * round trip involves three threads (caller, host reader, sandbox loop) on what may be two cores:
   * whoever spins instead of yielding steals the core of the very thread it waits for (a 2 µs pure
   * spin made the small round trip's p50 17 µs, 0.5 µs made it 6-9 µs, timed hop by hop). A
   * sleeping side costs the other a wake-up system call and a scheduler round trip, which is why
   * the yielding phase is long.
   */
  private static final long PURE_SPIN_NANOS = 500;
  private static final long SPIN_NANOS = 100_000;

  private final MemorySegment ctl;
  private final MemorySegment data;
  private final long capacity;
  private final long mask;
  /** Payloads up to this size travel as one frame (once the ring has drained enough). */
  private final long maxFrame;
  /** Larger payloads travel in fragments of this size, so both sides can work at the same time. */
  private final int fragment;
  private final MemorySegment dataSeq;
  private final MemorySegment spaceSeq;
  /** The largest message assembled from fragments: the other side cannot make us allocate more. */
  private final int maxMessage;
  /** Joins fragments; kept between messages so large messages do not allocate each time. */
  private byte[] assembly = new byte[0];
  private int assembled = -1; // -1: not inside a fragmented frame
  /**
   * This side's own counter (head when producing, tail when consuming), never read back from the
   * shared page: the sandbox can write that page, but not make us write or read out of turn.
   */
  private long own;

  Ring(MemorySegment ctl, MemorySegment data, int maxMessage) {
    this.maxMessage = maxMessage;
    this.ctl = ctl;
    this.data = data;
    this.capacity = data.byteSize();
    this.mask = capacity - 1;
    this.maxFrame = capacity - HEADER;
    this.fragment = (int) (capacity / 4 - HEADER);
    this.dataSeq = ctl.asSlice(DATA_SEQ, 4);
    this.spaceSeq = ctl.asSlice(SPACE_SEQ, 4);
  }

  /** The largest payload that travels unfragmented: {@link #tryWrite} accepts up to this. */
  public long maxFrame() {
    return maxFrame;
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
   * Writes one frame, in fragments when larger than {@link #maxFrame()}, waiting for space as needed.
   *
   * @param open polled while waiting; when it turns false the write gives up
   * @throws ClosedException the other side is gone
   */
  public void write(int type, byte[] payload, int offset, int length, BooleanSupplier open, Arena scratch) {
    MemorySegment timeout = Futex.timeout(scratch, 50_000_000L);
    int chunk = length <= maxFrame ? length : fragment;
    int done = 0;
    do {
      int n = Math.min(length - done, chunk);
      int flags = done + n < length ? FLAG_MORE : 0;
      long pos = place(align8(HEADER + (long) n), open, timeout);
      put(pos, type, flags, payload, offset + done, n);
      done += n;
    } while (done < length);
  }

  /**
   * Writes one unfragmented frame if it fits now; never waits.
   *
   * @return false when the payload is larger than {@link #maxFrame()} or the ring lacks the space
   */
  public boolean tryWrite(int type, byte[] payload, int offset, int length) {
    if (length > maxFrame) {
      return false;
    }
    long pos = place(align8(HEADER + (long) length), null, null);
    if (pos < 0) {
      return false;
    }
    put(pos, type, 0, payload, offset, length);
    return true;
  }

  private void put(long pos, int type, int flags, byte[] payload, int offset, int n) {
    data.set(ValueLayout.JAVA_INT, pos, n);
    data.set(ValueLayout.JAVA_SHORT, pos + 4, (short) type);
    data.set(ValueLayout.JAVA_SHORT, pos + 6, (short) flags);
    MemorySegment.copy(payload, offset, data, ValueLayout.JAVA_BYTE, pos + HEADER, n);
    own += align8(HEADER + (long) n);
    LONG.setRelease(ctl, HEAD, own);
    signal(dataSeq, DATA_WAITING);
  }

  /**
   * Finds room for a frame of {@code need} bytes (at most the capacity) and returns its offset,
   * padding to the end of the ring where the frame would not fit before it. When the ring is empty
   * the next frame goes back to the start, so that an exchange of small messages keeps reusing the
   * same few cache lines and pages instead of sweeping the whole ring. Without {@code open} it
   * never waits and returns -1 when the space is not there yet.
   */
  private long place(long need, BooleanSupplier open, MemorySegment timeout) {
    long start = own;
    while (true) {
      long used = own - otherCounter(TAIL);
      long pos = own & mask;
      long toEnd = capacity - pos;
      boolean rewind = used == 0 && pos != 0 && need <= pos;
      if (need > toEnd || rewind) {
        if (capacity - used >= toEnd) {
          data.set(ValueLayout.JAVA_INT, pos, (int) (toEnd - HEADER));
          data.set(ValueLayout.JAVA_INT, pos + 4, FRAME_PAD);
          own += toEnd; // published together with the frame, or before waiting
          continue;
        }
      } else if (capacity - used >= need) {
        return pos;
      }
      if (open == null) {
        publishPadding(start);
        return -1;
      }
      publishPadding(start);
      start = own;
      awaitSpace(toEnd < need ? toEnd : need, open, timeout);
    }
  }

  /** Makes padding written since {@code start} visible, so the consumer can free that space. */
  private void publishPadding(long start) {
    if (own != start) {
      LONG.setRelease(ctl, HEAD, own);
      signal(dataSeq, DATA_WAITING);
    }
  }

  /**
   * The other side's counter, checked against ours: {@code head - tail} must stay within the
   * capacity, or the other side is breaking the protocol.
   */
  private long otherCounter(long offset) {
    long other = (long) LONG.getAcquire(ctl, offset);
    long distance = offset == TAIL ? own - other : other - own;
    if (distance < 0 || distance > capacity) {
      throw new ProtocolException("ring counter out of range (" + distance + " bytes)");
    }
    return other;
  }

  /** Whether a frame (or padding) is waiting. */
  public boolean hasData() {
    return (long) LONG.getAcquire(ctl, HEAD) != own;
  }

  /**
   * Hands every complete frame that is waiting to {@code handler}; fragments are joined first.
   *
   * @return how many frames were handed over
   */
  public int drain(FrameHandler handler) {
    return drain(handler, -1, Integer.MAX_VALUE);
  }

  /**
   * Like {@link #drain}, but hands over at most {@code maxFrames} whole frames of at most
   * {@code maxBytes} each, and stops at the first other one (a fragment, a larger frame), which
   * stays for {@link #drain}: order is kept. Callers of both must take turns (one consumer at a
   * time).
   *
   * @return how many frames were handed over
   */
  public int drainSmall(FrameHandler handler, int maxBytes, int maxFrames) {
    return drain(handler, maxBytes, maxFrames);
  }

  /** @param maxWhole the largest frame to hand over, stopping before any other; -1: all */
  private int drain(FrameHandler handler, int maxWhole, int maxFrames) {
    int frames = 0;
    while (frames < maxFrames && hasData()) {
      long tail = own;
      long available = otherCounter(HEAD) - tail;
      long pos = tail & mask;
      int len = data.get(ValueLayout.JAVA_INT, pos);
      int type = data.get(ValueLayout.JAVA_SHORT, pos + 4) & 0xffff;
      int flags = data.get(ValueLayout.JAVA_SHORT, pos + 6) & 0xffff;
      long advance = align8(HEADER + (len & 0xffffffffL));
      if (len < 0 || advance > capacity - pos || advance > available) {
        throw new ProtocolException("corrupt frame header at ring offset " + tail);
      }
      if (maxWhole >= 0 && type != FRAME_PAD
          && ((flags & FLAG_MORE) != 0 || assembled >= 0 || len > maxWhole)) {
        break;
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
      own = tail + advance;
      LONG.setRelease(ctl, TAIL, own);
      signal(spaceSeq, SPACE_WAITING);
    }
    return frames;
  }

  /**
   * The busy part of every wait on this ring: a pure spin for {@link #PURE_SPIN_NANOS}, then
   * yielding between checks until {@link #SPIN_NANOS}. True as soon as {@code ready} holds, false
   * when the busy time is up and the caller should sleep on the futex.
   */
  private static boolean busyWait(BooleanSupplier ready) {
    long start = System.nanoTime();
    for (long spent = 0; spent < SPIN_NANOS; spent = System.nanoTime() - start) {
      if (ready.getAsBoolean()) {
        return true;
      }
      if (spent > PURE_SPIN_NANOS) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
    return false;
  }

  /**
   * Waits until data arrives (spinning briefly, then sleeping) or {@code timeoutNanos} pass;
   * without {@code spin}, sleeps at once (for a waiter that someone else is likely to beat to the
   * data anyway).
   */
  public void awaitData(MemorySegment futexTimeout, boolean spin) {
    if (spin && busyWait(this::hasData)) {
      return;
    }
    int seq = (int) INT.getVolatile(ctl, DATA_SEQ);
    INT.setVolatile(ctl, DATA_WAITING, 1);
    if (!hasData()) {
      Futex.await(dataSeq, seq, futexTimeout);
    }
    INT.setVolatile(ctl, DATA_WAITING, 0);
  }

  /** Waits until {@code need} bytes are free (re-checked by the caller). */
  private void awaitSpace(long need, BooleanSupplier open, MemorySegment timeout) {
    if (busyWait(() -> hasSpace(need))) {
      return;
    }
    while (!hasSpace(need)) {
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
    return capacity - (own - otherCounter(TAIL)) >= need;
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
