package dev.pepperjack.bridge.wire;

import static dev.pepperjack.bridge.wire.WireError.BAD_KEY;
import static dev.pepperjack.bridge.wire.WireError.BAD_REFERENCE;
import static dev.pepperjack.bridge.wire.WireError.BAD_VIEW;
import static dev.pepperjack.bridge.wire.WireError.DUPLICATE_KEY;
import static dev.pepperjack.bridge.wire.WireError.INDEFINITE_LENGTH;
import static dev.pepperjack.bridge.wire.WireError.INT_OUT_OF_RANGE;
import static dev.pepperjack.bridge.wire.WireError.INVALID_UTF8;
import static dev.pepperjack.bridge.wire.WireError.LIMIT_BYTES;
import static dev.pepperjack.bridge.wire.WireError.LIMIT_DEPTH;
import static dev.pepperjack.bridge.wire.WireError.LIMIT_ELEMENTS;
import static dev.pepperjack.bridge.wire.WireError.MALFORMED_HEAD;
import static dev.pepperjack.bridge.wire.WireError.NOT_A_DOCUMENT;
import static dev.pepperjack.bridge.wire.WireError.TRAILING_BYTES;
import static dev.pepperjack.bridge.wire.WireError.TRUNCATED;
import static dev.pepperjack.bridge.wire.WireError.UNSUPPORTED_ITEM;
import static dev.pepperjack.bridge.wire.WireError.UNSUPPORTED_VERSION;

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
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.ViewKind;
import dev.pepperjack.bridge.ContainerStorage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One-shot reader of a wire-format v1 document over a byte array. Mirrors {@code pj_var.c} check for
 * check (docs/wire-format.md, section 5): change one, change both and the shared fixtures.
 */
final class WireDecoder {
  private static final VarHandle SHORT_BE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_NATIVE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

  /**
   * Recently decoded short ASCII strings, keys and values alike, shared by all decoders: messages
   * repeat their keys and many of their short values (types, names, enums), and reusing the
   * immutable StringVar saves three allocations a string. Racy on purpose: a slot holds an immutable
   * entry or null, and a lost update only costs a miss.
   */
  private static final CachedString[] STRINGS = new CachedString[1024];
  private static final int MAX_CACHED_LENGTH = 32;

  /** Dictionaries up to this many entries skip the per-key index (see {@link #dictionary}). */
  private static final int SMALL_DICTIONARY = 16;
  private static final int HASH_BITS = 0x9E37_79B9;

  private static final ViewKind[] KINDS = ViewKind.values();
  private static final int NODE_BYTES = 8;

  private final byte[] b;
  private final int base;
  private final int end;
  private final int maxDepth;
  private final long maxBytes;
  private final long maxElements;
  private int pos;
  private long bytes;
  /**
   * False when the document is too small to reach {@link #maxBytes}: every item charges at most 8
   * bytes per byte it occupies (a one-byte item is charged a node of 8; a string 8 + 2 per byte of
   * its body; a buffer 8 + its length), so a document of at most maxBytes / 8 bytes never fails the
   * limit, and its running total, a chain of dependent stores, is then not kept. A segment's bulk
   * bodies are not in its structure bytes, so there it is always kept.
   */
  private final boolean countBytes;
  private long elements;
  /** The argument of the head read last. */
  private long arg;
  private ArrayBufferVar[] shared;
  private int sharedCount;
  /** Bulk byte strings copied out beforehand, or null; {@link #nextBulk} is the next one due. */
  private final SegmentDocument segment;
  private int nextBulk;

  public WireDecoder(byte[] b, int from, int to, VarLimits limits) {
    this(b, from, to, limits, null);
  }

  /** Decodes {@code doc.structure}, taking bulk byte strings from {@code doc} as they come. */
  WireDecoder(SegmentDocument doc, VarLimits limits) {
    this(doc.structure, 0, doc.size, limits, doc);
  }

