package dev.pepperjack.bench.bridge;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.message.Message;
import dev.pepperjack.bridge.message.MessageQueue;
import dev.pepperjack.bridge.message.QueueConfig;
import dev.pepperjack.bridge.message.SecurityContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 16 MiB ArrayBuffer passed by value through a queue (copied at send, dequeued by the receiver),
 * next to {@code System.arraycopy} of the same bytes into an already-touched array: the physical
 * limit. MB/s = 16 MiB / (time per op). The receiver either keeps every copy (fresh memory each
 * time) or releases it when done ({@link Message#release()}), which recycles the array.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PassByValueBench {
  static final int SIZE = 16 << 20;

  private ArrayBufferVar buffer;
  private byte[] target;
  private MessageQueue queue;
  private MessageQueue.Sender sender;

  @Setup
  public void setUp() {
    byte[] bytes = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      bytes[i] = (byte) (i * 31);
    }
    buffer = ArrayBufferVar.wrap(bytes);
    target = new byte[SIZE];
    queue = MessageQueue.create(QueueConfig.named("bulk"));
    sender = queue.sender("bench", SecurityContext.HOST);
  }

  @Benchmark
  public byte[] arraycopy16MiB() {
    System.arraycopy(buffer.bytes(), 0, target, 0, SIZE);
    return target;
  }

  /** The receiver keeps its copy: every send allocates fresh memory. */
  @Benchmark
  public Message passByValue16MiB() {
    sender.send(buffer);
    return queue.poll();
  }

  /** The receiver releases its copy when done, so the next send copies into touched memory. */
  @Benchmark
  public Message passByValue16MiBReleased() {
    sender.send(buffer);
    Message m = queue.poll();
    m.release();
    return m;
  }
}
