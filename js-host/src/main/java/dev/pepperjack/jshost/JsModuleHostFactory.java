package dev.pepperjack.jshost;

import dev.pepperjack.bridge.module.ModuleHost;
import dev.pepperjack.bridge.module.ModuleHostFactory;
import dev.pepperjack.bridge.module.ModuleKind;
import dev.pepperjack.bridge.module.ModulePackage;

/** Found by the shell through ServiceLoader: script modules on the shared engine, default limits. */
public final class JsModuleHostFactory implements ModuleHostFactory {
  @Override
  public ModuleKind kind() {
    return ModuleKind.GRAALJS;
  }

  @Override
  public ModuleHost create(ModulePackage pkg, String instanceId) {
    return new JsModuleHost(pkg, instanceId, JsEngine.shared(), JsModuleLimits.DEFAULT);
  }

  /** Starts the shared engine (about half a second of class loading and set-up). */
  @Override
  public void prepare() {
    JsEngine.shared();
  }
}
