package dev.pepperjack.bridge.message;

/** An index the value library never issued, or one already released. */
public final class LibraryIndexException extends RuntimeException {
  private final int index;

  public LibraryIndexException(int index, String why) {
    super("library index " + index + " " + why);
    this.index = index;
  }

  public int index() {
    return index;
  }
}
