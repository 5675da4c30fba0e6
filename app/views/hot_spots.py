"""Where problems cluster (热点, app/services/cases/hotspots.py) on screen: the dashboard's 热点 tab (the period's hot
spots, the thresholds in spin boxes) and 供暖季对比 tab (this heating season against the last, by building, as a table
and a bar chart), the home page's panel of the last 14 days' hot spots, and the dialog listing the requests behind a
hot spot (double click or Enter on one opens its page)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QModelIndex, Signal
from PySide6.QtWidgets import QDialog, QFrame, QHeaderView, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from app.services.cases.hotspots import MIN_COUNT, WINDOW_DAYS, HotSpot, Seasons
from app.services.cases.listing import CaseListRow
from app.services.cases.rates import span
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.views.charts import BarChart
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, read_only_table
from app.views.type_scale import set_role
from app.views.widgets import STRETCH, Banner, label_of, name_widget, row

HOME_DAYS = 14  # the home page shows the hot spots of the last two weeks
SUMMARY_CHARACTERS = 30


def building_name(number: str) -> str:
    return f"{number}号楼" if number else ""


def hot_spot_columns() -> list[Column[HotSpot]]:
    return [
        Column(QCoreApplication.translate("hot_spots", "Building"), lambda s: building_name(s.building)),
        Column(QCoreApplication.translate("hot_spots", "Problem"), lambda s: s.category_name),
        Column(QCoreApplication.translate("hot_spots", "Requests"), lambda s: s.count, align_right=True),
        Column(QCoreApplication.translate("hot_spots", "First"), lambda s: local(s.first_at).strftime("%m-%d")),
        Column(QCoreApplication.translate("hot_spots", "Latest"), lambda s: local(s.last_at).strftime("%m-%d")),
    ]


class HotSpotRequestsDialog(QDialog):
    """The requests behind one hot spot, oldest first; double click or Enter opens a request's page."""

    case_opened = Signal(object)  # the request's id

    def __init__(self, spot: HotSpot, rows: list[CaseListRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hot_spot_requests")
        self.setWindowTitle(self.tr("{building} · {problem}: {n} request(s)").format(
            building=building_name(spot.building), problem=spot.category_name, n=spot.count))
        self.model: RowsModel[CaseListRow] = RowsModel([
            Column(self.tr("Case no."), lambda r: r.case_no),
            Column(self.tr("Logged"), lambda r: local(r.created_at).strftime("%Y-%m-%d %H:%M")),
            Column(self.tr("Status"), lambda r: label_of(r.status)),
            Column(self.tr("Resident"), lambda r: r.resident_name),
            Column(self.tr("Summary"), lambda r: r.summary),
        ])
        self.model.set_rows(rows)
        self.table = read_only_table(self.model, "hot_spot_requests_table", self.tr("Requests of this hot spot"),
                                     stretch_column=4)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cap_column(4, SUMMARY_CHARACTERS)  # a long summary is cut short (…), as in the request list
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        hint = QLabel(self.tr("Double-click a request, or press Enter, to open it."))
        close = name_widget(QPushButton(self.tr("Close")), "hot_spot_requests_close", self.tr("Close"))
        close.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.table, 1)
        lay.addWidget(row(STRETCH, close))
        self.resize(1000, 380)  # the summary whole up to 30 characters, on a 1366-pixel screen
        if rows:
            self.table.selectRow(0)
        self.table.setFocus()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_opened.emit(self.model.row_at(index.row()).id)
            self.accept()


class HotSpotsTable:
    """A table of hot spots whose double click or Enter lists the requests behind one (read off the GUI thread)."""

    def __init__(self, owner: QWidget, services: Services, actor: Actor, ops: Operations, object_name: str,
                 opened: Callable[[object], None]) -> None:
        self._owner, self._services, self._actor, self._ops, self._opened = owner, services, actor, ops, opened
        self.model: RowsModel[HotSpot] = RowsModel(hot_spot_columns())
        self.table = read_only_table(self.model, object_name, QCoreApplication.translate("hot_spots", "Hot spots"),
                                     stretch_column=1)
        self.table.doubleClicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        self.dialog: HotSpotRequestsDialog | None = None

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requests(self.model.row_at(index.row()))

    def open_requests(self, spot: HotSpot) -> None:
        service, actor = self._services.hot_spots, self._actor
        self._ops.read(lambda: service.requests(actor, spot.case_ids), lambda rows: self._show(spot, rows),
                       key="hot_spot_requests")

    def _show(self, spot: HotSpot, rows: list[CaseListRow]) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = HotSpotRequestsDialog(spot, rows, self._owner)
        self.dialog.case_opened.connect(self._opened)
        self.dialog.open()


class HotSpotsSection(QWidget):
    """The dashboard's 热点 tab: the period's hot spots at the thresholds chosen here."""

    case_opened = Signal(object)

    def __init__(self, services: Services, actor: Actor, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard_hot_spots")
        self._services, self._actor, self._ops = services, actor, ops
        self._period: tuple[date, date] | None = None
        self.spots: list[HotSpot] | None = None
        self.min_count = self._spin("hot_spots_min_count", self.tr("At least this many requests"), 2, 50, MIN_COUNT)
        self.window_days = self._spin("hot_spots_window_days", self.tr("Within this many days"), 1, 92, WINDOW_DAYS)
        self.listing = HotSpotsTable(self, services, actor, ops, "dashboard_hot_spots_table", self.case_opened.emit)
        self.model, self.table = self.listing.model, self.listing.table
        self.note = QLabel()
        self.note.setObjectName("hot_spots_note")
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(row(QLabel(self.tr("Same building, same problem:")), self.min_count,
                          QLabel(self.tr("or more requests within")), self.window_days, QLabel(self.tr("days")),
                          (self.note, 1)))
        lay.addWidget(self.table, 1)
        self.min_count.valueChanged.connect(self._on_threshold_changed)
        self.window_days.valueChanged.connect(self._on_threshold_changed)

    def _spin(self, object_name: str, accessible: str, low: int, high: int, value: int) -> QSpinBox:
        spin = name_widget(QSpinBox(), object_name, accessible)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setKeyboardTracking(False)  # typing "14" asks once, not for 1 and then 14
        return spin

    def load(self, first: date, last: date) -> None:
        """The hot spots of the local days ``first`` to ``last``, off the GUI thread."""
        self._period = (first, last)
        service, actor = self._services.hot_spots, self._actor
        since, until = span(first, last)
        n, days = self.min_count.value(), self.window_days.value()
        self._ops.read(lambda: service.hot_spots(actor, since, until, n, days), self._on_done, key="hot_spots")

    def _on_threshold_changed(self) -> None:
        if self._period is not None:
            self.load(*self._period)

    def _on_done(self, spots: list[HotSpot]) -> None:
        self.spots = spots
        self.model.set_rows(spots)  # default widths, the problem stretched (fitted in a hidden tab, it would not be)
        self.note.setText(self.tr("{n} hot spot(s). Double-click one, or press Enter, to see its requests.").format(
            n=len(spots)) if spots else self.tr("No hot spot in this period at these thresholds."))


class SeasonsSection(QWidget):
    """The dashboard's 供暖季对比 tab: heating requests by building, this season so far against the same span of the
    last, as a table and a bar chart (two bars a building)."""

    def __init__(self, services: Services, actor: Actor, ops: Operations, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard_seasons")
        self._services, self._actor, self._ops = services, actor, ops
        self.seasons: Seasons | None = None
        self.heading = QLabel()
        self.heading.setObjectName("seasons_heading")
        self.heading.setWordWrap(True)
        set_role(self.heading, "emphasis")
        self.model: RowsModel[tuple[str, int, int]] = RowsModel([
            Column(self.tr("Building"), lambda r: r[0]),
            Column(self.tr("This season"), lambda r: r[1], align_right=True),
            Column(self.tr("Same span last season"), lambda r: r[2], align_right=True),
            Column(self.tr("Change"), lambda r: f"{r[1] - r[2]:+d}", align_right=True),
        ])
        self.table = read_only_table(self.model, "dashboard_seasons_table", self.tr("Heating seasons compared"),
                                     stretch_column=0)
        self.chart = BarChart("dashboard_seasons_chart", self.tr("Heating requests by building"), self._file_name,
                              banner)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.heading)
        lay.addWidget(row((self.table, 2), (self.chart, 3)), 1)

    def _file_name(self) -> str:
        s = self.seasons
        return f"供暖季对比-{s.this_first:%Y%m%d}-{s.this_last:%Y%m%d}.png" if s else "供暖季对比.png"

    def load(self) -> None:
        service, actor = self._services.hot_spots, self._actor
        self._ops.read(lambda: service.seasons(actor), self._on_done, key="seasons")

    def _on_done(self, seasons: Seasons) -> None:
        self.seasons = seasons
        this, last = self.tr("This season"), self.tr("Same span last season")
        rows = [(building_name(b.building), b.this, b.last) for b in seasons.buildings]
        total = (self.tr("All requests"), seasons.this_total, seasons.last_total)
        self.model.set_rows([*rows, total])
        self.chart.set_bars([r[0] for r in rows], [(this, [r[1] for r in rows]), (last, [r[2] for r in rows])])
        words = (self.tr("Heating season {a} to {b} (whole)") if seasons.complete
                 else self.tr("Heating season so far, {a} to {b}"))
        self.heading.setText(self.tr("{season}: {n} heating request(s); {c} to {d} a year earlier: {m}.").format(
            season=words.format(a=seasons.this_first.isoformat(), b=seasons.this_last.isoformat()),
            n=seasons.this_total, c=seasons.last_first.isoformat(), d=seasons.last_last.isoformat(),
            m=seasons.last_total) + ("" if seasons.categories else " " + self.tr(
                "(No heating category in the catalogue.)")))


class HomeHotSpots(QFrame):
    """The home page's panel: the last 14 days' hot spots (3 or more in 14 days), hidden when there are none."""

    case_opened = Signal(object)

    def __init__(self, services: Services, actor: Actor, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home_hot_spots_box")
        self.setStyleSheet("#home_hot_spots_box{background:#fdf3f2; border:1px solid #e6b0aa;}")
        self._services, self._actor, self._ops = services, actor, ops
        self.spots: list[HotSpot] | None = None
        self.title = QLabel()
        self.title.setObjectName("home_hot_spots")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("color:#8c1d18;")
        set_role(self.title, "emphasis")
        self.listing = HotSpotsTable(self, services, actor, ops, "home_hot_spots_table", self.case_opened.emit)
        self.model, self.table = self.listing.model, self.listing.table
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.table)
        self.hide()

    def refresh(self) -> None:
        service, actor = self._services.hot_spots, self._actor
        today = local(self._services.clock.now()).date()
        since, until = span(today - timedelta(days=HOME_DAYS - 1), today)
        self._ops.read(lambda: service.hot_spots(actor, since, until), self._on_done, key="hot_spots")

    def _on_done(self, spots: list[HotSpot]) -> None:
        self.spots = spots
        self.model.set_rows(spots)
        self.table.resizeColumnsToContents()
        shown = min(len(spots), 4)  # a few rows; more scroll
        header = self.table.horizontalHeader().height()
        self.table.setFixedHeight(header + shown * self.table.verticalHeader().defaultSectionSize() + 4)
        self.title.setText(self.tr("Hot spots of the last {days} days: {n} (the same problem {k} or more times in "
                                   "one building). Double-click one to see its requests.").format(
            days=HOME_DAYS, n=len(spots), k=MIN_COUNT))
        self.setVisible(bool(spots))
