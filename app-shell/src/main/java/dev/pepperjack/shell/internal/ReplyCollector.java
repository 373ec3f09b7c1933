package dev.pepperjack.shell.internal;

import java.lang.reflect.Method;
import java.util.function.LongSupplier;

/**
 * Asks JavaScriptCore for a collection before a page takes a large reply, so that the reply's
 * fresh buffer can reuse the memory of the large buffers the page has dropped.
 *
 * <p>Why: a page's reply buffer is a {@code malloc} in WebKit, and JavaScriptCore frees dropped
 * buffers only at its next collection, which its own heuristics put off for several such buffers
 * (page functions without this: 482–682 MB/s for the first 16 MiB rounds). Until then every
 * large reply takes memory the process has never touched, and on a machine where a first touch
 * is dear (~10 µs a 4 KiB page on the VM of app-shell/README.md: 45–50 ms per 16 MiB, against
 * ~1 ms to copy into touched memory) that is most of a round trip. A collection costs 1–3 ms
 * with a small page heap.
 *
 * <p>When: once at least {@code pepperjack.collectEveryMiB} (default 16; 0 turns it off) of large
 * replies (each at least {@link #LARGE} bytes) reached pages since the last collection, and at
 * least {@link #COST_FACTOR} times the last collection's duration has passed since it ended, so
 * that a page with a large heap (slow collections) is collected less often: never more than a
 * third of the FX thread's time. A larger factor let the first, slower collection of a page
 * (10–40 ms after its small-message traffic) hold the next ones off for the first large rounds.
 *
 * <p>JavaScriptCore's heap is one per process in JavaFX, so this is one per process too. FX thread
 * only, and only at the top of its event loop (not from inside a page's call).
 */
public final class ReplyCollector {
  static final String EVERY_PROPERTY = "pepperjack.collectEveryMiB";
  /** A reply counts from this size: smaller buffers are cheap to allocate fresh. */
  static final long LARGE = 4L << 20;
  /** A collection may take at most one part in COST_FACTOR + 1 of the FX thread's time. */
  static final int COST_FACTOR = 2;

  private static final Runnable JSC_COLLECT = collectCall();
  private static final ReplyCollector SHARED =
      new ReplyCollector(Long.getLong(EVERY_PROPERTY, 16) << 20, JSC_COLLECT, System::nanoTime);

  private final long every;
  private final Runnable collect;
  private final LongSupplier clock;
  private long since;
  private long lastEnd;
  private long lastCost;
  private long collections;

  ReplyCollector(long everyBytes, Runnable collect, LongSupplier clock) {
    this.every = everyBytes;
    this.collect = collect;
    this.clock = clock;
  }

  /** The process's collector (a no-op when JavaFX's collection call cannot be reached). */
  static ReplyCollector shared() {
    return SHARED;
  }

  /** Whether JavaFX's collection call could be reached in this JVM. */
  public static boolean available() {
    return JSC_COLLECT != null;
  }

  /** One line for the dev console: whether large replies get a collection first, and if not why. */
  public static String status() {
    if (JSC_COLLECT == null) {
      return "no script collection before large replies: JavaFX's collection call is closed";
    }
    return SHARED.every <= 0
        ? "no script collection before large replies (" + EVERY_PROPERTY + "=0)"
        : "script garbage is collected before large replies, every " + (SHARED.every >> 20)
            + " MiB of them at most (" + EVERY_PROPERTY + ")";
  }

  /**
   * A page is about to take replies carrying {@code bytes} of large buffers (less than
   * {@link #LARGE} counts as none): collect first if it is time. Returns whether it collected.
   */
  boolean beforeLargeReplies(long bytes) {
    if (collect == null || every <= 0 || bytes < LARGE) {
      return false;
    }
    since += bytes;
    long now = clock.getAsLong();
    if (since < every || (collections > 0 && now - lastEnd < COST_FACTOR * lastCost)) {
      return false;
    }
    collect.run();
    lastEnd = clock.getAsLong();
    lastCost = lastEnd - now;
    since = 0;
    collections++;
    return true;
  }

  /** Collections made so far. */
  long collections() {
    return collections;
  }

  /**
   * JavaFX's own full, synchronous JavaScriptCore collection (a private native of its
   * {@code WebPage}); null if this JavaFX does not have it or keeps it closed.
   */
  private static Runnable collectCall() {
    try {
      Method m = Class.forName("com.sun.webkit.WebPage")
          .getDeclaredMethod("twkDoJSCGarbageCollection");
      m.setAccessible(true);
      return () -> {
        try {
          m.invoke(null);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("JavaScriptCore collection failed", e);
        }
      };
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}
