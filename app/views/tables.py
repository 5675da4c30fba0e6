"""A read-only table model over a list of plain rows (DTOs), with columns described once; the table every page
shows, whose column widths the clerk can set by dragging and finds again as left."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView

from app.views.window_state import ViewState

T = TypeVar("T")

Index = QModelIndex | QPersistentModelIndex
MUTED = "#666666"  # a muted row's text: grey, yet 5.7:1 on white (the reason in it must still be read)


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    value: Callable[[T], Any]
    align_right: bool = False
    decoration: Callable[[T], Any] | None = None  # an icon beside the text (a tag's colour)


class RowsModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[Column[T]], muted: Callable[[T], bool] | None = None) -> None:
        """``muted`` rows (e.g. disabled accounts) are shown in grey."""
        super().__init__()
        self._columns = list(columns)
        self._rows: list[T] = []
        self._muted = muted

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(self._rows[index.row()])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.DecorationRole and column.decoration is not None:
            return column.decoration(self._rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._muted is not None and self._muted(self._rows[index.row()]):
            return QColor(MUTED)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section].title
        return None


def current_row(table: QTableView, model: RowsModel[T]) -> T | None:
    """The row under the table's cursor, or None when there is none."""
    index = table.currentIndex()
    return model.row_at(index.row()) if index.isValid() else None


def selected_rows(table: QTableView, model: RowsModel[T]) -> list[T]:
    """The rows chosen in the table (several with Ctrl or Shift), in the table's order; the cursor's when none is."""
    rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
    if not rows and table.currentIndex().isValid():
        rows = [table.currentIndex().row()]
    return [model.row_at(r) for r in rows]


FIT_ROWS = 40  # the rows a column's width is fitted to: more than a 1366x768 screen shows


class DeskTable(QTableView):
    """A list whose columns fit their contents until the clerk drags one wider or narrower; from then on the widths
    are the clerk's, kept on this PC (``remember_columns``) and found again after a restart. Right-click on the
    header: 恢复默认列宽 gives the fitted widths back."""

    def __init__(self) -> None:
        super().__init__()
        self._store: tuple[ViewState, str] | None = None
        self._own_widths = False  # the clerk's widths, not fitted to the contents
        self._pressed: list[int] = []
        self._caps: dict[int, int] = {}  # column -> the most characters it is fitted to
        self._fit_when_shown = False
        header = self.horizontalHeader()
        # Fit the columns to the rows a screen shows, not to the first thousand (Qt's default): the home page's 100
        # latest requests took 50-150 ms of the GUI thread to measure after each save (gui_stalls_bench.py).
        header.setResizeContentsPrecision(FIT_ROWS)
        header.viewport().installEventFilter(self)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)

    def remember_columns(self, store: ViewState, key: str) -> None:
        """Keep the widths the clerk gives under ``key`` in ``store``, and use the ones kept there before."""
        self._store = (store, key)
        widths = store.column_widths(key)
        if widths and len(widths) == self.horizontalHeader().count():
            self._set_widths(widths)
            self._own_widths = True

    def column_widths(self) -> list[int]:
        header = self.horizontalHeader()
        return [header.sectionSize(i) for i in range(header.count())]

    def cap_column(self, column: int, characters: int) -> None:
        """Fit ``column`` to its contents up to ``characters`` Chinese characters; longer text is cut short (…)."""
        self._caps[column] = characters

    def resizeColumnsToContents(self) -> None:  # noqa: N802 - Qt API: pages call it after each refresh
        if not self.isVisible():
            # a page behind another (the home page while the clerk types the next request) refreshes after each
            # save: it measures its rows when it is shown, not on the GUI thread in the middle of typing
            self._fit_when_shown = True
            return
        self._fit_when_shown = False
        if not self._own_widths:
            super().resizeColumnsToContents()
            widest = self.fontMetrics().horizontalAdvance("汉")
            for column, characters in self._caps.items():
                if self.columnWidth(column) > characters * widest:
                    self.setColumnWidth(column, characters * widest)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._fit_when_shown:
            self.resizeColumnsToContents()

    def reset_columns(self) -> None:
        self._own_widths = False
        if self._store is not None:
            self._store[0].set_column_widths(self._store[1], [])
        self.resizeColumnsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A drag (or a double-click) on a column's edge in the header is the clerk choosing a width."""
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed = self.column_widths()
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick):
            QTimer.singleShot(0, self._after_mouse)  # after the header has handled it (a double-click fits)
        return super().eventFilter(watched, event)

    def _after_mouse(self) -> None:
        widths = self.column_widths()
        header = self.horizontalHeader()
        changed = [i for i, (a, b) in enumerate(zip(self._pressed, widths, strict=False))
                   if a != b and header.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive]
        self._pressed = widths
        if changed:
            self._own_widths = True
            if self._store is not None:
                self._store[0].set_column_widths(self._store[1], widths)

    def _set_widths(self, widths: list[int]) -> None:
        header = self.horizontalHeader()
        for i, width in enumerate(widths):
            if header.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive and width > 0:
                header.resizeSection(i, width)

    def _on_header_menu(self, where: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.tr("Restore the column widths"), self.reset_columns)
        menu.exec(self.horizontalHeader().mapToGlobal(where))


def read_only_table(model: QAbstractTableModel, object_name: str, accessible: str, stretch_column: int) -> DeskTable:
    """The list every page shows: whole rows selected one at a time, not editable, striped."""
    table = DeskTable()
    table.setObjectName(object_name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    table.setAlternatingRowColors(True)
    return table
