package dev.pepperjack.jshost;

import static dev.pepperjack.jshost.Modules.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.ValueRejectedException;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModuleException;
import dev.pepperjack.bridge.module.ModuleStatus;
import dev.pepperjack.jshost.Modules.Recorder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  @TempDir Path dir;

  @Test
  void aModuleThatDoesNotParseFailsToStartNamingFileAndLine() throws Exception {
    Recorder r = new Recorder();
    assertThatThrownBy(() -> Modules.start(dir, "broken", "onmessage = (e) => {\n  let x = ;\n};",
        Modules.PATIENT, r))
        .isInstanceOf(ModuleException.class)
        .hasMessageContaining("broken.js:2")
        .hasMessageContaining("SyntaxError");
    assertThat(r.nextError().message()).contains("broken.js:2");
  }

  @Test
  void aModuleWhoseTopLevelThrowsFailsToStartAndIsStopped() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost[] holder = new JsModuleHost[1];
    assertThatThrownBy(() -> holder[0] = Modules.start(dir, "thrower", "throw new Error('nope');",
        Modules.PATIENT, r))
        .isInstanceOf(ModuleException.class)
        .hasMessageContaining("nope");
    assertThat(r.drain()).contains(new ModuleEvent.StatusChanged("thrower#1", ModuleStatus.STOPPED));
  }

  @Test
  void postingUnsendableValuesThrowsADataCloneErrorNamingThePlaceAndPostsNothing()
      throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, "sender", """
        function attempt(label, value) {
          try { postMessage(value); return label + ': sent'; }
          catch (e) { return label + ': ' + e.name + ': ' + e.message; }
        }
        onmessage = () => {
          const cyclic = {a: {}}; cyclic.a.back = cyclic;
          postMessage({results: [
            attempt('function', {ok: 1, deep: [1, () => 2]}),
            attempt('symbol', {s: Symbol('x')}),
            attempt('cycle', cyclic),
            attempt('map', {m: new Map()}),
            attempt('bigint', 2n ** 64n),
          ]});
        };""", Modules.PATIENT, r);
    try {
      Dictionary d = (Dictionary) roundTrip(m, r, IntVar.of(0));
      assertThat(((ArrayVar) d.get("results")).elements()).containsExactly(
          StringVar.of("function: DataCloneError: a function cannot be sent at $.deep[1]"),
          StringVar.of("symbol: DataCloneError: a symbol cannot be sent at $.s"),
          StringVar.of("cycle: DataCloneError: reference cycle at $.a.back"),
          StringVar.of("map: DataCloneError: a Map cannot be sent at $.m"),
          StringVar.of("bigint: DataCloneError: BigInt 18446744073709551616 does not fit in 64 bits at $"));
      // Only the summary was posted: the failed posts left nothing half-built behind.
      r.assertNoMorePosted();
      assertThat(m.stats().messagesOut()).isEqualTo(1);
    } finally {
      m.stop();
    }
  }

  @Test
  void aValueOverTheLimitsIsRefusedInTheModule() throws Exception {
    Recorder r = new Recorder();
    JsModuleLimits small = Modules.PATIENT.withValues(
        new dev.pepperjack.bridge.VarLimits(4, 1 << 20, 1000));
    JsModuleHost m = Modules.start(dir, "big", """
        onmessage = () => {
          let out = [];
          try { postMessage(new ArrayBuffer(2 << 20)); } catch (e) { out.push(e.message); }
          try { postMessage([[[[[1]]]]]); } catch (e) { out.push(e.message); }
          postMessage(out);
        };""", small, r);
    try {
      ArrayVar out = (ArrayVar) roundTrip(m, r, IntVar.of(0));
      assertThat(out.get(0).toString()).contains("larger than 1048576 bytes");
      assertThat(out.get(1).toString()).contains("nested deeper than 4 levels");
    } finally {
      m.stop();
    }
  }

  @Test
  void aCyclicValueFromTheHostIsRefusedAndNothingIsQueued() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, "counter",
        "let n = 0; onmessage = () => postMessage(++n);", Modules.PATIENT, r);
    try {
      ArrayVar cyclic = new ArrayVar();
      cyclic.add(cyclic);
      assertThatThrownBy(() -> m.post(SecurityContext.HOST, cyclic))
          .isInstanceOf(ValueRejectedException.class)
          .hasMessageContaining("reference cycle");
      assertThat(m.queued()).isZero();
      assertThat(roundTrip(m, r, IntVar.of(0))).isEqualTo(IntVar.of(1));
    } finally {
      m.stop();
    }
  }

  @Test
  void aPageWhoseOriginTheManifestDoesNotListMayNotPost() throws Exception {
    Path pkg = dir.resolve("pkg");
    java.nio.file.Files.createDirectories(pkg);
    java.nio.file.Files.writeString(pkg.resolve("manifest.json"), """
        {"name": "picky", "version": "1.0.0", "kind": "graaljs", "entry": "module.js",
         "origins": ["https://good.example"]}""");
    java.nio.file.Files.writeString(pkg.resolve("module.js"), "onmessage = (e) => postMessage(e.origin);");
    JsModuleHost m = JsModuleHost.load(pkg);
    Recorder r = new Recorder();
    m.addListener(r);
    m.start();
    try {
      var evil = new SecurityContext("https://evil.example",
          dev.pepperjack.bridge.message.SandboxType.PAGE, java.util.Set.of());
      assertThatThrownBy(() -> m.post(evil, IntVar.of(1))).isInstanceOf(SecurityException.class);
      var good = new SecurityContext("https://good.example",
          dev.pepperjack.bridge.message.SandboxType.PAGE, java.util.Set.of());
      m.post(good, IntVar.of(1));
      assertThat(r.nextPosted().message().value()).isEqualTo(StringVar.of("https://good.example"));
    } finally {
      m.stop();
    }
  }
}
