import dev.pepperjack.bridge.*;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.*;
import dev.pepperjack.sandbox.NativeModuleHost;
import dev.pepperjack.sandbox.SandboxOptions;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.atomic.AtomicReference;

/**
 * 16 MiB ArrayBuffer round trips through the echo module, medians: a plain harness next to the JMH
 * benchmark, whose average swings with other load on a shared machine. From the repository root:
 * {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * native-sandbox/bench/RoundProbe.java 40}
 */
public class RoundProbe {
  public static void main(String[] a) throws Exception {
    Path root = Files.createTempDirectory("pj-probe");
    Path dir = Files.createDirectories(root.resolve("echo"));
    Files.copy(Path.of("native-sandbox/target/test-native/libecho.so"), dir.resolve("module.so"));
    Files.writeString(dir.resolve("manifest.json"), "{\"name\": \"echo\", \"version\": \"1.0.0\", \"kind\": \"native\", \"entry\": \"module.so\", \"abi\": 1}");
    NativeModuleHost h = new NativeModuleHost(ModulePackage.load(dir), "echo#1", SandboxOptions.defaults().withDataRoot(root.resolve("data")));
    AtomicReference<Var> slot = new AtomicReference<>();
    h.addListener(e -> { if (e instanceof ModuleEvent.Posted p) slot.set(p.message().value()); });
    h.start();
    byte[] bytes = new byte[16 << 20];
    new Random(1).nextBytes(bytes);
    ArrayBufferVar big = ArrayBufferVar.wrap(bytes);
    int n = Integer.parseInt(a[0]);
    long[] post = new long[n], total = new long[n];
    for (int i = -5; i < n; i++) {
      long t0 = System.nanoTime();
      h.post(SecurityContext.HOST, big);
      long t1 = System.nanoTime();
      while (slot.getAndSet(null) == null) Thread.onSpinWait();
      long t2 = System.nanoTime();
      if (i >= 0) { post[i] = t1 - t0; total[i] = t2 - t0; }
    }
    Arrays.sort(post); Arrays.sort(total);
    byte[] c = new byte[bytes.length];
    long[] cp = new long[n];
    for (int i = 0; i < n; i++) { long t0 = System.nanoTime(); System.arraycopy(bytes, 0, c, 0, c.length); cp[i] = System.nanoTime() - t0; }
    Arrays.sort(cp);
    System.out.printf("16MiB: post median %.2f ms, round trip median %.2f ms (min %.2f) -> %.2f GB/s; arraycopy median %.2f ms -> %.2f GB/s%n",
        post[n/2]/1e6, total[n/2]/1e6, total[0]/1e6, 2.0*bytes.length/total[n/2], cp[n/2]/1e6, bytes.length/(double)cp[n/2]);
    h.close();
    try (var paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
