package dev.pepperjack.sandbox.internal;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.message.Envelope;
import dev.pepperjack.bridge.message.Message;
import dev.pepperjack.bridge.message.QueueFullException;
import dev.pepperjack.bridge.wire.WireFormat;
import dev.pepperjack.bridge.wire.WireFormatException;
import dev.pepperjack.sandbox.SandboxOptions;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One life of a sandbox process: its channel, the send path into the down ring (direct, or through
 * a backlog and a writer thread), and the reader thread that reads the up ring and supervises the process (exit,
 * crash, watchdog). A restart makes a new session.
 */
public final class SandboxSession {
  /** What the session reports to its owner; called on the session's reader thread. */
  public interface Events {
    /** The module posted {@code value}, which took {@code bytes} on the wire. */
    void posted(Var value, long bytes);

    void console(String level, String text);

    void error(String message);

    /** The sandbox ended; {@code undelivered} were queued or in flight but never handled. */
    void ended(boolean expected, String cause, List<Message> undelivered);
  }

  private static final Pattern SIGNAL_BANNER = Pattern.compile("#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\)");
  private static final String[] SIGNALS = {"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP",
      "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE",
      "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
      "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",
      "SIGPWR", "SIGSYS"};

  private final String id;
  private final SandboxOptions options;
  private final Events events;
  private final SharedChannel channel;
  private final Path log;
  private final Process process;
  /** Guards the down ring's producer side, {@link #inFlight}, {@link #backlog} and {@link #written}. */
  private final ReentrantLock sendLock = new ReentrantLock();
  /** The up ring's consumer side: the reader thread, or a caller of {@link #poll}. */
  private final ReentrantLock drainLock = new ReentrantLock();
  private final Condition backlogReady = sendLock.newCondition();
  /** Written to the ring, not yet reported handled; in ring order. */
  private final ArrayDeque<Outgoing> inFlight = new ArrayDeque<>();
  /** Waiting for the writer thread: the ring was full, the message large, or others were waiting. */
  private final ArrayDeque<Outgoing> backlog = new ArrayDeque<>();
  private long written;
  /** The writer thread is producing into the ring without the lock: callers must not write. */
  private boolean writerActive;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread reader;
  private final Thread writer;
  private volatile String fatal;
  private volatile String startFailure;
  private volatile String killCause;
  private volatile boolean bye;
  private volatile boolean ended;
  private volatile long startNanos;
  private volatile long readyNanos;

  /**
   * A message as sent: its envelope and its encoded copy, {@code document[0, length)}, which is
   * what the module will see. The copy stays host-private until the module reports it handled, so
   * an undelivered message comes back exactly as sent whatever the module did to the ring.
   */
  private record Outgoing(Envelope envelope, byte[] document, int length) {
    Message decode() {
      return new Message(envelope, WireFormat.decode(document, 0, length, VarLimits.DEFAULT));
    }
  }

  /** The largest frame {@link #poll} decodes on its caller's thread. */
  static final int POLL_MAX_BYTES = 64 << 10;
  /** The most frames one {@link #poll} takes: a module that floods leaves the rest to the reader. */
  static final int POLL_MAX_FRAMES = 16;
  /** A caller that polled within this long counts as polling: the reader does not spin meanwhile. */
  static final long POLLER_ACTIVE_NANOS = 250_000;
  /** When {@link #poll} last ran (System.nanoTime). */
  private volatile long lastPoll = System.nanoTime() - POLLER_ACTIVE_NANOS - 1;
  /** Documents at least this large are recycled once handled: a fresh one costs zeroing and faults. */
  private static final int RECYCLE_MIN = 64 << 10;
  /** Recycled document arrays; guarded by {@link #sendLock}. */
  private final ArrayDeque<byte[]> spareDocuments = new ArrayDeque<>(2);

  private SandboxSession(String id, SandboxOptions options, Events events,
      SharedChannel channel, Path log, Process process) {
    this.id = id;
    this.options = options;
    this.events = events;
    this.channel = channel;
    this.log = log;
    this.process = process;
    this.reader = Thread.ofPlatform().daemon().name("pj-sandbox-reader-" + id).unstarted(this::readLoop);
    this.writer = Thread.ofPlatform().daemon().name("pj-sandbox-writer-" + id).unstarted(this::writeLoop);
  }

