package dev.pepperjack.shell.internal;

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
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.VarPath;
import dev.pepperjack.bridge.Vars;
import dev.pepperjack.bridge.ViewKind;
import java.io.StringWriter;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * The text form values take between a page and Java over the JSObject bridge (page-api.js holds the
 * other half). Plain JSON for what JSON can say, so that the page can use its engine's own
 * {@code JSON.stringify} and {@code JSON.parse} (several times faster there than script code); a
 * JSON array whose first item is a string starting with U+0000 is a tagged node for the rest:
 *
 * <pre>
 *   ["\u0000a", e0, e1, ...]       an array whose first item is itself a string starting with U+0000
 *   ["\u0000u"]                    undefined
 *   ["\u0000d", "NaN"|"Infinity"|"-Infinity"|"-0"]   doubles JSON cannot spell
 *   ["\u0000big", "-12"]           an int64 (a JavaScript BigInt)
 *   ["\u0000ab", id, "base64"]     an ArrayBuffer, first time it appears
 *   ["\u0000xb", id, byteLength, bulkId]   an ArrayBuffer sent out of band over the bulk channel
 *   ["\u0000abr", id]              the ArrayBuffer already given that id in this message
 *   ["\u0000ta", "Uint8Array", buffer, byteOffset, length]   a typed array or DataView over a buffer node
 * </pre>
 *
 * Every other JSON array is an array. A JSON number reads as an int32 when it is integral and in
 * range (JavaScript's one Number type), otherwise as a double. Objects are dictionaries.
 */
public final class PageCodec {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  /** The first character of a tag: no array the page sends starts with such a string unescaped. */
  static final char TAG = '\u0000';

  private PageCodec() {}

  /** Where out-of-band buffers come from when decoding, and go when encoding. */
  public interface BulkBuffers {
    /** Takes the uploaded buffer {@code id}, which must be {@code byteLength} long. */
    byte[] take(long id, long byteLength);

    /** Parks {@code buffer} for the page to fetch, which owns it from then on; returns its id. */
    long offer(ArrayBufferVar buffer);
  }

  /** No out-of-band buffers: every buffer travels inline. */
  public static final BulkBuffers INLINE_ONLY = new BulkBuffers() {
    @Override
    public byte[] take(long id, long byteLength) {
      throw new IllegalArgumentException("no bulk buffer " + id + " on this page");
    }

    @Override
    public long offer(ArrayBufferVar buffer) {
      throw new IllegalStateException("no bulk channel");
    }
  };

  /**
   * Decodes a page's message and checks it against {@code limits}.
   *
   * @throws ValueRejectedException naming the path of the first problem
   */
  public static Var decode(String text, BulkBuffers bulk, VarLimits limits) {
    if (text.length() > limits.maxTotalBytes() * 2 + 64) {
      throw new ValueRejectedException("$", "message text longer than the limit allows");
    }
    try (JsonParser p = JSON.createParser(tools.jackson.core.ObjectReadContext.empty(), text)) {
      Decoder d = new Decoder(p, bulk, limits);
      Var v = d.value(p.nextToken(), VarPath.ROOT, 0);
      if (p.nextToken() != null) {
        throw new ValueRejectedException("$", "trailing text after the value");
      }
      Vars.check(v, limits);
      return v;
    } catch (JacksonException e) {
      throw new ValueRejectedException("$", "malformed message text: " + e.getOriginalMessage());
    }
  }

  /**
   * Encodes {@code value} for a page; buffers of at least {@code bulkThreshold} bytes are offered to
   * {@code bulk} and sent as {@code ["\\u0000xb", id, n, bulkId]}.
   */
  public static String encode(Var value, BulkBuffers bulk, int bulkThreshold) {
    return encodeForPage(value, bulk, bulkThreshold).text();
  }

  /**
   * A value's text for a page, and where its tagged nodes are, so that the page swaps them in
   * without walking the whole value.
   *
   * @param tagPaths "" when the text has no tagged node; otherwise a JSON array of paths (arrays of
   *     keys and indexes into the parsed text) of every tagged node, each node after the ones
   *     inside it, in text order otherwise
   */
  public record Encoded(String text, String tagPaths) {}

  public static Encoded encodeForPage(Var value, BulkBuffers bulk, int bulkThreshold) {
    StringWriter out = new StringWriter(256);
    Encoder e;
    try (JsonGenerator g = JSON.createGenerator(tools.jackson.core.ObjectWriteContext.empty(), out)) {
      e = new Encoder(g, bulk, bulkThreshold);
      e.value(value);
    }
    return new Encoded(out.toString(), e.tagPaths == null ? "" : e.tagPaths.append(']').toString());
  }

  private static final class Decoder {
    private final JsonParser p;
    private final BulkBuffers bulk;
    private final VarLimits limits;
    private final Map<Long, ArrayBufferVar> buffers = new HashMap<>();

    Decoder(JsonParser p, BulkBuffers bulk, VarLimits limits) {
      this.p = p;
      this.bulk = bulk;
      this.limits = limits;
    }

    Var value(JsonToken t, VarPath path, int depth) {
      if (t == null) {
        throw new ValueRejectedException(path.toString(), "message text ends early");
      }
      if (depth > limits.maxDepth()) {
        throw new ValueRejectedException(path.toString(),
            "nested deeper than " + limits.maxDepth() + " levels");
      }
      return switch (t) {
        case VALUE_NULL -> NullVar.NULL;
        case VALUE_TRUE -> BoolVar.TRUE;
        case VALUE_FALSE -> BoolVar.FALSE;
        case VALUE_STRING -> new StringVar(p.getString());
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p.getValueAsDouble());
        case START_OBJECT -> {
          Dictionary d = new Dictionary();
          JsonToken k;
          while ((k = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String key = p.currentName();
            d.put(key, value(p.nextToken(), path.key(key), depth + 1));
          }
          yield d;
        }
        case START_ARRAY -> arrayOrTag(path, depth);
        default -> throw new ValueRejectedException(path.toString(), "unexpected " + t);
      };
    }

    private static Var number(double d) {
      int i = (int) d;
      if (i == d && (i != 0 || Double.doubleToRawLongBits(d) == 0)) {
        return IntVar.of(i);
      }
      return new DoubleVar(d);
    }

    /** After a START_ARRAY: a plain array, or the tagged node its first item names. */
    private Var arrayOrTag(VarPath path, int depth) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.VALUE_STRING) {
        String s = p.getString();
        if (!s.isEmpty() && s.charAt(0) == TAG) {
          return tagged(s.substring(1), path, depth);
        }
      }
      return elements(first, path, depth, 0);
    }

    /** The rest of an array whose next token is {@code t}, the item at {@code i}. */
    private ArrayVar elements(JsonToken t, VarPath path, int depth, int i) {
      ArrayVar a = new ArrayVar();
      while (t != JsonToken.END_ARRAY) {
        a.add(value(t, path.index(i++), depth + 1));
        t = p.nextToken();
      }
      return a;
    }

    private Var tagged(String tag, VarPath path, int depth) {
      Var out = switch (tag) {
        case "a" -> elements(p.nextToken(), path, depth, 0);
        case "u" -> end(path, NullVar.UNDEFINED);
        case "d" -> {
          JsonToken t = p.nextToken();
          double d;
          if (t == JsonToken.VALUE_STRING) {
            d = switch (p.getString()) {
              case "NaN" -> Double.NaN;
              case "Infinity" -> Double.POSITIVE_INFINITY;
              case "-Infinity" -> Double.NEGATIVE_INFINITY;
              case "-0" -> -0.0;
              default -> throw new ValueRejectedException(path.toString(), "bad double " + p.getString());
            };
          } else if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            d = p.getValueAsDouble();
          } else {
            throw new ValueRejectedException(path.toString(), "bad double node");
          }
          // Canonical, as a plain number would be: a whole value is an int (the page writes only
          // NaN, the infinities and -0 this way; a whole number here is still one Number).
          yield end(path, number(d));
        }
        case "big" -> {
          expect(JsonToken.VALUE_STRING, path);
          try {
            yield end(path, new LongVar(Long.parseLong(p.getString())));
          } catch (NumberFormatException e) {
            throw new ValueRejectedException(path.toString(),
                "BigInt " + abbreviate(p.getString()) + " does not fit in 64 bits");
          }
        }
        case "ab", "xb", "abr" -> buffer(tag, path);
        case "ta" -> {
          expect(JsonToken.VALUE_STRING, path);
          String kindName = p.getString();
          ViewKind kind = ViewKind.ofJsName(kindName);
          if (kind == null) {
            throw new ValueRejectedException(path.toString(), "unknown view kind " + abbreviate(kindName));
          }
          if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_STRING
              || p.getString().isEmpty() || p.getString().charAt(0) != TAG) {
            throw new ValueRejectedException(path.toString(), "typed array without a buffer");
          }
          ArrayBufferVar buffer = buffer(p.getString().substring(1), path);
          long offset = longField(path);
          long length = longField(path);
          String problem = TypedArrayVar.checkWindow(kind, buffer.byteLength(), offset, length);
          if (problem != null) {
            throw new ValueRejectedException(path.toString(), problem);
          }
          yield end(path, new TypedArrayVar(kind, buffer, (int) offset, (int) length));
        }
        default -> throw new ValueRejectedException(path.toString(), "unknown tag " + abbreviate(tag));
      };
      return out;
    }

    /** Reads the rest of a buffer node whose tag was read; leaves the parser after its END_ARRAY. */
    private ArrayBufferVar buffer(String tag, VarPath path) {
      long id = longField(path);
      switch (tag) {
        case "abr" -> {
          ArrayBufferVar b = buffers.get(id);
          if (b == null) {
            throw new ValueRejectedException(path.toString(), "reference to unknown buffer " + id);
          }
          end(path, null);
          return b;
        }
        case "ab" -> {
          expect(JsonToken.VALUE_STRING, path);
          byte[] bytes;
          try {
            bytes = Base64.getDecoder().decode(p.getString());
          } catch (IllegalArgumentException e) {
            throw new ValueRejectedException(path.toString(), "ArrayBuffer is not valid base64");
          }
          return define(id, ArrayBufferVar.wrap(bytes), path);
        }
        case "xb" -> {
          long n = longField(path);
          long bulkId = longField(path);
          if (n > limits.maxTotalBytes()) {
            throw new ValueRejectedException(path.toString(),
                "value larger than " + limits.maxTotalBytes() + " bytes");
          }
          byte[] bytes;
          try {
            bytes = bulk.take(bulkId, n);
          } catch (RuntimeException e) {
            throw new ValueRejectedException(path.toString(), e.getMessage());
          }
          return define(id, ArrayBufferVar.wrap(bytes), path);
        }
        default -> throw new ValueRejectedException(path.toString(), "unknown tag " + abbreviate(tag));
      }
    }

    private ArrayBufferVar define(long id, ArrayBufferVar b, VarPath path) {
      if (buffers.putIfAbsent(id, b) != null) {
        throw new ValueRejectedException(path.toString(), "buffer " + id + " defined twice");
      }
      end(path, null);
      return b;
    }

    private long longField(VarPath path) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
        throw new ValueRejectedException(path.toString(), "expected a number in a tagged node");
      }
      double d = p.getValueAsDouble();
      if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
        throw new ValueRejectedException(path.toString(), "bad size or id " + d);
      }
      return (long) d;
    }

    private void expect(JsonToken want, VarPath path) {
      if (p.nextToken() != want) {
        throw new ValueRejectedException(path.toString(), "malformed tagged node");
      }
    }

    private <T> T end(VarPath path, T v) {
      if (p.nextToken() != JsonToken.END_ARRAY) {
        throw new ValueRejectedException(path.toString(), "tagged node has extra items");
      }
      return v;
    }
  }

  private static String abbreviate(String s) {
    return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
  }

  private static final class Encoder {
    private static final String ESCAPE_START = String.valueOf(TAG);
    private final JsonGenerator g;
    private final BulkBuffers bulk;
    private final int bulkThreshold;
    private Map<ArrayBufferVar, Integer> ids;
    /** The path to the value being written: a String key or an Integer index per level. */
    private Object[] path = new Object[16];
    private int depth;
    private StringBuilder tagPaths;

    Encoder(JsonGenerator g, BulkBuffers bulk, int bulkThreshold) {
      this.g = g;
      this.bulk = bulk;
      this.bulkThreshold = bulkThreshold;
    }

    /** {@code key} as a JSON string (the page reads the list with JSON.parse). */
    static void quote(StringBuilder sb, String key) {
      sb.append('"');
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    }

    private void enter(Object step) {
      if (depth == path.length) {
        path = java.util.Arrays.copyOf(path, depth * 2);
      }
      path[depth++] = step;
    }

    /** Notes that a tagged node sits at the current path. */
    private void tagHere() {
      StringBuilder sb = tagPaths;
      if (sb == null) {
        sb = tagPaths = new StringBuilder("[");
      } else {
        sb.append(',');
      }
      sb.append('[');
      for (int i = 0; i < depth; i++) {
        if (i > 0) {
          sb.append(',');
        }
        if (path[i] instanceof Integer n) {
          sb.append(n.intValue());
        } else {
          quote(sb, (String) path[i]);
        }
      }
      sb.append(']');
    }

    void value(Var v) {
      switch (v) {
        case NullVar n -> {
          if (n == NullVar.NULL) {
            g.writeNull();
          } else {
            g.writeStartArray();
            g.writeString(TAG + "u");
            g.writeEndArray();
            tagHere();
          }
        }
        case BoolVar b -> g.writeBoolean(b.value());
        case IntVar i -> g.writeNumber(i.value());
        case LongVar l -> {
          g.writeStartArray();
          g.writeString(TAG + "big");
          g.writeString(Long.toString(l.value()));
          g.writeEndArray();
          tagHere();
        }
        case DoubleVar d -> dbl(d.value());
        case StringVar s -> g.writeString(s.value());
        case ArrayVar a -> {
          g.writeStartArray();
          boolean escaped = a.size() > 0 && a.get(0) instanceof StringVar first
              && first.value().startsWith(ESCAPE_START);
          if (escaped) {
            g.writeString(TAG + "a");
          }
          int i = escaped ? 1 : 0;
          for (Var e : a.elements()) {
            enter(i++);
            value(e);
            depth--;
          }
          g.writeEndArray();
          if (escaped) {
            tagHere();
          }
        }
        case Dictionary d -> {
          g.writeStartObject();
          for (Map.Entry<String, Var> e : d.entries().entrySet()) {
            g.writeName(e.getKey());
            enter(e.getKey());
            value(e.getValue());
            depth--;
          }
          g.writeEndObject();
        }
        case ArrayBufferVar b -> {
          buffer(b);
          tagHere();
        }
        case TypedArrayVar t -> {
          g.writeStartArray();
          g.writeString(TAG + "ta");
          g.writeString(t.kind().jsName());
          buffer(t.buffer());
          g.writeNumber(t.byteOffset());
          g.writeNumber(t.length());
          g.writeEndArray();
          tagHere();
        }
      }
    }

    private void dbl(double d) {
      String special = Double.isNaN(d) ? "NaN"
          : d == Double.POSITIVE_INFINITY ? "Infinity"
          : d == Double.NEGATIVE_INFINITY ? "-Infinity"
          : Double.doubleToRawLongBits(d) == Long.MIN_VALUE ? "-0" : null;
      if (special != null) {
        g.writeStartArray();
        g.writeString(TAG + "d");
        g.writeString(special);
        g.writeEndArray();
        tagHere();
      } else {
        g.writeNumber(d);
      }
    }

    private void buffer(ArrayBufferVar b) {
      if (ids == null) {
        ids = new IdentityHashMap<>();
      }
      Integer seen = ids.get(b);
      g.writeStartArray();
      if (seen != null) {
        g.writeString(TAG + "abr");
        g.writeNumber(seen);
      } else {
        int id = ids.size();
        ids.put(b, id);
        if (b.byteLength() >= bulkThreshold) {
          long bulkId = bulk.offer(b);
          g.writeString(TAG + "xb");
          g.writeNumber(id);
          g.writeNumber(b.byteLength());
          g.writeNumber(bulkId);
        } else {
          g.writeString(TAG + "ab");
          g.writeNumber(id);
          g.writeString(Base64.getEncoder().encodeToString(b.bytes()));
        }
      }
      g.writeEndArray();
    }
  }
}
