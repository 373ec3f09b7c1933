package dev.pepperjack.bench.jshost;

import dev.pepperjack.bench.bridge.SmallDict;
import dev.pepperjack.bridge.Dictionary;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Java → JS module → Java round trip of the anchors' ≈1 KB dictionary: the module receives it as
 * plain JavaScript values and posts a reply that is converted back into the value model.
 *
 * <p>{@code echo} posts the received object back; {@code rebuild} reads every field and posts a
 * new object of the same shape, the worst case for conversion. {@code latency} is strictly
 * sequential (SampleTime: p50/p99); {@code pipelined} posts 1000 back to back and waits for the
 * 1000th reply (ops/s = round trips/s), as the anchors' harness does.
 *
 * <p>Truffle needs 20-30 s of warm-up on two cores before its tier-2 code settles.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 10, time = 5)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JsModuleRoundTripBench {
  static final String ECHO = "onmessage = (e) => postMessage(e.data);";
  static final String REBUILD = """
      onmessage = (e) => {
        const d = e.data;
        postMessage({
          type: d.type, seq: d.seq + 1, timestamp: d.timestamp, ok: d.ok, missing: d.missing,
          user: {name: d.user.name, email: d.user.email, roles: d.user.roles.map((r) => r)},
          items: d.items.map((it) => ({id: it.id, name: it.name, price: it.price, tags: [it.tags[0], it.tags[1]]})),
          matrix: d.matrix.map((x) => x), note: d.note, blob: d.blob,
        });
      };""";

  @Param({"echo", "rebuild"})
  public String handler;

  private BenchModule module;
  private Dictionary dict;

  @Setup(Level.Trial)
  public void start() {
    module = new BenchModule(handler.equals("echo") ? ECHO : REBUILD);
    dict = SmallDict.create();
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    module.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object latency() {
    long target = module.replies() + 1;
    module.post(dict);
    module.awaitReplies(target);
    return module.lastReply();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(1000)
  public Object pipelined() {
    long target = module.replies() + 1000;
    for (int i = 0; i < 1000; i++) {
      module.post(dict);
    }
    module.awaitReplies(target);
    return module.lastReply();
  }
}
