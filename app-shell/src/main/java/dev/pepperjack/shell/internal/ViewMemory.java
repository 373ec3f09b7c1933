package dev.pepperjack.shell.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.web.WebEngine;

/**
 * The bytes of a page's {@code Uint8Array}, read and written in place by the bulk path during a
 * call from the page API. An XHR costs WebView its own copies (the request body into a form, a
 * Java array through JNI; the response into a fresh {@code ArrayBuffer}) and a callback per 40 KiB;
 * this costs one copy each way.
 *
 * <p>How: a page function ({@link JscCalls}) gets a script object as its JavaScriptCore cell
 * ({@link JsCells.Cell}); LiveConnect hands it over as a {@code com.sun.webkit.dom.JSObject} whose
 * {@code peer} is that cell (and which keeps the object from the collector until the JVM has
 * collected the wrapper, so the page API uses page functions where it can). A typed array's
 * cell (JSArrayBufferView) holds its type at byte 5, its data pointer at 16, its length at 24 and
 * its mode at 40. That layout is not an API, so it is checked once per JVM ({@link #check})
 * against arrays of known contents, reading through {@code /proc/self/mem}, where a wrong guess
 * reads as an I/O error instead of a crash.
 * Only if every check holds is the direct path used; otherwise buffers take the XHR path as
 * before. Each call then checks the cell again ({@link #bytes}): a {@code Uint8Array}, a fixed
 * length mode (not resizable, not detached) and the length the page API states.
 *
 * <p>Only on the FX thread, inside the page's call that passed the array: it is then an argument
 * on the script's stack (and protected by JavaFX), so it can be neither collected nor detached
 * while the shell copies. Segments never outlive that call.
 */
public final class ViewMemory {
  private static final int TYPE_OFFSET = 5;
  private static final int VECTOR_OFFSET = 16;
  private static final int LENGTH_OFFSET = 24;
  private static final int MODE_OFFSET = 40;
  private static final int CELL_BYTES = 48;
  /** JSC's TypedArrayMode: fast (inline), oversize (own allocation), wasteful (over a buffer). */
  private static final byte FAST = 0b0001_0000;
  private static final byte OVERSIZE = 0b0011_0000;
  private static final byte WASTEFUL = 0b0101_1000;

  private static volatile State state;
  private static volatile boolean enabled = true;
  private static final AtomicLong COPIES = new AtomicLong();

  /** Whether the direct path works in this JVM, and if not, why. */
  public record State(boolean works, int uint8Type, String why) {}

  private ViewMemory() {}

  /** The outcome of {@link #check}, or null before it ran. */
  public static State state() {
    return state;
  }

  /** Whether {@link #check} ran and found the layout it expects, and the path is enabled. */
  public static boolean works() {
    State s = state;
    return enabled && s != null && s.works();
  }

  /**
   * Turns the direct path on or off at run time (on by default once {@link #check} found it
   * works); off, every buffer takes the XHR path. For tests and comparisons.
   */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /** How many views {@link #bytes} has handed out in this JVM. */
  public static long copies() {
    return COPIES.get();
  }

  /**
   * Checks the layout once per JVM against typed arrays made in a blank engine of its own (no
   * page's script can tamper with them); later calls return the first outcome. FX thread; takes
   * some milliseconds, so the shell runs it after the first page has loaded. Off with
   * {@code -Dpepperjack.directViews=false}.
   */
  public static State check() {
    if (state == null) {
      state = Boolean.parseBoolean(System.getProperty("pepperjack.directViews", "true"))
          ? probe(new WebEngine()) : new State(false, -1, "off (-Dpepperjack.directViews=false)");
    }
    return state;
  }


