package dev.pepperjack.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class BufferReleaseTest {
  /** A released array of {@code size} bytes, each {@code fill}: the pool's one of that length. */
  private static byte[] pooledArray(int size, byte fill) {
    ArrayBufferVar done = ArrayBufferVar.allocate(size);
    java.util.Arrays.fill(done.bytes(), fill);
    byte[] array = done.bytes();
    done.release();
    return array;
  }

  @Test
  void releasedBufferIsDetachedAndItsViewsBecomeEmpty() {
    ArrayBufferVar buf = ArrayBufferVar.allocate(1 << 20);
    TypedArrayVar view = new TypedArrayVar(ViewKind.FLOAT32, buf, 16, 8);
    buf.release();
    assertThat(buf.isDetached()).isTrue();
    assertThat(buf.byteLength()).isZero();
    assertThat(view.length()).isZero();
    assertThat(view.byteOffset()).isZero();
    assertThat(view.asByteBuffer().remaining()).isZero();
    assertThat(view.deepCopy()).isEqualTo(view);
  }

  @Test
  void aReleasedArrayIsReusedForTheNextCopyAndTheCopyIsStillExact() {
    int size = 3 * BufferPool.MIN_POOLED + 7; // an unusual length no other test pools
    byte[] source = new byte[size];
    for (int i = 0; i < size; i++) {
      source[i] = (byte) (i * 7);
    }
    ArrayBufferVar original = ArrayBufferVar.wrap(source);
    ArrayBufferVar first = (ArrayBufferVar) original.deepCopy();
    byte[] recycled = first.bytes();
    first.release();

    ArrayBufferVar second = (ArrayBufferVar) original.deepCopy();
    assertThat(second.bytes()).isSameAs(recycled).isEqualTo(source);
    assertThat(first.byteLength()).isZero();
  }

  @Test
  void aCopyOfForeignMemoryReusesAReleasedArrayAndIsExact() {
    int size = 5 * BufferPool.MIN_POOLED + 11; // an unusual length no other test pools
    byte[] recycled = pooledArray(size, (byte) 0);
    byte[] source = new byte[size];
    source[0] = 1;
    source[size - 1] = 2;

    ArrayBufferVar copy = ArrayBufferVar.copyOf(MemorySegment.ofArray(source));
    assertThat(copy.bytes()).isSameAs(recycled).isEqualTo(source);
    // The pool had one array of that length: the next copy is fresh, and just as exact.
    assertThat(ArrayBufferVar.copyOf(MemorySegment.ofArray(source)).bytes())
        .isNotSameAs(recycled).isEqualTo(source);
  }

  @Test
  void copyOfAnArrayReusesAReleasedArrayToo() {
    int size = 7 * BufferPool.MIN_POOLED + 13;
    byte[] recycled = pooledArray(size, (byte) 0);
    byte[] source = new byte[size];
    source[size / 2] = 5;
    assertThat(ArrayBufferVar.copyOf(source).bytes()).isSameAs(recycled).isEqualTo(source);
  }

  @Test
  void aBufferFilledByAnotherEngineReusesAReleasedArrayAndHoldsOnlyWhatWasWritten() {
    int size = 9 * BufferPool.MIN_POOLED + 17; // an unusual length no other test pools
    byte[] recycled = pooledArray(size, (byte) 0x55);

    ArrayBufferVar filled = ArrayBufferVar.filledBy(size, a -> {
      for (int i = 0; i < a.length; i++) {
        a[i] = (byte) (i % 13);
      }
    });
    assertThat(filled.bytes()).isSameAs(recycled);
    for (int i = 0; i < size; i++) {
      assertThat(filled.bytes()[i]).isEqualTo((byte) (i % 13));
    }
  }

  @Test
  void aFillThatFailsReturnsNothingAndGivesTheRecycledArrayBack() {
    int size = 11 * BufferPool.MIN_POOLED + 19;
    byte[] recycled = pooledArray(size, (byte) 0);
    long pooled = BufferPool.shared().pooledBytes();

    IllegalStateException boom = new IllegalStateException("the other engine failed");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArrayBufferVar.filledBy(size, a -> {
      a[0] = 1;
      throw boom;
    })).isSameAs(boom);
    assertThat(BufferPool.shared().pooledBytes()).isEqualTo(pooled);
    // Back in the pool, not lost: the next fill of that length gets it.
    assertThat(ArrayBufferVar.filledBy(size, a -> java.util.Arrays.fill(a, (byte) 2)).bytes()).isSameAs(recycled);
  }

  @Test
  void smallBuffersAreNotPooled() {
    ArrayBufferVar small = ArrayBufferVar.allocate(100);
    long before = BufferPool.shared().pooledBytes();
    small.release();
    assertThat(BufferPool.shared().pooledBytes()).isEqualTo(before);
    assertThat(small.isDetached()).isTrue();
  }

  @Test
  void releasingAMessageValueDetachesEveryBufferInIt() {
    ArrayBufferVar a = ArrayBufferVar.allocate(10);
    ArrayBufferVar b = ArrayBufferVar.allocate(10);
    Dictionary d = Dictionary.of("a", a, "list", ArrayVar.of(TypedArrayVar.over(ViewKind.UINT8, b)));
    Vars.release(d);
    assertThat(a.isDetached()).isTrue();
    assertThat(b.isDetached()).isTrue();
  }
}
