package dev.pepperjack.uitests;

import static dev.pepperjack.uitests.ShellDriver.fx;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** The built-in start page runs its demos live against the installed module hosts. */
class StartPageUiTest extends ShellUiTest {

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
        .contains("p50").contains("(bytes intact)").contains("(given up, bytes intact)");
    assertThat(shell.js("document.getElementById('refuse-out').textContent")).asString()
        .contains("at $.config.onDone").contains("reference cycle at $.b.a");
    assertThat(shell.js("document.getElementById('native-out').textContent")).asString()
        .contains("module native-echo#").contains("typed values came back intact");
    shell.awaitJs("document.getElementById('embed-out').textContent.startsWith('module mandelbrot#')");
  }

  @Test
  void measureAgainWarmsUpFirstThenReportsWarmFigures() {
    fx(() -> shell.browser.openTab("about:start"));
    shell.awaitPage("http://pepperjack.invalid/start.html");
    shell.awaitJs("document.body.dataset.ready === 'true'");
    assertThat(shell.js("document.getElementById('speed-out').textContent")).asString()
        .contains("(300, cold: just after start-up)").contains("\"Measure again\" warms up first");
    shell.js("document.getElementById('speed-run').scrollIntoView()");
    shell.clickElement("speed-run");
    shell.awaitJs("document.getElementById('speed-out').textContent.includes('warm: after')");
    assertThat(shell.js("document.getElementById('speed-out').textContent")).asString()
        .containsPattern("\\(1000, warm: after [1-9]\\d* to warm up\\): p50 \\d+ µs, p99 \\d+ µs")
        .containsPattern("median of 5: [1-9]\\d* MB/s \\(bytes intact\\)")
        .contains("(given up, bytes intact)")
        .doesNotContain("cold");
  }

  @Test
  void grayscaleDemoTurnsTheCanvasGrayOnScreenNotOnlyInItsPixels() {
    fx(() -> shell.browser.openTab("about:start"));
    shell.awaitPage("http://pepperjack.invalid/start.html");
    shell.awaitJs("document.getElementById('gray-canvas').dataset.gray === 'true'");
    // Where the canvas's picture is in the WebView (inside its 1 px border), and what it holds.
    String[] at = ((String) shell.js("(() => { const c = document.getElementById('gray-canvas');"
        + " const r = c.getBoundingClientRect(); return Math.round(r.left + c.clientLeft) + ','"
        + " + Math.round(r.top + c.clientTop); })()")).split(",");
    int left = Integer.parseInt(at[0]);
    int top = Integer.parseInt(at[1]);
    int[] xs = {5, 55, 110, 165, 214};
    int[] ys = {5, 30, 80, 100, 114};
    String canvasPixels = (String) shell.js("(() => { const d = document.getElementById('gray-canvas')"
        + ".getContext('2d').getImageData(0, 0, 220, 120).data; const out = [];"
        + " for (const y of [5, 30, 80, 100, 114]) for (const x of [5, 55, 110, 165, 214])"
        + " { const o = (y * 220 + x) * 4; out.push((d[o] << 16) | (d[o + 1] << 8) | d[o + 2]); }"
        + " return out.join(','); })()");
    String[] want = canvasPixels.split(",");
    for (String rgb : want) {
      assertThat(isGray(Integer.parseInt(rgb))).as("canvas pixel %s", Integer.toHexString(Integer.parseInt(rgb))).isTrue();
    }
    // On screen: the same gray where the gradient (never gray at these points) was. A repaint may
    // still be on its way: look for a few seconds before calling a point unpainted.
    List<String> colored = new ArrayList<>();
    long deadline = System.nanoTime() + 10_000_000_000L;
    do {
      WritableImage shot = fx(() -> shell.current().view().snapshot(null, null));
      PixelReader px = shot.getPixelReader();
      colored.clear();
      int i = 0;
      for (int y : ys) {
        for (int x : xs) {
          int argb = px.getArgb(left + x, top + y);
          int rgb = Integer.parseInt(want[i++]);
          if (!close(argb, rgb)) {
            colored.add(x + "," + y + "=" + Integer.toHexString(argb & 0xffffff) + "/" + Integer.toHexString(rgb));
          }
        }
      }
      if (colored.isEmpty()) {
        break;
      }
      WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
    } while (System.nanoTime() < deadline);
    assertThat(colored).as("points of the grayscale canvas not showing its gray pixels on screen (screen/canvas)").isEmpty();
  }

  private static boolean close(int argb, int rgb) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((argb >> shift) & 255) - ((rgb >> shift) & 255)) > 2) {
        return false;
      }
    }
    return true;
  }

  private static boolean isGray(int rgb) {
    int r = (rgb >> 16) & 255;
    int g = (rgb >> 8) & 255;
    int b = rgb & 255;
    return Math.abs(r - g) <= 3 && Math.abs(g - b) <= 3;
  }
}
