package dev.pepperjack.bench.jshost;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.StringVar;
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
 * Grayscale over 16 MiB of RGBA, warmed: in a JS module over a buffer it allocated itself
 * ({@code jsOwnBuffer}), in a JS module over the buffer it received ({@code jsReceivedBuffer}: the
 * host's copy, handed over without a further copy), and in plain Java ({@code java}).
 * The JS timings include one message round trip (tens of microseconds, noise at this size).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 4)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class JsKernelBench {
  static final int SIZE = 16 << 20;
  static final String MODULE = """
      const own = new Uint8Array(%d);
      for (let i = 0; i < own.length; i++) own[i] = i * 31;
      let received = null;
      function gray(px) {
        for (let i = 0; i < px.length; i += 4) {
          const y = (px[i] * 77 + px[i + 1] * 150 + px[i + 2] * 29) >> 8;
          px[i] = y; px[i + 1] = y; px[i + 2] = y;
        }
        return px[0];
      }
      onmessage = (e) => {
        if (e.data === 'own') { postMessage(gray(own)); return; }
        if (e.data === 'received') { postMessage(gray(received)); return; }
        received = new Uint8Array(e.data);
        postMessage(0);
      };""".formatted(SIZE);

  private BenchModule module;
  private byte[] pixels;

  @Setup(Level.Trial)
  public void start() {
    module = new BenchModule(MODULE);
    pixels = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      pixels[i] = (byte) (i * 31);
    }
    long target = module.replies() + 1;
    module.post(ArrayBufferVar.copyOf(pixels));
    module.awaitReplies(target);
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    module.close();
  }

  private Object call(String what) {
    long target = module.replies() + 1;
    module.post(StringVar.of(what));
    module.awaitReplies(target);
    return module.lastReply();
  }

  @Benchmark
  public Object jsOwnBuffer() {
    return call("own");
  }

  @Benchmark
  public Object jsReceivedBuffer() {
    return call("received");
  }

  @Benchmark
  public int java() {
    byte[] px = pixels;
    for (int i = 0; i < px.length; i += 4) {
      int y = ((px[i] & 255) * 77 + (px[i + 1] & 255) * 150 + (px[i + 2] & 255) * 29) >> 8;
      px[i] = (byte) y;
      px[i + 1] = (byte) y;
      px[i + 2] = (byte) y;
    }
    return px[0];
  }
}
