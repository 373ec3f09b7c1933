package dev.pepperjack.bench.jshost;

import dev.pepperjack.bench.bridge.SmallDict;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.jshost.JsEngine;
import dev.pepperjack.jshost.internal.ModuleBridge;
import dev.pepperjack.jshost.internal.ModuleScope;
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
 * Where a round trip's time goes, without any thread hand-over: the ≈1 KB dictionary delivered
 * into a module context on the benchmark thread. {@code decode}: the handler ignores it (host
 * value → JS objects only); {@code echo}: posts it back (+ JS objects → host value);
 * {@code rebuild}: reads every field into a new object and posts that. {@link JsQueueCopyBench}
 * measures the copy the sender's queue takes at send, for scale.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 4)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JsConversionBench {
  @Param({"decode", "echo", "rebuild"})
  public String handler;

  private ModuleScope scope;
  private Dictionary dict;
  private Var posted;

  @Setup(Level.Trial)
  public void open() {
    String code = switch (handler) {
      case "decode" -> "onmessage = (e) => {};";
      case "echo" -> JsModuleRoundTripBench.ECHO;
      default -> JsModuleRoundTripBench.REBUILD;
    };
    ModuleBridge.Host host = new ModuleBridge.Host() {
      @Override
      public void posted(Var value, long bytes) {
        posted = value;
      }

      @Override
      public void console(String level, String text) {}

      @Override
      public void error(String message, String stack) {
        throw new IllegalStateException(message + "\n" + stack);
      }

      @Override
      public void setTimer(int id, long delayMillis, boolean repeat) {}

      @Override
      public void clearTimer(int id) {}
    };
    scope = ModuleScope.open(JsEngine.shared().polyglotEngine(), host, VarLimits.DEFAULT,
        ModuleScope.moduleSource("bench.js", code), c -> { });
    dict = SmallDict.create();
  }

  @TearDown(Level.Trial)
  public void close() {
    scope.close();
  }

  @Benchmark
  public Object deliver() {
    scope.deliver(dict, "pepperjack://shell");
    return posted;
  }
}
