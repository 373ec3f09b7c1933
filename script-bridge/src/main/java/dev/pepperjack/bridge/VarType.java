package dev.pepperjack.bridge;

/** The kinds of {@link Var}. */
public enum VarType {
  UNDEFINED,
  NULL,
  BOOL,
  INT32,
  INT64,
  DOUBLE,
  STRING,
  ARRAY,
  DICTIONARY,
  ARRAY_BUFFER,
  TYPED_ARRAY
}
