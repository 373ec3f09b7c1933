package dev.pepperjack.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.shell.internal.DevLog.Direction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevConsoleTest {
  private static DevLog.Entry entry(long seq, String kind) {
    return new DevLog.Entry(seq, 0, "page", "m", Direction.SHELL, kind, -1, -1, kind + " " + seq);
  }

  @Test
  void aFloodOfMessagesNeverPushesAnErrorOut() {
    List<DevLog.Entry> rows = new ArrayList<>();
    rows.add(entry(1, "page-error"));
    for (long i = 2; i <= 10_000; i++) {
      rows.add(entry(i, "message"));
    }
    rows.add(entry(10_001, "crash"));
    List<DevLog.Entry> kept = DevConsole.trim(rows, 100);
    assertThat(kept).hasSize(100);
    assertThat(kept.get(0).kind()).isEqualTo("page-error");
    assertThat(kept.get(99).kind()).isEqualTo("crash");
    // The messages kept are the newest, still in order.
    assertThat(kept.get(1).seq()).isEqualTo(10_001 - 98);
    assertThat(kept).isSortedAccordingTo((a, b) -> Long.compare(a.seq(), b.seq()));
  }

  @Test
  void withoutMessagesToDropTheOldestGo() {
    List<DevLog.Entry> rows = new ArrayList<>();
    for (long i = 1; i <= 10; i++) {
      rows.add(entry(i, i % 2 == 0 ? "message" : "error"));
    }
    List<DevLog.Entry> kept = DevConsole.trim(rows, 3);
    assertThat(kept).extracting(DevLog.Entry::seq).containsExactly(5L, 7L, 9L);
    assertThat(DevConsole.trim(rows, 20)).isSameAs(rows);
  }
}
