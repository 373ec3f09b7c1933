package dev.pepperjack.bridge.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModulePackageTest {
  @TempDir Path dir;

  private Path write(String manifest) throws IOException {
    Files.writeString(dir.resolve("manifest.json"), manifest);
    Files.writeString(dir.resolve("module.js"), "onmessage = e => postMessage(e.data);");
    return dir;
  }

  @Test
  void readsAValidManifest() throws IOException {
    ModulePackage pkg = ModulePackage.load(write("""
        {"name": "echo", "version": "1.2.0", "kind": "graaljs", "entry": "module.js",
         "permissions": ["clock"], "origins": ["https://app.example"], "description": "Echoes."}
        """));
    ModuleManifest m = pkg.manifest();
    assertThat(m.name()).isEqualTo("echo");
    assertThat(m.kind()).isEqualTo(ModuleKind.GRAALJS);
    assertThat(m.permissions()).containsExactly("clock");
    assertThat(m.allowsOrigin("https://app.example")).isTrue();
    assertThat(m.allowsOrigin("https://evil.example")).isFalse();
    assertThat(pkg.entryPath()).isEqualTo(dir.toAbsolutePath().normalize().resolve("module.js"));
  }

  @Test
  void originsDefaultToAny() throws IOException {
    ModulePackage pkg = ModulePackage.load(write("""
        {"name": "echo", "version": "1", "kind": "graaljs", "entry": "module.js"}"""));
    assertThat(pkg.manifest().allowsOrigin("https://anything.example")).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json at all                                                              | not valid JSON",
      "[1, 2]                                                                       | must be a JSON object",
      "{\"version\": \"1\", \"kind\": \"graaljs\", \"entry\": \"module.js\"}        | missing field 'name'",
      "{\"name\": \"Bad Name\", \"version\": \"1\", \"kind\": \"graaljs\", \"entry\": \"module.js\"} | name 'Bad Name'",
      "{\"name\": \"m\", \"version\": \"one\", \"kind\": \"graaljs\", \"entry\": \"module.js\"}     | version 'one'",
      "{\"name\": \"m\", \"version\": \"1\", \"kind\": \"flash\", \"entry\": \"module.js\"}         | kind 'flash' is not one of",
      "{\"name\": \"m\", \"version\": \"1\", \"kind\": \"graaljs\", \"entry\": \"../x.js\"}         | leaves the package",
      "{\"name\": \"m\", \"version\": \"1\", \"kind\": \"graaljs\", \"entry\": \"/etc/passwd\"}     | must be a relative path",
      "{\"name\": \"m\", \"version\": \"1\", \"kind\": \"graaljs\", \"entry\": \"module\\u0000.js\"} | entry 'module\\u0000.js' must be a relative path without control characters",
      "{\"name\": \"m\", \"version\": \"1\", \"kind\": \"graaljs\", \"entry\": \"gone.js\"}         | does not exist",
      "{\"name\": \"m\", \"version\": \"1\", \"kind\": \"native\", \"entry\": \"module.js\", \"abi\": -1} | abi must be",
      "{\"name\": \"m\", \"version\": \"1\", \"kind\": \"graaljs\", \"entry\": \"module.js\", \"perms\": []} | unknown field 'perms'",
      "{\"name\": \"m\", \"version\": \"1\", \"kind\": \"graaljs\", \"entry\": \"module.js\", \"origins\": \"*\"} | array of strings",
  })
  void badManifestsAreRefusedWithTheFileAndTheReason(String manifest, String reason)
      throws IOException {
    write(manifest);
    assertThatThrownBy(() -> ModulePackage.load(dir))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("manifest.json")
        .hasMessageContaining(reason);
  }

  @Test
  void missingManifestIsAClearError() {
    assertThatThrownBy(() -> ModulePackage.load(dir))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("manifest.json: missing");
  }
}
