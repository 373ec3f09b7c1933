package dev.pepperjack.shell.internal;

import javafx.application.Platform;
import javafx.scene.web.WebView;
import netscape.javascript.JSObject;

/** Scratch: times upload and download legs separately against the real InProcessHttp/BulkChannel. */
public final class LegBench {
  public static final class Bridge {
    final BulkChannel ch;
    Bridge(BulkChannel ch) { this.ch = ch; }
    public String offer(int size) { return Long.toString(ch.offer(dev.pepperjack.bridge.ArrayBufferVar.wrap(new byte[size]))); }
    public int take(String id, int size) { return ch.take(Long.parseLong(id), size).length; }
    public double now() { return System.nanoTime() / 1e6; }
    public double cpu() { return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e6; }
    public void log(String s) { System.out.println(s); }
    public void done() { Platform.exit(); }
  }
  static Bridge bridge;
  // Held: a WebView nothing references is collected with its page, which aborts the XHRs in
  // flight (status -1) and stops the page's timers; that was the harness's "failure after 3-15
  // requests" (a GC came every few 16 MiB requests).
  static WebView view;

  public static void main(String[] a) throws Exception {
    InProcessHttp.install();
    BulkChannel ch = new BulkChannel(InProcessHttp.ORIGIN, 64L << 20, 512L << 20, s -> System.out.println("REFUSED " + s));
    InProcessHttp.register(ch);
    bridge = new Bridge(ch);
    String js = new String(LegBench.class.getResourceAsStream("/legbench.js").readAllBytes());
    Platform.startup(() -> {
      if (Boolean.getBoolean("batch")) System.out.println("batched: " + BatchedWebCallbacks.install());
      WebView v = new WebView();
      view = v;
      v.getEngine().getLoadWorker().stateProperty().addListener((o, p, s) -> {
        if (s == javafx.concurrent.Worker.State.SUCCEEDED) {
          JSObject w = (JSObject) v.getEngine().executeScript("window");
          w.setMember("J", bridge);
          v.getEngine().executeScript("var PLAN='" + System.getProperty("plan", "up:1:3") + "', BASE='" + ch.base() + "', K='" + ch.secret() + "';" + js);
        }
      });
      v.getEngine().load(InProcessHttp.START_PAGE);
    });
  }
}
