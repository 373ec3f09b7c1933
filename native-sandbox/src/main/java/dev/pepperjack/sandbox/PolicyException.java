package dev.pepperjack.sandbox;

/** A sandbox policy text that cannot be used: names the line and what was wrong with it. */
public final class PolicyException extends RuntimeException {
  public PolicyException(String message) {
    super(message);
  }
}