  private WireDecoder(byte[] b, int from, int to, VarLimits limits, SegmentDocument segment) {
    this.segment = segment;
    this.b = b;
    this.base = from;
    this.pos = from;
    this.end = to;
    this.maxDepth = limits.maxDepth();
    this.maxBytes = limits.maxTotalBytes();
    this.maxElements = limits.maxElements();
    this.countBytes = segment != null || (long) NODE_BYTES * (to - from) > maxBytes;
  }

  public Var decodeDocument() {
    try {
      header();
      Var v = value(0);
      if (pos != end) {
        throw fail(TRAILING_BYTES, pos, (end - pos) + " bytes after the value");
      }
      return v;
    } catch (StackOverflowError e) {
      // Only reachable when maxDepth is set beyond what this thread's stack can hold.
      throw new WireFormatException(LIMIT_DEPTH, pos - base,
          "nesting too deep for this thread's stack");
    }
  }

  private void header() {
    int n = Math.min(end - pos, 4);
    for (int i = 0; i < n; i++) {
      if (b[pos + i] != MAGIC[i]) {
        throw fail(NOT_A_DOCUMENT, pos, "not a Pepperjack wire document");
      }
    }
    if (end - pos < 5) {
      throw fail(TRUNCATED, pos, "input ends inside the document header");
    }
    int version = b[pos + 4] & 0xff;
    if (version != WireTags.VERSION) {
      throw fail(UNSUPPORTED_VERSION, pos, "unsupported wire version " + version);
    }
    pos += 5;
  }

  private static final byte[] MAGIC = {(byte) 0xda, 0x00, 0x50, 0x4a};

  /** Reads the head at {@code pos}; returns its initial byte and leaves its argument in {@link #arg}. */
  private int head(int start) {
    if (start >= end) {
      throw itemExpected(start);
    }
    int ib = b[start] & 0xff;
    int ai = ib & 31;
    if (ai < 24) {
      arg = ai;
      pos = start + 1;
      return ib;
    }
    return wideHead(start, ib, ai);
  }

  // The hot paths stay small enough for the JIT to inline: wide heads and every failure, with its
  // message building, live in methods of their own.
  private int wideHead(int start, int ib, int ai) {
    int p = start + 1;
    if (ai <= 27) {
      int width = 1 << (ai - 24);
      if (end - p < width) {
        throw fail(TRUNCATED, start, "input ends inside an item's head");
      }
      arg = switch (ai) {
        case 24 -> b[p] & 0xffL;
        case 25 -> (short) SHORT_BE.get(b, p) & 0xffffL;
        case 26 -> (int) INT_BE.get(b, p) & 0xffff_ffffL;
        default -> (long) LONG_BE.get(b, p);
      };
      p += width;
    } else if (ai < 31) {
      throw fail(MALFORMED_HEAD, start, "reserved additional information " + ai);
    } else {
      throw fail(INDEFINITE_LENGTH, start,
          ib == 0xff ? "unexpected break byte" : "indefinite-length item");
    }
    pos = p;
    return ib;
  }

  // Small enough to be inlined into the container loops; the rarer kinds go through other(). Each
  // kind charges its node where pj_var.c does, after its own checks.
  private Var value(int depth) {
    int start = pos;
    if (start < end && b[start] == (byte) 0xfb) {
      return float64(start);
    }
    int ib = head(start);
    switch (ib >>> 5) {
      case 0 -> {
        if (ib != 0x1b && arg <= Integer.MAX_VALUE) {
          charge(NODE_BYTES, start);
          return IntVar.of((int) arg);
        }
        return other(start, ib, depth);
      }
      case 3 -> {
        charge(NODE_BYTES, start);
        return string(start);
      }
      case 4 -> {
        charge(NODE_BYTES, start);
        return array(count(start, depth, 1), depth);
      }
      case 5 -> {
        charge(NODE_BYTES, start);
        return dictionary(count(start, depth, 2), depth);
      }
      default -> {
        return other(start, ib, depth);
      }
    }
  }

