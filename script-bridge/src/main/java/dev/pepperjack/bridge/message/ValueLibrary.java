package dev.pepperjack.bridge.message;

import dev.pepperjack.bridge.Var;

/**
 * Stores values and hands out indexes: anyone holding an index fetches an independent copy; release
 * frees it. A stale index (released, or never issued) is refused with {@link
 * LibraryIndexException}, even after its slot is reused.
 */
public interface ValueLibrary {
  static ValueLibrary create(dev.pepperjack.bridge.VarLimits limits) {
    return SlotValueLibrary.create(limits);
  }

  /** Stores a copy of {@code value}. */
  int store(Var value);

  /** An independent copy of the value stored under {@code index}. */
  Var fetch(int index);

  /** Frees {@code index}; fetching or releasing it again fails. */
  void release(int index);

  int size();
}