  /**
   * Starts a sandbox for {@code moduleFile} and waits until it is ready.
   *
   * @throws SandboxStartException the sandbox refused or failed to start; the process is gone
   */
  public static SandboxSession start(String id, String moduleName, SandboxOptions options,
      Path packageDir, Path moduleFile, Events events) {
    long t0 = System.nanoTime();
    Path shmDir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
        : Path.of(System.getProperty("java.io.tmpdir"));
    String tag = moduleName + "-" + UUID.randomUUID();
    Path channelFile = shmDir.resolve("pepperjack-" + tag + ".ring");
    Path dataDir = options.dataRoot().resolve(moduleName);
    SharedChannel channel;
    Path log;
    try {
      Files.createDirectories(dataDir);
      log = Files.createTempFile("pepperjack-sandbox-" + moduleName + "-", ".log");
      channel = SharedChannel.create(channelFile, options.ringBytes(), options.ringBytes(),
          options.maxMessageBytes());
    } catch (IOException e) {
      throw new SandboxStartException(id + ": cannot prepare the sandbox: " + e.getMessage(), e);
    }
    Process process;
    try {
      ProcessBuilder pb = new ProcessBuilder(
          SandboxLauncher.command(options, channelFile, dataDir, packageDir, moduleFile));
      pb.environment().put("MALLOC_ARENA_MAX", "2");
      pb.redirectOutput(log.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
      process = pb.start();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw new SandboxStartException(id + ": cannot start the sandbox: " + e.getMessage(), e);
    }
    SandboxSession s = new SandboxSession(id, options, events, channel, log, process);
    s.startNanos = t0;
    s.reader.start();
    try {
      if (!s.ready.await(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        s.kill("start timeout");
        throw new SandboxStartException(id + ": the sandbox was not ready within " + options.startTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.kill("interrupted");
      throw new SandboxStartException(id + ": interrupted while starting", e);
    }
    if (s.readyNanos == 0) {
      s.awaitEnd(Duration.ofSeconds(5));
      throw new SandboxStartException(id + ": the sandbox did not start: " + s.startFailure);
    }
    try {
      channel.unlink(); // both sides hold the mapping; nobody else needs the name
    } catch (IOException ignored) {
      // left in /dev/shm until close(); harmless
    }
    s.writer.start();
    return s;
  }

  /** A value encoded for {@link #send}: {@code document[0, length)}. */
  public record Encoded(byte[] document, int length) {}

  /**
   * Encodes {@code value}: the by-value copy, made on the caller's thread, into a recycled array
   * when one is free.
   *
   * @throws dev.pepperjack.bridge.ValueRejectedException the value cannot be encoded
   */
  public Encoded encode(Var value) {
    byte[] spare;
    sendLock.lock();
    try {
      // The reader prunes only after delivering the module's reply, often after its caller is back
      // here: prune now, or a caller in a request-reply loop would never find its last array free.
      pruneHandledLocked();
      spare = spareDocuments.pollFirst();
    } finally {
      sendLock.unlock();
    }
    if (spare != null) {
      int length = WireFormat.encodeInto(value, spare, 0, spare.length);
      if (length >= 0) {
        return new Encoded(spare, length);
      }
      // Too small for this value: dropped, so that the pool fills with arrays that fit.
    }
    byte[] document = WireFormat.encode(value);
    return new Encoded(document, document.length);
  }

  /**
   * Sends an encoded message: straight into the ring on the caller's thread when it fits and
   * nothing is waiting ahead of it (the low-latency path), else to the writer thread's backlog.
   * Never waits for the module.
   *
   * @throws QueueFullException the backlog holds {@link SandboxOptions#queueCapacity()} messages
   * @throws IllegalStateException the session is stopping or ended
   */
  public void send(Envelope envelope, Encoded encoded) {
    send(new Outgoing(envelope, encoded.document(), encoded.length()));
  }

  private void send(Outgoing out) {
    byte[] document = out.document();
    sendLock.lock();
    try {
      if (stopping.get() || ended) {
        throw new IllegalStateException(id + " is stopping");
      }
      if (backlog.isEmpty() && !writerActive) {
        if (channel.down().tryWrite(SharedChannel.FRAME_MESSAGE, document, 0, out.length())) {
          inFlight.addLast(out);
          written++;
          return;
        }
      }
      if (backlog.size() >= options.queueCapacity()) {
        throw new QueueFullException(id, options.queueCapacity());
      }
      backlog.addLast(out);
      backlogReady.signal();
    } finally {
      sendLock.unlock();
    }
  }

  public long pid() {
    return process.pid();
  }

  /** Nanoseconds from {@link #start} to the module's READY. */
  public long startupNanos() {
    return readyNanos - startNanos;
  }

  /** Resident memory of the sandbox process, or -1. */
  public long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  public boolean isAlive() {
    return process.isAlive() && !reader.getState().equals(Thread.State.TERMINATED);
  }

  /**
   * Orderly stop: refuses new messages, asks the module to shut down after what it already has,
   * kills it if it does not exit in time. Returns when the session has ended.
   */
  public void stop(Duration grace) {
    if (stopping.compareAndSet(false, true)) {
      wakeWriter(); // it sends SHUTDOWN once the backlog is empty
    }
    if (!awaitEnd(grace)) {
      kill(null);
      awaitEnd(Duration.ofSeconds(5));
    }
  }

  /** Kills the process at once; the reader reports the end. */
  public void kill(String cause) {
    if (cause != null && killCause == null) {
      killCause = cause;
    }
    stopping.set(true);
    process.destroyForcibly();
    wakeWriter();
  }

  private void wakeWriter() {
    sendLock.lock();
    try {
      backlogReady.signalAll();
    } finally {
      sendLock.unlock();
    }
  }

  private boolean awaitEnd(Duration timeout) {
    try {
      reader.join(timeout);
      return !reader.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void writeLoop() {
    try (Arena scratch = Arena.ofConfined()) {
      Ring down = channel.down();
      while (true) {
        Outgoing out;
        sendLock.lock();
        try {
          while (backlog.isEmpty() && !stopping.get() && process.isAlive()) {
            backlogReady.await(100, TimeUnit.MILLISECONDS);
          }
          out = backlog.pollFirst();
          if (out != null) {
            inFlight.addLast(out);
            written++;
            writerActive = true;
          }
        } finally {
          sendLock.unlock();
        }
        if (out == null) {
          if (process.isAlive() && !ended) {
            down.write(SharedChannel.FRAME_SHUTDOWN, new byte[0], 0, 0, process::isAlive, scratch);
          }
          return;
        }
        // Written without the lock: callers see writerActive and queue behind instead of waiting.
        try {
          down.write(SharedChannel.FRAME_MESSAGE, out.document(), 0, out.length(),
              process::isAlive, scratch);
        } finally {
          sendLock.lock();
          try {
            writerActive = false;
          } finally {
            sendLock.unlock();
          }
        }
      }
    } catch (Ring.ClosedException e) {
      // the sandbox died; the reader reports it and what was not delivered
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      events.error(id + ": cannot send to the sandbox: " + e);
      kill("host writer failed: " + e.getMessage());
    }
  }

  private void readLoop() {
    Ring up = channel.up();
    long watchdogNanos = options.watchdog().toNanos();
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment timeout = Futex.timeout(scratch, 20_000_000L);
      long lastPrune = 0;
      while (true) {
        // Never queue behind a poller: it holds the lock for microseconds, and a parked reader
        // would cost the poller (often the UI thread) a wake-up system call when it lets go.
        int frames = drainLock.tryLock() ? drainLocked(up) : 0;
        long now = System.nanoTime();
        long busy = channel.busySince();
        if (busy != 0 && killCause == null && now - busy > watchdogNanos) {
          kill("watchdog: a handler ran longer than " + options.watchdog().toMillis() + " ms");
        }
        // Not after every reply: that is just when its caller comes back to send the next message
        // (and prunes itself), and the two would meet on the lock.
        if (frames == 0 || now - lastPrune > 1_000_000L) {
          pruneHandled();
          lastPrune = now;
        }
        if (!process.isAlive()) {
          drainLock.lock();
          drainLocked(up);
          break;
        }
        // While a caller polls, it takes the replies: the reader then sleeps instead of spinning,
        // and leaves the cores to the poller and the sandbox (two cores here).
        up.awaitData(timeout, now - lastPoll > POLLER_ACTIVE_NANOS);
      }
    } catch (Ring.ProtocolException e) {
      kill("protocol violation: " + e.getMessage());
    } catch (RuntimeException e) {
      kill("host reader failed: " + e);
    }
    try {
      process.waitFor(5, TimeUnit.SECONDS);
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (readyNanos == 0) {
      startFailure = endCause();
      discardLog();
      channel.close();
      ready.countDown();
      return; // start() reports the failure
    }
    ready.countDown();
    pruneHandled();
    List<Message> undelivered = new ArrayList<>();
    sendLock.lock();
    try {
      ended = true;
      for (Outgoing o : inFlight) {
        undelivered.add(o.decode());
      }
      for (Outgoing o : backlog) {
        undelivered.add(o.decode());
      }
      inFlight.clear();
      backlog.clear();
    } finally {
      sendLock.unlock();
    }
    boolean expected = bye && process.exitValue() == 0 && killCause == null;
    String cause = expected ? "stopped" : endCause();
    discardLog();
    channel.close();
    events.ended(expected, cause, undelivered);
  }

  private void pruneHandled() {
    sendLock.lock();
    try {
      pruneHandledLocked();
    } finally {
      sendLock.unlock();
    }
  }

  private void pruneHandledLocked() {
    if (ended) {
      return; // the reader has taken what was in flight as undelivered
    }
    long pending = written - channel.handled();
    // The message the writer thread is copying stays, even if the module claims it handled: its
    // array must not be recycled under the copy.
    while (inFlight.size() > Math.max(pending, writerActive ? 1 : 0)) {
      recycleLocked(inFlight.removeFirst().document());
    }
  }

  /** Drains {@code up} and releases {@link #drainLock}, which the caller holds. */
  private int drainLocked(Ring up) {
    try {
      return up.drain(this::onFrame);
    } finally {
      drainLock.unlock();
    }
  }

  /**
   * Poll delivery: hands over on the calling thread what the module has posted and is waiting now,
   * a few small frames only ({@link #POLL_MAX_FRAMES} of at most {@link #POLL_MAX_BYTES}: the caller
   * may be a UI thread), so that a caller already waiting for a reply need not wait for the reader
   * thread to be scheduled too. Returns at once (0) when nothing waits, the reader is draining or
   * the process has ended; events arrive in ring order either way. Listeners are then called on
   * this thread, and while someone polls the reader sleeps between frames instead of spinning.
   *
   * @return how many frames were handed over
   */
  public int poll() {
    lastPoll = System.nanoTime();
    Ring up = channel.up();
    try {
      if (ended || !up.hasData() || drainLock.isHeldByCurrentThread() || !drainLock.tryLock()) {
        return 0;
      }
    } catch (IllegalStateException closed) {
      return 0; // the process ended and its channel is unmapped: the reader reports the end
    }
    try {
      return up.drainSmall(this::onFrame, POLL_MAX_BYTES, POLL_MAX_FRAMES);
    } catch (Ring.ProtocolException e) {
      kill("protocol violation: " + e.getMessage());
      return 0;
    } catch (IllegalStateException closed) {
      return 0;
    } finally {
      drainLock.unlock();
    }
  }

  private void recycleLocked(byte[] document) {
    if (document.length >= RECYCLE_MIN && spareDocuments.size() < 2) {
      spareDocuments.addFirst(document);
    }
  }

  /**
   * Decodes a posted document. The sandbox can write the ring at any time, so the decoder reads
   * every byte of it once (structure into a private array, large buffers straight into their own).
   */
  private Var decodePost(MemorySegment payload) {
    if (payload.isNative()) {
      return WireFormat.decode(payload, VarLimits.DEFAULT);
    }
    // Assembled from fragments into the ring's private array, which the sandbox cannot touch.
    byte[] array = (byte[]) payload.heapBase().orElseThrow();
    return WireFormat.decode(array, (int) payload.address(), (int) payload.byteSize(), VarLimits.DEFAULT);
  }

  private void onFrame(int type, MemorySegment payload) {
    switch (type) {
      case SharedChannel.FRAME_READY -> {
        readyNanos = System.nanoTime();
        ready.countDown();
      }
      case SharedChannel.FRAME_POST -> {
        try {
          events.posted(decodePost(payload), payload.byteSize());
        } catch (WireFormatException e) {
          events.error("the module posted an invalid message: " + e.getMessage());
        }
      }
      case SharedChannel.FRAME_LOG -> {
        int level = payload.byteSize() >= 4 ? payload.get(java.lang.foreign.ValueLayout.JAVA_INT, 0) : 1;
        String text = payload.byteSize() > 4
            ? new String(payload.asSlice(4).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8)
            : "";
        events.console(switch (level) {
          case 0 -> "debug";
          case 2 -> "warn";
          case 3 -> "error";
          default -> "info";
        }, text);
      }
      case SharedChannel.FRAME_FATAL ->
          fatal = new String(payload.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
      case SharedChannel.FRAME_BYE -> bye = true;
      default -> events.error("unknown frame type " + type + " from the sandbox");
    }
  }

  /** Why the sandbox ended, in the words of a Crash event: signal, watchdog, fatal error or exit. */
  String endCause() {
    if (killCause != null) {
      return killCause;
    }
    String text = logTail();
    if (fatal != null) {
      return "module failed to start: " + fatal;
    }
    Matcher m = SIGNAL_BANNER.matcher(text);
    int exit = process.isAlive() ? -1 : process.exitValue();
    if (m.find()) {
      return m.group(1) + " in native code (exit " + exit + ")";
    }
    if (exit > 128 && exit - 128 < SIGNALS.length) {
      return SIGNALS[exit - 128];
    }
    String last = text.strip();
    int nl = last.lastIndexOf('\n');
    return "exit " + exit + (last.isEmpty() ? "" : ": " + last.substring(nl + 1));
  }

  private String logTail() {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = Math.max(0, all.length - 8192);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private void discardLog() {
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temporary file
    }
  }
}
