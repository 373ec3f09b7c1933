package dev.pepperjack.uitests;

import static dev.pepperjack.uitests.ShellDriver.fx;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The built-in start page runs its demos live against the installed module hosts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartPageUiTest {
  private final ShellDriver shell = new ShellDriver();

  @BeforeAll
  void startShell() throws Exception {
    shell.start();
  }

  @AfterAll
  void stopShell() throws Exception {
    shell.stop();
  }

  @Test
  void startPageShowsEveryDemoWorkingLive() {
    fx(() -> shell.browser.openTab("about:start"));
    shell.awaitPage("http://pepperjack.invalid/start.html");
    shell.awaitJs("document.body.dataset.ready === 'true'");
    assertThat(fx(() -> shell.browser.addressBar().getText())).isEqualTo("about:start");
    assertThat(shell.js("document.getElementById('installed-kinds').textContent")).asString().contains("graaljs");
    assertThat(shell.js("document.getElementById('module-table').rows.length")).isEqualTo(1 + 7);
    assertThat(shell.js("document.getElementById('types-out').textContent")).asString()
        .contains("module saw Float32Array(3)").contains("page got back bigint 1099511627776n");
    assertThat(shell.js("document.getElementById('gray-canvas').dataset.gray")).isEqualTo("true");
    assertThat(shell.js("document.getElementById('speed-out').textContent")).asString()
        .contains("p50").contains("(bytes intact)");
    assertThat(shell.js("document.getElementById('refuse-out').textContent")).asString()
        .contains("at $.config.onDone").contains("reference cycle at $.b.a");
    assertThat(shell.js("document.getElementById('native-out').textContent")).asString()
        .contains("module native-echo#").contains("typed values came back intact");
    shell.awaitJs("document.getElementById('embed-out').textContent.startsWith('module mandelbrot#')");
  }
}
