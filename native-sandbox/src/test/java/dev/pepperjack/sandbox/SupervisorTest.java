package dev.pepperjack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.Message;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModuleStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes, hangs and exits become Crash events; unhandled messages come back as Undelivered. */
class SupervisorTest {
  @TempDir Path root;
  final TestModules.Recorder events = new TestModules.Recorder();
  final List<NativeModuleHost> hosts = new ArrayList<>();

  @AfterEach
  void stopAll() {
    hosts.forEach(NativeModuleHost::close);
  }

  private NativeModuleHost crasher(SandboxOptions options) {
    NativeModuleHost host = new NativeModuleHost(
        TestModules.pack(root, "crasher", TestModules.built("libcrasher.so")), "crasher#1", options);
    host.addListener(events::accept);
    hosts.add(host);
    host.start();
    return host;
  }

  private NativeModuleHost crasher() {
    return crasher(TestModules.options(root));
  }

  @Test
  void aSegfaultInTheModuleIsACrashNamingTheSignal() throws Exception {
    NativeModuleHost host = crasher();
    host.post(SecurityContext.HOST, StringVar.of("segv"));
    assertThat(events.next(ModuleEvent.Crash.class).cause()).startsWith("SIGSEGV");
    assertThat(host.status()).isEqualTo(ModuleStatus.CRASHED);
  }

  @Test
  void anAbortIsACrash() throws Exception {
    NativeModuleHost host = crasher();
    host.post(SecurityContext.HOST, StringVar.of("abort"));
    assertThat(events.next(ModuleEvent.Crash.class).cause()).isEqualTo("SIGABRT");
  }

  @Test
  void anUnexpectedExitIsACrashWithTheStatus() throws Exception {
    NativeModuleHost host = crasher();
    host.post(SecurityContext.HOST, StringVar.of("exit"));
    assertThat(events.next(ModuleEvent.Crash.class).cause()).startsWith("exit 7");
  }

  @Test
  void anInvalidDocumentFromTheModuleIsAnErrorAndTheModuleKeepsRunning() throws Exception {
    NativeModuleHost host = crasher();
    host.post(SecurityContext.HOST, StringVar.of("garbage"));
    assertThat(events.next(ModuleEvent.Error.class).message()).startsWith("the module posted an invalid message");
    host.post(SecurityContext.HOST, StringVar.of("after"));
    assertThat(events.posted(StringVar.of("after")::equals)).isNotNull();
  }

  @Test
  void aHangIsKilledByTheWatchdog() throws Exception {
    NativeModuleHost host = crasher(TestModules.options(root).withWatchdog(Duration.ofMillis(300)));
    host.post(SecurityContext.HOST, StringVar.of("hang"));
    assertThat(events.next(ModuleEvent.Crash.class).cause()).startsWith("watchdog");
  }

  @Test
  void messagesQueuedBehindACrashAreReportedUndelivered() throws Exception {
    NativeModuleHost host = crasher(TestModules.options(root).withWatchdog(Duration.ofMillis(500)));
    host.post(SecurityContext.HOST, StringVar.of("hang"));
    List<Var> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Var v = IntVar.of(i);
      host.post(SecurityContext.HOST, v);
      sent.add(v);
    }
    ModuleEvent.Undelivered undelivered = events.next(ModuleEvent.Undelivered.class);
    List<Var> returned = undelivered.messages().stream().map(Message::value).toList();
    // The message that hung was never handled either: it comes back first.
    assertThat(returned).startsWith(StringVar.of("hang")).containsSequence(sent);
    assertThat(undelivered.why()).startsWith("watchdog");
  }

  @Test
  void aCrashedModuleCanBeRestartedOnDemand() throws Exception {
    NativeModuleHost host = crasher();
    host.post(SecurityContext.HOST, StringVar.of("segv"));
    events.next(ModuleEvent.Crash.class);
    host.restart();
    host.post(SecurityContext.HOST, StringVar.of("still here"));
    assertThat(events.posted(StringVar.of("still here")::equals)).isNotNull();
    assertThat(host.stats().restarts()).isEqualTo(1);
  }

  @Test
  void thePolicyCanRestartACrashedModuleByItself() throws Exception {
    NativeModuleHost host = crasher(TestModules.options(root).withMaxAutoRestarts(1));
    host.post(SecurityContext.HOST, StringVar.of("abort"));
    events.next(ModuleEvent.Crash.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (host.status() != ModuleStatus.IDLE && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    host.post(SecurityContext.HOST, StringVar.of("back"));
    assertThat(events.posted(StringVar.of("back")::equals)).isNotNull();
  }

  @Test
  void postingToACrashedModuleFailsClearly() throws Exception {
    NativeModuleHost host = crasher();
    host.post(SecurityContext.HOST, StringVar.of("exit"));
    events.next(ModuleEvent.Crash.class);
    assertThatThrownBy(() -> host.post(SecurityContext.HOST, IntVar.of(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CRASHED");
  }

  @Test
  void anOrderlyStopIsNotACrash() throws Exception {
    NativeModuleHost host = crasher();
    host.post(SecurityContext.HOST, StringVar.of("hello"));
    events.posted(StringVar.of("hello")::equals);
    host.stop();
    assertThat(host.status()).isEqualTo(ModuleStatus.STOPPED);
    assertThat(events.events).noneMatch(e -> e instanceof ModuleEvent.Crash);
  }

  @Test
  void aModuleThreadCanPostAtAnyTime() throws Exception {
    NativeModuleHost ticker = new NativeModuleHost(
        TestModules.pack(root, "ticker", TestModules.built("libticker.so")), "ticker#1",
        TestModules.options(root));
    ticker.addListener(events::accept);
    hosts.add(ticker);
    ticker.start();
    ticker.post(SecurityContext.HOST, StringVar.of("start"));
    for (int i = 0; i < 10; i++) {
      assertThat(events.next(ModuleEvent.Posted.class).message().value())
          .isEqualTo(StringVar.of("tick " + i));
    }
  }
}
