package dev.pepperjack.bridge.message;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Spins until ready: the lowest hand-over latency, one core burnt per waiter. */
final class BusySpinWait implements WaitStrategy {
  private BusySpinWait() {}

  static BusySpinWait create() {
    return new BusySpinWait();
  }

  @Override
  public boolean await(BooleanSupplier ready, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      Thread.onSpinWait();
    }
    return true;
  }

  @Override
  public void signalAll() {}
}
