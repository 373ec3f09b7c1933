package dev.pepperjack.bench.bridge;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.BoolVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.NullVar;
import dev.pepperjack.bridge.StringVar;

/**
 * The ≈1 KB dictionary of the anchors (nested object, strings, numbers, arrays and a 64-byte
 * ArrayBuffer), the same shape the Chromium and Node worker figures were measured with.
 */
public final class SmallDict {
  private SmallDict() {}

  public static Dictionary create() {
    byte[] blob = new byte[64];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) i;
    }
    ArrayVar items = new ArrayVar();
    for (int i = 0; i < 8; i++) {
      items.add(Dictionary.of(
          "id", IntVar.of(1000 + i),
          "name", StringVar.of("item-" + i + "-of-the-catalogue"),
          "price", new DoubleVar(9.99 + i),
          "tags", ArrayVar.of(StringVar.of("red"), StringVar.of("small"))));
    }
    ArrayVar matrix = new ArrayVar();
    for (int i = 0; i < 16; i++) {
      matrix.add(new DoubleVar(i * 0.5));
    }
    return Dictionary.of(
        "type", StringVar.of("update"),
        "seq", IntVar.of(123456),
        "timestamp", new DoubleVar(1.7e12),
        "ok", BoolVar.TRUE,
        "missing", NullVar.NULL,
        "user", Dictionary.of(
            "name", StringVar.of("Ada Lovelace"),
            "email", StringVar.of("ada@example.org"),
            "roles", ArrayVar.of(StringVar.of("admin"), StringVar.of("editor"))),
        "items", items,
        "matrix", matrix,
        "note", StringVar.of("The quick brown fox jumps over the lazy dog. ".repeat(3)),
        "blob", ArrayBufferVar.wrap(blob));
  }
}
