package dev.pepperjack.bridge.wire;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.BoolVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.LongVar;
import dev.pepperjack.bridge.NullVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.TypedArrayVar;
import dev.pepperjack.bridge.ValueRejectedException;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarPath;
import dev.pepperjack.bridge.ViewKind;
import dev.pepperjack.bridge.ContainerStorage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writer of wire-format v1 into a growable array, in one pass for the usual value. Buffers are
 * written as if unshared while their occurrences are counted; only when some buffer turned up twice
 * is the value written again, with tags 28/29 (sharing needs to be known at a buffer's first
 * occurrence). The result's size is then known, so a transport can reserve exactly that much.
 */
final class WireEncoder {
  private static final VarHandle SHORT_BE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final byte[] HEADER = {(byte) 0xda, 0x00, 0x50, 0x4a, 0x01};
  private static final int MAX_SIZE = Integer.MAX_VALUE - 16;

  private final int maxDepth;

  // Buffers seen while writing unshared: the first one alone, then a map once there is a second.
  private ArrayBufferVar soleBuffer;
  private int soleCount;
  private IdentityHashMap<ArrayBufferVar, int[]> bufferCounts;

  /** Buffers occurring more than once, to their tag-28 index ({@code -1} until written); or null. */
  private IdentityHashMap<ArrayBufferVar, int[]> shared;
  private int nextShared;

  private byte[] out;
  private int pos;
  private int base;
  /** End of the caller's region, or -1 when {@link #out} is ours and grows. */
  private int limit = -1;
  /** Where writing must stop: {@link #limit}, or the end of {@link #out} when that grows. */
  private int capacity;

  /** Thrown inside a fixed region that is too small; caught in {@link #encodeInto}. */
  private static final class RegionFull extends RuntimeException {
    RegionFull() {
      super(null, null, false, false);
    }
  }

  private static final RegionFull REGION_FULL = new RegionFull();

  /**
   * A value that cannot be encoded, on its way up: each container it passes through adds its key or
   * index, so the happy path keeps no path at all; {@link #writeDocument} turns it into a
   * {@link ValueRejectedException} naming the place.
   */
  private static final class Rejected extends RuntimeException {
    private final ArrayList<Object> innermostFirst = new ArrayList<>();

    Rejected(String reason) {
      super(reason, null, false, false);
    }

    Rejected in(Object keyOrIndex) {
      innermostFirst.add(keyOrIndex);
      return this;
    }

    ValueRejectedException withPath() {
      VarPath p = VarPath.ROOT;
      for (int i = innermostFirst.size() - 1; i >= 0; i--) {
        p = innermostFirst.get(i) instanceof String key
            ? p.key(key) : p.index((Integer) innermostFirst.get(i));
      }
      return new ValueRejectedException(p.toString(), getMessage());
    }
  }

