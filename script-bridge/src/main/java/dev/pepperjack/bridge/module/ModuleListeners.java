package dev.pepperjack.bridge.module;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listeners of one module host. Emitting never lets one listener's failure reach the others or
 * the module's own thread.
 */
public final class ModuleListeners {
  private final CopyOnWriteArrayList<ModuleListener> listeners = new CopyOnWriteArrayList<>();

  public void add(ModuleListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void remove(ModuleListener listener) {
    listeners.remove(listener);
  }

  public void emit(ModuleEvent event) {
    for (ModuleListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException ignored) {
        // A failing listener must not stop the others or take the module's thread down.
      }
    }
  }
}
