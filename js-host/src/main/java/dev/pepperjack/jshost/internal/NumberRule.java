package dev.pepperjack.jshost.internal;

import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.Var;

/**
 * The one rule for a JavaScript number entering the value model. JavaScript has a single Number
 * type, so the integer/double split is decided here: an int32 when the number is integral, within
 * int32 range and not -0; a double otherwise (fractions, NaN, infinities, -0, beyond int32). BigInt
 * values never reach this rule: they become {@link dev.pepperjack.bridge.LongVar}.
 */
public final class NumberRule {
  private NumberRule() {}

  public static Var toVar(double d) {
    int i = (int) d;
    if (i == d && (i != 0 || Double.doubleToRawLongBits(d) == 0L)) {
      return IntVar.of(i);
    }
    return new DoubleVar(d);
  }
}
