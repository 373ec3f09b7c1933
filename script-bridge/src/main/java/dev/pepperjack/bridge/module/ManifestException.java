package dev.pepperjack.bridge.module;

/** A module package or manifest that cannot be used: names the file and what was wrong. */
public final class ManifestException extends ModuleException {
  public ManifestException(String message) {
    super(message);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
