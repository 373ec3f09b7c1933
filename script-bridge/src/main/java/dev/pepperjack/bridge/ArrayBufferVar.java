package dev.pepperjack.bridge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A mutable block of bytes, like a JavaScript ArrayBuffer. {@link #bytes()} is the live backing
 * array: writes to it are writes to this buffer.
 */
public final class ArrayBufferVar implements Var {
  private final byte[] bytes;

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

  /** A buffer holding a copy of {@code bytes}. */
  public static ArrayBufferVar copyOf(byte[] bytes) {
    return new ArrayBufferVar(bytes.clone());
  }

  /** A buffer that takes ownership of {@code bytes}: the caller must not touch the array again. */
  public static ArrayBufferVar wrap(byte[] bytes) {
    return new ArrayBufferVar(Objects.requireNonNull(bytes, "bytes"));
  }

  public int byteLength() {
    return bytes.length;
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
