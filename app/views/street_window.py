"""街道总览: the street's view in a window of its own (``main.py street --db URL``, issue 21).

No desk log-in: the PostgreSQL account in the address is the street's administrator. Every community side by side
(requests received, the three rates, the pool and the overdue now), the period chooser (本周, 本月, 本季度, chosen
days), the departments' red and black list across communities below, and 导出 to a workbook of what is shown. The
figures are read off the GUI thread (``Operations.read``); a server that refuses or cannot be reached is said in the
banner, and 刷新 asks again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.cases import rates
from app.services.cases.counting import percent
from app.services.core.clock import local
from app.services.core.errors import DomainError
from app.services.sync.street_view import CommunityRow, StreetDepartmentScore, StreetView, StreetViewService
from app.services.sync.street_view_export import write_xlsx
from app.views import type_scale
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, read_only_table
from app.views.widgets import Banner, ask_save_path, date_edit, icon, name_widget, render_error, row


class StreetWindow(QMainWindow):
    def __init__(self, service: StreetViewService) -> None:
        super().__init__()
        self.setObjectName("street_window")
        self.setWindowTitle(self.tr("Street overview"))
        self._service = service
        self.view: StreetView | None = None
        self.banner = Banner("street_banner")
        self._ops = Operations(self, None, self.banner)

        self.period = name_widget(QComboBox(), "street_period", self.tr("Period"))
        for key, text in (("week", self.tr("This week")), ("month", self.tr("This month")),
                          ("quarter", self.tr("This quarter")), ("custom", self.tr("Custom"))):
            self.period.addItem(text, key)
        self.period.setCurrentIndex(1)
        today = self.today()
        self.since = date_edit(today, "street_since", self.tr("From"))
        self.until = date_edit(today, "street_until", self.tr("To"))
        self.refresh_button = name_widget(QPushButton(icon("fa5s.sync"), self.tr("Refresh")), "street_refresh",
                                          self.tr("Count again"))
        self.export_button = name_widget(QPushButton(icon("fa5s.file-export"), self.tr("Export…")), "street_export",
                                         self.tr("Export what is shown to a workbook"))
        self.export_button.setEnabled(False)
        self.status = QLabel()
        self.status.setObjectName("street_status")
        self.status.setWordWrap(True)

        whole = self.tr("Whole street")
        self.communities: RowsModel[CommunityRow] = RowsModel([
            Column(self.tr("Community"), lambda c: c.community or whole),
            Column(self.tr("Received"), lambda c: c.figures.received, align_right=True),
            Column(self.tr("Response rate"), lambda c: percent(c.figures.response_rate), align_right=True),
            Column(self.tr("Resolution rate"), lambda c: percent(c.figures.resolution_rate), align_right=True),
            Column(self.tr("Satisfaction rate"), lambda c: percent(c.figures.satisfaction_rate), align_right=True),
            Column(self.tr("In the pool"), lambda c: c.pool, align_right=True),
            Column(self.tr("Overdue"), lambda c: c.overdue, align_right=True),
            Column(self.tr("Desks"), lambda c: "、".join(c.desks) if c.community else self.tr("{n} desks").format(
                n=len(c.desks))),
        ])
        self.table = read_only_table(self.communities, "street_communities", self.tr("Every community"), 7)
        type_scale.set_role(self.table, "emphasis")
        red, black = self.tr("Red"), self.tr("Black")
        self.ranking: RowsModel[tuple[str, int, StreetDepartmentScore]] = RowsModel([
            Column(self.tr("List"), lambda r: r[0]),
            Column(self.tr("Place"), lambda r: r[1], align_right=True),
            Column(self.tr("Community"), lambda r: r[2].community),
            Column(self.tr("Department"), lambda r: r[2].name),
            Column(self.tr("Called in"), lambda r: r[2].called, align_right=True),
            Column(self.tr("On-time report rate"), lambda r: percent(r[2].on_time_rate), align_right=True),
        ])
        self._red_black = (red, black)
        self.ranking_table = read_only_table(self.ranking, "street_ranking", self.tr("Red and black list"), 3)
        heading = QLabel(self.tr("Departments: red and black list across communities"))
        type_scale.set_role(heading, "heading")

        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addWidget(row(QLabel(self.tr("Period")), self.period, QLabel(self.tr("From")), self.since,
                          QLabel(self.tr("To")), self.until, self.refresh_button, 1, self.export_button))
        lay.addWidget(self.banner)
        lay.addWidget(self.status)
        lay.addWidget(self.table, 3)
        lay.addWidget(heading)
        lay.addWidget(self.ranking_table, 2)
        self.setCentralWidget(body)

        self.period.currentIndexChanged.connect(self._on_period_changed)
        self.since.dateChanged.connect(self._on_date_changed)
        self.until.dateChanged.connect(self._on_date_changed)
        self.refresh_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self._on_export)
        self._on_period_changed()

    def today(self) -> date:
        return local(self._service.clock.now()).date()

    def days(self) -> tuple[date, date]:
        key = self.period.currentData()
        if key == "custom":
            first, last = self.since.date().toPython(), self.until.date().toPython()
            assert isinstance(first, date) and isinstance(last, date)
            return (first, last) if first <= last else (last, first)
        return rates.period(key, self.today())

    def _on_period_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        self.since.setEnabled(custom)
        self.until.setEnabled(custom)
        if not custom:
            first, last = self.days()
            for edit, day in ((self.since, first), (self.until, last)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self.reload()

    def _on_date_changed(self) -> None:
        if self.period.currentData() == "custom":
            self.reload()

    def reload(self) -> None:
        first, last = self.days()
        self.status.setText(self.tr("Counting {first} to {last}…").format(first=first, last=last))
        self._ops.read(lambda: self._service.view(first, last), self._show, key="view", refused=self._refused)

    def _refused(self, exc: DomainError) -> None:
        """The server refused or cannot be reached: said in the banner; the figures shown before stay."""
        self.status.setText("")
        self.banner.say("error", render_error(exc))

    def _show(self, view: StreetView) -> None:
        self.view = view
        self.banner.hide()
        self.communities.set_rows([view.totals, *view.communities])  # the whole street first: seen without scrolling
        place = {id(s): i for i, s in enumerate(view.ranking, 1)}
        red, black = self._red_black
        self.ranking.set_rows([(red, place[id(s)], s) for s in view.red_list]
                              + [(black, place[id(s)], s) for s in view.black_list])
        self.table.resizeColumnsToContents()
        self.ranking_table.resizeColumnsToContents()
        self.export_button.setEnabled(True)
        self.status.setText(self.tr("{first} to {last}: requests received in this period, {n} communities; the pool "
                                    "and the overdue are as of {time}.").format(
            first=view.first, last=view.last, n=len(view.communities), time=f"{view.made_at:%H:%M}"))

    def _on_export(self) -> None:
        view = self.view
        if view is None:
            return
        name = f"街道总览-{view.first:%Y%m%d}-{view.last:%Y%m%d}.xlsx"
        ask_save_path(self, "street_export_dialog", self.tr("Export the street's view"), name,
                      [self.tr("Excel workbook (*.xlsx)")], self.export_to)

    def export_to(self, path: Path) -> None:
        view = self.view
        assert view is not None
        self._ops.write_file(path, lambda: write_xlsx(view, path),
                             lambda p: self.tr("Exported to {path}.").format(path=p.name))


def run_street(db_url: str) -> int:
    """``main.py street --db URL``: the window until it is closed."""
    from app.views.application import prepare_application

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    prepare_application(app)
    from app.services.core.clock import SystemClock

    service = StreetViewService(db_url, SystemClock())
    try:
        window = StreetWindow(service)
        window.resize(1280, 700)
        window.show()
        return app.exec()
    finally:
        service.close()
