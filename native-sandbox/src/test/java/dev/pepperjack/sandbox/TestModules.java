package dev.pepperjack.sandbox;

import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModulePackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Packages the C test modules built by Maven (src/test/c/modules) and records module events. */
final class TestModules {
  private TestModules() {}

  static Path built(String file) {
    Path dir = Path.of(System.getProperty("pepperjack.testModules", "target/test-native"));
    Path p = dir.resolve(file).toAbsolutePath();
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(p + " is missing: run the tests through Maven (it runs make)");
    }
    return p;
  }

  /** A package directory under {@code root} holding {@code library} and its manifest. */
  static ModulePackage pack(Path root, String name, Path library) {
    try {
      Path dir = Files.createDirectories(root.resolve(name));
      Files.copy(library, dir.resolve("module.so"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(dir.resolve(ModulePackage.MANIFEST), """
          {"name": "%s", "version": "1.0.0", "kind": "native", "entry": "module.so", "abi": 1}
          """.formatted(name));
      return ModulePackage.load(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SandboxOptions options(Path root) {
    return SandboxOptions.defaults().withDataRoot(root.resolve("data"))
        .withWatchdog(Duration.ofSeconds(2));
  }

  /** Collects events; tests wait for the kind they expect. */
  static final class Recorder {
    final BlockingQueue<ModuleEvent> events = new LinkedBlockingQueue<>();

    void accept(ModuleEvent e) {
      events.add(e);
    }

    <T extends ModuleEvent> T next(Class<T> type) throws InterruptedException {
      return next(type, Duration.ofSeconds(10));
    }

    /** The next post whose value passes {@code test}; other events are skipped. */
    ModuleEvent.Posted posted(java.util.function.Predicate<dev.pepperjack.bridge.Var> test)
        throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (true) {
        ModuleEvent.Posted p = next(ModuleEvent.Posted.class,
            Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1)));
        if (test.test(p.message().value())) {
          return p;
        }
      }
    }

    <T extends ModuleEvent> T next(Class<T> type, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        ModuleEvent e = events.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
        if (e == null) {
          throw new AssertionError("no " + type.getSimpleName() + " within " + timeout
              + "; still queued: " + List.copyOf(events));
        }
        if (type.isInstance(e)) {
          return type.cast(e);
        }
      }
    }
  }
}
