package dev.pepperjack.jshost.internal;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.Envelope;
import dev.pepperjack.bridge.message.Message;
import dev.pepperjack.bridge.message.MessageQueue;
import dev.pepperjack.bridge.message.QueueConfig;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.message.SendOptions;
import dev.pepperjack.bridge.message.WaitStrategy;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModuleException;
import dev.pepperjack.jshost.JsModuleLimits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;

/**
 * One start of a script module: its event-loop thread, its sandboxed context, its inbox. A restart
 * makes a new runtime; a stopped or crashed one is never reused.
 */
public final class ModuleRuntime implements ModuleBridge.Host {
  /** What the runtime tells its module host. */
  public interface Events {
    void emit(ModuleEvent event);

    /** The module was stopped by a limit or died; called once, on the loop thread. */
    void crashed(ModuleRuntime runtime, String cause);
  }

  /** Counters the host keeps across restarts. */
  public static final class Counters {
    public final AtomicLong messagesIn = new AtomicLong();
    public final AtomicLong messagesOut = new AtomicLong();
    public final AtomicLong bytesIn = new AtomicLong();
    public final AtomicLong bytesOut = new AtomicLong();
  }

  private static final long LOOP_STACK_BYTES = 16L << 20;
  private static final Duration STOP_GRACE = Duration.ofMillis(200);
  private static final String SHELL_TARGET = "shell";

  /**
   * How a module's loop and inbox wait: busily (1 µs spinning, then yielding) for 250 µs after the
   * last message, then parked. A page's round trip through the shell takes 100-250 µs, so with the
   * default 50 µs a page-driven module parked between messages and each message paid a wake-up
   * (module hop p50 17 µs against 5 µs, measured in the shell). The cost is at most 250 µs of a
   * core after a message; an idle module still parks. {@code -Dpepperjack.js.busyWaitMicros}.
   */
  private static final WaitStrategy WAIT = WaitStrategy.spinThenPark(
      java.time.Duration.ofNanos(Long.getLong("pepperjack.js.busyWaitMicros", 250) * 1000));

  private final String id;
  private final Source source;
  private final Engine engine;
  private final JsModuleLimits limits;
  private final SecurityContext moduleContext;
  private final Events events;
  private final Counters counters;
  private final EventLoop loop;
  private final ConcurrentHashMap<SecurityContext, MessageQueue.Sender> senders =
      new ConcurrentHashMap<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private long outSequence;

  private volatile Context context;
  private ModuleScope scope;
  private volatile MessageQueue inbox;
  private volatile MessageQueue.Subscription subscription;
  private volatile String crashCause;
  private volatile long interruptedTask = -1;
  /** The top level runs under the start timeout rather than the task time limit. */
  private volatile boolean starting = true;

  public ModuleRuntime(String id, Source source, Engine engine, JsModuleLimits limits,
      SecurityContext moduleContext, Events events, Counters counters) {
    this.id = id;
    this.source = source;
    this.engine = engine;
    this.limits = limits;
    this.moduleContext = moduleContext;
    this.events = events;
    this.counters = counters;
    this.loop = new EventLoop("js-module " + id, LOOP_STACK_BYTES, WAIT,
        this::taskFailed);
    this.loop.onExit(this::closeContext);
  }

