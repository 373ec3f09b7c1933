package dev.pepperjack.sandbox.internal;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.pepperjack.sandbox.SandboxPolicy;
import dev.pepperjack.sandbox.SandboxPolicy.Limit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * The sandbox process: started by the host through {@code pj-launch} (already under Landlock and in
 * fresh namespaces, with the shared channel on fd 3). It attaches the channel, applies the rlimits
 * and the seccomp filter, and only then loads the module with JNA: the module's ELF constructors
 * are module code too, so they must run confined. The main thread then stays in the C message loop.
 *
 * <p>Never writes to stdout: the JVM prints its crash banner there.
 *
 * <p>Arguments: {@code <module.so> <policy, base64>}.
 */
public final class SandboxMain {
  private static final int CHANNEL_FD = 3;
  private static final int EXIT_SETUP_FAILED = 3;
  private static final int PR_SET_NO_NEW_PRIVS = 38;
  private static final long SYS_SECCOMP = 317;
  private static final int SECCOMP_SET_MODE_FILTER = 1;
  private static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
  private static final Map<String, Integer> RLIMITS = Map.of(
      "cpu_seconds", 0, "file_size", 1, "core_size", 4, "open_files", 7, "address_space", 9);

  /** The sandbox runtime (src/main/c/runtime). */
  interface Runtime extends Library {
    int pj_rt_attach(int fd);

    void pj_rt_fatal(String text);

    int pj_rt_run(Pointer init, Pointer handle, Pointer shutdown);
  }

  interface LibC extends Library {
    int prctl(int option, long a2, long a3, long a4, long a5);

    NativeLong syscall(NativeLong number, Object... args);

    int setrlimit(int resource, Pointer rlimit);
  }

  /** First argument of a training run for the startup archive: load what a sandbox loads, exit. */
  static final String TRAIN = "--train";

  private SandboxMain() {}

  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals(TRAIN)) {
      train();
      return;
    }
    Runtime runtime = Native.load(System.getProperty("pepperjack.sandbox.runtime"), Runtime.class);
    int rc = runtime.pj_rt_attach(CHANNEL_FD);
    if (rc != 0) {
      System.err.println("sandbox: cannot attach the shared channel: errno " + -rc);
      java.lang.Runtime.getRuntime().halt(EXIT_SETUP_FAILED);
    }
    try {
      String modulePath = args[0];
      SandboxPolicy policy =
          SandboxPolicy.parse(new String(Base64.getDecoder().decode(args[1]), StandardCharsets.UTF_8));
      LibC libc = Native.load("c", LibC.class);
      applyLimits(libc, policy);
      confine(libc, policy);
      NativeLibrary module = NativeLibrary.getInstance(modulePath);
      Function init = module.getFunction("PJ_Module_Initialize");
      Function handle = module.getFunction("PJ_Module_HandleMessage");
      Pointer shutdown = optional(module, "PJ_Module_Shutdown");
      java.lang.Runtime.getRuntime().halt(runtime.pj_rt_run(init, handle, shutdown));
    } catch (Throwable t) {
      runtime.pj_rt_fatal(t.getClass().getSimpleName() + ": " + t.getMessage());
      java.lang.Runtime.getRuntime().halt(EXIT_SETUP_FAILED);
    }
  }

  private static void train() {
    Native.load(System.getProperty("pepperjack.sandbox.runtime"), Runtime.class);
    Native.load("c", LibC.class);
    byte[] program = SeccompProgram.compile(SandboxPolicy.defaultPolicy(), ProcessHandle.current().pid());
    new Memory(program.length).write(0, program, 0, program.length);
    try {
      NativeLibrary.getInstance("c").getFunction("getpid");
    } catch (UnsatisfiedLinkError ignored) {
      // only the classes matter
    }
    System.exit(0);
  }

  private static Pointer optional(NativeLibrary module, String name) {
    try {
      return module.getFunction(name);
    } catch (UnsatisfiedLinkError e) {
      return null;
    }
  }

  private static void applyLimits(LibC libc, SandboxPolicy policy) throws Exception {
    for (Limit limit : policy.limits().values()) {
      long value = limit.value();
      if (limit.aboveCurrent()) {
        value += currentUse(limit.name());
      }
      Memory rlimit = new Memory(16);
      rlimit.setLong(0, value);
      rlimit.setLong(8, value);
      if (libc.setrlimit(RLIMITS.get(limit.name()), rlimit) != 0) {
        throw new IllegalStateException("setrlimit " + limit.name() + " = " + value
            + " failed: errno " + Native.getLastError());
      }
    }
  }

  /** What the process uses now of a limit that is given relative to it. */
  private static long currentUse(String limit) throws Exception {
    if (!limit.equals("address_space")) {
      throw new IllegalArgumentException("limit " + limit + " cannot be relative");
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmSize:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmSize in /proc/self/status");
  }

  private static void confine(LibC libc, SandboxPolicy policy) {
    if (libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
      throw new IllegalStateException("PR_SET_NO_NEW_PRIVS failed: errno " + Native.getLastError());
    }
    byte[] program = SeccompProgram.compile(policy, ProcessHandle.current().pid());
    Memory filter = new Memory(program.length);
    filter.write(0, program, 0, program.length);
    Memory fprog = new Memory(16);
    fprog.setShort(0, (short) SeccompProgram.length(program));
    fprog.setPointer(8, filter);
    // TSYNC puts every JVM thread under the filter, not just this one.
    NativeLong rc = libc.syscall(new NativeLong(SYS_SECCOMP), SECCOMP_SET_MODE_FILTER,
        SECCOMP_FILTER_FLAG_TSYNC, fprog);
    if (rc.longValue() != 0) {
      throw new IllegalStateException("seccomp filter refused: rc " + rc + ", errno " + Native.getLastError());
    }
  }
}
