package dev.pepperjack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.LongVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules written against pj_var read and build real documents: compiled in (calc.c) or through
 * the host's PJ_Var;1 interface (iface_calc.c).
 */
class VarApiModuleTest {
  @TempDir static Path root;
  static NativeModuleHost calc;
  static TestModules.Recorder events = new TestModules.Recorder();

  @BeforeAll
  static void start() {
    calc = new NativeModuleHost(TestModules.pack(root, "calc", TestModules.built("libcalc.so")),
        "calc#1", TestModules.options(root));
    calc.addListener(events::accept);
    calc.start();
  }

  @AfterAll
  static void stop() {
    calc.close();
  }

  private static Dictionary ask(Var request) throws Exception {
    events.events.clear();
    calc.post(SecurityContext.HOST, request);
    return (Dictionary) events.posted(v -> v instanceof Dictionary).message().value();
  }

  @Test
  void theModuleReadsADictionaryInPlaceAndBuildsAReply() throws Exception {
    Dictionary reply = ask(Dictionary.of("a", IntVar.of(40), "b", IntVar.of(2),
        "name", StringVar.of("Zoë"), "blob", ArrayBufferVar.copyOf(new byte[] {1, 2, (byte) 250})));
    assertThat(reply).isEqualTo(Dictionary.of("sum", new LongVar(42),
        "greeting", StringVar.of("hello Zoë"), "blobSize", IntVar.of(3), "blobSum", new LongVar(253)));
  }

  @Test
  void aModuleCanUseTheHostsVarApiThroughPjVar1() throws Exception {
    TestModules.Recorder ifaceEvents = new TestModules.Recorder();
    try (NativeModuleHost iface = new NativeModuleHost(
        TestModules.pack(root, "iface", TestModules.built("libiface_calc.so")), "iface#1",
        TestModules.options(root))) {
      iface.addListener(ifaceEvents::accept);
      iface.start();
      iface.post(SecurityContext.HOST, Dictionary.of("a", IntVar.of(-5), "b", IntVar.of(12)));
      assertThat(ifaceEvents.posted(v -> v instanceof Dictionary).message().value())
          .isEqualTo(Dictionary.of("sum", new LongVar(7)));
    }
  }

  @Test
  void aDictionaryOfTheWrongShapeGetsAnErrorReply() throws Exception {
    assertThat(ask(Dictionary.of("a", StringVar.of("x"))).get("error"))
        .isEqualTo(StringVar.of("expected {a: int, b: int, name: string, blob: ArrayBuffer}"));
  }
}