  /**
   * Creates the context on the loop thread, runs the module's top-level code and opens the inbox.
   *
   * @throws ModuleException the code does not parse or its top level threw; nothing keeps running
   */
  public void start(Duration timeout) {
    loop.start();
    Watchdog.shared().register(this);
    CompletableFuture<Void> ready = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        init();
        starting = false;
        ready.complete(null);
      } catch (Throwable t) {
        ready.completeExceptionally(t);
      }
    });
    try {
      ready.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      shutdown();
      Throwable cause = e.getCause();
      String why = cause instanceof PolyglotException pe ? describe(pe) : String.valueOf(cause);
      throw new ModuleException("module " + id + " failed to start: " + why, cause);
    } catch (TimeoutException e) {
      shutdown();
      throw new ModuleException("module " + id + " did not start within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdown();
      throw new ModuleException("interrupted while starting module " + id);
    }
    MessageQueue q = MessageQueue.create(new QueueConfig(id, limits.inboxCapacity(),
        dev.pepperjack.bridge.message.Ordering.FIFO, WAIT, limits.values()));
    inbox = q;
    subscription = q.deliverTo(loop, this::deliver, this::taskFailed);
  }

  private void init() {
    scope = ModuleScope.open(engine, this, limits.values(), source, c -> context = c);
  }

  /** Queues {@code value} for the module; the queue copies it. */
  public long post(SecurityContext from, Var value, SendOptions options) {
    MessageQueue q = inbox;
    if (q == null || finished.get()) {
      throw new IllegalStateException("module " + id + " is not running");
    }
    MessageQueue.Sender s = senders.computeIfAbsent(from, f -> q.sender(f.origin(), f));
    long seq = s.send(value, options);
    counters.messagesIn.incrementAndGet();
    return seq;
  }

  public int queued() {
    MessageQueue q = inbox;
    return q == null ? 0 : q.size();
  }

  public boolean isBusy() {
    return loop.busyNanos(System.nanoTime()) >= 0;
  }

  public boolean isFinished() {
    return finished.get();
  }

  private void deliver(Message m) {
    loop.restartTaskClock();
    counters.bytesIn.addAndGet(scope.deliver(m.value(), m.envelope().context().origin()));
  }

  /** Stops the module: undelivered messages are reported, the context is closed. Idempotent. */
  public void shutdown() {
    if (!finished.compareAndSet(false, true)) {
      awaitLoop();
      return;
    }
    release("module stopped");
    awaitLoop();
  }

  private void release(String why) {
    Watchdog.shared().unregister(this);
    MessageQueue.Subscription s = subscription;
    if (s != null) {
      s.close();
    }
    MessageQueue q = inbox;
    if (q != null) {
      List<Message> left = q.close();
      if (!left.isEmpty()) {
        events.emit(new ModuleEvent.Undelivered(id, left, why));
      }
    }
    loop.stop();
  }

  private void awaitLoop() {
    if (loop.inLoop() || !loop.thread().isAlive() && loop.thread().getState() != Thread.State.NEW) {
      return;
    }
    try {
      if (!loop.awaitTermination(STOP_GRACE)) {
        // Still inside a task: cancel it. The loop then closes what is left and ends.
        Context c = context;
        if (c != null) {
          c.close(true);
        }
        loop.awaitTermination(Duration.ofSeconds(2));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeContext() {
    Context c = context;
    if (c != null) {
      try {
        c.close(true);
      } catch (RuntimeException ignored) {
        // Closing a context that was cancelled from another thread may report that again.
      }
    }
  }

  /** Called by the watchdog every few milliseconds. */
  void check(long now) {
    long busy = loop.busyNanos(now);
    if (busy < 0 || starting || finished.get()) {
      return;
    }
    long task = loop.taskNumber();
    long allocated = loop.taskAllocatedBytes();
    if (allocated > limits.taskAllocation() && crashCause == null) {
      kill("memory limit: one task allocated more than " + (limits.taskAllocation() >> 20) + " MiB");
    } else if (busy > limits.taskTime().toNanos() && interruptedTask != task) {
      interruptedTask = task;
      Context c = context;
      Watchdog.shared().act(() -> {
        // The task may have ended since the check; do not interrupt the next one.
        if (loop.taskNumber() != task || loop.busyNanos(System.nanoTime()) < 0) {
          return;
        }
        try {
          c.interrupt(Duration.ofMillis(500));
        } catch (TimeoutException e) {
          kill("time limit: a task ran past " + limits.taskTime().toMillis()
              + " ms and did not stop when interrupted");
        } catch (RuntimeException ignored) {
          // The context closed meanwhile.
        }
      });
    }
  }

  private void kill(String cause) {
    crashCause = cause;
    Context c = context;
    Watchdog.shared().act(() -> {
      try {
        c.close(true);
      } catch (RuntimeException ignored) {
        // Already closed.
      }
    });
  }

  private void taskFailed(Throwable t) {
    if (crashCause != null || (t instanceof PolyglotException pe && pe.isCancelled())) {
      if (!finished.get()) {
        crash(crashCause != null ? crashCause : "context cancelled");
      }
      return;
    }
    if (finished.get()) {
      return;
    }
    if (t instanceof PolyglotException pe) {
      if (pe.isInterrupted()) {
        events.emit(new ModuleEvent.Error(id, "time limit: task stopped after running past "
            + limits.taskTime().toMillis() + " ms", guestStack(pe)));
        return;
      }
      events.emit(new ModuleEvent.Error(id, describe(pe), guestStack(pe)));
      return;
    }
    events.emit(new ModuleEvent.Error(id, "host error: " + t, javaStack(t)));
  }

  private void crash(String cause) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    events.emit(new ModuleEvent.Error(id, cause, ""));
    release("module crashed: " + cause);
    events.crashed(this, cause);
  }

  static String describe(PolyglotException pe) {
    StringBuilder sb = new StringBuilder();
    SourceSection at = pe.getSourceLocation();
    if (at != null && pe.isSyntaxError()) {
      sb.append(at.getSource().getName()).append(':').append(at.getStartLine()).append(':')
          .append(at.getStartColumn()).append(": ");
    }
    sb.append(pe.getMessage());
    return sb.toString();
  }

  static String guestStack(PolyglotException pe) {
    StringBuilder sb = new StringBuilder();
    for (PolyglotException.StackFrame f : pe.getPolyglotStackTrace()) {
      if (!f.isGuestFrame()) {
        continue;
      }
      SourceSection s = f.getSourceLocation();
      sb.append("    at ").append(f.getRootName().isEmpty() ? "<anonymous>" : f.getRootName());
      if (s != null) {
        sb.append(" (").append(s.getSource().getName()).append(':').append(s.getStartLine())
            .append(':').append(s.getStartColumn()).append(')');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String javaStack(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }

  // ---- ModuleBridge.Host: called on the loop thread from module code -------------------------

  @Override
  public void posted(Var value, long bytes) {
    counters.messagesOut.incrementAndGet();
    counters.bytesOut.addAndGet(bytes);
    Envelope env = new Envelope(id, SHELL_TARGET, ++outSequence, moduleContext, 0, System.nanoTime());
    events.emit(new ModuleEvent.Posted(id, new Message(env, value)));
  }

  @Override
  public void console(String level, String text) {
    events.emit(new ModuleEvent.Console(id, level, text));
  }

  @Override
  public void error(String message, String stack) {
    events.emit(new ModuleEvent.Error(id, message, stack));
  }

  @Override
  public void setTimer(int timerId, long delayMillis, boolean repeat) {
    loop.setTimer(timerId, delayMillis, repeat, () -> scope.fire(timerId));
  }

  @Override
  public void clearTimer(int timerId) {
    loop.clearTimer(timerId);
  }
}
