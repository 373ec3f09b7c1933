package dev.pepperjack.bridge.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.Var;
import org.junit.jupiter.api.Test;

/** The decoder's shared cache of short strings must never hand back a different string. */
class WireStringCacheTest {
  @Test
  void stringsOfEveryLengthAroundTheWordSizesDecodeToThemselvesTwice() {
    ArrayVar values = new ArrayVar();
    Dictionary keys = new Dictionary();
    for (int len = 0; len <= 40; len++) {
      String s = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH".substring(0, len);
      values.add(StringVar.of(s));
      keys.put(s, StringVar.of(s));
    }
    Var value = Dictionary.of("values", values, "keys", keys);
    byte[] doc = WireFormat.encode(value);
    assertThat(WireFormat.decode(doc)).isEqualTo(value);
    assertThat(WireFormat.decode(doc)).isEqualTo(value);
  }

  @Test
  void stringsThatDifferInOneByteAnywhereStayApart() {
    String base = "0123456789abcdefghijklmnopqrstuv"; // 32 bytes, the longest cached
    ArrayVar a = new ArrayVar();
    for (int len = 1; len <= base.length(); len++) {
      for (int at = 0; at < len; at++) {
        char[] c = base.substring(0, len).toCharArray();
        c[at] = '!';
        a.add(StringVar.of(base.substring(0, len)));
        a.add(StringVar.of(new String(c)));
      }
    }
    assertThat(WireFormat.decode(WireFormat.encode(a))).isEqualTo(a);
  }

  @Test
  void shortNonAsciiStringsBypassTheCacheAndDecodeExactly() {
    ArrayVar a = ArrayVar.of(StringVar.of("é"), StringVar.of("e"), StringVar.of("日本"),
        StringVar.of("\uD83D\uDE00"), StringVar.of("ascii then é"));
    assertThat(WireFormat.decode(WireFormat.encode(a))).isEqualTo(a);
  }

  @Test
  void aShortStringAtTheVeryEndOfTheArrayIsReadWithoutOverrun() {
    Var v = StringVar.of("abc");
    byte[] doc = WireFormat.encode(v);
    assertThat(doc.length).isLessThan(16);
    assertThat(WireFormat.decode(doc)).isEqualTo(v);
    assertThat(WireFormat.decode(doc, 0, doc.length, dev.pepperjack.bridge.VarLimits.DEFAULT))
        .isEqualTo(v);
  }
}
