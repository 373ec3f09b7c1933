package dev.pepperjack.bridge.module;

/**
 * Creates module hosts of one {@link ModuleKind}. Implementations register through {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.pepperjack.bridge.module.ModuleHostFactory})
 * so the shell finds every kind that is on its class path.
 */
public interface ModuleHostFactory {
  ModuleKind kind();

  /**
   * A host for {@code pkg}, not yet started.
   *
   * @param instanceId unique among running modules, e.g. {@code grayscale#2}
   * @throws ModuleException the package cannot run on this host (bad entry file, wrong ABI...)
   */
  ModuleHost create(ModulePackage pkg, String instanceId);

  /**
   * Does this kind's one-time set-up now (such as starting a shared script engine), so that a
   * caller can overlap it with other start-up work instead of paying it on the first {@link
   * #create}. Optional, idempotent, safe to call from any thread; failures surface later, from
   * {@code create}.
   */
  default void prepare() {}
}
