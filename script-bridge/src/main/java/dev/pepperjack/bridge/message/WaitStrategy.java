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

  /** Spin about {@code spinNanos}, yield, then park until signalled. */
  static WaitStrategy spinThenPark() {
    return SpinThenParkWait.withDefaults();
  }

  /** Spin about {@code spin}, yield, then park until signalled. */
  static WaitStrategy spinThenPark(Duration spin) {
    return SpinThenParkWait.spinning(spin);
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