  /** A double (0xfb and 8 bytes), the usual number that is not a small integer: no wide head. */
  private DoubleVar float64(int start) {
    if (end - start < 9) {
      throw fail(TRUNCATED, start, "input ends inside an item's head");
    }
    long bits = (long) LONG_BE.get(b, start + 1);
    pos = start + 9;
    charge(NODE_BYTES, start);
    return new DoubleVar(Double.longBitsToDouble(bits));
  }

  /** Wide and negative integers, byte strings, tags and simple values. */
  private Var other(int start, int ib, int depth) {
    int ai = ib & 31;
    switch (ib >>> 5) {
      case 0 -> {
        if (ai == 27) {
          if (arg < 0) {
            throw fail(INT_OUT_OF_RANGE, start, "unsigned integer above int64");
          }
          charge(NODE_BYTES, start);
          return new LongVar(arg);
        }
        charge(NODE_BYTES, start);
        return arg <= Integer.MAX_VALUE ? IntVar.of((int) arg) : new LongVar(arg);
      }
      case 1 -> {
        if (ai == 27) {
          if (arg < 0) {
            throw fail(INT_OUT_OF_RANGE, start, "negative integer below int64");
          }
          charge(NODE_BYTES, start);
          return new LongVar(-1 - arg);
        }
        charge(NODE_BYTES, start);
        return arg <= Integer.MAX_VALUE ? IntVar.of((int) (-1 - arg)) : new LongVar(-1 - arg);
      }
      case 2 -> {
        charge(NODE_BYTES, start);
        return ArrayBufferVar.wrap(byteStringBody(start));
      }
      case 6 -> {
        return tagged(start, arg);
      }
      default -> {
        return simple(start, ai);
      }
    }
  }

  private Var simple(int start, int ai) {
    Var v = switch (ai) {
      case 20 -> BoolVar.FALSE;
      case 21 -> BoolVar.TRUE;
      case 22 -> NullVar.NULL;
      case 23 -> NullVar.UNDEFINED;
      case 25 -> new DoubleVar(Float.float16ToFloat((short) arg));
      case 26 -> new DoubleVar(Float.intBitsToFloat((int) arg));
      case 27 -> new DoubleVar(Double.longBitsToDouble(arg));
      default -> throw fail(UNSUPPORTED_ITEM, start, "unsupported simple value");
    };
    charge(NODE_BYTES, start);
    return v;
  }

  /** Checks a container's depth and count; {@code perEntry} is 2 for maps (key and value). */
  private int count(int start, int depth, int perEntry) {
    long n = arg;
    if (depth >= maxDepth || n < 0 || n > (end - pos) / perEntry
        || (elements += n) > maxElements) {
      throw countFailure(start, depth, perEntry);
    }
    return (int) n;
  }

  private WireFormatException countFailure(int start, int depth, int perEntry) {
    if (depth >= maxDepth) {
      return fail(LIMIT_DEPTH, start, "nested deeper than " + maxDepth + " levels");
    }
    long n = arg;
    if (n < 0 || n > (end - pos) / perEntry) {
      return fail(TRUNCATED, start, "count " + Long.toUnsignedString(n)
          + " exceeds the " + (end - pos) + " bytes left");
    }
    return fail(LIMIT_ELEMENTS, start, "more than " + maxElements + " elements");
  }

  private ArrayVar array(int n, int depth) {
    if (n == 0) {
      return new ArrayVar();
    }
    Var[] elements = new Var[n];
    for (int i = 0; i < n; i++) {
      elements[i] = value(depth + 1);
    }
    return ContainerStorage.adoptElements(elements);
  }

