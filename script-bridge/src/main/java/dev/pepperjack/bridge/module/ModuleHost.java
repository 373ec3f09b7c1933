package dev.pepperjack.bridge.module;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.message.SendOptions;

/**
 * One running module instance, whatever runs it: GraalJS, a native sandbox process, the emulator, a
 * guest or a remote device. The shell, the task manager and the broker see modules only through this.
 *
 * <p>Sending never waits for the module: {@link #post} copies the value, queues it and returns.
 * Everything the module says comes back as {@link ModuleEvent}s to the listeners, on the host's
 * threads or, through {@link #pollEvents}, on a caller's.
 */
public interface ModuleHost extends AutoCloseable {
  /** Unique among the shell's running modules, e.g. {@code grayscale#2}. */
  String id();

  ModuleManifest manifest();

  ModuleKind kind();

  ModuleStatus status();

  ModuleStats stats();

  /** Starts the module; returns once it is ready for messages. */
  void start();

  /**
   * Queues {@code value} for the module, sent by {@code from}. The module gets its own copy as
   * {@code options.copyMode()} says; with {@link dev.pepperjack.bridge.message.CopyMode#TRANSFER}
   * the caller gives {@code value} up.
   *
   * @return the message's sequence number
   * @throws dev.pepperjack.bridge.ValueRejectedException the value cannot be sent; nothing queued
   * @throws dev.pepperjack.bridge.message.QueueFullException the module's queue is full
   * @throws SecurityException {@code from} may not message this module
   */
  long post(SecurityContext from, Var value, SendOptions options);

  default long post(SecurityContext from, Var value) {
    return post(from, value, SendOptions.DEFAULT);
  }

  /**
   * Poll delivery, for a caller that is waiting for the module anyway: delivers to the listeners,
   * on the calling thread, events that are ready now and cheap to take, without waiting. Events
   * otherwise reach the listeners on the host's own threads (alert delivery); either way they keep
   * their order. A host with nothing to gain from it delivers nothing here.
   *
   * @return how many events it delivered
   */
  default int pollEvents() {
    return 0;
  }

  void addListener(ModuleListener listener);

  void removeListener(ModuleListener listener);

  /** Stops the module and frees its queues; queued messages are reported as undelivered. */
  void stop();

  /** Stops (if running) and starts again with a fresh state. */
  void restart();

  @Override
  default void close() {
    stop();
  }
}
