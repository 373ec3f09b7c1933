package dev.pepperjack.uitests;

import static dev.pepperjack.uitests.ShellDriver.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.shell.internal.JscCalls;
import dev.pepperjack.shell.internal.ViewMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.web.WebEngine;
import netscape.javascript.JSObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testfx.api.FxToolkit;

/**
 * Page functions made with JavaScriptCore's C API (the page API's hot calls), in a real WebView:
 * what a page passes arrives typed and intact, what Java returns arrives typed, and nothing a
 * handler does can break the page or the shell.
 */
@SuppressWarnings("removal")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JscCallsUiTest {
  private WebEngine engine;
  private final List<Object[]> calls = new ArrayList<>();

  @BeforeAll
  void engine() throws Exception {
    FxToolkit.registerPrimaryStage();
    engine = fx(() -> {
      JscCalls.check();
      return new WebEngine();
    });
  }

  /** Installs handlers in the engine's page as window.f; returns what install returned. */
  private JscCalls.Installed install(Map<String, JscCalls.Handler> handlers) {
    return fx(() -> {
      JscCalls.Installed i = JscCalls.install(engine, handlers);
      if (i != null) {
        ((JSObject) engine.executeScript("window")).setMember("f", i.object());
      }
      return i;
    });
  }

  private Object js(String script) {
    return fx(() -> engine.executeScript(script));
  }

  @Test
  void theCheckPassesOnThisJavaFx() {
    assertThat(JscCalls.state().why()).isEmpty();
    assertThat(JscCalls.works()).isTrue();
  }

  @Test
  void argumentsArriveTypedAndIntact() {
    install(Map.of("record", a -> {
      calls.add(a);
      return null;
    }));
    calls.clear();
    js("f.record('grüße \\u0000 \\ud83d\\ude00 \\ud800', 'x'.repeat(100000), 2.5, -0, true, false)");
    js("f.record(null, undefined, {a: 1}, [1], Symbol('s'), 10n)");
    js("f.record(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)");
    js("f.record()");
    assertThat(calls).hasSize(4);
    assertThat(calls.get(0)).containsExactly("grüße \u0000 \ud83d\ude00 \ud800", "x".repeat(100000), 2.5, -0.0,
        true, false);
    // Objects arrive as their bare cells (no JavaFX wrapper holds them); symbols, BigInts: null.
    assertThat(calls.get(1)).hasSize(6);
    assertThat(calls.get(1)[0]).isNull();
    assertThat(calls.get(1)[1]).isNull();
    assertThat(calls.get(1)[2].getClass().getSimpleName()).isEqualTo("Cell");
    assertThat(calls.get(1)[3].getClass().getSimpleName()).isEqualTo("Cell");
    assertThat(calls.get(1)[4]).isNull();
    assertThat(calls.get(1)[5]).isNull();
    assertThat(calls.get(2)).hasSize(8).startsWith(1.0, 2.0).endsWith(8.0);
    assertThat(calls.get(3)).isEmpty();
  }

  @Test
  void aTypedArrayPassedToAPageFunctionIsReadAndWrittenInPlace() {
    fx(ViewMemory::check);
    install(Map.of("swap", a -> {
      MemorySegment m = ViewMemory.bytes(a[0], 4);
      if (m == null) {
        return "refused";
      }
      String seen = m.get(ValueLayout.JAVA_BYTE, 0) + "," + m.get(ValueLayout.JAVA_BYTE, 3);
      m.set(ValueLayout.JAVA_BYTE, 0, (byte) 9);
      return seen;
    }));
    assertThat(js("window.u = new Uint8Array([1, 2, 3, 4]); f.swap(u) + '/' + u.join('-')"))
        .isEqualTo("1,4/9-2-3-4");
    assertThat(js("f.swap(new Uint8Array(5))")).isEqualTo("refused");
    assertThat(js("f.swap({length: 4})")).isEqualTo("refused");
  }

  @Test
  void returnedValuesArriveTyped() {
    Object[] next = new Object[1];
    install(Map.of("give", a -> next[0]));
    for (Object v : new Object[] {"", "ünï \u0000 \ud83d\ude00", "y".repeat(70000), 1.5, 7, true}) {
      next[0] = v;
      Object got = js("f.give()");
      assertThat(got instanceof Number n ? n.doubleValue() : got).as("%s", v)
          .isEqualTo(v instanceof Number n ? n.doubleValue() : v);
    }
    next[0] = null;
    assertThat(js("f.give() === null")).isEqualTo(true);
    next[0] = new Object();
    assertThat(js("f.give() === undefined")).isEqualTo(true);
  }

  @Test
  void aHandlerThatThrowsReturnsUndefinedAndThePageGoesOn() {
    install(Map.of("boom", a -> {
      throw new IllegalStateException("boom");
    }));
    assertThat(js("[typeof f.boom('x'), 1 + 1].join()")).isEqualTo("undefined,2");
  }

  @Test
  void theFunctionsCannotBeReplacedOrRemoved() {
    install(Map.of("fixed", a -> "java"));
    js("f.fixed = () => 'page'; delete f.fixed;");
    assertThat(js("f.fixed()")).isEqualTo("java");
  }

  @Test
  void disposedFunctionsReturnUndefined() {
    JscCalls.Installed i = install(Map.of("gone", a -> "here"));
    assertThat(js("f.gone()")).isEqualTo("here");
    i.dispose();
    assertThat(js("f.gone() === undefined")).isEqualTo(true);
  }

  @Test
  void nothingIsInstalledWhileTheyAreOff() {
    JscCalls.setEnabled(false);
    try {
      assertThat(install(Map.of("off", a -> "x"))).isNull();
    } finally {
      JscCalls.setEnabled(true);
    }
    assertThat(install(Map.of("on", a -> "x"))).isNotNull();
  }
}