  /**
   * Reads {@code n} entries straight into the dictionary's storage. Duplicates are found without
   * comparing every pair: each key sets one of 64 bits chosen by its hash, and only a key whose bit
   * is set already is compared with the keys before it. Past {@link #SMALL_DICTIONARY} entries, where
   * those comparisons would grow with the square of the count, the dictionary's own index does it.
   * A duplicate is reported once the whole dictionary has been read, as pj_var.c does.
   */
  private Dictionary dictionary(int n, int depth) {
    if (n > SMALL_DICTIONARY) {
      return largeDictionary(n, depth);
    }
    if (n == 0) {
      return new Dictionary();
    }
    Object[] entries = new Object[2 * n];
    long seen = 0;
    int duplicateAt = -1;
    for (int i = 0; i < n; i++) {
      int keyStart = pos;
      String key;
      int hash;
      CachedString c = cachedKey(keyStart);
      if (c != null) {
        key = c.text();
        hash = c.hash();
      } else {
        key = text(keyStart);
        hash = key.hashCode();
      }
      long bit = 1L << ((hash * HASH_BITS) >>> 26);
      if ((seen & bit) != 0 && duplicateAt < 0 && isKeyAmong(key, entries, i)) {
        duplicateAt = keyStart;
      }
      seen |= bit;
      entries[2 * i] = key;
      entries[2 * i + 1] = value(depth + 1);
    }
    if (duplicateAt >= 0) {
      throw fail(DUPLICATE_KEY, duplicateAt, "duplicate dictionary key");
    }
    return ContainerStorage.adoptEntries(entries, n);
  }

  private static boolean isKeyAmong(String key, Object[] entries, int count) {
    for (int i = 0; i < count; i++) {
      if (key.equals(entries[2 * i])) {
        return true;
      }
    }
    return false;
  }

  private Dictionary largeDictionary(int n, int depth) {
    Dictionary d = new Dictionary(n);
    int duplicateAt = -1;
    for (int i = 0; i < n; i++) {
      int keyStart = pos;
      CachedString c = cachedKey(keyStart);
      String key = c != null ? c.text() : text(keyStart);
      Var v = value(depth + 1);
      int before = d.size();
      d.put(key, v);
      if (d.size() == before && duplicateAt < 0) {
        duplicateAt = keyStart;
      }
    }
    if (duplicateAt >= 0) {
      throw fail(DUPLICATE_KEY, duplicateAt, "duplicate dictionary key");
    }
    return d;
  }

  /**
   * Reads the head of the key at {@code keyStart}; returns the cache entry of a short ASCII key,
   * consumed, or null with only the head consumed ({@link #text} reads the body then).
   */
  private CachedString cachedKey(int keyStart) {
    if (keyStart >= end) {
      throw fail(TRUNCATED, keyStart, "input ends where a key was expected");
    }
    if ((b[keyStart] & 0xff) >>> 5 != 3) {
      throw fail(BAD_KEY, keyStart, "dictionary key is not a text string");
    }
    head(keyStart);
    int len = length(keyStart);
    if (len < 8) {
      return cachedShort(keyStart, len);
    }
    return len <= MAX_CACHED_LENGTH ? cachedLong(keyStart, len) : null;
  }

  /** A text string value whose head (at {@code start}) was just read. */
  private StringVar string(int start) {
    int len = length(start);
    CachedString c = len < 8 ? cachedShort(start, len)
        : len <= MAX_CACHED_LENGTH ? cachedLong(start, len) : null;
    return c != null ? c.string() : new StringVar(text(start));
  }

  // The shared cache of short ASCII strings. An entry is found by the body read as words at fixed
  // offsets for its length, which identify it exactly: a hit costs a few loads and compares, no
  // byte loop. Both lookups return null, with nothing consumed, when the body is not all ASCII,
  // and otherwise consume and charge it. Split by length so that each is small enough to inline.

