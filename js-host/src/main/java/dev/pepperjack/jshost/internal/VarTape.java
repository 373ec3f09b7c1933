package dev.pepperjack.jshost.internal;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.BoolVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.DoubleVar;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.LongVar;
import dev.pepperjack.bridge.NullVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.TypedArrayVar;
import dev.pepperjack.bridge.Var;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import org.graalvm.polyglot.HostAccess;

/**
 * A value flattened for the module side to read ({@code bridge.js} {@code decode}). Strings,
 * numbers, booleans and null come out of {@link #next()} as themselves, so the common leaf costs one
 * host call; everything else comes out as a marker followed by {@link #tag()} and its payload.
 *
 * <p>Buffers are handed over without a copy: the value being read is the receiver's own copy, made
 * by the queue at send, so the module may keep and mutate it. Reused for every message of one
 * module; confined to its event-loop thread.
 */
public final class VarTape {
  static final int ARRAY = 1;
  static final int DICT = 2;
  static final int UNDEFINED = 3;
  static final int BIGINT = 4;
  static final int BUFFER = 5;
  static final int VIEW = 6;

  /** What {@link #next()} returns for a node that needs {@link #tag()}; opaque to the module. */
  private static final Object MARKER = new Object();

  private Object[] cells = new Object[64];
  private int cellCount;
  private int cellPos;
  private int[] ints = new int[64];
  private int intCount;
  private int intPos;
  private Object[] objs = new Object[8];
  private int objCount;
  private int objPos;
  private final ArrayList<ArrayBufferVar> buffers = new ArrayList<>();
  private long bytes;

  /** Flattens {@code value}; returns an estimate of its size in bytes, for the module's stats. */
  public long load(Var value) {
    clear();
    write(value);
    return bytes;
  }

  /** Drops references to the last value so that its buffers can be freed. */
  public void clear() {
    Arrays.fill(cells, 0, cellCount, null);
    Arrays.fill(objs, 0, objCount, null);
    cellCount = cellPos = intCount = intPos = objCount = objPos = 0;
    buffers.clear();
    bytes = 0;
  }

  @HostAccess.Export
  public Object next() {
    return cells[cellPos++];
  }

  @HostAccess.Export
  public int tag() {
    return ints[intPos++];
  }

  @HostAccess.Export
  public int count() {
    return ints[intPos++];
  }

  @HostAccess.Export
  public Object text() {
    return objs[objPos++];
  }

  @HostAccess.Export
  public Object bytes() {
    return objs[objPos++];
  }

  private void write(Var value) {
    bytes += 8;
    switch (value) {
      case NullVar n -> {
        if (n == NullVar.NULL) {
          cell(null);
        } else {
          marker(UNDEFINED);
        }
      }
      case BoolVar b -> cell(b.value());
      case IntVar i -> cell(i.value());
      case DoubleVar d -> cell(d.value());
      case StringVar s -> {
        bytes += 2L * s.value().length();
        cell(s.value());
      }
      case LongVar l -> {
        marker(BIGINT);
        obj(Long.toString(l.value()));
      }
      case ArrayVar a -> {
        int n = a.size();
        marker(ARRAY);
        integer(n);
        for (int i = 0; i < n; i++) {
          write(a.get(i));
        }
      }
      case Dictionary d -> {
        marker(DICT);
        integer(d.size());
        for (Map.Entry<String, Var> e : d.entries().entrySet()) {
          bytes += 2L * e.getKey().length();
          cell(e.getKey());
          write(e.getValue());
        }
      }
      case ArrayBufferVar b -> buffer(b);
      case TypedArrayVar t -> {
        marker(VIEW);
        integer(t.kind().ordinal());
        integer(t.byteOffset());
        integer(t.length());
        buffer(t.buffer());
      }
    }
  }

  private void buffer(ArrayBufferVar b) {
    marker(BUFFER);
    for (int i = 0; i < buffers.size(); i++) {
      if (buffers.get(i) == b) {
        integer(i);
        return;
      }
    }
    integer(buffers.size());
    buffers.add(b);
    bytes += b.byteLength();
    obj(ByteBuffer.wrap(b.bytes()));
  }

  private void marker(int tag) {
    cell(MARKER);
    integer(tag);
  }

  private void cell(Object o) {
    if (cellCount == cells.length) {
      cells = Arrays.copyOf(cells, cellCount * 2);
    }
    cells[cellCount++] = o;
  }

  private void integer(int i) {
    if (intCount == ints.length) {
      ints = Arrays.copyOf(ints, intCount * 2);
    }
    ints[intCount++] = i;
  }

  private void obj(Object o) {
    if (objCount == objs.length) {
      objs = Arrays.copyOf(objs, objCount * 2);
    }
    objs[objCount++] = o;
  }
}
