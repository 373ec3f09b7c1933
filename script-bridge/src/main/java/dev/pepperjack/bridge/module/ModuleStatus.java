package dev.pepperjack.bridge.module;

/** A module instance's life. */
public enum ModuleStatus {
  CREATED,
  STARTING,
  IDLE,
  BUSY,
  CRASHED,
  STOPPED
}
