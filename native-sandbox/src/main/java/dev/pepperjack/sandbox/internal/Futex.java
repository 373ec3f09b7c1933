package dev.pepperjack.sandbox.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Shared (not process-private) futex wait and wake on a word in a mapped segment, through the FFM
 * API: a JNA call costs 10-50x more and these sit on the message path.
 */
@SuppressWarnings("restricted") // the sandbox host runs with --enable-native-access
final class Futex {
  private static final long SYS_FUTEX = 202;
  private static final long FUTEX_WAIT = 0;
  private static final long FUTEX_WAKE = 1;
  private static final MethodHandle SYSCALL;

  static {
    Linker linker = Linker.nativeLinker();
    SYSCALL = linker.downcallHandle(
        linker.defaultLookup().find("syscall").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
        Linker.Option.firstVariadicArg(1));
  }

  private Futex() {}

  /** A reusable {@code struct timespec} for {@link #await}; owned by one thread. */
  static MemorySegment timeout(Arena arena, long nanos) {
    MemorySegment ts = arena.allocate(16, 8);
    ts.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
    ts.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
    return ts;
  }

  /** Sleeps while the 32-bit word still holds {@code expected}, at most the given timeout. */
  static void await(MemorySegment word, int expected, MemorySegment timeout) {
    try {
      long unused = (long) SYSCALL.invokeExact(SYS_FUTEX, word, FUTEX_WAIT, (long) expected, timeout);
    } catch (Throwable t) {
      throw new IllegalStateException("futex wait failed", t);
    }
  }

  static void wake(MemorySegment word) {
    try {
      long unused = (long) SYSCALL.invokeExact(SYS_FUTEX, word, FUTEX_WAKE, 1L, MemorySegment.NULL);
    } catch (Throwable t) {
      throw new IllegalStateException("futex wake failed", t);
    }
  }
}
