package dev.pepperjack.bridge.message;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Parks at once on a monitor: no CPU burnt, but each hand-over costs a wake-up (tens of µs). */
final class BlockingWait implements WaitStrategy {
  private final Object monitor = new Object();
  private int waiters;

  private BlockingWait() {}

  static BlockingWait create() {
    return new BlockingWait();
  }

  @Override
  public boolean await(BooleanSupplier ready, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      waiters++;
      try {
        while (!ready.getAsBoolean()) {
          long leftMs = (deadline - System.nanoTime()) / 1_000_000;
          if (leftMs <= 0) {
            return ready.getAsBoolean();
          }
          monitor.wait(Math.min(leftMs, 1000));
        }
        return true;
      } finally {
        waiters--;
      }
    }
  }

  @Override
  public void signalAll() {
    synchronized (monitor) {
      if (waiters > 0) {
        monitor.notifyAll();
      }
    }
  }
}
