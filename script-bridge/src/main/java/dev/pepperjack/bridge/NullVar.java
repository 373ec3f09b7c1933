package dev.pepperjack.bridge;

/** JavaScript's two empty values. */
public enum NullVar implements Var {
  NULL,
  UNDEFINED;

  @Override
  public VarType type() {
    return this == NULL ? VarType.NULL : VarType.UNDEFINED;
  }
}
