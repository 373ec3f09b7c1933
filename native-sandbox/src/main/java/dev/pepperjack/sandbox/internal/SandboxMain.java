package dev.pepperjack.sandbox.internal;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.pepperjack.sandbox.SandboxPolicy;
import dev.pepperjack.sandbox.SandboxPolicy.Limit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import java.util.Map;

/**
 * The sandbox process: started by the host through {@code pj-launch} (already under Landlock and in
 * fresh namespaces, with the shared channel on fd 3). It attaches the channel, applies the rlimits
 * and the seccomp filter, and only then loads the module with JNA: the module's ELF constructors
 * are module code too, so they must run confined. The main thread then stays in the C message loop.
 *
 * <p>Never writes to stdout: the JVM prints its crash banner there.
 *
 * <p>Arguments: {@code <module.so> <seccomp program, base64> <its pid slots> <rlimits>}, see {@link
 * #policyArguments}: the host compiles the policy, so the sandbox does not parse it while it starts.
 */
public final class SandboxMain {
  private static final int CHANNEL_FD = 3;
  private static final int EXIT_SETUP_FAILED = 3;
  private static final int PR_SET_NO_NEW_PRIVS = 38;
  private static final int PR_GET_NO_NEW_PRIVS = 39;
  private static final long SYS_GETPID = 39;
  private static final long SYS_SECCOMP = 317;
  private static final int SECCOMP_SET_MODE_FILTER = 1;
  private static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
  private static final Map<String, Integer> RLIMITS = Map.of(
      "cpu_seconds", 0, "file_size", 1, "core_size", 4, "open_files", 7, "address_space", 9);

  // Plain JNA Functions, neither Library interfaces nor direct mapping: an interface costs a proxy
  // class spun at run time and method-handle forms on first call, direct mapping a reflective
  // registration; either took tens of milliseconds of a sandbox's start.

  /** The sandbox runtime (src/main/c/runtime). */
  private static final class Runtime {
    private static Function attach;
    private static Function fatal;
    private static Function run;

    static void load() {
      NativeLibrary lib = NativeLibrary.getInstance(System.getProperty("pepperjack.sandbox.runtime"));
      attach = lib.getFunction("pj_rt_attach");
      fatal = lib.getFunction("pj_rt_fatal");
      run = lib.getFunction("pj_rt_run");
    }

    static int pj_rt_attach(int fd) {
      return attach.invokeInt(new Object[] {fd});
    }

    static void pj_rt_fatal(String text) {
      fatal.invokeVoid(new Object[] {text});
    }

    static int pj_rt_run(Pointer init, Pointer handle, Pointer shutdown) {
      return run.invokeInt(new Object[] {init, handle, shutdown});
    }
  }

  /** libc; on Linux JNA maps "c" to the process's own symbols, with no file search. */
  private static final class LibC {
    private static Function prctl;
    private static Function syscall;
    private static Function setrlimit;

    static void load() {
      NativeLibrary lib = NativeLibrary.getInstance("c");
      prctl = lib.getFunction("prctl");
      syscall = lib.getFunction("syscall");
      setrlimit = lib.getFunction("setrlimit");
    }

    static int prctl(int option, long a2, long a3, long a4, long a5) {
      return prctl.invokeInt(new Object[] {option, a2, a3, a4, a5});
    }

    /** {@code syscall(2)} with three arguments. */
    static long syscall(long number, long a1, long a2, Pointer a3) {
      return syscall.invokeLong(new Object[] {number, a1, a2, a3});
    }

    static int setrlimit(int resource, Pointer rlimit) {
      return setrlimit.invokeInt(new Object[] {resource, rlimit});
    }
  }

  /** First argument of a training run for the startup archive: load what a sandbox loads, exit. */
  static final String TRAIN = "--train";

