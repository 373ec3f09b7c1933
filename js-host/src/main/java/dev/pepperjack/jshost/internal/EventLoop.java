package dev.pepperjack.jshost.internal;

import dev.pepperjack.bridge.message.WaitStrategy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One module's thread: runs tasks (messages, host calls) in arrival order and timers when due, one
 * at a time. Waiting uses a spin-then-park strategy because a plain blocking hand-over alone costs
 * tens of microseconds per message.
 *
 * <p>It also records when the running task started and how much the thread had allocated by then,
 * so the watchdog can judge a runaway task from another thread.
 */
public final class EventLoop implements Executor {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final WaitStrategy wait;
  private final Thread thread;
  private final Consumer<Throwable> onTaskFailure;
  // Loop-thread only:
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final HashMap<Integer, Timer> timersById = new HashMap<>();
  private long timerSeq;

  private volatile Runnable onExit = () -> {};
  private volatile boolean stopping;
  private volatile long taskStartNanos;
  private volatile long taskStartAllocated;
  private volatile long taskNumber;

  private static final class Timer implements Comparable<Timer> {
    final int id;
    final long periodNanos;
    final Runnable action;
    long due;
    long seq;
    boolean cancelled;

    Timer(int id, long periodNanos, Runnable action) {
      this.id = id;
      this.periodNanos = periodNanos;
      this.action = action;
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /**
   * @param onTaskFailure called on the loop thread with whatever a task threw; the loop goes on
   */
  public EventLoop(String name, long stackBytes, WaitStrategy wait, Consumer<Throwable> onTaskFailure) {
    this.wait = wait;
    this.onTaskFailure = onTaskFailure;
    this.thread = new Thread(null, this::run, name, stackBytes);
    this.thread.setDaemon(true);
  }

  /** Runs on the loop thread as it ends, whatever ended it. */
  public void onExit(Runnable action) {
    this.onExit = action;
  }

  public void start() {
    thread.start();
  }

  public Thread thread() {
    return thread;
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  @Override
  public void execute(Runnable task) {
    if (stopping) {
      throw new RejectedExecutionException(thread.getName() + " is stopping");
    }
    tasks.offer(task);
    wait.signalAll();
  }

  /** Asks the loop to end after the task it is running; queued tasks are dropped. */
  public void stop() {
    stopping = true;
    wait.signalAll();
  }

  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    thread.join(timeout);
    return !thread.isAlive();
  }

  /** Schedules {@code action} after {@code delayMillis}, every period when {@code repeat}. Loop only. */
  public void setTimer(int id, long delayMillis, boolean repeat, Runnable action) {
    clearTimer(id);
    long delay = Duration.ofMillis(delayMillis).toNanos();
    Timer t = new Timer(id, repeat ? Math.max(delay, 1_000_000L) : 0, action);
    t.due = System.nanoTime() + delay;
    t.seq = timerSeq++;
    timers.add(t);
    timersById.put(id, t);
  }

  /** Loop only. */
  public void clearTimer(int id) {
    Timer t = timersById.remove(id);
    if (t != null) {
      t.cancelled = true;
    }
  }

  public int timerCount() {
    return timersById.size();
  }

  /** Nanos since the running task started, or -1 when idle. */
  public long busyNanos(long now) {
    long start = taskStartNanos;
    return start == 0 ? -1 : now - start;
  }

  /** Bytes the loop thread allocated during the running task, or -1 when idle. */
  public long taskAllocatedBytes() {
    long start = taskStartAllocated;
    if (taskStartNanos == 0) {
      return -1;
    }
    return THREADS.getThreadAllocatedBytes(thread.threadId()) - start;
  }

  /** Increases with every task; lets the watchdog tell one long task from two short ones. */
  public long taskNumber() {
    return taskNumber;
  }

  private void run() {
    try {
      loop();
    } finally {
      tasks.clear();
      timers.clear();
      timersById.clear();
      onExit.run();
    }
  }

  private void loop() {
    while (!stopping) {
      Runnable task = tasks.poll();
      if (task != null) {
        runTask(task);
        continue;
      }
      long now = System.nanoTime();
      Timer t = timers.peek();
      if (t != null && (t.cancelled || t.due <= now)) {
        timers.poll();
        if (!t.cancelled) {
          if (t.periodNanos > 0) {
            t.due = Math.max(t.due + t.periodNanos, now);
            t.seq = timerSeq++;
            timers.add(t);
          } else {
            timersById.remove(t.id);
          }
          runTask(t.action);
        }
        continue;
      }
      long waitNanos = t == null ? Duration.ofSeconds(1).toNanos() : t.due - now;
      try {
        wait.await(() -> stopping || !tasks.isEmpty(), Duration.ofNanos(waitNanos));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Starts the limits' clock again from within a task: one drain of the inbox runs many messages,
   * and each of them is judged on its own. Loop only.
   */
  public void restartTaskClock() {
    taskStartAllocated = THREADS.getCurrentThreadAllocatedBytes();
    taskNumber++;
    taskStartNanos = System.nanoTime();
  }

  private void runTask(Runnable task) {
    restartTaskClock();
    try {
      task.run();
    } catch (Throwable e) {
      onTaskFailure.accept(e);
    } finally {
      taskStartNanos = 0;
    }
  }
}
