package dev.pepperjack.bridge.message;

import dev.pepperjack.bridge.Var;
import java.util.Objects;

/** A value as received: the receiver's own copy, with its envelope. */
public record Message(Envelope envelope, Var value) {
  public Message {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(value, "value");
  }

  /**
   * Says the receiver is done with this message: its ArrayBuffers go back to the pool and become
   * detached (zero length). Optional; it makes the next large copy several times faster.
   */
  public void release() {
    dev.pepperjack.bridge.Vars.release(value);
  }
}
