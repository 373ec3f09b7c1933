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
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The canonical text form of a value used by the shared test vectors; the C tests print the same
 * form ({@code pj_test_dump}). Buffers are numbered by first appearance so sharing is visible.
 */
final class VarDump {
  private final StringBuilder sb = new StringBuilder();
  private final Map<ArrayBufferVar, Integer> ids = new IdentityHashMap<>();

  static String of(Var v) {
    VarDump d = new VarDump();
    d.dump(v);
    return d.sb.toString();
  }

  private void dump(Var v) {
    switch (v) {
      case NullVar n -> sb.append(n == NullVar.NULL ? "null" : "undefined");
      case BoolVar b -> sb.append(b.value());
      case IntVar i -> sb.append("i32:").append(i.value());
      case LongVar l -> sb.append("i64:").append(l.value());
      case DoubleVar d -> {
        if (Double.isNaN(d.value())) {
          sb.append("f64:NaN");
        } else {
          sb.append("f64:").append(String.format("%016x", Double.doubleToRawLongBits(d.value())));
        }
      }
      case StringVar s -> text(s.value());
      case ArrayVar a -> {
        sb.append('[');
        for (int i = 0; i < a.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          dump(a.get(i));
        }
        sb.append(']');
      }
      case Dictionary d -> {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Var> e : d.entries().entrySet()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          text(e.getKey());
          sb.append(':');
          dump(e.getValue());
        }
        sb.append('}');
      }
      case ArrayBufferVar b -> buffer(b);
      case TypedArrayVar t -> {
        sb.append(t.kind().jsName()).append('(').append(t.byteOffset()).append(',')
            .append(t.length()).append(',');
        buffer(t.buffer());
        sb.append(')');
      }
    }
  }

  private void buffer(ArrayBufferVar b) {
    Integer id = ids.get(b);
    if (id != null) {
      sb.append("ab#").append(id);
      return;
    }
    id = ids.size();
    ids.put(b, id);
    sb.append("ab#").append(id).append('(').append(b.byteLength()).append("):")
        .append(HexFormat.of().formatHex(b.bytes()));
  }

  private void text(String s) {
    sb.append('"');
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    sb.append('"');
  }
}
