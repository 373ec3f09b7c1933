package dev.pepperjack.bridge;

/**
 * A value that cannot be sent: a reference cycle, too deep, too large, or of a kind the model cannot
 * carry. Names the offending place as a path such as {@code $.a.b[3]}.
 */
public final class ValueRejectedException extends RuntimeException {
  private final String path;
  private final String reason;

  public ValueRejectedException(String path, String reason) {
    super(reason + " at " + path);
    this.path = path;
    this.reason = reason;
  }

  /** Where in the value, e.g. {@code $.frames[2].pixels}. */
  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }
}
