package dev.pepperjack.bridge.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.TypedArrayVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.ViewKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link WireFormat#decode(MemorySegment, VarLimits)} agrees with the array decoder on any input. */
class WireFormatSegmentTest {
  private static ArrayBufferVar buffer(int size, long seed) {
    byte[] bytes = new byte[size];
    new SplittableRandom(seed).nextBytes(bytes);
    return ArrayBufferVar.wrap(bytes);
  }

  /** Large buffers (copied straight out of the segment) next to small ones, shared and viewed. */
  private static Var bulky() {
    ArrayBufferVar shared = buffer(SegmentDocument.BULK + 3, 1);
    return Dictionary.of(
        "small", buffer(SegmentDocument.BULK - 1, 2),
        "exact", buffer(SegmentDocument.BULK, 3),
        "big", buffer(1 << 16, 4),
        "shared", ArrayVar.of(shared, shared, new TypedArrayVar(ViewKind.UINT8, shared, 5, 100)),
        "typed", TypedArrayVar.over(ViewKind.FLOAT64, buffer(8 * 1024, 5)),
        "text", StringVar.of("x".repeat(10_000)),
        "n", IntVar.of(7));
  }

  private static Var viaSegment(byte[] document) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = arena.allocate(document.length);
      MemorySegment.copy(document, 0, seg, ValueLayout.JAVA_BYTE, 0, document.length);
      return WireFormat.decode(seg, VarLimits.DEFAULT);
    }
  }

  @Test
  void decodesLargeBuffersSharingAndViewsAsTheArrayDecoderDoes() {
    byte[] doc = WireFormat.encode(bulky());
    assertThat(VarDump.of(viaSegment(doc))).isEqualTo(VarDump.of(WireFormat.decode(doc)));
  }

  @Test
  void decodesRandomValuesAsTheArrayDecoderDoes() {
    RandomVars random = new RandomVars(11);
    for (int i = 0; i < 500; i++) {
      byte[] doc = WireFormat.encode(random.next(4));
      assertThat(VarDump.of(viaSegment(doc))).isEqualTo(VarDump.of(WireFormat.decode(doc)));
    }
  }

  @Test
  void decodesBufferBodiesIntoArraysOfTheirOwn() {
    byte[] doc = WireFormat.encode(buffer(1 << 16, 9));
    ArrayBufferVar a = (ArrayBufferVar) viaSegment(doc);
    ArrayBufferVar b = (ArrayBufferVar) viaSegment(doc);
    assertThat(a.bytes()).isNotSameAs(b.bytes()).isEqualTo(b.bytes());
  }

  /** Corrupted documents: the same value or the same typed error as from an array, never another exception. */
  @Test
  void rejectsCorruptDocumentsExactlyAsTheArrayDecoderDoes() {
    SplittableRandom rnd = new SplittableRandom(5);
    RandomVars random = new RandomVars(12);
    byte[] bulk = WireFormat.encode(bulky());
    for (int i = 0; i < 3000; i++) {
      byte[] doc = (i % 3 == 0 ? bulk : WireFormat.encode(random.next(3))).clone();
      int edits = 1 + rnd.nextInt(4);
      for (int e = 0; e < edits; e++) {
        doc[rnd.nextInt(doc.length)] = (byte) rnd.nextInt(256);
      }
      if (rnd.nextInt(4) == 0) {
        doc = java.util.Arrays.copyOf(doc, rnd.nextInt(doc.length + 1));
      }
      String expected;
      try {
        expected = VarDump.of(WireFormat.decode(doc));
      } catch (WireFormatException ex) {
        expected = "error " + ex.error();
      }
      String actual;
      try {
        actual = VarDump.of(viaSegment(doc));
      } catch (WireFormatException ex) {
        actual = "error " + ex.error();
      }
      assertThat(actual).as("input %d", i).isEqualTo(expected);
    }
  }

  /** Another process may write the memory while it is decoded: a value or a typed error, nothing else. */
  @Test
  void survivesTheSegmentChangingDuringTheDecode() throws InterruptedException {
    byte[] doc = WireFormat.encode(bulky());
    try (Arena arena = Arena.ofShared()) {
      MemorySegment seg = arena.allocate(doc.length);
      MemorySegment.copy(doc, 0, seg, ValueLayout.JAVA_BYTE, 0, doc.length);
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      Thread writer = Thread.ofPlatform().start(() -> {
        SplittableRandom rnd = new SplittableRandom(3);
        while (!stop.get()) {
          // Mostly the first kilobyte, where the heads are; restore it now and then.
          int at = rnd.nextInt(rnd.nextBoolean() ? 1024 : doc.length);
          seg.set(ValueLayout.JAVA_BYTE, at, (byte) rnd.nextInt(256));
          if (rnd.nextInt(64) == 0) {
            MemorySegment.copy(doc, 0, seg, ValueLayout.JAVA_BYTE, 0, 1024);
          }
        }
      });
      int values = 0;
      int errors = 0;
      try {
        for (int i = 0; i < 2000; i++) {
          try {
            VarDump.of(WireFormat.decode(seg, VarLimits.DEFAULT));
            values++;
          } catch (WireFormatException expected) {
            errors++;
          }
        }
      } finally {
        stop.set(true);
        writer.join();
      }
      assertThat(values + errors).isEqualTo(2000);
    }
  }

  @Test
  void rejectsAnEmptySegment() {
    assertThatThrownBy(() -> viaSegment(new byte[0])).isInstanceOf(WireFormatException.class);
  }
}
