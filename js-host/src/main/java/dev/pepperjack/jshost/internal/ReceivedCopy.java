package dev.pepperjack.jshost.internal;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.TypedArrayVar;
import dev.pepperjack.bridge.Var;
import java.util.IdentityHashMap;

/**
 * What a module posts when it posts a received value it never touched: a deep copy of the module's
 * host-side value, exactly as decoding it into JavaScript and encoding it back would give. Numbers
 * follow {@link NumberRule} (a whole-valued double comes back as an int, since JavaScript would
 * have made one Number of it) and buffers shared by several views stay shared.
 *
 * <p>The copy is needed both ways: the receiver may change what it gets, and the module may still
 * decode and change its own value later.
 */
final class ReceivedCopy {
  private IdentityHashMap<ArrayBufferVar, ArrayBufferVar> buffers;
  private long bytes;

  private ReceivedCopy() {}

  /** The copy, and its size estimate counted as {@link VarTape#load} counts it. */
  record Result(Var value, long bytes) {}

  static Result of(Var value) {
    ReceivedCopy c = new ReceivedCopy();
    Var v = c.copy(value);
    return new Result(v, c.bytes);
  }

  private Var copy(Var value) {
    bytes += 8;
    return switch (value) {
      case DoubleVar d -> NumberRule.toVar(d.value());
      case dev.pepperjack.bridge.StringVar s -> {
        bytes += 2L * s.value().length();
        yield s;
      }
      case ArrayVar a -> {
        int n = a.size();
        ArrayVar out = new ArrayVar(n);
        for (int i = 0; i < n; i++) {
          out.add(copy(a.get(i)));
        }
        yield out;
      }
      case Dictionary d -> {
        int n = d.size();
        Dictionary out = new Dictionary(n);
        for (int i = 0; i < n; i++) {
          String key = d.keyAt(i);
          bytes += 2L * key.length();
          out.put(key, copy(d.valueAt(i)));
        }
        yield out;
      }
      case ArrayBufferVar b -> buffer(b);
      case TypedArrayVar t -> new TypedArrayVar(t.kind(), buffer(t.buffer()), t.byteOffset(), t.length());
      // Strings, ints, longs, booleans, null and undefined are immutable: shared, not copied.
      default -> value;
    };
  }

  private ArrayBufferVar buffer(ArrayBufferVar b) {
    if (buffers == null) {
      buffers = new IdentityHashMap<>(4);
    }
    ArrayBufferVar seen = buffers.get(b);
    if (seen == null) {
      bytes += b.byteLength();
      seen = ArrayBufferVar.copyOf(b.bytes());
      buffers.put(b, seen);
    }
    return seen;
  }
}
