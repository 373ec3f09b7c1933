package dev.pepperjack.bench.nativesandbox;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModulePackage;
import dev.pepperjack.sandbox.NativeModuleHost;
import dev.pepperjack.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The C modules the benchmarks drive, built by native-sandbox's Maven build into
 * {@code native-sandbox/target/test-native} (override with {@code -Dpepperjack.benchModules=DIR}).
 */
final class BenchModules {
  private BenchModules() {}

  static Path library(String file) {
    String configured = System.getProperty("pepperjack.benchModules");
    Path[] candidates = configured != null ? new Path[] {Path.of(configured)}
        : new Path[] {Path.of("native-sandbox/target/test-native"), Path.of("../native-sandbox/target/test-native")};
    for (Path dir : candidates) {
      if (Files.isRegularFile(dir.resolve(file))) {
        return dir.resolve(file).toAbsolutePath();
      }
    }
    throw new IllegalStateException(file + " not found: build native-sandbox's tests first (mvn -pl "
        + "native-sandbox -am test-compile) or pass -Dpepperjack.benchModules=DIR");
  }

  static NativeModuleHost start(Path root, String name, String file) {
    try {
      Path dir = Files.createDirectories(root.resolve(name));
      Files.copy(library(file), dir.resolve("module.so"), StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(dir.resolve("manifest.json"), "{\"name\": \"" + name
          + "\", \"version\": \"1.0.0\", \"kind\": \"native\", \"entry\": \"module.so\", \"abi\": 1}");
      NativeModuleHost host = new NativeModuleHost(ModulePackage.load(dir), name + "#bench",
          SandboxOptions.defaults().withDataRoot(root.resolve("data")));
      host.start();
      return host;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a benchmark's temporary directory. */
  static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Hands the module's latest post to the benchmark thread, which spins for it for 0.5 µs, then
   * yields between checks: a round trip needs the caller, the host's reader and the sandbox loop,
   * three threads on two cores, and a caller that spins longer takes the core the reply needs
   * (a 10 µs pure spin here made the p50 ~17 µs instead of ~7 µs).
   */
  static final class Reply {
    private final AtomicReference<Var> slot = new AtomicReference<>();

    void attach(NativeModuleHost host) {
      host.addListener(e -> {
        if (e instanceof ModuleEvent.Posted p) {
          slot.set(p.message().value());
        }
      });
    }

    Var await() {
      long start = System.nanoTime();
      Var v;
      while ((v = slot.getAndSet(null)) == null) {
        if (System.nanoTime() - start > 500) {
          Thread.yield();
        } else {
          Thread.onSpinWait();
        }
      }
      return v;
    }
  }
}
