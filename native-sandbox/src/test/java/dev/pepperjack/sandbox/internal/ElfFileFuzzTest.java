package dev.pepperjack.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * A module binary is untrusted: any bytes either parse or fail with {@link ElfFile.NotElfException}
 * or {@link ElfFile.MalformedException}, never another exception, and what parses answers every
 * question {@code ModuleBinary.check} asks the same way. {@code mvn test} replays the inputs in
 * {@code src/test/resources/.../ElfFileFuzzTestInputs} (among them a minimal module, 1.9 KB);
 * {@code -Pfuzz} (or {@code JAZZER_FUZZ=1}) fuzzes for real.
 */
class ElfFileFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void parserFailsOnlyWithItsOwnExceptions(byte @NotNull [] input) {
    ElfFile elf;
    try {
      elf = ElfFile.parse(input);
    } catch (ElfFile.NotElfException | ElfFile.MalformedException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(elf.machineName()).isNotBlank();
    for (String entry : new String[] {"PJ_Module_Initialize", "PJ_Module_HandleMessage", "PJ_Module_Shutdown"}) {
      boolean exported = elf.exportsFunction(entry);
      assertThat(exported && !elf.isX86_64()).isFalse(); // symbols are read for x86-64 only
    }
    try {
      Integer abi = elf.readExportedU32("PJ_MODULE_ABI");
      assertThat(abi == null || elf.isX86_64()).isTrue();
    } catch (ElfFile.MalformedException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
