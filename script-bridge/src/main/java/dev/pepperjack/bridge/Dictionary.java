package dev.pepperjack.bridge;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A mutable dictionary with string keys; iteration follows insertion order, as in JavaScript. */
public final class Dictionary implements Var {
  private final LinkedHashMap<String, Var> entries;

  public Dictionary() {
    this.entries = new LinkedHashMap<>();
  }

  public Dictionary(int expectedSize) {
    this.entries = LinkedHashMap.newLinkedHashMap(expectedSize);
  }

  /** Builds a dictionary from alternating keys and values: {@code of("a", IntVar.of(1), ...)}. */
  public static Dictionary of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Dictionary.of needs key/value pairs, got an odd count");
    }
    Dictionary d = new Dictionary(keysAndValues.length / 2);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      d.put((String) keysAndValues[i], (Var) keysAndValues[i + 1]);
    }
    return d;
  }

  public Dictionary put(String key, Var value) {
    entries.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** The value under {@code key}, or null when absent. */
  public Var get(String key) {
    return entries.get(key);
  }

  public boolean containsKey(String key) {
    return entries.containsKey(key);
  }

  public Var remove(String key) {
    return entries.remove(key);
  }

  public int size() {
    return entries.size();
  }

  public Set<String> keys() {
    return Collections.unmodifiableSet(entries.keySet());
  }

  /** A read-only live view of the entries, in insertion order. */
  public Map<String, Var> entries() {
    return Collections.unmodifiableMap(entries);
  }

  @Override
  public VarType type() {
    return VarType.DICTIONARY;
  }

  /** Equal when both hold equal entries in the same order. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Dictionary other) || other.entries.size() != entries.size()) {
      return false;
    }
    Iterator<Map.Entry<String, Var>> a = entries.entrySet().iterator();
    Iterator<Map.Entry<String, Var>> b = other.entries.entrySet().iterator();
    while (a.hasNext()) {
      if (!a.next().equals(b.next())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
