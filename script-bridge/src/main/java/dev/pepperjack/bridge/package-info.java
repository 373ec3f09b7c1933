/**
 * The value model every module speaks: {@link dev.pepperjack.bridge.Var} and its kinds.
 *
 * <p>Scalars ({@link dev.pepperjack.bridge.NullVar}, {@link dev.pepperjack.bridge.BoolVar}, {@link
 * dev.pepperjack.bridge.IntVar}, {@link dev.pepperjack.bridge.LongVar}, {@link
 * dev.pepperjack.bridge.DoubleVar}, {@link dev.pepperjack.bridge.StringVar}) are immutable.
 * Containers ({@link dev.pepperjack.bridge.ArrayVar}, {@link dev.pepperjack.bridge.Dictionary}) and
 * binary data ({@link dev.pepperjack.bridge.ArrayBufferVar}, {@link
 * dev.pepperjack.bridge.TypedArrayVar}) are mutable, as their JavaScript counterparts are; that is
 * why every send copies them ({@link dev.pepperjack.bridge.Vars#copyOf}).
 */
package dev.pepperjack.bridge;
