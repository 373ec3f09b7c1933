package dev.pepperjack.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.bridge.ArrayBufferVar;
import dev.pepperjack.bridge.message.SecurityContext;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's compute kernel gives the same pixels natively as in Java. */
class GrayscaleTest {
  @TempDir Path root;

  static byte[] grayscaleInJava(byte[] rgba) {
    byte[] out = new byte[rgba.length];
    for (int i = 0; i < rgba.length; i += 4) {
      int y = (77 * (rgba[i] & 0xff) + 150 * (rgba[i + 1] & 0xff) + 29 * (rgba[i + 2] & 0xff)) >> 8;
      out[i] = out[i + 1] = out[i + 2] = (byte) y;
      out[i + 3] = rgba[i + 3];
    }
    return out;
  }

  @Test
  void theNativeModuleComputesWhatJavaComputes() throws Exception {
    byte[] rgba = new byte[4 << 20];
    new Random(3).nextBytes(rgba);
    TestModules.Recorder events = new TestModules.Recorder();
    try (NativeModuleHost host = new NativeModuleHost(
        TestModules.pack(root, "grayscale", TestModules.built("libgrayscale.so")), "grayscale#1",
        TestModules.options(root))) {
      host.addListener(events::accept);
      host.start();
      host.post(SecurityContext.HOST, ArrayBufferVar.copyOf(rgba));
      byte[] gray = ((ArrayBufferVar) events.posted(v -> v instanceof ArrayBufferVar)
          .message().value()).bytes();
      assertThat(gray).isEqualTo(grayscaleInJava(rgba));
    }
  }
}
