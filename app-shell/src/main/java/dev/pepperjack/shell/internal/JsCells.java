package dev.pepperjack.shell.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The JavaScriptCore cells behind JavaFX's script objects, for {@link JscCalls} and
 * {@link ViewMemory}: JavaFX hands a script value to Java as a {@code com.sun.webkit.dom.JSObject}
 * whose private {@code peer} is its cell (a {@code JSObjectRef}) when {@code peer_type} is 0.
 * Cells are read here only through {@code /proc/self/mem}, where a wrong address reads as an I/O
 * error rather than a crash; the callers check what they read before they trust it.
 */
final class JsCells {
  /**
   * A script object as a page function ({@link JscCalls}) receives it: its cell, without a
   * JavaFX wrapper. Valid only during that call, while the object is an argument on the script's
   * stack; unlike a wrapper it protects nothing from the collector afterwards.
   */
  record Cell(long address) {}

  private static final Field PEER;
  private static final Field PEER_TYPE;
  private static final Class<?> JS_OBJECT;

  static {
    Field peer = null;
    Field peerType = null;
    Class<?> cls = null;
    try {
      cls = Class.forName("com.sun.webkit.dom.JSObject");
      peer = cls.getDeclaredField("peer");
      peerType = cls.getDeclaredField("peer_type");
      peer.setAccessible(true);
      peerType.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      cls = null;
    }
    JS_OBJECT = cls;
    PEER = peer;
    PEER_TYPE = peerType;
  }

  private JsCells() {}

  /** Whether this JavaFX hands out script objects with cells as peers. */
  static boolean available() {
    return JS_OBJECT != null;
  }

  /** The cell of {@code value} if it is a script object (not a DOM node or window), else 0. */
  static long cell(Object value) {
    if (value instanceof Cell c) {
      return c.address();
    }
    if (JS_OBJECT == null || !JS_OBJECT.isInstance(value)) {
      return 0;
    }
    try {
      return PEER_TYPE.getInt(value) == 0 ? PEER.getLong(value) : 0;
    } catch (IllegalAccessException e) {
      return 0;
    }
  }

  /** This process's memory, for {@link #read}. */
  static FileChannel memory() throws IOException {
    return FileChannel.open(Path.of("/proc/self/mem"), StandardOpenOption.READ);
  }

  /** {@code n} bytes at {@code address}, in native order; IOException if any is unmapped. */
  static ByteBuffer read(FileChannel mem, long address, int n) throws IOException {
    if (address <= 0) {
      throw new IOException("address " + Long.toHexString(address));
    }
    ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.nativeOrder());
    while (b.hasRemaining()) {
      if (mem.read(b, address + b.position()) <= 0) {
        throw new IOException("unreadable at " + Long.toHexString(address));
      }
    }
    return b.flip();
  }
}
