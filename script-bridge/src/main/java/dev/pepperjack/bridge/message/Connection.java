package dev.pepperjack.bridge.message;

/**
 * Two endpoints wired to each other: each posts into the other's inboxes, so a connection has two
 * independent directions.
 */
public final class Connection {
  private final Endpoint a;
  private final Endpoint b;

  private Connection(Endpoint a, Endpoint b) {
    this.a = a;
    this.b = b;
  }

  /**
   * Opens a connection between {@code aId} and {@code bId}; each side's default inbox is built from
   * {@code template} (its name becomes the endpoint id).
   */
  public static Connection open(String aId, SecurityContext aContext, String bId,
      SecurityContext bContext, QueueConfig template) {
    if (aId.equals(bId)) {
      throw new IllegalArgumentException("both endpoints are named '" + aId + "'");
    }
    Endpoint a = new Endpoint(aId, aContext, template);
    Endpoint b = new Endpoint(bId, bContext, template);
    a.connect(b);
    b.connect(a);
    return new Connection(a, b);
  }

  public Endpoint a() {
    return a;
  }

  public Endpoint b() {
    return b;
  }
}
