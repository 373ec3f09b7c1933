package dev.pepperjack.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebKitOptionsTest {
  private String before;

  @BeforeEach
  void remember() {
    before = System.getProperty(WebKitOptions.DFG);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(WebKitOptions.DFG);
    } else {
      System.setProperty(WebKitOptions.DFG, before);
    }
  }

  @Test
  void turnsTheOptimizingTierOnWhenNobodySaidOtherwise() {
    System.clearProperty(WebKitOptions.DFG);
    WebKitOptions.apply();
    assertThat(System.getProperty("com.sun.webkit.useDFGJIT")).isEqualTo("true");
  }

  @Test
  void keepsWhatTheUserSet() {
    System.setProperty(WebKitOptions.DFG, "false");
    WebKitOptions.apply();
    assertThat(System.getProperty("com.sun.webkit.useDFGJIT")).isEqualTo("false");
  }
}
