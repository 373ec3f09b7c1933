package dev.pepperjack.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsEngineOptionsTest {
  private String before;

  @BeforeEach
  void remember() {
    before = System.getProperty(JsEngineOptions.MODE);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(JsEngineOptions.MODE);
    } else {
      System.setProperty(JsEngineOptions.MODE, before);
    }
  }

  @Test
  void picksLatencyModeWhenNobodySaidOtherwise() {
    System.clearProperty(JsEngineOptions.MODE);
    JsEngineOptions.apply();
    assertThat(System.getProperty("polyglot.engine.Mode")).isEqualTo("latency");
  }

  @Test
  void keepsWhatTheUserSet() {
    System.setProperty(JsEngineOptions.MODE, "throughput");
    JsEngineOptions.apply();
    assertThat(System.getProperty("polyglot.engine.Mode")).isEqualTo("throughput");
  }
}
