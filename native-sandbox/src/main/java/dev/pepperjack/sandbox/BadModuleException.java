package dev.pepperjack.sandbox;

import dev.pepperjack.bridge.module.ModuleException;
import java.nio.file.Path;

/**
 * A native module file the host refuses to run, found before any of its code ran. {@link #reason()}
 * lets a caller act on the kind of problem, e.g. hand a {@link Reason#FOREIGN_ISA} library to the
 * emulator.
 */
public final class BadModuleException extends ModuleException {
  /** What was wrong. */
  public enum Reason {
    NOT_ELF,
    MALFORMED,
    FOREIGN_ISA,
    NOT_A_SHARED_LIBRARY,
    MISSING_ENTRY_POINT,
    ABI_TOO_NEW,
    ABI_MISMATCH
  }

  private final Path file;
  private final Reason reason;

  public BadModuleException(Path file, Reason reason, String detail) {
    super(file + ": " + detail);
    this.file = file;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  public Reason reason() {
    return reason;
  }
}
