package dev.pepperjack.bench.nativesandbox;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModuleHost;
import dev.pepperjack.bridge.module.ModuleHostFactory;
import dev.pepperjack.bridge.module.ModuleKind;
import dev.pepperjack.bridge.module.ModulePackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The grayscale kernel of {@link GrayscaleBenchmark} as a GraalJS module, found through
 * {@link ServiceLoader} (no compile-time dependency on js-host). Run it in the same session as
 * GrayscaleBenchmark and compare. Fails in setup, loudly, when no GRAALJS module host is on the
 * class path. GraalJS needs its optimizing compiler (see feasibility.md) and a long warm-up.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar 'Grayscale(Js)?Benchmark'}
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GrayscaleJsBenchmark {
  private static final String MODULE = """
      onmessage = (e) => {
        const px = new Uint8Array(e.data);
        const out = new Uint8Array(px.length);
        for (let i = 0; i < px.length; i += 4) {
          const y = (77 * px[i] + 150 * px[i + 1] + 29 * px[i + 2]) >> 8;
          out[i] = y; out[i + 1] = y; out[i + 2] = y; out[i + 3] = px[i + 3];
        }
        postMessage(out.buffer);
      };
      """;

  private Path root;
  private ModuleHost js;
  private final AtomicReference<Var> reply = new AtomicReference<>();
  private final AtomicReference<String> error = new AtomicReference<>();
  private ArrayBufferVar pixels;

  @Setup
  public void setUp() throws IOException {
    ModuleHostFactory factory = ServiceLoader.load(ModuleHostFactory.class).stream()
        .map(ServiceLoader.Provider::get).filter(f -> f.kind() == ModuleKind.GRAALJS).findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "no GRAALJS module host on the class path: the benchmarks jar needs js-host"));
    root = Files.createTempDirectory("pj-bench-grayjs");
    Path dir = Files.createDirectories(root.resolve("grayscale-js"));
    Files.writeString(dir.resolve("grayscale.js"), MODULE);
    Files.writeString(dir.resolve("manifest.json"), "{\"name\": \"grayscale-js\", \"version\": \"1.0.0\","
        + " \"kind\": \"graaljs\", \"entry\": \"grayscale.js\"}");
    js = factory.create(ModulePackage.load(dir), "grayscale-js#bench");
    js.addListener(e -> {
      if (e instanceof ModuleEvent.Posted p) {
        reply.set(p.message().value());
      } else if (e instanceof ModuleEvent.Error err) {
        error.set(err.message());
      }
    });
    js.start();
    // js-host stops a task after 2 s; interpreted, 16 MiB takes longer. Let the loop compile on
    // 1 MiB frames first.
    ArrayBufferVar small = ArrayBufferVar.allocate(1 << 20);
    for (int i = 0; i < 40; i++) {
      js.post(SecurityContext.HOST, small);
      await();
    }
    byte[] rgba = new byte[16 << 20];
    new Random(5).nextBytes(rgba);
    pixels = ArrayBufferVar.wrap(rgba);
  }

  /** The module's reply; fails on a module error instead of waiting forever. */
  private Var await() {
    long start = System.nanoTime();
    Var v;
    while ((v = reply.getAndSet(null)) == null) {
      String e = error.getAndSet(null);
      if (e != null) {
        throw new IllegalStateException("the GraalJS module failed: " + e);
      }
      if (System.nanoTime() - start > 10_000) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
    return v;
  }

  @TearDown
  public void tearDown() {
    js.close();
    BenchModules.deleteTree(root);
  }

  @Benchmark
  public Var graalJsModule() {
    js.post(SecurityContext.HOST, pixels);
    return await();
  }
}
