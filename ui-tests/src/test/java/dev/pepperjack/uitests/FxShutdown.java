package dev.pepperjack.uitests;

import javafx.application.Platform;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Ends JavaFX once every test has run, before the JVM exits. Left to JavaFX's own shutdown hook,
 * the FX thread ends while the JVM is already exiting, and WebKit's clean-up for that thread (it
 * ran every page) sometimes aborted the process then (SIGABRT in a thread-exit destructor of
 * libjfxwebkit, seen in about one run in ten after all tests had passed): the build failed with
 * every test green. Here the FX thread ends while everything else still runs.
 */
public final class FxShutdown implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    Thread fx = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("JavaFX Application Thread"))
        .findFirst().orElse(null);
    if (fx == null) {
      return;
    }
    Platform.exit();
    try {
      fx.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
