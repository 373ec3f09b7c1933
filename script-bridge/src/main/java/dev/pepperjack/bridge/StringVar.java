package dev.pepperjack.bridge;

import java.util.Objects;

/** A string (UTF-16 code units, as in JavaScript). */
public record StringVar(String value) implements Var {
  public StringVar {
    Objects.requireNonNull(value, "value");
  }

  public static StringVar of(String value) {
    return new StringVar(value);
  }

  @Override
  public VarType type() {
    return VarType.STRING;
  }
}
