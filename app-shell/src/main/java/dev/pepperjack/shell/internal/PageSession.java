package dev.pepperjack.shell.internal;

import dev.pepperjack.bridge.ValueRejectedException;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.message.CopyMode;
import dev.pepperjack.bridge.message.Message;
import dev.pepperjack.bridge.message.QueueFullException;
import dev.pepperjack.bridge.message.SandboxType;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.message.SendOptions;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModuleHost;
import dev.pepperjack.bridge.module.ModuleListener;
import dev.pepperjack.bridge.module.ModulePackage;
import dev.pepperjack.broker.ModuleAccessDeniedException;
import dev.pepperjack.broker.ModuleCatalog;
import dev.pepperjack.shell.internal.DevLog.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.web.WebEngine;
import netscape.javascript.JSObject;
import org.w3c.dom.events.DocumentEvent;
import org.w3c.dom.events.Event;
import org.w3c.dom.events.EventTarget;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One page load's connection to the shell: the page API's Java side, the modules the page opened,
 * its bulk channel and its outbox. A new session is made for every load; the old one is disposed,
 * stopping its modules.
 *
 * <p>Threads: the page calls in on the FX thread and those calls never wait on work (loads, large
 * decodes and listings run on the pool; the one wait is the bounded reply check,
 * {@link #REPLY_WAIT_NANOS}). Module events arrive on module threads, are encoded there, and
 * are handed to the page on the FX thread in batches.
 */
@SuppressWarnings("removal") // netscape.javascript is still the only WebView bridge in JavaFX 25
public final class PageSession {
  /** Page messages longer than this (as text) are decoded off the FX thread. */
  static final int INLINE_DECODE_CHARS = 64 * 1024;
  /** ArrayBuffers at least this large travel over the bulk channel (measured: README). */
  public static final int BULK_THRESHOLD = 64 * 1024;
  /** What putView and getView answer when the page must use the XHR path instead. */
  static final String VIEW_FALLBACK = "xhr";
  static final int MAX_MODULES = 32;
  static final int MAX_PENDING_LOADS = 8;
  static final long MAX_PENDING_DECODE_CHARS = 64L << 20;
  static final int MAX_BATCH_CHARS = 256 * 1024;
  static final String DELIVER_EVENT = "pepperjack-deliver";
  /** The page API's function on its element that takes a batch (see page-api.js). */
  static final String HAND_OVER = "pepperjackHandOver";
  /**
   * How long the page API's reply check (a microtask after a post) may wait on the FX thread for
   * a module's answer. Waking a sleeping FX thread (a runLater) costs 20-75 µs here, a module
   * answers in 10-60: waiting briefly for it halves a round trip. Bounded three ways: each wait,
   * the chain of waits one script task may make ({@link #REPLY_CHAIN_NANOS}, so input and painting
   * still get their turns), and after a wait that saw no reply the page is not waited for again
   * for a while: 1 ms, doubling with each miss in a row up to {@link #REPLY_BACKOFF_MAX_NANOS}
   * (a module that never answers quickly costs the FX thread well under 1% of its time), until a
   * reply is seen again within a wait's reach of its post. 0 turns it off.
   */
  static final long REPLY_WAIT_NANOS = Long.getLong("pepperjack.replyWaitMicros", 150) * 1000;
  /**
   * How long a reply wait spins before it starts yielding the core between checks. A system call
   * costs ~1.1 µs on this VM and a yield is one: yielding after 20 spins (~1 µs) put the
   * ≈1 KB GraalJS round trip at p50 32–44 µs; spinning 25 µs (about the time a GraalJS echo takes
   * to answer) first, at 20–32 µs, with p99 unchanged (app-shell/README.md, "the reply wait
   * spins"). A module that shares the FX thread's core waits at most this long for it. 0: yield
   * at once.
   */
  static final long REPLY_SPIN_NANOS = Long.getLong("pepperjack.replySpinMicros", 25) * 1000;
  /**
   * The chain budget: half a frame. With 2 ms, one round in 20–40 of a request-reply loop took an
   * alert turn of its own; 8 ms cut those turns by 55–70% and the ≈1 KB p50 by ~8 µs (alternating
   * bench runs, app-shell/README.md), and input still gets a turn every 8 ms.
   */
  static final long REPLY_CHAIN_NANOS = Long.getLong("pepperjack.replyChainMicros", 8000) * 1000;
  static final long REPLY_BACKOFF_MIN_NANOS = 1_000_000;
  static final long REPLY_BACKOFF_MAX_NANOS = 100_000_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String API_JS = resource("/dev/pepperjack/shell/page-api.js");

  private final String pageLabel;
  private final String origin;
  private final SecurityContext context;
  private final ModuleCatalog catalog;
  private final DevLog log;
  private final Executor pool;
  /**
   * Whether this page's last large reply needed a fresh buffer (it had none given up of that
   * length): only then is a collection before the next one worth it. FX thread.
   */
  private boolean largeRepliesFresh = true;
  private final SerialExecutor posts;
  private final BulkChannel bulk;
  private final VarLimits limits = VarLimits.DEFAULT;
  private final Map<String, ModuleHost> modules = new ConcurrentHashMap<>();
  private final Map<String, ModuleListener> listeners = new ConcurrentHashMap<>();
  private final AtomicInteger pendingLoads = new AtomicInteger();
  private final AtomicLong pendingDecodeChars = new AtomicLong();
  private final AtomicInteger pendingDecodes = new AtomicInteger();
  private final ConcurrentLinkedQueue<Delivery> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  /** True while the FX thread waits for a reply: module threads then need not wake it. */
  private volatile boolean waiting;
  /** FX thread: when the current chain of reply waits began (0: none); no waits before waitAgainAt. */
  private long chainStart;
  private long waitAgainAt = System.nanoTime();
  private long backoff = REPLY_BACKOFF_MIN_NANOS;
  /** FX thread: when the page last posted a message. */
  private long lastPost;
  /** A batch the page has not taken yet because handing it over failed (FX thread). */
  private String untaken;
  private final Native nativeSide = new Native();
  private volatile boolean disposed;
  /** The element the page API listens on for deliveries (a DOM node: never goes stale). */
  private EventTarget door;
  /** The same element as a script object, to call {@link #HAND_OVER} on. */
  private JSObject doorScript;
  /** The page API's hot calls as page functions (JscCalls), or null where LiveConnect serves. */
  private volatile JscCalls.Installed hotCalls;
  private DocumentEvent document;
  private WebEngine engine;

  /** @param tags where the payload's tagged nodes are (PageCodec.Encoded), "" for none */
  private record Delivery(String kind, Object target, String payload, String bulkIds, String tags,
      long sentAtNanos, String module, long bytes) {
    Delivery(String kind, Object target, String payload, String bulkIds, long sentAtNanos,
        String module, long bytes) {
      this(kind, target, payload, bulkIds, "", sentAtNanos, module, bytes);
    }
  }

  /**
   * @param location the page's URL, from which its origin is taken
   */
  public PageSession(String location, ModuleCatalog catalog, DevLog log, Executor pool) {
    this.pageLabel = location == null || location.isEmpty() ? "about:blank" : location;
    this.origin = originOf(location);
    this.context = new SecurityContext(origin, SandboxType.PAGE, Set.of());
    this.catalog = catalog;
    this.log = log;
    this.pool = pool;
    this.posts = new SerialExecutor(pool);
    this.bulk = new BulkChannel(origin.startsWith("http") ? origin : "null", 256L << 20, 1L << 30,
        why -> log.add(pageLabel, "", Direction.SHELL, "refused", -1, -1, why));
    InProcessHttp.register(bulk);
  }

  /** {@code scheme://host[:port]} for http(s) pages, {@code file://} for files, else {@code null}. */
  public static String originOf(String location) {
    if (location == null || location.isEmpty()) {
      return "null";
    }
    try {
      URI u = new URI(location);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        int port = u.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
      }
      return scheme.equals("file") ? "file://" : "null";
    } catch (java.net.URISyntaxException e) {
      return "null";
    }
  }

  public String origin() {
    return origin;
  }

  public String pageLabel() {
    return pageLabel;
  }

  /** The modules this page opened and has not closed. */
  public List<ModuleHost> modules() {
    return List.copyOf(modules.values());
  }

  /**
   * Puts the page API into the engine's current page. FX thread. The Java side is handed over
   * through a window member that the API script deletes at once; this session keeps it strongly
   * reachable, because WebView holds members only weakly.
   */
  public void inject(WebEngine engine) {
    this.engine = engine;
    JSObject window = (JSObject) engine.executeScript("window");
    window.setMember("__pepperjackNative", nativeSide);
    hotCalls = JscCalls.install(engine, hotCallHandlers());
    if (hotCalls != null) {
      window.setMember("__pepperjackHot", hotCalls.object());
    }
    Object r = engine.executeScript(API_JS);
    door = r instanceof EventTarget t ? t : null;
    doorScript = r instanceof JSObject j ? j : null;
    document = engine.getDocument() instanceof DocumentEvent d ? d : null;
  }

  /** The Native calls a page makes per message, by the names page-api.js calls them. */
  private Map<String, JscCalls.Handler> hotCallHandlers() {
    return Map.of(
        "post", a -> a.length == 3 && a[0] instanceof String id && a[1] instanceof String text
            && a[2] instanceof Double w ? nativeSide.post(id, text, w.intValue()) : "\nmalformed post",
        "awaitReplies", a -> nativeSide.awaitReplies(a.length > 0 && Boolean.TRUE.equals(a[0])),
        "take", a -> nativeSide.take(),
        "nowMicros", a -> nativeSide.nowMicros(),
        "views", a -> nativeSide.views(),
        // The page's typed array arrives as its bare cell: a LiveConnect wrapper would keep it
        // (and a large reply's memory) from the collector until the JVM collected the wrapper.
        "putView", a -> a.length == 3 && a[0] instanceof Double id && a[2] instanceof Double n
            ? viewCall(() -> nativeSide.putView(id.intValue(), a[1], n.intValue()))
            : "malformed putView",
        "getView", a -> a.length == 4 && a[0] instanceof Double id && a[2] instanceof Double n
            && a[3] instanceof Boolean fresh
            ? viewCall(() -> nativeSide.getView(id.intValue(), a[1], n.intValue(), fresh))
            : "malformed getView");
  }

  /** A page function must not throw: a failed copy is a refusal the page reports. */
  private static String viewCall(Supplier<String> copy) {
    try {
      return copy.get();
    } catch (RuntimeException e) {
      return "the shell could not copy the buffer: " + e;
    }
  }

  /**
   * Moves this page's hot calls to page functions if it was injected before {@link JscCalls#check}
   * had run (the shell's first page). FX thread.
   */
  public void upgradeHotCalls() {
    if (hotCalls != null || disposed || engine == null || doorScript == null) {
      return;
    }
    JscCalls.Installed hot = JscCalls.install(engine, hotCallHandlers());
    if (hot != null) {
      try {
        doorScript.call("pepperjackHot", hot.object());
        hotCalls = hot;
      } catch (RuntimeException e) {
        hot.dispose();
      }
    }
  }

  /** Whether this page's hot calls go through page functions (JscCalls) rather than LiveConnect. */
  public boolean hotCallsInstalled() {
    return hotCalls != null;
  }

  /** Stops this page's modules and closes its bulk channel. Any thread. */
  public void dispose() {
    disposed = true;
    JscCalls.Installed hot = hotCalls;
    if (hot != null) {
      hot.dispose();
    }
    InProcessHttp.unregister(bulk);
    List<ModuleHost> hosts = List.copyOf(modules.values());
    modules.clear();
    outbox.clear();
    // Stopping a module can take milliseconds (a process to reap): never on the FX thread.
    pool.execute(() -> hosts.forEach(this::release));
  }

  /** The task manager stopped {@code hostId}: stop it and tell the page it crashed. */
  public boolean kill(String hostId, String why) {
    ModuleHost host = modules.remove(hostId);
    if (host == null) {
      return false;
    }
    pool.execute(() -> release(host));
    log.add(pageLabel, hostId, Direction.SHELL, "crash", -1, -1, why);
    deliver(new Delivery("crash", hostId, json(JSON.createObjectNode().put("cause", why)), null,
        0, hostId, -1));
    return true;
  }

  private void release(ModuleHost host) {
    ModuleListener l = listeners.remove(host.id());
    if (l != null) {
      host.removeListener(l);
    }
    try {
      catalog.release(host);
    } catch (RuntimeException e) {
      log.add(pageLabel, host.id(), Direction.SHELL, "error", -1, -1, "stop failed: " + e);
    }
  }

  private void onModuleEvent(ModuleHost host, ModuleEvent event) {
    if (disposed) {
      return;
    }
    String id = host.id();
    switch (event) {
      case ModuleEvent.Posted p -> {
        Hops.stamp(2);
        Message m = p.message();
        // "id:bytes" per buffer offered: the page fetches each in pieces and needs the size first.
        List<String> offered = new ArrayList<>(0);
        PageCodec.Encoded encoded;
        try {
          encoded = PageCodec.encodeForPage(m.value(), new PageCodec.BulkBuffers() {
            @Override
            public byte[] take(long bulkId, long n) {
              throw new IllegalStateException();
            }

            @Override
            public long offer(dev.pepperjack.bridge.ArrayBufferVar buffer) {
              long bulkId = bulk.offer(buffer);
              offered.add(bulkId + ":" + buffer.byteLength());
              return bulkId;
            }
          }, BULK_THRESHOLD);
        } catch (RuntimeException e) {
          log.add(pageLabel, id, Direction.MODULE_TO_PAGE, "error", -1, -1,
              "reply not delivered: " + e.getMessage());
          deliver(errorDelivery(id, "a message from the module was not delivered: " + e.getMessage()));
          return;
        }
        String text = encoded.text();
        long bytes = text.length();
        String ids = null;
        if (!offered.isEmpty()) {
          ids = String.join(",", offered);
          bytes += bulkBytes(m.value());
        }
        Hops.stamp(3);
        deliver(new Delivery("message", id, text, ids, encoded.tagPaths(), m.envelope().sentAtNanos(),
            id, bytes));
      }
      case ModuleEvent.Console c -> {
        log.add(pageLabel, id, Direction.MODULE_TO_PAGE, "console", c.text().length(), -1,
            c.level() + ": " + c.text());
        deliver(new Delivery("console", id,
            json(JSON.createObjectNode().put("level", c.level()).put("text", c.text())), null, 0, id, -1));
      }
      case ModuleEvent.Error e -> {
        log.add(pageLabel, id, Direction.MODULE_TO_PAGE, "error", -1, -1,
            e.message() + (e.stack().isEmpty() ? "" : "\n" + e.stack()));
        deliver(new Delivery("error", id,
            json(JSON.createObjectNode().put("message", e.message()).put("stack", e.stack())), null, 0, id, -1));
      }
      case ModuleEvent.Crash c -> {
        log.add(pageLabel, id, Direction.MODULE_TO_PAGE, "crash", -1, -1, c.cause());
        deliver(new Delivery("crash", id, json(JSON.createObjectNode().put("cause", c.cause())),
            null, 0, id, -1));
      }
      case ModuleEvent.Undelivered u -> {
        String why = u.messages().size() + " message(s) not delivered: " + u.why();
        log.add(pageLabel, id, Direction.SHELL, "undelivered", -1, -1, why);
        deliver(errorDelivery(id, why));
      }
      case ModuleEvent.StatusChanged s -> {
        // The task manager polls status; nothing for the page.
      }
    }
  }

  private static long bulkBytes(Var v) {
    return switch (v) {
      case dev.pepperjack.bridge.ArrayBufferVar b -> b.byteLength() >= BULK_THRESHOLD ? b.byteLength() : 0;
      case dev.pepperjack.bridge.TypedArrayVar t -> bulkBytes(t.buffer());
      case dev.pepperjack.bridge.ArrayVar a -> a.elements().stream().mapToLong(PageSession::bulkBytes).sum();
      case dev.pepperjack.bridge.Dictionary d -> d.entries().values().stream().mapToLong(PageSession::bulkBytes).sum();
      default -> 0;
    };
  }

  private Delivery errorDelivery(String id, String message) {
    return new Delivery("error", id, json(JSON.createObjectNode().put("message", message)), null,
        0, id, -1);
  }

  private void deliver(Delivery d) {
    outbox.add(d);
    // Read after the add: a waiter that gives up re-checks the outbox after clearing the flag.
    if (!waiting && drainScheduled.compareAndSet(false, true)) {
      Platform.runLater(this::drain);
    }
  }

  /** Bytes of the outbox's replies that carry large buffers (ReplyCollector.LARGE each). */
  private long largeReplyBytes() {
    long n = 0;
    for (Delivery d : outbox) {
      if (d.bulkIds() != null && d.bytes() >= ReplyCollector.LARGE) {
        n += d.bytes();
      }
    }
    return n;
  }

  /**
   * FX thread, from the page API's reply check: the next batch, waiting up to
   * {@link #REPLY_WAIT_NANOS} for one (see there); "" if none came.
   */
  private String awaitBatch(boolean freshChain) {
    String batch = takeBatch();
    if (!batch.isEmpty()) {
      drainRest();
      return batch;
    }
    long now = System.nanoTime();
    if (chainStart == 0 || freshChain) {
      chainStart = now;
    }
    if (REPLY_WAIT_NANOS <= 0 || disposed || now - chainStart > REPLY_CHAIN_NANOS
        || now - waitAgainAt < 0) {
      chainStart = 0;
      return "";
    }
    waiting = true;
    try {
      while (outbox.isEmpty()) {
        long waited = System.nanoTime() - now;
        if (waited > REPLY_WAIT_NANOS) {
          break;
        }
        // Poll delivery: a host that can hands its module's reply over on this thread, so the
        // reply does not also wait for the host's own thread to get a core (two cores here).
        if (pollModules() > 0) {
          continue;
        }
        // On the core for about a module's answer, then let the module's thread have it (two cores here).
        if (waited > REPLY_SPIN_NANOS) {
          Thread.yield();
        } else {
          Thread.onSpinWait();
        }
      }
    } finally {
      waiting = false;
    }
    batch = takeBatch();
    if (batch.isEmpty()) {
      waitAgainAt = System.nanoTime() + backoff;
      backoff = Math.min(backoff * 2, REPLY_BACKOFF_MAX_NANOS);
      chainStart = 0;
    } else {
      backoff = REPLY_BACKOFF_MIN_NANOS;
      drainRest();
    }
    return batch;
  }

  private int pollModules() {
    int n = 0;
    for (ModuleHost host : modules.values()) {
      n += host.pollEvents();
    }
    return n;
  }

  /** What a bounded batch left in the outbox goes in a delivery turn of its own. */
  private void drainRest() {
    if (!outbox.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      Platform.runLater(this::drain);
    }
  }

  /**
   * Hands what waits in the outbox to the page: one call of the API's hand-over function with the
   * batch, which dispatches a DOM event whose listener delivers it. Because WebKit runs that
   * listener as script proper, the page's promise reactions run as soon as it returns. If the
   * call fails (a page on its way out), the DOM event is dispatched from here and the listener
   * takes the batch with {@link Native#take()}.
   */
  private void drain() {
    Hops.stamp(4);
    drainScheduled.set(false);
    if (outbox.isEmpty() && untaken == null) {
      return;
    }
    if (disposed || door == null || document == null) {
      outbox.clear();
      untaken = null;
      return;
    }
    if (untaken == null && doorScript != null) {
      if (largeRepliesFresh) {
        ReplyCollector.shared().beforeLargeReplies(largeReplyBytes());
      }
      String batch = takeBatch();
      try {
        doorScript.call(HAND_OVER, batch);
      } catch (RuntimeException e) {
        untaken = batch;
      }
    }
    if (untaken != null) {
      try {
        Event e = document.createEvent("Event");
        e.initEvent(DELIVER_EVENT, false, false);
        door.dispatchEvent(e);
      } catch (RuntimeException e) {
        log.add(pageLabel, "", Direction.SHELL, "error", -1, -1, "page did not take its deliveries: " + e);
      }
      if (untaken != null) {
        log.add(pageLabel, "", Direction.SHELL, "error", -1, -1,
            "deliveries not taken by the page (" + untaken.length() + " characters)");
        untaken = null;
      }
    }
    // A batch is bounded: what is left goes in a turn of its own, so the page stays responsive.
    drainRest();
  }

  /** The next deliveries in the page API's framing (see page-api.js), or "" when none wait. */
  private String takeBatch() {
    if (untaken != null) {
      String b = untaken;
      untaken = null;
      return b;
    }
    Delivery d = outbox.poll();
    if (d == null || disposed) {
      return "";
    }
    Hops.stamp(5);
    if (backoff > REPLY_BACKOFF_MIN_NANOS && d.kind().equals("message")
        && d.sentAtNanos() - lastPost >= 0 && d.sentAtNanos() - lastPost < REPLY_WAIT_NANOS) {
      // A reply came within a wait's reach of the last post again: the pause after misses ends.
      backoff = REPLY_BACKOFF_MIN_NANOS;
      waitAgainAt = System.nanoTime();
    }
    StringBuilder sb = new StringBuilder(d.payload().length() + 48);
    do {
      sb.append(d.kind()).append('\u0001').append(d.target()).append('\u0001')
          .append(d.bulkIds() == null ? "" : d.bulkIds()).append('\u0001')
          .append(d.tags()).append('\u0001')
          .append(d.payload().length()).append('\u0001').append(d.payload());
      if (d.kind().equals("message")) {
        log.add(pageLabel, d.module(), Direction.MODULE_TO_PAGE, "message", d.bytes(),
            System.nanoTime() - d.sentAtNanos(), "");
      }
      // Bounded batches: the page's strings stay small however much waits.
    } while (sb.length() < MAX_BATCH_CHARS && (d = outbox.poll()) != null);
    return sb.toString();
  }

  private static String json(Object node) {
    return JSON.writeValueAsString(node);
  }

  private static String resource(String name) {
    try (InputStream in = PageSession.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String decodeAndPost(ModuleHost host, String text, int weight) {
    Var value;
    long t0 = System.nanoTime();
    try {
      value = PageCodec.decode(text, bulk, limits);
    } catch (ValueRejectedException e) {
      log.add(pageLabel, host.id(), Direction.PAGE_TO_MODULE, "refused", text.length(), -1,
          e.getMessage());
      return e.path() + "\n" + e.getMessage();
    }
    // Before the post: once posted, the module may reply before this thread stamps anything.
    Hops.stamp(1);
    try {
      // The value was decoded for this post alone: the module's queue may keep it uncopied.
      host.post(context, value, SendOptions.weight(weight).withCopyMode(CopyMode.TRANSFER));
    } catch (QueueFullException e) {
      log.add(pageLabel, host.id(), Direction.PAGE_TO_MODULE, "refused", text.length(), -1,
          "queue full: " + e.getMessage());
      return "\nmodule " + host.id() + " is not keeping up (queue full): " + e.getMessage();
    } catch (ValueRejectedException e) {
      log.add(pageLabel, host.id(), Direction.PAGE_TO_MODULE, "refused", text.length(), -1,
          e.getMessage());
      return e.path() + "\n" + e.getMessage();
    } catch (RuntimeException e) {
      log.add(pageLabel, host.id(), Direction.PAGE_TO_MODULE, "refused", text.length(), -1,
          String.valueOf(e.getMessage()));
      return "\nmodule " + host.id() + " refused the message: " + e.getMessage();
    }
    log.add(pageLabel, host.id(), Direction.PAGE_TO_MODULE, "message", text.length(),
        System.nanoTime() - t0, "");
    return "";
  }

  private void failRequest(int request, String why) {
    deliver(new Delivery("failed", request, why, null, 0, "", -1));
  }

  /**
   * What the page API script calls. Public only because WebView calls public methods; the
   * script deletes the window member that carries it, so pages never hold it.
   */
  public final class Native {
    private Native() {}

    public String session() {
      ObjectNode n = JSON.createObjectNode();
      n.put("origin", origin);
      n.put("bulkBase", bulk.base());
      n.put("secret", bulk.secret());
      n.put("bulkThreshold", BULK_THRESHOLD);
      n.put("bulkUpPiece", BulkChannel.UP_PIECE);
      n.put("bulkDownPiece", BulkChannel.DOWN_PIECE);
      n.put("version", dev.pepperjack.shell.Version.get());
      n.put("hops", Hops.ON);
      return json(n);
    }

    public String load(int request, String spec) {
      if (disposed) {
        return "the page is closing";
      }
      if (modules.size() >= MAX_MODULES) {
        return "this page already runs " + MAX_MODULES + " modules; close some first";
      }
      if (pendingLoads.incrementAndGet() > MAX_PENDING_LOADS) {
        pendingLoads.decrementAndGet();
        return "more than " + MAX_PENDING_LOADS + " module loads in progress";
      }
      log.add(pageLabel, spec, Direction.PAGE_TO_MODULE, "load", -1, -1, "load " + spec);
      pool.execute(() -> {
        ModuleHost host = null;
        try {
          host = catalog.open(spec, context);
          ModuleHost h = host;
          ModuleListener l = ev -> onModuleEvent(h, ev);
          listeners.put(h.id(), l);
          h.addListener(l);
          long t0 = System.nanoTime();
          h.start();
          if (disposed) {
            release(h);
            return;
          }
          modules.put(h.id(), h);
          log.add(pageLabel, h.id(), Direction.SHELL, "started", -1, System.nanoTime() - t0,
              h.kind().name().toLowerCase(Locale.ROOT) + " module started");
          ObjectNode n = JSON.createObjectNode();
          n.put("id", h.id());
          n.put("name", h.manifest().name());
          n.put("kind", h.kind().name().toLowerCase(Locale.ROOT));
          deliver(new Delivery("loaded", request, json(n), null, 0, h.id(), -1));
        } catch (ModuleAccessDeniedException e) {
          log.add(pageLabel, spec, Direction.SHELL, "refused", -1, -1, e.getMessage());
          failRequest(request, e.getMessage());
        } catch (RuntimeException e) {
          if (host != null) {
            release(host);
          }
          log.add(pageLabel, spec, Direction.SHELL, "error", -1, -1, "load failed: " + e.getMessage());
          failRequest(request, "cannot load " + spec + ": " + e.getMessage());
        } finally {
          pendingLoads.decrementAndGet();
        }
      });
      return "";
    }

    public String modules(int request) {
      pool.execute(() -> {
        try {
          ModuleCatalog.Listing listing = catalog.list();
          ArrayNode a = JSON.createArrayNode();
          for (ModulePackage p : listing.packages()) {
            ObjectNode n = a.addObject();
            n.put("name", p.manifest().name());
            n.put("kind", p.manifest().kind().name().toLowerCase(Locale.ROOT));
            n.put("version", p.manifest().version());
            n.put("description", p.manifest().description());
            n.put("runnable", catalog.installedKinds().contains(p.manifest().kind()));
            n.put("allowed", p.manifest().allowsOrigin(origin));
          }
          ObjectNode r = JSON.createObjectNode();
          r.set("modules", a);
          ArrayNode problems = r.putArray("problems");
          listing.problems().forEach(problems::add);
          ArrayNode kinds = r.putArray("installedKinds");
          catalog.installedKinds().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).sorted()
              .forEach(kinds::add);
          deliver(new Delivery("result", request, json(r), null, 0, "", -1));
        } catch (RuntimeException e) {
          failRequest(request, "cannot list modules: " + e.getMessage());
        }
      });
      return "";
    }

    /** "" when queued; otherwise "path\nwhy" (path may be empty). */
    public String post(String handleId, String text, int weight) {
      Hops.stamp(0);
      ModuleHost host = modules.get(handleId);
      if (host == null) {
        return "\nmodule " + handleId + " is not running in this page";
      }
      if (text.length() <= INLINE_DECODE_CHARS && pendingDecodes.get() == 0) {
        String refused = decodeAndPost(host, text, weight);
        lastPost = System.nanoTime();
        return refused;
      }
      if (pendingDecodeChars.addAndGet(text.length()) > MAX_PENDING_DECODE_CHARS) {
        pendingDecodeChars.addAndGet(-text.length());
        log.add(pageLabel, handleId, Direction.PAGE_TO_MODULE, "refused", text.length(), -1,
            "page is sending faster than the shell decodes");
        return "\nthe page is sending faster than the shell can decode; wait for replies";
      }
      // Large texts are decoded off the FX thread; later small ones queue behind to keep order.
      pendingDecodes.incrementAndGet();
      posts.execute(() -> {
        try {
          String r = decodeAndPost(host, text, weight);
          if (!r.isEmpty()) {
            deliver(errorDelivery(handleId, r.substring(r.indexOf('\n') + 1)));
          }
        } finally {
          pendingDecodes.decrementAndGet();
          pendingDecodeChars.addAndGet(-text.length());
        }
      });
      return "";
    }

    /** Whether putView and getView can copy in place in this JVM (ViewMemory). */
    public boolean views() {
      return ViewMemory.works();
    }

    /**
     * Bulk upload in place (ViewMemory): copies the page's {@code view}, the whole of buffer
     * {@code bulkId}, before postMessage returns. Returns null when done, "xhr" when the view
     * cannot be read in place here (the page then uploads it by XHR), or why it was refused.
     */
    public String putView(int bulkId, Object view, int length) {
      if (disposed) {
        return "the page is closing";
      }
      MemorySegment bytes = ViewMemory.bytes(view, length);
      return bytes == null ? VIEW_FALLBACK : bulk.putDirect(bulkId, bytes);
    }

    /**
     * Bulk download in place: copies buffer {@code bulkId} into the page's {@code view} of its
     * length, {@code fresh} if the page allocated it for this reply rather than reusing memory
     * it gave up (a transfer list). Returns null when done, "xhr" when the page must fetch it by
     * XHR, or why not.
     */
    public String getView(int bulkId, Object view, int length, boolean fresh) {
      if (length >= ReplyCollector.LARGE) {
        largeRepliesFresh = fresh;
      }
      MemorySegment into = ViewMemory.bytes(view, length);
      return into == null ? VIEW_FALLBACK : bulk.getDirect(bulkId, into);
    }

    public void close(String handleId) {
      ModuleHost host = modules.remove(handleId);
      if (host != null) {
        log.add(pageLabel, handleId, Direction.SHELL, "closed", -1, -1, "closed by the page");
        pool.execute(() -> release(host));
      }
    }

    /** Deliveries waiting for the page, in page-api.js's framing; "" when none. FX thread. */
    public String take() {
      return takeBatch();
    }

    /**
     * The page posted and checks for replies: {@link #take()}, waiting briefly for one. FX thread.
     *
     * @param freshChain the page's event loop has had a turn since the last chain of checks began
     */
    public String awaitReplies(boolean freshChain) {
      return awaitBatch(freshChain);
    }

    /** With {@code -Dpepperjack.hops=true} only: the stamps of {@link Hops}, or resets them. */
    public String hops(boolean reset) {
      if (!Hops.ON) {
        return "";
      }
      if (reset) {
        Hops.reset();
        return "";
      }
      return Hops.dump();
    }

    public double nowMicros() {
      return System.nanoTime() / 1000.0;
    }

    public void pageConsole(String level, String text) {
      log.add(pageLabel, "", Direction.SHELL, "page-console", -1, -1, level + ": " + text);
    }

    public void pageError(String text) {
      log.add(pageLabel, "", Direction.SHELL, "page-error", -1, -1, text);
    }
  }
}
