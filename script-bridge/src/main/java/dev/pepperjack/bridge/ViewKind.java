package dev.pepperjack.bridge;

/** The JavaScript typed-array kinds and DataView, each with its element size in bytes. */
public enum ViewKind {
  INT8("Int8Array", 1),
  UINT8("Uint8Array", 1),
  UINT8_CLAMPED("Uint8ClampedArray", 1),
  INT16("Int16Array", 2),
  UINT16("Uint16Array", 2),
  INT32("Int32Array", 4),
  UINT32("Uint32Array", 4),
  FLOAT16("Float16Array", 2),
  FLOAT32("Float32Array", 4),
  FLOAT64("Float64Array", 8),
  BIGINT64("BigInt64Array", 8),
  BIGUINT64("BigUint64Array", 8),
  /** A DataView: its length counts bytes. */
  DATA_VIEW("DataView", 1);

  private static final ViewKind[] BY_ORDINAL = values();

  private final String jsName;
  private final int elementSize;

  ViewKind(String jsName, int elementSize) {
    this.jsName = jsName;
    this.elementSize = elementSize;
  }

  /** The JavaScript constructor name, e.g. {@code "Float32Array"}. */
  public String jsName() {
    return jsName;
  }

  public int elementSize() {
    return elementSize;
  }

  /** The kind whose {@link #jsName()} is {@code name}, or null. */
  public static ViewKind ofJsName(String name) {
    for (ViewKind k : BY_ORDINAL) {
      if (k.jsName.equals(name)) {
        return k;
      }
    }
    return null;
  }
}