  public WireEncoder(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  /**
   * Encodes {@code value} into this encoder's array, validating it.
   *
   * @return the document's size; the bytes are {@link #bytes()}{@code [0, size)}
   */
  public int encode(Var value, int sizeHint) {
    return encode(value, new byte[Math.max(64, sizeHint)]);
  }

  /**
   * As {@link #encode(Var, int)}, starting in {@code scratch} (a reused array); {@link #bytes()} is
   * {@code scratch} itself unless the document needed a larger array.
   */
  public int encode(Var value, byte[] scratch) {
    out = scratch;
    base = 0;
    limit = -1;
    capacity = scratch.length;
    writeDocument(value);
    if (findShared()) {
      writeDocument(value);
    }
    return pos;
  }

  /**
   * Encodes {@code value} straight into {@code dst[offset, offset + length)}.
   *
   * @return the document's size, or -1 when it needs more than {@code length} bytes (the region's
   *     contents are then unspecified)
   */
  public int encodeInto(Var value, byte[] dst, int offset, int length) {
    out = dst;
    base = offset;
    limit = offset + length;
    capacity = limit;
    try {
      writeDocument(value);
      if (findShared()) {
        writeDocument(value);
      }
      return pos - base;
    } catch (RegionFull full) {
      // The unshared first pass can be longer than the final document: retry in our own array.
      resetCounts();
      int size = encode(value, length);
      if (size > length) {
        return -1;
      }
      System.arraycopy(out, 0, dst, offset, size);
      return size;
    } finally {
      out = null;
    }
  }

  private void resetCounts() {
    soleBuffer = null;
    soleCount = 0;
    bufferCounts = null;
    shared = null;
  }

  /** The array holding the document written last (it may be longer than the document). */
  public byte[] bytes() {
    return out;
  }

  private void writeDocument(Var value) {
    pos = base;
    nextShared = 0;
    ensure(HEADER.length);
    System.arraycopy(HEADER, 0, out, pos, HEADER.length);
    pos += HEADER.length;
    try {
      put(value, 0);
    } catch (Rejected r) {
      throw r.withPath();
    }
  }

  // Small enough to be inlined into the container loops (a hot method is not inlined past 325
  // bytes of bytecode), with the kinds in order of frequency: an instanceof of a final class is
  // one compare, cheaper here than a type-pattern switch. Takes Object because the containers
  // hand out their storage untyped; a cast to the Var interface would cost a subtype check.
  private void put(Object v, int depth) {
    if (v instanceof StringVar s) {
      putText(s.value());
    } else if (v instanceof IntVar x) {
      putInt(x.value());
    } else if (v instanceof DoubleVar x) {
      putDouble(x.value());
    } else if (v instanceof Dictionary d) {
      putDictionary(d, depth);
    } else if (v instanceof ArrayVar a) {
      putArray(a, depth);
    } else {
      putOther(v);
    }
  }

  private void putInt(int i) {
    if (i >= 0) {
      putHead(0, i);
    } else {
      putHead(1, ~(long) i);
    }
  }

  private void putDouble(double d) {
    ensure(9);
    out[pos] = (byte) 0xfb;
    LONG_BE.set(out, pos + 1, Double.doubleToRawLongBits(d));
    pos += 9;
  }

  private void putDictionary(Dictionary d, int depth) {
    enter(depth);
    int n = d.size();
    Object[] entries = ContainerStorage.entries(d);
    putHead(5, n);
    for (int i = 0; i < n; i++) {
      String key = (String) entries[2 * i];
      try {
        putText(key);
        put(entries[2 * i + 1], depth + 1);
      } catch (Rejected r) {
        throw r.in(key);
      }
    }
  }

  private void putArray(ArrayVar a, int depth) {
    enter(depth);
    int n = a.size();
    Var[] elements = ContainerStorage.elements(a);
    putHead(4, n);
    for (int i = 0; i < n; i++) {
      try {
        put(elements[i], depth + 1);
      } catch (Rejected r) {
        throw r.in(i);
      }
    }
  }

  private void putOther(Object v) {
    if (v instanceof BoolVar x) {
      putByte(x.value() ? 0xf5 : 0xf4);
    } else if (v instanceof NullVar n) {
      putByte(n == NullVar.NULL ? 0xf6 : 0xf7);
    } else if (v instanceof LongVar x) {
      long l = x.value();
      ensure(9);
      out[pos] = (byte) (l >= 0 ? 0x1b : 0x3b);
      LONG_BE.set(out, pos + 1, l >= 0 ? l : ~l);
      pos += 9;
    } else if (v instanceof ArrayBufferVar buf) {
      putBuffer(buf);
    } else {
      TypedArrayVar t = (TypedArrayVar) v;
      if (isPlain(t)) {
        putHead(6, WireTags.typedArrayTag(t.kind()));
        putBuffer(t.buffer());
      } else {
        putHead(6, WireTags.VIEW);
        putByte(0x84);
        putHead(0, t.kind().ordinal());
        putHead(0, t.byteOffset());
        putHead(0, t.length());
        putBuffer(t.buffer());
      }
    }
  }

  private boolean isPlain(TypedArrayVar t) {
    return t.kind() != ViewKind.DATA_VIEW
        && t.byteOffset() == 0
        && t.byteLength() == t.buffer().byteLength()
        && (shared == null || !shared.containsKey(t.buffer()));
  }

  private void putBuffer(ArrayBufferVar buf) {
    if (shared == null) {
      countBuffer(buf);
    } else {
      int[] index = shared.get(buf);
      if (index != null) {
        if (index[0] >= 0) {
          putHead(6, WireTags.SHARED_REF);
          putHead(0, index[0]);
          return;
        }
        index[0] = nextShared++;
        putHead(6, WireTags.SHAREABLE);
      }
    }
    byte[] bytes = buf.bytes();
    putHead(2, bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    pos += bytes.length;
  }

  private void countBuffer(ArrayBufferVar buf) {
    if (bufferCounts == null && (soleBuffer == null || soleBuffer == buf)) {
      soleBuffer = buf;
      soleCount++;
      return;
    }
    if (bufferCounts == null) {
      bufferCounts = new IdentityHashMap<>();
      bufferCounts.put(soleBuffer, new int[] {soleCount});
      soleBuffer = null;
    }
    bufferCounts.computeIfAbsent(buf, k -> new int[1])[0]++;
  }

  /** Turns the counts into the shared table; true when some buffer occurs more than once. */
  private boolean findShared() {
    if (bufferCounts == null) {
      if (soleCount < 2) {
        return false;
      }
      shared = new IdentityHashMap<>();
      shared.put(soleBuffer, new int[] {-1});
      return true;
    }
    for (Map.Entry<ArrayBufferVar, int[]> e : bufferCounts.entrySet()) {
      if (e.getValue()[0] > 1) {
        if (shared == null) {
          shared = new IdentityHashMap<>();
        }
        shared.put(e.getKey(), new int[] {-1});
      }
    }
    bufferCounts = null;
    return shared != null;
  }

  private void enter(int depth) {
    if (depth >= maxDepth) {
      throw new Rejected("nested deeper than " + maxDepth + " levels (or a reference cycle)");
    }
  }

  /**
   * Writes a text string; ASCII is the usual case, anything else goes to {@link #putUtf8}. A short
   * one (under 24 characters: a one-byte head) is stored as it is checked, since an array copy
   * call costs more than such a body. A longer one is checked by a loop that only reads, then
   * copied with {@code getBytes} (an array copy for a Latin-1 string, exact for ASCII): there a
   * loop that stored as it checked depended on how the JIT compiled its caller (as fast in JMH,
   * 40% slower in the CPU-time harness, when put() was not yet inlined into the container loops).
   */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) keeps the low byte: exact for ASCII
  private void putText(String s) {
    int n = s.length();
    if (n < 24 && capacity - pos > 24) {
      // Head and body stored as they are checked; a non-ASCII string is written again over them.
      byte[] o = out;
      int p = pos;
      o[p] = (byte) (0x60 | n);
      int bits = 0;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        bits |= c;
        o[p + 1 + i] = (byte) c;
      }
      if (bits < 0x80) {
        pos = p + 1 + n;
        return;
      }
      putUtf8(s, 0);
      return;
    }
    int bits = 0;
    for (int i = 0; i < n; i++) {
      bits |= s.charAt(i);
    }
    if (bits >= 0x80) {
      putUtf8(s, 0);
      return;
    }
    putHead(3, n);
    ensure(n);
    s.getBytes(0, n, out, pos);
    pos += n;
  }

