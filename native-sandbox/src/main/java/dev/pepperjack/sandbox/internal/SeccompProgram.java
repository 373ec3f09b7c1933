package dev.pepperjack.sandbox.internal;

import dev.pepperjack.sandbox.SandboxPolicy;
import dev.pepperjack.sandbox.SandboxPolicy.Action;
import dev.pepperjack.sandbox.SandboxPolicy.Condition;
import dev.pepperjack.sandbox.SandboxPolicy.Rule;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link SandboxPolicy} to a classic BPF program for {@code seccomp(SET_MODE_FILTER)}.
 *
 * <p>Shape: check the architecture (and refuse the x32 ABI, whose numbers alias x86_64's), then one
 * block per rule: {@code if nr == N { check condition; return action }}, then the default. Linear,
 * but a few dozen compares cost less than the system call they guard.
 */
public final class SeccompProgram {
  static final int AUDIT_ARCH_X86_64 = 0xC000003E;
  static final int X32_SYSCALL_BIT = 0x40000000;
  static final int RET_KILL_PROCESS = 0x80000000;
  static final int RET_ERRNO = 0x00050000;
  static final int RET_ALLOW = 0x7fff0000;

  private static final int LD_ABS = 0x20; // BPF_LD | BPF_W | BPF_ABS
  private static final int JEQ = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
  private static final int JGE = 0x35; // BPF_JMP | BPF_JGE | BPF_K
  private static final int JSET = 0x45; // BPF_JMP | BPF_JSET | BPF_K
  private static final int RET = 0x06; // BPF_RET | BPF_K
  private static final int OFF_NR = 0;
  private static final int OFF_ARCH = 4;
  private static final int OFF_ARGS = 16;

  /** One instruction; jumps name the index they go to and are made relative at the end. */
  private record Insn(int code, int k, int jumpTrue, int jumpFalse) {}

  private final List<Insn> code = new ArrayList<>();

  private SeccompProgram() {}

  /**
   * The filter for a sandbox whose pid is {@code pid}, as {@code struct sock_filter[]} bytes.
   *
   * @return little-endian 8-byte instructions
   */
  public static byte[] compile(SandboxPolicy policy, long pid) {
    SeccompProgram p = new SeccompProgram();
    int defaultRet = ret(policy.defaultAction());
    p.emit(LD_ABS, OFF_ARCH);
    p.jump(JEQ, AUDIT_ARCH_X86_64, p.next() + 2, p.next() + 1);
    p.emit(RET, RET_KILL_PROCESS);
    p.emit(LD_ABS, OFF_NR);
    p.jump(JGE, X32_SYSCALL_BIT, p.next() + 1, p.next() + 2);
    p.emit(RET, RET_KILL_PROCESS);
    for (Rule rule : policy.rules()) {
      p.rule(rule, pid, defaultRet);
    }
    p.emit(RET, defaultRet);
    return p.toBytes();
  }

  /** The number of instructions, for tests and diagnostics. */
  public static int length(byte[] program) {
    return program.length / 8;
  }

  private void rule(Rule rule, long pid, int defaultRet) {
    int actionRet = ret(rule.action());
    int at = next();
    switch (rule.condition()) {
      case null -> {
        jump(JEQ, rule.number(), at + 1, at + 2);
        emit(RET, actionRet);
      }
      case Condition.HasBits bits -> {
        // nr? -> load arg -> any bit set? -> action, else default
        int defaultAt = at + 3;
        int end = at + 5;
        jump(JEQ, rule.number(), at + 1, end);
        emit(LD_ABS, OFF_ARGS + 8 * bits.argument());
        jump(JSET, (int) bits.mask(), defaultAt + 1, defaultAt);
        emit(RET, defaultRet);
        emit(RET, actionRet);
      }
      case Condition.OneOf oneOf -> {
        // nr? -> high word zero? -> low word one of the values? -> action, else default
        int n = oneOf.values().size();
        int defaultAt = at + 4 + n;
        int end = defaultAt + 2;
        int low = OFF_ARGS + 8 * oneOf.argument();
        jump(JEQ, rule.number(), at + 1, end);
        emit(LD_ABS, low + 4);
        jump(JEQ, 0, at + 3, defaultAt);
        emit(LD_ABS, low);
        for (int k = 0; k < n; k++) {
          long v = oneOf.values().get(k);
          long value = v == SandboxPolicy.PID ? pid : v;
          if ((value >>> 32) != 0) {
            throw new IllegalArgumentException(rule.syscall() + ": value " + value + " wider than 32 bits");
          }
          int self = next();
          jump(JEQ, (int) value, defaultAt + 1, k == n - 1 ? defaultAt : self + 1);
        }
        emit(RET, defaultRet);
        emit(RET, actionRet);
      }
    }
  }

  private static int ret(Action action) {
    return switch (action) {
      case Action.Allow a -> RET_ALLOW;
      case Action.Kill k -> RET_KILL_PROCESS;
      case Action.Errno e -> RET_ERRNO | (e.value() & 0xffff);
    };
  }

  private int next() {
    return code.size();
  }

  private void emit(int op, int k) {
    code.add(new Insn(op, k, -1, -1));
  }

  private void jump(int op, int k, int jumpTrue, int jumpFalse) {
    code.add(new Insn(op, k, jumpTrue, jumpFalse));
  }

  private byte[] toBytes() {
    if (code.size() > 4096) {
      throw new IllegalStateException("seccomp program too long: " + code.size());
    }
    ByteBuffer out = ByteBuffer.allocate(code.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < code.size(); i++) {
      Insn insn = code.get(i);
      int jt = 0;
      int jf = 0;
      if ((insn.code() & 0x07) == 0x05) { // BPF_JMP: targets become offsets from the next insn
        jt = insn.jumpTrue() - i - 1;
        jf = insn.jumpFalse() - i - 1;
        if (jt < 0 || jt > 255 || jf < 0 || jf > 255) {
          throw new IllegalStateException("jump out of range at " + i);
        }
      }
      out.putShort((short) insn.code()).put((byte) jt).put((byte) jf).putInt(insn.k());
    }
    return out.array();
  }
}
