package dev.pepperjack.bridge.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.BoolVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.LongVar;
import dev.pepperjack.bridge.NullVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.TypedArrayVar;
import dev.pepperjack.bridge.ValueRejectedException;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.ViewKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The byte form of each kind of value, as docs/wire-format.md gives it. */
class WireFormatValuesTest {
  private static final String DOC = "da00504a01";

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  static String hexOf(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static void assertEncodes(Var v, String body) {
    byte[] bytes = WireFormat.encode(v);
    assertThat(hexOf(bytes)).isEqualTo(DOC + body.replace(" ", ""));
    assertThat(WireFormat.decode(bytes)).isEqualTo(v);
    assertThat(WireFormat.encodedSize(v)).isEqualTo(bytes.length);
  }

  @Test
  void scalarsUseTheirSimpleValues() {
    assertEncodes(NullVar.UNDEFINED, "f7");
    assertEncodes(NullVar.NULL, "f6");
    assertEncodes(BoolVar.FALSE, "f4");
    assertEncodes(BoolVar.TRUE, "f5");
  }

  @ParameterizedTest
  @CsvSource({"0, 00", "23, 17", "24, 1818", "-1, 20", "-24, 37", "-25, 3818", "500, 1901f4",
      "65536, 1a00010000", "2147483647, 1a7fffffff", "-2147483648, 3a7fffffff"})
  void int32UsesTheShortestArgument(int value, String body) {
    assertEncodes(IntVar.of(value), body);
  }

  @ParameterizedTest
  @CsvSource({"0, 1b0000000000000000", "1, 1b0000000000000001", "-1, 3b0000000000000000",
      "9223372036854775807, 1b7fffffffffffffff", "-9223372036854775808, 3b7fffffffffffffff"})
  void int64AlwaysUsesAnEightByteArgument(long value, String body) {
    assertEncodes(new LongVar(value), body);
  }

  @Test
  void eightByteArgumentDecodesAsInt64EvenWhenSmall() {
    assertThat(WireFormat.decode(hex(DOC + "1b0000000000000005"))).isEqualTo(new LongVar(5));
  }

  @Test
  void shorterArgumentsBeyondInt32DecodeAsInt64() {
    assertThat(WireFormat.decode(hex(DOC + "1affffffff"))).isEqualTo(new LongVar(0xffffffffL));
    assertThat(WireFormat.decode(hex(DOC + "3a80000000"))).isEqualTo(new LongVar(-0x80000001L));
  }

  @Test
  void nonShortestInt32IsAccepted() {
    assertThat(WireFormat.decode(hex(DOC + "1a00000007"))).isEqualTo(IntVar.of(7));
  }

  @Test
  void doublesAreAlwaysFloat64AndKeepNegativeZeroAndNaN() {
    assertEncodes(new DoubleVar(1.5), "fb3ff8000000000000");
    assertEncodes(new DoubleVar(-0.0), "fb8000000000000000");
    assertEncodes(new DoubleVar(7.0), "fb401c000000000000");
    Var nan = WireFormat.decode(WireFormat.encode(new DoubleVar(Double.NaN)));
    assertThat(((DoubleVar) nan).value()).isNaN();
  }

  @Test
  void halfAndSinglePrecisionDecodeToDouble() {
    assertThat(WireFormat.decode(hex(DOC + "f93e00"))).isEqualTo(new DoubleVar(1.5));
    assertThat(WireFormat.decode(hex(DOC + "f98000"))).isEqualTo(new DoubleVar(-0.0));
    assertThat(WireFormat.decode(hex(DOC + "fa3fc00000"))).isEqualTo(new DoubleVar(1.5));
    assertThat(((DoubleVar) WireFormat.decode(hex(DOC + "f97e00"))).value()).isNaN();
    assertThat(WireFormat.decode(hex(DOC + "f97c00")))
        .isEqualTo(new DoubleVar(Double.POSITIVE_INFINITY));
  }

  @Test
  void stringsAreUtf8WithDefiniteLength() {
    assertEncodes(StringVar.of(""), "60");
    assertEncodes(StringVar.of("a"), "6161");
    assertEncodes(StringVar.of("é"), "62c3a9");
    assertEncodes(StringVar.of("€"), "63e282ac");
    assertEncodes(StringVar.of("😀"), "64f09f9880");
    assertEncodes(StringVar.of("x".repeat(24)), "7818" + "78".repeat(24));
  }

  /**
   * The encoder narrows characters before it knows they are ASCII: characters whose low byte is
   * ASCII ('Ł' is U+0141) must still be caught, at any length and after a longer string has left
   * its characters in the encoder's scratch.
   */
  @ParameterizedTest
  @CsvSource({"0", "1", "7", "8", "31", "255", "256", "257", "1000", "70000"})
  void stringsOfAnyLengthAreUtf8WhereverTheirFirstNonAsciiCharacterIs(int n) {
    String ascii = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(n / 36 + 1).substring(0, n);
    for (String s : new String[] {ascii, ascii + "Ł", "Ł" + ascii, ascii + "é", ascii + "😀",
        ascii + "\u0100", ascii + "\u7f41"}) {
      String longer = "x".repeat(n + 300);
      Var v = ArrayVar.of(StringVar.of(longer), StringVar.of(s), StringVar.of("z"));
      byte[] bytes = WireFormat.encode(v);
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      assertThat(WireFormat.decode(bytes)).isEqualTo(v);
      assertThat(hexOf(bytes)).contains(hexOf(utf8) + "617a");
      assertThat(WireFormat.encodedSize(v)).isEqualTo(bytes.length);
      byte[] region = new byte[bytes.length + 8];
      assertThat(WireFormat.encodeInto(v, region, 3, bytes.length)).isEqualTo(bytes.length);
      assertThat(Arrays.copyOfRange(region, 3, 3 + bytes.length)).isEqualTo(bytes);
    }
    assertThatThrownBy(() -> WireFormat.encode(StringVar.of("x".repeat(n) + "\uD800")))
        .isInstanceOf(ValueRejectedException.class);
  }

  @Test
  void aLoneSurrogateIsRejectedWithItsPath() {
    Dictionary d = Dictionary.of("a", ArrayVar.of(IntVar.of(1), StringVar.of("ok"),
        StringVar.of("bad\uD800")));
    assertThatThrownBy(() -> WireFormat.encode(d))
        .isInstanceOfSatisfying(ValueRejectedException.class,
            e -> assertThat(e.path()).isEqualTo("$.a[2]"));
    assertThatThrownBy(() -> WireFormat.encode(Dictionary.of("\uDC00", NullVar.NULL)))
        .isInstanceOf(ValueRejectedException.class);
  }

  @Test
  void arraysAndDictionariesKeepOrder() {
    assertEncodes(ArrayVar.of(IntVar.of(1), StringVar.of("b")), "82 01 6162");
    assertEncodes(Dictionary.of("z", IntVar.of(1), "a", IntVar.of(2)), "a2 617a01 616102");
    assertEncodes(new Dictionary(), "a0");
    assertEncodes(new ArrayVar(), "80");
  }

  @Test
  void theSpecExampleEncodesAsWritten() {
    Dictionary d = Dictionary.of("a", IntVar.of(1), "b", ArrayVar.of(BoolVar.TRUE, NullVar.NULL),
        "buf", ArrayBufferVar.wrap(new byte[] {(byte) 0xab}));
    assertEncodes(d, "a3 6161 01 6162 82f5f6 63627566 41ab");
  }

  @Test
  void theSharedBufferExampleEncodesAsWritten() {
    ArrayBufferVar buf = ArrayBufferVar.wrap(new byte[] {0, 0, (byte) 0x80, 0x3f});
    Dictionary d = Dictionary.of("v", TypedArrayVar.over(ViewKind.FLOAT32, buf), "raw", buf);
    assertEncodes(d, "a2 6176 da504a02 84 08 00 01 d81c 440000803f 63726177 d81d00".replace(
        "da504a02", "da00504a02"));
  }

  @Test
  void arrayBuffersAreByteStrings() {
    assertEncodes(ArrayBufferVar.wrap(new byte[] {1, 2, 3}), "43010203");
    assertEncodes(ArrayBufferVar.allocate(0), "40");
  }

  @ParameterizedTest
  @CsvSource({"INT8, 72", "UINT8, 64", "UINT8_CLAMPED, 68", "INT16, 77", "UINT16, 69",
      "INT32, 78", "UINT32, 70", "FLOAT16, 84", "FLOAT32, 85", "FLOAT64, 86", "BIGINT64, 79",
      "BIGUINT64, 71"})
  void wholeBufferTypedArraysUseRfc8746Tags(ViewKind kind, int tag) {
    ArrayBufferVar buf = ArrayBufferVar.allocate(8);
    buf.bytes()[0] = 9;
    assertEncodes(TypedArrayVar.over(kind, buf), "d8" + String.format("%02x", tag)
        + "48 0900000000000000");
  }

  @Test
  void dataViewsAndWindowsUseTheViewTag() {
    ArrayBufferVar buf = ArrayBufferVar.wrap(new byte[] {1, 2, 3, 4});
    assertEncodes(TypedArrayVar.over(ViewKind.DATA_VIEW, buf), "da00504a02 84 0c 00 04 4401020304");
    assertEncodes(new TypedArrayVar(ViewKind.UINT16, buf, 2, 1), "da00504a02 84 04 02 01 4401020304");
  }

  @Test
  void aWindowThatIsNotAWholeNumberOfElementsUsesTheViewTag() {
    ArrayBufferVar buf = ArrayBufferVar.wrap(new byte[] {1, 2, 3});
    assertEncodes(TypedArrayVar.over(ViewKind.UINT16, buf), "da00504a02 84 04 00 01 43010203");
  }

  @Test
  void aSharedBufferIsWrittenOnceAndDecodedAsOneObject() {
    ArrayBufferVar buf = ArrayBufferVar.wrap(new byte[] {1, 2, 3, 4});
    ArrayVar value = ArrayVar.of(buf, TypedArrayVar.over(ViewKind.UINT8, buf),
        new TypedArrayVar(ViewKind.INT16, buf, 2, 1), buf);
    assertEncodes(value, "84 d81c4401020304 da00504a02840100 04d81d00 da00504a02840302 01d81d00"
        + " d81d00");
    ArrayVar back = (ArrayVar) WireFormat.decode(WireFormat.encode(value));
    ArrayBufferVar first = (ArrayBufferVar) back.get(0);
    assertThat(((TypedArrayVar) back.get(1)).buffer()).isSameAs(first);
    assertThat(((TypedArrayVar) back.get(2)).buffer()).isSameAs(first);
    assertThat(back.get(3)).isSameAs(first);
    first.bytes()[3] = 42;
    assertThat(((TypedArrayVar) back.get(2)).asByteBuffer().get(1)).isEqualTo((byte) 42);
  }

  @Test
  void twoEqualButDistinctBuffersAreNotShared() {
    ArrayVar value = ArrayVar.of(ArrayBufferVar.wrap(new byte[] {1}),
        ArrayBufferVar.wrap(new byte[] {1}));
    ArrayVar back = (ArrayVar) WireFormat.decode(WireFormat.encode(value));
    assertThat(back.get(0)).isEqualTo(back.get(1)).isNotSameAs(back.get(1));
  }

  @Test
  void encodesIntoACallersRegion() {
    Var v = Dictionary.of("k", StringVar.of("v"));
    WireEncoding e = WireFormat.prepare(v);
    byte[] ring = new byte[e.size() + 10];
    ring[2] = 7;
    ring[e.size() + 3] = 9;
    e.writeTo(ring, 3);
    assertThat(ring[2]).isEqualTo((byte) 7);
    assertThat(ring[e.size() + 3]).isEqualTo((byte) 9);
    assertThat(WireFormat.decode(ring, 3, e.size(), VarLimits.DEFAULT)).isEqualTo(v);
  }

  @Test
  void encodesStraightIntoARegionOrSaysItDoesNotFit() {
    ArrayBufferVar buf = ArrayBufferVar.wrap(new byte[] {1, 2});
    Var v = ArrayVar.of(StringVar.of("héllo"), buf, buf);
    byte[] expected = WireFormat.encode(v);
    byte[] ring = new byte[expected.length + 8];
    assertThat(WireFormat.encodeInto(v, ring, 4, expected.length)).isEqualTo(expected.length);
    assertThat(Arrays.copyOfRange(ring, 4, 4 + expected.length)).isEqualTo(expected);
    assertThat(ring[3]).isZero();
    assertThat(ring[4 + expected.length]).isZero();
    byte[] small = new byte[expected.length + 8];
    assertThat(WireFormat.encodeInto(v, small, 4, expected.length - 1)).isEqualTo(-1);
    assertThat(small[3]).isZero();
    assertThat(small[3 + expected.length]).isZero();
  }

  @Test
  void encodesIntoHeapAndDirectByteBuffersInPlace() {
    Var v = Dictionary.of("k", new LongVar(5));
    for (ByteBuffer bb : new ByteBuffer[] {ByteBuffer.allocate(64), ByteBuffer.allocateDirect(64)}) {
      bb.position(3);
      int n = WireFormat.encodeInto(v, bb);
      assertThat(bb.position()).isEqualTo(3 + n);
      bb.flip().position(3);
      assertThat(WireFormat.decode(bb, VarLimits.DEFAULT)).isEqualTo(v);
      ByteBuffer tiny = ByteBuffer.allocate(4);
      assertThat(WireFormat.encodeInto(v, tiny)).isEqualTo(-1);
      assertThat(tiny.position()).isZero();
    }
  }

  @Test
  void encodesIntoHeapAndDirectByteBuffers() {
    Var v = ArrayVar.of(IntVar.of(1), StringVar.of("two"));
    for (ByteBuffer bb : new ByteBuffer[] {ByteBuffer.allocate(64), ByteBuffer.allocateDirect(64)}) {
      bb.position(5);
      WireFormat.prepare(v).writeTo(bb);
      bb.flip().position(5);
      assertThat(WireFormat.decode(bb, VarLimits.DEFAULT)).isEqualTo(v);
      assertThat(bb.hasRemaining()).isFalse();
    }
  }

  @Test
  void aPreparedEncodingIsASnapshotOfTheValue() {
    ArrayVar v = ArrayVar.of(IntVar.of(1));
    WireEncoding e = WireFormat.prepare(v);
    v.add(StringVar.of("more"));
    byte[] ring = new byte[e.size() + 16];
    e.writeTo(ring, 0);
    assertThat(WireFormat.decode(ring, 0, e.size(), VarLimits.DEFAULT)).isEqualTo(ArrayVar.of(IntVar.of(1)));
    for (int i = e.size(); i < ring.length; i++) {
      assertThat(ring[i]).isZero();
    }
  }

  @Test
  void aCycleIsRejectedInsteadOfOverflowingTheStack() {
    ArrayVar a = new ArrayVar();
    a.add(a);
    assertThatThrownBy(() -> WireFormat.encode(a)).isInstanceOf(ValueRejectedException.class)
        .hasMessageContaining("nested deeper");
  }

  @ParameterizedTest
  @EnumSource(ViewKind.class)
  void everyViewKindRoundTripsWholeAndWindowed(ViewKind kind) {
    ArrayBufferVar buf = ArrayBufferVar.allocate(32);
    for (int i = 0; i < 32; i++) {
      buf.bytes()[i] = (byte) (i * 7);
    }
    int size = kind.elementSize();
    for (Var v : new Var[] {TypedArrayVar.over(kind, buf),
        new TypedArrayVar(kind, ArrayBufferVar.copyOf(buf.bytes()), size, 2)}) {
      Var back = WireFormat.decode(WireFormat.encode(v));
      assertThat(back).isEqualTo(v);
    }
  }
}
