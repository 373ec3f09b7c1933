package dev.pepperjack.shell.internal;

/**
 * Where a round trip's time goes: with {@code -Dpepperjack.hops=true}, each hop of a strictly
 * sequential exchange is stamped with {@link System#nanoTime()} (the page API's
 * {@code nowMicros()} reads the same clock), and {@code bench.html?hops=1} prints the gaps. Off by
 * default, when a stamp is one static read.
 *
 * <p>Stamps, per round: 0 the page's post reaches Java (FX thread), 1 the message is decoded and
 * about to be posted to the module's host (so "decoded → replied" holds the post itself: a queue,
 * or a native module's ring), 2 the module's reply reaches the shell (module or reader thread), 3 the reply is encoded
 * and queued for the page, 4 the FX thread starts a delivery turn (a runLater), 5 the reply's batch
 * is taken for the page (by the page's reply check, or for a hand-over in a delivery turn). Replies
 * taken by the reply check, or sharing a turn, show no stamp 4.
 */
final class Hops {
  static final boolean ON = Boolean.getBoolean("pepperjack.hops");
  private static final int ROUNDS = 1 << 16;
  private static final String[] NAMES = {"post", "decoded", "replied", "encoded", "turn", "handed"};
  private static final long[][] STAMPS = ON ? new long[NAMES.length][ROUNDS] : null;
  private static volatile int round = -1;

  private Hops() {}

  static void reset() {
    round = -1;
    for (long[] s : STAMPS) {
      java.util.Arrays.fill(s, 0);
    }
  }

  /** Stamp 0 starts a new round. */
  static void stamp(int hop) {
    if (!ON) {
      return;
    }
    if (hop == 0) {
      round++;
    }
    int r = round;
    if (r >= 0 && r < ROUNDS) {
      STAMPS[hop][r] = System.nanoTime();
    }
  }

  /** {"post": [µs...], ...}, one entry per round so far; 0 where a hop had no stamp. */
  static String dump() {
    StringBuilder sb = new StringBuilder("{");
    int n = Math.min(round + 1, ROUNDS);
    for (int h = 0; h < NAMES.length; h++) {
      sb.append(h == 0 ? "" : ",").append('"').append(NAMES[h]).append("\":[");
      for (int i = 0; i < n; i++) {
        sb.append(i == 0 ? "" : ",").append(STAMPS[h][i] / 1000.0);
      }
      sb.append(']');
    }
    return sb.append('}').toString();
  }
}
