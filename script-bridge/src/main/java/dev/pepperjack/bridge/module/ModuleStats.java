package dev.pepperjack.bridge.module;

/**
 * A snapshot for the task manager.
 *
 * @param memoryBytes resident memory attributable to the module, or -1 when unknown
 */
public record ModuleStats(long messagesIn, long messagesOut, long bytesIn, long bytesOut,
    long memoryBytes, int restarts) {
  public static final ModuleStats EMPTY = new ModuleStats(0, 0, 0, 0, -1, 0);
}
