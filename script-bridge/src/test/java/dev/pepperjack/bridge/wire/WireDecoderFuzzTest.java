package dev.pepperjack.bridge.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;

/**
 * Any byte sequence either decodes or fails with {@link WireFormatException}; whatever decodes
 * re-encodes to a document that decodes to the same value. {@code mvn test} replays the inputs in
 * {@code src/test/resources/.../WireDecoderFuzzTestInputs}; {@code -Pfuzz} (or {@code
 * JAZZER_FUZZ=1}) fuzzes for real.
 */
class WireDecoderFuzzTest {
  private static final VarLimits LIMITS = new VarLimits(64, 1 << 20, 1 << 16);

  @FuzzTest(maxDuration = "60s")
  void decoderFailsOnlyWithWireFormatException(byte[] input) {
    Var v;
    try {
      v = WireFormat.decode(input, LIMITS);
    } catch (WireFormatException expected) {
      assertThat(expected.offset()).isBetween(0L, (long) input.length);
      assertThat(expected.reason()).isNotBlank();
      return;
    }
    byte[] again = WireFormat.encode(v);
    Var back = WireFormat.decode(again, LIMITS);
    assertThat(VarDump.of(back)).isEqualTo(VarDump.of(v));
    Sharing.assertSamePattern(v, back);
  }
}
