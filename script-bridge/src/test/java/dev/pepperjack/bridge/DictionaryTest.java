package dev.pepperjack.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DictionaryTest {
  @Test
  void overwritingAKeyKeepsItsPlaceAsInJavaScript() {
    Dictionary d = Dictionary.of("a", IntVar.of(1), "b", IntVar.of(2));
    d.put("a", IntVar.of(3));
    assertThat(d.keys()).containsExactly("a", "b");
    assertThat(d.get("a")).isEqualTo(IntVar.of(3));
  }

  @Test
  void behavesLikeAnInsertionOrderedMapThroughRandomEdits() {
    Random random = new Random(7);
    Dictionary d = new Dictionary();
    Map<String, Var> model = new LinkedHashMap<>();
    for (int step = 0; step < 20_000; step++) {
      String key = "k" + random.nextInt(40); // crosses the linear/indexed boundary both ways
      if (random.nextInt(3) == 0) {
        assertThat(d.remove(key)).isEqualTo(model.remove(key));
      } else {
        Var v = IntVar.of(step);
        d.put(key, v);
        model.put(key, v);
      }
      assertThat(d.size()).isEqualTo(model.size());
      assertThat(d.get(key)).isEqualTo(model.get(key));
    }
    assertThat(d.keys()).containsExactlyElementsOf(model.keySet());
    assertThat(d.entries()).containsExactlyEntriesOf(model);
    for (int i = 0; i < d.size(); i++) {
      assertThat(d.valueAt(i)).isEqualTo(model.get(d.keyAt(i)));
    }
  }

  @Test
  void entriesViewIsLiveAndReadOnly() {
    Dictionary d = Dictionary.of("x", IntVar.of(1));
    Map<String, Var> view = d.entries();
    d.put("y", IntVar.of(2));
    assertThat(view).containsKeys("x", "y");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> view.put("z", IntVar.of(3)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
