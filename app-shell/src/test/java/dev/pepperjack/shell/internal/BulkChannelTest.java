package dev.pepperjack.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.ArrayBufferVar;
import java.lang.foreign.MemorySegment;
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
    // Pieces of 4 bytes up and 3 down, so that small buffers travel in several.
    channel = new BulkChannel("https://page.example", 1024, 4096, 4, 3, refusals::add);
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

  private HttpResponse piece(String method, String dir, long id, String query, byte[] body) {
    return InProcessHttp.answer(method, "/bulk/" + channel.sessionId() + "/" + dir + "/" + id,
        "k=" + channel.secret() + "&" + query, "https://page.example", body, false);
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
    long id = channel.offer(ArrayBufferVar.wrap(new byte[] {1, 2, 3}));
    HttpResponse first = request("GET", "down", id, channel.secret(), "https://page.example", null);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.bytes()).containsExactly(1, 2, 3);
    assertThat(request("GET", "down", id, channel.secret(), "https://page.example", null).status()).isEqualTo(404);
  }

  @Test
  void bodiesOverTheLimitAndTooMuchParkedDataAreRefused() {
    HttpResponse tooLarge = InProcessHttp.answer("POST", "/bulk/" + channel.sessionId() + "/up/1",
        "k=" + channel.secret(), null, new byte[0], true);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(piece("POST", "up", 2, "c=0&t=1025", new byte[4]).status()).isEqualTo(413);
    for (int i = 3; i < 7; i++) {
      assertThat(piece("POST", "up", i, "c=0&t=1000", new byte[4]).status()).isEqualTo(200);
    }
    assertThat(piece("POST", "up", 7, "c=0&t=1000", new byte[4]).status()).isEqualTo(413);
    assertThatThrownBy(() -> channel.offer(ArrayBufferVar.wrap(new byte[1000]))).hasMessageContaining("not fetched");
  }

  @Test
  void anUploadInPiecesIsReassembledWhateverTheOrderOfItsPieces() {
    assertThat(piece("POST", "up", 1, "c=2&t=10", new byte[] {9, 10}).status()).isEqualTo(200);
    assertThat(piece("POST", "up", 1, "c=0&t=10", new byte[] {1, 2, 3, 4}).status()).isEqualTo(200);
    assertThat(piece("POST", "up", 1, "c=1&t=10", new byte[] {5, 6, 7, 8}).status()).isEqualTo(200);
    assertThat(channel.take(1, 10)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(refusals).isEmpty();
  }

  @Test
  void anIncompleteUploadCannotBeTakenAndItsLatePiecesAreRefused() {
    assertThat(piece("POST", "up", 1, "c=0&t=10", new byte[4]).status()).isEqualTo(200);
    assertThatThrownBy(() -> channel.take(1, 10)).hasMessageContaining("incomplete: 1 of 3 pieces");
    assertThat(piece("POST", "up", 1, "c=1&t=10", new byte[4]).status()).isEqualTo(409);
    assertThatThrownBy(() -> channel.take(1, 10)).hasMessageContaining("never uploaded");
  }

  @Test
  void aReplayedOrMisfitPieceIsRefusedAndLogged() {
    assertThat(piece("POST", "up", 1, "c=0&t=10", new byte[4]).status()).isEqualTo(200);
    assertThat(piece("POST", "up", 1, "c=0&t=10", new byte[4]).status()).isEqualTo(409);
    assertThat(refusals.getLast()).contains("replayed bulk upload piece 1/0");
    // Wrong size for its place, past the end, another total for the same buffer, not a number.
    assertThat(piece("POST", "up", 1, "c=2&t=10", new byte[4]).status()).isEqualTo(400);
    assertThat(piece("POST", "up", 1, "c=3&t=10", new byte[0]).status()).isEqualTo(400);
    assertThat(piece("POST", "up", 1, "c=1&t=12", new byte[4]).status()).isEqualTo(400);
    assertThat(piece("POST", "up", 1, "c=x&t=10", new byte[4]).status()).isEqualTo(400);
    assertThat(refusals).hasSize(5);
    // The buffer is still whole once its real pieces come.
    assertThat(piece("POST", "up", 1, "c=1&t=10", new byte[] {5, 6, 7, 8}).status()).isEqualTo(200);
    assertThat(piece("POST", "up", 1, "c=2&t=10", new byte[] {9, 10}).status()).isEqualTo(200);
    assertThat(channel.take(1, 10)).hasSize(10);
  }

  @Test
  void aDownloadIsServedInSlicesEachOnceAndThenForgotten() {
    long id = channel.offer(ArrayBufferVar.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7}));
    HttpResponse last = piece("GET", "down", id, "c=2", null);
    assertThat(last.bytes()).containsExactly(7);
    assertThat(last.body()).hasSize(7); // a slice of the buffer, not a copy
    assertThat(piece("GET", "down", id, "c=0", null).bytes()).containsExactly(1, 2, 3);
    assertThat(piece("GET", "down", id, "c=0", null).status()).isEqualTo(404);
    assertThat(piece("GET", "down", id, "c=3", null).status()).isEqualTo(404);
    assertThat(piece("GET", "down", id, "c=1", null).bytes()).containsExactly(4, 5, 6);
    // All pieces fetched: the buffer is gone and its bytes no longer count as parked.
    assertThat(piece("GET", "down", id, "c=1", null).status()).isEqualTo(404);
    assertThat(refusals).hasSize(3).allMatch(s -> s.contains("bulk download"));
    for (int i = 0; i < 4; i++) {
      channel.offer(ArrayBufferVar.wrap(new byte[1024]));
    }
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
  @Test
  void aBufferCopiedInPlaceIsTakenOnceAsItsOwnCopy() {
    byte[] page = {1, 2, 3, 4, 5, 6};
    assertThat(channel.putDirect(1, MemorySegment.ofArray(page))).isNull();
    page[0] = 9;
    assertThat(channel.take(1, 6)).containsExactly(1, 2, 3, 4, 5, 6);
    assertThatThrownBy(() -> channel.take(1, 6)).hasMessageContaining("never uploaded");
  }

  @Test
  void inPlaceUploadsKeepTheLimitsAndTheReplayRule() {
    assertThat(channel.putDirect(5, MemorySegment.ofArray(new byte[1025]))).contains("the limit is 1024");
    assertThat(channel.putDirect(5, MemorySegment.ofArray(new byte[4]))).isNull();
    assertThat(channel.putDirect(5, MemorySegment.ofArray(new byte[4]))).contains("replayed");
    assertThat(channel.putDirect(3, MemorySegment.ofArray(new byte[4]))).contains("out-of-order");
    // Nor may an XHR upload reuse an id the in-place path took.
    assertThat(piece("POST", "up", 5, "c=0&t=4", new byte[4]).status()).isEqualTo(409);
    assertThat(refusals).hasSize(4);
  }

  @Test
  void inPlaceUploadsCountAgainstTheParkedBytes() {
    for (long id = 1; id <= 4; id++) {
      assertThat(channel.putDirect(id, MemorySegment.ofArray(new byte[1024]))).isNull();
    }
    assertThat(channel.putDirect(5, MemorySegment.ofArray(new byte[1]))).contains("exceed 4096");
    channel.take(1, 1024);
    assertThat(channel.putDirect(6, MemorySegment.ofArray(new byte[1]))).isNull();
  }

  @Test
  void aDownloadCopiedInPlaceIsGoneAfterwards() {
    long id = channel.offer(ArrayBufferVar.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7}));
    byte[] page = new byte[7];
    assertThat(channel.getDirect(id, MemorySegment.ofArray(page))).isNull();
    assertThat(page).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(channel.getDirect(id, MemorySegment.ofArray(new byte[7]))).contains("already fetched");
    assertThat(piece("GET", "down", id, "c=0", null).status()).isEqualTo(404);
    // Its bytes no longer count as parked.
    for (int i = 0; i < 4; i++) {
      channel.offer(ArrayBufferVar.wrap(new byte[1024]));
    }
  }

  @Test
  void aBufferCopiedInPlaceToThePageIsReleasedAndItsArrayServesTheNextUpload() {
    int size = 5 * 64 * 1024 + 3; // pooled, and a length no other test uses
    BulkChannel channel = new BulkChannel("https://page.example", 1 << 20, 4 << 20, 4, 3, refusals::add);
    byte[] reply = new byte[size];
    reply[size - 1] = 9;
    ArrayBufferVar sent = ArrayBufferVar.wrap(reply);
    long id = channel.offer(sent);
    byte[] page = new byte[size];
    assertThat(channel.getDirect(id, MemorySegment.ofArray(page))).isNull();
    assertThat(page[size - 1]).isEqualTo((byte) 9);
    assertThat(sent.isDetached()).isTrue();

    byte[] upload = new byte[size];
    upload[0] = 4;
    assertThat(channel.putDirect(1, MemorySegment.ofArray(upload))).isNull();
    byte[] taken = channel.take(1, size);
    assertThat(taken).isSameAs(reply).isEqualTo(upload);
  }

  @Test
  void aDownloadFetchedByXhrIsNotReleased() {
    ArrayBufferVar sent = ArrayBufferVar.wrap(new byte[] {1, 2, 3});
    long id = channel.offer(sent);
    assertThat(piece("GET", "down", id, "c=0", null).status()).isEqualTo(200);
    assertThat(sent.isDetached()).isFalse();
  }

  @Test
  void anInPlaceDownloadOfTheWrongLengthWritesNothingAndTheXhrPathStillWorks() {
    long id = channel.offer(ArrayBufferVar.wrap(new byte[] {1, 2, 3, 4, 5}));
    byte[] page = new byte[6];
    assertThat(channel.getDirect(id, MemorySegment.ofArray(page))).contains("has 5 bytes, not 6");
    assertThat(page).containsOnly(0);
    assertThat(piece("GET", "down", id, "c=0", null).status()).isEqualTo(200);
    // Once a piece went by XHR, the rest cannot go in place.
    assertThat(channel.getDirect(id, MemorySegment.ofArray(new byte[5]))).contains("already being fetched");
  }
}
