package dev.pepperjack.shell;

import dev.pepperjack.broker.ModuleCatalog;
import dev.pepperjack.shell.internal.DevConsole;
import dev.pepperjack.shell.internal.DevLog;
import dev.pepperjack.shell.internal.BatchedWebCallbacks;
import dev.pepperjack.shell.internal.InProcessHttp;
import dev.pepperjack.shell.internal.JscCalls;
import dev.pepperjack.shell.internal.PageSession;
import dev.pepperjack.shell.internal.ReplyCollector;
import dev.pepperjack.shell.internal.TaskManager;
import dev.pepperjack.shell.internal.ViewMemory;
import dev.pepperjack.shell.internal.WebKitOptions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The browser window's content: address bar, navigation, tabs, progress, status line, the dev
 * console (F12) and the module task manager (Shift+Esc). FX thread only.
 *
 * <p>Keys: Ctrl+L address bar, Enter go, Alt+Left/Right back/forward, F5 reload, Ctrl+T/Ctrl+W
 * new/close tab.
 */
public final class Browser {
  private final ModuleCatalog catalog;
  private final String homeUrl;
  private final DevLog devLog = new DevLog(20_000);
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "pepperjack-shell-worker");
    t.setDaemon(true);
    return t;
  });
  private final BorderPane root = new BorderPane();
  private final TabPane tabs = new TabPane();
  private final TextField addressBar = new TextField();
  private final ProgressBar progress = new ProgressBar(0);
  private final Label statusLine = new Label();
  private final SplitPane split = new SplitPane();
  private final TabPane devPanel = new TabPane();
  private final DevConsole devConsole;
  private final TaskManager taskManager;
  private final Tab devConsoleTab;
  private final Tab taskManagerTab;
  private Consumer<BrowserTab> onPageReady = t -> {};
  private boolean fastPathsChecked;

  public Browser(ModuleCatalog catalog, String homeUrl) {
    WebKitOptions.apply();
    InProcessHttp.install();
    BatchedWebCallbacks.install();
    this.catalog = catalog;
    this.homeUrl = homeUrl;
    InProcessHttp.onStrayRefusal(why -> devLog.add("", "", DevLog.Direction.SHELL, "refused", -1, -1, why));

    Button back = button("◀", "nav-back", "Back (Alt+Left)");
    back.setOnAction(e -> current().back());
    Button forward = button("▶", "nav-forward", "Forward (Alt+Right)");
    forward.setOnAction(e -> current().forward());
    Button reload = button("⟳", "nav-reload", "Reload (F5)");
    reload.setOnAction(e -> current().reload());
    Button newTab = button("+", "new-tab", "New tab (Ctrl+T)");
    newTab.setOnAction(e -> openTab(homeUrl));
    Button dev = button("Dev", "toggle-dev", "Dev console (F12)");
    dev.setOnAction(e -> toggleDevConsole());
    addressBar.setId("address-bar");
    addressBar.setPromptText("Address");
    addressBar.setOnAction(e -> {
      current().navigate(addressBar.getText());
      current().view().requestFocus();
    });
    HBox.setHgrow(addressBar, Priority.ALWAYS);
    HBox toolbar = new HBox(4, back, forward, reload, addressBar, newTab, dev);
    toolbar.setPadding(new Insets(4));
    progress.setId("load-progress");
    progress.setMaxWidth(Double.MAX_VALUE);
    progress.setPrefHeight(4);
    root.setTop(new VBox(toolbar, progress));

    tabs.setId("tabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
    tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> bindToTab());
    split.setOrientation(Orientation.VERTICAL);
    split.getItems().add(tabs);
    root.setCenter(split);

    devConsole = new DevConsole(devLog);
    taskManager = new TaskManager(catalog, this::pageOf, this::killModule, () -> pool);
    devConsoleTab = new Tab("Console", devConsole);
    taskManagerTab = new Tab("Task manager", taskManager);
    devPanel.getTabs().addAll(devConsoleTab, taskManagerTab);
    devPanel.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    devPanel.setId("dev-panel");

    statusLine.setId("status-line");
    statusLine.setPadding(new Insets(2, 6, 2, 6));
    root.setBottom(statusLine);
  }

  /** A scene holding the browser, with its keyboard shortcuts. */
  public Scene createScene(double width, double height) {
    Scene scene = new Scene(root, width, height);
    scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    return scene;
  }

  private static final KeyCombination CTRL_L = new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN);
  private static final KeyCombination CTRL_T = new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN);
  private static final KeyCombination CTRL_W = new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN);
  private static final KeyCombination ALT_LEFT = new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN);
  private static final KeyCombination ALT_RIGHT = new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN);
  private static final KeyCombination F5 = new KeyCodeCombination(KeyCode.F5);
  private static final KeyCombination F12 = new KeyCodeCombination(KeyCode.F12);
  private static final KeyCombination SHIFT_ESC = new KeyCodeCombination(KeyCode.ESCAPE, KeyCombination.SHIFT_DOWN);

  private void onKey(KeyEvent e) {
    if (CTRL_L.match(e)) {
      addressBar.requestFocus();
      addressBar.selectAll();
    } else if (CTRL_T.match(e)) {
      openTab(homeUrl);
    } else if (CTRL_W.match(e)) {
      closeTab(current());
    } else if (ALT_LEFT.match(e)) {
      current().back();
    } else if (ALT_RIGHT.match(e)) {
      current().forward();
    } else if (F5.match(e)) {
      current().reload();
    } else if (F12.match(e)) {
      toggleDevPanel(devConsoleTab);
    } else if (SHIFT_ESC.match(e)) {
      toggleDevPanel(taskManagerTab);
    } else {
      return;
    }
    e.consume();
  }

  public BorderPane root() {
    return root;
  }

  /** Opens a tab on {@code url} (what a user would type) and selects it. */
  public BrowserTab openTab(String url) {
    BrowserTab t = new BrowserTab(this);
    t.addressProperty().addListener((o, was, now) -> {
      if (current() == t) {
        addressBar.setText(now);
      }
    });
    tabs.getTabs().add(t.tab());
    tabs.getSelectionModel().select(t.tab());
    t.navigate(url);
    return t;
  }

  public void closeTab(BrowserTab t) {
    if (t == null) {
      return;
    }
    tabs.getTabs().remove(t.tab());
    tabClosed(t);
  }

  void tabClosed(BrowserTab t) {
    t.disposeSession();
    t.engine().load(null);
    if (tabs.getTabs().isEmpty()) {
      openTab(homeUrl);
    }
  }

  public List<BrowserTab> tabs() {
    return tabs.getTabs().stream().map(t -> (BrowserTab) t.getUserData()).toList();
  }

  /** The selected tab. */
  public BrowserTab current() {
    Tab t = tabs.getSelectionModel().getSelectedItem();
    return t == null ? null : (BrowserTab) t.getUserData();
  }

  public DevLog devLog() {
    return devLog;
  }

  public DevConsole devConsole() {
    return devConsole;
  }

  public TaskManager taskManager() {
    return taskManager;
  }

  public ModuleCatalog catalog() {
    return catalog;
  }

  public TextField addressBar() {
    return addressBar;
  }

  public boolean devPanelShown() {
    return split.getItems().contains(devPanel);
  }

  /** Shows the dev panel on {@code which}, or hides it if it already shows that. */
  private void toggleDevPanel(Tab which) {
    if (devPanelShown() && devPanel.getSelectionModel().getSelectedItem() == which) {
      split.getItems().remove(devPanel);
      return;
    }
    devPanel.getSelectionModel().select(which);
    if (!devPanelShown()) {
      split.getItems().add(devPanel);
      split.setDividerPositions(0.6);
    }
    devConsole.pull();
    taskManager.refresh();
  }

  /** F12: shows or hides the dev console. */
  public void toggleDevConsole() {
    toggleDevPanel(devConsoleTab);
  }

  public void showDevConsole() {
    if (!devPanelShown() || devPanel.getSelectionModel().getSelectedItem() != devConsoleTab) {
      toggleDevPanel(devConsoleTab);
    }
  }

  public void showTaskManager() {
    if (!devPanelShown() || devPanel.getSelectionModel().getSelectedItem() != taskManagerTab) {
      toggleDevPanel(taskManagerTab);
    }
  }

  /** Called with each tab whose page finished loading and has the page API. */
  public void setOnPageReady(Consumer<BrowserTab> listener) {
    onPageReady = listener;
  }

  PageSession newSession(String location) {
    return new PageSession(location, catalog, devLog, pool);
  }

  void pageReady(BrowserTab t) {
    if (!fastPathsChecked) {
      fastPathsChecked = true;
      // Once per JVM, each in a blank engine of its own (~0.2 s together on a cold JVM): after the
      // first page rather than before it; that page then moves its calls over.
      Platform.runLater(this::checkFastPaths);
    }
    onPageReady.accept(t);
  }

  private void checkFastPaths() {
    JscCalls.State j = JscCalls.check();
    ViewMemory.State v = ViewMemory.check();
    devLog.add("", "", DevLog.Direction.SHELL, "info", -1, -1, j.works()
        ? "page API calls go through JavaScriptCore's C API"
        : "page API calls go through LiveConnect: " + j.why());
    devLog.add("", "", DevLog.Direction.SHELL, "info", -1, -1, v.works()
        ? "bulk buffers are copied in place (direct views)"
        : "bulk buffers take the XHR path: " + v.why());
    devLog.add("", "", DevLog.Direction.SHELL, "info", -1, -1, ReplyCollector.status());
    for (BrowserTab tab : tabs()) {
      PageSession s = tab.session();
      if (s != null) {
        s.upgradeHotCalls();
      }
    }
  }

  private String pageOf(String moduleId) {
    for (BrowserTab t : tabs()) {
      PageSession s = t.session();
      if (s != null && s.modules().stream().anyMatch(h -> h.id().equals(moduleId))) {
        return s.pageLabel();
      }
    }
    return "";
  }

  /** Stops a module for the user; its page gets a crash event. */
  public void killModule(String moduleId, String why) {
    for (BrowserTab t : tabs()) {
      PageSession s = t.session();
      if (s != null && s.kill(moduleId, why)) {
        return;
      }
    }
    catalog.instance(moduleId).ifPresent(h -> pool.execute(() -> catalog.release(h)));
  }

  private void bindToTab() {
    BrowserTab t = current();
    progress.progressProperty().unbind();
    statusLine.textProperty().unbind();
    if (t == null) {
      return;
    }
    progress.progressProperty().bind(t.engine().getLoadWorker().progressProperty());
    progress.visibleProperty().bind(Bindings.lessThan(t.engine().getLoadWorker().progressProperty(), 1.0)
        .and(Bindings.greaterThan(t.engine().getLoadWorker().progressProperty(), 0.0)));
    statusLine.textProperty().bind(t.statusProperty());
    addressBar.setText(t.addressProperty().get());
  }

  /** Closes every tab and stops every module. */
  public void shutdown() {
    for (BrowserTab t : tabs()) {
      t.disposeSession();
    }
    devConsole.stop();
    taskManager.stop();
    catalog.close();
    pool.shutdown();
  }

  private static Button button(String text, String id, String tip) {
    Button b = new Button(text);
    b.setId(id);
    b.setTooltip(new javafx.scene.control.Tooltip(tip));
    b.setFocusTraversable(false);
    return b;
  }
}
