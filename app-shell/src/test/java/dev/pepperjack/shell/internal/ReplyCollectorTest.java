package dev.pepperjack.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplyCollectorTest {
  private static final long MIB = 1 << 20;

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicLong runs = new AtomicLong();
  /** Each collection takes 2 ms of the fake clock. */
  private final ReplyCollector collector = new ReplyCollector(16 * MIB, () -> {
    runs.incrementAndGet();
    now.addAndGet(2_000_000);
  }, now::get);

  @Test
  void collectsOnceSixteenMebibytesOfLargeRepliesHaveCome() {
    assertThat(collector.beforeLargeReplies(8 * MIB)).isFalse();
    assertThat(collector.beforeLargeReplies(8 * MIB)).isTrue();
    assertThat(runs).hasValue(1);
    assertThat(collector.beforeLargeReplies(8 * MIB)).isFalse();
  }

  @Test
  void repliesBelowFourMebibytesDoNotCount() {
    for (int i = 0; i < 100; i++) {
      assertThat(collector.beforeLargeReplies(ReplyCollector.LARGE - 1)).isFalse();
    }
    assertThat(runs).hasValue(0);
  }

  @Test
  void waitsTwiceTheLastCollectionsDurationBeforeTheNext() {
    assertThat(collector.beforeLargeReplies(16 * MIB)).isTrue();
    now.addAndGet(3_999_999);
    assertThat(collector.beforeLargeReplies(16 * MIB)).isFalse();
    now.addAndGet(1);
    assertThat(collector.beforeLargeReplies(16 * MIB)).isTrue();
    assertThat(runs).hasValue(2);
  }

  @Test
  void zeroMebibytesTurnsItOff() {
    ReplyCollector off = new ReplyCollector(0, runs::incrementAndGet, now::get);
    assertThat(off.beforeLargeReplies(64 * MIB)).isFalse();
    assertThat(runs).hasValue(0);
  }

  @Test
  void withoutJavaFxsCollectionCallItDoesNothing() {
    ReplyCollector none = new ReplyCollector(16 * MIB, null, now::get);
    assertThat(none.beforeLargeReplies(64 * MIB)).isFalse();
    assertThat(none.collections()).isZero();
  }

  @Test
  void thisJavaFxHasTheCollectionCall() {
    assertThat(ReplyCollector.available()).isTrue();
    assertThat(ReplyCollector.status()).contains("every 16 MiB");
  }
}
