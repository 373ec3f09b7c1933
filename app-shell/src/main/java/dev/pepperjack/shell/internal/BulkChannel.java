package dev.pepperjack.shell.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One page's side of the bulk path: large ArrayBuffers travel by XHR to the in-process origin
 * ({@code http://pepperjack.invalid/bulk/<session>/...}) instead of through strings.
 *
 * <p>Any page can send requests there, so each one is authorized: the session id and a secret
 * known only to the page API injected into this page load, the page's Origin header, upload ids
 * that must increase (a replayed upload is refused) and downloads that can be fetched once.
 * Bodies are size-limited, and the bytes a page may park here are bounded. Every refusal is
 * reported to {@code refusals} (the dev console).
 */
public final class BulkChannel implements PageCodec.BulkBuffers {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String sessionId = token();
  private final String secret = token();
  private final String originHeader;
  private final long maxBody;
  private final long maxParked;
  private final Consumer<String> refusals;
  private final Map<Long, byte[]> uploads = new ConcurrentHashMap<>();
  private final Map<Long, byte[]> downloads = new ConcurrentHashMap<>();
  private final AtomicLong lastUpload = new AtomicLong();
  private final AtomicLong nextDownload = new AtomicLong();
  private final AtomicLong parkedBytes = new AtomicLong();

  /**
   * @param originHeader the Origin header this page's requests carry ({@code null} as text for
   *     file and generated pages)
   * @param maxBody the largest upload accepted
   * @param maxParked uploads not yet taken plus downloads not yet fetched, in bytes
   */
  public BulkChannel(String originHeader, long maxBody, long maxParked, Consumer<String> refusals) {
    this.originHeader = originHeader;
    this.maxBody = maxBody;
    this.maxParked = maxParked;
    this.refusals = refusals;
  }

  private static String token() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public String sessionId() {
    return sessionId;
  }

  String secret() {
    return secret;
  }

  public String base() {
    return InProcessHttp.ORIGIN + "/bulk/" + sessionId;
  }

  long maxBody() {
    return maxBody;
  }

  @Override
  public byte[] take(long id, long byteLength) {
    byte[] b = uploads.remove(id);
    if (b == null) {
      throw new IllegalArgumentException("bulk buffer " + id + " was never uploaded");
    }
    parkedBytes.addAndGet(-b.length);
    if (b.length != byteLength) {
      throw new IllegalArgumentException("bulk buffer " + id + " has " + b.length
          + " bytes, the message says " + byteLength);
    }
    return b;
  }

  @Override
  public long offer(byte[] bytes) {
    // Downloads are fetched promptly by the page; the bound only stops a page that never fetches.
    if (parkedBytes.addAndGet(bytes.length) > maxParked) {
      parkedBytes.addAndGet(-bytes.length);
      throw new IllegalStateException("the page has not fetched " + maxParked
          + " bytes of earlier messages");
    }
    long id = nextDownload.incrementAndGet();
    downloads.put(id, bytes);
    return id;
  }

  /** Frees everything parked; later requests find no session. */
  void clear() {
    uploads.clear();
    downloads.clear();
    parkedBytes.set(0);
  }

  HttpResponse handle(String method, String direction, String idText, String key, String origin,
      byte[] body, boolean bodyTooLarge) {
    if (key == null || !MessageDigest.isEqual(key.getBytes(StandardCharsets.US_ASCII),
        secret.getBytes(StandardCharsets.US_ASCII))) {
      return refuse(403, "forged bulk request (wrong or missing page secret) from " + origin);
    }
    if (origin != null && !allowsOrigin(origin)) {
      return refuse(403, "bulk request from origin " + origin + " for a page of " + originHeader);
    }
    if ("OPTIONS".equals(method)) {
      return cors(HttpResponse.text(204, ""), origin)
          .header("Access-Control-Allow-Methods", "GET, POST")
          .header("Access-Control-Max-Age", "600");
    }
    long id;
    try {
      id = Long.parseLong(idText);
    } catch (NumberFormatException e) {
      return refuse(400, "bulk request with a bad id '" + idText + "'");
    }
    if ("up".equals(direction) && "POST".equals(method)) {
      if (bodyTooLarge) {
        return refuse(413, "bulk upload larger than " + maxBody + " bytes");
      }
      long last = lastUpload.get();
      if (id <= last || !lastUpload.compareAndSet(last, id)) {
        return refuse(409, "replayed or out-of-order bulk upload " + id + " (last was " + last + ")");
      }
      if (parkedBytes.addAndGet(body.length) > maxParked) {
        parkedBytes.addAndGet(-body.length);
        return refuse(413, "bulk uploads waiting exceed " + maxParked + " bytes");
      }
      uploads.put(id, body);
      return cors(HttpResponse.ok("application/octet-stream", new byte[0]), origin);
    }
    if ("down".equals(direction) && "GET".equals(method)) {
      byte[] b = downloads.remove(id);
      if (b == null) {
        return refuse(404, "bulk download " + id + " unknown or already fetched (replay?)");
      }
      parkedBytes.addAndGet(-b.length);
      return cors(HttpResponse.ok("application/octet-stream", b), origin);
    }
    return refuse(405, "bulk " + method + " " + direction + " not allowed");
  }

  /** File and generated pages send {@code Origin: null}, or {@code file://} in some WebKit paths. */
  private boolean allowsOrigin(String origin) {
    return origin.equals(originHeader)
        || ("null".equals(originHeader) && (origin.equals("null") || origin.equals("file://")));
  }

  private HttpResponse cors(HttpResponse r, String origin) {
    return r.header("Access-Control-Allow-Origin",
            origin != null && allowsOrigin(origin) ? origin : originHeader)
        .header("Vary", "Origin")
        .header("Cache-Control", "no-store");
  }

  private HttpResponse refuse(int status, String why) {
    refusals.accept(why);
    return cors(HttpResponse.text(status, why), null);
  }
}
