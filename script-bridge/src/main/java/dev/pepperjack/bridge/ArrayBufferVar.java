package dev.pepperjack.bridge;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A mutable block of bytes, like a JavaScript ArrayBuffer. {@link #bytes()} is the live backing
 * array: writes to it are writes to this buffer.
 *
 * <p>A receiver that is done with a large buffer may {@link #release()} it: the bytes go back to a
 * pool that the next copy reuses (already-touched memory copies several times faster than fresh), and
 * this buffer becomes detached, as a transferred JavaScript ArrayBuffer does: zero length from then on.
 */
public final class ArrayBufferVar implements Var {
  private static final byte[] DETACHED = new byte[0];

  private byte[] bytes;
  private boolean detached;

  private ArrayBufferVar(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A zero-filled buffer of {@code byteLength} bytes. */
  public static ArrayBufferVar allocate(int byteLength) {
    if (byteLength < 0) {
      throw new IllegalArgumentException("negative byteLength " + byteLength);
    }
    return new ArrayBufferVar(new byte[byteLength]);
  }

  /** A buffer holding a copy of {@code bytes}, in a recycled array where one is free. */
  public static ArrayBufferVar copyOf(byte[] bytes) {
    return new ArrayBufferVar(BufferPool.shared().copyOf(bytes));
  }

  /**
   * A buffer holding a copy of {@code bytes} (memory outside the Java heap, such as a page's or a
   * module process's), in a recycled array where one is free.
   *
   * @throws IllegalArgumentException if the segment is longer than a Java array can be
   */
  public static ArrayBufferVar copyOf(MemorySegment bytes) {
    return new ArrayBufferVar(BufferPool.shared().copyOf(bytes));
  }

  /**
   * A buffer of {@code byteLength} bytes written by {@code fill}, in a recycled array where one is
   * free: for copies out of memory that is neither an array nor a segment (another engine's
   * buffer). {@code fill} must write every byte of the array it is given, whatever it held before,
   * and keep no reference to it; if it throws, nothing is returned and the array goes back to the
   * pool.
   */
  public static ArrayBufferVar filledBy(int byteLength, Consumer<byte[]> fill) {
    if (byteLength < 0) {
      throw new IllegalArgumentException("negative byteLength " + byteLength);
    }
    return new ArrayBufferVar(BufferPool.shared().filled(byteLength, Objects.requireNonNull(fill, "fill")));
  }

  /** A buffer that takes ownership of {@code bytes}: the caller must not touch the array again. */
  public static ArrayBufferVar wrap(byte[] bytes) {
    return new ArrayBufferVar(Objects.requireNonNull(bytes, "bytes"));
  }

  public int byteLength() {
    return bytes.length;
  }

  /**
   * Gives the bytes back to the pool and detaches this buffer (length 0). Call it only when nothing
   * else reads this buffer or a view of it: that is the caller's promise.
   */
  public void release() {
    if (!detached) {
      byte[] old = bytes;
      bytes = DETACHED;
      detached = true;
      BufferPool.shared().give(old);
    }
  }

  public boolean isDetached() {
    return detached;
  }

  /** The live backing array. */
  public byte[] bytes() {
    return bytes;
  }

  /** A little-endian view of the whole buffer (JavaScript typed arrays are little-endian here). */
  public ByteBuffer asByteBuffer() {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public VarType type() {
    return VarType.ARRAY_BUFFER;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrayBufferVar other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ArrayBuffer(" + bytes.length + ")";
  }
}
