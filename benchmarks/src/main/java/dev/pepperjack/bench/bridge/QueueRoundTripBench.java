package dev.pepperjack.bench.bridge;

import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.Message;
import dev.pepperjack.bridge.message.MessageQueue;
import dev.pepperjack.bridge.message.QueueConfig;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.message.WaitStrategy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process send → receive → reply round trip between two threads, through two script-bridge
 * queues, with a 4-byte int or the ≈1 KB dictionary as the message. SampleTime reports p50/p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class QueueRoundTripBench {
  @Param({"int", "dict1k"})
  public String payload;

  @Param({"spinThenPark"})
  public String wait;

  private MessageQueue ping;
  private MessageQueue pong;
  private MessageQueue.Sender toEcho;
  private Thread echo;
  private volatile boolean running;
  private Var value;

  @Setup(Level.Trial)
  public void start() {
    WaitStrategy strategy = switch (wait) {
      case "spinThenPark" -> WaitStrategy.spinThenPark();
      case "busySpin" -> WaitStrategy.busySpin();
      default -> WaitStrategy.blocking();
    };
    ping = MessageQueue.create(QueueConfig.named("ping").withWaitStrategy(strategy));
    pong = MessageQueue.create(QueueConfig.named("pong").withWaitStrategy(strategy));
    toEcho = ping.sender("bench", SecurityContext.HOST);
    value = payload.equals("int") ? IntVar.of(42) : SmallDict.create();
    running = true;
    MessageQueue.Sender back = pong.sender("echo", SecurityContext.HOST);
    echo = Thread.ofPlatform().name("echo").start(() -> {
      try {
        while (running) {
          Message m = ping.poll(Duration.ofMillis(100));
          if (m != null) {
            back.send(m.value());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    running = false;
    echo.join();
  }

  @Benchmark
  public Message roundTrip() throws InterruptedException {
    toEcho.send(value);
    return pong.poll(Duration.ofSeconds(5));
  }
}
