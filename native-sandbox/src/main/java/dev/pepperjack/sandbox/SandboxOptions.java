package dev.pepperjack.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the host runs native modules.
 *
 * @param policy the seccomp allow-list and rlimits
 * @param dataRoot each module gets {@code dataRoot/<name>} as its only writable directory
 * @param ringBytes capacity of each shared-memory ring (power of two); larger messages travel in
 *     fragments, so this bounds memory, not message size
 * @param maxMessageBytes the largest message the host accepts from the module; a module that sends
 *     more is killed (it cannot make the host allocate without bound)
 * @param queueCapacity messages queued on the host side before {@code post} refuses more
 * @param startTimeout how long the sandbox may take to become ready
 * @param watchdog a handler running longer than this is a hang: the sandbox is killed
 * @param maxAutoRestarts restarts after a crash without being asked (0: stay crashed)
 * @param jvmOptions extra options for the sandbox JVM
 */
public record SandboxOptions(SandboxPolicy policy, Path dataRoot, int ringBytes, int maxMessageBytes,
    int queueCapacity,
    Duration startTimeout, Duration watchdog, int maxAutoRestarts, List<String> jvmOptions) {
  public SandboxOptions {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(dataRoot, "dataRoot");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(watchdog, "watchdog");
    jvmOptions = List.copyOf(jvmOptions);
    if (ringBytes < 4096 || Integer.bitCount(ringBytes) != 1) {
      throw new IllegalArgumentException("ringBytes must be a power of two >= 4096: " + ringBytes);
    }
    if (queueCapacity < 1 || maxAutoRestarts < 0 || maxMessageBytes < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive, maxAutoRestarts >= 0");
    }
  }

  /**
   * The default policy, data under {@code <tmp>/pepperjack-modules}, 8 MiB rings, messages up to
   * 512 MiB, 5 s watchdog, no automatic restart.
   */
  public static SandboxOptions defaults() {
    return new SandboxOptions(SandboxPolicy.defaultPolicy(),
        Path.of(System.getProperty("java.io.tmpdir"), "pepperjack-modules"), 8 << 20, 512 << 20, 1024,
        Duration.ofSeconds(10), Duration.ofSeconds(5), 0, List.of());
  }

  public SandboxOptions withDataRoot(Path dataRoot) {
    return new SandboxOptions(policy, dataRoot, ringBytes, maxMessageBytes, queueCapacity, startTimeout, watchdog,
        maxAutoRestarts, jvmOptions);
  }

  public SandboxOptions withMaxMessageBytes(int maxMessageBytes) {
    return new SandboxOptions(policy, dataRoot, ringBytes, maxMessageBytes, queueCapacity,
        startTimeout, watchdog, maxAutoRestarts, jvmOptions);
  }

  public SandboxOptions withWatchdog(Duration watchdog) {
    return new SandboxOptions(policy, dataRoot, ringBytes, maxMessageBytes, queueCapacity, startTimeout, watchdog,
        maxAutoRestarts, jvmOptions);
  }

  public SandboxOptions withMaxAutoRestarts(int maxAutoRestarts) {
    return new SandboxOptions(policy, dataRoot, ringBytes, maxMessageBytes, queueCapacity, startTimeout, watchdog,
        maxAutoRestarts, jvmOptions);
  }

  public SandboxOptions withPolicy(SandboxPolicy policy) {
    return new SandboxOptions(policy, dataRoot, ringBytes, maxMessageBytes, queueCapacity, startTimeout, watchdog,
        maxAutoRestarts, jvmOptions);
  }

  public SandboxOptions withJvmOptions(List<String> jvmOptions) {
    return new SandboxOptions(policy, dataRoot, ringBytes, maxMessageBytes, queueCapacity, startTimeout, watchdog,
        maxAutoRestarts, jvmOptions);
  }
}
