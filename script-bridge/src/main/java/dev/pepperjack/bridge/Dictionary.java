package dev.pepperjack.bridge;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A mutable dictionary with string keys; iteration follows insertion order, as in JavaScript.
 *
 * <p>Stored as one array of alternating keys and values (one allocation, and a key beside its
 * value), searched linearly while small and through an open-addressing table of positions once
 * larger: messages are mostly small dictionaries, built once and read once, and a linked hash map
 * (or a map of boxed positions) costs several times the allocation. {@link #keyAt}/{@link
 * #valueAt} walk it without allocating.
 */
public final class Dictionary implements Var {
  private static final int LINEAR_MAX = 8;
  private static final Object[] NO_ENTRIES = new Object[0];

  /** Key {@code i} at {@code 2i}, its value at {@code 2i + 1}. */
  private Object[] entries;
  private int size;
  /** Position + 1 of each key by hash (0 = empty), a power of two at least twice size; or null. */
  private int[] index;

  public Dictionary() {
    this(0);
  }

  public Dictionary(int expectedSize) {
    if (expectedSize < 0) {
      throw new IllegalArgumentException("negative size " + expectedSize);
    }
    entries = expectedSize == 0 ? NO_ENTRIES : new Object[2 * expectedSize];
  }

  /** Takes over {@code entries}, whose {@code size} distinct keys the caller has checked. */
  Dictionary(Object[] entries, int size) {
    this.entries = entries;
    this.size = size;
  }

  Object[] storage() {
    return entries;
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

  /** Sets {@code key}; a key already present keeps its place in the order, as in JavaScript. */
  public Dictionary put(String key, Var value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    int i = find(key);
    if (i >= 0) {
      entries[2 * i + 1] = value;
      return this;
    }
    if (2 * size == entries.length) {
      entries = Arrays.copyOf(entries, 2 * Math.max(4, size * 2));
    }
    entries[2 * size] = key;
    entries[2 * size + 1] = value;
    size++;
    if (index != null) {
      if (2 * size > index.length) {
        index = buildIndex();
      } else {
        insert(index, size - 1);
      }
    }
    return this;
  }

  /** The value under {@code key}, or null when absent. */
  public Var get(String key) {
    int i = find(key);
    return i < 0 ? null : value(i);
  }

  public boolean containsKey(String key) {
    return find(key) >= 0;
  }

  public Var remove(String key) {
    int i = find(key);
    if (i < 0) {
      return null;
    }
    Var old = value(i);
    System.arraycopy(entries, 2 * i + 2, entries, 2 * i, 2 * (size - i - 1));
    size--;
    entries[2 * size] = null;
    entries[2 * size + 1] = null;
    index = null;
    return old;
  }

  public int size() {
    return size;
  }

  /** The key at {@code position} in insertion order. */
  public String keyAt(int position) {
    Objects.checkIndex(position, size);
    return key(position);
  }

  /** The value at {@code position} in insertion order. */
  public Var valueAt(int position) {
    Objects.checkIndex(position, size);
    return value(position);
  }

  /** A read-only live view of the keys, in insertion order. */
  public Set<String> keys() {
    return entries().keySet();
  }

  /** A read-only live view of the entries, in insertion order. */
  public Map<String, Var> entries() {
    return new EntriesView();
  }

  private String key(int i) {
    return (String) entries[2 * i];
  }

  private Var value(int i) {
    return (Var) entries[2 * i + 1];
  }

  private int find(String key) {
    if (index == null) {
      if (size <= LINEAR_MAX) {
        // Strings cache their hash: comparing it first skips most equals calls.
        int h = key.hashCode();
        for (int i = 0; i < size; i++) {
          String k = key(i);
          if (k == key || (k.hashCode() == h && k.equals(key))) {
            return i;
          }
        }
        return -1;
      }
      index = buildIndex();
    }
    int[] table = index;
    int mask = table.length - 1;
    for (int slot = spread(key.hashCode()) & mask; ; slot = (slot + 1) & mask) {
      int p = table[slot];
      if (p == 0) {
        return -1;
      }
      String k = key(p - 1);
      if (k == key || k.equals(key)) {
        return p - 1;
      }
    }
  }

  private int[] buildIndex() {
    int[] table = new int[Integer.highestOneBit(Math.max(size, 1) * 2) << 1];
    for (int i = 0; i < size; i++) {
      insert(table, i);
    }
    return table;
  }

  private void insert(int[] table, int position) {
    int mask = table.length - 1;
    int slot = spread(key(position).hashCode()) & mask;
    while (table[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[slot] = position + 1;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  @Override
  public VarType type() {
    return VarType.DICTIONARY;
  }

  /** Equal when both hold equal entries in the same order. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Dictionary other) || other.size != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (!key(i).equals(other.key(i)) || !value(i).equals(other.value(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < size; i++) {
      h += key(i).hashCode() ^ value(i).hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < size; i++) {
      sb.append(i == 0 ? "" : ", ").append(key(i)).append('=').append(value(i));
    }
    return sb.append('}').toString();
  }

  private final class EntriesView extends AbstractMap<String, Var> {
    @Override
    public int size() {
      return size;
    }

    @Override
    public Var get(Object key) {
      return key instanceof String k ? Dictionary.this.get(k) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String k && Dictionary.this.containsKey(k);
    }

    @Override
    public Set<Map.Entry<String, Var>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return size;
        }

        @Override
        public Iterator<Map.Entry<String, Var>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < size;
            }

            @Override
            public Map.Entry<String, Var> next() {
              if (next >= size) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new AbstractMap.SimpleImmutableEntry<>(key(i), value(i));
            }
          };
        }
      };
    }
  }
}
