package dev.pepperjack.bridge.module;

/** Receives a module's events, on a thread of the module host's choosing; must not block. */
@FunctionalInterface
public interface ModuleListener {
  void onEvent(ModuleEvent event);
}
