package dev.pepperjack.bench.jshost;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.message.WaitStrategy;
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
  /**
   * How the benchmark thread waits for replies: spin briefly, then park. A waiter that only spins
   * takes a whole core from the module's loop on a two-core machine.
   */
  private final WaitStrategy wait = WaitStrategy.spinThenPark();
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
          wait.signalAll();
        }
        case ModuleEvent.Error err -> {
          failure = err.message() + "\n" + err.stack();
          wait.signalAll();
        }
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

  /** Waits (spin, then park) until {@code count} replies have arrived in total. */
  void awaitReplies(long count) {
    try {
      while (!wait.await(() -> replies.get() >= count || failure != null, Duration.ofSeconds(30))) {
        // keep waiting: a slow reply under load is not a failure
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for replies");
    }
    if (failure != null) {
      throw new IllegalStateException("module failed: " + failure);
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
