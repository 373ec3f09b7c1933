package dev.pepperjack.bench.nativesandbox;

import dev.pepperjack.sandbox.NativeModuleHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sandbox start to ready (launcher, Landlock, namespaces, JVM, rlimits, seccomp, module load and
 * initialize), target ≤ 200 ms; and, printed at the end, the resident memory of an idle module.
 * The anchor, the same echo module's sandbox JVM under bwrap, is measured by
 * native-sandbox/bench/start-anchor.sh in the same session.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar SandboxStartBenchmark}
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3)
@Measurement(iterations = 15)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SandboxStartBenchmark {
  private Path root;
  private NativeModuleHost host;
  private long idleRssSum;
  private int idleRssCount;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    root = Files.createTempDirectory("pj-bench-start");
  }

  @Benchmark
  public NativeModuleHost startToReady() {
    host = BenchModules.start(root, "echo", "libecho.so");
    return host;
  }

  @TearDown(Level.Iteration)
  public void stop() throws InterruptedException {
    if (host != null) {
      Thread.sleep(200); // let the idle sandbox settle before reading its RSS
      long rss = host.stats().memoryBytes();
      if (rss > 0) {
        idleRssSum += rss;
        idleRssCount++;
      }
      host.close();
      host = null;
    }
  }

  @TearDown(Level.Trial)
  public void report() {
    BenchModules.deleteTree(root);
    if (idleRssCount > 0) {
      System.out.printf("%nidle sandbox RSS: %.1f MiB average over %d modules%n",
          idleRssSum / (double) idleRssCount / (1 << 20), idleRssCount);
    }
  }
}
