package dev.pepperjack.shell.internal;

/**
 * The shell's setting for the GraalJS engine its script modules share, applied before the engine
 * is made (polyglot reads {@code polyglot.*} system properties when it builds an engine).
 *
 * <p>{@code engine.Mode=latency}: Truffle compiles with fewer optimizations, and so sooner. On two
 * cores the compiler thread takes a whole core for ~25 s after a module starts in the default mode,
 * and a page's round trips pay for it (≈1 KB dict p50 143–158 µs and p99 4.3–5.0 ms in the first
 * measured phase, against 74–82 µs and 0.3–0.5 ms in latency mode, alternating runs:
 * app-shell/README.md). A page-driven module is latency-bound; peak throughput inside the module
 * matters less than reaching it. {@code -Dpolyglot.engine.Mode=default} keeps GraalJS's default.
 */
public final class JsEngineOptions {
  static final String MODE = "polyglot.engine.Mode";

  private JsEngineOptions() {}

  /** Call before the first module host is made; later calls change nothing. */
  public static void apply() {
    if (System.getProperty(MODE) == null) {
      System.setProperty(MODE, "latency");
    }
  }
}
