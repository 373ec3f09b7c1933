package dev.pepperjack.bridge.module;

import java.util.List;
import java.util.Objects;

/**
 * A module package's {@code manifest.json}.
 *
 * <pre>{@code
 * {"name": "grayscale", "version": "1.0.0", "kind": "native", "entry": "libgrayscale.so",
 *  "abi": 1, "permissions": [], "origins": ["*"], "description": "..."}
 * }</pre>
 *
 * @param name lower-case letters, digits, '-', '_' and '.'; 1 to 64 characters
 * @param entry the file the host loads, relative to the package directory
 * @param abi the native ABI version the module was built for (0 for script modules)
 * @param origins page origins allowed to load the module; {@code "*"} for any
 */
public record ModuleManifest(String name, String version, ModuleKind kind, String entry, int abi,
    List<String> permissions, List<String> origins, String description) {
  public ModuleManifest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(entry, "entry");
    permissions = List.copyOf(permissions);
    origins = List.copyOf(origins);
    description = description == null ? "" : description;
  }

  /** Whether a page of {@code origin} may load this module. */
  public boolean allowsOrigin(String origin) {
    return origins.contains("*") || origins.contains(origin);
  }
}
