package dev.pepperjack.jshost;

import static dev.pepperjack.jshost.Modules.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.BoolVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.LongVar;
import dev.pepperjack.bridge.NullVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.TypedArrayVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.ViewKind;
import dev.pepperjack.jshost.Modules.Recorder;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values cross into a module and back with their types, by value. */
class ConversionTest {
  @TempDir static Path dir;
  static final Recorder echoEvents = new Recorder();
  static JsModuleHost echo;

  @BeforeAll
  static void startEcho() throws Exception {
    echo = Modules.start(dir, "echo", "onmessage = (e) => postMessage(e.data);",
        Modules.PATIENT, echoEvents);
  }

  @AfterAll
  static void stopEcho() {
    echo.stop();
  }

  private static Var echoed(Var v) throws InterruptedException {
    return roundTrip(echo, echoEvents, v);
  }

  @Test
  void scalarsKeepTheirKinds() throws Exception {
    assertThat(echoed(IntVar.of(42))).isEqualTo(IntVar.of(42));
    assertThat(echoed(new DoubleVar(2.5))).isEqualTo(new DoubleVar(2.5));
    assertThat(echoed(new DoubleVar(-0.0))).isEqualTo(new DoubleVar(-0.0));
    assertThat(echoed(new DoubleVar(Double.NaN))).isEqualTo(new DoubleVar(Double.NaN));
    assertThat(echoed(new LongVar(Long.MIN_VALUE))).isEqualTo(new LongVar(Long.MIN_VALUE));
    assertThat(echoed(StringVar.of("héllo 🌶 \u0000"))).isEqualTo(StringVar.of("héllo 🌶 \u0000"));
    assertThat(echoed(BoolVar.TRUE)).isEqualTo(BoolVar.TRUE);
    assertThat(echoed(NullVar.NULL)).isEqualTo(NullVar.NULL);
    assertThat(echoed(NullVar.UNDEFINED)).isEqualTo(NullVar.UNDEFINED);
  }

  @Test
  void aWholeValuedDoubleComesBackAsAnIntBecauseJavaScriptHasOneNumberType() throws Exception {
    assertThat(echoed(new DoubleVar(7.0))).isEqualTo(IntVar.of(7));
  }

  @Test
  void nestedDictionariesAndArraysKeepOrderAndKeys() throws Exception {
    Dictionary d = Dictionary.of(
        "name", StringVar.of("frame"),
        "size", Dictionary.of("w", IntVar.of(640), "h", IntVar.of(480)),
        "scale", new DoubleVar(0.5),
        "tags", ArrayVar.of(StringVar.of("a"), IntVar.of(1), NullVar.NULL, ArrayVar.of()),
        "__proto__", StringVar.of("just a key"),
        "empty", new Dictionary());
    assertThat(echoed(d)).isEqualTo(d);
  }

  @Test
  void buffersAndEveryTypedArrayKindRoundTrip() throws Exception {
    ArrayBufferVar buffer = ArrayBufferVar.allocate(64);
    for (int i = 0; i < 64; i++) {
      buffer.bytes()[i] = (byte) (i * 7);
    }
    Dictionary d = new Dictionary();
    d.put("raw", ArrayBufferVar.copyOf(new byte[] {1, 2, 3}));
    for (ViewKind kind : ViewKind.values()) {
      ArrayBufferVar own = ArrayBufferVar.copyOf(buffer.bytes());
      d.put(kind.jsName(), new TypedArrayVar(kind, own, 8, 16 / kind.elementSize()));
    }
    assertThat(echoed(d)).isEqualTo(d);
  }

  @Test
  void viewsSharingOneBufferStillShareItAfterTheTrip() throws Exception {
    ArrayBufferVar shared = ArrayBufferVar.allocate(16);
    Dictionary d = Dictionary.of(
        "a", TypedArrayVar.over(ViewKind.UINT8, shared),
        "b", new TypedArrayVar(ViewKind.FLOAT32, shared, 4, 2),
        "buf", shared);
    Dictionary back = (Dictionary) echoed(d);
    ArrayBufferVar a = ((TypedArrayVar) back.get("a")).buffer();
    assertThat(((TypedArrayVar) back.get("b")).buffer()).isSameAs(a);
    assertThat(back.get("buf")).isSameAs(a);
    assertThat(a).isNotSameAs(shared);
  }

