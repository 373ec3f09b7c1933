package dev.pepperjack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Poll delivery: a caller waiting for a reply may take it from the ring on its own thread. */
class PollDeliveryTest {
  @TempDir static Path root;
  static NativeModuleHost echo;
  static final List<Var> values = new ArrayList<>();
  static final List<Thread> threads = new ArrayList<>();

  @BeforeAll
  static void startEcho() {
    echo = new NativeModuleHost(TestModules.pack(root, "echo", TestModules.built("libecho.so")),
        "echo#poll", TestModules.options(root));
    echo.addListener(e -> {
      if (e instanceof ModuleEvent.Posted p) {
        synchronized (values) {
          values.add(p.message().value());
          threads.add(Thread.currentThread());
        }
      }
    });
    echo.start();
  }

  @AfterAll
  static void stopEcho() {
    echo.close();
  }

  /** Posts, then polls until the reply is in, whoever delivered it; returns what polls delivered. */
  private static int postAndPoll(Var value) throws InterruptedException {
    int before;
    synchronized (values) {
      before = values.size();
    }
    echo.post(SecurityContext.HOST, value);
    int polled = 0;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      polled += echo.pollEvents();
      synchronized (values) {
        if (values.size() > before) {
          return polled;
        }
      }
      assertThat(System.nanoTime()).as("reply within 10 s").isLessThan(deadline);
    }
  }

  @Test
  void everyReplyArrivesOnceAndInOrderWhicheverThreadTakesIt() throws InterruptedException {
    int start;
    synchronized (values) {
      start = values.size();
    }
    int polled = 0;
    for (int i = 0; i < 300; i++) {
      polled += postAndPoll(IntVar.of(i));
    }
    synchronized (values) {
      List<Var> got = values.subList(start, values.size());
      assertThat(got).hasSize(300);
      for (int i = 0; i < 300; i++) {
        assertThat(got.get(i)).isEqualTo(IntVar.of(i));
      }
      long onThisThread = threads.subList(start, threads.size()).stream()
          .filter(t -> t == Thread.currentThread()).count();
      assertThat(onThisThread).isEqualTo(polled);
      // The caller polls without pause while the host's reader also waits: it takes some.
      assertThat(polled).isPositive();
    }
  }

  @Test
  void aLargeReplyIsLeftToTheHostsReader() throws InterruptedException {
    byte[] bytes = new byte[256 << 10];
    bytes[bytes.length - 1] = 3;
    assertThat(postAndPoll(ArrayBufferVar.copyOf(bytes))).isZero();
    synchronized (values) {
      assertThat(((ArrayBufferVar) values.getLast()).bytes()).isEqualTo(bytes);
      assertThat(threads.getLast().getName()).startsWith("pj-sandbox-reader-");
    }
  }

  @Test
  void pollingThroughACrashNeverThrowsAndTheCrashIsStillReported() throws Exception {
    TestModules.Recorder crashes = new TestModules.Recorder();
    try (NativeModuleHost crasher = new NativeModuleHost(
        TestModules.pack(root, "crasher", TestModules.built("libcrasher.so")), "crasher#poll",
        TestModules.options(root).withMaxAutoRestarts(0))) {
      crasher.addListener(crashes::accept);
      crasher.start();
      crasher.post(SecurityContext.HOST, dev.pepperjack.bridge.StringVar.of("segv"));
      long deadline = System.nanoTime() + 10_000_000_000L;
      // Polls while the process dies and its channel is unmapped under the poller.
      while (crasher.status() != dev.pepperjack.bridge.module.ModuleStatus.CRASHED
          && System.nanoTime() < deadline) {
        crasher.pollEvents();
      }
      for (int i = 0; i < 1000; i++) {
        assertThat(crasher.pollEvents()).isZero();
      }
      assertThat(crashes.next(ModuleEvent.Crash.class).cause()).startsWith("SIGSEGV");
    }
  }
}