  /** Writes {@code s}, whose first {@code ascii} characters are ASCII, as UTF-8. */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) is an array copy for Latin-1
  private void putUtf8(String s, int ascii) {
    int n = s.length();
    long len = ascii;
    for (int i = ascii; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        len += 1;
      } else if (c < 0x800) {
        len += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new Rejected(
            "string holds a lone surrogate at index " + i + " (not encodable as UTF-8)");
      } else {
        len += 3;
      }
    }
    putHead(3, len);
    ensure(len);
    byte[] o = out;
    int p = pos;
    s.getBytes(0, ascii, o, p);
    p += ascii;
    for (int i = ascii; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        o[p++] = (byte) c;
      } else if (c < 0x800) {
        o[p++] = (byte) (0xc0 | (c >> 6));
        o[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        o[p++] = (byte) (0xf0 | (cp >> 18));
        o[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        o[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        o[p++] = (byte) (0x80 | (cp & 0x3f));
      } else {
        o[p++] = (byte) (0xe0 | (c >> 12));
        o[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        o[p++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    pos = p;
  }

  private void putHead(int major, long arg) {
    int mt = major << 5;
    if (arg < 24) {
      ensure(1);
      out[pos++] = (byte) (mt | arg);
    } else if (arg < 0x100) {
      ensure(2);
      out[pos] = (byte) (mt | 24);
      out[pos + 1] = (byte) arg;
      pos += 2;
    } else if (arg < 0x10000) {
      ensure(3);
      out[pos] = (byte) (mt | 25);
      SHORT_BE.set(out, pos + 1, (short) arg);
      pos += 3;
    } else if (arg <= 0xffff_ffffL) {
      ensure(5);
      out[pos] = (byte) (mt | 26);
      INT_BE.set(out, pos + 1, (int) arg);
      pos += 5;
    } else {
      ensure(9);
      out[pos] = (byte) (mt | 27);
      LONG_BE.set(out, pos + 1, arg);
      pos += 9;
    }
  }

  private void putByte(int value) {
    ensure(1);
    out[pos++] = (byte) value;
  }

  private void ensure(long n) {
    if (n > capacity - pos) {
      makeRoom(n);
    }
  }

  private void makeRoom(long n) {
    if (limit >= 0) {
      throw REGION_FULL;
    }
    grow(n);
  }

  private void grow(long n) {
    long need = pos + n;
    if (need > MAX_SIZE) {
      throw new ValueRejectedException("$", "encoded value larger than " + MAX_SIZE + " bytes");
    }
    out = Arrays.copyOf(out, (int) Math.min(MAX_SIZE, Math.max(need, 2L * out.length)));
    capacity = out.length;
  }
}
