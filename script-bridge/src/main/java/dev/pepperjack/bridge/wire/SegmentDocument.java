package dev.pepperjack.bridge.wire;

import dev.pepperjack.bridge.ArrayBufferVar;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A document taken out of memory that another process may be writing while we read (a shared ring).
 * Each byte is read from there exactly once: the document's structure is copied into a private
 * array, which is all the decoder ever parses, and every large byte string is copied straight into
 * the array that becomes its buffer, so that bulk data crosses memory once instead of twice.
 *
 * <p>This walk only follows item heads to find the byte strings; it validates nothing. Whatever it
 * does not understand (indefinite lengths, reserved heads, counts beyond the input) ends the walk
 * and the rest is copied as is, for the decoder to judge.
 */
final class SegmentDocument {
  /** Byte strings at least this long are copied straight into their own arrays. */
  static final int BULK = 4096;
  private static final int MAX_KEPT_SCRATCH = 1 << 16;
  private static final int[] NO_POSITIONS = new int[0];
  private static final byte[][] NO_BODIES = new byte[0][];
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

  /** The document with the bodies of bulk byte strings left out: {@code structure[0, size)}. */
  final byte[] structure;
  final int size;
  /** Where each bulk body would start in {@link #structure}, in document order. */
  final int[] bulkAt;
  final byte[][] bulk;
  final int bulkCount;

  private SegmentDocument(byte[] structure, int size, int[] bulkAt, byte[][] bulk, int bulkCount) {
    this.structure = structure;
    this.size = size;
    this.bulkAt = bulkAt;
    this.bulk = bulk;
    this.bulkCount = bulkCount;
  }

  static SegmentDocument copyOf(MemorySegment src) {
    long end = src.byteSize();
    if (end > Integer.MAX_VALUE - 16) {
      throw new WireFormatException(WireError.LIMIT_BYTES, 0, "document of " + end + " bytes");
    }
    byte[] out = SCRATCH.get();
    int w = 0;
    long s = 0;
    int[] bulkAt = NO_POSITIONS;
    byte[][] bulk = NO_BODIES;
    int bulkCount = 0;
    // Items still to walk (containers add their members); none when no bulk string can fit.
    long pending = end < BULK ? 0 : 1;
    while (pending > 0 && s < end) {
      pending--;
      int ib = src.get(ValueLayout.JAVA_BYTE, s) & 0xff;
      int ai = ib & 31;
      int width = ai < 24 ? 0 : ai <= 27 ? 1 << (ai - 24) : -1;
      if (width < 0 || end - s < 1 + width) {
        break; // indefinite, reserved or truncated: copied below as is
      }
      out = ensure(out, w, 1 + width);
      MemorySegment.copy(src, ValueLayout.JAVA_BYTE, s, out, w, 1 + width);
      long arg = ai < 24 ? ai : argument(out, w + 1, width);
      w += 1 + width;
      s += 1 + width;
      int major = ib >>> 5;
      if (major == 2 || major == 3) {
        if (arg < 0 || arg > end - s) {
          break;
        }
        int len = (int) arg;
        if (major == 2 && len >= BULK) {
          // A recycled array where a released buffer left one (fresh memory costs page faults).
          byte[] body = ArrayBufferVar.copyOf(src.asSlice(s, len)).bytes();
          if (bulkCount == bulk.length) {
            bulk = Arrays.copyOf(bulk, Math.max(4, bulkCount * 2));
            bulkAt = Arrays.copyOf(bulkAt, bulk.length);
          }
          bulkAt[bulkCount] = w;
          bulk[bulkCount++] = body;
        } else {
          out = ensure(out, w, len);
          MemorySegment.copy(src, ValueLayout.JAVA_BYTE, s, out, w, len);
          w += len;
        }
        s += len;
      } else if (major == 4 || major == 5 || major == 6) {
        if (major != 6 && (arg < 0 || arg > end - s)) {
          break;
        }
        pending += major == 6 ? 1 : major == 5 ? 2 * arg : arg;
        if (pending > end - s) {
          break; // every item takes at least a byte: the input ends first
        }
      }
    }
    int rest = (int) (end - s);
    out = ensure(out, w, rest);
    MemorySegment.copy(src, ValueLayout.JAVA_BYTE, s, out, w, rest);
    w += rest;
    if (out.length <= MAX_KEPT_SCRATCH) {
      SCRATCH.set(out);
    } else {
      SCRATCH.remove();
    }
    return new SegmentDocument(out, w, bulkAt, bulk, bulkCount);
  }

  private static long argument(byte[] b, int at, int width) {
    long v = 0;
    for (int i = 0; i < width; i++) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }

  private static byte[] ensure(byte[] out, int used, int more) {
    long need = (long) used + more;
    if (need <= out.length) {
      return out;
    }
    return Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * out.length)));
  }
}
