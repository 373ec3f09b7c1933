package dev.pepperjack.bridge;

/** A 32-bit signed integer. */
public record IntVar(int value) implements Var {
  private static final IntVar[] SMALL = new IntVar[256];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = new IntVar(i - 128);
    }
  }

  public static IntVar of(int value) {
    return value >= -128 && value < 128 ? SMALL[value + 128] : new IntVar(value);
  }

  @Override
  public VarType type() {
    return VarType.INT32;
  }
}
