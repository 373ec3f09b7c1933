package dev.pepperjack.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ValueRejectedException;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import java.util.HashMap;
import java.util.Map;

/**
 * A page's message text is untrusted: any text either decodes or fails with {@link
 * ValueRejectedException} (a path and a reason), never another exception; whatever decodes
 * encodes for a page to text that decodes to an equal value, its large buffers going out of band
 * and back. {@code mvn test} replays the inputs in {@code src/test/resources/.../PageCodecFuzzTestInputs};
 * {@code -Pfuzz} (or {@code JAZZER_FUZZ=1}) fuzzes for real.
 */
class PageCodecFuzzTest {
  private static final VarLimits LIMITS = new VarLimits(32, 1 << 20, 1 << 14);
  /** Small, so that the fuzzer's buffers also take the out-of-band path. */
  private static final int BULK_THRESHOLD = 16;

  /** Out-of-band buffers as the bulk channel holds them: each taken once, at its own length. */
  private static final class Parked implements PageCodec.BulkBuffers {
    private final Map<Long, byte[]> parked = new HashMap<>();
    private long next;

    @Override
    public byte[] take(long id, long byteLength) {
      byte[] b = parked.remove(id);
      if (b == null && id < 4 && byteLength <= 64) {
        // A few uploads "arrived" for the fuzzer to name: ids 0-3, up to 64 bytes.
        b = new byte[(int) byteLength];
      }
      if (b == null || b.length != byteLength) {
        throw new IllegalArgumentException("no bulk buffer " + id + " of " + byteLength + " bytes");
      }
      return b;
    }

    @Override
    public long offer(ArrayBufferVar buffer) {
      long id = 1000 + next++;
      parked.put(id, buffer.bytes().clone());
      return id;
    }
  }

  @FuzzTest(maxDuration = "60s")
  void decoderFailsOnlyWithValueRejected(@NotNull String text) {
    Var v;
    try {
      v = PageCodec.decode(text, new Parked(), LIMITS);
    } catch (ValueRejectedException expected) {
      assertThat(expected.path()).startsWith("$");
      assertThat(expected.reason()).isNotBlank();
      return;
    }
    Parked out = new Parked();
    PageCodec.Encoded encoded = PageCodec.encodeForPage(v, out, BULK_THRESHOLD);
    Var back = PageCodec.decode(encoded.text(), out, LIMITS);
    assertThat(back).isEqualTo(v);
    assertThat(encoded.tagPaths().isEmpty() || encoded.tagPaths().startsWith("[")).isTrue();
  }
}
