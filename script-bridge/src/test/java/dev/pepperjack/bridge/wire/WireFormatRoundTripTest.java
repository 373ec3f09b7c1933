package dev.pepperjack.bridge.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.ValueRejectedException;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.Vars;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded random values: encode then decode gives the same value, types and sharing. */
class WireFormatRoundTripTest {
  static LongStream seeds() {
    return LongStream.range(0, 400);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void decodeInvertsEncode(long seed) {
    Var v = new RandomVars(seed).next(5);
    byte[] bytes = WireFormat.encode(v);
    Var back = WireFormat.decode(bytes);
    assertThat(back).isEqualTo(v);
    assertThat(VarDump.of(back)).isEqualTo(VarDump.of(v));
    Sharing.assertSamePattern(v, back);
    assertThat(WireFormat.encode(back)).as("re-encoding is byte-identical").isEqualTo(bytes);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void decodeLimitsAgreeWithVarsCheck(long seed) {
    Var v = new RandomVars(seed).next(4);
    byte[] bytes = WireFormat.encode(v);
    long exactBytes = smallest(limit -> passes(() -> Vars.check(v, new VarLimits(64, limit, 1L << 40))));
    assertThat(WireFormat.decode(bytes, new VarLimits(64, exactBytes, 1L << 40))).isEqualTo(v);
    assertThatThrownBy(() -> WireFormat.decode(bytes, new VarLimits(64, exactBytes - 1, 1L << 40)))
        .isInstanceOfSatisfying(WireFormatException.class,
            e -> assertThat(e.error()).isEqualTo(WireError.LIMIT_BYTES));
    long exactElements = smallest(limit -> passes(() -> Vars.check(v, new VarLimits(64, 1L << 40, limit))));
    assertThat(WireFormat.decode(bytes, new VarLimits(64, 1L << 40, exactElements))).isEqualTo(v);
    if (exactElements > 1) {
      assertThatThrownBy(() -> WireFormat.decode(bytes, new VarLimits(64, 1L << 40, exactElements - 1)))
          .isInstanceOfSatisfying(WireFormatException.class,
              e -> assertThat(e.error()).isEqualTo(WireError.LIMIT_ELEMENTS));
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void corruptedDocumentsFailOnlyWithWireFormatException(long seed) {
    byte[] bytes = WireFormat.encode(new RandomVars(seed).next(4));
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < 50; round++) {
      byte[] bad = bytes.clone();
      switch (rnd.nextInt(3)) {
        case 0 -> bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
        case 1 -> bad = Arrays.copyOf(bad, rnd.nextInt(bad.length));
        default -> {
          int at = WireFormat.HEADER_SIZE + rnd.nextInt(bad.length - WireFormat.HEADER_SIZE);
          bad[at] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      try {
        WireFormat.decode(bad, new VarLimits(32, 1 << 20, 1 << 16));
      } catch (WireFormatException expected) {
        assertThat(expected.offset()).isBetween(0L, (long) bad.length);
      }
    }
  }

  interface Check {
    boolean ok(long limit);
  }

  private static boolean passes(Runnable r) {
    try {
      r.run();
      return true;
    } catch (ValueRejectedException e) {
      return false;
    }
  }

  /** The smallest positive limit that {@code check} accepts (it is monotone). */
  private static long smallest(Check check) {
    long lo = 1;
    long hi = 1L << 40;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (check.ok(mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
