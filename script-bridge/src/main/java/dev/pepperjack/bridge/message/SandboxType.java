package dev.pepperjack.bridge.message;

/** Where a message's sender runs; later layers grant less to the more confined kinds. */
public enum SandboxType {
  /** The shell itself. */
  HOST,
  /** A web page in the shell's WebView. */
  PAGE,
  /** A JavaScript module in a GraalJS context. */
  GRAALJS,
  /** A native module in a sandbox process. */
  NATIVE,
  /** A foreign-ISA native module under the emulator. */
  EMULATED,
  /** A guest module embedded through an appview tag. */
  GUEST,
  /** A module on another device of the same user. */
  REMOTE
}
