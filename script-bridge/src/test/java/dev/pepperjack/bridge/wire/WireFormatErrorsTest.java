package dev.pepperjack.bridge.wire;

import static dev.pepperjack.bridge.wire.WireFormatValuesTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.Vars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each way a document can be wrong yields its own error code at the offending offset. */
class WireFormatErrorsTest {
  private static final String DOC = "da00504a01";

  private static void assertError(String hexBytes, WireError error, long offset) {
    assertError(hexBytes, VarLimits.DEFAULT, error, offset);
  }

  private static void assertError(String hexBytes, VarLimits limits, WireError error, long offset) {
    assertThatThrownBy(() -> WireFormat.decode(hex(hexBytes), limits))
        .isInstanceOfSatisfying(WireFormatException.class, e -> {
          assertThat(e.error()).as(e.getMessage()).isEqualTo(error);
          assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
        });
  }

  @Test
  void aDocumentStartsWithThePepperjackTag() {
    assertError("f6", WireError.NOT_A_DOCUMENT, 0);
    assertError("d9d9f7f6", WireError.NOT_A_DOCUMENT, 0);
    assertError("", WireError.TRUNCATED, 0);
    assertError("da0050", WireError.TRUNCATED, 0);
    assertError("da00504a", WireError.TRUNCATED, 0);
    assertError(DOC, WireError.TRUNCATED, 5);
  }

  @Test
  void anotherVersionIsUnsupportedAndNamed() {
    assertThatThrownBy(() -> WireFormat.decode(hex("da00504a02f6")))
        .isInstanceOfSatisfying(WireFormatException.class, e -> {
          assertThat(e.error()).isEqualTo(WireError.UNSUPPORTED_VERSION);
          assertThat(e.reason()).isEqualTo("unsupported wire version 2");
        });
  }

  @Test
  void bytesAfterTheValueAreAnError() {
    assertError(DOC + "f6f6", WireError.TRAILING_BYTES, 6);
  }

  @ParameterizedTest
  @CsvSource({"1c, MALFORMED_HEAD", "3d, MALFORMED_HEAD", "5f4101ff, INDEFINITE_LENGTH",
      "7f6161ff, INDEFINITE_LENGTH", "9f01ff, INDEFINITE_LENGTH", "bfff, INDEFINITE_LENGTH",
      "ff, INDEFINITE_LENGTH", "f0, UNSUPPORTED_ITEM", "f820, UNSUPPORTED_ITEM",
      "c074323031332d30332d32315432303a30343a30305a, UNSUPPORTED_ITEM",
      "d9d9f7f6, UNSUPPORTED_ITEM", "da00504a01f6, UNSUPPORTED_ITEM",
      "d84140, UNSUPPORTED_ITEM", "d85740, UNSUPPORTED_ITEM",
      "1b8000000000000000, INT_OUT_OF_RANGE", "3b8000000000000000, INT_OUT_OF_RANGE"})
  void itemsOutsideTheProfileAreRejected(String body, WireError error) {
    assertError(DOC + body, error, 5);
  }

  @ParameterizedTest
  @CsvSource({"19, 5", "1a0000, 5", "1b00, 5", "6261, 5", "62c3, 5", "5a7fffffff, 5",
      "82 01, 5", "82 01 19, 7", "a1 6161, 8", "9a7fffffff, 5", "ba40000000 6161 01, 5", "d81c, 7",
      "da00504a02, 10", "da00504a02 84 01 00, 13"})
  void truncationIsReportedAtTheItemThatRunsPastTheEnd(String body, long offset) {
    assertError(DOC + body, WireError.TRUNCATED, offset);
  }

  @Test
  void aHugeDeclaredLengthFailsBeforeAllocating() {
    // 10 bytes claiming a 2 GB string, buffer, array and map: each must fail without allocating.
    for (String body : new String[] {"7a7fffffff", "5a7fffffff", "9a7fffffff", "ba7fffffff",
        "7b7fffffffffffffff", "5bffffffffffffffff", "9bffffffffffffffff"}) {
      assertError(DOC + body, WireError.TRUNCATED, 5);
    }
  }

  @ParameterizedTest
  @CsvSource({"61ff", "62c0af", "63eda080", "64f4900000", "62e282", "63e08080", "61 80",
      "64f0808080", "63efbf"})
  void invalidUtf8IsAnError(String body) {
    WireError expected = body.equals("63efbf") ? WireError.TRUNCATED : WireError.INVALID_UTF8;
    assertError(DOC + body.replace(" ", ""), expected, 5);
  }

  @Test
  void invalidUtf8InAKeyIsAnError() {
    assertError(DOC + "a1 61ff 01", WireError.INVALID_UTF8, 6);
  }

  @Test
  void keysMustBeTextAndUnique() {
    assertError(DOC + "a1 01 01", WireError.BAD_KEY, 6);
    assertError(DOC + "a1 4161 01", WireError.BAD_KEY, 6);
    assertError(DOC + "a3 6161 01 6162 02 6161 03", WireError.DUPLICATE_KEY, 12);
  }

