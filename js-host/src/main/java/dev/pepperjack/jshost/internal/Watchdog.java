package dev.pepperjack.jshost.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread that looks at every running script module each {@link #TICK_NANOS}: a task past
 * its time is interrupted, a task past its allocation stops the module. A runaway is therefore
 * caught within a tick or two of its limit, and from outside its own thread, which it cannot block.
 */
final class Watchdog {
  static final long TICK_NANOS = 10_000_000L;
  private static final Watchdog SHARED = new Watchdog();

  private final Set<ModuleRuntime> modules = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  /** Interrupting or cancelling a context waits for it; that must not hold up the checks. */
  private final ExecutorService actions = Executors.newCachedThreadPool(
      Thread.ofPlatform().daemon().name("js-module-watchdog-action-", 0).factory());

  private Watchdog() {
    thread = Thread.ofPlatform().daemon().name("js-module-watchdog").unstarted(this::run);
    thread.start();
  }

  static Watchdog shared() {
    return SHARED;
  }

  void act(Runnable action) {
    actions.execute(action);
  }

  void register(ModuleRuntime m) {
    modules.add(m);
  }

  void unregister(ModuleRuntime m) {
    modules.remove(m);
  }

  private void run() {
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      long now = System.nanoTime();
      for (ModuleRuntime m : modules) {
        try {
          m.check(now);
        } catch (RuntimeException e) {
          // One module's failure to be checked must not stop the checks of the others.
        }
      }
    }
  }
}
