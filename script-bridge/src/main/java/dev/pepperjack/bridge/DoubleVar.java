package dev.pepperjack.bridge;

/**
 * An IEEE 754 double. Equality follows {@link Double#compare}: NaN equals NaN and -0.0 differs from
 * 0.0, so a round trip that loses the sign of zero is caught.
 */
public record DoubleVar(double value) implements Var {
  @Override
  public VarType type() {
    return VarType.DOUBLE;
  }
}
