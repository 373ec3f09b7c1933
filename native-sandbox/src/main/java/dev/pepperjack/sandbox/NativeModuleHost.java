package dev.pepperjack.sandbox;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.Envelope;
import dev.pepperjack.bridge.message.Message;
import dev.pepperjack.bridge.message.SandboxType;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.message.SendOptions;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModuleException;
import dev.pepperjack.bridge.module.ModuleHost;
import dev.pepperjack.bridge.module.ModuleKind;
import dev.pepperjack.bridge.module.ModuleListener;
import dev.pepperjack.bridge.module.ModuleListeners;
import dev.pepperjack.bridge.module.ModuleManifest;
import dev.pepperjack.bridge.module.ModulePackage;
import dev.pepperjack.bridge.module.ModuleStats;
import dev.pepperjack.bridge.module.ModuleStatus;
import dev.pepperjack.sandbox.internal.SandboxSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A native module running in its own sandbox process (see the module README for what confines it).
 *
 * <p>{@link #post} encodes the value (the copy) and writes it straight into the shared-memory ring
 * when there is room, else hands it to a writer thread; it never waits for the module. What the module posts, logs or how it dies comes back as {@link
 * ModuleEvent}s on the session's reader thread. A crash, hang (watchdog) or unexpected exit becomes
 * a {@link ModuleEvent.Crash}; messages not yet handled come back in a {@link
 * ModuleEvent.Undelivered}. Restarts happen on {@link #restart()} or by {@link
 * SandboxOptions#maxAutoRestarts()}.
 */
public final class NativeModuleHost implements ModuleHost {
  private final String id;
  private final ModulePackage pkg;
  private final ModuleBinary binary;
  private final SandboxOptions options;
  private final SecurityContext moduleContext;
  private final ModuleListeners listeners = new ModuleListeners();
  private final Map<SecurityContext, AtomicLong> sequences = new ConcurrentHashMap<>();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final AtomicLong messagesIn = new AtomicLong();
  private final AtomicLong messagesOut = new AtomicLong();
  private final AtomicLong outSequence = new AtomicLong();
  private final AtomicInteger restarts = new AtomicInteger();
  private final AtomicInteger autoRestarts = new AtomicInteger();
  private final Object lifecycle = new Object();
  private volatile ModuleStatus status = ModuleStatus.CREATED;
  private volatile SandboxSession session;

  /**
   * Checks the package's library (without running it) and prepares a host; {@link #start} runs it.
   *
   * @throws BadModuleException the library is not a usable module
   */
  public NativeModuleHost(ModulePackage pkg, String instanceId, SandboxOptions options) {
    this.id = instanceId;
    this.pkg = pkg;
    this.options = options;
    this.binary = ModuleBinary.check(pkg.entryPath());
    if (pkg.manifest().abi() != 0 && pkg.manifest().abi() != binary.abi()) {
      throw new BadModuleException(pkg.entryPath(), BadModuleException.Reason.ABI_MISMATCH,
          "manifest says abi " + pkg.manifest().abi() + " but the library declares " + binary.abi());
    }
    this.moduleContext = new SecurityContext("pepperjack-module://" + pkg.manifest().name(),
        SandboxType.NATIVE, Set.copyOf(pkg.manifest().permissions()));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ModuleManifest manifest() {
    return pkg.manifest();
  }

  @Override
  public ModuleKind kind() {
    return ModuleKind.NATIVE;
  }

  @Override
  public ModuleStatus status() {
    return status;
  }

  /** The context stamped on everything this module posts. */
  public SecurityContext moduleContext() {
    return moduleContext;
  }

  /** The running sandbox's pid, or -1. */
  public long pid() {
    SandboxSession s = session;
    return s == null ? -1 : s.pid();
  }

  /** Nanoseconds the current sandbox took from launch to ready, or -1. */
  public long startupNanos() {
    SandboxSession s = session;
    return s == null ? -1 : s.startupNanos();
  }

  @Override
  public ModuleStats stats() {
    SandboxSession s = session;
    return new ModuleStats(messagesIn.get(), messagesOut.get(), bytesIn.get(), bytesOut.get(),
        s == null ? -1 : s.residentBytes(), restarts.get());
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (session != null && session.isAlive()) {
        return;
      }
      setStatus(ModuleStatus.STARTING);
      try {
        session = SandboxSession.start(id, pkg.manifest().name(), options, pkg.directory(),
            pkg.entryPath(), new SessionEvents());
      } catch (ModuleException e) {
        setStatus(ModuleStatus.CRASHED);
        emit(new ModuleEvent.Crash(id, e.getMessage()));
        throw e;
      }
      setStatus(ModuleStatus.IDLE);
    }
  }

  @Override
  public long post(SecurityContext from, Var value, SendOptions options) {
    SandboxSession s = session;
    if (s == null || status == ModuleStatus.CRASHED || status == ModuleStatus.STOPPED) {
      throw new IllegalStateException(id + " is not running (" + status + ")");
    }
    if (from.sandboxType() != SandboxType.HOST && !pkg.manifest().allowsOrigin(from.origin())) {
      throw new SecurityException(from.origin() + " may not message " + id
          + " (manifest origins: " + pkg.manifest().origins() + ")");
    }
    // Encoding is the copy: later changes to value by the caller cannot reach the module.
    SandboxSession.Encoded encoded = s.encode(value);
    long seq = sequences.computeIfAbsent(from, c -> new AtomicLong()).incrementAndGet();
    s.send(new Envelope(from.origin(), id, seq, from, options.weight(), System.nanoTime()), encoded);
    messagesIn.incrementAndGet();
    bytesIn.addAndGet(encoded.length());
    return seq;
  }

  /** Takes the module's small posts straight from the shared ring (see SandboxSession#poll). */
  @Override
  public int pollEvents() {
    SandboxSession s = session;
    return s == null ? 0 : s.poll();
  }

  @Override
  public void addListener(ModuleListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(ModuleListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void stop() {
    synchronized (lifecycle) {
      SandboxSession s = session;
      if (s == null) {
        return;
      }
      status = ModuleStatus.STOPPED; // set first so the end is not taken for a crash
      s.stop(Duration.ofSeconds(2));
      session = null;
      emit(new ModuleEvent.StatusChanged(id, ModuleStatus.STOPPED));
    }
  }

  @Override
  public void restart() {
    synchronized (lifecycle) {
      stop();
      restarts.incrementAndGet();
      start();
    }
  }

  private void setStatus(ModuleStatus next) {
    status = next;
    emit(new ModuleEvent.StatusChanged(id, next));
  }

  private void emit(ModuleEvent event) {
    listeners.emit(event);
  }

  private final class SessionEvents implements SandboxSession.Events {
    @Override
    public void posted(Var value, long bytes) {
      messagesOut.incrementAndGet();
      bytesOut.addAndGet(bytes);
      Envelope envelope = new Envelope(moduleContext.origin(), id, outSequence.incrementAndGet(),
          moduleContext, 0, System.nanoTime());
      emit(new ModuleEvent.Posted(id, new Message(envelope, value)));
    }

    @Override
    public void console(String level, String text) {
      emit(new ModuleEvent.Console(id, level, text));
    }

    @Override
    public void error(String message) {
      emit(new ModuleEvent.Error(id, message, ""));
    }

    @Override
    public void ended(boolean expected, String cause, List<Message> undelivered) {
      boolean stopped = status == ModuleStatus.STOPPED;
      if (!undelivered.isEmpty()) {
        emit(new ModuleEvent.Undelivered(id, undelivered, stopped ? "module stopped" : cause));
      }
      if (stopped) {
        return;
      }
      status = ModuleStatus.CRASHED;
      emit(new ModuleEvent.Crash(id, cause));
      emit(new ModuleEvent.StatusChanged(id, ModuleStatus.CRASHED));
      if (autoRestarts.get() < options.maxAutoRestarts()) {
        autoRestarts.incrementAndGet();
        Thread.ofPlatform().daemon().name("pj-sandbox-restart-" + id).start(() -> {
          try {
            restart();
          } catch (ModuleException e) {
            // start() already reported the crash
          }
        });
      }
    }
  }
}
