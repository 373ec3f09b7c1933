package dev.pepperjack.jshost;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.SandboxPolicy;
import org.junit.jupiter.api.Test;

class JsEngineTest {
  @Test
  void runtimeIsTheOptimizingOneAndPrintsNoInterpreterWarning() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (JsEngine engine = JsEngine.create(log)) {
      try (Context c = Context.newBuilder("js").engine(engine.polyglotEngine())
          .sandbox(SandboxPolicy.CONSTRAINED).out(log).err(log).build()) {
        assertThat(c.eval("js", "let s = 0; for (let i = 0; i < 1000; i++) s += i; s").asInt())
            .isEqualTo(499500);
      }
      assertThat(engine.implementationName()).isNotEqualTo(JsEngine.INTERPRETER_ONLY);
      assertThat(engine.isOptimizing()).isTrue();
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContainIgnoringCase("interpreter");
  }

  @Test
  void sharedEngineIsOptimizing() {
    assertThat(JsEngine.shared().isOptimizing()).isTrue();
  }
}