  @Test
  void moduleSeesRealJavaScriptTypes() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, "types", """
        onmessage = (e) => {
          const d = e.data;
          postMessage([typeof d.i, typeof d.l, d.l === 1n << 40n, d.buf instanceof ArrayBuffer,
            d.f32 instanceof Float32Array, d.f32[1], d.dv instanceof DataView, d.dv.getUint8(1),
            Array.isArray(d.list), Object.getPrototypeOf(d) === Object.prototype,
            d.u === undefined && 'u' in d, new Uint8Array(d.buf)[2]]);
        };""", Modules.PATIENT, r);
    try {
      ArrayBufferVar floats = ArrayBufferVar.allocate(8);
      floats.asByteBuffer().putFloat(4, 1.5f);
      Dictionary d = Dictionary.of("i", IntVar.of(1), "l", new LongVar(1L << 40),
          "buf", ArrayBufferVar.copyOf(new byte[] {0, 0, 9}),
          "f32", TypedArrayVar.over(ViewKind.FLOAT32, floats),
          "dv", TypedArrayVar.over(ViewKind.DATA_VIEW, ArrayBufferVar.copyOf(new byte[] {5, 6})),
          "list", ArrayVar.of(), "u", NullVar.UNDEFINED);
      assertThat(roundTrip(m, r, d)).isEqualTo(ArrayVar.of(StringVar.of("number"),
          StringVar.of("bigint"), BoolVar.TRUE, BoolVar.TRUE, BoolVar.TRUE, new DoubleVar(1.5),
          BoolVar.TRUE, IntVar.of(6), BoolVar.TRUE, BoolVar.TRUE, BoolVar.TRUE, IntVar.of(9)));
    } finally {
      m.stop();
    }
  }

  @Test
  void numbersComputedInJavaScriptFollowTheNumberRule() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, "numbers",
        "onmessage = () => postMessage([6 / 2, 1 / 3, -0, 2 ** 31, -(2 ** 31), 2n ** 62n, 0.1 + 0.2]);",
        Modules.PATIENT, r);
    try {
      assertThat(roundTrip(m, r, NullVar.NULL)).isEqualTo(ArrayVar.of(IntVar.of(3),
          new DoubleVar(1.0 / 3), new DoubleVar(-0.0), new DoubleVar(2147483648.0),
          IntVar.of(Integer.MIN_VALUE), new LongVar(1L << 62), new DoubleVar(0.1 + 0.2)));
    } finally {
      m.stop();
    }
  }

  @Test
  void theModuleGetsItsOwnCopyAndTheSenderKeepsItsOwn() throws Exception {
    Recorder r = new Recorder();
    JsModuleHost m = Modules.start(dir, "mutator", """
        let kept;
        onmessage = (e) => {
          if (e.data === 'later') {
            new Uint8Array(kept.buf)[0] = 99; kept.list.push(4);
            postMessage('changed');
            return;
          }
          kept = e.data;
          new Uint8Array(kept.buf)[0] = 42;
          postMessage(kept);
        };""", Modules.PATIENT, r);
    try {
      ArrayBufferVar buf = ArrayBufferVar.copyOf(new byte[] {1, 2});
      ArrayVar list = ArrayVar.of(IntVar.of(1));
      Dictionary sent = Dictionary.of("buf", buf, "list", list);
      Dictionary got = (Dictionary) roundTrip(m, r, sent);
      // The module's write is in its copy and in what it posted, never in the sender's value.
      assertThat(buf.bytes()).containsExactly(1, 2);
      assertThat(((ArrayBufferVar) got.get("buf")).bytes()).containsExactly(42, 2);
      // Later writes by the module do not reach what it posted earlier.
      assertThat(roundTrip(m, r, StringVar.of("later"))).isEqualTo(StringVar.of("changed"));
      assertThat(((ArrayBufferVar) got.get("buf")).bytes()).containsExactly(42, 2);
      assertThat(((ArrayVar) got.get("list")).size()).isEqualTo(1);
    } finally {
      m.stop();
    }
  }

  @Test
  void postedMessagesCarryTheModulesSecurityContextAndSequence() throws Exception {
    echo.post(dev.pepperjack.bridge.message.SecurityContext.HOST, IntVar.of(1));
    var first = echoEvents.nextPosted().message().envelope();
    echo.post(dev.pepperjack.bridge.message.SecurityContext.HOST, IntVar.of(2));
    var second = echoEvents.nextPosted().message().envelope();
    assertThat(first.context().origin()).isEqualTo("pepperjack-module://echo");
    assertThat(first.context().sandboxType())
        .isEqualTo(dev.pepperjack.bridge.message.SandboxType.GRAALJS);
    assertThat(first.sender()).isEqualTo("echo#1");
    assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
  }
}
