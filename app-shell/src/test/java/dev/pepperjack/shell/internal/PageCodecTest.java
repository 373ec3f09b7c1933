package dev.pepperjack.shell.internal;

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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageCodecTest {
  /** Bulk buffers kept in a map, as the page's bulk channel would. */
  private static final class MapBulk implements PageCodec.BulkBuffers {
    final Map<Long, byte[]> parked = new HashMap<>();
    long next;

    @Override
    public byte[] take(long id, long byteLength) {
      byte[] b = parked.remove(id);
      if (b == null || b.length != byteLength) {
        throw new IllegalArgumentException("bulk buffer " + id + " missing");
      }
      return b;
    }

    @Override
    public long offer(ArrayBufferVar buffer) {
      parked.put(++next, buffer.bytes());
      return next;
    }
  }

  private static Var decode(String text) {
    return PageCodec.decode(text, PageCodec.INLINE_ONLY, VarLimits.DEFAULT);
  }

  @Test
  void everyKindSurvivesARoundTrip() {
    ArrayBufferVar shared = ArrayBufferVar.copyOf(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Dictionary d = Dictionary.of(
        "n", NullVar.NULL, "u", NullVar.UNDEFINED, "t", BoolVar.TRUE, "i", IntVar.of(-7),
        "l", new LongVar(Long.MIN_VALUE), "d", new DoubleVar(2.5), "nan", new DoubleVar(Double.NaN),
        "inf", new DoubleVar(Double.NEGATIVE_INFINITY), "neg0", new DoubleVar(-0.0),
        "s", StringVar.of("grüße \ud83c\udf36 \"q\""), "a", ArrayVar.of(IntVar.of(1), StringVar.of("x")),
        "buf", shared, "view", new TypedArrayVar(ViewKind.INT16, shared, 2, 3),
        "dv", new TypedArrayVar(ViewKind.DATA_VIEW, shared, 1, 4), "__proto__", IntVar.of(1));
    MapBulk bulk = new MapBulk();
    String text = PageCodec.encode(d, bulk, 1 << 20);
    Var back = PageCodec.decode(text, bulk, VarLimits.DEFAULT);
    assertThat(back).isEqualTo(d);
    Dictionary b = (Dictionary) back;
    assertThat(((TypedArrayVar) b.get("view")).buffer()).isSameAs(b.get("buf"));
  }

  @Test
  void integralNumbersInInt32RangeReadAsInt32AndTheRestAsDouble() {
    assertThat(decode("7")).isEqualTo(IntVar.of(7));
    assertThat(decode("7.0")).isEqualTo(IntVar.of(7));
    assertThat(decode("2147483648")).isEqualTo(new DoubleVar(2147483648.0));
    assertThat(decode("0.5")).isEqualTo(new DoubleVar(0.5));
    assertThat(decode("[\"\\u0000d\",\"-0\"]")).isEqualTo(new DoubleVar(-0.0));
    // A double node holding a plain number reads as that number would (found by PageCodecFuzzTest:
    // it read as a double, and its re-encoding as an int).
    assertThat(decode("[\"\\u0000d\",0]")).isEqualTo(IntVar.of(0));
    assertThat(decode("[\"\\u0000d\",0.5]")).isEqualTo(new DoubleVar(0.5));
  }

  @Test
  void largeBuffersGoOutOfBandAndComeBackFromTheBulkChannel() {
    MapBulk bulk = new MapBulk();
    byte[] big = new byte[100_000];
    big[99_999] = 42;
    String text = PageCodec.encode(ArrayVar.of(ArrayBufferVar.wrap(big)), bulk, 64 * 1024);
    assertThat(text).isEqualTo("[[\"\\u0000xb\",0,100000,1]]");
    assertThat(bulk.parked.get(1L)).isSameAs(big);
    ArrayVar back = (ArrayVar) PageCodec.decode(text, bulk, VarLimits.DEFAULT);
    assertThat(((ArrayBufferVar) back.get(0)).bytes()).isSameAs(big);
  }

  @Test
  void aBulkReferenceThatWasNeverUploadedIsRefusedWithItsPath() {
    assertThatThrownBy(() -> PageCodec.decode("{\"a\":[\"\\u0000xb\",0,10,5]}", new MapBulk(), VarLimits.DEFAULT))
        .isInstanceOf(ValueRejectedException.class)
        .satisfies(e -> assertThat(((ValueRejectedException) e).path()).isEqualTo("$.a"))
        .hasMessageContaining("missing");
  }

  @Test
  void malformedOrForgedTextIsRefusedNotCrashed() {
    for (String bad : new String[] {"", "{", "[\"\\u0000zz\"]", "[\"\\u0000ab\",0,\"!!\"]",
        "[\"\\u0000abr\",3]", "[\"\\u0000ta\",\"Nope\",[\"\\u0000ab\",0,\"AAAA\"],0,1]",
        "[\"\\u0000ta\",\"Int32Array\",[\"\\u0000ab\",0,\"AAAA\"],0,2]",
        "[\"\\u0000ta\",\"Int32Array\",[\"ab\",0,\"AAAA\"],0,1]",
        "[\"\\u0000big\",\"99999999999999999999\"]", "[\"\\u0000u\",1]", "1 2",
        "[\"\\u0000ab\",0,\"AA==\"] [\"\\u0000ab\",0,\"AA==\"]", "[\"\\u0000\"]", "[1,"}) {
      assertThatThrownBy(() -> decode(bad)).as(bad).isInstanceOf(ValueRejectedException.class);
    }
  }

  @Test
  void aBufferIdDefinedTwiceIsRefused() {
    assertThatThrownBy(() -> decode("[[\"\\u0000ab\",0,\"AA==\"],[\"\\u0000ab\",0,\"AA==\"]]"))
        .isInstanceOf(ValueRejectedException.class).hasMessageContaining("defined twice");
  }

  @Test
  void nestingPastTheLimitIsRefusedWithThePath() {
    String deep = "{\"a\":".repeat(10) + "1" + "}".repeat(10);
    assertThatThrownBy(() -> PageCodec.decode(deep, PageCodec.INLINE_ONLY, new VarLimits(5, 1 << 20, 1000)))
        .isInstanceOf(ValueRejectedException.class).hasMessageContaining("deeper than 5")
        .hasMessageContaining("$.a.a.a.a.a");
  }

  @Test
  void plainJsonArraysAreArraysAndOnlyArraysStartingWithTheTagCharacterAreEscaped() {
    assertThat(decode("[1,\"x\",[]]")).isEqualTo(ArrayVar.of(IntVar.of(1), StringVar.of("x"), new ArrayVar()));
    assertThat(decode("[]")).isEqualTo(new ArrayVar());
    ArrayVar looksTagged = ArrayVar.of(StringVar.of("\u0000ab"), IntVar.of(0));
    String text = PageCodec.encode(looksTagged, PageCodec.INLINE_ONLY, 1 << 20);
    assertThat(text).isEqualTo("[\"\\u0000a\",\"\\u0000ab\",0]");
    assertThat(decode(text)).isEqualTo(looksTagged);
    assertThat(PageCodec.encode(ArrayVar.of(StringVar.of("a"), IntVar.of(2)), PageCodec.INLINE_ONLY, 1 << 20))
        .isEqualTo("[\"a\",2]");
    assertThat(decode("[\"\\u0000a\"]")).isEqualTo(new ArrayVar());
  }

  @Test
  void thePageIsToldWhereTheTaggedNodesAreInnermostFirst() {
    Dictionary d = Dictionary.of("a", ArrayVar.of(StringVar.of("\u0000x"), NullVar.UNDEFINED),
        "b", IntVar.of(1), "c\"q", new DoubleVar(Double.NaN));
    PageCodec.Encoded e = PageCodec.encodeForPage(d, PageCodec.INLINE_ONLY, 1 << 20);
    assertThat(e.text()).isEqualTo(
        "{\"a\":[\"\\u0000a\",\"\\u0000x\",[\"\\u0000u\"]],\"b\":1,\"c\\\"q\":[\"\\u0000d\",\"NaN\"]}");
    assertThat(e.tagPaths()).isEqualTo("[[\"a\",2],[\"a\"],[\"c\\\"q\"]]");
    assertThat(PageCodec.encodeForPage(Dictionary.of("x", ArrayVar.of(IntVar.of(1))), PageCodec.INLINE_ONLY, 1 << 20)
        .tagPaths()).isEmpty();
    assertThat(PageCodec.encodeForPage(NullVar.UNDEFINED, PageCodec.INLINE_ONLY, 1 << 20).tagPaths())
        .isEqualTo("[[]]");
    String odd = "\\ \n \u0000 \ud800 é";
    String paths = PageCodec.encodeForPage(Dictionary.of(odd, NullVar.UNDEFINED), PageCodec.INLINE_ONLY, 1 << 20)
        .tagPaths();
    assertThat(paths).isEqualTo("[[\"\\\\ \\u000a \\u0000 \ud800 é\"]]");
  }
}
