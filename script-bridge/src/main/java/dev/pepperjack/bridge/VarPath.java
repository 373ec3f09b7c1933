package dev.pepperjack.bridge;

/**
 * A position in a value, kept as a parent chain and rendered only when an error needs it, so the
 * happy path allocates nothing for paths.
 */
public final class VarPath {
  public static final VarPath ROOT = new VarPath(null, null, -1);

  private final VarPath parent;
  private final String key;
  private final int index;

  private VarPath(VarPath parent, String key, int index) {
    this.parent = parent;
    this.key = key;
    this.index = index;
  }

  public VarPath key(String key) {
    return new VarPath(this, key, -1);
  }

  public VarPath index(int index) {
    return new VarPath(this, null, index);
  }

  /** {@code $}, {@code $.a.b[3]}, {@code $["odd key"]}. */
  @Override
  public String toString() {
    if (parent == null) {
      return "$";
    }
    StringBuilder sb = new StringBuilder(parent.toString());
    if (key == null) {
      sb.append('[').append(index).append(']');
    } else if (isIdentifier(key)) {
      sb.append('.').append(key);
    } else {
      sb.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
    }
    return sb.toString();
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isJavaIdentifierPart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
