package dev.pepperjack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModuleException;
import dev.pepperjack.bridge.module.ModuleHostFactory;
import dev.pepperjack.bridge.module.ModuleKind;
import dev.pepperjack.bridge.module.ModulePackage;
import dev.pepperjack.sandbox.BadModuleException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Libraries that are not usable modules get a clear error before any of their code runs. */
class BadModuleTest {
  @TempDir Path root;

  private BadModuleException refused(Path library) {
    ModulePackage pkg = TestModules.pack(root, "bad", library);
    return catchThrowableOfType(BadModuleException.class,
        () -> new NativeModuleHost(pkg, "bad#1", TestModules.options(root)));
  }

  @Test
  void aFileThatIsNotElfIsRefused() {
    BadModuleException e = refused(TestModules.built("not-elf.so"));
    assertThat(e.reason()).isEqualTo(Reason.NOT_ELF);
    assertThat(e).hasMessageContaining("not an ELF file");
  }

  @Test
  void aLibraryForAnotherIsaIsRefusedNamingTheIsa() throws Exception {
    byte[] elf = Files.readAllBytes(TestModules.built("libecho.so"));
    elf[18] = (byte) 183; // e_machine = EM_AARCH64
    elf[19] = 0;
    Path arm = Files.write(root.resolve("arm.so"), elf);
    BadModuleException e = refused(arm);
    assertThat(e.reason()).isEqualTo(Reason.FOREIGN_ISA);
    assertThat(e).hasMessageContaining("AArch64");
  }

  @Test
  void aLibraryWithoutTheEntryPointsIsRefused() {
    BadModuleException e = refused(TestModules.built("libnoentry.so"));
    assertThat(e.reason()).isEqualTo(Reason.MISSING_ENTRY_POINT);
    assertThat(e).hasMessageContaining("PJ_Module_Initialize");
  }

  @Test
  void aModuleOfANewerAbiIsRefusedWithoutRunningItsConstructor() {
    // libnewabi.so aborts in an ELF constructor: had it been loaded here, this JVM would be gone.
    BadModuleException e = refused(TestModules.built("libnewabi.so"));
    assertThat(e.reason()).isEqualTo(Reason.ABI_TOO_NEW);
    assertThat(e).hasMessageContaining("declares module ABI 99");
  }

  @Test
  void aTruncatedLibraryIsMalformed() throws Exception {
    byte[] elf = Files.readAllBytes(TestModules.built("libecho.so"));
    Path cut = Files.write(root.resolve("cut.so"), java.util.Arrays.copyOf(elf, 200));
    assertThat(refused(cut).reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aLibraryCutInsideItsHeaderIsMalformed() throws Exception {
    // 60 or 61 bytes end inside the section count (found by ElfFileFuzzTest: it escaped as an
    // IndexOutOfBoundsException).
    byte[] elf = Files.readAllBytes(TestModules.built("libecho.so"));
    for (int n : new int[] {60, 61}) {
      Path cut = Files.write(root.resolve("cut" + n + ".so"), java.util.Arrays.copyOf(elf, n));
      assertThat(refused(cut).reason()).isEqualTo(Reason.MALFORMED);
    }
  }

  @Test
  void aManifestAbiThatDisagreesWithTheLibraryIsRefused() throws Exception {
    Path dir = Files.createDirectories(root.resolve("mismatch"));
    Files.copy(TestModules.built("libecho.so"), dir.resolve("m.so"));
    Files.writeString(dir.resolve("manifest.json"),
        "{\"name\": \"mismatch\", \"version\": \"1.0.0\", \"kind\": \"native\", \"entry\": \"m.so\", \"abi\": 2}");
    ModulePackage pkg = ModulePackage.load(dir);
    assertThatThrownBy(() -> new NativeModuleHost(pkg, "m#1", TestModules.options(root)))
        .isInstanceOf(BadModuleException.class).hasMessageContaining("manifest says abi 2");
  }

  @Test
  void corruptedLibrariesNeverEscapeAsAnythingButBadModuleException() throws Exception {
    byte[] original = Files.readAllBytes(TestModules.built("libecho.so"));
    Random random = new Random(7);
    Path file = root.resolve("fuzz.so");
    for (int round = 0; round < 400; round++) {
      byte[] bytes = original.clone();
      for (int k = 0; k < 1 + random.nextInt(8); k++) {
        // Hit the headers and the tables they point to most of the time.
        int at = random.nextBoolean() ? random.nextInt(64)
            : random.nextBoolean() ? bytes.length - 1 - random.nextInt(2048) : random.nextInt(bytes.length);
        bytes[at] = (byte) random.nextInt(256);
      }
      Files.write(file, bytes);
      try {
        ModuleBinary.check(file);
      } catch (BadModuleException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void aModuleThatRefusesToInitializeFailsStartWithItsCode() throws Exception {
    NativeModuleHost host = new NativeModuleHost(
        TestModules.pack(root, "refuse", TestModules.built("librefuse.so")), "refuse#1",
        TestModules.options(root));
    TestModules.Recorder events = new TestModules.Recorder();
    host.addListener(events::accept);
    assertThatThrownBy(host::start).isInstanceOf(ModuleException.class)
        .hasMessageContaining("PJ_Module_Initialize returned -1");
    assertThat(events.next(ModuleEvent.Crash.class).cause()).contains("returned -1");
  }

  @Test
  void theShellFindsTheNativeFactoryThroughServiceLoader() {
    assertThat(ServiceLoader.load(ModuleHostFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.kind() == ModuleKind.NATIVE)).hasSize(1);
  }
}
