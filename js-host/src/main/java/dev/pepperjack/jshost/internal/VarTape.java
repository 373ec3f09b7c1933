package dev.pepperjack.jshost.internal;

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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import org.graalvm.polyglot.HostAccess;

/**
 * A value flattened for the module side to read ({@code bridge.js} {@code decode}). Every node
 * starts with {@link #next()}, an int whose low four bits say the kind and whose upper bits carry a
 * small int or a container's size; strings, large ints, doubles and the rest follow through typed
 * accessors. Typed returns matter: a method declared to return {@code Object} costs the module
 * about ten times more per call than one returning {@code int} or {@code String}.
 *
 * <p>Buffers are handed over without a copy: the value being read is the receiver's own copy, made
 * by the queue at send, so the module may keep and mutate it. Reused for every message of one
 * module; confined to its event-loop thread.
 */
public final class VarTape {
  static final int STRING = 0;
  static final int INT = 1;
  static final int INT_LARGE = 2;
  static final int DOUBLE = 3;
  static final int TRUE = 4;
  static final int FALSE = 5;
  static final int NULL = 6;
  static final int UNDEFINED = 7;
  static final int ARRAY = 8;
  static final int DICT = 9;
  static final int BIGINT = 10;
  static final int BUFFER = 11;
  static final int VIEW = 12;
  private static final int SMALL = 1 << 26;

  private int[] codes = new int[64];
  private int codeCount;
  private int codePos;
  private int[] ints = new int[16];
  private int intCount;
  private int intPos;
  private double[] doubles = new double[16];
  private int doubleCount;
  private int doublePos;
  private String[] strings = new String[64];
  private int stringCount;
  private int stringPos;
  private ByteBuffer[] buffers = new ByteBuffer[4];
  private int bufferPos;
  private final ArrayList<ArrayBufferVar> seen = new ArrayList<>();
  private long bytes;

  /** Flattens {@code value}; returns an estimate of its size in bytes, for the module's stats. */
  public long load(Var value) {
    clear();
    write(value);
    return bytes;
  }

  /** The size estimate {@link #load} would return, without flattening anything. */
  public static long sizeOf(Var value) {
    return switch (value) {
      case StringVar s -> 8 + 2L * s.value().length();
      case LongVar l -> 8;
      case ArrayVar a -> {
        long n = 8;
        for (int i = 0; i < a.size(); i++) {
          n += sizeOf(a.get(i));
        }
        yield n;
      }
      case Dictionary d -> {
        long n = 8;
        for (int i = 0; i < d.size(); i++) {
          n += 2L * d.keyAt(i).length() + sizeOf(d.valueAt(i));
        }
        yield n;
      }
      // Shared buffers count once per view here; an estimate for the module's stats only.
      case ArrayBufferVar b -> 8 + b.byteLength();
      case TypedArrayVar t -> 8 + t.buffer().byteLength();
      default -> 8;
    };
  }

  /** Drops references to the last value so that its buffers can be freed. */
  public void clear() {
    Arrays.fill(strings, 0, stringCount, null);
    Arrays.fill(buffers, 0, seen.size(), null);
    codeCount = codePos = intCount = intPos = doubleCount = doublePos = 0;
    stringCount = stringPos = bufferPos = 0;
    seen.clear();
    bytes = 0;
  }

  /** The module has read a lazily loaded value: let go of it. */
  @HostAccess.Export
  public void done() {
    clear();
  }

  /** The next node: kind in the low four bits, a small payload above them. */
  @HostAccess.Export
  public int next() {
    return codes[codePos++];
  }

  @HostAccess.Export
  public int integer() {
    return ints[intPos++];
  }

  @HostAccess.Export
  public double dbl() {
    return doubles[doublePos++];
  }

  @HostAccess.Export
  public String str() {
    return strings[stringPos++];
  }

  @HostAccess.Export
  public ByteBuffer bytes() {
    return buffers[bufferPos++];
  }

  private void write(Var value) {
    bytes += 8;
    switch (value) {
      case NullVar n -> code(n == NullVar.NULL ? NULL : UNDEFINED, 0);
      case BoolVar b -> code(b.value() ? TRUE : FALSE, 0);
      case IntVar i -> {
        int v = i.value();
        if (v > -SMALL && v < SMALL) {
          code(INT, v);
        } else {
          code(INT_LARGE, 0);
          integer(v);
        }
      }
      case DoubleVar d -> {
        code(DOUBLE, 0);
        if (doubleCount == doubles.length) {
          doubles = Arrays.copyOf(doubles, doubleCount * 2);
        }
        doubles[doubleCount++] = d.value();
      }
      case StringVar s -> {
        bytes += 2L * s.value().length();
        code(STRING, 0);
        string(s.value());
      }
      case LongVar l -> {
        code(BIGINT, 0);
        string(Long.toString(l.value()));
      }
      case ArrayVar a -> {
        int n = a.size();
        size(ARRAY, n);
        for (int i = 0; i < n; i++) {
          write(a.get(i));
        }
      }
      case Dictionary d -> {
        int n = d.size();
        size(DICT, n);
        for (int i = 0; i < n; i++) {
          String key = d.keyAt(i);
          bytes += 2L * key.length();
          string(key);
          write(d.valueAt(i));
        }
      }
      case ArrayBufferVar b -> buffer(b);
      case TypedArrayVar t -> {
        code(VIEW, t.kind().ordinal());
        integer(t.byteOffset());
        integer(t.length());
        buffer(t.buffer());
      }
    }
  }

  /** A container size: inline when small, else in the int stream (payload -1). */
  private void size(int kind, int n) {
    if (n < SMALL) {
      code(kind, n);
    } else {
      code(kind, -1);
      integer(n);
    }
  }

  private void buffer(ArrayBufferVar b) {
    for (int i = 0; i < seen.size(); i++) {
      if (seen.get(i) == b) {
        code(BUFFER, i);
        return;
      }
    }
    int id = seen.size();
    code(BUFFER, id);
    seen.add(b);
    bytes += b.byteLength();
    if (id == buffers.length) {
      buffers = Arrays.copyOf(buffers, id * 2);
    }
    buffers[id] = ByteBuffer.wrap(b.bytes());
  }

  private void code(int kind, int payload) {
    if (codeCount == codes.length) {
      codes = Arrays.copyOf(codes, codeCount * 2);
    }
    codes[codeCount++] = kind | (payload << 4);
  }

  private void integer(int i) {
    if (intCount == ints.length) {
      ints = Arrays.copyOf(ints, intCount * 2);
    }
    ints[intCount++] = i;
  }

  private void string(String s) {
    if (stringCount == strings.length) {
      strings = Arrays.copyOf(strings, stringCount * 2);
    }
    strings[stringCount++] = s;
  }
}
