package dev.pepperjack.shell.internal;

import dev.pepperjack.bridge.module.ModuleHost;
import dev.pepperjack.bridge.module.ModuleStats;
import dev.pepperjack.broker.ModuleCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
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

/** Every running module with its kind, status, memory and message counts; stop and restart. */
public final class TaskManager extends BorderPane {
  /** One module at the time of the last refresh. */
  public record Row(String id, String kind, String status, String memory, long messagesIn,
      long messagesOut, String page, ModuleHost host) {}

  private final ModuleCatalog catalog;
  private final Function<String, String> pageOf;
  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  private final TableView<Row> table = new TableView<>(rows);
  private final Timeline refresh;

  /**
   * @param pageOf which page runs a module id ("" if none)
   * @param kill stops a module on behalf of the user: (module id, reason)
   */
  public TaskManager(ModuleCatalog catalog, Function<String, String> pageOf,
      BiConsumer<String, String> kill, Supplier<java.util.concurrent.Executor> pool) {
    this.catalog = catalog;
    this.pageOf = pageOf;
    setId("task-manager");
    table.setId("task-manager-table");
    table.getColumns().add(column("Module", 130, Row::id));
    table.getColumns().add(column("Kind", 80, Row::kind));
    table.getColumns().add(column("Status", 80, Row::status));
    table.getColumns().add(column("Memory", 90, Row::memory));
    table.getColumns().add(column("Messages in", 90, r -> Long.toString(r.messagesIn())));
    table.getColumns().add(column("Messages out", 95, r -> Long.toString(r.messagesOut())));
    table.getColumns().add(column("Page", 260, Row::page));
    Button stop = new Button("End module");
    stop.setId("task-manager-stop");
    stop.setOnAction(e -> {
      Row r = table.getSelectionModel().getSelectedItem();
      if (r != null) {
        kill.accept(r.id(), "stopped from the task manager");
        refresh();
      }
    });
    Button restart = new Button("Restart");
    restart.setId("task-manager-restart");
    restart.setOnAction(e -> {
      Row r = table.getSelectionModel().getSelectedItem();
      if (r != null) {
        pool.get().execute(r.host()::restart);
      }
    });
    stop.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
    restart.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
    setTop(new ToolBar(new Label("Task manager"), stop, restart));
    setCenter(table);
    refresh = new Timeline(new KeyFrame(Duration.millis(500), e -> refresh()));
    refresh.setCycleCount(Timeline.INDEFINITE);
    refresh.play();
  }

  /** Re-reads every running module now, keeping the selection. */
  public void refresh() {
    Row selected = table.getSelectionModel().getSelectedItem();
    List<Row> fresh = new ArrayList<>();
    for (ModuleHost h : catalog.running()) {
      ModuleStats s = h.stats();
      fresh.add(new Row(h.id(), h.kind().name().toLowerCase(Locale.ROOT),
          h.status().name().toLowerCase(Locale.ROOT),
          s.memoryBytes() < 0 ? "—" : DevConsole.human(s.memoryBytes()),
          s.messagesIn(), s.messagesOut(), pageOf.apply(h.id()), h));
    }
    rows.setAll(fresh);
    if (selected != null) {
      fresh.stream().filter(r -> r.id().equals(selected.id())).findFirst()
          .ifPresent(r -> table.getSelectionModel().select(r));
    }
  }

  public ObservableList<Row> rows() {
    return rows;
  }

  public TableView<Row> table() {
    return table;
  }

  public void stop() {
    refresh.stop();
  }

  private static TableColumn<Row, String> column(String name, double width, Function<Row, String> v) {
    TableColumn<Row, String> c = new TableColumn<>(name);
    c.setPrefWidth(width);
    c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(v.apply(cd.getValue())));
    return c;
  }
}
