package dev.pepperjack.bridge.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WaitStrategyTest {
  static Stream<Arguments> strategies() {
    return Stream.of(
        Arguments.of("spinThenPark", (Supplier<WaitStrategy>) WaitStrategy::spinThenPark),
        Arguments.of("spinThenPark(0)",
            (Supplier<WaitStrategy>) () -> WaitStrategy.spinThenPark(Duration.ZERO)),
        Arguments.of("blocking", (Supplier<WaitStrategy>) WaitStrategy::blocking),
        Arguments.of("busySpin", (Supplier<WaitStrategy>) WaitStrategy::busySpin));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void returnsAtOnceWhenAlreadyReady(String name, Supplier<WaitStrategy> strategy)
      throws InterruptedException {
    assertThat(strategy.get().await(() -> true, Duration.ZERO)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void reportsATimeoutAsFalse(String name, Supplier<WaitStrategy> strategy)
      throws InterruptedException {
    assertThat(strategy.get().await(() -> false, Duration.ofMillis(20))).isFalse();
    assertThat(strategy.get().await(() -> false, Duration.ofNanos(1))).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void wakesAWaiterWhenTheConditionIsSignalled(String name, Supplier<WaitStrategy> strategy)
      throws InterruptedException {
    WaitStrategy wait = strategy.get();
    AtomicBoolean ready = new AtomicBoolean();
    AtomicReference<Object> result = new AtomicReference<>();
    Thread waiter = Thread.ofPlatform().start(() -> {
      try {
        result.set(wait.await(ready::get, Duration.ofSeconds(30)));
      } catch (InterruptedException e) {
        result.set(e);
      }
    });
    Thread.sleep(20);
    ready.set(true);
    wait.signalAll();
    waiter.join(Duration.ofSeconds(30));
    assertThat(result.get()).isEqualTo(true);
  }

  @Test
  void spinThenParkParksAWaiterThatGetsNothing() throws InterruptedException {
    WaitStrategy wait = WaitStrategy.spinThenPark();
    AtomicBoolean ready = new AtomicBoolean();
    AtomicReference<Object> result = new AtomicReference<>();
    Thread waiter = Thread.ofPlatform().start(() -> {
      try {
        result.set(wait.await(ready::get, Duration.ofSeconds(60)));
      } catch (InterruptedException e) {
        result.set(e);
      }
    });
    // The busy budget is 50 µs; however loaded the machine, the waiter must end up parked.
    long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < giveUp) {
      Thread.sleep(5);
    }
    assertThat(waiter.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    ready.set(true);
    wait.signalAll();
    waiter.join(Duration.ofSeconds(30));
    assertThat(result.get()).isEqualTo(true);
  }

  @Test
  void spinThenParkPassesAnInterruptOnOnceParked() throws InterruptedException {
    WaitStrategy wait = WaitStrategy.spinThenPark();
    AtomicReference<Object> result = new AtomicReference<>();
    Thread waiter = Thread.ofPlatform().start(() -> {
      try {
        result.set(wait.await(() -> false, Duration.ofSeconds(60)));
      } catch (InterruptedException e) {
        result.set(e);
      }
    });
    long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < giveUp) {
      Thread.sleep(5);
    }
    waiter.interrupt();
    waiter.join(Duration.ofSeconds(30));
    assertThat(result.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void refusesANegativeBusyWait() {
    assertThatThrownBy(() -> WaitStrategy.spinThenPark(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1 ns");
  }
}
