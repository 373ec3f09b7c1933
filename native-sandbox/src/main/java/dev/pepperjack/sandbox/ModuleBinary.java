package dev.pepperjack.sandbox;

import dev.pepperjack.sandbox.BadModuleException.Reason;
import dev.pepperjack.sandbox.internal.ElfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A native module library checked by reading its file only: an x86-64 ELF shared library that
 * exports the entry points of {@code pepperjack.h} and declares an ABI this host speaks.
 *
 * @param abi the version in the module's {@code PJ_MODULE_ABI}
 */
public record ModuleBinary(Path file, int abi, Set<String> entryPoints) {
  /** The ABI version this host implements (PJ_ABI_VERSION in pepperjack.h). */
  public static final int HOST_ABI = 1;
  static final long MAX_BYTES = 512L << 20;

  /**
   * Reads and checks {@code file}; runs none of its code.
   *
   * @throws BadModuleException saying what is wrong
   */
  public static ModuleBinary check(Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new BadModuleException(file, Reason.MALFORMED, "larger than " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BadModuleException(file, Reason.MALFORMED, "cannot read: " + e.getMessage());
    }
    ElfFile elf;
    try {
      elf = ElfFile.parse(bytes);
    } catch (ElfFile.NotElfException e) {
      throw new BadModuleException(file, Reason.NOT_ELF, "not an ELF file: " + e.getMessage());
    } catch (ElfFile.MalformedException e) {
      throw new BadModuleException(file, Reason.MALFORMED, "malformed ELF: " + e.getMessage());
    }
    if (!elf.isX86_64()) {
      throw new BadModuleException(file, Reason.FOREIGN_ISA, "built for " + elf.machineName()
          + ", this host runs x86-64 native modules (the emulator can run other ISAs)");
    }
    if (!elf.isSharedObject()) {
      throw new BadModuleException(file, Reason.NOT_A_SHARED_LIBRARY,
          "not a shared library (ELF type " + elf.type() + ")");
    }
    for (String entry : new String[] {"PJ_Module_Initialize", "PJ_Module_HandleMessage"}) {
      if (!elf.exportsFunction(entry)) {
        throw new BadModuleException(file, Reason.MISSING_ENTRY_POINT, "does not export " + entry
            + "; a module includes pepperjack.h and defines the entry points");
      }
    }
    Integer abi;
    try {
      abi = elf.readExportedU32("PJ_MODULE_ABI");
    } catch (ElfFile.MalformedException e) {
      throw new BadModuleException(file, Reason.MALFORMED, "malformed ELF: " + e.getMessage());
    }
    if (abi == null) {
      throw new BadModuleException(file, Reason.MISSING_ENTRY_POINT,
          "does not export PJ_MODULE_ABI; add PJ_DECLARE_MODULE() to the module");
    }
    if (abi > HOST_ABI || abi < 1) {
      throw new BadModuleException(file, Reason.ABI_TOO_NEW, "declares module ABI " + abi
          + " but this host supports 1 to " + HOST_ABI + "; update Pepperjack");
    }
    Set<String> entries = elf.exportsFunction("PJ_Module_Shutdown")
        ? Set.of("PJ_Module_Initialize", "PJ_Module_HandleMessage", "PJ_Module_Shutdown")
        : Set.of("PJ_Module_Initialize", "PJ_Module_HandleMessage");
    return new ModuleBinary(file, abi, entries);
  }
}
