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
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.ViewKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random values covering every kind, edge numbers, Unicode, views and shared buffers. */
final class RandomVars {
  private static final int[] INTS = {0, 1, -1, 23, 24, -24, -25, 255, 256, 65535, 65536, -65537,
      Integer.MAX_VALUE, Integer.MIN_VALUE};
  private static final long[] LONGS = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32,
      -(1L << 32), Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L};
  private static final double[] DOUBLES = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1.5, -2.25, 7.0, 1e300};
  private static final String[] STRINGS = {"", "a", "key", "héllo", "日本語", "emoji 😀",
      "\u0000nul", "x".repeat(30), "y".repeat(300), "mixed ✓ ascii \uD83D\uDE80 end"};

  private final SplittableRandom rnd;
  private final List<ArrayBufferVar> pool = new ArrayList<>();

  RandomVars(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  Var next(int maxDepth) {
    pool.clear();
    return value(maxDepth);
  }

  private Var value(int depth) {
    int pick = rnd.nextInt(depth > 0 ? 14 : 11);
    return switch (pick) {
      case 0 -> rnd.nextBoolean() ? NullVar.NULL : NullVar.UNDEFINED;
      case 1 -> BoolVar.of(rnd.nextBoolean());
      case 2 -> IntVar.of(rnd.nextBoolean() ? INTS[rnd.nextInt(INTS.length)] : rnd.nextInt());
      case 3 -> new LongVar(rnd.nextBoolean() ? LONGS[rnd.nextInt(LONGS.length)] : rnd.nextLong());
      case 4 -> new DoubleVar(rnd.nextBoolean()
          ? DOUBLES[rnd.nextInt(DOUBLES.length)]
          : Double.longBitsToDouble(rnd.nextLong()));
      case 5, 6 -> new StringVar(string());
      case 7 -> buffer();
      case 8, 9, 10 -> view();
      case 11 -> {
        int n = rnd.nextInt(6);
        ArrayVar a = new ArrayVar(n);
        for (int i = 0; i < n; i++) {
          a.add(value(depth - 1));
        }
        yield a;
      }
      default -> {
        int n = rnd.nextInt(6);
        Dictionary d = new Dictionary(n);
        for (int i = 0; i < n; i++) {
          d.put(string(), value(depth - 1));
        }
        yield d;
      }
    };
  }

  private String string() {
    if (rnd.nextInt(3) > 0) {
      return STRINGS[rnd.nextInt(STRINGS.length)];
    }
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      int cp = switch (rnd.nextInt(4)) {
        case 0 -> rnd.nextInt(0x80);
        case 1 -> 0x80 + rnd.nextInt(0x780);
        case 2 -> {
          int c = 0x800 + rnd.nextInt(0x10000 - 0x800);
          yield Character.isSurrogate((char) c) ? 0xE000 : c;
        }
        default -> 0x10000 + rnd.nextInt(0x100000);
      };
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  /** A new buffer, or one already in this value (so that it is shared). */
  private ArrayBufferVar buffer() {
    if (!pool.isEmpty() && rnd.nextInt(3) == 0) {
      return pool.get(rnd.nextInt(pool.size()));
    }
    byte[] bytes = new byte[rnd.nextInt(4) == 0 ? rnd.nextInt(300) : rnd.nextInt(33)];
    rnd.nextBytes(bytes);
    ArrayBufferVar b = ArrayBufferVar.wrap(bytes);
    pool.add(b);
    return b;
  }

  private Var view() {
    ViewKind kind = ViewKind.values()[rnd.nextInt(ViewKind.values().length)];
    ArrayBufferVar buf = buffer();
    int size = kind.elementSize();
    int maxElements = buf.byteLength() / size;
    if (rnd.nextBoolean() && buf.byteLength() % size == 0) {
      return TypedArrayVar.over(kind, buf);
    }
    int offsetElements = maxElements == 0 ? 0 : rnd.nextInt(maxElements + 1);
    int length = rnd.nextInt(maxElements - offsetElements + 1);
    return new TypedArrayVar(kind, buf, offsetElements * size, length);
  }
}
