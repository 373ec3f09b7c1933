package dev.pepperjack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.module.ModulePackage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox whose host JVM dies does not linger. */
class OrphanTest {
  @TempDir Path root;

  /** A host that starts one module, prints its sandbox's pid, and waits to be killed. */
  public static final class Host {
    public static void main(String[] args) throws Exception {
      ModulePackage pkg = TestModules.pack(Path.of(args[0]), "echo", Path.of(args[1]));
      NativeModuleHost host = new NativeModuleHost(pkg, "echo#orphan", TestModules.options(Path.of(args[0])));
      host.start();
      System.out.println(host.pid());
      System.out.flush();
      Thread.sleep(60_000);
    }
  }

  @Test
  void theSandboxExitsWhenItsHostIsKilled() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process host = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), Host.class.getName(), root.toString(),
        TestModules.built("libecho.so").toString())).redirectErrorStream(true).start();
    try {
      String line = new BufferedReader(new InputStreamReader(host.getInputStream())).readLine();
      assertThat(line).as("the host's output").matches("\\d+");
      Optional<ProcessHandle> sandbox = ProcessHandle.of(Long.parseLong(line));
      assertThat(sandbox).isPresent();
      host.destroyForcibly().waitFor();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (sandbox.get().isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(sandbox.get().isAlive()).as("sandbox still running after its host died").isFalse();
    } finally {
      host.destroyForcibly();
    }
  }
}
