package dev.pepperjack.jshost;

import static dev.pepperjack.jshost.Modules.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.BoolVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.TypedArrayVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.ViewKind;
import dev.pepperjack.jshost.Modules.Recorder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A received dictionary or array is decoded on first touch, and posted back untouched without a
 * decode: both must look exactly like the eager path (plain objects, the number rule, by value).
 */
class LazyRootTest {
  @TempDir Path dir;

  @Test
  void anUntouchedEchoFollowsTheNumberRuleAndKeepsSharedBuffers() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, "echo", "onmessage = (e) => postMessage(e.data);",
        JsModuleLimits.DEFAULT, r);
    try {
      ArrayBufferVar shared = ArrayBufferVar.copyOf(new byte[] {1, 2, 3, 4});
      Dictionary sent = Dictionary.of("whole", new DoubleVar(7.0), "half", new DoubleVar(0.5),
          "neg0", new DoubleVar(-0.0), "list", ArrayVar.of(new DoubleVar(3.0)),
          "a", TypedArrayVar.over(ViewKind.UINT8, shared), "buf", shared);
      Dictionary back = (Dictionary) roundTrip(m, r, sent);
      assertThat(back.get("whole")).isEqualTo(IntVar.of(7));
      assertThat(back.get("half")).isEqualTo(new DoubleVar(0.5));
      assertThat(back.get("neg0")).isEqualTo(new DoubleVar(-0.0));
      assertThat(back.get("list")).isEqualTo(ArrayVar.of(IntVar.of(3)));
      assertThat(((TypedArrayVar) back.get("a")).buffer()).isSameAs(back.get("buf"));
      assertThat(back.get("buf")).isNotSameAs(shared).isEqualTo(shared);
      assertThat(roundTrip(m, r, ArrayVar.of(StringVar.of("x"), IntVar.of(1))))
          .isEqualTo(ArrayVar.of(StringVar.of("x"), IntVar.of(1)));
    } finally {
      m.stop();
    }
  }

  @Test
  void aKeptRootPostedUntouchedIsNotChangedByLaterWrites() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, "keeper", """
        let kept;
        onmessage = (e) => {
          if (e.data === 'later') {
            new Uint8Array(kept.buf)[0] = 99; kept.list.push(4); kept.n = 2;
            postMessage(kept);
            return;
          }
          kept = e.data;
          postMessage(kept);
        };""", JsModuleLimits.DEFAULT, r);
    try {
      Dictionary sent = Dictionary.of("buf", ArrayBufferVar.copyOf(new byte[] {1, 2}),
          "list", ArrayVar.of(IntVar.of(1)), "n", IntVar.of(1));
      Dictionary first = (Dictionary) roundTrip(m, r, sent);
      Dictionary second = (Dictionary) roundTrip(m, r, StringVar.of("later"));
      assertThat(first).isEqualTo(sent);
      assertThat(((ArrayBufferVar) second.get("buf")).bytes()).containsExactly(99, 2);
      assertThat(second.get("list")).isEqualTo(ArrayVar.of(IntVar.of(1), IntVar.of(4)));
      assertThat(second.get("n")).isEqualTo(IntVar.of(2));
    } finally {
      m.stop();
    }
  }

  @Test
  void aTouchedRootBehavesAsAPlainObjectOrArray() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, "toucher", """
        onmessage = (e) => {
          const d = e.data;
          if (Array.isArray(d)) {
            postMessage([d.length, d.map((x) => x * 2), [...d].reverse(), d instanceof Array]);
            return;
          }
          const keys = Object.keys(d).join();
          const copy = {...d};
          delete d.b;
          d.c = 3;
          postMessage([keys, JSON.stringify(copy), 'a' in d, 'b' in d, Object.keys(d).join(),
            Object.getPrototypeOf(d) === Object.prototype, d.__proto__, d]);
        };""", JsModuleLimits.DEFAULT, r);
    try {
      Var got = roundTrip(m, r, Dictionary.of("a", IntVar.of(1), "b", StringVar.of("x"),
          "__proto__", StringVar.of("key")));
      assertThat(got).isEqualTo(ArrayVar.of(StringVar.of("a,b,__proto__"),
          StringVar.of("{\"a\":1,\"b\":\"x\",\"__proto__\":\"key\"}"), BoolVar.TRUE, BoolVar.FALSE,
          StringVar.of("a,__proto__,c"), BoolVar.TRUE, StringVar.of("key"),
          Dictionary.of("a", IntVar.of(1), "__proto__", StringVar.of("key"), "c", IntVar.of(3))));
      assertThat(roundTrip(m, r, ArrayVar.of(IntVar.of(1), IntVar.of(2)))).isEqualTo(ArrayVar.of(
          IntVar.of(2), ArrayVar.of(IntVar.of(2), IntVar.of(4)), ArrayVar.of(IntVar.of(2),
              IntVar.of(1)), BoolVar.TRUE));
    } finally {
      m.stop();
    }
  }

  @Test
  void aValueLargerThanTheInitialTapeIsPostedWhole() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, "big", """
        onmessage = () => {
          const o = {};
          for (let i = 0; i < 300; i++) o['k' + i] = i % 3 === 0 ? i + 0.5 : 'v'.repeat(i % 40);
          o.long = 'é'.repeat(3000);
          postMessage(o);
        };""", JsModuleLimits.DEFAULT.withTaskTime(Duration.ofSeconds(60)), r);
    try {
      Dictionary got = (Dictionary) roundTrip(m, r, IntVar.of(0));
      // Past the tape's first capacity: 256 codes, 64 numbers, 2048 chars.
      assertThat(got.size()).isEqualTo(301);
      assertThat(got.get("k3")).isEqualTo(new DoubleVar(3.5));
      assertThat(got.get("k298")).isEqualTo(StringVar.of("v".repeat(298 % 40)));
      assertThat(got.get("long")).isEqualTo(StringVar.of("é".repeat(3000)));
    } finally {
      m.stop();
    }
  }
}
