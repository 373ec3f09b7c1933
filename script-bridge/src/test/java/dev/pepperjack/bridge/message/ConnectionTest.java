package dev.pepperjack.bridge.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.IntVar;
import dev.pepperjack.bridge.StringVar;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionTest {
  private final SecurityContext page =
      new SecurityContext("https://app.example", SandboxType.PAGE, Set.of());
  private final SecurityContext module =
      new SecurityContext("pepperjack-module://echo", SandboxType.GRAALJS, Set.of());

  @Test
  void eachSidePostsIntoTheOthersInbox() {
    Connection c = Connection.open("page", page, "echo#1", module, QueueConfig.named("unused"));
    c.a().post(StringVar.of("to module"));
    c.b().post(StringVar.of("to page"));

    Message atModule = c.b().inbox().poll();
    Message atPage = c.a().inbox().poll();
    assertThat(atModule.value()).isEqualTo(StringVar.of("to module"));
    assertThat(atModule.envelope().sender()).isEqualTo("page");
    assertThat(atModule.envelope().target()).isEqualTo("echo#1");
    assertThat(atModule.envelope().context()).isEqualTo(page);
    assertThat(atPage.value()).isEqualTo(StringVar.of("to page"));
    assertThat(atPage.envelope().context().sandboxType()).isEqualTo(SandboxType.GRAALJS);
  }

  @Test
  void purposeQueuesAreSeparateAndHaveTheirOwnOrdering() {
    Connection c = Connection.open("page", page, "game#1", module, QueueConfig.named("unused"));
    c.b().openInbox("input", QueueConfig.named("x").withOrdering(Ordering.WEIGHTED).withCapacity(4));
    c.a().post("input", IntVar.of(1), SendOptions.weight(0));
    c.a().post("input", IntVar.of(2), SendOptions.weight(9));
    c.a().post(StringVar.of("bulk"));

    assertThat(c.b().inbox("input").poll().value()).isEqualTo(IntVar.of(2));
    assertThat(c.b().inbox("input").poll().envelope().target()).isEqualTo("game#1/input");
    assertThat(c.b().inbox().poll().value()).isEqualTo(StringVar.of("bulk"));
    assertThat(c.b().purposes()).containsExactlyInAnyOrder("default", "input");
  }

  @Test
  void postingToAPurposeThePeerDoesNotHaveIsAClearError() {
    Connection c = Connection.open("page", page, "echo#1", module, QueueConfig.named("unused"));
    assertThatThrownBy(() -> c.a().post("audio", IntVar.of(1), SendOptions.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'echo#1' has no inbox 'audio'");
  }

  @Test
  void closingAnEndpointHandsBackItsQueuedMessages() {
    Connection c = Connection.open("page", page, "echo#1", module, QueueConfig.named("unused"));
    c.a().post(IntVar.of(1));
    c.a().post(IntVar.of(2));
    assertThat(c.b().close()).hasSize(2);
  }
}
