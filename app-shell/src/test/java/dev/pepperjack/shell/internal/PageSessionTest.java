package dev.pepperjack.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageSessionTest {
  @Test
  void originsAreSchemeHostAndNonDefaultPort() {
    assertThat(PageSession.originOf("https://Example.org/a/b?c")).isEqualTo("https://example.org");
    assertThat(PageSession.originOf("https://example.org:443/")).isEqualTo("https://example.org");
    assertThat(PageSession.originOf("http://127.0.0.1:8080/x")).isEqualTo("http://127.0.0.1:8080");
    assertThat(PageSession.originOf("file:///tmp/a.html")).isEqualTo("file://");
    assertThat(PageSession.originOf("")).isEqualTo("null");
    assertThat(PageSession.originOf("about:blank")).isEqualTo("null");
    assertThat(PageSession.originOf("not a url")).isEqualTo("null");
  }
}
