package dev.pepperjack.bridge.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.VarLimits;
import org.junit.jupiter.api.Test;

class ValueLibraryTest {
  private final ValueLibrary library = ValueLibrary.create(VarLimits.DEFAULT);

  @Test
  void everyFetchIsAnIndependentCopyOfWhatWasStored() {
    Dictionary d = Dictionary.of("buf", ArrayBufferVar.copyOf(new byte[] {1, 2}));
    int index = library.store(d);
    ((ArrayBufferVar) d.get("buf")).bytes()[0] = 7;

    Dictionary first = (Dictionary) library.fetch(index);
    ((ArrayBufferVar) first.get("buf")).bytes()[1] = 9;
    Dictionary second = (Dictionary) library.fetch(index);

    assertThat(((ArrayBufferVar) second.get("buf")).bytes()).containsExactly(1, 2);
    assertThat(first).isNotSameAs(second);
  }

  @Test
  void releasedIndexIsRefusedEvenAfterItsSlotIsReused() {
    int old = library.store(IntVar.of(1));
    library.release(old);
    int reused = library.store(IntVar.of(2));
    assertThat(reused).isNotEqualTo(old);
    assertThatThrownBy(() -> library.fetch(old))
        .isInstanceOf(LibraryIndexException.class)
        .hasMessageContaining("was released");
    assertThatThrownBy(() -> library.release(old)).isInstanceOf(LibraryIndexException.class);
    assertThat(library.fetch(reused)).isEqualTo(IntVar.of(2));
    assertThat(library.size()).isEqualTo(1);
  }

  @Test
  void neverIssuedIndexIsRefused() {
    assertThatThrownBy(() -> library.fetch(12345))
        .isInstanceOf(LibraryIndexException.class)
        .hasMessageContaining("never issued");
    assertThatThrownBy(() -> library.fetch(-1)).isInstanceOf(LibraryIndexException.class);
    assertThatThrownBy(() -> library.fetch(0)).isInstanceOf(LibraryIndexException.class);
  }
}
