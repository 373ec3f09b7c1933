package dev.pepperjack.bench.wire;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.BoolVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.NullVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.wire.WireEncoding;
import dev.pepperjack.bridge.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.cbor.CBORFactory;
import tools.jackson.dataformat.cbor.CBORGenerator;
import tools.jackson.dataformat.cbor.CBORParser;

/**
 * Encode + decode of the ≈1 KB dictionary from anchors.md (nested object, strings, numbers, arrays,
 * a 64-byte ArrayBuffer), messages per second on one thread: our hand-written codec next to Jackson's
 * CBOR streaming generator and parser doing the same job (Var tree in, Var tree out).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar WireFormatBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
public class WireFormatBenchmark {
  private Dictionary message;
  private byte[] encoded;
  private byte[] ring;
  private final CBORFactory cbor = new CBORFactory();
  private final ByteArrayOutputStream jacksonOut = new ByteArrayOutputStream(2048);

  /** The anchors.md shape: about 1 KB encoded. */
  public static Dictionary sampleMessage() {
    byte[] blob = new byte[64];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) (i * 31);
    }
    ArrayVar points = new ArrayVar();
    for (int i = 0; i < 12; i++) {
      points.add(Dictionary.of("x", IntVar.of(i * 3), "y", new DoubleVar(i * 0.25),
          "label", StringVar.of("point-" + i)));
    }
    ArrayVar tags = ArrayVar.of(StringVar.of("alpha"), StringVar.of("beta"), StringVar.of("gamma"),
        StringVar.of("delta"), StringVar.of("épsilon"));
    ArrayVar numbers = new ArrayVar();
    for (int i = 0; i < 16; i++) {
      numbers.add(IntVar.of(i * 1000 - 7000));
    }
    return Dictionary.of(
        "type", StringVar.of("frame-update"),
        "id", IntVar.of(424242),
        "timestamp", new DoubleVar(1_732_512_345.678),
        "ok", BoolVar.TRUE,
        "missing", NullVar.NULL,
        "source", Dictionary.of("module", StringVar.of("sample-modules/physics"),
            "instance", IntVar.of(7), "origin", StringVar.of("https://example.test/app/")),
        "tags", tags,
        "numbers", numbers,
        "points", points,
        "note", StringVar.of("A short human readable note attached to this update, in UTF-8 ✓."),
        "blob", ArrayBufferVar.wrap(blob));
  }

  @Setup
  public void setup() {
    message = sampleMessage();
    encoded = WireFormat.encode(message);
    ring = new byte[encoded.length + 64];
    if (encoded.length < 600 || encoded.length > 1300) {
      throw new IllegalStateException("sample message is " + encoded.length + " bytes, not ≈1 KB");
    }
  }

  @Benchmark
  public Var wireEncodeDecode() {
    return WireFormat.decode(WireFormat.encode(message));
  }

  /** The transport path: size known up front, written straight into a reused region. */
  @Benchmark
  public Var wireEncodeIntoRegionDecode() {
    WireEncoding e = WireFormat.prepare(message);
    e.writeTo(ring, 16);
    return WireFormat.decode(ring, 16, e.size(), VarLimits.DEFAULT);
  }

  @Benchmark
  public byte[] wireEncodeOnly() {
    return WireFormat.encode(message);
  }

  @Benchmark
  public Var wireDecodeOnly() {
    return WireFormat.decode(encoded);
  }

  @Benchmark
  public Var jacksonCborEncodeDecode() {
    jacksonOut.reset();
    try (CBORGenerator g = (CBORGenerator) cbor.createGenerator(jacksonOut)) {
      g.writeTag(0x504A01);
      write(g, message);
    }
    try (CBORParser p = (CBORParser) cbor.createParser(jacksonOut.toByteArray())) {
      return read(p, p.nextToken());
    }
  }

  private static void write(CBORGenerator g, Var v) {
    switch (v) {
      case Dictionary d -> {
        g.writeStartObject(null, d.size());
        for (Map.Entry<String, Var> e : d.entries().entrySet()) {
          g.writeName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case ArrayVar a -> {
        g.writeStartArray(null, a.size());
        for (Var e : a.elements()) {
          write(g, e);
        }
        g.writeEndArray();
      }
      case StringVar s -> g.writeString(s.value());
      case IntVar i -> g.writeNumber(i.value());
      case DoubleVar d -> g.writeNumber(d.value());
      case BoolVar b -> g.writeBoolean(b.value());
      case ArrayBufferVar b -> g.writeBinary(b.bytes());
      case NullVar n -> g.writeNull();
      default -> throw new IllegalArgumentException("not in the sample: " + v.type());
    }
  }

  private static Var read(CBORParser p, JsonToken t) {
    return switch (t) {
      case START_OBJECT -> {
        Dictionary d = new Dictionary();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String k = p.currentName();
          d.put(k, read(p, p.nextToken()));
        }
        yield d;
      }
      case START_ARRAY -> {
        ArrayVar a = new ArrayVar();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          a.add(read(p, e));
        }
        yield a;
      }
      case VALUE_STRING -> new StringVar(p.getString());
      case VALUE_NUMBER_INT -> IntVar.of(p.getIntValue());
      case VALUE_NUMBER_FLOAT -> new DoubleVar(p.getDoubleValue());
      case VALUE_TRUE -> BoolVar.TRUE;
      case VALUE_FALSE -> BoolVar.FALSE;
      case VALUE_NULL -> NullVar.NULL;
      case VALUE_EMBEDDED_OBJECT -> ArrayBufferVar.wrap(p.getBinaryValue());
      default -> throw new IllegalStateException("unexpected " + t);
    };
  }
}
