package dev.pepperjack.bridge.message;

import java.util.Objects;
import java.util.Set;

/**
 * Who sent a message: the sender's origin, the kind of sandbox it runs in and the permissions it
 * holds. Carried by every {@link Envelope}; receivers and brokers enforce it.
 *
 * @param origin a web origin ({@code https://example.org}), or a module URI
 *     ({@code pepperjack-module://grayscale})
 */
public record SecurityContext(String origin, SandboxType sandboxType, Set<String> permissions) {
  public SecurityContext {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(sandboxType, "sandboxType");
    permissions = Set.copyOf(permissions);
  }

  /** The shell's own context: origin {@code pepperjack://shell}, every permission implied. */
  public static final SecurityContext HOST =
      new SecurityContext("pepperjack://shell", SandboxType.HOST, Set.of());

  public boolean has(String permission) {
    return sandboxType == SandboxType.HOST || permissions.contains(permission);
  }
}
