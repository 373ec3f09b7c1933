package dev.pepperjack.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrowserTabTest {
  @Test
  void whatTheUserTypesBecomesAUrl() {
    assertThat(BrowserTab.resolve("about:start")).isEqualTo("http://pepperjack.invalid/start.html");
    assertThat(BrowserTab.resolve("  ")).isEqualTo("http://pepperjack.invalid/start.html");
    assertThat(BrowserTab.resolve("example.org/x")).isEqualTo("http://example.org/x");
    assertThat(BrowserTab.resolve("https://example.org")).isEqualTo("https://example.org");
    assertThat(BrowserTab.resolve("/tmp/page.html")).isEqualTo("file:///tmp/page.html");
  }
}
