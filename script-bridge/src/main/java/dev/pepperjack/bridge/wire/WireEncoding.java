package dev.pepperjack.bridge.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A value encoded and waiting to be placed: its exact {@link #size()} is known before the bytes go
 * anywhere, so a transport can reserve that much room in a ring and copy them straight in. It is a
 * snapshot: later changes to the value do not affect it.
 */
public final class WireEncoding {
  private final byte[] bytes;
  private final int size;

  WireEncoding(byte[] bytes, int size) {
    this.bytes = bytes;
    this.size = size;
  }

  /** The exact number of bytes {@code writeTo} writes. */
  public int size() {
    return size;
  }

  /** Copies the document into {@code dst[offset, offset + size())}. */
  public void writeTo(byte[] dst, int offset) {
    Objects.checkFromIndexSize(offset, size, dst.length);
    System.arraycopy(bytes, 0, dst, offset, size);
  }

  /** Copies the document to {@code dst} at its position and advances it by {@link #size()}. */
  public void writeTo(ByteBuffer dst) {
    dst.put(bytes, 0, size);
  }

  /** The document as a new array of exactly {@link #size()} bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
