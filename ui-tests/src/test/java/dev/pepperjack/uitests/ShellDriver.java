package dev.pepperjack.uitests;

import static org.assertj.core.api.Assertions.fail;

import dev.pepperjack.broker.ModuleCatalog;
import dev.pepperjack.shell.Browser;
import dev.pepperjack.shell.BrowserTab;
import dev.pepperjack.shell.internal.JscCalls;
import dev.pepperjack.shell.internal.ViewMemory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.concurrent.Worker;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real shell in a TestFX stage and drives it the way a user would. */
final class ShellDriver {
  // Generous: the first GraalJS module of a JVM starts in seconds on a busy 2-core machine.
  static final Duration WAIT = Duration.ofSeconds(90);

  final FxRobot robot = new FxRobot();
  Browser browser;
  /** The driver whose log a timeout reports. */
  private static ShellDriver current;

  /** The dev console's last entries, for failure messages. */
  String devLogTail() {
    if (browser == null) {
      return "";
    }
    try {
      return fx(() -> {
        browser.devConsole().pull();
        var rows = browser.devConsole().rows();
        StringBuilder sb = new StringBuilder();
        rows.subList(Math.max(0, rows.size() - 25), rows.size()).forEach(e -> sb.append(e.module())
            .append(' ').append(e.direction()).append(' ').append(e.kind()).append(' ')
            .append(e.text()).append('\n'));
        return sb.toString();
      });
    } catch (AssertionError e) {
      return "(log unavailable)";
    }
  }

  void start() throws TimeoutException {
    current = this;
    FxToolkit.registerPrimaryStage();
    ModuleCatalog catalog = ModuleCatalog.withInstalledHosts(
        List.of(Path.of(System.getProperty("pepperjack.sampleModules")), resource("modules")));
    FxToolkit.setupStage((Stage stage) -> {
      browser = new Browser(catalog, page("one.html"));
      stage.setScene(browser.createScene(1000, 720));
      stage.show();
    });
    // At once rather than after the first page (Browser does that), so every test sees one path.
    fx(JscCalls::check);
    fx(ViewMemory::check);
  }

  void stop() throws TimeoutException {
    fx(() -> {
      browser.shutdown();
      return null;
    });
    FxToolkit.cleanupStages();
  }

  static Path resource(String name) {
    try {
      return Path.of(ShellDriver.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A test page's file:// URL. */
  static String page(String name) {
    return resource("pages/" + name).toUri().toString();
  }

  /** Runs {@code c} on the FX thread and returns its result. */
  static <T> T fx(Callable<T> c) {
    try {
      return WaitForAsyncUtils.asyncFx(c).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("FX call failed", e);
    }
  }

  /** Waits until {@code condition} (evaluated on the FX thread) holds. */
  static void eventually(String what, Callable<Boolean> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(fx(condition))) {
          return;
        }
      } catch (AssertionError | RuntimeException e) {
        last = e;
      }
      WaitForAsyncUtils.sleep(50, TimeUnit.MILLISECONDS);
    }
    fail("timed out waiting for " + what + (last == null ? "" : ": " + last) + "\nshell log:\n"
        + current.devLogTail());
  }

  BrowserTab current() {
    return fx(() -> browser.current());
  }

  /** Evaluates JavaScript in the current page. */
  Object js(String script) {
    return fx(() -> browser.current().engine().executeScript(script));
  }

  /** Waits for the current tab to show {@code url} with the page API injected. */
  void awaitPage(String url) {
    eventually("page " + url, () -> {
      BrowserTab t = browser.current();
      return t.engine().getLoadWorker().getState() == Worker.State.SUCCEEDED
          && url.equals(t.engine().getLocation()) && t.session() != null
          && Boolean.TRUE.equals(t.engine().executeScript("!!window.pepperjack"));
    });
  }

  /** Ctrl+L, type, Enter: the way a user opens an address. */
  void typeAddress(String url) {
    robot.press(KeyCode.CONTROL, KeyCode.L).release(KeyCode.L, KeyCode.CONTROL);
    eventually("address bar focused", () -> browser.addressBar().isFocused());
    // Typing each character through the robot costs ~60 ms; set the text, then press Enter.
    fx(() -> {
      browser.addressBar().setText(url);
      return null;
    });
    robot.type(KeyCode.ENTER);
  }

  void keys(KeyCode... combo) {
    robot.press(combo);
    for (int i = combo.length - 1; i >= 0; i--) {
      robot.release(combo[i]);
    }
  }

  /** Waits for a JavaScript expression in the current page to be truthy, then returns its value. */
  Object awaitJs(String expression) {
    eventually(expression, () -> {
      Object v = browser.current().engine().executeScript(expression);
      return v != null && !"undefined".equals(v) && !Boolean.FALSE.equals(v) && !"".equals(v);
    });
    return js(expression);
  }

  /** Clicks the middle of the element with {@code id} in the current page, with the mouse. */
  void clickElement(String id) {
    Point2D p = fx(() -> {
      BrowserTab t = browser.current();
      String r = (String) t.engine().executeScript("(() => { const r = document.getElementById('"
          + id + "').getBoundingClientRect(); return (r.left + r.width / 2) + ',' + (r.top + r.height / 2); })()");
      String[] xy = r.split(",");
      return t.view().localToScreen(Double.parseDouble(xy[0]), Double.parseDouble(xy[1]));
    });
    robot.clickOn(p);
  }
}
