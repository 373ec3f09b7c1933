package dev.pepperjack.bridge.internal;

import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.Var;

/**
 * The wire codec's way into the containers' storage, which it fills and walks without the per-element
 * checks of the public methods: it has already checked (or is walking) what it stores. The codec
 * lives in another package, hence this door; nothing else should use it.
 */
public final class ContainerStorage {
  /** What {@code dev.pepperjack.bridge} lends the codec; the caller keeps each method's promise. */
  public interface Access {
    /**
     * A dictionary that takes over {@code entries}: key {@code i} (a String, all distinct) at
     * {@code 2i}, its non-null value at {@code 2i + 1}, for {@code i < size}.
     */
    Dictionary adoptEntries(Object[] entries, int size);

    /** The dictionary's live storage, laid out as for {@link #adoptEntries}; read only. */
    Object[] entries(Dictionary d);

    /** An array that takes over {@code elements}, all non-null. */
    ArrayVar adoptElements(Var[] elements);

    /** The array's live storage (its first {@code size()} slots); read only. */
    Var[] elements(ArrayVar a);
  }

  private static volatile Access access;

  private ContainerStorage() {}

  /** Called once, by the containers' package. */
  public static synchronized void install(Access a) {
    if (access != null) {
      throw new IllegalStateException("container storage access is installed already");
    }
    access = a;
  }

  public static Access access() {
    Access a = access;
    if (a == null) {
      // Dictionary's initializer installs the access. No lock is held here: one held while
      // waiting for that initializer, which takes it in install(), could deadlock.
      try {
        Class.forName(Dictionary.class.getName(), true, Dictionary.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = access;
    }
    return a;
  }
}