  /** A body of fewer than 8 bytes: one zero-padded word; an entry of that length has no others. */
  private CachedString cachedShort(int start, int len) {
    int p = pos;
    long w0 = shortBody(p, len);
    if ((w0 & HIGH_BITS) != 0) {
      return null;
    }
    charge(2L * len, start);
    pos = p + len;
    int slot = slot(w0 + len);
    CachedString c = STRINGS[slot];
    if (c != null && c.length() == len && c.w0() == w0) {
      return c;
    }
    return remember(slot, p, len, w0, 0, 0, 0);
  }

  /** A body of 8 to 32 bytes: four words, overlapping when it is shorter than 32 bytes. */
  private CachedString cachedLong(int start, int len) {
    int p = pos;
    int last = len - 8;
    long w0 = (long) LONG_LE.get(b, p);
    long w1 = (long) LONG_LE.get(b, p + Math.min(8, last));
    long w2 = (long) LONG_LE.get(b, p + Math.min(16, last));
    long w3 = (long) LONG_LE.get(b, p + last);
    if (((w0 | w1 | w2 | w3) & HIGH_BITS) != 0) {
      return null;
    }
    charge(2L * len, start);
    pos = p + len;
    // Independent products rather than a chain: the slot load waits on this.
    int slot = slot((w0 ^ w1 * MIX_1 ^ w2 * MIX_2 ^ w3 * MIX_3) + len);
    CachedString c = STRINGS[slot];
    if (c != null && c.length() == len && c.w0() == w0 && c.w1() == w1 && c.w2() == w2
        && c.w3() == w3) {
      return c;
    }
    return remember(slot, p, len, w0, w1, w2, w3);
  }

  private static int slot(long h) {
    return (int) ((h * MIX) >>> 54) & (STRINGS.length - 1);
  }

  private CachedString remember(int slot, int p, int len, long w0, long w1, long w2, long w3) {
    String text = new String(b, p, len, StandardCharsets.ISO_8859_1);
    CachedString c = new CachedString(len, w0, w1, w2, w3, new StringVar(text), text,
        text.hashCode());
    // A plain store: another thread sees null, an older entry or this one, each complete (final
    // fields), and a lost update only costs a later miss.
    STRINGS[slot] = c;
    return c;
  }

  /** The {@code len < 8} bytes at {@code p} as a little-endian word, zero above them. */
  private long shortBody(int p, int len) {
    long mask = (1L << (len << 3)) - 1;
    if (b.length - p >= 8) {
      // Reading past the string (still inside the array) is harmless: the mask drops those bytes.
      return (long) LONG_LE.get(b, p) & mask;
    }
    long w = 0;
    for (int i = len - 1; i >= 0; i--) {
      w = (w << 8) | (b[p + i] & 0xffL);
    }
    return w;
  }

  private static final long MIX = 0x9E37_79B9_7F4A_7C15L;
  private static final long MIX_1 = 0xC2B2_AE3D_27D4_EB4FL;
  private static final long MIX_2 = 0x1656_67B1_9E37_79F9L;
  private static final long MIX_3 = 0xD6E8_FEB8_6659_FD93L;

  /** One cached string: its body as words (see {@link #cachedLong}), both forms, its hash. */
  private record CachedString(int length, long w0, long w1, long w2, long w3, StringVar string,
      String text, int hash) {}

  /** The body of the text string whose head (at {@code start}) was just read. */
  private String text(int start) {
    int len = length(start);
    int p = pos;
    int e = p + len;
    int i = p;
    while (e - i >= 8 && ((long) LONG_NATIVE.get(b, i) & HIGH_BITS) == 0) {
      i += 8;
    }
    while (i < e && b[i] >= 0) {
      i++;
    }
    String s;
    if (i == e) {
      charge(2L * len, start);
      s = new String(b, p, len, StandardCharsets.ISO_8859_1);
    } else {
      s = decodeUtf8(start, p, i, e);
    }
    pos = e;
    return s;
  }

