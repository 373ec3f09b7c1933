package dev.pepperjack.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayVarTest {
  @Test
  void growsPastItsCapacityAndKeepsOrder() {
    ArrayVar a = new ArrayVar(1);
    List<Var> model = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      a.add(IntVar.of(i));
      model.add(IntVar.of(i));
    }
    assertThat(a.elements()).containsExactlyElementsOf(model);
    assertThat(a.hashCode()).isEqualTo(model.hashCode());
    assertThat(a.toString()).isEqualTo(model.toString());
  }

  @Test
  void equalityIsElementWise() {
    assertThat(ArrayVar.of(IntVar.of(1), StringVar.of("x")))
        .isEqualTo(ArrayVar.of(IntVar.of(1), StringVar.of("x")))
        .isNotEqualTo(ArrayVar.of(IntVar.of(1)))
        .isNotEqualTo(ArrayVar.of(StringVar.of("x"), IntVar.of(1)));
  }

  @Test
  void elementsViewIsLiveAndReadOnly() {
    ArrayVar a = ArrayVar.of(IntVar.of(1));
    List<Var> view = a.elements();
    a.add(IntVar.of(2));
    assertThat(view).containsExactly(IntVar.of(1), IntVar.of(2));
    assertThatThrownBy(() -> view.add(IntVar.of(3)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void indexOutsideTheElementsIsRefusedEvenWithinCapacity() {
    ArrayVar a = new ArrayVar(8).add(IntVar.of(1));
    assertThatThrownBy(() -> a.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> a.set(1, IntVar.of(0))).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
