package dev.pepperjack.bridge;

/**
 * The wire codec's way into the containers' storage, which it fills and walks without the
 * per-element checks of the public methods: it has already checked (or is walking) what it
 * stores. The codec lives in another package, hence this door; nothing else should use it, and
 * each caller keeps each method's promise.
 */
public final class ContainerStorage {
  private ContainerStorage() {}

  /**
   * A dictionary that takes over {@code entries}: key {@code i} (a String, all distinct) at
   * {@code 2i}, its non-null value at {@code 2i + 1}, for {@code i < size}.
   */
  public static Dictionary adoptEntries(Object[] entries, int size) {
    return new Dictionary(entries, size);
  }

  /** The dictionary's live storage, laid out as for {@link #adoptEntries}; read only. */
  public static Object[] entries(Dictionary d) {
    return d.storage();
  }

  /** An array that takes over {@code elements}, all non-null. */
  public static ArrayVar adoptElements(Var[] elements) {
    return new ArrayVar(elements);
  }

  /** The array's live storage (its first {@code size()} slots); read only. */
  public static Var[] elements(ArrayVar a) {
    return a.storage();
  }
}
