package dev.pepperjack.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BatchedWebCallbacksTest {
  private static final long LONG = 10_000_000_000L;

  /** Turns handed to "the FX thread"; the test runs them itself, in order. */
  private final List<Runnable> turns = new ArrayList<>();
  /** What ran, as "callback@turn". */
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private int turn;

  private void runTurns() {
    while (turn < turns.size()) {
      turns.get(turn++).run();
    }
  }

  /** Callback A asks another thread to post B 20 ms later, as a loader refilling a buffer does. */
  private void postAThenLateB(BatchedWebCallbacks callbacks) {
    callbacks.postOnEventThread(() -> {
      ran.add("A@" + turn);
      Thread.ofPlatform().start(() -> {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        callbacks.postOnEventThread(() -> ran.add("B@" + turn));
      });
    });
  }

  @Test
  void aTurnThatRanCallbacksWaitsForTheNextOnesInsteadOfEndingAtOnce() {
    // Waits without limit but within a turn of 1 s: B, posted 20 ms in, runs in A's turn.
    BatchedWebCallbacks callbacks =
        new BatchedWebCallbacks(1_000_000_000L, LONG, turns::add, r -> true);
    postAThenLateB(callbacks);
    turns.get(turn++).run();
    assertThat(ran).containsExactly("A@1", "B@1");
    // B also asked for a turn of its own: that one has nothing to run and ends without waiting.
    assertThat(turns).hasSize(2);
    long t0 = System.nanoTime();
    turns.get(turn++).run();
    assertThat(System.nanoTime() - t0).isLessThan(500_000_000L);
    assertThat(ran).hasSize(2);
  }

  @Test
  void withoutTheWaitALateCallbackGetsATurnOfItsOwn() throws InterruptedException {
    BatchedWebCallbacks callbacks = new BatchedWebCallbacks(LONG, 0, turns::add, r -> true);
    postAThenLateB(callbacks);
    runTurns();
    assertThat(ran).containsExactly("A@1");
    Thread.sleep(200);
    runTurns();
    assertThat(ran).containsExactly("A@1", "B@2");
  }

  @Test
  void onlyCallbacksWorthWaitingAfterMakeATurnWait() throws InterruptedException {
    // As a turn that ran only the engine's own tasks: it ends at once, whatever the wait allows.
    BatchedWebCallbacks callbacks = new BatchedWebCallbacks(LONG, LONG, turns::add, r -> false);
    postAThenLateB(callbacks);
    long t0 = System.nanoTime();
    runTurns();
    assertThat(System.nanoTime() - t0).isLessThan(LONG / 2);
    assertThat(ran).containsExactly("A@1");
    Thread.sleep(200);
    runTurns();
    assertThat(ran).containsExactly("A@1", "B@2");
  }

  @Test
  void theWaitEndsWithTheTurnsTimeBudget() {
    BatchedWebCallbacks callbacks = new BatchedWebCallbacks(1_000_000, LONG, turns::add, r -> true);
    callbacks.postOnEventThread(() -> ran.add("A@" + turn));
    long t0 = System.nanoTime();
    runTurns();
    assertThat(ran).containsExactly("A@1");
    assertThat(System.nanoTime() - t0).isLessThan(LONG / 2);
  }

  @Test
  void aFailingCallbackIsReportedAndTheRestStillRun() {
    BatchedWebCallbacks callbacks = new BatchedWebCallbacks(LONG, 0, turns::add, r -> true);
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before = Thread.currentThread().getUncaughtExceptionHandler();
    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
    try {
      callbacks.postOnEventThread(() -> {
        throw new IllegalStateException("boom");
      });
      callbacks.postOnEventThread(() -> ran.add("after@" + turn));
      runTurns();
    } finally {
      Thread.currentThread().setUncaughtExceptionHandler(before);
    }
    assertThat(reported).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
    assertThat(ran).containsExactly("after@1");
  }
}
