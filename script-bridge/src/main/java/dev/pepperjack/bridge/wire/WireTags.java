package dev.pepperjack.bridge.wire;

import dev.pepperjack.bridge.ViewKind;

/** Tag numbers and the RFC 8746 kind table of wire format v1, shared by encoder and decoder. */
final class WireTags {
  public static final long DOCUMENT = 0x504A01L;
  public static final long VIEW = 0x504A02L;
  public static final long SHAREABLE = 28;
  public static final long SHARED_REF = 29;
  public static final int VERSION = 1;

  /** RFC 8746 tag per ViewKind ordinal; -1 for DataView, which has none. */
  private static final int[] TAG_OF_KIND = new int[ViewKind.values().length];
  /** ViewKind per RFC 8746 tag number 64..87, or null where this profile defines none. */
  private static final ViewKind[] KIND_OF_TAG = new ViewKind[24];

  static {
    map(ViewKind.INT8, 72);
    map(ViewKind.UINT8, 64);
    map(ViewKind.UINT8_CLAMPED, 68);
    map(ViewKind.INT16, 77);
    map(ViewKind.UINT16, 69);
    map(ViewKind.INT32, 78);
    map(ViewKind.UINT32, 70);
    map(ViewKind.FLOAT16, 84);
    map(ViewKind.FLOAT32, 85);
    map(ViewKind.FLOAT64, 86);
    map(ViewKind.BIGINT64, 79);
    map(ViewKind.BIGUINT64, 71);
    TAG_OF_KIND[ViewKind.DATA_VIEW.ordinal()] = -1;
  }

  private WireTags() {}

  private static void map(ViewKind kind, int tag) {
    TAG_OF_KIND[kind.ordinal()] = tag;
    KIND_OF_TAG[tag - 64] = kind;
  }

  /** The RFC 8746 tag for {@code kind}, or -1 (DataView). */
  public static int typedArrayTag(ViewKind kind) {
    return TAG_OF_KIND[kind.ordinal()];
  }

  /** The kind an RFC 8746 tag stands for in this profile, or null. */
  public static ViewKind kindOfTag(long tag) {
    return tag >= 64 && tag < 88 ? KIND_OF_TAG[(int) tag - 64] : null;
  }
}
