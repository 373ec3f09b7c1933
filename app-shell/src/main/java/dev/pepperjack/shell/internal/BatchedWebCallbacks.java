package dev.pepperjack.shell.internal;

import com.sun.webkit.Invoker;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.application.Platform;

/**
 * Hands WebView's loader callbacks to the FX thread in batches rather than one
 * {@code Platform.runLater} each.
 *
 * <p>WebView's network loader threads report every 40 KiB received and every 4 KiB sent with a
 * callback on the FX thread (410 per 16 MiB downloaded, 4,096 per 16 MiB uploaded
 * asynchronously). Under GTK each {@code runLater} is a strict hand-off: glass's
 * {@code InvokeLaterDispatcher} submits one runnable to the GTK main loop and waits for it to
 * finish before submitting the next, so every callback costs two thread wake-ups and a main-loop
 * turn, and a 16 MiB download kept the FX thread busy for 20-33 ms in those turns. Here callbacks
 * wait in one FIFO queue and a single {@code runLater} runs all that have arrived, back to back,
 * in their order. WebKit reaches the FX thread through this {@code Invoker} only, so its own
 * callbacks keep their order.
 *
 * <p>A loader may have only three 40 KiB buffers out at a time; it refills one as soon as a
 * callback here hands it back. So a turn whose last callback was a loader's waits up to 100 µs for
 * the next ones ({@code -Dpepperjack.callbackSpinMicros}, 0 turns it off) before it gives the FX
 * thread back: a 16 MiB download was ~140 turns of 5-6 callbacks, each ending in a main-loop
 * wake-up (16-19 ms in all, ~170 µs a turn), and is now a few turns of several hundred (~7 ms).
 * A turn still ends after 4 ms, so painting and input keep their place.
 *
 * <p>This replaces an internal JavaFX object ({@code com.sun.webkit.Invoker}, set by
 * {@code WebEngine}'s class initializer); if that API is not there, WebView keeps its own.
 */
public final class BatchedWebCallbacks extends Invoker {
  /** Longest stretch of callbacks run in one FX-thread turn; the rest wait for the next turn. */
  private static final long TURN_NANOS = 4_000_000;
  /** How long a turn whose last callback was a loader's waits for more before it ends. */
  private static final long SPIN_NANOS = Long.getLong("pepperjack.callbackSpinMicros", 100) * 1000;
  private static boolean installed;

  private static final String LOADER_PACKAGE = "com.sun.webkit.network.";
  /** Callbacks of WebView's network loaders (the ones worth waiting for), by their class. */
  private static final ClassValue<Boolean> LOADER = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return type.getName().startsWith(LOADER_PACKAGE);
    }
  };

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final long turnNanos;
  private final long spinNanos;
  private final Consumer<Runnable> scheduleTurn;
  private final Predicate<Runnable> worthWaitingAfter;

  private BatchedWebCallbacks() {
    this(TURN_NANOS, SPIN_NANOS, Platform::runLater, r -> LOADER.get(r.getClass()));
  }

  /**
   * For tests: {@code scheduleTurn} is handed each turn to run on "the FX thread"; a turn waits for
   * more after a callback that {@code worthWaitingAfter} accepts.
   */
  BatchedWebCallbacks(long turnNanos, long spinNanos, Consumer<Runnable> scheduleTurn,
      Predicate<Runnable> worthWaitingAfter) {
    this.turnNanos = turnNanos;
    this.spinNanos = spinNanos;
    this.scheduleTurn = scheduleTurn;
    this.worthWaitingAfter = worthWaitingAfter;
  }

  /**
   * Installs the batching invoker; idempotent. Call on the FX thread before the first WebView.
   *
   * @return whether it is installed (false: this JavaFX has no such hook, WebView's own is kept)
   */
  public static synchronized boolean install() {
    if (!installed) {
      try {
        // WebEngine's class initializer sets its own invoker: it must run first.
        Class.forName("javafx.scene.web.WebEngine", true, BatchedWebCallbacks.class.getClassLoader());
        Invoker.setInvoker(new BatchedWebCallbacks());
        installed = true;
      } catch (ReflectiveOperationException | LinkageError e) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected boolean lock(ReentrantLock lock) {
    return false;
  }

  @Override
  protected boolean unlock(ReentrantLock lock) {
    return false;
  }

  @Override
  protected boolean isEventThread() {
    return Platform.isFxApplicationThread();
  }

  @Override
  public void checkEventThread() {
    if (!Platform.isFxApplicationThread()) {
      throw new IllegalStateException("Not on FX application thread; currentThread = "
          + Thread.currentThread().getName());
    }
  }

  @Override
  public void invokeOnEventThread(Runnable r) {
    if (Platform.isFxApplicationThread()) {
      r.run();
    } else {
      postOnEventThread(r);
    }
  }

  @Override
  public void postOnEventThread(Runnable r) {
    queue.add(r);
    if (scheduled.compareAndSet(false, true)) {
      scheduleTurn.accept(this::drain);
    }
  }

  private void drain() {
    // Cleared first: a callback queued from here on schedules the next turn itself.
    scheduled.set(false);
    long end = System.nanoTime() + turnNanos;
    boolean fromLoader = false;
    while (true) {
      Runnable r = queue.poll();
      if (r == null) {
        // A loader refills its buffers as soon as a callback here releases them, and posts the
        // next ones within microseconds: waiting for them briefly saves a main-loop turn each.
        r = fromLoader ? awaitNext(Math.min(end, System.nanoTime() + spinNanos)) : null;
        if (r == null) {
          break;
        }
      }
      fromLoader = worthWaitingAfter.test(r);
      try {
        r.run();
      } catch (RuntimeException | Error e) {
        // As runLater would: reported, and the callbacks after it still run.
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, e);
      }
      if (System.nanoTime() > end && !queue.isEmpty()) {
        if (scheduled.compareAndSet(false, true)) {
          scheduleTurn.accept(this::drain);
        }
        return;
      }
    }
  }

  private Runnable awaitNext(long until) {
    while (System.nanoTime() < until) {
      Runnable r = queue.poll();
      if (r != null) {
        return r;
      }
      Thread.onSpinWait();
    }
    return null;
  }
}
