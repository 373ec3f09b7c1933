package dev.pepperjack.bridge.module;

/** How a module runs. */
public enum ModuleKind {
  /** JavaScript in a GraalJS context. */
  GRAALJS,
  /** A C shared library in a sandbox process. */
  NATIVE,
  /** A foreign-ISA shared library under the emulator. */
  EMULATED,
  /** A guest embedded through an appview tag. */
  GUEST,
  /** A module on another device of the same user. */
  REMOTE
}
