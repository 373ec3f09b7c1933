package dev.pepperjack.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pepperjack.bridge.ArrayBufferVar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The in-process origin answers any page, so its requests are untrusted: whatever sequence of
 * requests arrives (methods, paths, ids, pieces, totals, origins, bodies; with and without the
 * page's secret), {@link InProcessHttp#answer} answers each with a status, never an exception;
 * nothing is served without the secret or to another origin; a download piece is served at most
 * once, with the buffer's bytes. {@code mvn test}
 * replays {@code src/test/resources/.../BulkRequestFuzzTestInputs}; {@code -Pfuzz} fuzzes for real.
 */
class BulkRequestFuzzTest {
  private static final String PAGE = "https://page.example";
  private static final Set<Integer> STATUSES = Set.of(200, 204, 400, 403, 404, 405, 409, 413);
  private static final String[] METHODS = {"GET", "POST", "OPTIONS", "PUT", "DELETE"};
  private static final String[] DIRECTIONS = {"up", "down", "sideways", ""};
  private static final String[] ORIGINS = {PAGE, "null", "https://evil.example", "file://"};

  @FuzzTest(maxDuration = "60s")
  void everyRequestGetsAStatusAndNothingLeaks(FuzzedDataProvider data) {
    List<String> refusals = new ArrayList<>();
    // Small pieces (4-byte uploads, 3-byte downloads) so that pieces and their order matter.
    BulkChannel channel = new BulkChannel(PAGE, 64, 256, 4, 3, refusals::add);
    InProcessHttp.register(channel);
    try {
      byte[] parked = new byte[10];
      for (int i = 0; i < parked.length; i++) {
        parked[i] = (byte) (i + 1);
      }
      long downId = channel.offer(ArrayBufferVar.copyOf(parked));
      Set<String> served = new HashSet<>();
      int requests = data.consumeInt(1, 24);
      for (int r = 0; r < requests && data.remainingBytes() > 0; r++) {
        String method = data.pickValue(METHODS);
        boolean rightSession = data.consumeBoolean();
        boolean rightSecret = data.consumeBoolean();
        String direction = data.pickValue(DIRECTIONS);
        String id = data.consumeBoolean() ? String.valueOf(data.consumeBoolean() ? downId : data.consumeInt(-2, 12))
            : data.consumeString(12);
        String origin = data.consumeBoolean() ? null : data.pickValue(ORIGINS);
        String query = (rightSecret ? "k=" + channel.secret() : "k=" + data.consumeString(30))
            + (data.consumeBoolean() ? "&c=" + data.consumeInt(-1, 5) : "")
            + (data.consumeBoolean() ? "&t=" + data.consumeLong(-1, 80) : "")
            + (data.consumeBoolean() ? "&" + data.consumeString(16) : "");
        String path = "/bulk/" + (rightSession ? channel.sessionId() : data.consumeString(24)) + "/"
            + direction + "/" + id + (data.consumeBoolean() ? "" : "/" + data.consumeString(4));
        byte[] body = data.consumeBytes(data.consumeInt(0, 12));
        boolean tooLarge = data.consumeBoolean();

        HttpResponse resp = InProcessHttp.answer(method, path, query, origin, body, tooLarge);

        assertThat(STATUSES).contains(resp.status());
        boolean honest = rightSecret && (origin == null || origin.equals(PAGE));
        if (resp.status() == 200 || resp.status() == 204) {
          assertThat(honest).as("served %s %s without the page's secret and origin", method, path).isTrue();
        }
        if (resp.status() == 200 && method.equals("GET")) {
          // A download piece: once only, and the buffer's own bytes.
          int piece = pieceOf(query);
          assertThat(served.add(Long.parseLong(id) + "/" + piece)).as("piece %s/%s served twice", id, piece).isTrue();
          assertThat(resp.bytes()).isEqualTo(Arrays.copyOfRange(parked, piece * 3, Math.min(10, piece * 3 + 3)));
        }
        if (resp.status() >= 400) {
          assertThat(new String(resp.bytes(), java.nio.charset.StandardCharsets.UTF_8)).isNotBlank();
        }
      }
    } finally {
      InProcessHttp.unregister(channel);
    }
  }

  private static int pieceOf(String query) {
    String c = InProcessHttp.param(query, "c");
    return c == null ? 0 : Integer.parseInt(c);
  }
}
