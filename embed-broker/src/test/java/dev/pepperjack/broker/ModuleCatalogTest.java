package dev.pepperjack.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pepperjack.bridge.message.SandboxType;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ManifestException;
import dev.pepperjack.bridge.module.ModuleException;
import dev.pepperjack.bridge.module.ModuleHost;
import dev.pepperjack.bridge.module.ModuleKind;
import dev.pepperjack.bridge.module.ModuleStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleCatalogTest {
  @TempDir Path root;
  @TempDir Path second;

  private static SecurityContext page(String origin) {
    return new SecurityContext(origin, SandboxType.PAGE, Set.of());
  }

  private static void module(Path root, String name, String kind, String origins) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(dir.resolve("manifest.json"), "{\"name\":\"" + name + "\",\"version\":\"1.0.0\","
        + "\"kind\":\"" + kind + "\",\"entry\":\"module.js\",\"origins\":" + origins + "}");
    Files.writeString(dir.resolve("module.js"), "// " + name);
  }

  private ModuleCatalog catalog() {
    return new ModuleCatalog(List.of(root, second), List.of(new RecordingHostFactory(ModuleKind.GRAALJS)));
  }

  @Test
  void prepareHostsRunsEveryHostsSetUpEvenWhenOneFails() {
    RecordingHostFactory failing = new RecordingHostFactory(ModuleKind.GRAALJS, new IllegalStateException("no engine"));
    RecordingHostFactory fine = new RecordingHostFactory(ModuleKind.NATIVE);
    ModuleCatalog catalog = new ModuleCatalog(List.of(root), List.of(failing, fine));
    catalog.prepareHosts();
    assertThat(failing.prepared).isEqualTo(1);
    assertThat(fine.prepared).isEqualTo(1);
  }

  @Test
  void findsAModuleByBareNameOrModulesPrefix() throws IOException {
    module(root, "echo", "graaljs", "[\"*\"]");
    assertThat(catalog().find("echo").manifest().name()).isEqualTo("echo");
    assertThat(catalog().find("modules/echo").directory()).isEqualTo(root.resolve("echo"));
  }

  @Test
  void earlierRootWinsForTheSameName() throws IOException {
    module(second, "echo", "graaljs", "[\"*\"]");
    module(root, "echo", "native", "[\"*\"]");
    assertThat(catalog().find("echo").manifest().kind()).isEqualTo(ModuleKind.NATIVE);
  }

  @Test
  void refusesNamesThatCouldLeaveTheRoot() {
    for (String bad : List.of("../etc", "modules/../x", "/abs", "a/b", "", "UPPER", "modules/")) {
      assertThatThrownBy(() -> catalog().find(bad)).as(bad)
          .isInstanceOf(UnknownModuleException.class).hasMessageContaining("not a module name");
    }
  }

  @Test
  void unknownModuleSaysWhereItLooked() {
    assertThatThrownBy(() -> catalog().find("nothing"))
        .isInstanceOf(UnknownModuleException.class).hasMessageContaining("no module 'nothing'")
        .hasMessageContaining(root.toString());
  }

  @Test
  void brokenPackageIsReportedNotHidden() throws IOException {
    Path dir = Files.createDirectories(root.resolve("broken"));
    Files.writeString(dir.resolve("manifest.json"), "{\"name\": 3}");
    assertThatThrownBy(() -> catalog().find("broken")).isInstanceOf(ManifestException.class);
    module(root, "good", "graaljs", "[\"*\"]");
    ModuleCatalog.Listing listing = catalog().list();
    assertThat(listing.packages()).extracting(p -> p.manifest().name()).containsExactly("good");
    assertThat(listing.problems()).singleElement().asString().contains("broken");
  }

  @Test
  void pageOfAnUnlistedOriginIsDenied() throws IOException {
    module(root, "private", "graaljs", "[\"https://example.org\"]");
    ModuleCatalog catalog = catalog();
    assertThatThrownBy(() -> catalog.open("private", page("https://evil.example")))
        .isInstanceOf(ModuleAccessDeniedException.class)
        .hasMessageContaining("https://evil.example");
    assertThat(catalog.open("private", page("https://example.org")).id()).isEqualTo("private#1");
    assertThat(catalog.open("private", SecurityContext.HOST).id()).isEqualTo("private#2");
  }

  @Test
  void instancesAreNumberedPerNameAndListedUntilReleased() throws IOException {
    module(root, "a", "graaljs", "[\"*\"]");
    module(root, "b", "graaljs", "[\"*\"]");
    ModuleCatalog catalog = catalog();
    ModuleHost a1 = catalog.open("a", page("null"));
    ModuleHost b1 = catalog.open("b", page("null"));
    ModuleHost a2 = catalog.open("modules/a", page("null"));
    assertThat(List.of(a1.id(), b1.id(), a2.id())).containsExactly("a#1", "b#1", "a#2");
    assertThat(catalog.running()).containsExactly(a1, b1, a2);
    assertThat(catalog.instance("b#1")).contains(b1);

    catalog.release(b1);
    assertThat(b1.status()).isEqualTo(ModuleStatus.STOPPED);
    assertThat(catalog.running()).containsExactly(a1, a2);
    catalog.close();
    assertThat(catalog.running()).isEmpty();
    assertThat(a1.status()).isEqualTo(ModuleStatus.STOPPED);
  }

  @Test
  void moduleOfAKindWithoutHostSaysSo() throws IOException {
    module(root, "c", "native", "[\"*\"]");
    assertThatThrownBy(() -> catalog().open("c", page("null")))
        .isInstanceOf(ModuleException.class).hasMessageContaining("needs a native host");
  }

  @Test
  void twoFactoriesForOneKindAreRefused() {
    assertThatThrownBy(() -> new ModuleCatalog(List.of(root), List.of(
        new RecordingHostFactory(ModuleKind.NATIVE), new RecordingHostFactory(ModuleKind.NATIVE))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
