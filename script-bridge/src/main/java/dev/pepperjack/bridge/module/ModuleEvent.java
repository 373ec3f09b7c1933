package dev.pepperjack.bridge.module;

import dev.pepperjack.bridge.message.Message;
import java.util.List;

/** What a module tells whoever embedded it. */
public sealed interface ModuleEvent {
  String moduleId();

  /**
   * The module posted a value (a reply or anything else, any time). The value is a copy made for
   * this event, which nothing on the module's side keeps: the embedder may keep it, hand it on
   * uncopied, or {@link Message#release()} its buffers once done with them.
   */
  record Posted(String moduleId, Message message) implements ModuleEvent {}

  /** A line of module console output ({@code console.log}, the C log interface). */
  record Console(String moduleId, String level, String text) implements ModuleEvent {}

  /**
   * A handler failed or a limit was hit; the module keeps running.
   *
   * @param stack the module's own stack (JavaScript or native), or empty
   */
  record Error(String moduleId, String message, String stack) implements ModuleEvent {}

  /**
   * The module died: a crash, a kill by the watchdog or a limit, or an unexpected exit.
   *
   * @param cause e.g. {@code SIGSEGV}, {@code watchdog: no progress for 2000 ms}, {@code exit 3}
   */
  record Crash(String moduleId, String cause) implements ModuleEvent {}

  /** Messages that were queued to the module but never handled, returned to their senders. */
  record Undelivered(String moduleId, List<Message> messages, String why) implements ModuleEvent {}

  /** The module moved to another status. */
  record StatusChanged(String moduleId, ModuleStatus status) implements ModuleEvent {}
}
