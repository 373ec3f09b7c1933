package dev.pepperjack.bridge.module;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A module package is untrusted: any {@code manifest.json} either loads or fails with {@link
 * ManifestException} naming the file, never another exception; what loads names an entry inside
 * the package that exists. {@code mvn test} replays the inputs in {@code
 * src/test/resources/.../ManifestFuzzTestInputs}; {@code -Pfuzz} (or {@code JAZZER_FUZZ=1})
 * fuzzes for real.
 */
class ManifestFuzzTest {
  private static final Path DIR = packageDir();

  private static Path packageDir() {
    try {
      Path dir = Files.createTempDirectory("pj-manifest-fuzz");
      Files.writeString(dir.resolve("main.js"), "onmessage = (e) => postMessage(e.data);\n");
      Files.createDirectories(dir.resolve("lib"));
      Files.writeString(dir.resolve("lib/echo.so"), "not really a library");
      dir.toFile().deleteOnExit();
      return dir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({"\"name\"", "\"version\"", "\"kind\"", "\"entry\"", "\"abi\"",
      "\"permissions\"", "\"origins\"", "\"description\"", "\"native\"", "\"graaljs\"",
      "\"emulated\"", "\\u0000", "\\u001f", "../", "lib/echo.so", "main.js", "1.0.0"})
  void loaderFailsOnlyWithManifestException(byte @NotNull [] manifest) throws IOException {
    Files.write(DIR.resolve(ModulePackage.MANIFEST), manifest);
    ModulePackage pkg;
    try {
      pkg = ModulePackage.load(DIR);
    } catch (ManifestException expected) {
      assertThat(expected.getMessage()).contains(ModulePackage.MANIFEST);
      return;
    }
    assertThat(pkg.entryPath().normalize()).startsWith(DIR);
    assertThat(Files.isRegularFile(pkg.entryPath())).isTrue();
    assertThat(pkg.manifest().name()).isNotBlank();
  }
}
