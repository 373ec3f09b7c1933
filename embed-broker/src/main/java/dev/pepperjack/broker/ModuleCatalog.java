package dev.pepperjack.broker;

import dev.pepperjack.bridge.message.SandboxType;
import dev.pepperjack.bridge.message.SecurityContext;
import dev.pepperjack.bridge.module.ManifestException;
import dev.pepperjack.bridge.module.ModuleException;
import dev.pepperjack.bridge.module.ModuleHost;
import dev.pepperjack.bridge.module.ModuleHostFactory;
import dev.pepperjack.bridge.module.ModuleKind;
import dev.pepperjack.bridge.module.ModulePackage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The modules a shell can run: packages found under module roots, the host kinds installed, and the
 * instances running now.
 *
 * <p>A module root is a directory of packages, each {@code <root>/<name>/manifest.json}. Earlier
 * roots win when two hold the same name. Pages name modules as {@code modules/<name>} or
 * {@code <name>}; which page origins may open which module is decided here, in Java, from the
 * manifest's {@code origins}.
 *
 * <p>Thread-safe.
 */
public final class ModuleCatalog implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final String PREFIX = "modules/";

  private final List<Path> roots;
  private final Map<ModuleKind, ModuleHostFactory> factories;
  private final Map<String, AtomicInteger> instanceCounters = new ConcurrentHashMap<>();
  private final Map<String, ModuleHost> running = new LinkedHashMap<>();

  /**
   * @param roots directories searched in order; missing ones are skipped
   * @param factories at most one per kind
   */
  public ModuleCatalog(List<Path> roots, Collection<? extends ModuleHostFactory> factories) {
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    Map<ModuleKind, ModuleHostFactory> byKind = new EnumMap<>(ModuleKind.class);
    for (ModuleHostFactory f : factories) {
      ModuleHostFactory old = byKind.putIfAbsent(f.kind(), f);
      if (old != null) {
        throw new IllegalArgumentException("two host factories for " + f.kind() + ": "
            + old.getClass().getName() + " and " + f.getClass().getName());
      }
    }
    this.factories = byKind;
  }

  /** A catalog over {@code roots} with every {@link ModuleHostFactory} on the class path. */
  public static ModuleCatalog withInstalledHosts(List<Path> roots) {
    List<ModuleHostFactory> found = new ArrayList<>();
    ServiceLoader.load(ModuleHostFactory.class).forEach(found::add);
    return new ModuleCatalog(roots, found);
  }

  public List<Path> roots() {
    return roots;
  }

  /**
   * Runs every installed host's one-time set-up ({@link ModuleHostFactory#prepare}) on the calling
   * thread, so a shell can do it in the background while its window starts. A host whose set-up
   * fails is left to report that when a module of its kind is opened.
   */
  public void prepareHosts() {
    for (ModuleHostFactory f : factories.values()) {
      try {
        f.prepare();
      } catch (RuntimeException | LinkageError e) {
        // Reported by create(), with the module that needed it.
      }
    }
  }

  /** The module kinds this shell can run. */
  public Set<ModuleKind> installedKinds() {
    return Set.copyOf(factories.keySet());
  }

  /** Scans the roots afresh: the usable packages and the broken ones, with why. */
  public Listing list() {
    Map<String, ModulePackage> packages = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
        List<Path> sorted = new ArrayList<>();
        dirs.forEach(sorted::add);
        sorted.sort(null);
        for (Path dir : sorted) {
          String name = dir.getFileName().toString();
          if (packages.containsKey(name) || !Files.exists(dir.resolve(ModulePackage.MANIFEST))) {
            continue;
          }
          try {
            ModulePackage pkg = ModulePackage.load(dir);
            if (!pkg.manifest().name().equals(name)) {
              problems.add(dir + ": manifest name '" + pkg.manifest().name()
                  + "' differs from its directory");
              continue;
            }
            packages.put(name, pkg);
          } catch (ManifestException e) {
            problems.add(e.getMessage());
          }
        }
      } catch (IOException e) {
        problems.add(root + ": cannot list: " + e.getMessage());
      }
    }
    return new Listing(List.copyOf(packages.values()), List.copyOf(problems));
  }

  /** What {@link #list()} found. */
  public record Listing(List<ModulePackage> packages, List<String> problems) {}

  /**
   * The package a page means by {@code spec} ({@code modules/<name>} or {@code <name>}).
   *
   * @throws UnknownModuleException the spec is not a module name, or no root holds it
   * @throws ManifestException the package exists but is broken
   */
  public ModulePackage find(String spec) {
    String name = nameOf(spec);
    for (Path root : roots) {
      Path dir = root.resolve(name);
      if (Files.isRegularFile(dir.resolve(ModulePackage.MANIFEST))) {
        ModulePackage pkg = ModulePackage.load(dir);
        if (!pkg.manifest().name().equals(name)) {
          throw new ManifestException(dir + ": manifest name '" + pkg.manifest().name()
              + "' differs from its directory");
        }
        return pkg;
      }
    }
    throw new UnknownModuleException("no module '" + name + "' in " + roots);
  }

  /**
   * Creates an instance of the module {@code spec} for {@code requester}; not started yet. It
   * counts as running until {@link #release}.
   *
   * @throws UnknownModuleException no such module
   * @throws ModuleAccessDeniedException a page's origin is not in the manifest's origins
   * @throws ModuleException no host of the module's kind is installed, or the host refused it
   */
  public ModuleHost open(String spec, SecurityContext requester) {
    ModulePackage pkg = find(spec);
    String name = pkg.manifest().name();
    if (requester.sandboxType() != SandboxType.HOST
        && !pkg.manifest().allowsOrigin(requester.origin())) {
      throw new ModuleAccessDeniedException(name, requester.origin());
    }
    ModuleHostFactory factory = factories.get(pkg.manifest().kind());
    if (factory == null) {
      throw new ModuleException("module '" + name + "' needs a "
          + pkg.manifest().kind().name().toLowerCase(java.util.Locale.ROOT)
          + " host, which is not installed in this shell");
    }
    String id = name + "#" + instanceCounters.computeIfAbsent(name, k -> new AtomicInteger())
        .incrementAndGet();
    ModuleHost host = factory.create(pkg, id);
    synchronized (running) {
      running.put(host.id(), host);
    }
    return host;
  }

  /** The instances opened and not released, oldest first. */
  public List<ModuleHost> running() {
    synchronized (running) {
      return List.copyOf(running.values());
    }
  }

  public Optional<ModuleHost> instance(String id) {
    synchronized (running) {
      return Optional.ofNullable(running.get(id));
    }
  }

  /** Stops {@code host} and forgets it. */
  public void release(ModuleHost host) {
    synchronized (running) {
      running.remove(host.id(), host);
    }
    host.stop();
  }

  /** Stops every running instance. */
  @Override
  public void close() {
    for (ModuleHost host : running()) {
      try {
        release(host);
      } catch (RuntimeException e) {
        // One host failing to stop must not keep the others running.
      }
    }
  }

  /** {@code modules/grayscale} or {@code grayscale} to {@code grayscale}, checked. */
  static String nameOf(String spec) {
    if (spec == null) {
      throw new UnknownModuleException("module name missing");
    }
    String name = spec.startsWith(PREFIX) ? spec.substring(PREFIX.length()) : spec;
    if (!NAME.matcher(name).matches()) {
      throw new UnknownModuleException("'" + spec + "' is not a module name (modules/<name>,"
          + " name of a-z 0-9 . _ -)");
    }
    return name;
  }
}
