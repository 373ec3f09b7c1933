import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModulePackage;
import dev.pepperjack.sandbox.NativeModuleHost;
import dev.pepperjack.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Round trips through the echo module, as distributions, next to the JMH benchmark (whose averages
 * swing with other load on a shared machine): a small dictionary (the same as
 * NativeRoundTripBenchmark's) strictly one after the other, then 16 MiB ArrayBuffers next to
 * System.arraycopy of 16 MiB in the same run. From the repository root, after building
 * native-sandbox's test modules:
 * {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * native-sandbox/bench/RoundProbe.java 200000 40} (small round trips, 16 MiB round trips; each
 * after as many again of warm-up for the small ones, 5 for the large).
 */
public class RoundProbe {
  public static void main(String[] a) throws Exception {
    int small = Integer.parseInt(a[0]);
    int large = Integer.parseInt(a[1]);
    Path root = Files.createTempDirectory("pj-probe");
    Path dir = Files.createDirectories(root.resolve("echo"));
    Files.copy(Path.of("native-sandbox/target/test-native/libecho.so"), dir.resolve("module.so"));
    Files.writeString(dir.resolve("manifest.json"), "{\"name\": \"echo\", \"version\": \"1.0.0\", "
        + "\"kind\": \"native\", \"entry\": \"module.so\", \"abi\": 1}");
    NativeModuleHost h = new NativeModuleHost(ModulePackage.load(dir), "echo#1",
        SandboxOptions.defaults().withDataRoot(root.resolve("data")));
    AtomicReference<Var> slot = new AtomicReference<>();
    h.addListener(e -> {
      if (e instanceof ModuleEvent.Posted p) {
        slot.set(p.message().value());
      }
    });
    h.start();
    try {
      Var dict = dev.pepperjack.bridge.Dictionary.of("op", StringVar.of("move"), "x", IntVar.of(120),
          "y", IntVar.of(-7), "scale", new DoubleVar(1.5), "tags", ArrayVar.of(StringVar.of("a"),
          StringVar.of("b")));
      long[] rt = roundTrips(h, slot, dict, small, small);
      System.out.printf("small dict round trip (%d): min %.2f p50 %.2f p90 %.2f p99 %.2f us%n", small,
          rt[0] / 1e3, rt[small / 2] / 1e3, rt[small * 9 / 10] / 1e3, rt[small * 99 / 100] / 1e3);

      byte[] bytes = new byte[16 << 20];
      new Random(1).nextBytes(bytes);
      long[] big = roundTrips(h, slot, ArrayBufferVar.wrap(bytes), 5, large);
      byte[] c = new byte[bytes.length];
      long[] cp = new long[large];
      for (int i = 0; i < large; i++) {
        long t0 = System.nanoTime();
        System.arraycopy(bytes, 0, c, 0, c.length);
        cp[i] = System.nanoTime() - t0;
      }
      Arrays.sort(cp);
      System.out.printf("16 MiB round trip (%d): min %.2f p50 %.2f p90 %.2f ms -> %.2f GB/s at p50 "
          + "(%.2f at min); arraycopy 16 MiB min %.2f p50 %.2f ms -> %.2f GB/s at p50%n", large,
          big[0] / 1e6, big[large / 2] / 1e6, big[large * 9 / 10] / 1e6,
          2.0 * bytes.length / big[large / 2], 2.0 * bytes.length / big[0],
          cp[0] / 1e6, cp[large / 2] / 1e6, bytes.length / (double) cp[large / 2]);
    } finally {
      h.close();
      try (var paths = Files.walk(root)) {
        for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Sorted round-trip times; the caller spins 0.5 µs, then yields (as BenchModules.Reply does). */
  private static long[] roundTrips(NativeModuleHost h, AtomicReference<Var> slot, Var value,
      int warmup, int n) {
    long[] t = new long[n];
    for (int i = -warmup; i < n; i++) {
      long t0 = System.nanoTime();
      h.post(SecurityContext.HOST, value);
      long waiting = System.nanoTime();
      while (slot.getAndSet(null) == null) {
        if (System.nanoTime() - waiting > 500) {
          Thread.yield();
        } else {
          Thread.onSpinWait();
        }
      }
      if (i >= 0) {
        t[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(t);
    return t;
  }
}
