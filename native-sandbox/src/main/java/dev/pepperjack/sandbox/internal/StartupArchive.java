package dev.pepperjack.sandbox.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An AOT cache (JDK 25, JEP 483/514: classes loaded and linked ahead of time) of the sandbox JVM,
 * made once per JDK, flags and class path by a training run outside the sandbox ({@code
 * SandboxMain --train}), so each sandbox starts from mapped, pre-linked classes. Measured here it
 * beat a dynamic AppCDS archive, which also loses "optimized module handling" as soon as
 * {@code --enable-native-access} is set. Optional: when it cannot be made, sandboxes start without.
 */
final class StartupArchive {
  private static volatile Path archive;
  private static volatile boolean tried;

  private StartupArchive() {}

  /** The archive, made on first call (about a second); null when unavailable. */
  static synchronized Path get(String java, List<String> jvmFlags, List<String> classPath) {
    if (tried) {
      return archive;
    }
    tried = true;
    if (!Boolean.parseBoolean(System.getProperty("pepperjack.sandbox.startupArchive", "true"))) {
      return null; // for measuring what the archive buys
    }
    try {
      Path dir = NativeArtifacts.get().jnaDirectory().getParent();
      Path file = dir.resolve("sandbox-" + key(java, jvmFlags, classPath) + ".aot");
      if (!Files.isRegularFile(file)) {
        Path tmp = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmFlags);
        cmd.add("-XX:AOTCacheOutput=" + tmp);
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, classPath),
            SandboxMain.class.getName(), SandboxMain.TRAIN));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return null;
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
          Files.deleteIfExists(tmp);
          return null;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      }
      NativeArtifacts.pruneCache(file, "sandbox-", ".aot");
      archive = file;
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return archive;
  }

  /** Changes whenever the JDK, the flags or any class path entry changes. */
  private static String key(String java, List<String> flags, List<String> classPath) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((java + System.getProperty("java.vm.version") + flags).getBytes(StandardCharsets.UTF_8));
      for (String entry : classPath) {
        Path p = Path.of(entry);
        md.update(entry.getBytes(StandardCharsets.UTF_8));
        if (Files.isRegularFile(p)) {
          md.update(Long.toString(Files.getLastModifiedTime(p).toMillis() ^ Files.size(p)).getBytes(StandardCharsets.UTF_8));
        } else if (Files.isDirectory(p)) {
          try (var files = Files.walk(p)) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".class")).sorted()::iterator) {
              md.update(Long.toString(Files.getLastModifiedTime(f).toMillis()).getBytes(StandardCharsets.UTF_8));
            }
          }
        }
      }
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
