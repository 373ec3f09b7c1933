package dev.pepperjack.uitests;

import static dev.pepperjack.uitests.ShellDriver.fx;
import static dev.pepperjack.uitests.ShellDriver.page;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** An {@code <embed>} module's frames all reach its canvas and the screen, whatever else the page does. */
class EmbedUiTest extends ShellUiTest {
  private static final int W = 220;
  private static final int H = 140;

  @Test
  void everyBandOfTheEmbedIsDrawnWhileOtherRepliesFloodInAndAListenerThrows() {
    fx(() -> shell.browser.openTab(page("embed.html")));
    shell.awaitPage(page("embed.html"));
    // 140 rows in bands of 4: 35 frames; every row of the canvas drawn, in the Mandelbrot colours.
    assertThat(shell.awaitJs("window.bandResult")).isEqualTo("frames=35 blank= wrong=");

    // And on screen: every row of what the WebView shows there has the canvas's own pixels.
    String[] at = ((String) shell.js("window.canvasAt")).split(",");
    int left = Integer.parseInt(at[0]);
    int top = Integer.parseInt(at[1]);
    String canvasRows = (String) shell.js("(() => { const d = document.querySelector('canvas')"
        + ".getContext('2d').getImageData(0, 0, " + W + ", " + H + ").data; const out = [];"
        + " for (let y = 0; y < " + H + "; y++) for (const x of [0, 57, 110, 163, " + (W - 1) + "])"
        + " { const o = (y * " + W + " + x) * 4; out.push((d[o] << 16) | (d[o + 1] << 8) | d[o + 2]); }"
        + " return out.join(','); })()");
    String[] want = canvasRows.split(",");
    List<String> unpainted = new ArrayList<>();
    // A repaint may still be on its way: look for a few seconds before calling a row unpainted.
    long deadline = System.nanoTime() + 10_000_000_000L;
    do {
      WritableImage shot = fx(() -> shell.current().view().snapshot(null, null));
      PixelReader px = shot.getPixelReader();
      unpainted.clear();
      int i = 0;
      for (int y = 0; y < H; y++) {
        for (int x : new int[] {0, 57, 110, 163, W - 1}) {
          int argb = px.getArgb(left + x, top + y);
          int rgb = Integer.parseInt(want[i++]);
          if (!close(argb, rgb)) {
            unpainted.add(y + ":" + x + "=" + Integer.toHexString(argb & 0xffffff) + "/" + Integer.toHexString(rgb));
          }
        }
      }
      if (unpainted.isEmpty()) {
        break;
      }
      WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
    } while (System.nanoTime() < deadline);
    assertThat(unpainted).isEmpty();
  }

  private static boolean close(int argb, int rgb) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((argb >> shift) & 255) - ((rgb >> shift) & 255)) > 2) {
        return false;
      }
    }
    return true;
  }
}
