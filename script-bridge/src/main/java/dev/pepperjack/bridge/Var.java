package dev.pepperjack.bridge;

/**
 * A value a module can send: the JavaScript structured-clone types, with int32, int64 and double kept
 * apart.
 *
 * <p>Containers and buffers are mutable; a send copies them so that sender and receiver never share
 * state. Equality is structural.
 */
public sealed interface Var
    permits NullVar, BoolVar, IntVar, LongVar, DoubleVar, StringVar, ArrayVar, Dictionary,
        ArrayBufferVar, TypedArrayVar {

  VarType type();

  /** An independent deep copy under the default limits (immutable values return themselves). */
  default Var deepCopy() {
    return Vars.copyOf(this, VarLimits.DEFAULT);
  }
}