  /** Strict RFC 3629 decoding of {@code b[p, e)}, whose bytes before {@code i} are ASCII. */
  private String decodeUtf8(int start, int p, int i, int e) {
    char[] out = new char[e - p];
    int o = 0;
    for (int k = p; k < i; k++) {
      out[o++] = (char) b[k];
    }
    while (i < e) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        out[o++] = (char) c;
        i++;
        continue;
      }
      int need;
      int cp;
      int lo = 0x80;
      int hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        cp = c & 0x1f;
      } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        cp = c & 0x0f;
        if (c == 0xe0) {
          lo = 0xa0;
        } else if (c == 0xed) {
          hi = 0x9f;
        }
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        cp = c & 0x07;
        if (c == 0xf0) {
          lo = 0x90;
        } else if (c == 0xf4) {
          hi = 0x8f;
        }
      } else {
        throw fail(INVALID_UTF8, start, "invalid UTF-8 lead byte");
      }
      if (e - i <= need) {
        throw fail(INVALID_UTF8, start, "UTF-8 sequence cut short");
      }
      for (int k = 1; k <= need; k++) {
        int cc = b[i + k] & 0xff;
        if (cc < lo || cc > hi) {
          throw fail(INVALID_UTF8, start, "invalid UTF-8 continuation byte");
        }
        lo = 0x80;
        hi = 0xbf;
        cp = (cp << 6) | (cc & 0x3f);
      }
      i += need + 1;
      if (cp >= 0x10000) {
        out[o++] = Character.highSurrogate(cp);
        out[o++] = Character.lowSurrogate(cp);
      } else {
        out[o++] = (char) cp;
      }
    }
    charge(2L * o, start);
    return new String(out, 0, o);
  }

  /** The declared length of the string item just read, checked against the input left. */
  private int length(int start) {
    if (arg < 0 || arg > end - pos) {
      throw lengthFailure(start);
    }
    return (int) arg;
  }

  private WireFormatException lengthFailure(int start) {
    return fail(TRUNCATED, start, "length " + Long.toUnsignedString(arg)
        + " exceeds the " + (end - pos) + " bytes left");
  }

  /** The bytes of the byte string whose head (at {@code start}) was just read, charged as a buffer. */
  private byte[] byteStringBody(int start) {
    if (segment != null && nextBulk < segment.bulkCount && segment.bulkAt[nextBulk] == pos) {
      byte[] body = segment.bulk[nextBulk++];
      if (arg != body.length) {
        throw fail(MALFORMED_HEAD, start, "byte string length disagrees with its copied body");
      }
      charge(body.length, start);
      return body;
    }
    int len = length(start);
    charge(len, start);
    byte[] out = Arrays.copyOfRange(b, pos, pos + len);
    pos += len;
    return out;
  }

  private Var tagged(int start, long tag) {
    if (tag == WireTags.SHAREABLE) {
      charge(NODE_BYTES, start);
      return shareable(start);
    }
    if (tag == WireTags.SHARED_REF) {
      charge(NODE_BYTES, start);
      return sharedRef(start);
    }
    if (tag == WireTags.VIEW) {
      charge(NODE_BYTES, start);
      return view(start);
    }
    ViewKind kind = WireTags.kindOfTag(tag);
    if (kind == null) {
      throw fail(UNSUPPORTED_ITEM, start, "unsupported tag " + Long.toUnsignedString(tag));
    }
    charge(NODE_BYTES, start);
    int content = pos;
    expectMajor(content, 2, BAD_VIEW, start, kind.jsName() + " content is not a byte string");
    head(content);
    byte[] data = byteStringBody(content);
    if (data.length % kind.elementSize() != 0) {
      throw fail(BAD_VIEW, start, kind.jsName() + " of " + data.length
          + " bytes is not a whole number of elements");
    }
    return TypedArrayVar.over(kind, ArrayBufferVar.wrap(data));
  }

  private void expectMajor(int at, int major, WireError error, int start, String why) {
    if (at >= end) {
      throw fail(TRUNCATED, at, "input ends where an item was expected");
    }
    if ((b[at] & 0xff) >>> 5 != major) {
      throw fail(error, start, why);
    }
  }

  private ArrayBufferVar shareable(int tagStart) {
    int content = pos;
    expectMajor(content, 2, BAD_REFERENCE, tagStart, "tag 28 content is not a byte string");
    head(content);
    ArrayBufferVar buffer = ArrayBufferVar.wrap(byteStringBody(content));
    if (shared == null) {
      shared = new ArrayBufferVar[4];
    } else if (sharedCount == shared.length) {
      shared = Arrays.copyOf(shared, sharedCount * 2);
    }
    shared[sharedCount++] = buffer;
    return buffer;
  }

  private ArrayBufferVar sharedRef(int tagStart) {
    int content = pos;
    expectMajor(content, 0, BAD_REFERENCE, tagStart, "tag 29 content is not an unsigned integer");
    head(content);
    if (arg < 0 || arg >= sharedCount) {
      throw fail(BAD_REFERENCE, tagStart, "reference to undefined shared buffer #"
          + Long.toUnsignedString(arg));
    }
    return shared[(int) arg];
  }

  private TypedArrayVar view(int start) {
    if (pos >= end) {
      throw fail(TRUNCATED, pos, "input ends where an item was expected");
    }
    if ((b[pos] & 0xff) != 0x84) {
      throw fail(BAD_VIEW, start, "view content is not an array of 4");
    }
    pos++;
    int kindOrdinal = viewInt(start, KINDS.length - 1, "view kind");
    int byteOffset = viewInt(start, Integer.MAX_VALUE, "view byteOffset");
    int length = viewInt(start, Integer.MAX_VALUE, "view length");
    int slot = pos;
    if (slot >= end) {
      throw fail(TRUNCATED, slot, "input ends where a view's buffer was expected");
    }
    int major = (b[slot] & 0xff) >>> 5;
    ArrayBufferVar buffer;
    if (major == 2) {
      head(slot);
      buffer = ArrayBufferVar.wrap(byteStringBody(slot));
    } else if (major == 6) {
      head(slot);
      if (arg == WireTags.SHAREABLE) {
        buffer = shareable(slot);
      } else if (arg == WireTags.SHARED_REF) {
        buffer = sharedRef(slot);
      } else {
        throw fail(BAD_VIEW, start, "view buffer has tag " + Long.toUnsignedString(arg));
      }
    } else {
      throw fail(BAD_VIEW, start, "view buffer is not a byte string or shared buffer");
    }
    ViewKind kind = KINDS[kindOrdinal];
    String problem = TypedArrayVar.checkWindow(kind, buffer.byteLength(), byteOffset, length);
    if (problem != null) {
      throw fail(BAD_VIEW, start, problem);
    }
    return new TypedArrayVar(kind, buffer, byteOffset, length);
  }

  private int viewInt(int start, int max, String what) {
    int at = pos;
    expectMajor(at, 0, BAD_VIEW, start, what + " is not an unsigned integer");
    head(at);
    if (arg < 0 || arg > max) {
      throw fail(BAD_VIEW, start, what + " " + Long.toUnsignedString(arg) + " is above " + max);
    }
    return (int) arg;
  }

  private void charge(long n, int at) {
    if (countBytes && (bytes += n) > maxBytes) {
      throw chargeFailure(at);
    }
  }

  private WireFormatException chargeFailure(int at) {
    return fail(LIMIT_BYTES, at, "value larger than " + maxBytes + " bytes");
  }

  private WireFormatException itemExpected(int at) {
    return fail(TRUNCATED, at, "input ends where an item was expected");
  }

  private WireFormatException fail(WireError error, int at, String reason) {
    return new WireFormatException(error, at - base, reason);
  }
}
