package dev.pepperjack.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VarsTest {
  private static Dictionary nested() {
    return Dictionary.of(
        "a", Dictionary.of("b", ArrayVar.of(IntVar.of(1), StringVar.of("x"), new Dictionary())),
        "n", new DoubleVar(1.5),
        "big", new LongVar(1L << 40),
        "buf", ArrayBufferVar.copyOf(new byte[] {1, 2, 3}));
  }

  @Test
  void copyIsEqualButIndependentForNestedDictionaries() {
    Dictionary original = nested();
    Dictionary copy = (Dictionary) original.deepCopy();
    assertThat(copy).isEqualTo(original).isNotSameAs(original);

    ((Dictionary) original.get("a")).put("added", IntVar.of(7));
    ((ArrayVar) ((Dictionary) copy.get("a")).get("b")).set(0, IntVar.of(99));

    assertThat(((Dictionary) copy.get("a")).containsKey("added")).isFalse();
    assertThat(((ArrayVar) ((Dictionary) original.get("a")).get("b")).get(0)).isEqualTo(IntVar.of(1));
  }

  @Test
  void copyIsIndependentForBuffers() {
    Dictionary original = nested();
    Dictionary copy = (Dictionary) original.deepCopy();
    ((ArrayBufferVar) original.get("buf")).bytes()[0] = 42;
    assertThat(((ArrayBufferVar) copy.get("buf")).bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void viewsSharingOneBufferStillShareItInTheCopy() {
    ArrayBufferVar buf = ArrayBufferVar.allocate(16);
    Dictionary d = Dictionary.of(
        "bytes", TypedArrayVar.over(ViewKind.UINT8, buf),
        "floats", new TypedArrayVar(ViewKind.FLOAT32, buf, 8, 2),
        "raw", buf);
    Dictionary copy = (Dictionary) d.deepCopy();
    TypedArrayVar bytes = (TypedArrayVar) copy.get("bytes");
    TypedArrayVar floats = (TypedArrayVar) copy.get("floats");
    assertThat(floats.buffer()).isSameAs(bytes.buffer()).isSameAs(copy.get("raw")).isNotSameAs(buf);
    assertThat(floats.byteOffset()).isEqualTo(8);
    assertThat(floats.length()).isEqualTo(2);
    assertThat(floats.kind()).isEqualTo(ViewKind.FLOAT32);
  }

  @Test
  void cycleIsRefusedWithItsPath() {
    Dictionary root = new Dictionary();
    Dictionary a = new Dictionary();
    ArrayVar b = ArrayVar.of(IntVar.of(0), IntVar.of(1), IntVar.of(2));
    root.put("a", a);
    a.put("b", b);
    b.add(root);
    assertThatThrownBy(root::deepCopy)
        .isInstanceOf(ValueRejectedException.class)
        .hasMessageContaining("reference cycle")
        .extracting(e -> ((ValueRejectedException) e).path())
        .isEqualTo("$.a.b[3]");
  }

  @Test
  void sharedButAcyclicSubtreeIsNotACycle() {
    Dictionary shared = Dictionary.of("x", IntVar.of(1));
    ArrayVar twice = ArrayVar.of(shared, shared);
    assertThat(twice.deepCopy()).isEqualTo(twice);
  }

  @Test
  void overDeepValueIsRefusedWithItsPath() {
    ArrayVar root = new ArrayVar();
    ArrayVar cur = root;
    for (int i = 0; i < 5; i++) {
      ArrayVar next = new ArrayVar();
      cur.add(next);
      cur = next;
    }
    VarLimits limits = new VarLimits(3, 1 << 20, 1000);
    assertThatThrownBy(() -> Vars.copyOf(root, limits))
        .isInstanceOf(ValueRejectedException.class)
        .hasMessageContaining("deeper than 3")
        .extracting(e -> ((ValueRejectedException) e).path())
        .isEqualTo("$[0][0][0]");
  }

  @Test
  void overLargeValueIsRefusedAtTheOffendingEntry() {
    Dictionary d = Dictionary.of(
        "small", StringVar.of("ok"),
        "my key", ArrayVar.of(IntVar.of(1), ArrayBufferVar.allocate(4096)));
    VarLimits limits = new VarLimits(10, 1024, 1000);
    assertThatThrownBy(() -> Vars.copyOf(d, limits))
        .isInstanceOf(ValueRejectedException.class)
        .hasMessageContaining("larger than 1024")
        .extracting(e -> ((ValueRejectedException) e).path())
        .isEqualTo("$[\"my key\"][1]");
  }

  @Test
  void tooManyElementsIsRefused() {
    ArrayVar a = new ArrayVar();
    for (int i = 0; i < 11; i++) {
      a.add(IntVar.of(i));
    }
    assertThatThrownBy(() -> Vars.copyOf(a, new VarLimits(10, 1 << 20, 10)))
        .isInstanceOf(ValueRejectedException.class)
        .hasMessageContaining("more than 10 elements");
  }

  @Test
  void scalarsAreImmutableAndReturnedAsIs() {
    Var s = StringVar.of("hi");
    assertThat(s.deepCopy()).isSameAs(s);
    assertThat(NullVar.UNDEFINED.deepCopy()).isSameAs(NullVar.UNDEFINED);
  }

  @Test
  void doubleEqualityDistinguishesNegativeZeroAndMatchesNaN() {
    assertThat(new DoubleVar(-0.0)).isNotEqualTo(new DoubleVar(0.0));
    assertThat(new DoubleVar(Double.NaN)).isEqualTo(new DoubleVar(Double.NaN));
    assertThat(IntVar.of(7)).isNotEqualTo(new LongVar(7)).isNotEqualTo(new DoubleVar(7));
  }

  @Test
  void dictionaryKeepsInsertionOrderAndOrderMattersForEquality() {
    Dictionary ab = Dictionary.of("b", IntVar.of(1), "a", IntVar.of(2));
    Dictionary ba = Dictionary.of("a", IntVar.of(2), "b", IntVar.of(1));
    assertThat(ab.keys()).containsExactly("b", "a");
    assertThat(ab).isNotEqualTo(ba);
  }

  @Test
  void viewWindowOutsideItsBufferIsRefused() {
    ArrayBufferVar buf = ArrayBufferVar.allocate(8);
    assertThatThrownBy(() -> new TypedArrayVar(ViewKind.FLOAT64, buf, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds buffer of 8 bytes");
    assertThatThrownBy(() -> new TypedArrayVar(ViewKind.INT32, buf, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a multiple of 4");
  }
}
