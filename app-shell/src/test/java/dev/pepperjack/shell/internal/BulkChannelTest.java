package dev.pepperjack.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BulkChannelTest {
  private final List<String> refusals = new ArrayList<>();
  private BulkChannel channel;

  @BeforeEach
  void register() {
    channel = new BulkChannel("https://page.example", 1024, 4096, refusals::add);
    InProcessHttp.register(channel);
  }

  @AfterEach
  void unregister() {
    InProcessHttp.unregister(channel);
  }

  private HttpResponse request(String method, String dir, long id, String key, String origin, byte[] body) {
    return InProcessHttp.answer(method, "/bulk/" + channel.sessionId() + "/" + dir + "/" + id,
        key == null ? null : "k=" + key, origin, body, false);
  }

  @Test
  void anAuthorizedUploadCanBeTakenOnce() {
    HttpResponse r = request("POST", "up", 1, channel.secret(), "https://page.example", new byte[] {9, 8});
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).containsEntry("Access-Control-Allow-Origin", "https://page.example");
    assertThat(channel.take(1, 2)).containsExactly(9, 8);
    assertThatThrownBy(() -> channel.take(1, 2)).hasMessageContaining("never uploaded");
    assertThat(refusals).isEmpty();
  }

  @Test
  void aWrongOrMissingSecretIsRefusedAndLogged() {
    assertThat(request("POST", "up", 1, "guess", "https://page.example", new byte[1]).status()).isEqualTo(403);
    assertThat(request("POST", "up", 2, null, "https://page.example", new byte[1]).status()).isEqualTo(403);
    assertThat(refusals).hasSize(2).allMatch(s -> s.contains("forged"));
  }

  @Test
  void anotherOriginIsRefusedEvenWithTheSecret() {
    assertThat(request("POST", "up", 1, channel.secret(), "https://evil.example", new byte[1]).status())
        .isEqualTo(403);
    assertThat(refusals).singleElement().asString().contains("https://evil.example");
  }

  @Test
  void aReplayedUploadIsRefused() {
    assertThat(request("POST", "up", 5, channel.secret(), null, new byte[1]).status()).isEqualTo(200);
    assertThat(request("POST", "up", 5, channel.secret(), null, new byte[1]).status()).isEqualTo(409);
    assertThat(request("POST", "up", 4, channel.secret(), null, new byte[1]).status()).isEqualTo(409);
    assertThat(refusals).allMatch(s -> s.contains("replayed"));
  }

  @Test
  void aDownloadCanBeFetchedOnlyOnce() {
    long id = channel.offer(new byte[] {1, 2, 3});
    HttpResponse first = request("GET", "down", id, channel.secret(), "https://page.example", null);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).containsExactly(1, 2, 3);
    assertThat(request("GET", "down", id, channel.secret(), "https://page.example", null).status()).isEqualTo(404);
  }

  @Test
  void bodiesOverTheLimitAndTooMuchParkedDataAreRefused() {
    HttpResponse tooLarge = InProcessHttp.answer("POST", "/bulk/" + channel.sessionId() + "/up/1",
        "k=" + channel.secret(), null, new byte[0], true);
    assertThat(tooLarge.status()).isEqualTo(413);
    for (int i = 2; i < 6; i++) {
      assertThat(request("POST", "up", i, channel.secret(), null, new byte[1000]).status()).isEqualTo(200);
    }
    assertThat(request("POST", "up", 6, channel.secret(), null, new byte[1000]).status()).isEqualTo(413);
    assertThatThrownBy(() -> channel.offer(new byte[1000])).hasMessageContaining("not fetched");
  }

  @Test
  void anUnknownSessionIsRefused() {
    assertThat(InProcessHttp.answer("POST", "/bulk/nobody/up/1", "k=x", null, new byte[1], false).status())
        .isEqualTo(403);
  }

  @Test
  void theStartPageIsServedAndNothingElseOutsideThePagesFolder() {
    HttpResponse start = InProcessHttp.answer("GET", "/start.html", null, null, null, false);
    assertThat(start.status()).isEqualTo(200);
    assertThat(new String(start.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("<title>Pepperjack start page");
    assertThat(InProcessHttp.answer("GET", "/../page-api.js", null, null, null, false).status()).isEqualTo(404);
    assertThat(InProcessHttp.answer("GET", "/nothing.html", null, null, null, false).status()).isEqualTo(404);
    assertThat(InProcessHttp.answer("POST", "/start.html", null, null, new byte[1], false).status()).isEqualTo(405);
  }
}
