package dev.pepperjack.jshost;

import static dev.pepperjack.jshost.Modules.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.TypedArrayVar;
import dev.pepperjack.bridge.ViewKind;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.jshost.Modules.Recorder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a module author writes works: the issue's example and each API it names. */
class ModuleApiTest {
  @TempDir Path dir;

  @Test
  void theIssuesAsyncPixelHandlerWorks() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, """
        onmessage = async (e) => {
          const px = new Uint8Array(e.data.pixels);
          await null;
          for (let i = 0; i < px.length; i += 4) {
            const y = (px[i] * 77 + px[i + 1] * 150 + px[i + 2] * 29) >> 8;
            px[i] = px[i + 1] = px[i + 2] = y;
          }
          postMessage({done: true, pixels: px.buffer});
        };""", r);
    try {
      byte[] rgba = {(byte) 200, 100, 50, (byte) 255, 0, 0, (byte) 255, 7};
      Dictionary back = (Dictionary) roundTrip(m, r,
          Dictionary.of("pixels", ArrayBufferVar.copyOf(rgba)));
      int y0 = (200 * 77 + 100 * 150 + 50 * 29) >> 8;
      int y1 = (255 * 29) >> 8;
      assertThat(back.get("done").toString()).contains("true");
      assertThat(((ArrayBufferVar) back.get("pixels")).bytes())
          .containsExactly(y0, y0, y0, 255 - 256, y1, y1, y1, 7);
    } finally {
      m.stop();
    }
  }

  @Test
  void timersFireInDeadlineOrderAndClearedOnesNever() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, """
        onmessage = () => {
          const order = [];
          // Deadlines far apart: a loaded machine may pause this handler between two calls.
          setTimeout(() => order.push('b'), 150);
          setTimeout((x) => order.push(x), 0, 'a');
          const never = setTimeout(() => order.push('never'), 10);
          clearTimeout(never);
          let ticks = 0;
          const iv = setInterval(() => { if (++ticks === 3) { clearInterval(iv); order.push('iv'); } }, 200);
          setTimeout(() => postMessage(order), 900);
        };""", r);
    try {
      assertThat(roundTrip(m, r, IntVar.of(0)))
          .isEqualTo(ArrayVar.of(StringVar.of("a"), StringVar.of("b"), StringVar.of("iv")));
    } finally {
      m.stop();
    }
  }

  @Test
  void promisesAndMicrotasksRunBeforeTheNextTask() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, """
        const log = [];
        onmessage = async (e) => {
          if (e.data === 'report') { postMessage(log); return; }
          queueMicrotask(() => log.push('micro ' + e.data));
          await Promise.resolve();
          log.push('after await ' + e.data);
        };""", r);
    try {
      m.post(SecurityContext.HOST, IntVar.of(1));
      assertThat(roundTrip(m, r, StringVar.of("report"))).isEqualTo(
          ArrayVar.of(StringVar.of("micro 1"), StringVar.of("after await 1")));
    } finally {
      m.stop();
    }
  }

  @Test
  void consoleOutputReachesTheShellAsConsoleEvents() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, """
        console.log('started', 1, {a: [2]});
        onmessage = (e) => console.warn('got', e.data);""", r);
    try {
      ModuleEvent.Console first = r.next(ModuleEvent.Console.class);
      assertThat(first.level()).isEqualTo("log");
      assertThat(first.text()).isEqualTo("started 1 {\"a\":[2]}");
      m.post(SecurityContext.HOST, StringVar.of("x"));
      ModuleEvent.Console second = r.next(ModuleEvent.Console.class);
      assertThat(second.level()).isEqualTo("warn");
      assertThat(second.text()).isEqualTo("got x");
    } finally {
      m.stop();
    }
  }

  @Test
  void textEncoderAndDecoderRoundTripUtf8() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, """
        onmessage = (e) => {
          const bytes = new TextEncoder().encode(e.data);
          postMessage({bytes: bytes, text: new TextDecoder().decode(bytes)});
        };""", r);
    try {
      String text = "grüße 🌶";
      Dictionary back = (Dictionary) roundTrip(m, r, StringVar.of(text));
      assertThat(back.get("text")).isEqualTo(StringVar.of(text));
      TypedArrayVar bytes = (TypedArrayVar) back.get("bytes");
      assertThat(bytes.kind()).isEqualTo(ViewKind.UINT8);
      byte[] utf8 = new byte[bytes.byteLength()];
      bytes.asByteBuffer().get(utf8);
      assertThat(utf8).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    } finally {
      m.stop();
    }
  }

  @Test
  void addEventListenerHandlersRunAlongsideOnmessage() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, """
        const seen = [];
        const listener = (e) => seen.push('listener ' + e.data);
        addEventListener('message', listener);
        self.onmessage = (e) => {
          seen.push('onmessage ' + e.data);
          if (e.data === 2) { removeEventListener('message', listener); postMessage(seen); }
        };""", r);
    try {
      m.post(SecurityContext.HOST, IntVar.of(1));
      assertThat(roundTrip(m, r, IntVar.of(2))).isEqualTo(ArrayVar.of(
          StringVar.of("onmessage 1"), StringVar.of("listener 1"), StringVar.of("onmessage 2")));
    } finally {
      m.stop();
    }
  }
}
