package dev.pepperjack.bridge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** A mutable JavaScript array of values. */
public final class ArrayVar implements Var {
  private final ArrayList<Var> elements;

  public ArrayVar() {
    this.elements = new ArrayList<>();
  }

  public ArrayVar(int capacity) {
    this.elements = new ArrayList<>(capacity);
  }

  public static ArrayVar of(Var... elements) {
    ArrayVar array = new ArrayVar(elements.length);
    for (Var e : elements) {
      array.add(e);
    }
    return array;
  }

  public ArrayVar add(Var element) {
    elements.add(Objects.requireNonNull(element, "element"));
    return this;
  }

  public Var get(int index) {
    return elements.get(index);
  }

  public ArrayVar set(int index, Var element) {
    elements.set(index, Objects.requireNonNull(element, "element"));
    return this;
  }

  public int size() {
    return elements.size();
  }

  /** A read-only live view of the elements. */
  public List<Var> elements() {
    return Collections.unmodifiableList(elements);
  }

  @Override
  public VarType type() {
    return VarType.ARRAY;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrayVar other && elements.equals(other.elements);
  }

  @Override
  public int hashCode() {
    return elements.hashCode();
  }

  @Override
  public String toString() {
    return elements.toString();
  }
}