  private static State probe(WebEngine engine) {
    if (!JsCells.available()) {
      return new State(false, -1, "this JavaFX has no com.sun.webkit.dom.JSObject peer");
    }
    byte[] small = new byte[48];
    byte[] large = new byte[4096]; // over JavaScriptCore's 1,000-element limit for inline arrays
    SecureRandom random = new SecureRandom();
    random.nextBytes(small);
    random.nextBytes(large);
    HexFormat hex = HexFormat.of();
    // Three arrays, one per mode the direct path accepts, plus a different type that must differ.
    String script = "(function (a, b) {"
        + " const h = (s) => Uint8Array.from(s.match(/../g), (x) => parseInt(x, 16));"
        + " const big = h(b);"
        + " const buf = new ArrayBuffer(b.length / 2 + 7);"
        + " const over = new Uint8Array(buf, 7, b.length / 2); over.set(big);"
        + " return [h(a), big, over, new Int8Array(8)];"
        + "})('" + hex.formatHex(small) + "', '" + hex.formatHex(large) + "')";
    try (FileChannel mem = JsCells.memory()) {
      netscape.javascript.JSObject arrays = (netscape.javascript.JSObject) engine.executeScript(script);
      Object fast = arrays.getSlot(0);
      Object oversize = arrays.getSlot(1);
      Object wasteful = arrays.getSlot(2);
      Object other = arrays.getSlot(3);
      ByteBuffer f = cell(mem, fast);
      int type = f.get(TYPE_OFFSET) & 0xff;
      String bad = expect(mem, f, type, FAST, small, "a small Uint8Array");
      if (bad == null) {
        bad = expect(mem, cell(mem, oversize), type, OVERSIZE, large, "a large Uint8Array");
      }
      if (bad == null) {
        bad = expect(mem, cell(mem, wasteful), type, WASTEFUL, large, "a Uint8Array over a buffer");
      }
      if (bad == null && (cell(mem, other).get(TYPE_OFFSET) & 0xff) == type) {
        bad = "an Int8Array has the Uint8Array's type byte";
      }
      return bad == null ? new State(true, type, "") : new State(false, -1, bad);
    } catch (IOException | RuntimeException e) {
      return new State(false, -1, "layout check failed: " + e);
    }
  }

  private static ByteBuffer cell(FileChannel mem, Object jsObject) throws IOException {
    long cell = JsCells.cell(jsObject);
    if (cell == 0) {
      throw new IOException("not a script object: " + jsObject);
    }
    return JsCells.read(mem, cell, CELL_BYTES);
  }

  private static String expect(FileChannel mem, ByteBuffer cell, int type, byte mode, byte[] data,
      String what) throws IOException {
    if ((cell.get(TYPE_OFFSET) & 0xff) != type) {
      return what + ": type byte " + (cell.get(TYPE_OFFSET) & 0xff) + ", expected " + type;
    }
    if (cell.get(MODE_OFFSET) != mode) {
      return what + ": mode " + cell.get(MODE_OFFSET) + ", expected " + mode;
    }
    if (cell.getLong(LENGTH_OFFSET) != data.length) {
      return what + ": length " + cell.getLong(LENGTH_OFFSET) + ", expected " + data.length;
    }
    ByteBuffer bytes = JsCells.read(mem, cell.getLong(VECTOR_OFFSET), data.length);
    return bytes.equals(ByteBuffer.wrap(data)) ? null : what + ": its bytes differ";
  }

  /**
   * The bytes of {@code view}, valid until the page's call returns; null when {@code view} is not
   * a fixed-length, attached {@code Uint8Array} of exactly {@code length} bytes (or the direct
   * path does not work here). FX thread, inside the page's call that passed {@code view}.
   */
  public static MemorySegment bytes(Object view, long length) {
    State s = state;
    if (!enabled || s == null || !s.works() || length <= 0) {
      return null;
    }
    long peer = JsCells.cell(view);
    if (peer == 0) {
      return null;
    }
    // A script object's cell is at least 16 bytes; the rest is read only once it is a typed array.
    MemorySegment cell = MemorySegment.ofAddress(peer).reinterpret(CELL_BYTES);
    if ((cell.get(ValueLayout.JAVA_BYTE, TYPE_OFFSET) & 0xff) != s.uint8Type()) {
      return null;
    }
    byte mode = cell.get(ValueLayout.JAVA_BYTE, MODE_OFFSET);
    if (mode != FAST && mode != OVERSIZE && mode != WASTEFUL) {
      return null;
    }
    long vector = cell.get(ValueLayout.JAVA_LONG_UNALIGNED, VECTOR_OFFSET);
    if (vector == 0 || cell.get(ValueLayout.JAVA_LONG_UNALIGNED, LENGTH_OFFSET) != length) {
      return null;
    }
    COPIES.incrementAndGet();
    return MemorySegment.ofAddress(vector).reinterpret(length);
  }
}
