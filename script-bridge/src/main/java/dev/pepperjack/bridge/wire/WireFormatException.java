package dev.pepperjack.bridge.wire;

import java.util.Objects;

/**
 * A byte sequence that is not a valid wire document, or one that exceeds the decoder's limits. The
 * only exception the decoder throws.
 */
public final class WireFormatException extends RuntimeException {
  private final WireError error;
  private final long offset;
  private final String reason;

  public WireFormatException(WireError error, long offset, String reason) {
    super(reason + " (" + error + " at byte " + offset + ")", null, false, false);
    this.error = Objects.requireNonNull(error, "error");
    this.offset = offset;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The class of problem; the C reader reports the same code for the same input. */
  public WireError error() {
    return error;
  }

  /** Byte offset, from the start of the document, of the item at fault. */
  public long offset() {
    return offset;
  }

  /** A sentence saying what was wrong, e.g. {@code "unsupported wire version 2"}. */
  public String reason() {
    return reason;
  }
}
