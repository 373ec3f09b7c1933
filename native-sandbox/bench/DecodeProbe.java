import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.Var;
import dev.pepperjack.bridge.VarLimits;
import dev.pepperjack.bridge.wire.WireFormat;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The reader thread's two ways of decoding a 16 MiB post out of shared memory, side by side in one JVM:
 * the previous one (copy out into a reused array, then the array decoder, which copies the buffer
 * again) and {@code WireFormat.decode(MemorySegment, ...)}. From the repository root:
 * {@code java -cp benchmarks/target/benchmarks.jar native-sandbox/bench/DecodeProbe.java}
 */
public class DecodeProbe {
  public static void main(String[] a) {
    byte[] bytes = new byte[16 << 20];
    new java.util.Random(1).nextBytes(bytes);
    byte[] doc = WireFormat.encode(ArrayBufferVar.wrap(bytes));
    MemorySegment seg = Arena.ofShared().allocate(doc.length);
    MemorySegment.copy(doc, 0, seg, ValueLayout.JAVA_BYTE, 0, doc.length);
    byte[] inbound = new byte[doc.length];
    int n = 60;
    long[] old = new long[n], now = new long[n];
    for (int r = -10; r < n; r++) {
      long t0 = System.nanoTime();
      MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, inbound, 0, doc.length);
      Var v1 = WireFormat.decode(inbound, 0, doc.length, VarLimits.DEFAULT);
      long t1 = System.nanoTime();
      Var v2 = WireFormat.decode(seg, VarLimits.DEFAULT);
      long t2 = System.nanoTime();
      if (r >= 0) { old[r] = t1 - t0; now[r] = t2 - t1; }
      if (((ArrayBufferVar) v1).byteLength() != ((ArrayBufferVar) v2).byteLength()) throw new AssertionError();
    }
    Arrays.sort(old); Arrays.sort(now);
    System.out.printf("decode 16 MiB from shared memory: copy-out + array decode min %.2f p50 %.2f ms; decode(MemorySegment) min %.2f p50 %.2f ms%n",
        old[0]/1e6, old[n/2]/1e6, now[0]/1e6, now[n/2]/1e6);
  }
}
