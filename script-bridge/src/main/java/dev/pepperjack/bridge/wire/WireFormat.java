package dev.pepperjack.bridge.wire;

import dev.pepperjack.bridge.ValueRejectedException;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
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

  /**
   * Per-thread space that documents are written into before their exact-size copy, so that
   * encoding a message allocates little more than its result. Larger ones are not kept.
   */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);
  private static final int MAX_KEPT_SCRATCH = 1 << 16;

  private WireFormat() {}

  /** The whole document as a new array. */
  public static byte[] encode(Var value) {
    return encode(value, VarLimits.DEFAULT.maxDepth());
  }

  private static byte[] encode(Var value, int maxDepth) {
    Objects.requireNonNull(value, "value");
    byte[] scratch = SCRATCH.get();
    WireEncoder encoder = new WireEncoder(maxDepth);
    int size = encoder.encode(value, scratch);
    byte[] bytes = encoder.bytes();
    if (bytes != scratch && bytes.length <= MAX_KEPT_SCRATCH) {
      SCRATCH.set(bytes);
    }
    return Arrays.copyOf(bytes, size);
  }

  /**
   * Encodes {@code value} (validating it) so that its size is known before it is placed.
   *
   * @throws ValueRejectedException when the value cannot be encoded (a lone surrogate in a string,
   *     nesting deeper than {@link VarLimits#DEFAULT}'s depth or a cycle, more than 2 GB)
   */
  public static WireEncoding prepare(Var value) {
    return prepare(value, VarLimits.DEFAULT);
  }

  /** As {@link #prepare(Var)}, refusing values nested deeper than {@code limits.maxDepth()}. */
  public static WireEncoding prepare(Var value, VarLimits limits) {
    byte[] bytes = encode(value, limits.maxDepth());
    return new WireEncoding(bytes, bytes.length);
  }

  /** The encoded size of {@code value} in bytes. */
  public static int encodedSize(Var value) {
    return prepare(value).size();
  }

  /**
   * Encodes {@code value} straight into {@code dst[offset, offset + length)}, with no intermediate
   * copy: the transport path into a ring slot whose free space is known.
   *
   * @return the number of bytes written, or -1 when the document needs more than {@code length}
   *     bytes (the region's contents are then unspecified; {@link #prepare} tells the size)
   * @throws ValueRejectedException when the value cannot be encoded
   */
  public static int encodeInto(Var value, byte[] dst, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, dst.length);
    return new WireEncoder(VarLimits.DEFAULT.maxDepth())
        .encodeInto(Objects.requireNonNull(value, "value"), dst, offset, length);
  }

  /**
   * Encodes {@code value} at {@code dst}'s position and advances it past the document. A heap buffer
   * is written in place; a direct one receives one bulk copy.
   *
   * @return the number of bytes written, or -1 (position unchanged) when they do not fit
   */
  public static int encodeInto(Var value, ByteBuffer dst) {
    int n;
    if (dst.hasArray() && !dst.isReadOnly()) {
      n = encodeInto(value, dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
    } else {
      WireEncoding e = prepare(value);
      n = e.size() <= dst.remaining() ? e.size() : -1;
      if (n >= 0) {
        e.writeTo(dst.duplicate());
      }
    }
    if (n >= 0) {
      dst.position(dst.position() + n);
    }
    return n;
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
   * Decodes the document that fills {@code document}, which may be memory another process writes
   * at the same time (a shared ring): every byte is read from it once, so what is decoded is one
   * consistent document, and the bodies of large byte strings are copied straight into their
   * buffers (one copy instead of two). Error offsets past such a buffer do not count its bytes.
   *
   * @throws WireFormatException for any input that is not a valid document within {@code limits}
   */
  public static Var decode(MemorySegment document, VarLimits limits) {
    Objects.requireNonNull(limits, "limits");
    return new WireDecoder(SegmentDocument.copyOf(document), limits).decodeDocument();
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