  @Test
  void aDuplicateKeyIsReportedAfterTheDictionarysEntries() {
    // The second "a" is a duplicate, but its value is malformed: the value's error comes first.
    assertError(DOC + "a2 6161 01 6161 1c", WireError.MALFORMED_HEAD, 11);
  }

  @Test
  void typedArraysMustHoldWholeElementsOfAPlainByteString() {
    assertError(DOC + "d84d 43010203", WireError.BAD_VIEW, 5);
    assertError(DOC + "d84d 01", WireError.BAD_VIEW, 5);
    assertError(DOC + "d84d d81c 42 0102", WireError.BAD_VIEW, 5);
  }

  @ParameterizedTest
  @CsvSource({
      "da00504a02 83 01 00 00, 'not an array of 4'",
      "da00504a02 84 0d 00 00 40, 'kind 13'",
      "da00504a02 84 20 00 00 40, 'kind not unsigned'",
      "da00504a02 84 01 1a80000000 00 40, 'offset above int32'",
      "da00504a02 84 01 00 05 4401020304, 'window past the end'",
      "da00504a02 84 03 01 01 4401020304, 'misaligned offset'",
      "da00504a02 84 01 00 00 01, 'buffer not bytes'",
      "da00504a02 84 01 00 00 d84040, 'buffer with another tag'"})
  void malformedViewsAreAnError(String body, String why) {
    assertError(DOC + body.replace(" ", ""), WireError.BAD_VIEW, 5);
  }

  @Test
  void referencesMustPointBackToAShareableBuffer() {
    assertError(DOC + "d81d00", WireError.BAD_REFERENCE, 5);
    assertError(DOC + "82 d81c4101 d81d01", WireError.BAD_REFERENCE, 10);
    assertError(DOC + "d81c01", WireError.BAD_REFERENCE, 5);
    assertError(DOC + "d81d6161", WireError.BAD_REFERENCE, 5);
    assertError(DOC + "da00504a02 84 01 00 00 d81d00", WireError.BAD_REFERENCE, 14);
  }

  @Test
  void aShareableBufferUsedOnceIsAccepted() {
    Var v = WireFormat.decode(hex(DOC + "d81c4101"));
    assertThat(v).isEqualTo(ArrayBufferVar.wrap(new byte[] {1}));
  }

  @Test
  void depthIsLimited() {
    VarLimits two = new VarLimits(2, 1 << 20, 1 << 20);
    assertThat(WireFormat.decode(hex(DOC + "81 81 01"), two)).isNotNull();
    assertError(DOC + "81 81 81 01", two, WireError.LIMIT_DEPTH, 7);
  }

  @Test
  void deepNestingUnderTheDefaultLimitFailsCleanly() {
    String body = "81".repeat(100_000) + "01";
    assertError(DOC + body, WireError.LIMIT_DEPTH, 5 + 128);
  }

  @Test
  void totalBytesAreLimitedWithTheSameAccountingAsVarsCheck() {
    Var v = Dictionary.of("ab", StringVar.of("héllo"), "buf", ArrayBufferVar.allocate(10),
        "list", ArrayVar.of(IntVar.of(1), IntVar.of(2)));
    // 8 (dict) + 4 ("ab") + 8 + 10 ("héllo") + 6 ("buf") + 8 + 10 + 8 ("list") + 8 + 2 × 8 = 86
    long exact = 86;
    Vars.check(v, new VarLimits(10, exact, 100));
    byte[] bytes = WireFormat.encode(v);
    assertThat(WireFormat.decode(bytes, new VarLimits(10, exact, 100))).isEqualTo(v);
    assertThatThrownBy(() -> Vars.check(v, new VarLimits(10, exact - 1, 100)));
    assertThatThrownBy(() -> WireFormat.decode(bytes, new VarLimits(10, exact - 1, 100)))
        .isInstanceOfSatisfying(WireFormatException.class,
            e -> assertThat(e.error()).isEqualTo(WireError.LIMIT_BYTES));
  }

  @Test
  void elementsAreLimited() {
    byte[] bytes = WireFormat.encode(ArrayVar.of(IntVar.of(1), ArrayVar.of(IntVar.of(2))));
    assertThat(WireFormat.decode(bytes, new VarLimits(10, 1000, 3))).isNotNull();
    assertError(WireFormatValuesTest.hexOf(bytes), new VarLimits(10, 1000, 2),
        WireError.LIMIT_ELEMENTS, 7);
  }

  @Test
  void aLargeBufferIsChargedBeforeItIsCopied() {
    byte[] bytes = WireFormat.encode(ArrayBufferVar.allocate(4096));
    assertError(WireFormatValuesTest.hexOf(bytes), new VarLimits(10, 4000, 10),
        WireError.LIMIT_BYTES, 5);
  }
}
