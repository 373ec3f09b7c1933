package dev.pepperjack.bridge;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A mutable JavaScript array of values.
 *
 * <p>Held in a plain array rather than an {@code ArrayList}: decoding builds many small arrays, and
 * the list wrapper was one more object each.
 */
public final class ArrayVar implements Var {
  private static final Var[] EMPTY = new Var[0];

  private Var[] elements;
  private int size;

  public ArrayVar() {
    this.elements = EMPTY;
  }

  public ArrayVar(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("negative capacity " + capacity);
    }
    this.elements = capacity == 0 ? EMPTY : new Var[capacity];
  }

  /** Takes over {@code elements}, all non-null. */
  ArrayVar(Var[] elements) {
    this.elements = elements;
    this.size = elements.length;
  }

  Var[] storage() {
    return elements;
  }

  public static ArrayVar of(Var... elements) {
    ArrayVar array = new ArrayVar(elements.length);
    for (Var e : elements) {
      array.add(e);
    }
    return array;
  }

  public ArrayVar add(Var element) {
    Objects.requireNonNull(element, "element");
    if (size == elements.length) {
      elements = Arrays.copyOf(elements, Math.max(4, size + (size >> 1) + 1));
    }
    elements[size++] = element;
    return this;
  }

  public Var get(int index) {
    Objects.checkIndex(index, size);
    return elements[index];
  }

  public ArrayVar set(int index, Var element) {
    Objects.checkIndex(index, size);
    elements[index] = Objects.requireNonNull(element, "element");
    return this;
  }

  public int size() {
    return size;
  }

  /** A read-only live view of the elements. */
  public List<Var> elements() {
    return new ElementsView();
  }

  @Override
  public VarType type() {
    return VarType.ARRAY;
  }

  /** Equal when both hold equal elements in the same order. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ArrayVar other) || other.size != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (!elements[i].equals(other.elements[i])) {
        return false;
      }
    }
    return true;
  }

  /** As {@link List#hashCode()} of the elements. */
  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < size; i++) {
      h = 31 * h + elements[i].hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      sb.append(i == 0 ? "" : ", ").append(elements[i]);
    }
    return sb.append(']').toString();
  }

  private final class ElementsView extends AbstractList<Var> implements RandomAccess {
    @Override
    public Var get(int index) {
      return ArrayVar.this.get(index);
    }

    @Override
    public int size() {
      return size;
    }
  }
}
