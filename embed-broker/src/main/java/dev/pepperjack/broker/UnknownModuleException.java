package dev.pepperjack.broker;

import dev.pepperjack.bridge.module.ModuleException;

/** No module root holds a usable package of that name, or the name itself is not a module name. */
public final class UnknownModuleException extends ModuleException {
  public UnknownModuleException(String message) {
    super(message);
  }
}
