package dev.pepperjack.jshost;

import static dev.pepperjack.jshost.Modules.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModuleHostFactory;
import dev.pepperjack.bridge.module.ModuleKind;
import dev.pepperjack.bridge.module.ModulePackage;
import dev.pepperjack.bridge.module.ModuleStatus;
import dev.pepperjack.jshost.Modules.Recorder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
  @TempDir Path dir;

  private Path writePackage(String name, String code) throws Exception {
    Path pkg = dir.resolve(name);
    Files.createDirectories(pkg);
    Files.writeString(pkg.resolve("manifest.json"), """
        {"name": "%s", "version": "1.0.0", "kind": "graaljs", "entry": "module.js"}"""
        .formatted(name));
    Files.writeString(pkg.resolve("module.js"), code);
    return pkg;
  }

  @Test
  void theShellFindsTheFactoryForGraalJsThroughServiceLoader() throws Exception {
    ModuleHostFactory factory = ServiceLoader.load(ModuleHostFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(f -> f.kind() == ModuleKind.GRAALJS)
        .findFirst().orElseThrow();
    var host = factory.create(ModulePackage.load(writePackage("found", "onmessage = (e) => postMessage(e.data + 1);")), "found#1");
    Recorder r = new Recorder();
    host.addListener(r);
    host.start();
    try {
      host.post(SecurityContext.HOST, IntVar.of(41));
      assertThat(r.nextPosted().message().value()).isEqualTo(IntVar.of(42));
    } finally {
      host.stop();
    }
  }

  @Test
  void loadsFromALoneScriptPath() throws Exception {
    Path file = dir.resolve("Lone Script.js");
    Files.writeString(file, "onmessage = (e) => postMessage('lone ' + e.data);");
    JsModuleHost host = JsModuleHost.load(file);
    Recorder r = new Recorder();
    host.addListener(r);
    host.start();
    try {
      assertThat(host.manifest().name()).isEqualTo("lone-script");
      assertThat(roundTrip(host, r, IntVar.of(1))).isEqualTo(StringVar.of("lone 1"));
    } finally {
      host.stop();
    }
  }

  @Test
  void startStopAndRestartMoveThroughTheStatusesWithFreshState() throws Exception {
    JsModuleHost host = JsModuleHost.load(writePackage("counter", "let n = 0; onmessage = () => postMessage(++n);"));
    Recorder r = new Recorder();
    host.addListener(r);
    assertThat(host.status()).isEqualTo(ModuleStatus.CREATED);
    host.start();
    assertThat(roundTrip(host, r, IntVar.of(0))).isEqualTo(IntVar.of(1));
    assertThat(roundTrip(host, r, IntVar.of(0))).isEqualTo(IntVar.of(2));
    host.restart();
    assertThat(roundTrip(host, r, IntVar.of(0))).isEqualTo(IntVar.of(1));
    assertThat(host.stats().restarts()).isEqualTo(1);
    host.stop();
    assertThat(host.status()).isEqualTo(ModuleStatus.STOPPED);
    assertThat(r.drain()).filteredOn(e -> e instanceof ModuleEvent.StatusChanged)
        .extracting(e -> ((ModuleEvent.StatusChanged) e).status())
        .containsExactly(ModuleStatus.STARTING, ModuleStatus.IDLE, ModuleStatus.STOPPED,
            ModuleStatus.STARTING, ModuleStatus.IDLE, ModuleStatus.STOPPED);
    assertThatThrownBy(() -> host.post(SecurityContext.HOST, IntVar.of(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void stoppingReportsQueuedMessagesAsUndeliveredAndEndsTheLoopThread() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost host = Modules.start(dir, "slow", """
        onmessage = (e) => { const end = Date.now() + 100; while (Date.now() < end) {} };""",
        Modules.PATIENT, r);
    for (int i = 0; i < 20; i++) {
      host.post(SecurityContext.HOST, IntVar.of(i));
    }
    host.stop();
    ModuleEvent.Undelivered undelivered = r.next(ModuleEvent.Undelivered.class);
    assertThat(undelivered.messages()).isNotEmpty();
    assertThat(undelivered.messages().getLast().value()).isEqualTo(IntVar.of(19));
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("js-module slow#1"));
  }

  @Test
  void stopEndsAModuleStuckInABusyLoop() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost host = Modules.start(dir, "stuck", "onmessage = () => { for (;;) {} };",
        JsModuleLimits.DEFAULT.withTaskTime(java.time.Duration.ofMinutes(1)), r);
    host.post(SecurityContext.HOST, IntVar.of(0));
    Thread.sleep(100);
    assertThat(host.status()).isEqualTo(ModuleStatus.BUSY);
    host.stop();
    assertThat(host.status()).isEqualTo(ModuleStatus.STOPPED);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("js-module stuck#1"));
  }

  @Test
  void anIdleModuleParksItsLoopThreadInsteadOfBurningACore() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost host = Modules.start(dir, "idle", "onmessage = (e) => postMessage(e.data);",
        Modules.PATIENT, r);
    try {
      assertThat(roundTrip(host, r, IntVar.of(1))).isEqualTo(IntVar.of(1));
      Thread loop = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals("js-module idle#1")).findFirst().orElseThrow();
      // It waits busily for microseconds after a message, then parks however loaded the machine.
      long giveUp = System.nanoTime() + Modules.WAIT.toNanos();
      while (loop.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < giveUp) {
        Thread.sleep(5);
      }
      assertThat(loop.getState()).isEqualTo(Thread.State.TIMED_WAITING);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpuBefore = threads.getThreadCpuTime(loop.threadId());
      Thread.sleep(1000);
      long idleCpu = threads.getThreadCpuTime(loop.threadId()) - cpuBefore;
      // A spinning loop would use the whole second; a parked one wakes about once a second.
      assertThat(idleCpu).isLessThan(50_000_000L);
      assertThat(roundTrip(host, r, IntVar.of(2))).isEqualTo(IntVar.of(2));
    } finally {
      host.stop();
    }
  }
}
