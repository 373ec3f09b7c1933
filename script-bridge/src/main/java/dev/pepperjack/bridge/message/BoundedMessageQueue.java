package dev.pepperjack.bridge.message;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.Vars;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The bounded queue behind {@link MessageQueue}: a short critical section under one lock (the copy
 * is taken outside it), a FIFO ring or a weighted heap, and the configured wait strategy for
 * hand-over.
 */
final class BoundedMessageQueue implements MessageQueue {
  private final QueueConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private final Store store;
  private volatile int count;
  private volatile boolean closed;
  private volatile Alert alert;

  private BoundedMessageQueue(QueueConfig config) {
    this.config = config;
    this.store = config.ordering() == Ordering.FIFO
        ? new FifoStore(config.capacity())
        : new WeightedStore(config.capacity());
  }

  static BoundedMessageQueue create(QueueConfig config) {
    return new BoundedMessageQueue(Objects.requireNonNull(config, "config"));
  }

  @Override
  public QueueConfig config() {
    return config;
  }

  @Override
  public Sender sender(String senderId, SecurityContext context) {
    return new QueueSender(Objects.requireNonNull(senderId, "senderId"),
        Objects.requireNonNull(context, "context"));
  }

  @Override
  public Message poll() {
    if (alert != null) {
      throw new IllegalStateException("queue '" + config.name() + "' delivers by alert; poll is off");
    }
    return take();
  }

