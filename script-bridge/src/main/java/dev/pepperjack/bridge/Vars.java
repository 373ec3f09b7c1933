package dev.pepperjack.bridge;

import java.util.IdentityHashMap;
import java.util.Map;

/** Operations over whole values: the checked deep copy that every send performs. */
public final class Vars {
  private Vars() {}

  /**
   * An independent deep copy of {@code value}, refusing cycles and values over {@code limits}.
   * Buffers shared by several views stay shared in the copy.
   *
   * @throws ValueRejectedException naming the path of the first problem; nothing is half-copied
   *     that the caller could see
   */
  public static Var copyOf(Var value, VarLimits limits) {
    return new Copier(limits).copy(value, VarPath.ROOT, 0);
  }

  /** Checks {@code value} against {@code limits} without copying it. */
  public static void check(Var value, VarLimits limits) {
    new Copier(limits).check(value, VarPath.ROOT, 0);
  }

  /**
   * Releases every ArrayBuffer in {@code value} to the pool (see {@link ArrayBufferVar#release()}):
   * for a receiver that is done with a message and wants the next copy to be fast.
   */
  public static void release(Var value) {
    switch (value) {
      case ArrayBufferVar b -> b.release();
      case TypedArrayVar v -> v.buffer().release();
      case ArrayVar a -> a.elements().forEach(Vars::release);
      case Dictionary d -> {
        for (int i = 0; i < d.size(); i++) {
          release(d.valueAt(i));
        }
      }
      default -> { }
    }
  }

  private static final class Copier {
    private final VarLimits limits;
    private Object[] ancestors = new Object[16];
    private long bytes;
    private long elements;
    private Map<ArrayBufferVar, ArrayBufferVar> buffers;

    Copier(VarLimits limits) {
      this.limits = limits;
    }

    Var copy(Var value, VarPath path, int depth) {
      return walk(value, path, depth, true);
    }

    void check(Var value, VarPath path, int depth) {
      walk(value, path, depth, false);
    }

    private Var walk(Var value, VarPath path, int depth, boolean copy) {
      return walk(value, path, null, -1, depth, copy);
    }

    /**
     * Visits {@code value}, which sits under {@code parent} at {@code key} (or {@code index} when the
     * key is null; the root has neither). The child's path is built only for containers and errors.
     */
    private Var walk(Var value, VarPath parent, String key, int index, int depth, boolean copy) {
      if (value == null) {
        throw reject(parent, key, index, "null reference (use NullVar.NULL)");
      }
      addBytes(8, parent, key, index);
      return switch (value) {
        case NullVar v -> v;
        case BoolVar v -> v;
        case IntVar v -> v;
        case LongVar v -> v;
        case DoubleVar v -> v;
        case StringVar v -> {
          addBytes(2L * v.value().length(), parent, key, index);
          yield v;
        }
        case ArrayBufferVar v -> buffer(v, parent, key, index, copy);
        case TypedArrayVar v -> {
          ArrayBufferVar buffer = buffer(v.buffer(), parent, key, index, copy);
          yield copy ? new TypedArrayVar(v.kind(), buffer, v.byteOffset(), v.length()) : v;
        }
        case ArrayVar v -> {
          VarPath path = child(parent, key, index);
          enter(v, path, depth);
          int n = v.size();
          addElements(n, path);
          ArrayVar out = copy ? new ArrayVar(n) : null;
          for (int i = 0; i < n; i++) {
            Var c = walk(v.get(i), path, null, i, depth + 1, copy);
            if (copy) {
              out.add(c);
            }
          }
          leave(depth);
          yield copy ? out : v;
        }
        case Dictionary v -> {
          VarPath path = child(parent, key, index);
          enter(v, path, depth);
          addElements(v.size(), path);
          Dictionary out = copy ? new Dictionary(v.size()) : null;
          for (int i = 0, n = v.size(); i < n; i++) {
            String k = v.keyAt(i);
            addBytes(2L * k.length(), path, k, -1);
            Var c = walk(v.valueAt(i), path, k, -1, depth + 1, copy);
            if (copy) {
              out.put(k, c);
            }
          }
          leave(depth);
          yield copy ? out : v;
        }
      };
    }

    private static VarPath child(VarPath parent, String key, int index) {
      if (key != null) {
        return parent.key(key);
      }
      return index >= 0 ? parent.index(index) : parent;
    }

    private static ValueRejectedException reject(VarPath parent, String key, int index, String why) {
      return new ValueRejectedException(child(parent, key, index).toString(), why);
    }

    private ArrayBufferVar buffer(
        ArrayBufferVar src, VarPath parent, String key, int index, boolean copy) {
      if (buffers == null) {
        buffers = new IdentityHashMap<>();
      }
      ArrayBufferVar seen = buffers.get(src);
      if (seen != null) {
        return seen;
      }
      addBytes(src.byteLength(), parent, key, index);
      ArrayBufferVar out = copy ? ArrayBufferVar.wrap(BufferPool.shared().copyOf(src.bytes())) : src;
      buffers.put(src, out);
      return out;
    }

    private void enter(Var container, VarPath path, int depth) {
      if (depth >= limits.maxDepth()) {
        throw new ValueRejectedException(path.toString(),
            "nested deeper than " + limits.maxDepth() + " levels");
      }
      for (int i = 0; i < depth; i++) {
        if (ancestors[i] == container) {
          throw new ValueRejectedException(path.toString(), "reference cycle");
        }
      }
      if (depth == ancestors.length) {
        ancestors = java.util.Arrays.copyOf(ancestors, depth * 2);
      }
      ancestors[depth] = container;
    }

    private void leave(int depth) {
      ancestors[depth] = null;
    }

    private void addBytes(long n, VarPath parent, String key, int index) {
      bytes += n;
      if (bytes > limits.maxTotalBytes()) {
        throw reject(parent, key, index, "value larger than " + limits.maxTotalBytes() + " bytes");
      }
    }

    private void addElements(long n, VarPath path) {
      elements += n;
      if (elements > limits.maxElements()) {
        throw new ValueRejectedException(path.toString(),
            "value has more than " + limits.maxElements() + " elements");
      }
    }
  }
}
