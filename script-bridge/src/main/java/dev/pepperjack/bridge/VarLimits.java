package dev.pepperjack.bridge;

/**
 * Bounds on one value, checked at send and by the wire decoder.
 *
 * @param maxDepth containers nested deeper than this are refused (the root sits at depth 0)
 * @param maxTotalBytes an estimate of the value's size: string UTF-16 units count two bytes, buffers
 *     their length, every node eight bytes
 * @param maxElements array elements plus dictionary entries, over the whole value
 */
public record VarLimits(int maxDepth, long maxTotalBytes, long maxElements) {
  /** 128 levels, 512 MiB, 16 Mi elements. */
  public static final VarLimits DEFAULT = new VarLimits(128, 512L << 20, 16L << 20);

  public VarLimits {
    if (maxDepth < 1 || maxTotalBytes < 1 || maxElements < 1) {
      throw new IllegalArgumentException("limits must be positive: " + maxDepth + ", "
          + maxTotalBytes + ", " + maxElements);
    }
  }
}
