"""诉求列表: every request, filtered, searched and sorted by the database, loaded page by page as the list scrolls.

Nothing here waits for the database on the GUI thread: pages and the count come from the thread pool, typing in
the search box waits for a pause, and an answer to an older question is dropped when it arrives.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import CaseStatus, Channel
from app.domain.topics import Topic
from app.services.cases.listing import CaseCount, CaseListRow, CasePage, CaseQuery, CaseSort, ListChoices
from app.services.cases.timeline import OPEN
from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.views import keys
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.paged_model import PagedRowsModel
from app.views.tables import Column, read_only_table
from app.views.tasks import Task
from app.views.widgets import (
    Banner,
    ask_save_path,
    day_of,
    hidden_unless,
    icon,
    label_of,
    name_widget,
    row,
    urgency_label,
)

PAGE_ROWS = 100
SEARCH_PAUSE_MS = 300  # typing waits this long for the next key before the search runs
NO_DATE = QDate(2000, 1, 1)  # the date edits' minimum, shown as "any"
OPEN_STATUSES = "open"


SUMMARY_CHARACTERS = 24  # the summary column fits at most this many characters; the full text is on the request's page

class CaseListPage(QWidget):
    case_opened = Signal(object)  # the request's id (uuid.UUID), on a double click or Enter

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_list_page")
        self._services = services
        self._actor = actor
        self._bus = bus
        self._sort, self._descending = CaseSort.CREATED, True
        self._query = CaseQuery()
        self.page_rows = PAGE_ROWS
        self.banner = Banner("case_list_banner")
        self._ops = Operations(self, bus, self.banner)

        self.search = name_widget(QLineEdit(), "case_list_search", self.tr("Search requests"))
        self.search.setPlaceholderText(self.tr("Words in the description or notes, e.g. 漏水, 灯, 楼道灯不亮"))
        self.search.setClearButtonEnabled(True)
        self.status = self._combo("case_list_status", self.tr("Status"))
        self.status.addItem(self.tr("Open"), OPEN_STATUSES)
        for status in CaseStatus:
            self.status.addItem(label_of(status), status.value)
        self.category = self._combo("case_list_category", self.tr("Category"))
        self.grid = self._combo("case_list_grid", self.tr("Grid"))
        self.department = self._combo("case_list_department", self.tr("Department"))
        self.urgency = self._combo("case_list_urgency", self.tr("Urgency"))
        for level in range(5, 0, -1):
            self.urgency.addItem(urgency_label(level), level)
        self.channel = self._combo("case_list_channel", self.tr("Channel"))
        for channel in Channel:
            self.channel.addItem(label_of(channel), channel.value)
        self.date_from = self._date("case_list_from", self.tr("Logged from"))
        self.date_to = self._date("case_list_to", self.tr("Logged until"))
        self.overdue = name_widget(QCheckBox(self.tr("Overdue")), "case_list_overdue",
                                   self.tr("Only requests past a time limit"))
        self.in_pool = name_widget(QCheckBox(self.tr("Difficult problems pool")), "case_list_pool",
                                   self.tr("Only requests in the difficult problems pool"))
        self.repeats = name_widget(QCheckBox(self.tr("Repeat requests")), "case_list_repeats",
                                   self.tr("Only requests marked as a repeat of an earlier one"))
        self.clear_button = name_widget(QPushButton(icon("fa5s.eraser"), self.tr("Clear filters")),
                                        "case_list_clear", self.tr("Show all requests again"))
        self.export_button = name_widget(QPushButton(icon("fa5s.file-export"), self.tr("Export the ledger…")),
                                         "case_list_export", self.tr("Export the requests these filters show, "
                                                                     "with their history, to Excel or CSV (台账)"))
        hidden_unless(self.export_button, actor.can(Permission.EXPORT))
        self.count = QLabel()
        self.count.setObjectName("case_list_count")

        self.model: PagedRowsModel[CaseListRow] = PagedRowsModel(self._columns(), self._fetch, [
            sort is not None for sort in self.COLUMN_SORTS])
        self.table = read_only_table(self.model, "case_list_table", self.tr("Requests"), stretch_column=5)
        self.table.cap_column(5, SUMMARY_CHARACTERS)  # a long summary is cut short (…), not the columns after it
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(self.COLUMN_SORTS.index(CaseSort.CREATED),
                                                       Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.open_shortcut = keys.shortcut("open_case", self.table, self._on_open_shortcut_activated,
                                           Qt.ShortcutContext.WidgetShortcut)[0]

        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(row((self.search, 1), self.overdue, self.in_pool, self.repeats, self.clear_button,
                          self.export_button))
        lay.addWidget(row(QLabel(self.tr("Status")), self.status, QLabel(self.tr("Category")), self.category,
                          QLabel(self.tr("Grid")), self.grid, QLabel(self.tr("Department")), self.department, -1))
        lay.addWidget(row(QLabel(self.tr("Urgency")), self.urgency, QLabel(self.tr("Channel")), self.channel,
                          QLabel(self.tr("Logged from")), self.date_from, QLabel(self.tr("until")), self.date_to, -1))
        lay.addWidget(self.count)
        lay.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._shown = False  # the first page is read when the page is first shown, not at start-up
        self._fill_choices()
        self._connect_signals()

    # Which order each column sorts by (None: not sortable); the same order as _columns().
    # 状态 second: on a 1366x768 screen it is always in sight, whatever the summaries' length.
    COLUMN_SORTS = (CaseSort.CASE_NO, CaseSort.STATUS, CaseSort.CREATED, CaseSort.CHANNEL, CaseSort.CATEGORY, None,
                    None, CaseSort.URGENCY, CaseSort.GRID, None, CaseSort.DUE)

    def _columns(self) -> list[Column[CaseListRow]]:
        return [
            Column(self.tr("Case no."), lambda r: r.case_no),
            Column(self.tr("Status"), self._status_text),
            Column(self.tr("Logged"), lambda r: local(r.created_at).strftime("%Y-%m-%d %H:%M")),
            Column(self.tr("Channel"), lambda r: label_of(r.channel)),
            Column(self.tr("Category"), lambda r: r.subcategory or r.category),
            Column(self.tr("Summary"), lambda r: r.summary),
            Column(self.tr("Resident"), lambda r: r.resident_name),
            Column(self.tr("Urgency"), lambda r: urgency_label(r.urgency)),
            Column(self.tr("Grid"), lambda r: r.grid),
            Column(self.tr("Departments"), lambda r: "、".join(r.departments)),
            Column(self.tr("Next time limit"), self._due_text),
        ]

    def _status_text(self, r: CaseListRow) -> str:
        text = label_of(r.status)
        text = text + " · " + self.tr("pool") if r.in_pool else text
        return text + " · " + self.tr("repeat") if r.repeat_of_no else text

    def _due_text(self, r: CaseListRow) -> str:
        if r.due_at is None:
            return ""
        when = local(r.due_at).strftime("%m-%d %H:%M")
        return self.tr("{time} overdue").format(time=when) if r.overdue else when

    def _combo(self, object_name: str, accessible: str) -> QComboBox:
        combo = QComboBox()
        name_widget(combo, object_name, accessible)
        combo.addItem(self.tr("(all)"), None)
        # wide enough for （全部） and its arrow under the style sheet's padding, in every 字体大小 (it was clipped)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMinimumContentsLength(8)
        return combo

    def _date(self, object_name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit()
        name_widget(edit, object_name, accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("any"))  # shown at the minimum: no limit
        edit.setDate(NO_DATE)
        return edit

    def _fill_choices(self) -> None:
        case_list, actor = self._services.case_list, self._actor
        self._ops.read(lambda: case_list.choices(actor), self._add_choices, key="choices")

    def _add_choices(self, choices: ListChoices) -> None:
        for c in choices.categories:
            self.category.addItem(("    " if c.parent_id else "") + c.name, c.id)
        for c in choices.grids:
            self.grid.addItem(c.name, c.id)
        for c in choices.departments:
            self.department.addItem(c.name, c.id)

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.export_button.clicked.connect(self._on_export_clicked)
        self.search.returnPressed.connect(self.reload)
        self._search_timer.timeout.connect(self.reload)
        for combo in (self.status, self.category, self.grid, self.department, self.urgency, self.channel):
            combo.currentIndexChanged.connect(self.reload)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.reload)
        for box in (self.overdue, self.in_pool, self.repeats):
            box.toggled.connect(self.reload)
        self.clear_button.clicked.connect(self.clear_filters)
        self.model.sort_requested.connect(self._on_model_sort_requested)
        self.model.page_loaded.connect(self._on_model_page_loaded)
        self.model.failed.connect(self._ops.show_refusal)
        self.model.loading_changed.connect(self._on_model_loading_changed)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        self._bus.subscribe({Topic.CASES}, self._on_bus_cases_changed)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._shown:
            self._shown = True
            self.reload()

    def _on_bus_cases_changed(self) -> None:
        if self._shown:
            self.reload()

    # --- the question asked -------------------------------------------------------------------------

    def query(self) -> CaseQuery:
        status = self.status.currentData()
        statuses = tuple(OPEN) if status == OPEN_STATUSES else (CaseStatus(status),) if status else ()
        return CaseQuery(
            statuses=tuple(sorted(statuses)), category_id=self.category.currentData(),
            grid_id=self.grid.currentData(), department_id=self.department.currentData(),
            urgency=self.urgency.currentData(), channel=Channel(self.channel.currentData())
            if self.channel.currentData() else None, date_from=self._day(self.date_from),
            date_to=self._day(self.date_to), overdue=self.overdue.isChecked(), in_pool=self.in_pool.isChecked(),
            repeats=self.repeats.isChecked(), text=self.search.text(), sort=self._sort, descending=self._descending)

    @staticmethod
    def _day(edit: QDateEdit) -> date | None:
        return None if edit.date() == NO_DATE else day_of(edit)

    def clear_filters(self) -> None:
        widgets = (self.status, self.category, self.grid, self.department, self.urgency, self.channel,
                   self.date_from, self.date_to, self.overdue, self.in_pool, self.repeats, self.search)
        for w in widgets:
            w.blockSignals(True)
        for combo in (self.status, self.category, self.grid, self.department, self.urgency, self.channel):
            combo.setCurrentIndex(0)
        self.date_from.setDate(NO_DATE)
        self.date_to.setDate(NO_DATE)
        self.overdue.setChecked(False)
        self.in_pool.setChecked(False)
        self.repeats.setChecked(False)
        self.search.clear()
        for w in widgets:
            w.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        """Ask again: the first page, then the count, both off the GUI thread."""
        self._search_timer.stop()
        self.banner.hide()
        query = self.query()
        self._query = query
        self.model.reload()
        self.count.setText(self.tr("Searching…"))
        case_list, actor = self._services.case_list, self._actor
        self._ops.read(lambda: case_list.count(actor, query), self._on_count, key="count")

    # --- the ledger (台账) -----------------------------------------------------------------------------

    def _on_export_clicked(self) -> None:
        day = local(self._services.clock.now()).strftime("%Y%m%d")
        ask_save_path(self, "case_list_export_dialog", self.tr("Export the ledger"),
                      f"诉求台账-{day}.xlsx",
                      [self.tr("Excel workbooks (*.xlsx)"), self.tr("CSV files (*.csv)")], self.export_to)

    def export_to(self, path: Path) -> Task:
        """Write the requests the current filters select (xlsx or csv by the file's suffix), off the GUI thread."""
        query, fmt = self.query(), path.suffix.lower().lstrip(".")
        export, actor = self._services.export, self._actor
        return self._ops.write_file(
            path, lambda: export.export(actor, fmt, path, query),
            lambda result: self.tr("{n} request(s) with {events} event(s) were exported to {path}. The file holds "
                                   "residents' names, phone numbers and addresses: keep it in the office.").format(
                n=result.cases, events=result.events, path=result.path),
            busy=[self.export_button])

    def _fetch(self, offset: int) -> CasePage:
        """On the thread pool: the page from ``offset`` of the list last asked for."""
        return self._services.case_list.page(self._actor, self._query, offset, self.page_rows)

    # --- answers ------------------------------------------------------------------------------------

    def _on_count(self, count: CaseCount) -> None:
        self.count.setText(self.tr("{n} requests").format(n=count.n) if count.exact
                           else self.tr("More than {n} requests").format(n=count.n))

    def _on_model_page_loaded(self, rows: int) -> None:
        if rows and rows <= self.page_rows:
            self.table.resizeColumnsToContents()

    def _on_model_loading_changed(self, loading: bool) -> None:
        self.table.setCursor(Qt.CursorShape.BusyCursor if loading else Qt.CursorShape.ArrowCursor)

    def _on_model_sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        sort = self.COLUMN_SORTS[column]
        assert sort is not None
        self._sort, self._descending = sort, order == Qt.SortOrder.DescendingOrder
        self.reload()

    def _on_header_sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if self.COLUMN_SORTS[column] is None:  # not sortable: the arrow stays where the order is
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.COLUMN_SORTS.index(self._sort), Qt.SortOrder.DescendingOrder
                                    if self._descending else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_opened.emit(self.model.row_at(index.row()).id)

    def _on_open_shortcut_activated(self) -> None:
        chosen = self.selected_case()
        if chosen is not None:
            self.case_opened.emit(chosen)

    def selected_case(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None
