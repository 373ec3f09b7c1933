package dev.pepperjack.bridge.internal;

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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Two-pass writer of wire-format v1: {@link #measure} validates the value, finds the buffers it
 * holds more than once and computes the exact size; {@link #write} then fills a region of that size.
 * Sizing first lets a transport write straight into a ring slot, with no intermediate copy.
 */
public final class WireEncoder {
  private static final VarHandle SHORT_BE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final byte[] HEADER = {(byte) 0xda, 0x00, 0x50, 0x4a, 0x01};
  private static final long MAX_SIZE = Integer.MAX_VALUE - 16;

  private final int maxDepth;

  // Path of the node being measured, kept as arrays so the happy path allocates nothing for it.
  private String[] pathKeys = new String[16];
  private int[] pathIndex = new int[16];

  // Buffers seen while measuring: the first one alone, then a map once there is a second.
  private ArrayBufferVar soleBuffer;
  private int soleCount;
  private IdentityHashMap<ArrayBufferVar, int[]> bufferCounts;

  /** Buffers written more than once, to their tag-28 index ({@code -1} until written); or null. */
  private IdentityHashMap<ArrayBufferVar, int[]> shared;
  private int nextShared;

  // Write state.
  private byte[] out;
  private int pos;
  private int limit;

  public WireEncoder(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  /** Validates {@code value} and returns its encoded size. */
  public int measure(Var value) {
    long size = HEADER.length + size(value, 0);
    if (findShared()) {
      resetShared();
      size = HEADER.length + size(value, 0);
    }
    if (size > MAX_SIZE) {
      throw new ValueRejectedException("$", "encoded value larger than " + MAX_SIZE + " bytes");
    }
    return (int) size;
  }

  /** Writes {@code value}, measured before, into {@code dst[offset, offset + size)}. */
  public void write(Var value, byte[] dst, int offset, int size) {
    out = dst;
    pos = offset;
    limit = offset + size;
    resetShared();
    try {
      ensure(HEADER.length);
      System.arraycopy(HEADER, 0, dst, pos, HEADER.length);
      pos += HEADER.length;
      put(value);
      if (pos != limit) {
        throw changed();
      }
    } finally {
      out = null;
    }
  }

  // ---------------------------------------------------------------- measuring

  private long size(Var v, int depth) {
    return switch (v) {
      case NullVar n -> 1;
      case BoolVar x -> 1;
      case IntVar x -> headSize(x.value() >= 0 ? x.value() : ~(long) x.value());
      case LongVar x -> 9;
      case DoubleVar x -> 9;
      case StringVar s -> {
        long n = utf8Length(s.value(), depth);
        yield headSize(n) + n;
      }
      case ArrayVar a -> {
        enter(depth);
        int n = a.size();
        long total = headSize(n);
        for (int i = 0; i < n; i++) {
          pathKeys[depth] = null;
          pathIndex[depth] = i;
          total += size(a.get(i), depth + 1);
        }
        yield total;
      }
      case Dictionary d -> {
        enter(depth);
        long total = headSize(d.size());
        for (Map.Entry<String, Var> e : d.entries().entrySet()) {
          pathKeys[depth] = e.getKey();
          long k = utf8Length(e.getKey(), depth + 1);
          total += headSize(k) + k + size(e.getValue(), depth + 1);
        }
        yield total;
      }
      case ArrayBufferVar buf -> bufferSize(buf);
      case TypedArrayVar t -> {
        if (isPlain(t)) {
          yield 2 + bufferSize(t.buffer());
        }
        yield 6 + headSize(t.kind().ordinal()) + headSize(t.byteOffset()) + headSize(t.length())
            + bufferSize(t.buffer());
      }
    };
  }

  private long bufferSize(ArrayBufferVar buf) {
    long n = buf.byteLength();
    if (shared == null) {
      countBuffer(buf);
      return headSize(n) + n;
    }
    int[] index = shared.get(buf);
    if (index == null) {
      return headSize(n) + n;
    }
    if (index[0] < 0) {
      index[0] = nextShared++;
      return 2 + headSize(n) + n;
    }
    return 2 + headSize(index[0]);
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

  private void resetShared() {
    nextShared = 0;
    if (shared != null) {
      for (int[] index : shared.values()) {
        index[0] = -1;
      }
    }
  }

  private boolean isPlain(TypedArrayVar t) {
    return t.kind() != ViewKind.DATA_VIEW
        && t.byteOffset() == 0
        && t.byteLength() == t.buffer().byteLength()
        && (shared == null || !shared.containsKey(t.buffer()));
  }

  private void enter(int depth) {
    if (depth >= maxDepth) {
      throw new ValueRejectedException(path(depth),
          "nested deeper than " + maxDepth + " levels (or a reference cycle)");
    }
    if (depth == pathKeys.length) {
      pathKeys = java.util.Arrays.copyOf(pathKeys, depth * 2);
      pathIndex = java.util.Arrays.copyOf(pathIndex, depth * 2);
    }
  }

  /** The UTF-8 length of {@code s}, refusing lone surrogates (they have no UTF-8 form). */
  private long utf8Length(String s, int depth) {
    int n = s.length();
    long len = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        len += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 2;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new ValueRejectedException(path(depth),
            "string holds a lone surrogate at index " + i + " (not encodable as UTF-8)");
      } else {
        len += 2;
      }
    }
    return len;
  }

  private String path(int depth) {
    VarPath p = VarPath.ROOT;
    for (int i = 0; i < depth; i++) {
      p = pathKeys[i] != null ? p.key(pathKeys[i]) : p.index(pathIndex[i]);
    }
    return p.toString();
  }

  private static int headSize(long arg) {
    if (arg < 24) {
      return 1;
    }
    if (arg < 0x100) {
      return 2;
    }
    if (arg < 0x10000) {
      return 3;
    }
    return arg <= 0xffff_ffffL ? 5 : 9;
  }

  // ---------------------------------------------------------------- writing

  private void put(Var v) {
    switch (v) {
      case NullVar n -> putByte(n == NullVar.NULL ? 0xf6 : 0xf7);
      case BoolVar x -> putByte(x.value() ? 0xf5 : 0xf4);
      case IntVar x -> {
        int i = x.value();
        if (i >= 0) {
          putHead(0, i);
        } else {
          putHead(1, ~(long) i);
        }
      }
      case LongVar x -> {
        long l = x.value();
        ensure(9);
        out[pos] = (byte) (l >= 0 ? 0x1b : 0x3b);
        LONG_BE.set(out, pos + 1, l >= 0 ? l : ~l);
        pos += 9;
      }
      case DoubleVar x -> {
        ensure(9);
        out[pos] = (byte) 0xfb;
        LONG_BE.set(out, pos + 1, Double.doubleToRawLongBits(x.value()));
        pos += 9;
      }
      case StringVar s -> putText(s.value());
      case ArrayVar a -> {
        int n = a.size();
        putHead(4, n);
        for (int i = 0; i < n; i++) {
          put(a.get(i));
        }
      }
      case Dictionary d -> {
        putHead(5, d.size());
        for (Map.Entry<String, Var> e : d.entries().entrySet()) {
          putText(e.getKey());
          put(e.getValue());
        }
      }
      case ArrayBufferVar buf -> putBuffer(buf);
      case TypedArrayVar t -> {
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
  }

  private void putBuffer(ArrayBufferVar buf) {
    if (shared != null) {
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

  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) is an array copy for Latin-1
  private void putText(String s) {
    int n = s.length();
    int ascii = 0;
    while (ascii < n && s.charAt(ascii) < 0x80) {
      ascii++;
    }
    if (ascii == n) {
      putHead(3, n);
      ensure(n);
      s.getBytes(0, n, out, pos);
      pos += n;
      return;
    }
    long len = ascii;
    for (int i = ascii; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        len += 1;
      } else if (c < 0x800) {
        len += 2;
      } else if (Character.isHighSurrogate(c)) {
        len += 4;
        i++;
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
    if (n > limit - pos) {
      throw changed();
    }
  }

  private static IllegalStateException changed() {
    return new IllegalStateException("value changed between prepare and write");
  }
}
