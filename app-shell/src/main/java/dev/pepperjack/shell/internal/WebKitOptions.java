package dev.pepperjack.shell.internal;

/**
 * Process-wide WebKit settings; each is read once, when the first {@code WebEngine} is made.
 *
 * <p>JavaScriptCore's optimizing tier (DFG): JavaFX ships it compiled in but off (its
 * {@code WebPage} reads {@code com.sun.webkit.useDFGJIT}, default false, and overrides JSC's own
 * options with it), so page script never leaves the baseline JIT. Measured with it on: code that
 * walks objects (like the page API's checking pass) runs about 2x faster, JSON calls are
 * unchanged (app-shell/README.md). {@code -Dcom.sun.webkit.useDFGJIT=false} keeps JavaFX's
 * default.
 */
public final class WebKitOptions {
  static final String DFG = "com.sun.webkit.useDFGJIT";

  private WebKitOptions() {}

  /** Call before the first WebView or WebEngine exists; later calls change nothing. */
  public static void apply() {
    if (System.getProperty(DFG) == null) {
      System.setProperty(DFG, "true");
    }
  }
}
