package dev.pepperjack.sandbox.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The host's side of the shared memory between it and one sandbox process: a control page and two
 * {@link Ring}s. The layout is defined in {@code src/main/c/runtime/pj_ring.h}; keep both in step.
 */
public final class SharedChannel implements AutoCloseable {
  static final int MAGIC = 0x31524a50; // "PJR1"
  static final int CONTROL_SIZE = 4096;
  static final long OFF_MAGIC = 0;
  static final long OFF_DOWN_CAPACITY = 8;
  static final long OFF_UP_CAPACITY = 12;
  static final long OFF_HANDLED = 64;
  static final long OFF_BUSY_SINCE = 128;
  static final long OFF_DOWN_RING = 1024;
  static final long OFF_UP_RING = 2048;

  public static final int FRAME_MESSAGE = 1;
  public static final int FRAME_SHUTDOWN = 2;
  public static final int FRAME_READY = 16;
  public static final int FRAME_POST = 17;
  public static final int FRAME_LOG = 18;
  public static final int FRAME_FATAL = 19;
  public static final int FRAME_BYE = 20;

  private final Path file;
  private final Arena arena;
  private final MemorySegment shm;
  private final Ring down;
  private final Ring up;

  private SharedChannel(Path file, Arena arena, MemorySegment shm, int downCapacity, int upCapacity,
      int maxMessage) {
    this.file = file;
    this.arena = arena;
    this.shm = shm;
    this.down = new Ring(shm.asSlice(OFF_DOWN_RING, 1024), shm.asSlice(CONTROL_SIZE, downCapacity),
        maxMessage);
    this.up = new Ring(shm.asSlice(OFF_UP_RING, 1024),
        shm.asSlice((long) CONTROL_SIZE + downCapacity, upCapacity), maxMessage);
  }

  /**
   * Creates the shared file (which must not exist) and maps it.
   *
   * @param downCapacity host-to-sandbox ring bytes, a power of two of at least 4096
   * @param maxMessage the largest message either side may assemble from fragments
   */
  public static SharedChannel create(Path file, int downCapacity, int upCapacity, int maxMessage)
      throws IOException {
    checkCapacity(downCapacity);
    checkCapacity(upCapacity);
    long size = (long) CONTROL_SIZE + downCapacity + upCapacity;
    Arena arena = Arena.ofShared();
    try (FileChannel fc = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      fc.truncate(size);
      fc.write(java.nio.ByteBuffer.allocate(1), size - 1);
      MemorySegment shm = fc.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
      shm.set(ValueLayout.JAVA_INT, OFF_DOWN_CAPACITY, downCapacity);
      shm.set(ValueLayout.JAVA_INT, OFF_UP_CAPACITY, upCapacity);
      shm.set(ValueLayout.JAVA_INT, OFF_MAGIC, MAGIC);
      return new SharedChannel(file, arena, shm, downCapacity, upCapacity, maxMessage);
    } catch (IOException | RuntimeException e) {
      arena.close();
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private static void checkCapacity(int capacity) {
    if (capacity < 4096 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("ring capacity must be a power of two >= 4096: " + capacity);
    }
  }

  public Path file() {
    return file;
  }

  /** Host to sandbox. */
  public Ring down() {
    return down;
  }

  /** Sandbox to host. */
  public Ring up() {
    return up;
  }

  /** Messages the module has finished handling. */
  public long handled() {
    return (long) Ring.LONG.getAcquire(shm, OFF_HANDLED);
  }

  /** When the module's current handler started ({@link System#nanoTime()} clock), or 0 when idle. */
  public long busySince() {
    return (long) Ring.LONG.getAcquire(shm, OFF_BUSY_SINCE);
  }

  /** Removes the file; both mappings stay valid. */
  public void unlink() throws IOException {
    Files.deleteIfExists(file);
  }

  /** Unmaps; no ring may be in use any more. */
  @Override
  public void close() {
    try {
      unlink();
    } catch (IOException ignored) {
      // the file lives in a temporary directory; a leftover is harmless
    }
    arena.close();
  }
}
