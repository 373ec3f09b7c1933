package dev.pepperjack.uitests;

import static dev.pepperjack.uitests.ShellDriver.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.webkit.Invoker;
import dev.pepperjack.shell.internal.BatchedWebCallbacks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;

/** WebView's callbacks, as the shell hands them to the FX thread (BatchedWebCallbacks). */
class WebCallbacksUiTest extends ShellUiTest {

  @Test
  void callbacksFromManyThreadsRunOnTheFxThreadInTheirOrderAndAFailureCostsNoOther() throws Exception {
    Invoker invoker = Invoker.getInvoker();
    assertThat(invoker).isInstanceOf(BatchedWebCallbacks.class);
    int producers = 4;
    int each = 20_000;
    List<List<Integer>> ran = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      ran.add(Collections.synchronizedList(new ArrayList<>()));
    }
    AtomicInteger offFxThread = new AtomicInteger();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    Thread.UncaughtExceptionHandler before = fx(() -> {
      Thread.UncaughtExceptionHandler h = Thread.currentThread().getUncaughtExceptionHandler();
      Thread.currentThread().setUncaughtExceptionHandler((t, e) -> failures.add(e));
      return h;
    });
    CountDownLatch all = new CountDownLatch(producers * each);
    try {
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int producer = p;
        threads.add(Thread.ofPlatform().start(() -> {
          for (int i = 0; i < each; i++) {
            int n = i;
            Runnable r = () -> {
              if (!Platform.isFxApplicationThread()) {
                offFxThread.incrementAndGet();
              }
              ran.get(producer).add(n);
              all.countDown();
              if (producer == 0 && n == 100) {
                throw new IllegalStateException("callback 100 fails");
              }
            };
            // Loader threads use both: "invoke" runs at once only on the FX thread itself.
            if (n % 2 == 0) {
              invoker.postOnEventThread(r);
            } else {
              invoker.invokeOnEventThread(r);
            }
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(all.await(ShellDriver.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      fx(() -> {
        Thread.currentThread().setUncaughtExceptionHandler(before);
        return null;
      });
    }
    assertThat(offFxThread).hasValue(0);
    for (List<Integer> r : ran) {
      assertThat(r).hasSize(each).isSorted();
    }
    assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("callback 100 fails");
    // Still serving: a callback posted now runs.
    CountDownLatch later = new CountDownLatch(1);
    invoker.postOnEventThread(later::countDown);
    assertThat(later.await(ShellDriver.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }
}
