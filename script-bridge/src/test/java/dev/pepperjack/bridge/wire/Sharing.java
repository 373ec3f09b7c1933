package dev.pepperjack.bridge.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.ArrayVar;
import dev.pepperjack.bridge.Dictionary;
import dev.pepperjack.bridge.TypedArrayVar;
import dev.pepperjack.bridge.Var;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Asserts that two structurally equal values share their buffers in exactly the same pattern. */
final class Sharing {
  private Sharing() {}

  static void assertSamePattern(Var expected, Var actual) {
    List<ArrayBufferVar> a = new ArrayList<>();
    List<ArrayBufferVar> b = new ArrayList<>();
    collect(expected, a);
    collect(actual, b);
    assertThat(b).hasSize(a.size());
    Map<ArrayBufferVar, ArrayBufferVar> forward = new IdentityHashMap<>();
    Map<ArrayBufferVar, ArrayBufferVar> backward = new IdentityHashMap<>();
    for (int i = 0; i < a.size(); i++) {
      ArrayBufferVar x = a.get(i);
      ArrayBufferVar y = b.get(i);
      assertThat(x).isNotSameAs(y);
      ArrayBufferVar fx = forward.putIfAbsent(x, y);
      ArrayBufferVar by = backward.putIfAbsent(y, x);
      assertThat(fx == null ? y : fx).as("buffer occurrence %d keeps its sharing", i).isSameAs(y);
      assertThat(by == null ? x : by).as("buffer occurrence %d keeps its sharing", i).isSameAs(x);
    }
  }

  private static void collect(Var v, List<ArrayBufferVar> out) {
    switch (v) {
      case ArrayBufferVar b -> out.add(b);
      case TypedArrayVar t -> out.add(t.buffer());
      case ArrayVar a -> a.elements().forEach(e -> collect(e, out));
      case Dictionary d -> d.entries().values().forEach(e -> collect(e, out));
      default -> {}
    }
  }
}
