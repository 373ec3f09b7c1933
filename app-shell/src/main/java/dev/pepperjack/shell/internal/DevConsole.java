package dev.pepperjack.shell.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.util.Duration;

/** The dev console: the {@link DevLog} as a table, refreshed a few times a second. */
public final class DevConsole extends BorderPane {
  private static final int MAX_ROWS = 5000;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private final DevLog log;
  private final ObservableList<DevLog.Entry> rows = FXCollections.observableArrayList();
  private final TableView<DevLog.Entry> table = new TableView<>(rows);
  private final Label summary = new Label();
  private final Timeline refresh;

  public DevConsole(DevLog log) {
    this.log = log;
    setId("dev-console");
    table.setId("dev-console-table");
    table.getColumns().add(column("Time", 90, e -> TIME.format(Instant.ofEpochMilli(e.atMillis()))));
    table.getColumns().add(column("Page", 160, DevLog.Entry::page));
    table.getColumns().add(column("Module", 100, DevLog.Entry::module));
    table.getColumns().add(column("Direction", 110, e -> e.direction().toString()));
    table.getColumns().add(column("Kind", 90, DevLog.Entry::kind));
    table.getColumns().add(column("Size", 70, e -> e.bytes() < 0 ? "" : human(e.bytes())));
    table.getColumns().add(column("Latency", 80,
        e -> e.latencyNanos() < 0 ? "" : String.format("%.1f µs", e.latencyNanos() / 1000.0)));
    table.getColumns().add(column("Text", 420, DevLog.Entry::text));
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    Button clear = new Button("Clear");
    clear.setOnAction(e -> rows.clear());
    setTop(new ToolBar(new Label("Dev console"), clear, summary));
    setCenter(table);
    refresh = new Timeline(new KeyFrame(Duration.millis(200), e -> pull()));
    refresh.setCycleCount(Timeline.INDEFINITE);
    refresh.play();
  }

  /** Pulls new log entries into the table now (the timer does this every 200 ms). */
  public void pull() {
    List<DevLog.Entry> fresh = log.drain();
    if (fresh.isEmpty()) {
      return;
    }
    boolean atEnd = rows.isEmpty();
    if (rows.size() + fresh.size() > MAX_ROWS) {
      List<DevLog.Entry> all = new ArrayList<>(rows.size() + fresh.size());
      all.addAll(rows);
      all.addAll(fresh);
      rows.setAll(trim(all, MAX_ROWS));
    } else {
      rows.addAll(fresh);
    }
    summary.setText(rows.size() + " entries" + (log.dropped() > 0 ? ", " + log.dropped() + " dropped" : ""));
    if (atEnd || isVisible()) {
      table.scrollTo(rows.size() - 1);
    }
  }

  /**
   * The newest {@code max} of {@code entries} (oldest first), dropping plain message rows before
   * anything else: a page flooding its modules never pushes an error, crash or refusal out.
   */
  static List<DevLog.Entry> trim(List<DevLog.Entry> entries, int max) {
    int excess = entries.size() - max;
    if (excess <= 0) {
      return entries;
    }
    List<DevLog.Entry> kept = new ArrayList<>(entries.size());
    for (DevLog.Entry e : entries) {
      if (excess > 0 && e.kind().equals("message")) {
        excess--;
      } else {
        kept.add(e);
      }
    }
    return excess > 0 ? kept.subList(excess, kept.size()) : kept;
  }

  /** The rows shown, oldest first. */
  public ObservableList<DevLog.Entry> rows() {
    return rows;
  }

  public void stop() {
    refresh.stop();
  }

  private static TableColumn<DevLog.Entry, String> column(String name, double width,
      Function<DevLog.Entry, String> value) {
    TableColumn<DevLog.Entry, String> c = new TableColumn<>(name);
    c.setPrefWidth(width);
    c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
    c.setSortable(false);
    return c;
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }
}
