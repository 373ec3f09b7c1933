package dev.pepperjack.bridge.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.ValueRejectedException;
import dev.pepperjack.bridge.Var;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MessageQueueTest {
  private static final SecurityContext PAGE =
      new SecurityContext("https://example.org", SandboxType.PAGE, Set.of("camera"));

  private static int intOf(Message m) {
    return ((IntVar) m.value()).value();
  }

  @Test
  void pollReportsEmptyThenDeliversInFifoOrder() {
    MessageQueue q = MessageQueue.create(QueueConfig.named("inbox"));
    MessageQueue.Sender s = q.sender("page-1", PAGE);
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.poll()).isNull();
    for (int i = 0; i < 5; i++) {
      s.send(IntVar.of(i), SendOptions.weight(5 - i));
    }
    assertThat(q.isEmpty()).isFalse();
    List<Integer> got = new ArrayList<>();
    Message m;
    while ((m = q.poll()) != null) {
      got.add(intOf(m));
    }
    assertThat(got).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void weightedQueueDeliversHigherWeightFirstAndFifoAmongEquals() {
    MessageQueue q = MessageQueue.create(QueueConfig.named("w").withOrdering(Ordering.WEIGHTED));
    MessageQueue.Sender s = q.sender("renderer", PAGE);
    s.send(IntVar.of(1), SendOptions.weight(0));
    s.send(IntVar.of(2), SendOptions.weight(0));
    s.send(IntVar.of(3), SendOptions.weight(10));
    s.send(IntVar.of(4), SendOptions.weight(0));
    s.send(IntVar.of(5), SendOptions.weight(10));
    s.send(IntVar.of(6), SendOptions.weight(-1));
    List<Integer> got = new ArrayList<>();
    Message m;
    while ((m = q.poll()) != null) {
      got.add(intOf(m));
    }
    assertThat(got).containsExactly(3, 5, 1, 2, 4, 6);
  }

  @Test
  void envelopeCarriesSenderTargetSequenceAndSecurityContext() {
    MessageQueue q = MessageQueue.create(QueueConfig.named("grayscale#1"));
    MessageQueue.Sender s = q.sender("page-7", PAGE);
    s.send(StringVar.of("a"));
    s.send(StringVar.of("b"), SendOptions.weight(3));
    q.poll();
    Envelope e = q.poll().envelope();
    assertThat(e.sender()).isEqualTo("page-7");
    assertThat(e.target()).isEqualTo("grayscale#1");
    assertThat(e.sequence()).isEqualTo(2);
    assertThat(e.weight()).isEqualTo(3);
    assertThat(e.context()).isEqualTo(PAGE);
    assertThat(e.context().has("camera")).isTrue();
    assertThat(e.context().has("microphone")).isFalse();
  }

  @Test
  void receiverGetsItsOwnCopyTakenAtSend() {
    MessageQueue q = MessageQueue.create(QueueConfig.named("q"));
    Dictionary state = Dictionary.of("x", IntVar.of(1), "buf", ArrayBufferVar.copyOf(new byte[] {1}));
    q.sender("s", PAGE).send(state);
    state.put("x", IntVar.of(2));
    ((ArrayBufferVar) state.get("buf")).bytes()[0] = 9;

    Dictionary got = (Dictionary) q.poll().value();
    assertThat(got.get("x")).isEqualTo(IntVar.of(1));
    assertThat(((ArrayBufferVar) got.get("buf")).bytes()).containsExactly(1);
    got.put("x", IntVar.of(3));
    assertThat(state.get("x")).isEqualTo(IntVar.of(2));
  }

  @Test
  void lazyCopyDeliversTheNewestStateAndStillAnIndependentCopy() {
    MessageQueue q = MessageQueue.create(QueueConfig.named("input"));
    Dictionary input = Dictionary.of("mouseX", IntVar.of(0));
    q.sender("s", PAGE).send(input, SendOptions.DEFAULT.withCopyMode(CopyMode.AT_DEQUEUE));
    input.put("mouseX", IntVar.of(640));

    Dictionary got = (Dictionary) q.poll().value();
    assertThat(got.get("mouseX")).isEqualTo(IntVar.of(640));
    assertThat(got).isNotSameAs(input);
    input.put("mouseX", IntVar.of(1));
    assertThat(got.get("mouseX")).isEqualTo(IntVar.of(640));
  }

  @Test
  void transferQueuesTheSendersOwnValueUncopiedButStillChecked() {
    MessageQueue q = MessageQueue.create(QueueConfig.named("decoded"));
    ArrayBufferVar buf = ArrayBufferVar.copyOf(new byte[] {1, 2, 3});
    Dictionary decoded = Dictionary.of("buf", buf);
    q.sender("s", PAGE).send(decoded, SendOptions.DEFAULT.withCopyMode(CopyMode.TRANSFER));

    Dictionary got = (Dictionary) q.poll().value();
    assertThat(got).isSameAs(decoded);
    assertThat(((ArrayBufferVar) got.get("buf")).bytes()).isSameAs(buf.bytes());

    Dictionary cyclic = new Dictionary();
    cyclic.put("self", cyclic);
    assertThatThrownBy(() -> q.sender("s", PAGE).send(cyclic, SendOptions.DEFAULT.withCopyMode(CopyMode.TRANSFER)))
        .isInstanceOf(ValueRejectedException.class)
        .hasMessageContaining("$.self");
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void fullQueueRefusesAtOnceWithATypedErrorAndKeepsWhatItHas() {
    MessageQueue q = MessageQueue.create(QueueConfig.named("small").withCapacity(2));
    MessageQueue.Sender s = q.sender("s", PAGE);
    s.send(IntVar.of(1));
    s.send(IntVar.of(2));
    assertThatThrownBy(() -> s.send(IntVar.of(3)))
        .isInstanceOf(QueueFullException.class)
        .hasMessageContaining("'small' is full (2 messages)");
    assertThat(q.size()).isEqualTo(2);
    assertThat(intOf(q.poll())).isEqualTo(1);
    assertThat(s.send(IntVar.of(3))).isEqualTo(3);
  }

  @Test
  void sendAwaitWaitsForSpaceThenQueues() throws Exception {
    MessageQueue q = MessageQueue.create(QueueConfig.named("small").withCapacity(1));
    MessageQueue.Sender s = q.sender("s", PAGE);
    s.send(IntVar.of(1));
    Thread consumer = Thread.ofPlatform().start(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      q.poll();
    });
    s.sendAwait(IntVar.of(2), SendOptions.DEFAULT, Duration.ofSeconds(10));
    consumer.join();
    assertThat(intOf(q.poll())).isEqualTo(2);
  }

  @Test
  void sendAwaitGivesUpWithQueueFullAfterItsTimeout() {
    MessageQueue q = MessageQueue.create(QueueConfig.named("small").withCapacity(1));
    MessageQueue.Sender s = q.sender("s", PAGE);
    s.send(IntVar.of(1));
    assertThatThrownBy(() -> s.sendAwait(IntVar.of(2), SendOptions.DEFAULT, Duration.ofMillis(20)))
        .isInstanceOf(QueueFullException.class);
    assertThat(q.size()).isEqualTo(1);
  }

  @Test
  void rejectedValueQueuesNothingAndUsesNoSequenceNumber() {
    MessageQueue q = MessageQueue.create(QueueConfig.named("q"));
    MessageQueue.Sender s = q.sender("s", PAGE);
    Dictionary cyclic = new Dictionary();
    cyclic.put("self", cyclic);
    assertThatThrownBy(() -> s.send(cyclic))
        .isInstanceOf(ValueRejectedException.class)
        .hasMessageContaining("$.self");
    assertThatThrownBy(() -> s.send(cyclic, SendOptions.DEFAULT.withCopyMode(CopyMode.AT_DEQUEUE)))
        .isInstanceOf(ValueRejectedException.class);
    assertThat(q.isEmpty()).isTrue();
    assertThat(s.send(IntVar.of(1))).isEqualTo(1);
  }

  @Test
  void pollWithTimeoutWakesWhenAMessageArrives() throws Exception {
    MessageQueue q = MessageQueue.create(QueueConfig.named("q").withWaitStrategy(WaitStrategy.blocking()));
    Thread.ofPlatform().start(() -> {
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      q.sender("s", PAGE).send(IntVar.of(42));
    });
    Message m = q.poll(Duration.ofSeconds(10));
    assertThat(m).isNotNull();
    assertThat(intOf(m)).isEqualTo(42);
    assertThat(q.poll(Duration.ofMillis(10))).isNull();
  }

  @Test
  void alertDeliveryRunsTheHandlerOnTheReceiversExecutorInOrder() throws Exception {
    ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "module-loop"));
    try {
      MessageQueue q = MessageQueue.create(QueueConfig.named("q"));
      MessageQueue.Sender s = q.sender("s", PAGE);
      s.send(IntVar.of(0));
      List<Integer> got = new CopyOnWriteArrayList<>();
      AtomicReference<String> thread = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(100);
      q.deliverTo(loop, m -> {
        thread.set(Thread.currentThread().getName());
        got.add(intOf(m));
        done.countDown();
      }, Throwable::printStackTrace);
      for (int i = 1; i < 100; i++) {
        s.send(IntVar.of(i));
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(thread.get()).isEqualTo("module-loop");
      for (int i = 0; i < 100; i++) {
        assertThat(got.get(i)).isEqualTo(i);
      }
      assertThatThrownBy(q::poll).isInstanceOf(IllegalStateException.class);
    } finally {
      loop.shutdownNow();
    }
  }

  @Test
  void aThrowingHandlerIsReportedAndDeliveryGoesOn() throws Exception {
    ExecutorService loop = Executors.newSingleThreadExecutor();
    try {
      MessageQueue q = MessageQueue.create(QueueConfig.named("q"));
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      CountDownLatch second = new CountDownLatch(1);
      q.deliverTo(loop, m -> {
        if (intOf(m) == 1) {
          throw new IllegalStateException("boom");
        }
        second.countDown();
      }, errors::add);
      q.sender("s", PAGE).send(IntVar.of(1));
      q.sender("s", PAGE).send(IntVar.of(2));
      assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
    } finally {
      loop.shutdownNow();
    }
  }

  @Test
  void closeReturnsWhatWasQueuedAndRefusesLaterSends() {
    MessageQueue q = MessageQueue.create(QueueConfig.named("q"));
    MessageQueue.Sender s = q.sender("s", PAGE);
    s.send(IntVar.of(1));
    s.send(IntVar.of(2));
    List<Message> undelivered = q.close();
    assertThat(undelivered).extracting(m -> (Var) m.value()).containsExactly(IntVar.of(1), IntVar.of(2));
    assertThatThrownBy(() -> s.send(IntVar.of(3))).isInstanceOf(IllegalStateException.class);
    assertThat(q.isEmpty()).isTrue();
  }
}
