package dev.pepperjack.bench.jshost;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.jshost.JsEngine;
import dev.pepperjack.jshost.JsModuleHost;
import dev.pepperjack.jshost.JsModuleLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A started script module for benchmarks, counting its replies so the caller can wait on them. */
final class BenchModule implements AutoCloseable {
  private final JsModuleHost host;
  private final Path dir;
  private final AtomicLong replies = new AtomicLong();
  private volatile Var lastReply;
  private volatile String failure;

  BenchModule(String code) {
    try {
      dir = Files.createTempDirectory("pj-bench");
      Path file = dir.resolve("bench.js");
      Files.writeString(file, code);
      host = new JsModuleHost(JsModuleHost.packageAt(file), "bench#1", JsEngine.shared(),
          JsModuleLimits.DEFAULT.withInboxCapacity(4096).withTaskTime(Duration.ofSeconds(30)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    host.addListener(e -> {
      switch (e) {
        case ModuleEvent.Posted p -> {
          lastReply = p.message().value();
          replies.incrementAndGet();
        }
        case ModuleEvent.Error err -> failure = err.message() + "\n" + err.stack();
        default -> { }
      }
    });
    host.start();
    if (!JsEngine.shared().isOptimizing()) {
      throw new IllegalStateException("GraalJS runs interpreter-only: start the JVM with "
          + JsEngine.JVM_FLAGS + " (see js-host/README.md)");
    }
  }

  long replies() {
    return replies.get();
  }

  Var lastReply() {
    return lastReply;
  }

  void post(Var v) {
    host.post(SecurityContext.HOST, v);
  }

  /** Spins until {@code count} replies have arrived in total. */
  void awaitReplies(long count) {
    while (replies.get() < count) {
      if (failure != null) {
        throw new IllegalStateException("module failed: " + failure);
      }
      Thread.onSpinWait();
    }
  }

  @Override
  public void close() throws IOException {
    host.stop();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }
}
