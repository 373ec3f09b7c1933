package dev.pepperjack.bridge.message;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.Vars;
import java.util.ArrayList;

/**
 * Slots with generation counters: an index is {@code generation << 20 | slot}, so a released index
 * stays invalid after its slot is reused (until the 11-bit generation wraps around).
 */
final class SlotValueLibrary implements ValueLibrary {
  private static final int SLOT_BITS = 20;
  private static final int SLOT_MASK = (1 << SLOT_BITS) - 1;
  private static final int GENERATIONS = 1 << (31 - SLOT_BITS);

  private final VarLimits limits;
  private final ArrayList<Var> values = new ArrayList<>();
  private final ArrayList<Integer> generations = new ArrayList<>();
  private final ArrayList<Integer> free = new ArrayList<>();
  private int size;

  private SlotValueLibrary(VarLimits limits) {
    this.limits = limits;
  }

  static SlotValueLibrary create(VarLimits limits) {
    return new SlotValueLibrary(limits);
  }

  @Override
  public int store(Var value) {
    Var copy = Vars.copyOf(value, limits);
    synchronized (this) {
      int slot;
      if (free.isEmpty()) {
        slot = values.size();
        if (slot > SLOT_MASK) {
          throw new IllegalStateException("value library is full (" + (SLOT_MASK + 1) + " values)");
        }
        values.add(copy);
        generations.add(1);
      } else {
        slot = free.removeLast();
        values.set(slot, copy);
      }
      size++;
      return generations.get(slot) << SLOT_BITS | slot;
    }
  }

  @Override
  public Var fetch(int index) {
    Var stored;
    synchronized (this) {
      stored = values.get(slotOf(index));
    }
    return Vars.copyOf(stored, limits);
  }

  @Override
  public synchronized void release(int index) {
    int slot = slotOf(index);
    values.set(slot, null);
    generations.set(slot, generations.get(slot) % (GENERATIONS - 1) + 1);
    free.add(slot);
    size--;
  }

  @Override
  public synchronized int size() {
    return size;
  }

  private int slotOf(int index) {
    int slot = index & SLOT_MASK;
    int generation = index >>> SLOT_BITS;
    if (index <= 0 || slot >= values.size()) {
      throw new LibraryIndexException(index, "was never issued");
    }
    if (values.get(slot) == null || generations.get(slot) != generation) {
      throw new LibraryIndexException(index, "was released");
    }
    return slot;
  }
}
