package dev.pepperjack.bridge.message;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits busily for a short budget, then parks. Waiters register themselves so that {@link
 * #signalAll()} costs one volatile read when nobody is parked.
 *
 * <p>The busy part spins for at most {@link #SPIN_NANOS} and yields the CPU for the rest. A pure
 * spin is only cheap while the two threads run on different cores: when the scheduler puts them on
 * one core (a loaded machine, or Linux waking a thread on its waker's core), the spinning thread
 * holds the core its partner needs to produce the very thing it waits for, so every hand-over
 * costs the whole spin budget. With 50 µs of spin per side, a module round trip read 116-118 µs
 * however loaded the machine was (on one core: 118 µs); yielding after 1 µs brings the same round
 * trip to ~10-13 µs on one core and leaves the two-core case at 5-7 µs.
 */
final class SpinThenParkWait implements WaitStrategy {
  /** Pure spin before yielding: enough for a hand-over already in flight on another core. */
  static final long SPIN_NANOS = 1_000;
  /** Busy waiting before parking by default: a module that gets nothing parks after this. */
  static final long DEFAULT_BUSY_NANOS = 50_000;

  private final long spinNanos;
  private final long busyNanos;
  private final ConcurrentLinkedQueue<Thread> parked = new ConcurrentLinkedQueue<>();
  private volatile int parkedCount;

  private SpinThenParkWait(long busyNanos) {
    if (busyNanos < 0) {
      throw new IllegalArgumentException("busy wait must not be negative: " + busyNanos + " ns");
    }
    this.spinNanos = Math.min(SPIN_NANOS, busyNanos);
    this.busyNanos = busyNanos;
  }

  /** Waits busily for 50 µs (1 µs spinning, then yielding) before parking. */
  static SpinThenParkWait withDefaults() {
    return new SpinThenParkWait(DEFAULT_BUSY_NANOS);
  }

  /** Waits busily for {@code busy} (at most 1 µs of it spinning, then yielding) before parking. */
  static SpinThenParkWait spinning(Duration busy) {
    return new SpinThenParkWait(busy.toNanos());
  }

  @Override
  public boolean await(BooleanSupplier ready, Duration timeout) throws InterruptedException {
    if (ready.getAsBoolean()) {
      return true;
    }
    long start = System.nanoTime();
    long timeoutNanos = timeout.toNanos();
    long deadline = start + timeoutNanos;
    long spinUntil = start + Math.min(spinNanos, timeoutNanos);
    while (System.nanoTime() - spinUntil < 0) {
      Thread.onSpinWait();
      if (ready.getAsBoolean()) {
        return true;
      }
    }
    long busyUntil = start + Math.min(busyNanos, timeoutNanos);
    while (System.nanoTime() - busyUntil < 0) {
      // Lets a partner that shares this core run now rather than when the time slice ends.
      Thread.yield();
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
