package dev.pepperjack.jshost.internal;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.BoolVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.LongVar;
import dev.pepperjack.bridge.NullVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.TypedArrayVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.ViewKind;
import java.util.ArrayList;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The only host object a module context sees, and only through {@code bridge.js}: it builds the
 * values the module posts (one call per node, driven by the script's walk of the JavaScript value),
 * and carries console lines, errors and timers to the host. Confined to the module's event-loop
 * thread.
 *
 * <p>A value is built completely before anything is emitted, so a post that fails half-way (a
 * function deep inside, a limit) leaves nothing behind.
 */
public final class ModuleBridge {
  /** What the bridge reports to the module host. */
  public interface Host {
    void posted(Var value, long bytes);

    void console(String level, String text);

    void error(String message, String stack);

    void setTimer(int id, long delayMillis, boolean repeat);

    void clearTimer(int id);
  }

  static final int MAX_CONSOLE_CHARS = 16 * 1024;
  private static final ViewKind[] KINDS = ViewKind.values();

  private final Host host;
  private final VarLimits limits;

  private final ArrayList<Frame> stack = new ArrayList<>();
  private int depth;
  private final ArrayList<ArrayBufferVar> buffers = new ArrayList<>();
  private Var result;
  private String problem;
  private boolean building;
  private long bytes;
  private long elements;
  private ViewKind pendingKind;
  private int pendingOffset;
  private int pendingLength;

  public ModuleBridge(Host host, VarLimits limits) {
    this.host = host;
    this.limits = limits;
  }

  private static final class Frame {
    ArrayVar array;
    Dictionary dict;
    String key;
    int remaining;
  }

  @HostAccess.Export
  public int maxDepth() {
    return limits.maxDepth();
  }

  @HostAccess.Export
  public void begin() {
    reset();
    building = true;
  }

  @HostAccess.Export
  public void abort() {
    reset();
  }

  /** Emits the built value; returns null, or why it was refused (nothing is emitted then). */
  @HostAccess.Export
  public String end() {
    try {
      if (!building) {
        return "no value was begun";
      }
      if (problem != null) {
        return problem;
      }
      if (result == null || depth > 0 || pendingKind != null) {
        return "incomplete value";
      }
      host.posted(result, bytes);
      return null;
    } finally {
      reset();
    }
  }

  @HostAccess.Export
  public void d(double v) {
    add(NumberRule.toVar(v), 8);
  }

  @HostAccess.Export
  public void s(String v) {
    if (depth > 0) {
      Frame f = stack.get(depth - 1);
      if (f.dict != null && f.key == null) {
        f.key = v;
        bytes += 2L * v.length();
        return;
      }
    }
    add(new StringVar(v), 8 + 2L * v.length());
  }

  @HostAccess.Export
  public void b(boolean v) {
    add(BoolVar.of(v), 8);
  }

  @HostAccess.Export
  public void u() {
    add(NullVar.UNDEFINED, 8);
  }

  @HostAccess.Export
  public void n() {
    add(NullVar.NULL, 8);
  }

  @HostAccess.Export
  public void l(String decimal) {
    long v;
    try {
      v = Long.parseLong(decimal);
    } catch (NumberFormatException e) {
      fail("BigInt " + decimal + " does not fit in 64 bits");
      return;
    }
    add(new LongVar(v), 8);
  }

  @HostAccess.Export
  public void array(int n) {
    ArrayVar a = new ArrayVar(Math.min(n, 1024));
    if (container(a, null, n)) {
      return;
    }
  }

  @HostAccess.Export
  public void dict(int n) {
    container(null, new Dictionary(Math.min(n, 1024)), n);
  }

  /** The next buffer node belongs to a view of {@code kindOrdinal} (a ViewKind ordinal). */
  @HostAccess.Export
  public void view(int kindOrdinal, int byteOffset, int length) {
    if (kindOrdinal < 0 || kindOrdinal >= KINDS.length) {
      fail("unknown typed-array kind " + kindOrdinal);
      return;
    }
    pendingKind = KINDS[kindOrdinal];
    pendingOffset = byteOffset;
    pendingLength = length;
  }

  /** A buffer seen for the first time in this value: its bytes are copied now. */
  @HostAccess.Export
  public void buffer(int id, Value arrayBuffer) {
    if (problem != null) {
      return;
    }
    if (id != buffers.size() || !arrayBuffer.hasBufferElements()) {
      fail("malformed buffer node");
      return;
    }
    long size = arrayBuffer.getBufferSize();
    if (size > Integer.MAX_VALUE - 8 || !addBytes(size)) {
      fail("value larger than " + limits.maxTotalBytes() + " bytes");
      return;
    }
    byte[] copy = new byte[(int) size];
    arrayBuffer.readBuffer(0, copy, 0, copy.length);
    ArrayBufferVar b = ArrayBufferVar.wrap(copy);
    buffers.add(b);
    bufferNode(b);
  }

  /** A buffer already sent earlier in this value: sharing is kept. */
  @HostAccess.Export
  public void bufferRef(int id) {
    if (id < 0 || id >= buffers.size()) {
      fail("malformed buffer reference");
      return;
    }
    bufferNode(buffers.get(id));
  }

  @HostAccess.Export
  public void console(String level, String text) {
    String t = text.length() > MAX_CONSOLE_CHARS
        ? text.substring(0, MAX_CONSOLE_CHARS) + "... (" + text.length() + " chars)"
        : text;
    host.console(level, t);
  }

  @HostAccess.Export
  public void error(String message, String stack) {
    host.error(message, stack);
  }

  @HostAccess.Export
  public void setTimer(int id, double delayMillis, boolean repeat) {
    long ms = Double.isNaN(delayMillis) ? 0 : (long) Math.min(Math.max(delayMillis, 0), 1e12);
    host.setTimer(id, ms, repeat);
  }

  @HostAccess.Export
  public void clearTimer(int id) {
    host.clearTimer(id);
  }

  private void bufferNode(ArrayBufferVar b) {
    if (pendingKind == null) {
      add(b, 8);
      return;
    }
    ViewKind kind = pendingKind;
    pendingKind = null;
    String bad = TypedArrayVar.checkWindow(kind, b.byteLength(), pendingOffset, pendingLength);
    if (bad != null) {
      fail(bad);
      return;
    }
    add(new TypedArrayVar(kind, b, pendingOffset, pendingLength), 8);
  }

  /** Adds a container and, when it has children, makes it the target of the next nodes. */
  private boolean container(ArrayVar a, Dictionary d, int n) {
    if (n < 0) {
      fail("negative container size");
      return true;
    }
    if (depth >= limits.maxDepth()) {
      fail("nested deeper than " + limits.maxDepth() + " levels");
      return true;
    }
    elements += n;
    if (elements > limits.maxElements()) {
      fail("value has more than " + limits.maxElements() + " elements");
      return true;
    }
    if (!add(a != null ? a : d, 8)) {
      return true;
    }
    if (n > 0) {
      Frame f;
      if (depth < stack.size()) {
        f = stack.get(depth);
      } else {
        f = new Frame();
        stack.add(f);
      }
      f.array = a;
      f.dict = d;
      f.key = null;
      f.remaining = n;
      depth++;
    }
    return false;
  }

  private boolean add(Var v, long size) {
    if (problem != null) {
      return false;
    }
    if (!building) {
      fail("no value was begun");
      return false;
    }
    if (!addBytes(size)) {
      fail("value larger than " + limits.maxTotalBytes() + " bytes");
      return false;
    }
    if (depth == 0) {
      if (result != null) {
        fail("more than one root value");
        return false;
      }
      result = v;
      return true;
    }
    Frame f = stack.get(depth - 1);
    if (f.dict != null) {
      if (f.key == null) {
        fail("dictionary entry without a key");
        return false;
      }
      f.dict.put(f.key, v);
      f.key = null;
    } else {
      f.array.add(v);
    }
    // Pop every container this node completes; a container added here pushes itself afterwards.
    if (--f.remaining == 0) {
      f.array = null;
      f.dict = null;
      depth--;
      while (depth > 0 && stack.get(depth - 1).remaining == 0) {
        depth--;
      }
    }
    return true;
  }

  private boolean addBytes(long n) {
    bytes += n;
    return bytes <= limits.maxTotalBytes();
  }

  private void fail(String why) {
    if (problem == null) {
      problem = why;
    }
  }

  private void reset() {
    for (int i = 0; i < depth; i++) {
      Frame f = stack.get(i);
      f.array = null;
      f.dict = null;
      f.key = null;
    }
    depth = 0;
    buffers.clear();
    result = null;
    problem = null;
    building = false;
    bytes = 0;
    elements = 0;
    pendingKind = null;
  }
}
