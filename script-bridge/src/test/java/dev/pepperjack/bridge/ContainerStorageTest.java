package dev.pepperjack.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerStorageTest {
  @Test
  void adoptedStorageIsTheContainersOwn() {
    Object[] entries = {"a", IntVar.of(1), "b", StringVar.of("x")};
    Dictionary d = ContainerStorage.adoptEntries(entries, 2);
    assertThat(d).isEqualTo(Dictionary.of("a", IntVar.of(1), "b", StringVar.of("x")));
    assertThat(d.get("b")).isEqualTo(StringVar.of("x"));
    assertThat(ContainerStorage.entries(d)).isSameAs(entries);
    Var[] elements = {IntVar.of(1), IntVar.of(2)};
    ArrayVar a = ContainerStorage.adoptElements(elements);
    assertThat(a).isEqualTo(ArrayVar.of(IntVar.of(1), IntVar.of(2)));
    assertThat(ContainerStorage.elements(a)).isSameAs(elements);
  }
}
