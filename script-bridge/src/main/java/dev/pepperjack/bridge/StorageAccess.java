package dev.pepperjack.bridge;

import dev.pepperjack.bridge.internal.ContainerStorage;

/** Lends the wire codec the containers' storage (see {@link ContainerStorage}). */
final class StorageAccess implements ContainerStorage.Access {
  @Override
  public Dictionary adoptEntries(Object[] entries, int size) {
    return new Dictionary(entries, size);
  }

  @Override
  public Object[] entries(Dictionary d) {
    return d.storage();
  }

  @Override
  public ArrayVar adoptElements(Var[] elements) {
    return new ArrayVar(elements);
  }

  @Override
  public Var[] elements(ArrayVar a) {
    return a.storage();
  }
}
