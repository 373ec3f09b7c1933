package dev.pepperjack.shell;

import dev.pepperjack.broker.ModuleCatalog;
import dev.pepperjack.shell.internal.InProcessHttp;
import dev.pepperjack.shell.internal.JsEngineOptions;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pepperjack [URL]}: the desktop browser. Not the JavaFX Application class, so that a plain
 * {@code java -jar} can start it from a shaded jar.
 */
@Command(name = "pepperjack", mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "A desktop browser that runs plugin modules (GraalJS, native, emulated) for pages.")
public final class Main implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
      description = "Page to open (default: the built-in start page, about:start).")
  String url;

  @Option(names = "--modules", paramLabel = "DIR",
      description = "A module root (a directory of <name>/manifest.json packages); repeatable. "
          + "Default: $PEPPERJACK_MODULES (path-separated), else 'modules' next to the jar, "
          + "and ./modules.")
  List<Path> modules = new ArrayList<>();

  @Option(names = "--headless", description = "Run without a display (Monocle, software rendering).")
  boolean headless;

  @Option(names = "--screenshot", paramLabel = "PNG",
      description = "Render the page, save what the window shows to PNG, and exit.")
  Path screenshot;

  @Option(names = "--settle-ms", paramLabel = "MS", defaultValue = "1500",
      description = "With --screenshot: wait this long after the page loads (default ${DEFAULT-VALUE}).")
  long settleMillis;

  @Option(names = "--report-ready",
      description = "Print the time from JVM start to the first page ready with the page API, and the heap in use.")
  boolean reportReady;

  @Option(names = "--exit-when-ready", description = "Exit once the first page is ready (benchmarks).")
  boolean exitWhenReady;

  @Option(names = "--bench", paramLabel = "QUERY", arity = "0..1", fallbackValue = "",
      description = "Run the built-in page bridge benchmark (bench.html?QUERY, e.g. warm=20000&n=10000), print its JSON result, exit.")
  String bench;

  @Option(names = "--dev-log", description = "Also print the dev console's entries to stderr.")
  boolean devLog;

  @Option(names = {"--size"}, paramLabel = "WxH", defaultValue = "1200x860",
      description = "Window size (default ${DEFAULT-VALUE}).")
  String size;

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"pepperjack " + Version.get(), "Java " + Runtime.version()};
    }
  }

  /** When each start-up step finished, in JVM uptime milliseconds, for {@code --report-ready}. */
  private final Map<String, Long> marks = Collections.synchronizedMap(new LinkedHashMap<>());
  private long mainMillis;

  private static long uptimeMillis() {
    return ManagementFactory.getRuntimeMXBean().getUptime();
  }

  @Override
  public Integer call() throws Exception {
    mainMillis = uptimeMillis();
    if (headless) {
      // Must be set before the toolkit starts.
      System.setProperty("glass.platform", "Monocle");
      System.setProperty("monocle.platform", "Headless");
      System.setProperty("prism.order", "sw");
      System.setProperty("java.awt.headless", "true");
      // Monocle's virtual screen is 1280x800 unless told: a larger window overflows its painter.
      System.setProperty("headless.geometry", size + "-32");
    }
    JsEngineOptions.apply();
    String[] wh = size.split("x");
    double width = Double.parseDouble(wh[0]);
    double height = Double.parseDouble(wh[1]);
    // Start-up work overlaps: the module catalog and the hosts' one-time set-up (the GraalJS engine,
    // ~0.5 s) run on a background thread while the JavaFX toolkit and WebView start on this one.
    CompletableFuture<ModuleCatalog> catalogReady = new CompletableFuture<>();
    Thread prepare = new Thread(() -> {
      ModuleCatalog c;
      try {
        c = ModuleCatalog.withInstalledHosts(moduleRoots());
        catalogReady.complete(c);
        marks.put("catalog", uptimeMillis());
      } catch (RuntimeException | Error e) {
        catalogReady.completeExceptionally(e);
        return;
      }
      c.prepareHosts();
      marks.put("hosts prepared", uptimeMillis());
    }, "pepperjack-prepare");
    prepare.setDaemon(true);
    prepare.start();
    InProcessHttp.install();
    AtomicInteger exit = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch toolkitUp = new CountDownLatch(1);
    Platform.setImplicitExit(true);
    Platform.startup(toolkitUp::countDown);
    toolkitUp.await();
    marks.put("toolkit", uptimeMillis());
    ModuleCatalog catalog;
    try {
      catalog = catalogReady.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    Platform.runLater(() -> {
      Browser browser = new Browser(catalog, InProcessHttp.START_PAGE);
      if (devLog) {
        browser.devLog().setTap(e -> System.err.printf("[dev] %s %s %s %s %s%s%n", e.module(),
            e.direction(), e.kind(), e.bytes() < 0 ? "" : e.bytes() + "B",
            e.latencyNanos() < 0 ? "" : (e.latencyNanos() / 1000) + "us ", e.text()));
      }
      Stage stage = new Stage();
      stage.setTitle("Pepperjack");
      Scene scene = browser.createScene(width, height);
      stage.setScene(scene);
      marks.put("window built", uptimeMillis());
      stage.setOnHidden(e -> {
        browser.shutdown();
        done.countDown();
      });
      boolean[] first = {true};
      browser.setOnPageReady(tab -> {
        if (!first[0]) {
          return;
        }
        first[0] = false;
        if (reportReady) {
          long ms = uptimeMillis();
          Runtime rt = Runtime.getRuntime();
          System.out.printf("ready %d ms after JVM start; heap used %.1f MiB; RSS %s%n", ms,
              (rt.totalMemory() - rt.freeMemory()) / 1048576.0, residentSetSize());
          System.out.println("start-up (ms after JVM start): main " + mainMillis + ", " + marks
              .entrySet().stream().map(m -> m.getKey() + " " + m.getValue())
              .collect(Collectors.joining(", ")) + ", ready " + ms);
        }
        if (bench != null) {
          javafx.animation.Timeline poll = new javafx.animation.Timeline();
          poll.getKeyFrames().add(new javafx.animation.KeyFrame(Duration.millis(500), e -> {
            Object r = tab.engine().executeScript("window.benchResult || null");
            if (r instanceof String json) {
              poll.stop();
              System.out.println("bench " + json);
              stage.close();
            }
          }));
          poll.setCycleCount(javafx.animation.Animation.INDEFINITE);
          poll.play();
        } else if (screenshot != null) {
          PauseTransition settle = new PauseTransition(Duration.millis(settleMillis));
          settle.setOnFinished(e -> {
            exit.set(saveScreenshot(scene, screenshot));
            stage.close();
          });
          settle.play();
        } else if (exitWhenReady) {
          stage.close();
        }
      });
      // The page loads while the window is first laid out and shown.
      String startUrl = bench != null ? InProcessHttp.ORIGIN + "/bench.html?" + bench
          : url == null ? InProcessHttp.START_PAGE : url;
      browser.openTab(startUrl);
      marks.put("page requested", uptimeMillis());
      stage.show();
      marks.put("window shown", uptimeMillis());
    });
    done.await();
    Platform.exit();
    // WebView threads may linger briefly; the shell's own threads are daemons.
    done.await(100, TimeUnit.MILLISECONDS);
    return exit.get();
  }

  /** VmRSS from /proc (Linux), or "unknown". */
  private static String residentSetSize() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring(6).strip()).findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static int saveScreenshot(Scene scene, Path file) {
    WritableImage image = scene.snapshot(null);
    BufferedImage png = SwingFXUtils.fromFXImage(image, null);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ImageIO.write(png, "png", file.toFile());
      System.out.println("saved " + file + " (" + png.getWidth() + "x" + png.getHeight() + ")");
      return 0;
    } catch (IOException e) {
      System.err.println("cannot save " + file + ": " + e.getMessage());
      return 2;
    }
  }

  private List<Path> moduleRoots() {
    if (!modules.isEmpty()) {
      return modules;
    }
    List<Path> roots = new ArrayList<>();
    String env = System.getenv("PEPPERJACK_MODULES");
    if (env != null && !env.isBlank()) {
      for (String p : env.split(File.pathSeparator)) {
        roots.add(Path.of(p));
      }
      return roots;
    }
    try {
      Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      roots.add(jar.getParent().resolve("modules"));
    } catch (URISyntaxException | RuntimeException e) {
      // Running from an odd class path: only ./modules then.
    }
    roots.add(Path.of("modules"));
    return roots;
  }
}
