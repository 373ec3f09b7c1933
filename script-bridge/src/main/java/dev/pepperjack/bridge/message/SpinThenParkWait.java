package dev.pepperjack.bridge.message;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Spins briefly (a hand-over within microseconds is the common case), then parks. Waiters register
 * themselves so that {@link #signalAll()} costs one volatile read when nobody is parked.
 */
final class SpinThenParkWait implements WaitStrategy {
  private final long spinNanos;
  private final ConcurrentLinkedQueue<Thread> parked = new ConcurrentLinkedQueue<>();
  private volatile int parkedCount;

  private SpinThenParkWait(long spinNanos) {
    this.spinNanos = spinNanos;
  }

  /** Spins for 50 µs before parking. */
  static SpinThenParkWait withDefaults() {
    return new SpinThenParkWait(50_000);
  }

  static SpinThenParkWait spinning(Duration spin) {
    return new SpinThenParkWait(spin.toNanos());
  }

  @Override
  public boolean await(BooleanSupplier ready, Duration timeout) throws InterruptedException {
    if (ready.getAsBoolean()) {
      return true;
    }
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long spinUntil = start + Math.min(spinNanos, timeout.toNanos());
    while (System.nanoTime() < spinUntil) {
      Thread.onSpinWait();
      if (ready.getAsBoolean()) {
        return true;
      }
    }
    Thread me = Thread.currentThread();
    parked.add(me);
    synchronized (this) {
      parkedCount++;
    }
    try {
      while (true) {
        // Re-check after registering: a signal sent before registration would otherwise be missed.
        if (ready.getAsBoolean()) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        LockSupport.parkNanos(this, Math.min(left, 1_000_000_000L));
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    } finally {
      parked.remove(me);
      synchronized (this) {
        parkedCount--;
      }
    }
  }

  @Override
  public void signalAll() {
    if (parkedCount == 0) {
      return;
    }
    for (Thread t : parked) {
      LockSupport.unpark(t);
    }
  }
}
