package dev.pepperjack.shell;

import dev.pepperjack.shell.internal.ErrorPage;
import dev.pepperjack.shell.internal.InProcessHttp;
import dev.pepperjack.shell.internal.PageSession;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Worker;
import javafx.scene.control.Tab;
import javafx.scene.web.WebEngine;
import javafx.scene.web.WebHistory;
import javafx.scene.web.WebView;

/** One tab: a WebView, its navigation, and the page session of whatever page it shows. */
public final class BrowserTab {
  private final Browser browser;
  private final Tab tab = new Tab("New tab");
  private final WebView view = new WebView();
  private final WebEngine engine = view.getEngine();
  private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private PageSession session;
  /** The address that failed while its error page is shown, so the bar keeps showing it. */
  private String failedAddress;

  BrowserTab(Browser browser) {
    this.browser = browser;
    tab.setContent(view);
    tab.setUserData(this);
    tab.setOnClosed(e -> browser.tabClosed(this));
    engine.getLoadWorker().stateProperty().addListener((o, was, now) -> onState(now));
    engine.titleProperty().addListener((o, was, now) -> updateTitle());
    engine.locationProperty().addListener((o, was, now) -> {
      if (failedAddress == null) {
        address.set(displayAddress(now));
      }
    });
    engine.setOnStatusChanged(e -> status.set(e.getData() == null ? "" : e.getData()));
    engine.setOnAlert(e -> status.set("Page says: " + e.getData()));
  }

  public Tab tab() {
    return tab;
  }

  public WebView view() {
    return view;
  }

  public WebEngine engine() {
    return engine;
  }

  /** What the address bar shows for this tab. */
  public ReadOnlyStringProperty addressProperty() {
    return address.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The current page's session, or null while nothing is loaded. */
  public PageSession session() {
    return session;
  }

  /** Opens what the user typed: a URL, a host name, a file path, or {@code about:start}. */
  public void navigate(String input) {
    failedAddress = null;
    engine.load(resolve(input));
  }

  public void back() {
    WebHistory h = engine.getHistory();
    if (h.getCurrentIndex() > 0) {
      failedAddress = null;
      h.go(-1);
    }
  }

  public void forward() {
    WebHistory h = engine.getHistory();
    if (h.getCurrentIndex() < h.getEntries().size() - 1) {
      failedAddress = null;
      h.go(1);
    }
  }

  public void reload() {
    if (failedAddress != null) {
      navigate(failedAddress);
    } else {
      engine.reload();
    }
  }

  static String resolve(String input) {
    String s = input == null ? "" : input.strip();
    if (s.isEmpty() || s.equals("about:start") || s.equals("pepperjack:start")) {
      return InProcessHttp.START_PAGE;
    }
    if (s.startsWith("/")) {
      return java.nio.file.Path.of(s).toUri().toString();
    }
    if (s.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
      return s;
    }
    return "http://" + s;
  }

  private static String displayAddress(String location) {
    return InProcessHttp.START_PAGE.equals(location) ? "about:start" : location;
  }

  private void onState(Worker.State state) {
    switch (state) {
      case SCHEDULED -> {
        disposeSession();
        status.set("Loading " + engine.getLocation() + "…");
      }
      case SUCCEEDED -> {
        String location = engine.getLocation();
        session = browser.newSession(location);
        try {
          session.inject(engine);
        } catch (RuntimeException e) {
          browser.devLog().add(location, "", dev.pepperjack.shell.internal.DevLog.Direction.SHELL,
              "error", -1, -1, "page API not injected: " + e.getMessage());
        }
        status.set(failedAddress != null ? "Failed to load " + failedAddress : "Done");
        updateTitle();
        browser.pageReady(this);
      }
      case FAILED -> {
        Throwable t = engine.getLoadWorker().getException();
        String url = engine.getLocation();
        String why = t == null ? "unknown error" : t.getMessage();
        failedAddress = url == null || url.isEmpty() ? address.get() : url;
        address.set(failedAddress);
        browser.devLog().add(failedAddress, "", dev.pepperjack.shell.internal.DevLog.Direction.SHELL,
            "page-error", -1, -1, "load failed: " + why);
        engine.loadContent(ErrorPage.html(failedAddress, why));
      }
      case CANCELLED -> status.set("Stopped");
      default -> {
      }
    }
  }

  private void updateTitle() {
    String t = engine.getTitle();
    if (t == null || t.isBlank()) {
      String loc = address.get();
      t = loc == null || loc.isEmpty() ? "New tab" : loc;
    }
    tab.setText(t.length() > 32 ? t.substring(0, 31) + "…" : t);
    tab.setTooltip(new javafx.scene.control.Tooltip(t));
  }

  void disposeSession() {
    if (session != null) {
      PageSession s = session;
      session = null;
      s.dispose();
    }
  }
}
