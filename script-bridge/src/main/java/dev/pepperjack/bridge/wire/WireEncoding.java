package dev.pepperjack.bridge.wire;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.internal.WireEncoder;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A value measured for encoding: its exact {@link #size()} is known before any byte is written, so
 * a transport can reserve that much room in a ring and write straight into it.
 *
 * <p>The value must not change between {@link WireFormat#prepare} and the write; a write that finds
 * the value grew throws {@link IllegalStateException} without writing past the reserved region.
 */
public final class WireEncoding {
  private final Var value;
  private final WireEncoder encoder;
  private final int size;

  WireEncoding(Var value, WireEncoder encoder, int size) {
    this.value = value;
    this.encoder = encoder;
    this.size = size;
  }

  /** The exact number of bytes {@code writeTo} will write. */
  public int size() {
    return size;
  }

  /** Writes the document into {@code dst[offset, offset + size())}. */
  public void writeTo(byte[] dst, int offset) {
    Objects.checkFromIndexSize(offset, size, dst.length);
    encoder.write(value, dst, offset, size);
  }

  /**
   * Writes the document at {@code dst}'s position and advances it by {@link #size()}. A buffer
   * without an accessible array is filled with one bulk copy.
   */
  public void writeTo(ByteBuffer dst) {
    if (dst.remaining() < size) {
      throw new java.nio.BufferOverflowException();
    }
    if (dst.hasArray() && !dst.isReadOnly()) {
      int at = dst.arrayOffset() + dst.position();
      encoder.write(value, dst.array(), at, size);
      dst.position(dst.position() + size);
    } else {
      dst.put(toByteArray());
    }
  }

  /** The document as a new array. */
  public byte[] toByteArray() {
    byte[] out = new byte[size];
    encoder.write(value, out, 0, size);
    return out;
  }
}
