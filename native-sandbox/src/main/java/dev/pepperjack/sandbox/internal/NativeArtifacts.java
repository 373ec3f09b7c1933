package dev.pepperjack.sandbox.internal;

import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the sandbox's native pieces are on disk: the runtime library and launcher built by
 * {@code src/main/c/Makefile} (class-path resources, copied out of a jar when needed) and JNA's
 * dispatch library, which the sandbox cannot unpack itself because it may not write to /tmp.
 */
public final class NativeArtifacts {
  private static final String PREFIX = "dev/pepperjack/sandbox/native/linux-x86-64/";
  private static volatile NativeArtifacts instance;

  private final Path runtime;
  private final Path launcher;
  private final Path jnaDirectory;

  private NativeArtifacts(Path runtime, Path launcher, Path jnaDirectory) {
    this.runtime = runtime;
    this.launcher = launcher;
    this.jnaDirectory = jnaDirectory;
  }

  public static NativeArtifacts get() {
    NativeArtifacts a = instance;
    if (a == null) {
      synchronized (NativeArtifacts.class) {
        if (instance == null) {
          instance = locate();
        }
        a = instance;
      }
    }
    return a;
  }

  public Path runtime() {
    return runtime;
  }

  public Path launcher() {
    return launcher;
  }

  /** Holds libjnidispatch.so for {@code -Djna.boot.library.path}. */
  public Path jnaDirectory() {
    return jnaDirectory;
  }

  /**
   * Deletes cache files named {@code prefix*suffix} other than {@code keep} that are older than a
   * day: each build makes new ones, and another host process may still be using a recent one.
   */
  static void pruneCache(Path keep, String prefix, String suffix) {
    long dayAgo = System.currentTimeMillis() - 86_400_000L;
    try (var files = Files.list(keep.getParent())) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (!f.equals(keep) && name.startsWith(prefix) && name.endsWith(suffix)
            && Files.getLastModifiedTime(f).toMillis() < dayAgo) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException ignored) {
      // a cache: leftovers are harmless
    }
  }

  private static NativeArtifacts locate() {
    Path cache = Path.of(System.getProperty("java.io.tmpdir"),
        "pepperjack-native-" + System.getProperty("user.name", "user"));
    Path runtime = resource(PREFIX + "libpjsandbox.so", cache);
    Path launcher = resource(PREFIX + "pj-launch", cache);
    Path jna = cache.resolve("jna-" + Native.VERSION_NATIVE);
    copyOut(Native.class.getResource("/com/sun/jna/linux-x86-64/libjnidispatch.so"),
        jna.resolve("libjnidispatch.so"));
    return new NativeArtifacts(runtime, launcher, jna);
  }

  private static Path resource(String name, Path cache) {
    URL url = NativeArtifacts.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException("missing " + name + " on the class path; build native-sandbox"
          + " with Maven (it runs make), which needs gcc and make");
    }
    if (url.getProtocol().equals("file")) {
      try {
        return Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    Path target = cache.resolve(name.substring(name.lastIndexOf('/') + 1));
    copyOut(url, target);
    return target;
  }

  private static void copyOut(URL url, Path target) {
    if (url == null) {
      throw new IllegalStateException("missing native resource for " + target.getFileName());
    }
    try (InputStream in = url.openStream()) {
      byte[] bytes = in.readAllBytes();
      if (Files.exists(target) && Files.size(target) == bytes.length) {
        return;
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "part", ".tmp");
      Files.write(tmp, bytes);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy out " + target.getFileName(), e);
    }
  }
}
