package dev.pepperjack.jshost;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * The GraalJS engine that all script modules of a process share: compiled code and parsed sources
 * are reused across module contexts, so a new context costs milliseconds rather than a second.
 *
 * <p>The optimizing compiler is on only when the JVM runs with {@link #JVM_FLAGS} and the compiler
 * jars on the upgrade module path; otherwise GraalJS falls back to its interpreter and prints a
 * warning, which {@link #isOptimizing()} reports.
 */
public final class JsEngine implements AutoCloseable {
  /**
   * The JVM flags every process that runs script modules needs; {@code <dir>} holds the four
   * compiler jars that {@code js-host/pom.xml} copies to {@code js-host/target/graal-upgrade}.
   */
  public static final String JVM_FLAGS =
      "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<dir>";

  /** What {@link Engine#getImplementationName()} says when no compiler is available. */
  static final String INTERPRETER_ONLY = "Interpreted";

  private final Engine engine;
  private final boolean shared;

  private JsEngine(Engine engine, boolean shared) {
    this.engine = engine;
    this.shared = shared;
  }

  private static final class Shared {
    static final JsEngine INSTANCE =
        new JsEngine(build(new PrintStream(System.err, true, StandardCharsets.UTF_8)), true);
  }

  /** The process-wide engine, created on first use (about half a second). */
  public static JsEngine shared() {
    return Shared.INSTANCE;
  }

  /**
   * A new engine whose own diagnostics (such as the interpreter-only warning) go to {@code log}.
   * Module console output never goes there: it arrives as module events.
   */
  public static JsEngine create(OutputStream log) {
    return new JsEngine(build(log), false);
  }

  private static Engine build(OutputStream log) {
    return Engine.newBuilder("js")
        .sandbox(SandboxPolicy.CONSTRAINED)
        .out(OutputStream.nullOutputStream())
        .err(log)
        .build();
  }

  /** The polyglot engine, for the module host's contexts. */
  public Engine polyglotEngine() {
    return engine;
  }

  /** e.g. {@code GraalVM CE}; {@code Interpreted} when the optimizing compiler is missing. */
  public String implementationName() {
    return engine.getImplementationName();
  }

  /** Whether hot module code is compiled by the optimizing compiler. */
  public boolean isOptimizing() {
    return !INTERPRETER_ONLY.equals(engine.getImplementationName());
  }

  /** Closes an engine from {@link #create}; the shared engine lives as long as the process. */
  @Override
  public void close() {
    if (!shared) {
      engine.close();
    }
  }
}
