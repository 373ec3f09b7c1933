package dev.pepperjack.bridge;

/** A 64-bit signed integer, for sources that have one (JavaScript BigInt, C int64_t). */
public record LongVar(long value) implements Var {
  @Override
  public VarType type() {
    return VarType.INT64;
  }
}
