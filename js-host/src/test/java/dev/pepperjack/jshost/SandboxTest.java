package dev.pepperjack.jshost;

import static dev.pepperjack.jshost.Modules.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.jshost.Modules.Recorder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
  @TempDir Path dir;

  @Test
  void aModuleSeesNoHostPolyglotOrIoGlobals() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, """
        onmessage = () => {
          const names = ['Java', 'Packages', 'java', 'javax', 'Polyglot', 'Graal', 'load', 'print',
            'printErr', 'quit', 'read', 'readbuffer', 'require', 'process', 'loadWithNewGlobal',
            'SharedArrayBuffer', 'Atomics'];
          const present = {};
          for (const n of names) present[n] = typeof globalThis[n];
          postMessage(present);
        };""", r);
    try {
      Dictionary present = (Dictionary) roundTrip(m, r, IntVar.of(0));
      assertThat(present.entries().values()).containsOnly(StringVar.of("undefined"));
    } finally {
      m.stop();
    }
  }

  @Test
  void hostObjectsBehindTheBridgeAreOutOfReach() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, """
        onmessage = (e) => {
          const b = e.data;
          const found = [];
          // Every value a module receives is a plain JavaScript value, with nothing of the host.
          if (Object.getPrototypeOf(b) !== ArrayBuffer.prototype) found.push('proto');
          if (Object.getOwnPropertyNames(b).length !== 0) found.push('members');
          try { found.push(String(b.getClass)); } catch (x) { found.push('threw'); }
          try { eval('Java.type("java.lang.Runtime")'); found.push('Java.type'); } catch (x) {}
          try { new Function('return this')().Java.type('java.io.File'); found.push('global Java'); } catch (x) {}
          postMessage(found.join(','));
        };""", r);
    try {
      assertThat(roundTrip(m, r, ArrayBufferVar.allocate(4))).isEqualTo(StringVar.of("undefined"));
    } finally {
      m.stop();
    }
  }
}
