package dev.pepperjack.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import dev.pepperjack.bridge.Var;
import org.junit.jupiter.api.Test;

class ContainerStorageTest {
  @Test
  void theAccessIsInstalledByTheContainersAndCannotBeReplaced() {
    ContainerStorage.Access access = ContainerStorage.access();
    assertThat(access).isNotNull();
    assertThatThrownBy(() -> ContainerStorage.install(access))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void adoptedStorageIsTheContainersOwn() {
    ContainerStorage.Access access = ContainerStorage.access();
    Object[] entries = {"a", IntVar.of(1), "b", StringVar.of("x")};
    Dictionary d = access.adoptEntries(entries, 2);
    assertThat(d).isEqualTo(Dictionary.of("a", IntVar.of(1), "b", StringVar.of("x")));
    assertThat(access.entries(d)).isSameAs(entries);
    Var[] elements = {IntVar.of(1), IntVar.of(2)};
    ArrayVar a = access.adoptElements(elements);
    assertThat(a).isEqualTo(ArrayVar.of(IntVar.of(1), IntVar.of(2)));
    assertThat(access.elements(a)).isSameAs(elements);
  }
}
