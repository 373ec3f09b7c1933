package dev.pepperjack.bridge.message;

import dev.pepperjack.bridge.Var;
import java.util.Objects;

/** A value as received: the receiver's own copy, with its envelope. */
public record Message(Envelope envelope, Var value) {
  public Message {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(value, "value");
  }
}
