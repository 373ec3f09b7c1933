package dev.pepperjack.bench.wire;

import dev.pepperjack.bench.bridge.SmallDict;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.wire.WireFormat;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The wire benchmark's operations counted per second of this thread's CPU time rather than wall
 * time: a steadier reading of "messages per second on one core" on a machine shared with other
 * builds, where JMH's wall-clock scores swing by ±50%. Same message as {@link WireFormatBenchmark}.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.pepperjack.bench.wire.WireCpuTimeHarness [rounds]}
 */
public final class WireCpuTimeHarness {
  private WireCpuTimeHarness() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Dictionary message = SmallDict.create();
    byte[] encoded = WireFormat.encode(message);
    WireFormatBenchmark jackson = new WireFormatBenchmark();
    jackson.setup();
    System.out.printf("message: %d bytes encoded; rounds 0-1 are warm-up%n", encoded.length);
    Object sink = null;
    for (int round = 0; round < rounds; round++) {
      int n = 200_000;
      long c0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink = WireFormat.decode(WireFormat.encode(message));
      }
      long c1 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink = WireFormat.encode(message);
      }
      long c2 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink = WireFormat.decode(encoded);
      }
      long c3 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink = jackson.jacksonCborEncodeDecode();
      }
      long c4 = mx.getCurrentThreadCpuTime();
      double ours = perSecond(n, c1 - c0);
      double theirs = perSecond(n, c4 - c3);
      System.out.printf("round %d: wire encode+decode %,.0f/cpu-s (encode %,.0f, decode %,.0f);"
          + " Jackson CBOR encode+decode %,.0f/cpu-s; ratio %.2f%n", round, ours,
          perSecond(n, c2 - c1), perSecond(n, c3 - c2), theirs, ours / theirs);
    }
    if (sink instanceof Var v && v.type() == null) {
      System.out.println(v);
    }
  }

  private static double perSecond(int n, long nanos) {
    return n / (nanos / 1e9);
  }
}
