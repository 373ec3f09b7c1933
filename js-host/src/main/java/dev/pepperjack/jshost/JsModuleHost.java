package dev.pepperjack.jshost;

import dev.pepperjack.bridge.Var;
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
import dev.pepperjack.jshost.internal.ModuleRuntime;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A JavaScript module running in its own sandboxed GraalJS context on a shared {@link JsEngine},
 * owned by one event-loop thread. Messages, timers and host replies run as tasks on that loop.
 *
 * <p>The module sees only the bridge API ({@code postMessage}, {@code onmessage} /
 * {@code addEventListener('message')}, timers, {@code console}, {@code TextEncoder} /
 * {@code TextDecoder}): no host classes, no IO, no {@code load}, no polyglot globals.
 *
 * <p>Status events are sent for the lifecycle (STARTING, IDLE, STOPPED, CRASHED); BUSY is reported
 * by {@link #status()} while a task runs but not sent as an event, which would double the cost of
 * every message.
 */
public final class JsModuleHost implements ModuleHost {
  static final String ORIGIN_SCHEME = "pepperjack-module://";
  private static final long MAX_SOURCE_BYTES = 16L << 20;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final String id;
  private final ModulePackage pkg;
  private final JsEngine engine;
  private final JsModuleLimits limits;
  private final SecurityContext moduleContext;
  private final ModuleListeners listeners = new ModuleListeners();
  private final ModuleRuntime.Counters counters = new ModuleRuntime.Counters();
  private final Object lifecycle = new Object();
  private volatile ModuleRuntime runtime;
  private volatile ModuleStatus status = ModuleStatus.CREATED;
  private volatile int restarts;

  public JsModuleHost(ModulePackage pkg, String instanceId, JsEngine engine, JsModuleLimits limits) {
    this.pkg = Objects.requireNonNull(pkg, "pkg");
    this.id = Objects.requireNonNull(instanceId, "instanceId");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.limits = Objects.requireNonNull(limits, "limits");
    if (pkg.manifest().kind() != ModuleKind.GRAALJS) {
      throw new ModuleException(pkg.directory() + ": module '" + pkg.manifest().name() + "' is of kind "
          + pkg.manifest().kind() + ", not GRAALJS");
    }
    this.moduleContext = new SecurityContext(ORIGIN_SCHEME + pkg.manifest().name(),
        SandboxType.GRAALJS, Set.copyOf(pkg.manifest().permissions()));
  }

  /**
   * A host for a module package directory (with {@code manifest.json}) or a single {@code .js}
   * file, on the shared engine with default limits. Not started.
   */
  public static JsModuleHost load(Path path) {
    return new JsModuleHost(packageAt(path), defaultId(path), JsEngine.shared(), JsModuleLimits.DEFAULT);
  }

  /** The package at {@code path}: a package directory, or a lone script given a default manifest. */
  public static ModulePackage packageAt(Path path) {
    Path p = path.toAbsolutePath().normalize();
    if (Files.isDirectory(p)) {
      return ModulePackage.load(p);
    }
    if (!Files.isRegularFile(p)) {
      throw new ModuleException(p + ": no such module file or package directory");
    }
    String file = p.getFileName().toString();
    String name = file.replaceFirst("\\.m?js$", "").toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9._-]", "-");
    if (name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0))) {
      name = "m" + name;
    }
    name = name.length() > 64 ? name.substring(0, 64) : name;
    ModuleManifest m = new ModuleManifest(name, "0.0.0", ModuleKind.GRAALJS, file, 0, List.of(),
        List.of("*"), "script " + file);
    return new ModulePackage(p.getParent(), m);
  }

  private static String defaultId(Path path) {
    return packageAt(path).manifest().name() + "#" + System.identityHashCode(path);
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
    return ModuleKind.GRAALJS;
  }

  /** {@code pepperjack-module://<name>}, sandbox GRAALJS: the context of everything it posts. */
  public SecurityContext securityContext() {
    return moduleContext;
  }

  @Override
  public ModuleStatus status() {
    ModuleStatus s = status;
    ModuleRuntime r = runtime;
    if (s == ModuleStatus.IDLE && r != null && r.isBusy()) {
      return ModuleStatus.BUSY;
    }
    return s;
  }

  @Override
  public ModuleStats stats() {
    return new ModuleStats(counters.messagesIn.get(), counters.messagesOut.get(),
        counters.bytesIn.get(), counters.bytesOut.get(), -1, restarts);
  }

  /** Messages queued to the module and not yet handled. */
  public int queued() {
    ModuleRuntime r = runtime;
    return r == null ? 0 : r.queued();
  }

  /**
   * Reads the entry file, creates the context and runs the module's top level.
   *
   * @throws ModuleException the file cannot be read or does not parse, or its top level threw;
   *     the module is then STOPPED and an Error event says the same
   * @throws IllegalStateException the module is already running
   */
  @Override
  public void start() {
    synchronized (lifecycle) {
      if (runtime != null) {
        throw new IllegalStateException("module " + id + " is already running");
      }
      setStatus(ModuleStatus.STARTING);
      ModuleRuntime r;
      try {
        String code = readSource(pkg.entryPath());
        r = new ModuleRuntime(id, dev.pepperjack.jshost.internal.ModuleScope.moduleSource(pkg.manifest().entry(), code),
            engine.polyglotEngine(), limits, moduleContext, new Events(), counters);
        r.start(START_TIMEOUT);
      } catch (ModuleException e) {
        emit(new ModuleEvent.Error(id, e.getMessage(), ""));
        setStatus(ModuleStatus.STOPPED);
        throw e;
      }
      runtime = r;
      setStatus(ModuleStatus.IDLE);
    }
  }

  private static String readSource(Path file) {
    try {
      if (Files.size(file) > MAX_SOURCE_BYTES) {
        throw new ModuleException(file + ": larger than " + MAX_SOURCE_BYTES + " bytes");
      }
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ModuleException(file + ": not valid UTF-8", e);
    } catch (IOException e) {
      throw new ModuleException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Queues {@code value}; the module gets its own copy, so later changes by the caller never reach
   * it.
   *
   * @throws SecurityException a page whose origin the manifest does not list
   * @throws IllegalStateException the module is not running
   */
  @Override
  public long post(SecurityContext from, Var value, SendOptions options) {
    Objects.requireNonNull(from, "from");
    if (from.sandboxType() == SandboxType.PAGE && !pkg.manifest().allowsOrigin(from.origin())) {
      throw new SecurityException(from.origin() + " may not message module " + id);
    }
    ModuleRuntime r = runtime;
    if (r == null) {
      throw new IllegalStateException("module " + id + " is " + status.name().toLowerCase(Locale.ROOT));
    }
    return r.post(from, value, options);
  }

  @Override
  public void addListener(ModuleListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(ModuleListener listener) {
    listeners.remove(listener);
  }

  /** Closes the context and the inbox; messages still queued come back as Undelivered. */
  @Override
  public void stop() {
    synchronized (lifecycle) {
      ModuleRuntime r = runtime;
      runtime = null;
      if (r != null) {
        r.shutdown();
      }
      if (status != ModuleStatus.STOPPED && status != ModuleStatus.CREATED
          || r != null) {
        setStatus(ModuleStatus.STOPPED);
      }
    }
  }

  @Override
  public void restart() {
    synchronized (lifecycle) {
      stop();
      restarts++;
      start();
    }
  }

  private void setStatus(ModuleStatus s) {
    if (status != s) {
      status = s;
      emit(new ModuleEvent.StatusChanged(id, s));
    }
  }

  private void emit(ModuleEvent e) {
    listeners.emit(e);
  }

  private final class Events implements ModuleRuntime.Events {
    @Override
    public void emit(ModuleEvent event) {
      JsModuleHost.this.emit(event);
    }

    @Override
    public void crashed(ModuleRuntime r, String cause) {
      // Runs on the dying loop; the lifecycle lock may be held by a stop() waiting for this loop.
      if (runtime == r) {
        runtime = null;
        status = ModuleStatus.CRASHED;
        JsModuleHost.this.emit(new ModuleEvent.StatusChanged(id, ModuleStatus.CRASHED));
      }
      JsModuleHost.this.emit(new ModuleEvent.Crash(id, cause));
    }
  }
}
