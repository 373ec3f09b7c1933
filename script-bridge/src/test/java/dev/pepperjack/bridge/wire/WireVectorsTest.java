package dev.pepperjack.bridge.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.pepperjack.bridge.Var;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared vectors in {@code wire-vectors.txt}: the C reader's tests run the same file, so both
 * implementations agree on values, error codes and offsets.
 */
class WireVectorsTest {
  private static final String RANDOM_MARKER = "# random";

  record Vector(String name, byte[] bytes, String expectation) {}

  static List<String> lines() throws IOException {
    try (InputStream in = WireVectorsTest.class.getResourceAsStream("wire-vectors.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  static Stream<Arguments> vectors() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String line : lines()) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] parts = line.split(" \\| ", 3);
      Vector v = new Vector(parts[0], HexFormat.of().parseHex(parts[1].trim()), parts[2]);
      out.add(Arguments.of(Named.of(v.name(), v)));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void vectorDecodesAsExpected(Vector v) {
    String expect = v.expectation();
    if (expect.startsWith("!")) {
      String[] codeAt = expect.substring(1).split("@");
      assertThatThrownBy(() -> WireFormat.decode(v.bytes()))
          .isInstanceOfSatisfying(WireFormatException.class, e -> {
            assertThat(e.error().name()).as(e.getMessage()).isEqualTo(codeAt[0]);
            assertThat(e.offset()).as(e.getMessage()).isEqualTo(Long.parseLong(codeAt[1]));
          });
      return;
    }
    Var value = WireFormat.decode(v.bytes());
    assertThat(VarDump.of(value)).isEqualTo(expect.substring(1));
    byte[] again = WireFormat.encode(value);
    if (expect.startsWith("=")) {
      assertThat(again).as("canonical bytes").isEqualTo(v.bytes());
    } else {
      assertThat(expect).startsWith("~");
      assertThat(again).as("not canonical").isNotEqualTo(v.bytes());
    }
  }

  @Test
  void randomSectionMatchesTheCurrentEncoder() throws IOException {
    List<String> all = lines();
    int marker = all.indexOf(RANDOM_MARKER);
    assertThat(marker).as("the file has a '# random' section").isNotNegative();
    List<String> expected = new ArrayList<>(all.subList(0, marker + 1));
    for (int i = 0; i < 40; i++) {
      Var v = new RandomVars(5000 + i).next(3);
      expected.add("random-" + i + " | " + HexFormat.of().formatHex(WireFormat.encode(v))
          + " | =" + VarDump.of(v));
    }
    if (!expected.equals(all)) {
      Path out = Path.of("target", "wire-vectors.txt");
      Files.createDirectories(out.getParent());
      Files.write(out, expected);
      fail("random vectors differ from the encoder's output; if the change is intended, copy "
          + out.toAbsolutePath() + " over src/test/resources/dev/pepperjack/bridge/wire/wire-vectors.txt");
    }
  }
}
