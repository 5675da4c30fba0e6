"""本月多次来电 (issue 20): residents with three or more requests in one calendar month, this month and last, for the
director: a table on the dashboard and a line on the home page. Opening one (double click, Enter, or the name's
link) opens the resident's page (``resident_opened``)."""

from __future__ import annotations

import uuid
from datetime import date
from html import escape

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from app.services.cases.repeats import FREQUENT_MIN, FrequentCaller
from app.services.core.clock import local
from app.views.tables import Column, RowsModel, read_only_table
from app.views.type_scale import set_role

HOME_NAMES = 3  # residents the home page's line names; the dashboard lists them all


class FrequentCallersPanel(QObject):
    """The dashboard's table of residents who asked often (本月多次来电): ``table`` is the tab, its tooltip says what
    it lists."""

    resident_opened = Signal(object)  # the resident's id

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model: RowsModel[FrequentCaller] = RowsModel([
            Column(self.tr("Month"), lambda f: f"{f.month:%Y-%m}"),
            Column(self.tr("Resident"), lambda f: f.name),
            Column(self.tr("Requests"), lambda f: f.requests, align_right=True),
            Column(self.tr("Of them repeats"), lambda f: f.repeats, align_right=True),
            Column(self.tr("Calls recorded on earlier requests"), lambda f: f.attached, align_right=True),
            Column(self.tr("Latest request"), lambda f: f"{f.latest_no} · {local(f.latest_at):%m-%d} · "
                                                       f"{f.latest_category}"),
        ])
        self.table = read_only_table(self.model, "dashboard_frequent_table", self.tr("Residents who asked often"),
                                     stretch_column=5)
        self.table.setToolTip(self.tr("Residents with {n} or more requests in one month (this month, then last "
                                      "month). Double-click or press Enter to open the resident's page.").format(
            n=FREQUENT_MIN))
        self.table.activated.connect(self._on_table_activated)

    def show_rows(self, found: list[FrequentCaller]) -> None:
        self.model.set_rows(found)
        self.table.resizeColumnsToContents()

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.resident_opened.emit(self.model.row_at(index.row()).resident_id)


class FrequentCallersLine(QFrame):
    """The home page's line for the director: who asked three times or more this month; each name opens their page.
    Hidden while nobody did."""

    resident_opened = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home_frequent_box")
        self.setStyleSheet("#home_frequent_box{background:#fff4e5; border:1px solid #f0c27b;}")
        self.text = QLabel()
        self.text.setObjectName("home_frequent")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        set_role(self.text, "emphasis")
        box = QHBoxLayout(self)
        box.addWidget(self.text, 1)
        self.text.linkActivated.connect(self._on_link_activated)
        self.hide()

    def show_rows(self, found: list[FrequentCaller], month: date) -> None:
        """Name the residents of ``month`` (its first day) in ``found``."""
        this_month = [f for f in found if f.month == month]
        if not this_month:
            self.hide()
            return
        names = [self.tr("<a href=\"{id}\">{name}</a> {n} requests (latest {no}, {category})").format(
            id=f.resident_id, name=escape(f.name), n=f.requests, no=f.latest_no,
            category=escape(f.latest_category)) for f in this_month[:HOME_NAMES]]
        more = this_month[0].flagged - HOME_NAMES
        text = self.tr("Asked often this month: {names}").format(names="；".join(names))
        if more > 0:
            text += " " + self.tr("and {n} more (see the dashboard)").format(n=more)
        self.text.setText(text)
        self.setVisible(True)

    def _on_link_activated(self, link: str) -> None:
        self.resident_opened.emit(uuid.UUID(link))
