package dev.pepperjack.bridge.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConcurrentSendersTest {
  private static final int SENDERS = 8;
  private static final int PER_SENDER = 5_000;

  /**
   * Eight threads send through a small queue (so they hit backpressure and wait) while one receiver
   * drains it: every message arrives exactly once, and each sender's messages of one weight arrive in
   * the order sent.
   */
  @ParameterizedTest
  @EnumSource(Ordering.class)
  void nothingIsLostDuplicatedOrReorderedWithinAWeight(Ordering ordering) throws Exception {
    MessageQueue q = MessageQueue.create(
        QueueConfig.named("busy").withCapacity(64).withOrdering(ordering));
    SecurityContext ctx = new SecurityContext("test://senders", SandboxType.HOST, Set.of());
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    CountDownLatch start = new CountDownLatch(1);
    for (int s = 0; s < SENDERS; s++) {
      int sender = s;
      pool.submit(() -> {
        MessageQueue.Sender out = q.sender("sender-" + sender, ctx);
        start.await();
        for (int i = 0; i < PER_SENDER; i++) {
          int weight = i % 3;
          Dictionary d = Dictionary.of("s", IntVar.of(sender), "i", IntVar.of(i),
              "tag", StringVar.of("m" + i));
          out.sendAwait(d, SendOptions.weight(weight), Duration.ofSeconds(60));
        }
        return null;
      });
    }
    start.countDown();

    Set<Long> seen = new HashSet<>();
    Map<String, Integer> lastIndex = new HashMap<>();
    List<String> problems = new ArrayList<>();
    int received = 0;
    while (received < SENDERS * PER_SENDER) {
      Message m = q.poll(Duration.ofSeconds(30));
      assertThat(m).as("message %d arrived", received).isNotNull();
      Dictionary d = (Dictionary) m.value();
      int sender = ((IntVar) d.get("s")).value();
      int i = ((IntVar) d.get("i")).value();
      if (!seen.add((long) sender << 32 | i)) {
        problems.add("duplicate " + sender + "/" + i);
      }
      String stream = sender + "@" + m.envelope().weight();
      Integer prev = lastIndex.put(stream, i);
      if (prev != null && prev >= i) {
        problems.add("reordered " + stream + ": " + i + " after " + prev);
      }
      if (m.envelope().sequence() != i + 1) {
        problems.add("sequence " + m.envelope().sequence() + " for index " + i);
      }
      received++;
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(problems).isEmpty();
    assertThat(seen).hasSize(SENDERS * PER_SENDER);
    assertThat(q.poll()).isNull();
  }
}