  private SandboxMain() {}

  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals(TRAIN)) {
      train();
      return;
    }
    Runtime.load();
    int rc = Runtime.pj_rt_attach(CHANNEL_FD);
    if (rc != 0) {
      System.err.println("sandbox: cannot attach the shared channel: errno " + -rc);
      java.lang.Runtime.getRuntime().halt(EXIT_SETUP_FAILED);
    }
    try {
      String modulePath = args[0];
      byte[] program = Base64.getDecoder().decode(args[1]);
      int[] pidSlots = ints(args[2]);
      List<Limit> limits = limits(args[3]);
      LibC.load();
      applyLimits(limits);
      confine(program, pidSlots);
      NativeLibrary module = NativeLibrary.getInstance(modulePath);
      Function init = module.getFunction("PJ_Module_Initialize");
      Function handle = module.getFunction("PJ_Module_HandleMessage");
      Pointer shutdown = optional(module, "PJ_Module_Shutdown");
      java.lang.Runtime.getRuntime().halt(Runtime.pj_rt_run(init, handle, shutdown));
    } catch (Throwable t) {
      Runtime.pj_rt_fatal(t.getClass().getSimpleName() + ": " + t.getMessage());
      java.lang.Runtime.getRuntime().halt(EXIT_SETUP_FAILED);
    }
  }

  /**
   * Goes through what a sandbox's start goes through, short of confining and running a module, so
   * that the startup archive holds those classes already loaded and linked.
   */
  private static void train() {
    try {
      Runtime.load();
      List<String> policyArgs = policyArguments(SandboxPolicy.defaultPolicy());
      byte[] unbound = Base64.getDecoder().decode(policyArgs.get(0));
      int[] pidSlots = ints(policyArgs.get(1));
      LibC.load();
      LibC.prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0); // reads only
      LibC.syscall(SYS_GETPID, 0, 0, Pointer.NULL);
      for (Limit limit : limits(policyArgs.get(2))) {
        if (limit.aboveCurrent()) {
          currentUse(limit.name());
        }
      }
      byte[] program = SeccompProgram.bindPid(unbound, pidSlots, ProcessHandle.current().pid());
      Memory filter = new Memory(program.length);
      filter.write(0, program, 0, program.length);
      Memory fprog = new Memory(16);
      fprog.setShort(0, (short) SeccompProgram.length(program));
      fprog.setPointer(8, filter);
      NativeLibrary self = NativeLibrary.getInstance(System.getProperty("pepperjack.sandbox.runtime"));
      self.getFunction("pj_rt_attach");
      optional(self, "PJ_Module_Shutdown");
      Runtime.pj_rt_attach(-1); // fails (EBADF) without touching anything
    } catch (Exception e) {
      System.err.println("training run: " + e);
      System.exit(1);
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

  /** The sandbox's arguments after the module for {@code policy}: compiled here, in the host. */
  static List<String> policyArguments(SandboxPolicy policy) {
    SeccompProgram.Unbound filter = SeccompProgram.compileUnbound(policy);
    StringJoiner slots = new StringJoiner(",");
    for (int slot : filter.pidSlots()) {
      slots.add(Integer.toString(slot));
    }
    StringJoiner limits = new StringJoiner(",");
    for (Limit l : policy.limits().values()) {
      limits.add(l.name() + "=" + (l.aboveCurrent() ? "+" : "") + l.value());
    }
    return List.of(Base64.getEncoder().encodeToString(filter.program()), slots.toString(),
        limits.toString());
  }

  private static int[] ints(String csv) {
    if (csv.isEmpty()) {
      return new int[0];
    }
    String[] parts = csv.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Integer.parseInt(parts[i]);
    }
    return out;
  }

  private static List<Limit> limits(String csv) {
    List<Limit> out = new ArrayList<>();
    for (String entry : csv.isEmpty() ? new String[0] : csv.split(",")) {
      int eq = entry.indexOf('=');
      String name = entry.substring(0, eq);
      boolean above = entry.charAt(eq + 1) == '+';
      out.add(new Limit(name, Long.parseLong(entry.substring(above ? eq + 2 : eq + 1)), above));
    }
    return out;
  }

  private static void applyLimits(List<Limit> limits) throws Exception {
    for (Limit limit : limits) {
      long value = limit.value();
      if (limit.aboveCurrent()) {
        value += currentUse(limit.name());
      }
      Memory rlimit = new Memory(16);
      rlimit.setLong(0, value);
      rlimit.setLong(8, value);
      if (LibC.setrlimit(RLIMITS.get(limit.name()), rlimit) != 0) {
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
        return Long.parseLong(line.substring("VmSize:".length(), line.length() - "kB".length()).strip()) * 1024;
      }
    }
    throw new IllegalStateException("no VmSize in /proc/self/status");
  }

  private static void confine(byte[] unbound, int[] pidSlots) {
    if (LibC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
      throw new IllegalStateException("PR_SET_NO_NEW_PRIVS failed: errno " + Native.getLastError());
    }
    byte[] program = SeccompProgram.bindPid(unbound, pidSlots, ProcessHandle.current().pid());
    Memory filter = new Memory(program.length);
    filter.write(0, program, 0, program.length);
    Memory fprog = new Memory(16);
    fprog.setShort(0, (short) SeccompProgram.length(program));
    fprog.setPointer(8, filter);
    // TSYNC puts every JVM thread under the filter, not just this one.
    long rc = LibC.syscall(SYS_SECCOMP, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, fprog);
    if (rc != 0) {
      throw new IllegalStateException("seccomp filter refused: rc " + rc + ", errno " + Native.getLastError());
    }
  }
}
