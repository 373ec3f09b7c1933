package dev.pepperjack.bridge.message;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How a waiting receiver (or a sender waiting for space) waits: the choice that decides latency.
 * Implementations: {@link #spinThenPark()} (the default), {@link #blocking()}, {@link #busySpin()}.
 */
public interface WaitStrategy {
  /**
   * Waits until {@code ready} is true or {@code timeout} passes.
   *
   * @return whether {@code ready} became true
   */
  boolean await(BooleanSupplier ready, Duration timeout) throws InterruptedException;

  /** Wakes every thread waiting in {@link #await}; cheap when nobody waits. */
  void signalAll();

  /**
   * Wait busily for 50 µs (spin 1 µs, then yield the CPU between checks), then park until
   * signalled: microsecond hand-overs whether the two threads share a core or not, and no core
   * burnt by a receiver that gets nothing.
   */
  static WaitStrategy spinThenPark() {
    return SpinThenParkWait.withDefaults();
  }

  /** Wait busily for {@code busy} (spin at most 1 µs of it, yield the rest), then park. */
  static WaitStrategy spinThenPark(Duration busy) {
    return SpinThenParkWait.spinning(busy);
  }

  /** Park at once: no CPU burnt, tens of microseconds per hand-over. */
  static WaitStrategy blocking() {
    return BlockingWait.create();
  }

  /** Spin without parking: the lowest latency, a core burnt while waiting. */
  static WaitStrategy busySpin() {
    return BusySpinWait.create();
  }
}
