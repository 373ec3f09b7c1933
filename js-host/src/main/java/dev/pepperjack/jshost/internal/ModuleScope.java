package dev.pepperjack.jshost.internal;

import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * A module's sandboxed context with the bridge installed: what runs on the module's thread. Usable
 * from any single thread (the module host uses its event loop; benchmarks use their own thread).
 */
public final class ModuleScope implements AutoCloseable {
  private static final Source GLUE = loadGlue();
  /** Only methods marked {@code @HostAccess.Export}, plus the bytes of host buffers. */
  private static final HostAccess HOST_ACCESS =
      HostAccess.newBuilder(HostAccess.CONSTRAINED).allowBufferAccess(true).build();

  private final Context context;
  private final VarTape tape;
  private final Value dispatch;
  private final Value dispatchLazy;
  private final Value fire;

  private ModuleScope(Context context, VarTape tape, Value api) {
    this.context = context;
    this.tape = tape;
    this.dispatch = api.getMember("dispatch");
    this.dispatchLazy = api.getMember("dispatchLazy");
    this.fire = api.getMember("fire");
  }

  /**
   * Creates the context on the calling thread, installs the bridge and runs the module's top level.
   *
   * @throws org.graalvm.polyglot.PolyglotException the module does not parse or its top level threw;
   *     the context is closed then
   */
  public static ModuleScope open(Engine engine, ModuleBridge.Host host, VarLimits limits,
      Source module, java.util.function.Consumer<Context> onCreated) {
    Context c = Context.newBuilder("js")
        .engine(engine)
        .sandbox(SandboxPolicy.CONSTRAINED)
        .allowHostAccess(HOST_ACCESS)
        .out(OutputStream.nullOutputStream())
        .err(OutputStream.nullOutputStream())
        .option("js.text-encoding", "true")
        .option("js.load", "false")
        .option("js.print", "false")
        .option("js.graal-builtin", "false")
        .option("js.console", "false")
        .build();
    onCreated.accept(c);
    try {
      VarTape tape = new VarTape();
      Value api = c.eval(GLUE).execute(new ModuleBridge(host, limits, tape), tape);
      ModuleScope scope = new ModuleScope(c, tape, api);
      c.eval(module);
      return scope;
    } catch (RuntimeException e) {
      c.close(true);
      throw e;
    }
  }

  /** The module's source: {@code name} appears in its stack traces. */
  public static Source moduleSource(String name, String code) {
    return Source.newBuilder("js", code, name).cached(true).buildLiteral();
  }

  public Context context() {
    return context;
  }

  /**
   * Hands {@code value} (the receiver's own copy) to the module's message handlers.
   *
   * @return an estimate of the value's size in bytes
   */
  public long deliver(Var value, String origin) {
    if (value instanceof Dictionary || value instanceof ArrayVar) {
      // A lazy root: decoded only when the module first touches it (bridge.js lazyRoot). The
      // value is the receiver's own copy, so the module may keep it as long as it likes.
      dispatchLazy.executeVoid(value, value instanceof ArrayVar, origin);
      return VarTape.sizeOf(value);
    }
    long bytes = tape.load(value);
    try {
      dispatch.executeVoid(tape, origin);
    } finally {
      tape.clear();
    }
    return bytes;
  }

  /** Runs timer {@code id}'s callback, unless it was cleared. */
  public void fire(int id) {
    fire.executeVoid(id);
  }

  @Override
  public void close() {
    context.close(true);
  }

  private static Source loadGlue() {
    try (InputStream in = ModuleScope.class.getResourceAsStream("bridge.js")) {
      if (in == null) {
        throw new IllegalStateException("bridge.js missing from the js-host jar");
      }
      String code = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Source.newBuilder("js", code, "pepperjack-bridge.js").cached(true).buildLiteral();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
