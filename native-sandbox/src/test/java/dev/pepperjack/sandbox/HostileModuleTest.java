package dev.pepperjack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A module that attacks the host through the shared rings is killed; the host carries on. */
class HostileModuleTest {
  @TempDir Path root;

  @ParameterizedTest
  @CsvSource({"corrupt, corrupt frame header", "flood, exceeds"})
  void breakingTheRingProtocolKillsOnlyThatSandbox(String attack, String why) throws Exception {
    TestModules.Recorder events = new TestModules.Recorder();
    try (NativeModuleHost hostile = new NativeModuleHost(
            TestModules.pack(root, "hostile", TestModules.built("libhostile.so")), "hostile#1",
            TestModules.options(root).withWatchdog(Duration.ofSeconds(30)).withMaxMessageBytes(16 << 20));
        NativeModuleHost echo = new NativeModuleHost(
            TestModules.pack(root, "echo", TestModules.built("libecho.so")), "echo#1",
            TestModules.options(root))) {
      hostile.addListener(events::accept);
      hostile.start();
      hostile.post(SecurityContext.HOST, StringVar.of(attack));
      String cause = events.next(ModuleEvent.Crash.class, Duration.ofSeconds(30)).cause();
      assertThat(cause).startsWith("protocol violation").contains(why);

      TestModules.Recorder echoEvents = new TestModules.Recorder();
      echo.addListener(echoEvents::accept);
      echo.start();
      echo.post(SecurityContext.HOST, StringVar.of("still fine"));
      assertThat(echoEvents.posted(StringVar.of("still fine")::equals)).isNotNull();
    }
  }
}
