package dev.pepperjack.broker;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.message.SendOptions;
import dev.pepperjack.bridge.module.ModuleHost;
import dev.pepperjack.bridge.module.ModuleHostFactory;
import dev.pepperjack.bridge.module.ModuleKind;
import dev.pepperjack.bridge.module.ModuleListener;
import dev.pepperjack.bridge.module.ModuleManifest;
import dev.pepperjack.bridge.module.ModulePackage;
import dev.pepperjack.bridge.module.ModuleStats;
import dev.pepperjack.bridge.module.ModuleStatus;

/** Test-only: a factory whose hosts run nothing and only remember whether they were stopped. */
final class RecordingHostFactory implements ModuleHostFactory {
  private final ModuleKind kind;
  private final RuntimeException prepareFailure;
  volatile int prepared;

  RecordingHostFactory(ModuleKind kind) {
    this(kind, null);
  }

  /** A factory whose {@link #prepare} throws {@code prepareFailure} (when not null). */
  RecordingHostFactory(ModuleKind kind, RuntimeException prepareFailure) {
    this.kind = kind;
    this.prepareFailure = prepareFailure;
  }

  @Override
  public void prepare() {
    prepared++;
    if (prepareFailure != null) {
      throw prepareFailure;
    }
  }

  @Override
  public ModuleKind kind() {
    return kind;
  }

  @Override
  public ModuleHost create(ModulePackage pkg, String instanceId) {
    return new RecordingHost(pkg.manifest(), instanceId, kind);
  }

  static final class RecordingHost implements ModuleHost {
    private final ModuleManifest manifest;
    private final String id;
    private final ModuleKind kind;
    volatile ModuleStatus status = ModuleStatus.CREATED;

    RecordingHost(ModuleManifest manifest, String id, ModuleKind kind) {
      this.manifest = manifest;
      this.id = id;
      this.kind = kind;
    }

    @Override public String id() { return id; }
    @Override public ModuleManifest manifest() { return manifest; }
    @Override public ModuleKind kind() { return kind; }
    @Override public ModuleStatus status() { return status; }
    @Override public ModuleStats stats() { return ModuleStats.EMPTY; }
    @Override public void start() { status = ModuleStatus.IDLE; }
    @Override public long post(SecurityContext from, Var value, SendOptions options) { return 0; }
    @Override public void addListener(ModuleListener listener) {}
    @Override public void removeListener(ModuleListener listener) {}
    @Override public void stop() { status = ModuleStatus.STOPPED; }
    @Override public void restart() { status = ModuleStatus.IDLE; }
  }
}
