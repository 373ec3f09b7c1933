package dev.pepperjack.sandbox.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** x86_64 system call numbers and errno values by name, for reading policies. */
public final class Syscalls {
  private static final Map<String, Integer> NUMBERS = load();
  private static final Map<String, Integer> ERRNOS = Map.of(
      "EPERM", 1, "ENOENT", 2, "EIO", 5, "EBADF", 9, "EAGAIN", 11, "ENOMEM", 12, "EACCES", 13,
      "EINVAL", 22, "ENOSYS", 38, "EOPNOTSUPP", 95);

  private Syscalls() {}

  /** The number of {@code name}, or -1 when there is no such system call. */
  public static int number(String name) {
    return NUMBERS.getOrDefault(name, -1);
  }

  /** The value of errno {@code name} (EPERM, EACCES, ENOSYS...), or -1. */
  public static int errno(String name) {
    return ERRNOS.getOrDefault(name, -1);
  }

  private static Map<String, Integer> load() {
    Map<String, Integer> map = new HashMap<>();
    var in = Syscalls.class.getResourceAsStream("/dev/pepperjack/sandbox/syscalls-x86_64.txt");
    if (in == null) {
      throw new IllegalStateException("missing resource syscalls-x86_64.txt");
    }
    try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split("\\s+");
        map.put(parts[0], Integer.parseInt(parts[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(map);
  }
}
