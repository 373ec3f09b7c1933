package dev.pepperjack.jshost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ModuleEvent;
import dev.pepperjack.bridge.module.ModuleListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test support: writes module files, starts hosts, records their events. */
final class Modules {
  static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * Default limits but a patient time limit, for every test that is not about the time limit: a
   * cold engine's first tasks on a busy two-core machine can take seconds before they are compiled.
   */
  static final JsModuleLimits PATIENT = JsModuleLimits.DEFAULT.withTaskTime(Duration.ofSeconds(30));

  private Modules() {}

  /** Writes {@code code} as {@code dir/<name>.js} and returns a started host for it. */
  static JsModuleHost start(Path dir, String name, String code, JsModuleLimits limits,
      Recorder recorder) throws IOException {
    Path file = dir.resolve(name + ".js");
    Files.writeString(file, code);
    JsModuleHost host = new JsModuleHost(JsModuleHost.packageAt(file), name + "#1",
        JsEngine.shared(), limits);
    host.addListener(recorder);
    host.start();
    return host;
  }

  static JsModuleHost start(Path dir, String code, Recorder recorder) throws IOException {
    return start(dir, "module", code, PATIENT, recorder);
  }

  /** Posts {@code value} from the shell and returns the module's next posted value. */
  static Var roundTrip(JsModuleHost host, Recorder r, Var value) throws InterruptedException {
    host.post(SecurityContext.HOST, value);
    return r.nextPosted().message().value();
  }

  /** Collects every event; waits for the next one of a kind. */
  static final class Recorder implements ModuleListener {
    private final LinkedBlockingQueue<ModuleEvent> events = new LinkedBlockingQueue<>();
    private final List<ModuleEvent> seen = new ArrayList<>();

    @Override
    public void onEvent(ModuleEvent event) {
      events.add(event);
    }

    <T extends ModuleEvent> T next(Class<T> kind) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        ModuleEvent e = events.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
        if (e == null) {
          throw new AssertionError("no " + kind.getSimpleName() + " event within " + WAIT
              + "; other events: " + seen);
        }
        seen.add(e);
        if (kind.isInstance(e)) {
          return kind.cast(e);
        }
      }
    }

    ModuleEvent.Posted nextPosted() throws InterruptedException {
      return next(ModuleEvent.Posted.class);
    }

    ModuleEvent.Error nextError() throws InterruptedException {
      return next(ModuleEvent.Error.class);
    }

    /** Every event seen so far, including those skipped by {@link #next}. */
    List<ModuleEvent> drain() {
      events.drainTo(seen);
      return List.copyOf(seen);
    }

    /** No Posted event beyond those already taken by {@link #next}. */
    void assertNoMorePosted() {
      List<ModuleEvent> rest = new ArrayList<>();
      events.drainTo(rest);
      seen.addAll(rest);
      assertThat(rest).noneMatch(e -> e instanceof ModuleEvent.Posted);
    }
  }
}
