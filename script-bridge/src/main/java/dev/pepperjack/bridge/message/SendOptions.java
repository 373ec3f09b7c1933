package dev.pepperjack.bridge.message;

import java.util.Objects;

/**
 * How one message is sent.
 *
 * @param weight priority in a weighted queue: higher first, FIFO among equal weights
 */
public record SendOptions(int weight, CopyMode copyMode) {
  public static final SendOptions DEFAULT = new SendOptions(0, CopyMode.AT_SEND);

  public SendOptions {
    Objects.requireNonNull(copyMode, "copyMode");
  }

  public static SendOptions weight(int weight) {
    return new SendOptions(weight, CopyMode.AT_SEND);
  }

  public SendOptions withCopyMode(CopyMode mode) {
    return new SendOptions(weight, mode);
  }
}
