package dev.pepperjack.bridge.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.Var;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoded dictionaries are filled in place and checked for duplicate keys through a hash mask
 * (small ones) or the dictionary's index (large ones): both must find every duplicate, report it at
 * the second occurrence's key, and never refuse distinct keys.
 */
class WireDictionaryDecodeTest {
  /** Keys of every kind the decoder reads differently: short and long cached ASCII, long, non-ASCII. */
  private static String key(int i) {
    return switch (i % 4) {
      case 0 -> "k" + i;
      case 1 -> "a-longer-key-number-" + i;
      case 2 -> "a key longer than the thirty-two bytes the cache holds, number " + i;
      default -> "clé-" + i;
    };
  }

  /** A document of one dictionary with these keys, in this order, each mapped to its position. */
  private static byte[] documentWithKeys(List<String> keys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xda, 0x00, 0x50, 0x4a, 0x01});
    head(out, 5, keys.size());
    for (int i = 0; i < keys.size(); i++) {
      byte[] k = keys.get(i).getBytes(StandardCharsets.UTF_8);
      head(out, 3, k.length);
      out.writeBytes(k);
      head(out, 0, i);
    }
    return out.toByteArray();
  }

  private static void head(ByteArrayOutputStream out, int major, int arg) {
    if (arg < 24) {
      out.write(major << 5 | arg);
    } else if (arg < 256) {
      out.write(major << 5 | 24);
      out.write(arg);
    } else {
      out.write(major << 5 | 25);
      out.write(arg >> 8);
      out.write(arg & 0xff);
    }
  }

  /** Where the key at {@code position} starts in {@link #documentWithKeys}'s document. */
  private static long keyOffset(List<String> keys, int position) {
    return documentWithKeys(keys.subList(0, position)).length
        - headSize(position) + headSize(keys.size());
  }

  private static int headSize(int arg) {
    return arg < 24 ? 1 : arg < 256 ? 2 : 3;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 8, 9, 15, 16, 17, 40, 300})
  void distinctKeysOfEveryKindDecodeInOrder(int n) {
    Dictionary d = new Dictionary();
    for (int i = 0; i < n; i++) {
      d.put(key(i), IntVar.of(i));
    }
    Var back = WireFormat.decode(WireFormat.encode(d));
    assertThat(back).isEqualTo(d);
    Dictionary decoded = (Dictionary) back;
    for (int i = 0; i < n; i++) {
      assertThat(decoded.keyAt(i)).isEqualTo(key(i));
      assertThat(decoded.get(key(i))).isEqualTo(IntVar.of(i));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 9, 16, 17, 40})
  void everyDuplicateIsFoundAtItsSecondOccurrence(int n) {
    for (int first = 0; first < n; first++) {
      for (int second = first + 1; second < n; second++) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          keys.add(key(i));
        }
        keys.set(second, keys.get(first));
        long at = keyOffset(keys, second);
        assertThatThrownBy(() -> WireFormat.decode(documentWithKeys(keys)))
            .isInstanceOfSatisfying(WireFormatException.class, e -> {
              assertThat(e.error()).isEqualTo(WireError.DUPLICATE_KEY);
              assertThat(e.offset()).isEqualTo(at);
            });
      }
    }
  }

  @Test
  void manyRandomSetsOfDistinctKeysAreNeverTakenForDuplicates() {
    // Sixteen keys in a 64-bit mask share a bit most of the time: those keys are compared in full.
    SplittableRandom rnd = new SplittableRandom(7);
    for (int round = 0; round < 2_000; round++) {
      Dictionary d = new Dictionary();
      while (d.size() < 16) {
        d.put(Integer.toString(rnd.nextInt(1_000_000), 36), IntVar.of(d.size()));
      }
      assertThat(WireFormat.decode(WireFormat.encode(d))).isEqualTo(d);
    }
  }

  @Test
  void decodedContainersStayUsableAsOrdinaryOnes() {
    Dictionary d = (Dictionary) WireFormat.decode(WireFormat.encode(Dictionary.of(
        "a", IntVar.of(1), "list", ArrayVar.of(IntVar.of(2)))));
    d.put("b", StringVar.of("added"));
    d.put("a", IntVar.of(3));
    ((ArrayVar) d.get("list")).add(IntVar.of(4));
    assertThat(d).isEqualTo(Dictionary.of(
        "a", IntVar.of(3), "list", ArrayVar.of(IntVar.of(2), IntVar.of(4)),
        "b", StringVar.of("added")));
    assertThat(d.remove("a")).isEqualTo(IntVar.of(3));
    assertThat(d.keys()).containsExactly("list", "b");
  }
}
