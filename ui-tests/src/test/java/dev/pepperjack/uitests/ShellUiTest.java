package dev.pepperjack.uitests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class that drives one real shell, started before its first test and stopped after its last. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShellUiTest {
  protected final ShellDriver shell = new ShellDriver();

  @BeforeAll
  void startShell() throws Exception {
    shell.start();
  }

  @AfterAll
  void stopShell() throws Exception {
    shell.stop();
  }
}
