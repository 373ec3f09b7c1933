package dev.pepperjack.sandbox.internal;

import dev.pepperjack.bridge.module.ModuleException;

/** The sandbox process could not be started or failed before it was ready. */
public final class SandboxStartException extends ModuleException {
  public SandboxStartException(String message) {
    super(message);
  }

  public SandboxStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
