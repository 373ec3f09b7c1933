package dev.pepperjack.bridge.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A module on disk: a directory holding {@code manifest.json} and the entry file it names. Loading
 * checks everything before any module code could run.
 */
public record ModulePackage(Path directory, ModuleManifest manifest) {
  public static final String MANIFEST = "manifest.json";
  private static final long MAX_MANIFEST_BYTES = 64 * 1024;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,3}([-+][0-9A-Za-z.-]{1,32})?");
  private static final Set<String> FIELDS =
      Set.of("name", "version", "kind", "entry", "abi", "permissions", "origins", "description");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The entry file's absolute path. */
  public Path entryPath() {
    return directory.resolve(manifest.entry());
  }

  /**
   * Reads and checks {@code directory/manifest.json}.
   *
   * @throws ManifestException naming the file and the first problem found
   */
  public static ModulePackage load(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    Path file = dir.resolve(MANIFEST);
    if (!Files.isDirectory(dir)) {
      throw new ManifestException(dir + ": not a module directory");
    }
    JsonNode root;
    try {
      if (!Files.isRegularFile(file)) {
        throw new ManifestException(file + ": missing");
      }
      if (Files.size(file) > MAX_MANIFEST_BYTES) {
        throw new ManifestException(file + ": larger than " + MAX_MANIFEST_BYTES + " bytes");
      }
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ManifestException(file + ": cannot read: " + e.getMessage(), e);
    } catch (JacksonException e) {
      throw new ManifestException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    ModuleManifest manifest = parse(file, root);
    Path entry;
    try {
      entry = dir.resolve(manifest.entry()).normalize();
    } catch (InvalidPathException e) {
      throw new ManifestException(file + ": entry '" + manifest.entry() + "' is not a valid path here: "
          + e.getReason());
    }
    if (!entry.startsWith(dir)) {
      throw new ManifestException(file + ": entry '" + manifest.entry() + "' leaves the package");
    }
    if (!Files.isRegularFile(entry)) {
      throw new ManifestException(file + ": entry '" + manifest.entry() + "' does not exist");
    }
    return new ModulePackage(dir, manifest);
  }

  static ModuleManifest parse(Path file, JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new ManifestException(file + ": must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (!FIELDS.contains(field.getKey())) {
        throw new ManifestException(file + ": unknown field '" + field.getKey() + "'");
      }
    }
    String name = text(file, root, "name", true);
    if (!NAME.matcher(name).matches()) {
      throw new ManifestException(file + ": name '" + name
          + "' must be 1-64 of a-z 0-9 . _ - starting with a letter or digit");
    }
    String version = text(file, root, "version", true);
    if (!VERSION.matcher(version).matches()) {
      throw new ManifestException(file + ": version '" + version + "' is not like 1.2.3");
    }
    String kindText = text(file, root, "kind", true);
    ModuleKind kind;
    try {
      kind = ModuleKind.valueOf(kindText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ManifestException(file + ": kind '" + kindText + "' is not one of "
          + java.util.Arrays.toString(ModuleKind.values()).toLowerCase(Locale.ROOT));
    }
    String entry = text(file, root, "entry", true);
    if (entry.isEmpty() || entry.startsWith("/") || entry.contains("\\")
        || entry.chars().anyMatch(ModulePackage::isControl)) {
      // Control characters shown escaped: a NUL or an escape sequence would not read in a message.
      String shown = entry.chars().mapToObj(c -> isControl(c) ? String.format("\\u%04x", c)
          : String.valueOf((char) c)).collect(java.util.stream.Collectors.joining());
      throw new ManifestException(file + ": entry '" + shown + "' must be a relative path without "
          + "control characters");
    }
    int abi = 0;
    JsonNode abiNode = root.get("abi");
    if (abiNode != null) {
      if (!abiNode.isInt() || abiNode.intValue() < 0) {
        throw new ManifestException(file + ": abi must be a non-negative integer");
      }
      abi = abiNode.intValue();
    }
    List<String> permissions = strings(file, root, "permissions");
    List<String> origins = root.has("origins") ? strings(file, root, "origins") : List.of("*");
    String description = text(file, root, "description", false);
    return new ModuleManifest(name, version, kind, entry, abi, permissions, origins, description);
  }

  /** C0 controls and DEL, which an entry path may not hold. */
  private static boolean isControl(int c) {
    return c < 0x20 || c == 0x7f;
  }

  private static String text(Path file, JsonNode root, String field, boolean required) {
    JsonNode n = root.get(field);
    if (n == null) {
      if (required) {
        throw new ManifestException(file + ": missing field '" + field + "'");
      }
      return null;
    }
    if (!n.isString()) {
      throw new ManifestException(file + ": field '" + field + "' must be a string");
    }
    return n.stringValue();
  }

  private static List<String> strings(Path file, JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new ManifestException(file + ": field '" + field + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isString()) {
        throw new ManifestException(file + ": field '" + field + "' must be an array of strings");
      }
      out.add(e.stringValue());
    }
    return out;
  }
}
