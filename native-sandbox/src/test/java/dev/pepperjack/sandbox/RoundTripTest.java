package dev.pepperjack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.LongVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.message.SandboxType;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModuleStatus;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
  @TempDir static Path root;
  static NativeModuleHost echo;
  static TestModules.Recorder events = new TestModules.Recorder();

  @BeforeAll
  static void startEcho() {
    echo = new NativeModuleHost(TestModules.pack(root, "echo", TestModules.built("libecho.so")),
        "echo#1", TestModules.options(root));
    echo.addListener(events::accept);
    echo.start();
  }

  @AfterAll
  static void stopEcho() {
    echo.close();
  }

  @Test
  void aDictionaryComesBackEqualFromTheModule() throws Exception {
    Dictionary d = Dictionary.of("name", StringVar.of("grayscale"), "n", IntVar.of(7),
        "big", new LongVar(1L << 40), "x", new DoubleVar(0.5),
        "list", ArrayVar.of(IntVar.of(1), StringVar.of("two")),
        "blob", ArrayBufferVar.copyOf(new byte[] {1, 2, 3}));
    echo.post(SecurityContext.HOST, d);
    ModuleEvent.Posted posted = events.posted(v -> v instanceof Dictionary);
    assertThat(posted.message().value()).isEqualTo(d);
  }

  @Test
  void postsCarryTheModulesNativeSecurityContext() throws Exception {
    echo.post(SecurityContext.HOST, StringVar.of("who"));
    ModuleEvent.Posted posted = events.posted(StringVar.of("who")::equals);
    SecurityContext ctx = posted.message().envelope().context();
    assertThat(ctx.sandboxType()).isEqualTo(SandboxType.NATIVE);
    assertThat(ctx.origin()).isEqualTo("pepperjack-module://echo");
  }

  @Test
  void aBufferLargerThanTheRingTravelsInFragments() throws Exception {
    byte[] bytes = new byte[20 << 20];
    new Random(42).nextBytes(bytes);
    echo.post(SecurityContext.HOST, ArrayBufferVar.copyOf(bytes));
    ModuleEvent.Posted posted = events.posted(v -> v instanceof ArrayBufferVar);
    assertThat(((ArrayBufferVar) posted.message().value()).bytes()).isEqualTo(bytes);
  }

  @Test
  void consoleLinesBecomeConsoleEvents() throws Exception {
    echo.post(SecurityContext.HOST, StringVar.of("log"));
    ModuleEvent.Console line = events.next(ModuleEvent.Console.class);
    assertThat(line.text()).isEqualTo("hello from the echo module");
    assertThat(line.level()).isEqualTo("info");
  }

  @Test
  void theModuleIsIdleAndReportsItsMemory() {
    assertThat(echo.status()).isEqualTo(ModuleStatus.IDLE);
    assertThat(echo.stats().memoryBytes()).isPositive();
  }
}
