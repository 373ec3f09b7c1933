package dev.pepperjack.sandbox.internal;

import com.sun.jna.Native;
import dev.pepperjack.sandbox.SandboxOptions;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the command line of one sandbox process: {@code pj-launch} with the Landlock rules, then
 * the same java binary as the host with a small, fast-starting configuration and only the class path
 * entries the sandbox needs (its own classes and JNA).
 */
public final class SandboxLauncher {
  private static final List<String> JVM_FLAGS = List.of(
      "-Xmx24m", "-Xms8m", "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
      "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:ReservedCodeCacheSize=16m",
      "-XX:CompressedClassSpaceSize=32m", "-XX:MaxMetaspaceSize=64m", "-XX:+DisableAttachMechanism",
      "-XX:-CreateCoredumpOnCrash", "--enable-native-access=ALL-UNNAMED",
      "-Djna.nounpack=true", "-Djna.nosys=true", "-Djava.io.tmpdir=.");
  // Read and map only: the dynamic linker needs the system libraries and its cache.
  private static final List<String> SYSTEM_READ_EXECUTE = List.of("/usr/lib", "/lib", "/lib64");
  private static final List<String> SYSTEM_READ = List.of("/etc/ld.so.cache", "/proc/self");

  private SandboxLauncher() {}

  /** The full command: launcher, its rules, then the JVM. */
  public static List<String> command(SandboxOptions options, Path channelFile, Path dataDir,
      Path packageDir, Path moduleFile) {
    NativeArtifacts artifacts = NativeArtifacts.get();
    Path javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath();
    String java = ProcessHandle.current().info().command()
        .orElse(javaHome.resolve("bin/java").toString());
    List<String> classPath = classPath();

    List<String> cmd = new ArrayList<>();
    cmd.add(artifacts.launcher().toString());
    cmd.addAll(List.of("--shm", channelFile.toString(), "--cwd", dataDir.toString()));
    Set<String> readExecute = new LinkedHashSet<>();
    readExecute.add(realPath(javaHome));
    readExecute.add(realPath(artifacts.runtime().getParent()));
    readExecute.add(realPath(artifacts.jnaDirectory()));
    readExecute.add(realPath(packageDir));
    for (String p : SYSTEM_READ_EXECUTE) {
      if (Files.exists(Path.of(p))) {
        readExecute.add(p);
      }
    }
    for (String p : readExecute) {
      cmd.addAll(List.of("--rx", p));
    }
    for (String p : SYSTEM_READ) {
      if (Files.exists(Path.of(p))) {
        cmd.addAll(List.of("--ro", p));
      }
    }
    for (String p : classPath) {
      cmd.addAll(List.of("--ro", p));
    }
    List<String> flags = new ArrayList<>(JVM_FLAGS);
    flags.add("-Djna.boot.library.path=" + artifacts.jnaDirectory());
    flags.add("-Dpepperjack.sandbox.runtime=" + artifacts.runtime());
    Path archive = StartupArchive.get(java, flags, classPath);
    if (archive != null) {
      cmd.addAll(List.of("--ro", archive.toString()));
      flags.add("-XX:AOTCache=" + archive);
    }
    cmd.add("--");
    cmd.add(java);
    cmd.addAll(flags);
    cmd.addAll(options.jvmOptions());
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classPath));
    cmd.add(SandboxMain.class.getName());
    cmd.add(moduleFile.toString());
    cmd.add(Base64.getEncoder().encodeToString(options.policy().text().getBytes(StandardCharsets.UTF_8)));
    return cmd;
  }

  /**
   * The sandbox's own classes (this module, which holds the policy parser) and JNA, as jars: class
   * data sharing refuses directories, so a classes directory (tests, IDEs) is packed into a jar.
   */
  static synchronized List<String> classPath() {
    if (classPath == null) {
      List<String> out = new ArrayList<>();
      for (Class<?> c : new Class<?>[] {SandboxMain.class, Native.class}) {
        Path p;
        try {
          p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
          throw new IllegalStateException("cannot find the class path entry of " + c.getName(), e);
        }
        String entry = Files.isDirectory(p) ? packed(p).toString() : p.toString();
        if (!out.contains(entry)) {
          out.add(entry);
        }
      }
      classPath = List.copyOf(out);
    }
    return classPath;
  }

  private static List<String> classPath;

  private static Path packed(Path classes) {
    Path root = classes.resolve("dev/pepperjack/sandbox");
    try (var walk = Files.walk(root)) {
      List<Path> files = walk.filter(Files::isRegularFile)
          .filter(f -> !f.startsWith(root.resolve("native"))).sorted().toList();
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      for (Path f : files) {
        md.update(classes.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        md.update(Files.readAllBytes(f));
      }
      Path jar = NativeArtifacts.get().jnaDirectory().getParent()
          .resolve("sandbox-classes-" + java.util.HexFormat.of().formatHex(md.digest(), 0, 8) + ".jar");
      if (!Files.isRegularFile(jar)) {
        Path tmp = Files.createTempFile(jar.getParent(), "classes", ".tmp");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(tmp))) {
          for (Path f : files) {
            out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
            out.write(Files.readAllBytes(f));
            out.closeEntry();
          }
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      NativeArtifacts.pruneCache(jar, "sandbox-classes-", ".jar");
      return jar;
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot pack the sandbox classes from " + classes, e);
    }
  }

  private static String realPath(Path p) {
    try {
      return p.toRealPath().toString();
    } catch (IOException e) {
      return p.toAbsolutePath().toString();
    }
  }
}
