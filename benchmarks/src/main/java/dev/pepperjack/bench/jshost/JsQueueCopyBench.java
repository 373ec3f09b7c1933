package dev.pepperjack.bench.jshost;

import dev.pepperjack.bench.bridge.SmallDict;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.Vars;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The copy a post takes of the ≈1 KB dictionary at send: the Java share of a round trip. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JsQueueCopyBench {
  private final Dictionary dict = SmallDict.create();

  @Benchmark
  public Object queueCopy() {
    return Vars.copyOf(dict, VarLimits.DEFAULT);
  }
}
