package dev.pepperjack.uitests;

import static dev.pepperjack.uitests.ShellDriver.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.shell.internal.ViewMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import javafx.scene.web.WebEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testfx.api.FxToolkit;

/**
 * The bulk path's in-place copies: which script objects the shell will read and write in place,
 * checked in a real WebView. Anything but a fixed-length, attached Uint8Array of the stated length
 * must be refused, since the shell would otherwise read or write memory the page does not own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewMemoryUiTest {
  private WebEngine engine;

  @BeforeAll
  void engine() throws Exception {
    FxToolkit.registerPrimaryStage();
    engine = fx(() -> {
      ViewMemory.check();
      return new WebEngine();
    });
  }

  private Object js(String script) {
    return fx(() -> engine.executeScript(script));
  }

  private MemorySegment bytes(Object view, long length) {
    return fx(() -> ViewMemory.bytes(view, length));
  }

  @Test
  void theLayoutCheckPassesOnThisJavaFx() {
    assertThat(ViewMemory.state().why()).isEmpty();
    assertThat(ViewMemory.works()).isTrue();
  }

  @Test
  void aSmallALargeAndAnOffsetUint8ArrayAreReadInPlace() {
    for (String make : new String[] {
        "new Uint8Array(16)", "new Uint8Array(100000)", "new Uint8Array(new ArrayBuffer(4099), 3, 4096)"}) {
      Object view = js("window.v = " + make + "; for (let i = 0; i < v.length; i++) v[i] = (i * 7) & 255; v");
      int n = ((Number) js("v.length")).intValue();
      MemorySegment s = bytes(view, n);
      assertThat(s).as(make).isNotNull();
      byte[] got = fx(() -> s.toArray(ValueLayout.JAVA_BYTE));
      for (int i = 0; i < n; i++) {
        assertThat(got[i] & 255).as(make + " at " + i).isEqualTo((i * 7) & 255);
      }
    }
  }

  @Test
  void whatTheShellWritesInPlaceIsWhatThePageReads() {
    Object view = js("window.w = new Uint8Array(new ArrayBuffer(70000), 0, 70000); w");
    fx(() -> ViewMemory.bytes(view, 70000).fill((byte) 42));
    assertThat(js("w.every((x) => x === 42) && new Uint8Array(w.buffer)[69999]")).isEqualTo(42);
  }

  @Test
  void aWrongLengthIsRefused() {
    Object view = js("new Uint8Array(100)");
    assertThat(bytes(view, 99)).isNull();
    assertThat(bytes(view, 101)).isNull();
    assertThat(bytes(view, 0)).isNull();
  }

  @Test
  void otherScriptObjectsAreRefused() {
    for (String make : new String[] {
        "new Int8Array(100)", "new Uint8ClampedArray(100)", "new Uint16Array(50)", "new DataView(new ArrayBuffer(100))",
        "new ArrayBuffer(100)", "({length: 100})", "Array(100).fill(0)", "(function () {})", "document.body",
        "window", "'x'.repeat(100)"}) {
      assertThat(bytes(js(make), 100)).as(make).isNull();
    }
    assertThat(bytes(new byte[100], 100)).isNull();
    assertThat(bytes(null, 100)).isNull();
  }

  @Test
  void aDetachedViewIsRefused() {
    Object view = js("window.d = new Uint8Array(100); structuredClone(d.buffer, {transfer: [d.buffer]}); d");
    assertThat(js("d.length")).isEqualTo(0);
    assertThat(bytes(view, 100)).isNull();
  }

  @Test
  void aViewOfAResizableBufferIsRefused() {
    Object fixed = js("new Uint8Array(new ArrayBuffer(100, {maxByteLength: 200}), 0, 100)");
    Object tracking = js("new Uint8Array(new ArrayBuffer(100, {maxByteLength: 200}))");
    assertThat(bytes(fixed, 100)).isNull();
    assertThat(bytes(tracking, 100)).isNull();
  }

  @Test
  void nothingIsReadInPlaceWhileThePathIsOff() {
    Object view = js("new Uint8Array(100)");
    ViewMemory.setEnabled(false);
    try {
      assertThat(bytes(view, 100)).isNull();
    } finally {
      ViewMemory.setEnabled(true);
    }
    assertThat(bytes(view, 100)).isNotNull();
  }
}
