package dev.pepperjack.sandbox;

import dev.pepperjack.bridge.module.ModuleHost;
import dev.pepperjack.bridge.module.ModuleHostFactory;
import dev.pepperjack.bridge.module.ModuleKind;
import dev.pepperjack.bridge.module.ModulePackage;

/** Registered through {@code META-INF/services} so the shell finds native modules. */
public final class NativeModuleHostFactory implements ModuleHostFactory {
  private final SandboxOptions options;

  /** With {@link SandboxOptions#defaults()}; the constructor {@link java.util.ServiceLoader} uses. */
  public NativeModuleHostFactory() {
    this(SandboxOptions.defaults());
  }

  public NativeModuleHostFactory(SandboxOptions options) {
    this.options = options;
  }

  @Override
  public ModuleKind kind() {
    return ModuleKind.NATIVE;
  }

  /**
   * @throws BadModuleException the library is not an x86-64 module of a supported ABI; nothing ran
   */
  @Override
  public ModuleHost create(ModulePackage pkg, String instanceId) {
    if (pkg.manifest().kind() != ModuleKind.NATIVE) {
      throw new IllegalArgumentException(pkg.directory() + " is a " + pkg.manifest().kind() + " module");
    }
    return new NativeModuleHost(pkg, instanceId, options);
  }
}
