package dev.pepperjack.bridge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A typed array or DataView: a window of {@code length} elements of {@code kind} starting at
 * {@code byteOffset} in an {@link ArrayBufferVar}. Two views may share one buffer; a copy keeps that
 * sharing.
 */
public final class TypedArrayVar implements Var {
  private final ViewKind kind;
  private final ArrayBufferVar buffer;
  private final int byteOffset;
  private final int length;

  /**
   * @param length element count ({@code byteLength} for a DataView)
   * @throws IllegalArgumentException when the window does not fit the buffer or is misaligned
   */
  public TypedArrayVar(ViewKind kind, ArrayBufferVar buffer, int byteOffset, int length) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.buffer = Objects.requireNonNull(buffer, "buffer");
    String problem = checkWindow(kind, buffer.byteLength(), byteOffset, length);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    this.byteOffset = byteOffset;
    this.length = length;
  }

  /** A view over the whole of {@code buffer}. */
  public static TypedArrayVar over(ViewKind kind, ArrayBufferVar buffer) {
    return new TypedArrayVar(kind, buffer, 0, buffer.byteLength() / kind.elementSize());
  }

  /**
   * Why a view of {@code kind} at {@code byteOffset} with {@code length} elements cannot sit in a
   * buffer of {@code bufferLength} bytes, or null when it can. Shared with the wire decoder.
   */
  public static String checkWindow(ViewKind kind, long bufferLength, long byteOffset, long length) {
    if (byteOffset < 0 || length < 0) {
      return "negative offset or length";
    }
    if (byteOffset % kind.elementSize() != 0) {
      return kind.jsName() + " offset " + byteOffset + " is not a multiple of " + kind.elementSize();
    }
    long end = byteOffset + length * kind.elementSize();
    if (end > bufferLength) {
      return kind.jsName() + " window [" + byteOffset + ", " + end + ") exceeds buffer of "
          + bufferLength + " bytes";
    }
    return null;
  }

  public ViewKind kind() {
    return kind;
  }

  public ArrayBufferVar buffer() {
    return buffer;
  }

  /** The window's start; 0 once the buffer is detached. */
  public int byteOffset() {
    return buffer.isDetached() ? 0 : byteOffset;
  }

  /** Element count (for a DataView, bytes); 0 once the buffer is detached, as in JavaScript. */
  public int length() {
    return buffer.isDetached() ? 0 : length;
  }

  public int byteLength() {
    return length() * kind.elementSize();
  }

  /** A little-endian live view of exactly this window. */
  public ByteBuffer asByteBuffer() {
    return buffer.asByteBuffer().slice(byteOffset(), byteLength()).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public VarType type() {
    return VarType.TYPED_ARRAY;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TypedArrayVar other
        && kind == other.kind
        && byteOffset() == other.byteOffset()
        && length() == other.length()
        && buffer.equals(other.buffer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, byteOffset(), length(), buffer);
  }

  @Override
  public String toString() {
    return kind.jsName() + "(offset=" + byteOffset() + ", length=" + length() + ", " + buffer + ")";
  }
}
