package dev.pepperjack.bridge.wire;

import dev.pepperjack.bridge.ValueRejectedException;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.internal.WireDecoder;
import dev.pepperjack.bridge.internal.WireEncoder;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Pepperjack wire format v1: a {@link Var} as a CBOR document that the C library in native-sandbox
 * reads in place. The rules are in {@code script-bridge/docs/wire-format.md}.
 *
 * <p>Buffers that occur several times in a value (by identity) are written once and come back as one
 * shared {@link dev.pepperjack.bridge.ArrayBufferVar}; int32, int64 and double stay distinct.
 */
public final class WireFormat {
  /** The five bytes every v1 document starts with: tag 0x504A01. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** The whole document as a new array. */
  public static byte[] encode(Var value) {
    return prepare(value).toByteArray();
  }

  /**
   * Measures {@code value} for encoding (validating it) without writing it.
   *
   * @throws ValueRejectedException when the value cannot be encoded (a lone surrogate in a string,
   *     nesting deeper than {@link VarLimits#DEFAULT}'s depth or a cycle, more than 2 GB)
   */
  public static WireEncoding prepare(Var value) {
    return prepare(value, VarLimits.DEFAULT);
  }

  /** As {@link #prepare(Var)}, refusing values nested deeper than {@code limits.maxDepth()}. */
  public static WireEncoding prepare(Var value, VarLimits limits) {
    Objects.requireNonNull(value, "value");
    WireEncoder encoder = new WireEncoder(limits.maxDepth());
    int size = encoder.measure(value);
    return new WireEncoding(value, encoder, size);
  }

  /** The encoded size of {@code value} in bytes. */
  public static int encodedSize(Var value) {
    return prepare(value).size();
  }

  /**
   * Encodes {@code value} into {@code dst} at {@code offset}.
   *
   * @return the number of bytes written
   * @throws IndexOutOfBoundsException when the document does not fit; nothing is written then
   */
  public static int encode(Var value, byte[] dst, int offset) {
    WireEncoding e = prepare(value);
    e.writeTo(dst, offset);
    return e.size();
  }

  /** Decodes a whole document under {@link VarLimits#DEFAULT}. */
  public static Var decode(byte[] document) {
    return decode(document, VarLimits.DEFAULT);
  }

  /**
   * Decodes a whole document.
   *
   * @throws WireFormatException for any input that is not a valid document within {@code limits};
   *     never any other exception
   */
  public static Var decode(byte[] document, VarLimits limits) {
    return decode(document, 0, document.length, limits);
  }

  /** Decodes the document that fills {@code document[offset, offset + length)}. */
  public static Var decode(byte[] document, int offset, int length, VarLimits limits) {
    Objects.checkFromIndexSize(offset, length, document.length);
    Objects.requireNonNull(limits, "limits");
    return new WireDecoder(document, offset, offset + length, limits).decodeDocument();
  }

  /**
   * Decodes the document between {@code document}'s position and limit, then moves the position to
   * the limit. A buffer without an accessible array is copied once first.
   */
  public static Var decode(ByteBuffer document, VarLimits limits) {
    Var v;
    int n = document.remaining();
    if (document.hasArray()) {
      v = decode(document.array(), document.arrayOffset() + document.position(), n, limits);
    } else {
      byte[] copy = new byte[n];
      document.duplicate().get(copy);
      v = decode(copy, 0, n, limits);
    }
    document.position(document.limit());
    return v;
  }
}
