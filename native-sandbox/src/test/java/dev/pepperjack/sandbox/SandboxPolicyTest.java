package dev.pepperjack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.sandbox.internal.SeccompProgram;
import dev.pepperjack.sandbox.internal.Syscalls;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The shipped policy, read as data and run through a small classic-BPF interpreter: the decisions
 * the escape tests rely on, checked one by one without starting a process.
 */
class SandboxPolicyTest {
  private static final int X86_64 = 0xC000003E;
  private static final int ALLOW = 0x7fff0000;
  private static final int KILL = 0x80000000;
  private static final long PID = 4242;
  private static final byte[] PROGRAM = SeccompProgram.compile(SandboxPolicy.defaultPolicy(), PID);

  /** Runs the filter on one system call, as the kernel would. */
  private static int run(int arch, int nr, long... args) {
    ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    data.putInt(0, nr).putInt(4, arch);
    for (int i = 0; i < args.length; i++) {
      data.putLong(16 + 8 * i, args[i]);
    }
    ByteBuffer prog = ByteBuffer.wrap(PROGRAM).order(ByteOrder.LITTLE_ENDIAN);
    int acc = 0;
    for (int pc = 0; ; pc++) {
      int code = prog.getShort(pc * 8) & 0xffff;
      int jt = prog.get(pc * 8 + 2) & 0xff;
      int jf = prog.get(pc * 8 + 3) & 0xff;
      int k = prog.getInt(pc * 8 + 4);
      switch (code) {
        case 0x20 -> acc = data.getInt(k);
        case 0x15 -> pc += acc == k ? jt : jf;
        case 0x35 -> pc += Integer.compareUnsigned(acc, k) >= 0 ? jt : jf;
        case 0x45 -> pc += (acc & k) != 0 ? jt : jf;
        case 0x06 -> {
          return k;
        }
        default -> throw new AssertionError("unexpected BPF op " + code);
      }
    }
  }

  private static int call(String name, long... args) {
    return run(X86_64, Syscalls.number(name), args);
  }

  private static int errno(String name) {
    return 0x00050000 | Syscalls.errno(name);
  }

  @Test
  void theShippedPolicyParses() {
    SandboxPolicy p = SandboxPolicy.defaultPolicy();
    assertThat(p.defaultAction()).isEqualTo(new SandboxPolicy.Action.Errno("EPERM", 1));
    assertThat(p.limits()).containsKeys("address_space", "file_size", "open_files", "cpu_seconds");
  }

  @Test
  void anotherArchitectureIsKilled() {
    assertThat(run(0x40000003 /* i386 */, 3)).isEqualTo(KILL);
  }

  @Test
  void theX32AbiIsKilled() {
    assertThat(run(X86_64, 0x40000000 | 3)).isEqualTo(KILL);
  }

  @Test
  void threadsMayBeClonedButProcessesMayNot() {
    assertThat(call("clone", 0x3d0f00 /* what glibc passes for a pthread */)).isEqualTo(ALLOW);
    assertThat(call("clone", 0x01200011 /* what fork() passes */)).isEqualTo(errno("EPERM"));
  }

  @Test
  void clone3SaysEnosys() {
    assertThat(call("clone3")).isEqualTo(errno("ENOSYS"));
  }

  @Test
  void signalsGoOnlyToTheSandboxItself() {
    assertThat(call("tgkill", PID, 7, 11)).isEqualTo(ALLOW);
    assertThat(call("kill", 1, 9)).isEqualTo(errno("EPERM"));
    assertThat(call("kill", PID | (1L << 32), 9)).isEqualTo(errno("EPERM"));
  }

  @Test
  void limitsCanBeReadButNotRaised() {
    assertThat(call("prlimit64", 0, 7, 0, 0x7ff000)).isEqualTo(ALLOW);
    assertThat(call("prlimit64", 0, 7, 0x7ff000, 0)).isEqualTo(errno("EPERM"));
    assertThat(call("setrlimit", 7, 0x7ff000)).isEqualTo(errno("EPERM"));
  }

  @Test
  void attackOnlyCallsKill() {
    assertThat(call("ptrace", 16, 1)).isEqualTo(KILL);
    assertThat(call("process_vm_writev")).isEqualTo(KILL);
  }

  @Test
  void unlistedCallsGetTheDefault() {
    for (String name : new String[] {"socket", "execve", "io_uring_setup", "bpf", "mount", "memfd_create"}) {
      assertThat(call(name)).as(name).isEqualTo(errno("EPERM"));
    }
  }

  @Test
  void badLinesAreNamed() {
    assertThatThrownBy(() -> SandboxPolicy.parse("default errno EPERM\nallow no_such_call\n"))
        .isInstanceOf(PolicyException.class).hasMessage("policy line 2: unknown system call 'no_such_call'");
    assertThatThrownBy(() -> SandboxPolicy.parse("allow read\n"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("no 'default' line");
    assertThatThrownBy(() -> SandboxPolicy.parse("default errno EPERM\nallow read\nallow read\n"))
        .hasMessage("policy line 3: 'read' is listed twice");
    assertThatThrownBy(() -> SandboxPolicy.parse("default errno EPERM\nallow clone if arg0 has 0x100000000\n"))
        .hasMessageContaining("32-bit mask");
  }
}
