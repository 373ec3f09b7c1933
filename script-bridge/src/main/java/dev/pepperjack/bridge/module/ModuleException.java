package dev.pepperjack.bridge.module;

/** A module could not be loaded or started; says which module and why. */
public class ModuleException extends RuntimeException {
  public ModuleException(String message) {
    super(message);
  }

  public ModuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
