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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The only host object a module context sees, and only through {@code bridge.js}. It turns what
 * the module posts into a value: the script writes the value as a binary tape (codes, numbers and
 * string chars in three typed arrays) and hands it over in one call, because each host call costs
 * the module far more than writing a node. It also carries console lines, errors and timers.
 * Confined to the module's event-loop thread.
 *
 * <p>The tape is checked as it is read (sizes, kinds, limits); a post that fails leaves nothing
 * behind, since nothing is emitted before the whole value is built.
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

  // Node kinds on the tape; the same numbers as VarTape and bridge.js.
  static final int STRING = 0;
  static final int DOUBLE = 3;
  static final int TRUE = 4;
  static final int FALSE = 5;
  static final int NULL = 6;
  static final int UNDEFINED = 7;
  static final int ARRAY = 8;
  static final int DICT = 9;
  static final int BIGINT = 10;
  static final int BUFFER = 11;
  static final int VIEW = 12;

  static final int MAX_CONSOLE_CHARS = 16 * 1024;
  private static final ViewKind[] KINDS = ViewKind.values();

  private final Host host;
  private final VarLimits limits;
  /** Where a received value is flattened when the module first touches it. */
  private final VarTape received;
  private final ArrayList<ArrayBufferVar> buffers = new ArrayList<>();
  /** The tape's three streams, written by the module in place; index 0 codes, 1 numbers, 2 chars. */
  private final ByteBuffer[] tape = {
      ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN),
      ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN),
      ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN)};
  private ByteBuffer codes;
  private ByteBuffer nums;
  private ByteBuffer chars;
  private int codeEnd;
  private int codePos;
  private int numEnd;
  private int numPos;
  private int charEnd;
  private int charPos;
  private String problem;
  private boolean building;
  private long bytes;
  private long elements;

  public ModuleBridge(Host host, VarLimits limits, VarTape received) {
    this.host = host;
    this.limits = limits;
    this.received = received;
  }

  /** Why a tape cannot become a value. */
  private static final class Refused extends RuntimeException {
    Refused(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * Flattens a received value (the handle {@code bridge.js} keeps for a lazy root) onto the tape
   * the module then reads.
   */
  @HostAccess.Export
  public void load(Object handle) {
    if (!(handle instanceof Var v)) {
      throw new IllegalArgumentException("not a received value");
    }
    received.load(v);
  }

  /**
   * Posts a received value the module never touched: its host-side value, copied, instead of a
   * decode into JavaScript and an encode back. Returns null, as {@link #end} does on success.
   */
  @HostAccess.Export
  public String postReceived(Object handle) {
    if (!(handle instanceof Var v)) {
      return "not a received value";
    }
    ReceivedCopy.Result copy = ReceivedCopy.of(v);
    host.posted(copy.value(), copy.bytes());
    return null;
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

  /**
   * Tape stream {@code which} with room for at least {@code minBytes}; a larger one keeps what the
   * old one held.
   */
  @HostAccess.Export
  public ByteBuffer tape(int which, int minBytes) {
    if (which < 0 || which > 2 || minBytes < 0) {
      throw new IllegalArgumentException("bad tape request");
    }
    ByteBuffer b = tape[which];
    if (minBytes > b.capacity()) {
      long cap = Math.max(minBytes, 2L * b.capacity());
      if (cap > limits.maxTotalBytes() + 4096) {
        // The value is over its limit anyway; end() reports it.
        cap = Math.max(minBytes, b.capacity());
      }
      ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(cap, Integer.MAX_VALUE - 8))
          .order(ByteOrder.LITTLE_ENDIAN);
      bigger.put(0, b, 0, b.capacity());
      tape[which] = bigger;
      b = bigger;
    }
    return b;
  }

  /** A buffer met for the first time while writing the tape: its bytes are copied now. */
  @HostAccess.Export
  public void buffer(int id, Value arrayBuffer) {
    if (problem != null || !building) {
      return;
    }
    if (id != buffers.size() || !arrayBuffer.hasBufferElements()) {
      problem = "malformed buffer node";
      return;
    }
    long size = arrayBuffer.getBufferSize();
    bytes += size;
    if (size > Integer.MAX_VALUE - 8 || bytes > limits.maxTotalBytes()) {
      problem = "value larger than " + limits.maxTotalBytes() + " bytes";
      return;
    }
    // Into a recycled array where one is free: a large buffer the page copied out was released.
    buffers.add(ArrayBufferVar.filledBy((int) size, a -> arrayBuffer.readBuffer(0, a, 0, a.length)));
  }

  /**
   * Reads the tape the module wrote ({@code codeCount} codes, {@code numCount} numbers,
   * {@code charCount} chars) and emits the value; returns null, or why it was refused (nothing is
   * emitted then).
   */
  @HostAccess.Export
  public String end(int codeCount, int numCount, int charCount) {
    try {
      if (!building) {
        return "no value was begun";
      }
      if (problem != null) {
        return problem;
      }
      codes = tape[0];
      nums = tape[1];
      chars = tape[2];
      codeEnd = checkedEnd(codeCount, 4, codes);
      numEnd = checkedEnd(numCount, 8, nums);
      charEnd = checkedEnd(charCount, 2, chars);
      Var value = read(0);
      if (codePos != codeEnd) {
        return "malformed value: trailing data";
      }
      host.posted(value, bytes);
      return null;
    } catch (Refused r) {
      return r.getMessage();
    } finally {
      reset();
    }
  }

  private static int checkedEnd(int count, int width, ByteBuffer b) {
    long n = (long) count * width;
    if (count < 0 || n > b.capacity()) {
      throw new Refused("malformed value: tape larger than its buffer");
    }
    return (int) n;
  }

  private int code() {
    if (codePos >= codeEnd) {
      throw new Refused("malformed value: tape ends early");
    }
    int c = codes.getInt(codePos);
    codePos += 4;
    return c;
  }

  private String text() {
    int n = code();
    if (n < 0 || charPos + 2L * n > charEnd) {
      throw new Refused("malformed value: bad string length");
    }
    grow(8 + 2L * n);
    char[] cs = new char[n];
    for (int i = 0; i < n; i++) {
      cs[i] = chars.getChar(charPos);
      charPos += 2;
    }
    return new String(cs);
  }

  private void grow(long n) {
    bytes += n;
    if (bytes > limits.maxTotalBytes()) {
      throw new Refused("value larger than " + limits.maxTotalBytes() + " bytes");
    }
  }

  private int size(int depth) {
    int n = code();
    if (n < 0) {
      throw new Refused("malformed value: negative size");
    }
    if (depth >= limits.maxDepth()) {
      throw new Refused("nested deeper than " + limits.maxDepth() + " levels");
    }
    elements += n;
    if (elements > limits.maxElements()) {
      throw new Refused("value has more than " + limits.maxElements() + " elements");
    }
    return n;
  }

  private Var read(int depth) {
    int kind = code();
    switch (kind) {
      case STRING:
        return new StringVar(text());
      case DOUBLE:
        if (numPos >= numEnd) {
          throw new Refused("malformed value: numbers end early");
        }
        double d = nums.getDouble(numPos);
        numPos += 8;
        grow(8);
        return NumberRule.toVar(d);
      case TRUE:
        grow(8);
        return BoolVar.TRUE;
      case FALSE:
        grow(8);
        return BoolVar.FALSE;
      case NULL:
        grow(8);
        return NullVar.NULL;
      case UNDEFINED:
        grow(8);
        return NullVar.UNDEFINED;
      case ARRAY: {
        int n = size(depth);
        grow(8);
        ArrayVar a = new ArrayVar(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          a.add(read(depth + 1));
        }
        return a;
      }
      case DICT: {
        int n = size(depth);
        grow(8);
        Dictionary dict = new Dictionary(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          String key = text();
          dict.put(key, read(depth + 1));
        }
        return dict;
      }
      case BIGINT: {
        String decimal = text();
        try {
          return new LongVar(Long.parseLong(decimal));
        } catch (NumberFormatException e) {
          throw new Refused("BigInt " + decimal + " does not fit in 64 bits");
        }
      }
      case BUFFER:
        grow(8);
        return bufferNode();
      case VIEW: {
        int k = code();
        int offset = code();
        int length = code();
        if (k < 0 || k >= KINDS.length) {
          throw new Refused("unknown typed-array kind " + k);
        }
        if (code() != BUFFER) {
          throw new Refused("malformed value: a view without its buffer");
        }
        ArrayBufferVar b = bufferNode();
        String bad = TypedArrayVar.checkWindow(KINDS[k], b.byteLength(), offset, length);
        if (bad != null) {
          throw new Refused(bad);
        }
        grow(8);
        return new TypedArrayVar(KINDS[k], b, offset, length);
      }
      default:
        throw new Refused("malformed value: unknown node kind " + kind);
    }
  }

  private ArrayBufferVar bufferNode() {
    int id = code();
    if (id < 0 || id >= buffers.size()) {
      throw new Refused("malformed value: unknown buffer " + id);
    }
    return buffers.get(id);
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

  private void reset() {
    buffers.clear();
    codePos = codeEnd = numPos = numEnd = charPos = charEnd = 0;
    problem = null;
    building = false;
    bytes = 0;
    elements = 0;
  }
}