  @Override
  public Message poll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Message m = poll();
      if (m != null) {
        return m;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !config.waitStrategy().await(() -> count > 0 || closed, Duration.ofNanos(left))) {
        return null;
      }
      if (closed && count == 0) {
        return null;
      }
    }
  }

  @Override
  public boolean isEmpty() {
    return count == 0;
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public Subscription deliverTo(
      Executor executor, Consumer<Message> handler, Consumer<Throwable> onError) {
    Alert a = new Alert(executor, handler, onError);
    lock.lock();
    try {
      if (alert != null) {
        throw new IllegalStateException("queue '" + config.name() + "' already has a subscriber");
      }
      alert = a;
    } finally {
      lock.unlock();
    }
    a.schedule();
    return () -> {
      lock.lock();
      try {
        if (alert == a) {
          alert = null;
        }
      } finally {
        lock.unlock();
      }
    };
  }

  @Override
  public List<Message> close() {
    List<Entry> left = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      Entry e;
      while ((e = store.remove()) != null) {
        left.add(e);
      }
      count = 0;
    } finally {
      lock.unlock();
    }
    config.waitStrategy().signalAll();
    List<Message> out = new ArrayList<>(left.size());
    for (Entry e : left) {
      // Returned to the sender as undelivered: the reference it sent is what it gets back.
      out.add(e.message);
    }
    return out;
  }

  /** Removes the next entry and returns the receiver's copy of it, or null when empty. */
  private Message take() {
    Entry e;
    lock.lock();
    try {
      e = store.remove();
      if (e == null) {
        return null;
      }
      count--;
    } finally {
      lock.unlock();
    }
    config.waitStrategy().signalAll();
    if (!e.lazy) {
      return e.message;
    }
    Var copy;
    synchronized (e.message.value()) {
      copy = Vars.copyOf(e.message.value(), config.limits());
    }
    return new Message(e.message.envelope(), copy);
  }

  private long enqueue(QueueSender sender, Var value, SendOptions options) {
    boolean lazy = options.copyMode() == CopyMode.AT_DEQUEUE;
    Var held;
    if (options.copyMode() == CopyMode.AT_SEND) {
      held = Vars.copyOf(value, config.limits());
    } else {
      Vars.check(value, config.limits());
      held = value;
    }
    long seq;
    Alert a;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("queue '" + config.name() + "' is closed");
      }
      if (count >= config.capacity()) {
        throw new QueueFullException(config.name(), config.capacity());
      }
      seq = ++sender.sequence;
      Envelope env = new Envelope(sender.id, config.name(), seq, sender.context, options.weight(),
          System.nanoTime());
      store.add(new Entry(new Message(env, held), lazy, options.weight()));
      count++;
      a = alert;
    } finally {
      lock.unlock();
    }
    if (a != null) {
      a.schedule();
    } else {
      config.waitStrategy().signalAll();
    }
    return seq;
  }

  private final class QueueSender implements Sender {
    private final String id;
    private final SecurityContext context;
    private long sequence; // guarded by lock

    QueueSender(String id, SecurityContext context) {
      this.id = id;
      this.context = context;
    }

    @Override
    public long send(Var value, SendOptions options) {
      return enqueue(this, value, options);
    }

    @Override
    public long sendAwait(Var value, SendOptions options, Duration timeout)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        try {
          return enqueue(this, value, options);
        } catch (QueueFullException full) {
          long left = deadline - System.nanoTime();
          if (left <= 0
              || !config.waitStrategy().await(
                  () -> count < config.capacity() || closed, Duration.ofNanos(left))) {
            throw full;
          }
        }
      }
    }
  }

  /** Alert delivery: at most one drain task in flight, so handlers run one at a time, in order. */
  private final class Alert {
    private final Executor executor;
    private final Consumer<Message> handler;
    private final Consumer<Throwable> onError;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Alert(Executor executor, Consumer<Message> handler, Consumer<Throwable> onError) {
      this.executor = executor;
      this.handler = handler;
      this.onError = onError;
    }

    void schedule() {
      if (count > 0 && scheduled.compareAndSet(false, true)) {
        try {
          executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
          scheduled.set(false);
          onError.accept(e);
        }
      }
    }

    private void drain() {
      try {
        for (int budget = 256; budget > 0 && alert == this; budget--) {
          Message m;
          try {
            m = take();
          } catch (RuntimeException e) {
            onError.accept(e);
            continue;
          }
          if (m == null) {
            break;
          }
          try {
            handler.accept(m);
          } catch (RuntimeException e) {
            onError.accept(e);
          }
        }
      } finally {
        scheduled.set(false);
      }
      if (alert == this) {
        schedule();
      }
    }
  }

  private record Entry(Message message, boolean lazy, int weight) {}

  private interface Store {
    void add(Entry e);

    Entry remove();
  }

  private static final class FifoStore implements Store {
    private final Entry[] ring;
    private int head;
    private int size;

    FifoStore(int capacity) {
      ring = new Entry[capacity];
    }

    @Override
    public void add(Entry e) {
      ring[(head + size) % ring.length] = e;
      size++;
    }

    @Override
    public Entry remove() {
      if (size == 0) {
        return null;
      }
      Entry e = ring[head];
      ring[head] = null;
      head = (head + 1) % ring.length;
      size--;
      return e;
    }
  }

  /** A binary heap on (weight descending, arrival ascending): FIFO among equal weights. */
  private static final class WeightedStore implements Store {
    private final Entry[] heap;
    private final long[] arrival;
    private int size;
    private long nextArrival;

    WeightedStore(int capacity) {
      heap = new Entry[capacity];
      arrival = new long[capacity];
    }

    @Override
    public void add(Entry e) {
      int i = size++;
      heap[i] = e;
      arrival[i] = nextArrival++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!before(i, parent)) {
          break;
        }
        swap(i, parent);
        i = parent;
      }
    }

    @Override
    public Entry remove() {
      if (size == 0) {
        return null;
      }
      Entry top = heap[0];
      size--;
      heap[0] = heap[size];
      arrival[0] = arrival[size];
      heap[size] = null;
      int i = 0;
      while (true) {
        int l = 2 * i + 1;
        int r = l + 1;
        int best = i;
        if (l < size && before(l, best)) {
          best = l;
        }
        if (r < size && before(r, best)) {
          best = r;
        }
        if (best == i) {
          return top;
        }
        swap(i, best);
        i = best;
      }
    }

    private boolean before(int a, int b) {
      int wa = heap[a].weight;
      int wb = heap[b].weight;
      return wa != wb ? wa > wb : arrival[a] < arrival[b];
    }

    private void swap(int a, int b) {
      Entry e = heap[a];
      heap[a] = heap[b];
      heap[b] = e;
      long t = arrival[a];
      arrival[a] = arrival[b];
      arrival[b] = t;
    }
  }
}
