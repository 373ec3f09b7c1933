package dev.pepperjack.bench.nativesandbox;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.sandbox.NativeModuleHost;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Grayscale over 16 MiB of RGBA: the native module (including sending the pixels to the sandbox
 * and the result back) next to the same loop in plain Java. The kernel alone is in
 * {@code src/test/c/modules/grayscale.c}; ratios are what matters, read them from one run.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar GrayscaleBenchmark}
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GrayscaleBenchmark {
  private java.nio.file.Path root;
  private NativeModuleHost grayscale;
  private final BenchModules.Reply reply = new BenchModules.Reply();
  private byte[] rgba;
  private ArrayBufferVar pixels;

  @Setup
  public void setUp() throws IOException {
    root = Files.createTempDirectory("pj-bench-gray");
    grayscale = BenchModules.start(root, "grayscale", "libgrayscale.so");
    reply.attach(grayscale);
    rgba = new byte[16 << 20];
    new Random(5).nextBytes(rgba);
    pixels = ArrayBufferVar.wrap(rgba);
  }

  @TearDown
  public void tearDown() {
    grayscale.close();
    BenchModules.deleteTree(root);
  }

  @Benchmark
  public Var nativeModule() {
    grayscale.post(SecurityContext.HOST, pixels);
    return reply.await();
  }

  /** The same algorithm in Java, including a fresh output buffer as the module's reply has. */
  @Benchmark
  public byte[] plainJava() {
    byte[] in = rgba;
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i += 4) {
      int y = (77 * (in[i] & 0xff) + 150 * (in[i + 1] & 0xff) + 29 * (in[i + 2] & 0xff)) >> 8;
      out[i] = out[i + 1] = out[i + 2] = (byte) y;
      out[i + 3] = in[i + 3];
    }
    return out;
  }
}
