package dev.pepperjack.bench.nativesandbox;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.sandbox.NativeModuleHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Java ↔ native module (echo, in its sandbox process over the shared-memory rings), side by side
 * with the in-process baselines:
 *
 * <ul>
 *   <li>{@code smallDictRoundTrip}: a small dictionary out and back, SampleTime (p50/p99);
 *       target p50 ≤ 10 µs.
 *   <li>{@code buffer16MiBRoundTrip} next to {@code arraycopy16MiB}: MB/s = 2 × 16 MiB / time for
 *       the round trip, 16 MiB / time for the copy; target ≥ 2 GB/s.
 * </ul>
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar NativeRoundTripBenchmark} from the repository
 * root (the C modules come from native-sandbox/target/test-native).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NativeRoundTripBenchmark {
  private Path root;
  private NativeModuleHost echo;
  private final BenchModules.Reply reply = new BenchModules.Reply();
  private Dictionary smallDict;
  private ArrayBufferVar big;
  private byte[] copyTarget;

  @Setup
  public void setUp() throws IOException {
    root = Files.createTempDirectory("pj-bench-native");
    echo = BenchModules.start(root, "echo", "libecho.so");
    reply.attach(echo);
    smallDict = Dictionary.of("op", StringVar.of("move"), "x", IntVar.of(120), "y", IntVar.of(-7),
        "scale", new DoubleVar(1.5), "tags", ArrayVar.of(StringVar.of("a"), StringVar.of("b")));
    byte[] bytes = new byte[16 << 20];
    new Random(1).nextBytes(bytes);
    big = ArrayBufferVar.wrap(bytes);
    copyTarget = new byte[bytes.length];
  }

  @TearDown
  public void tearDown() {
    echo.close();
    BenchModules.deleteTree(root);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Var smallDictRoundTrip() {
    echo.post(SecurityContext.HOST, smallDict);
    return reply.await();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Var buffer16MiBRoundTrip() {
    echo.post(SecurityContext.HOST, big);
    return reply.await();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public byte[] arraycopy16MiB() {
    System.arraycopy(big.bytes(), 0, copyTarget, 0, copyTarget.length);
    return copyTarget;
  }
}
