package dev.pepperjack.jshost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.jshost.internal.NumberRule;
import org.junit.jupiter.api.Test;

class NumberRuleTest {
  @Test
  void integralNumbersInInt32RangeBecomeInts() {
    assertThat(NumberRule.toVar(0)).isEqualTo(IntVar.of(0));
    assertThat(NumberRule.toVar(7.0)).isEqualTo(IntVar.of(7));
    assertThat(NumberRule.toVar(-2147483648.0)).isEqualTo(IntVar.of(Integer.MIN_VALUE));
    assertThat(NumberRule.toVar(2147483647.0)).isEqualTo(IntVar.of(Integer.MAX_VALUE));
  }

  @Test
  void negativeZeroStaysADouble() {
    assertThat(NumberRule.toVar(-0.0)).isEqualTo(new DoubleVar(-0.0));
  }

  @Test
  void fractionsOutOfRangeAndSpecialValuesAreDoubles() {
    assertThat(NumberRule.toVar(1.5)).isEqualTo(new DoubleVar(1.5));
    assertThat(NumberRule.toVar(2147483648.0)).isEqualTo(new DoubleVar(2147483648.0));
    assertThat(NumberRule.toVar(-2147483649.0)).isEqualTo(new DoubleVar(-2147483649.0));
    assertThat(NumberRule.toVar(Double.NaN)).isEqualTo(new DoubleVar(Double.NaN));
    assertThat(NumberRule.toVar(Double.POSITIVE_INFINITY))
        .isEqualTo(new DoubleVar(Double.POSITIVE_INFINITY));
    assertThat(NumberRule.toVar(1e300)).isEqualTo(new DoubleVar(1e300));
  }
}
