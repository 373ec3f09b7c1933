package dev.pepperjack.jshost;

import dev.pepperjack.bridge.VarLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * What one script module may use.
 *
 * @param taskTime one task (a message handler, a timer callback, the module's top-level code) that
 *     runs longer is interrupted and reported as an error; the module keeps running
 * @param taskAllocation bytes one task may allocate; beyond it the module is stopped (its context is
 *     closed, freeing what it held) and reported as an error and a crash
 * @param values limits on every value the module receives or posts
 * @param inboxCapacity messages queued to the module before senders get QueueFullException
 */
public record JsModuleLimits(
    Duration taskTime, long taskAllocation, VarLimits values, int inboxCapacity) {
  /**
   * 5 s a task (a cold engine compiles as it runs: a module's first tasks can take seconds on a busy
   * machine), 1 GiB allocated a task, default value limits, 1024 queued messages.
   */
  public static final JsModuleLimits DEFAULT =
      new JsModuleLimits(Duration.ofSeconds(5), 1L << 30, VarLimits.DEFAULT, 1024);

  public JsModuleLimits {
    Objects.requireNonNull(taskTime, "taskTime");
    Objects.requireNonNull(values, "values");
    if (taskTime.isNegative() || taskTime.isZero() || taskAllocation < 1 || inboxCapacity < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public JsModuleLimits withTaskTime(Duration taskTime) {
    return new JsModuleLimits(taskTime, taskAllocation, values, inboxCapacity);
  }

  public JsModuleLimits withTaskAllocation(long bytes) {
    return new JsModuleLimits(taskTime, bytes, values, inboxCapacity);
  }

  public JsModuleLimits withValues(VarLimits values) {
    return new JsModuleLimits(taskTime, taskAllocation, values, inboxCapacity);
  }

  public JsModuleLimits withInboxCapacity(int capacity) {
    return new JsModuleLimits(taskTime, taskAllocation, values, capacity);
  }
}
