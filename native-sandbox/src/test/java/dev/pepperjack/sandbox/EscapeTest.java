package dev.pepperjack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModuleStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Escape attempts from inside a real module (src/test/c/modules/escape.c). Each must end in
 * EPERM (1), EACCES (13) or ENOSYS (38), or in the sandbox's death; and afterwards another module
 * must still answer.
 */
class EscapeTest {
  private static final int EPERM = 1;
  private static final int EACCES = 13;
  private static final int ENOSYS = 38;
  private static final int EXDEV = 18;

  @TempDir static Path root;
  static NativeModuleHost escape;
  static NativeModuleHost bystander;
  static TestModules.Recorder escapeEvents = new TestModules.Recorder();
  static TestModules.Recorder bystanderEvents = new TestModules.Recorder();

  @BeforeAll
  static void start() {
    SandboxOptions options = TestModules.options(root);
    escape = new NativeModuleHost(TestModules.pack(root, "escape", TestModules.built("libescape.so")),
        "escape#1", options);
    escape.addListener(escapeEvents::accept);
    escape.start();
    bystander = new NativeModuleHost(TestModules.pack(root, "bystander", TestModules.built("libecho.so")),
        "bystander#1", options);
    bystander.addListener(bystanderEvents::accept);
    bystander.start();
  }

  @AfterAll
  static void stop() {
    escape.close();
    bystander.close();
  }

  @AfterEach
  void otherModulesKeepWorking() throws Exception {
    StringVar ping = StringVar.of("ping " + System.nanoTime());
    bystander.post(SecurityContext.HOST, ping);
    assertThat(bystanderEvents.posted(ping::equals)).isNotNull();
  }

  /** The module's answer ("name: errno N" or "name: ok"), or "died: cause" after a restart. */
  private static String attempt(String name) throws Exception {
    if (escape.status() != ModuleStatus.IDLE) {
      escape.restart();
    }
    escapeEvents.events.clear();
    escape.post(SecurityContext.HOST, StringVar.of(name));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      ModuleEvent e = escapeEvents.events.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (e instanceof ModuleEvent.Posted p) {
        Var v = p.message().value();
        if (v instanceof StringVar s && s.value().startsWith(name + ":")) {
          return s.value();
        }
      } else if (e instanceof ModuleEvent.Crash c) {
        return "died: " + c.cause();
      }
    }
    throw new AssertionError("no answer to " + name);
  }

  private static void assertRefused(String name, int... errnos) throws Exception {
    String answer = attempt(name);
    boolean refused = false;
    for (int errno : errnos) {
      refused |= answer.equals(name + ": errno " + errno);
    }
    assertThat(refused || answer.startsWith("died: "))
        .as("%s must be refused with one of %s or kill the sandbox, got '%s'", name,
            java.util.Arrays.toString(errnos), answer)
        .isTrue();
  }

  @Test
  void readingEtcPasswdIsRefused() throws Exception {
    assertRefused("open_passwd", EACCES);
  }

  @Test
  void writingOutsideTheDataDirectoryIsRefused() throws Exception {
    assertRefused("write_outside", EACCES);
  }

  @Test
  void threadsTheModuleStartsAreConfinedToo() throws Exception {
    assertRefused("open_passwd_from_thread", EACCES);
  }

  @Test
  void landlockAndTheNamespacesAreInPlace() throws Exception {
    assertThat(attempt("applied")).matches("applied: landlock=\\d+ userns netns ipcns");
  }

  @Test
  void noNewPrivsAndTheSeccompFilterAreInPlace() throws Exception {
    // Seccomp 2 is filter mode.
    assertThat(attempt("status")).isEqualTo("status: NoNewPrivs=1 Seccomp=2 ");
  }

  @Test
  void thePolicysResourceLimitsAreInPlace() throws Exception {
    assertThat(attempt("limits"))
        .isEqualTo("limits: nofile=128 fsize=" + (64 << 20) + " core=0 as_limited=1");
  }

  @Test
  void writingInsideTheDataDirectoryWorks() throws Exception {
    assertThat(attempt("write_inside")).isEqualTo("write_inside: ok");
    assertThat(Files.readString(root.resolve("data/escape/inside.txt"))).isEqualTo("ok");
  }

  @Test
  void startingAThreadWorks() throws Exception {
    assertThat(attempt("thread")).isEqualTo("thread: ok");
  }

  @ParameterizedTest
  @ValueSource(strings = {"socket", "socket_unix", "connect", "fork", "vfork", "execve",
      "kill_other", "io_uring_setup", "bpf", "unshare", "setns", "mount", "userfaultfd",
      "perf_event_open", "raise_rlimit", "memfd_exec", "chroot", "keyctl"})
  void systemCallsOutsideTheAllowListAreRefused(String name) throws Exception {
    assertRefused(name, EPERM);
  }

  @Test
  void clone3SaysNotImplementedSoGlibcFallsBackToClone() throws Exception {
    assertThat(attempt("clone3")).isEqualTo("clone3: errno " + ENOSYS);
  }

  @Test
  void reachingOutThroughProcSelfRootIsRefused() throws Exception {
    assertRefused("proc_root_passwd", EACCES);
  }

  @Test
  void aSymlinkOutOfTheDataDirectoryIsRefused() throws Exception {
    assertRefused("symlink_out", EACCES, EPERM);
  }

  @Test
  void hardLinkingAFileIntoTheDataDirectoryIsRefused() throws Exception {
    assertRefused("hardlink_in", EACCES, EXDEV, EPERM);
  }

  @Test
  void writingProcSelfMemIsRefused() throws Exception {
    assertRefused("proc_self_mem", EACCES);
  }

  @Test
  void ptraceKillsTheSandbox() throws Exception {
    assertThat(attempt("ptrace")).isEqualTo("died: SIGSYS");
  }
}
