package dev.pepperjack.bench.jshost;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.IntVar;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 16 MiB ArrayBuffer into a module ({@code in}: the module answers with its length), out of it
 * ({@code out}: the module posts a 16 MiB buffer it holds; {@code outReleased}: the same, the
 * receiver releasing each reply as the shell does) and both ways ({@code roundTrip}: echo),
 * next to {@code System.arraycopy} into a touched buffer and {@code clone} into fresh memory, in
 * the same run. MB/s = 16 MiB (2 × for roundTrip) / time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class JsModuleBulkBench {
  static final int SIZE = 16 << 20;
  static final String MODULE = """
      const held = new ArrayBuffer(%d);
      new Uint8Array(held).fill(7);
      onmessage = (e) => {
        if (e.data === 'out') { postMessage(held); return; }
        if (e.data.kind === 'in') { postMessage(e.data.buf.byteLength); return; }
        postMessage(e.data.buf);
      };""".formatted(SIZE);

  private BenchModule module;
  private dev.pepperjack.bridge.Dictionary inMessage;
  private dev.pepperjack.bridge.Dictionary echoMessage;
  private byte[] src;
  private byte[] dst;

  @Setup(Level.Trial)
  public void start() {
    module = new BenchModule(MODULE);
    src = new byte[SIZE];
    dst = new byte[SIZE];
    java.util.Arrays.fill(src, (byte) 3);
    ArrayBufferVar buf = ArrayBufferVar.wrap(src);
    inMessage = dev.pepperjack.bridge.Dictionary.of("kind", dev.pepperjack.bridge.StringVar.of("in"), "buf", buf);
    echoMessage = dev.pepperjack.bridge.Dictionary.of("kind", dev.pepperjack.bridge.StringVar.of("echo"), "buf", buf);
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    module.close();
  }

  private Object call(dev.pepperjack.bridge.Var v) {
    long target = module.replies() + 1;
    module.post(v);
    module.awaitReplies(target);
    return module.lastReply();
  }

  @Benchmark
  public Object in() {
    Object r = call(inMessage);
    if (!IntVar.of(SIZE).equals(r)) {
      throw new IllegalStateException("unexpected reply " + r);
    }
    return r;
  }

  @Benchmark
  public Object out() {
    return call(dev.pepperjack.bridge.StringVar.of("out"));
  }

  /**
   * As {@code out}, with the receiver releasing the buffer once done with it, as the shell does
   * after the page's copy: the module's next buffer is copied into the released array.
   */
  @Benchmark
  public Object outReleased() {
    Object r = call(dev.pepperjack.bridge.StringVar.of("out"));
    ((ArrayBufferVar) r).release();
    return r;
  }

  @Benchmark
  public Object roundTrip() {
    return call(echoMessage);
  }

  @Benchmark
  public byte[] javaArraycopy() {
    System.arraycopy(src, 0, dst, 0, SIZE);
    return dst;
  }

  @Benchmark
  public byte[] javaClone() {
    return src.clone();
  }
}
