package dev.pepperjack.shell.internal;

import dev.pepperjack.bridge.ArrayBufferVar;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.BitSet;
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
 * that must increase (a replayed upload or piece is refused) and download pieces that can be
 * fetched once. Bodies are size-limited, and the bytes a page may park here are bounded. Every
 * refusal is reported to {@code refusals} (the dev console).
 *
 * <p>Buffers travel in pieces. Uploads: {@code POST up/<id>?k=&c=<piece>&t=<total bytes>}, pieces
 * of {@link #upPiece()} bytes, reassembled here. Downloads: {@code GET down/<id>?k=&c=<piece>},
 * pieces of {@link #downPiece()} bytes, served as slices of the buffer (no copy). Why pieces, and
 * why the page uploads with synchronous XHRs: app-shell/README.md, "The bulk path".
 */
public final class BulkChannel implements PageCodec.BulkBuffers {
  /** Upload piece: one synchronous XHR, so also the longest the page's thread is held at once. */
  public static final int UP_PIECE = 16 << 20;
  /**
   * Download piece. With the loader's callbacks batched (BatchedWebCallbacks) one XHR per 16 MiB
   * was fastest (legs harness, GTK: p50 11 ms one piece, 14 ms two, 30 ms four side by side).
   */
  public static final int DOWN_PIECE = 16 << 20;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String sessionId = token();
  private final String secret = token();
  private final String originHeader;
  private final long maxBody;
  private final long maxParked;
  private final int upPiece;
  private final int downPiece;
  private final Consumer<String> refusals;
  private final Map<Long, Upload> uploads = new ConcurrentHashMap<>();
  private final Map<Long, Download> downloads = new ConcurrentHashMap<>();
  private final Object uploadLock = new Object();
  private long lastUpload;
  private final AtomicLong nextDownload = new AtomicLong();
  private final AtomicLong parkedBytes = new AtomicLong();

  /** A buffer being uploaded: its bytes and which pieces have arrived. */
  private static final class Upload {
    final byte[] bytes;
    final BitSet got;
    final int pieces;

    Upload(byte[] bytes, int pieces) {
      this.bytes = bytes;
      this.got = new BitSet(pieces);
      this.pieces = pieces;
    }

    boolean complete() {
      return got.cardinality() == pieces;
    }
  }

  /** A buffer waiting for the page: which pieces have been fetched. */
  private static final class Download {
    final ArrayBufferVar buffer;
    final byte[] bytes;
    final BitSet fetched = new BitSet();

    Download(ArrayBufferVar buffer) {
      this.buffer = buffer;
      this.bytes = buffer.bytes();
    }
  }

  /**
   * @param originHeader the Origin header this page's requests carry ({@code null} as text for
   *     file and generated pages)
   * @param maxBody the largest buffer accepted from the page
   * @param maxParked uploads not yet taken plus downloads not yet fetched, in bytes
   */
  public BulkChannel(String originHeader, long maxBody, long maxParked, Consumer<String> refusals) {
    this(originHeader, maxBody, maxParked, UP_PIECE, DOWN_PIECE, refusals);
  }

  BulkChannel(String originHeader, long maxBody, long maxParked, int upPiece, int downPiece,
      Consumer<String> refusals) {
    this.originHeader = originHeader;
    this.maxBody = maxBody;
    this.maxParked = maxParked;
    this.upPiece = upPiece;
    this.downPiece = downPiece;
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

  /** The largest request body: one upload piece. */
  long maxBody() {
    return Math.min(maxBody, upPiece);
  }

  int upPiece() {
    return upPiece;
  }

  int downPiece() {
    return downPiece;
  }

  private static int pieces(long total, int piece) {
    return total == 0 ? 1 : (int) ((total + piece - 1) / piece);
  }

  @Override
  public byte[] take(long id, long byteLength) {
    Upload u = uploads.remove(id);
    if (u == null) {
      throw new IllegalArgumentException("bulk buffer " + id + " was never uploaded");
    }
    parkedBytes.addAndGet(-u.bytes.length);
    if (u.bytes.length != byteLength) {
      throw new IllegalArgumentException("bulk buffer " + id + " has " + u.bytes.length
          + " bytes, the message says " + byteLength);
    }
    synchronized (u) {
      if (!u.complete()) {
        throw new IllegalArgumentException("bulk buffer " + id + " is incomplete: "
            + u.got.cardinality() + " of " + u.pieces + " pieces arrived");
      }
    }
    return u.bytes;
  }

  /**
   * Parks {@code buffer} for the page to fetch. The channel owns it from here: once the page has
   * copied it in place ({@link #getDirect}) it is released to the buffer pool.
   */
  @Override
  public long offer(ArrayBufferVar buffer) {
    long bytes = buffer.byteLength();
    // Downloads are fetched promptly by the page; the bound only stops a page that never fetches.
    if (parkedBytes.addAndGet(bytes) > maxParked) {
      parkedBytes.addAndGet(-bytes);
      throw new IllegalStateException("the page has not fetched " + maxParked
          + " bytes of earlier messages");
    }
    long id = nextDownload.incrementAndGet();
    downloads.put(id, new Download(buffer));
    return id;
  }

  /**
   * The direct path's upload (ViewMemory): the whole buffer {@code id} copied from the page's
   * memory in one step, under the same limits and replay rules as an upload by XHR. Returns null,
   * or why it was refused (also reported as a refusal).
   */
  String putDirect(long id, MemorySegment bytes) {
    long total = bytes.byteSize();
    if (total > maxBody) {
      return refused("bulk upload of " + total + " bytes, the limit is " + maxBody);
    }
    synchronized (uploadLock) {
      if (id <= lastUpload) {
        return refused("replayed or out-of-order bulk upload " + id + " (last was " + lastUpload + ")");
      }
      if (parkedBytes.addAndGet(total) > maxParked) {
        parkedBytes.addAndGet(-total);
        return refused("bulk uploads waiting exceed " + maxParked + " bytes");
      }
      lastUpload = id;
    }
    // A recycled array where one is free: fresh memory costs page faults, several times the copy.
    Upload u = new Upload(ArrayBufferVar.copyOf(bytes).bytes(), 1);
    u.got.set(0);
    uploads.put(id, u);
    return null;
  }

  /**
   * The direct path's download: copies the whole of buffer {@code id} into the page's memory and
   * forgets it. Returns null, or why not (nothing was written then).
   */
  String getDirect(long id, MemorySegment into) {
    Download d = downloads.get(id);
    if (d == null) {
      return refused("bulk download " + id + " unknown or already fetched (replay?)");
    }
    if (into.byteSize() != d.bytes.length) {
      return refused("bulk download " + id + " has " + d.bytes.length + " bytes, not "
          + into.byteSize());
    }
    synchronized (d) {
      if (!d.fetched.isEmpty() || !downloads.remove(id, d)) {
        return refused("bulk download " + id + " already being fetched (replay?)");
      }
      d.fetched.set(0, pieces(d.bytes.length, downPiece));
    }
    parkedBytes.addAndGet(-d.bytes.length);
    MemorySegment.copy(d.bytes, 0, into, ValueLayout.JAVA_BYTE, 0, d.bytes.length);
    // The page has its own copy now and the channel held the only reference: recycle the array.
    d.buffer.release();
    return null;
  }

  private String refused(String why) {
    refusals.accept(why);
    return why;
  }

  /** Frees everything parked; later requests find no session. */
  void clear() {
    uploads.clear();
    downloads.clear();
    parkedBytes.set(0);
  }

  HttpResponse handle(String method, String direction, String idText, String query, String origin,
      byte[] body, boolean bodyTooLarge) {
    String key = InProcessHttp.param(query, "k");
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
    int piece;
    try {
      id = Long.parseLong(idText);
      String c = InProcessHttp.param(query, "c");
      piece = c == null ? 0 : Integer.parseInt(c);
    } catch (NumberFormatException e) {
      return refuse(400, "bulk request with a bad id or piece number: " + idText);
    }
    if ("up".equals(direction) && "POST".equals(method)) {
      if (bodyTooLarge) {
        return refuse(413, "bulk upload piece larger than " + maxBody() + " bytes");
      }
      long total;
      try {
        String t = InProcessHttp.param(query, "t");
        total = t == null ? body.length : Long.parseLong(t);
      } catch (NumberFormatException e) {
        return refuse(400, "bulk upload " + id + " with a bad total length");
      }
      return cors(upload(id, piece, total, body), origin);
    }
    if ("down".equals(direction) && "GET".equals(method)) {
      return cors(download(id, piece), origin);
    }
    return refuse(405, "bulk " + method + " " + direction + " not allowed");
  }

  private HttpResponse upload(long id, int piece, long total, byte[] body) {
    if (total < 0 || total > maxBody) {
      return refuse(413, "bulk upload of " + total + " bytes, the limit is " + maxBody);
    }
    int pieces = pieces(total, upPiece);
    long at = (long) piece * upPiece;
    if (piece < 0 || piece >= pieces || body.length != Math.min(upPiece, total - at)) {
      return refuse(400, "bulk upload " + id + ": piece " + piece + " of " + body.length
          + " bytes does not fit a buffer of " + total + " bytes");
    }
    Upload u;
    synchronized (uploadLock) {
      u = uploads.get(id);
      if (u == null) {
        if (id <= lastUpload) {
          return refuse(409, "replayed or out-of-order bulk upload " + id + " (last was "
              + lastUpload + ")");
        }
        lastUpload = id;
        if (parkedBytes.addAndGet(total) > maxParked) {
          parkedBytes.addAndGet(-total);
          return refuse(413, "bulk uploads waiting exceed " + maxParked + " bytes");
        }
        // A buffer of one piece is the request body itself: no copy.
        u = new Upload(pieces == 1 ? body : new byte[(int) total], pieces);
        uploads.put(id, u);
      } else if (u.bytes.length != total) {
        return refuse(400, "bulk upload " + id + ": piece " + piece + " says " + total
            + " bytes, the buffer has " + u.bytes.length);
      }
    }
    synchronized (u) {
      if (u.got.get(piece)) {
        return refuse(409, "replayed bulk upload piece " + id + "/" + piece);
      }
      if (pieces > 1) {
        System.arraycopy(body, 0, u.bytes, (int) at, body.length);
      }
      u.got.set(piece);
    }
    return HttpResponse.ok("application/octet-stream", new byte[0]);
  }

  private HttpResponse download(long id, int piece) {
    Download d = downloads.get(id);
    if (d == null) {
      return refuse(404, "bulk download " + id + " unknown or already fetched (replay?)");
    }
    int pieces = pieces(d.bytes.length, downPiece);
    if (piece < 0 || piece >= pieces) {
      return refuse(404, "bulk download " + id + " has no piece " + piece);
    }
    synchronized (d) {
      if (d.fetched.get(piece)) {
        return refuse(404, "bulk download piece " + id + "/" + piece + " already fetched (replay?)");
      }
      d.fetched.set(piece);
      if (d.fetched.cardinality() == pieces && downloads.remove(id, d)) {
        parkedBytes.addAndGet(-d.bytes.length);
      }
    }
    int at = piece * downPiece;
    return HttpResponse.ok("application/octet-stream", d.bytes, at,
        Math.min(downPiece, d.bytes.length - at));
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
