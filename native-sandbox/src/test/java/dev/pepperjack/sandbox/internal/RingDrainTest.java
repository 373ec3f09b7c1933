package dev.pepperjack.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The consumer side's two ways to take frames: {@link Ring#drain} and {@link Ring#drainSmall}. */
class RingDrainTest {
  private static final int POST = 2;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment ctl = arena.allocate(256, 64);
  private final MemorySegment data = arena.allocate(4096, 64);
  private final Ring producer = new Ring(ctl, data, 1 << 20);
  private final Ring consumer = new Ring(ctl, data, 1 << 20);
  private final List<String> taken = new ArrayList<>();

  @AfterEach
  void free() {
    arena.close();
  }

  private void take(int type, MemorySegment payload) {
    taken.add(payload.byteSize() + ":" + payload.get(ValueLayout.JAVA_BYTE, 0));
  }

  private static byte[] frame(int length, int first) {
    byte[] b = new byte[length];
    b[0] = (byte) first;
    return b;
  }

  @Test
  void drainSmallStopsAtTheFirstLargeFrameAndDrainTakesTheRestInOrder() {
    assertThat(producer.tryWrite(POST, frame(16, 1), 0, 16)).isTrue();
    assertThat(producer.tryWrite(POST, frame(1000, 2), 0, 1000)).isTrue();
    assertThat(producer.tryWrite(POST, frame(16, 3), 0, 16)).isTrue();

    assertThat(consumer.drainSmall(this::take, 100, 16)).isEqualTo(1);
    assertThat(taken).containsExactly("16:1");
    assertThat(consumer.drainSmall(this::take, 100, 16)).isZero();
    assertThat(consumer.hasData()).isTrue();

    assertThat(consumer.drain(this::take)).isEqualTo(2);
    assertThat(taken).containsExactly("16:1", "1000:2", "16:3");
    assertThat(consumer.hasData()).isFalse();
  }

  @Test
  void drainSmallTakesNoMoreFramesThanAsked() {
    for (int i = 1; i <= 5; i++) {
      assertThat(producer.tryWrite(POST, frame(16, i), 0, 16)).isTrue();
    }
    assertThat(consumer.drainSmall(this::take, 100, 2)).isEqualTo(2);
    assertThat(taken).containsExactly("16:1", "16:2");
    assertThat(consumer.drain(this::take)).isEqualTo(3);
    assertThat(taken).containsExactly("16:1", "16:2", "16:3", "16:4", "16:5");
  }

  @Test
  void drainSmallLeavesAFragmentedMessageWhole() throws Exception {
    byte[] big = frame(10_000, 7); // more than the ring: it travels in fragments
    AtomicBoolean open = new AtomicBoolean(true);
    Thread writer = Thread.ofPlatform().start(() -> {
      try (Arena scratch = Arena.ofConfined()) {
        producer.write(POST, big, 0, big.length, open::get, scratch);
      }
    });
    try {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!consumer.hasData() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(consumer.drainSmall(this::take, 1 << 20, 16)).isZero();
      assertThat(taken).isEmpty();
      while (taken.isEmpty() && System.nanoTime() < deadline) {
        consumer.drain(this::take);
      }
      assertThat(taken).containsExactly("10000:7");
    } finally {
      open.set(false);
      writer.join(5000);
    }
  }
}
