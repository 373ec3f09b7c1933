package dev.pepperjack.shell.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The shell's own origin, {@code http://pepperjack.invalid}, answered inside the JVM: the built-in
 * pages (the start page) and the bulk path. No socket: WebView's HTTP/1.1 loader goes through
 * {@link URL#openConnection()}, so an {@code http} handler that answers this host and hands every
 * other host back to the JDK's own handler is enough.
 *
 * <p>One per JVM ({@link URL#setURLStreamHandlerFactory} can be set once).
 */
public final class InProcessHttp {
  public static final String HOST = "pepperjack.invalid";
  public static final String ORIGIN = "http://" + HOST;
  public static final String START_PAGE = ORIGIN + "/start.html";
  private static final String PAGES = "/dev/pepperjack/shell/pages/";

  private static final Map<String, BulkChannel> CHANNELS = new ConcurrentHashMap<>();
  private static volatile Consumer<String> strayRefusals = s -> {};
  private static boolean installed;

  private InProcessHttp() {}

  /**
   * Installs the handler; idempotent. Must run before the first WebView is created: it switches
   * WebView to its URLConnection loader, which is what lets requests reach this handler.
   */
  @SuppressWarnings("deprecation")
  public static synchronized void install() {
    if (installed) {
      return;
    }
    System.setProperty("com.sun.webkit.useHTTP2Loader", "false");
    // A URL made before the factory exists keeps the JDK's http handler; URLs made relative to it
    // inherit that handler, which is how other hosts reach the network without --add-exports.
    URL jdkHttp;
    try {
      jdkHttp = new URL("http://localhost/");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    URLStreamHandler handler = new URLStreamHandler() {
      @Override
      protected URLConnection openConnection(URL u) throws IOException {
        return HOST.equalsIgnoreCase(u.getHost()) ? new Connection(u)
            : new URL(jdkHttp, u.toExternalForm()).openConnection();
      }

      @Override
      protected URLConnection openConnection(URL u, Proxy p) throws IOException {
        return HOST.equalsIgnoreCase(u.getHost()) ? new Connection(u)
            : new URL(jdkHttp, u.toExternalForm()).openConnection(p);
      }
    };
    URL.setURLStreamHandlerFactory(protocol -> "http".equals(protocol) ? handler : null);
    installed = true;
  }

  static void register(BulkChannel channel) {
    CHANNELS.put(channel.sessionId(), channel);
  }

  static void unregister(BulkChannel channel) {
    CHANNELS.remove(channel.sessionId(), channel);
    channel.clear();
  }

  /** Where refusals go that belong to no live page (an expired or invented session). */
  public static void onStrayRefusal(Consumer<String> sink) {
    strayRefusals = sink;
  }

  /** Answers one request; the routing behind the handler, callable without any URL machinery. */
  static HttpResponse answer(String method, String path, String query, String origin, byte[] body,
      boolean bodyTooLarge) {
    if (path.startsWith("/bulk/")) {
      String[] parts = path.split("/", -1);
      BulkChannel ch = parts.length == 5 ? CHANNELS.get(parts[2]) : null;
      if (ch == null) {
        String why = "bulk request for an unknown or expired page session from " + origin;
        strayRefusals.accept(why);
        return HttpResponse.text(403, why);
      }
      return ch.handle(method, parts[3], parts[4], query, origin, body, bodyTooLarge);
    }
    if (!"GET".equals(method)) {
      return HttpResponse.text(405, method + " not allowed");
    }
    String name = path.equals("/") ? "start.html" : path.substring(1);
    if (!name.matches("[a-z0-9-]+\\.(html|js|css|png|svg)")) {
      return HttpResponse.text(404, "no page " + path);
    }
    try (InputStream in = InProcessHttp.class.getResourceAsStream(PAGES + name)) {
      if (in == null) {
        return HttpResponse.text(404, "no page " + path);
      }
      return HttpResponse.ok(contentType(name), in.readAllBytes()).header("Cache-Control", "no-store");
    } catch (IOException e) {
      return HttpResponse.text(500, "cannot read " + name + ": " + e.getMessage());
    }
  }

  private static String contentType(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "png" -> "image/png";
      default -> "image/svg+xml";
    };
  }

  static String param(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String kv : query.split("&")) {
      if (kv.startsWith(name + "=")) {
        return kv.substring(name.length() + 1);
      }
    }
    return null;
  }

  /** A request to the in-process origin; the body must be an HttpURLConnection's to reach us. */
  private static final class Connection extends HttpURLConnection {
    private LimitedBody body;
    private HttpResponse response;
    private String origin;

    Connection(URL u) {
      super(u);
    }

    @Override
    public void connect() {
      // Stays "unconnected" for URLConnection's bookkeeping: nothing is opened.
    }

    @Override
    public void setRequestProperty(String key, String value) {
      if ("Origin".equalsIgnoreCase(key)) {
        origin = value;
      } else if ("Content-Length".equalsIgnoreCase(key) && body == null) {
        // Sizing the body buffer up front spares a chain of copies for a 16 MiB upload.
        try {
          body = new LimitedBody(maxBody(), Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
          // Collected without a size hint then.
        }
      }
      super.setRequestProperty(key, value);
    }

    @Override
    public void addRequestProperty(String key, String value) {
      if ("Origin".equalsIgnoreCase(key)) {
        origin = value;
      }
      super.addRequestProperty(key, value);
    }

    @Override
    public void disconnect() {}

    @Override
    public boolean usingProxy() {
      return false;
    }

    @Override
    public void setFixedLengthStreamingMode(long length) {
      body = new LimitedBody(maxBody(), length);
    }

    // WebView's loader calls the int form, which does not go through the long one: without this
    // a 16 MiB upload grew its buffer from 8 KiB by doubling, copying 32 MiB on the way.
    @Override
    public void setFixedLengthStreamingMode(int length) {
      setFixedLengthStreamingMode((long) length);
    }

    private long maxBody() {
      String path = url.getPath();
      if (path.startsWith("/bulk/")) {
        BulkChannel ch = CHANNELS.get(path.split("/", -1).length == 5 ? path.split("/")[2] : "");
        if (ch != null) {
          return ch.maxBody();
        }
      }
      return 64 * 1024;
    }

    @Override
    public OutputStream getOutputStream() {
      if (body == null) {
        body = new LimitedBody(maxBody(), -1);
      }
      return body;
    }

    private HttpResponse response() {
      if (response == null) {
        byte[] bytes = body == null ? new byte[0] : body.bytes();
        response = answer(getRequestMethod(), url.getPath(), url.getQuery(), origin, bytes,
            body != null && body.tooLarge());
        body = null;
      }
      return response;
    }

    @Override
    public InputStream getInputStream() {
      HttpResponse r = response();
      return new ByteArrayInputStream(r.body(), r.offset(), r.length());
    }

    @Override
    public InputStream getErrorStream() {
      return response().status() >= 400 ? getInputStream() : null;
    }

    @Override
    public int getResponseCode() {
      return response().status();
    }

    @Override
    public String getResponseMessage() {
      return response().status() < 400 ? "OK" : "Refused";
    }

    @Override
    public String getContentType() {
      return response().contentType();
    }

    @Override
    public long getContentLengthLong() {
      return response().length();
    }

    @Override
    public int getContentLength() {
      return response().length();
    }

    @Override
    public String getContentEncoding() {
      return null;
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
      Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      HttpResponse r = response();
      h.put("Content-Type", List.of(r.contentType()));
      h.put("Content-Length", List.of(Integer.toString(r.length())));
      r.headers().forEach((k, v) -> h.put(k, List.of(v)));
      return h;
    }

    @Override
    public String getHeaderField(String name) {
      if (name == null) {
        return "HTTP/1.1 " + response().status() + " " + getResponseMessage();
      }
      List<String> v = getHeaderFields().get(name);
      return v == null ? null : v.getFirst();
    }

    @Override
    public String getHeaderFieldKey(int n) {
      List<String> keys = List.copyOf(getHeaderFields().keySet());
      return n >= 1 && n <= keys.size() ? keys.get(n - 1) : null;
    }

    @Override
    public String getHeaderField(int n) {
      if (n == 0) {
        return getHeaderField(null);
      }
      String key = getHeaderFieldKey(n);
      return key == null ? null : getHeaderField(key);
    }
  }

  /** Collects a request body up to a limit; past it, remembers that and drops the rest. */
  private static final class LimitedBody extends OutputStream {
    private final long limit;
    private byte[] buf;
    private int size;
    private boolean tooLarge;

    LimitedBody(long limit, long expected) {
      this.limit = limit;
      if (expected > limit) {
        tooLarge = true;
        buf = new byte[0];
      } else {
        buf = new byte[expected > 0 ? (int) expected : 8192];
      }
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (tooLarge) {
        return;
      }
      if ((long) size + len > limit) {
        tooLarge = true;
        buf = new byte[0];
        size = 0;
        return;
      }
      if (size + len > buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max((long) buf.length * 2, size + len)));
      }
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    boolean tooLarge() {
      return tooLarge;
    }

    /** The body; the backing array itself when it is exactly full, to spare a 16 MiB copy. */
    byte[] bytes() {
      return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
  }
}
