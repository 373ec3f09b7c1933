package dev.pepperjack.bridge;

/** A boolean. */
public record BoolVar(boolean value) implements Var {
  public static final BoolVar TRUE = new BoolVar(true);
  public static final BoolVar FALSE = new BoolVar(false);

  public static BoolVar of(boolean value) {
    return value ? TRUE : FALSE;
  }

  @Override
  public VarType type() {
    return VarType.BOOL;
  }
}
