"""The desk's start page: today's count and the latest requests, with their receipts at hand."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.auth import Actor
from app.services.clock import local
from app.services.container import Services
from app.services.errors import DomainError
from app.services.intake import CaseRow
from app.services.receipt import render_receipt
from app.views.bus import ChangeBus
from app.views.pdf_preview import PdfPreviewDialog
from app.views.tables import Column, RowsModel, read_only_table
from app.views.widgets import Banner, icon, label_of, name_widget, render_error


class HomePage(QWidget):
    new_intake_requested = Signal()

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home_page")
        self._services = services
        self._actor = actor
        self.preview: PdfPreviewDialog | None = None
        self.greeting = QLabel()
        self.greeting.setObjectName("home_greeting")
        self.greeting.setStyleSheet("font-size:16pt; font-weight:600; color:#2b4c7e;")
        self.today = QLabel()
        self.today.setObjectName("home_today")
        self.today.setStyleSheet("font-size:13pt;")
        self.new_button = name_widget(QPushButton(icon("fa5s.plus", "white"), self.tr("New request (Ctrl+N)")),
                                      "home_new_request", self.tr("Log a new request"))
        self.new_button.setStyleSheet("background:#2b4c7e; color:white; font-weight:600; padding:10px 18px;")
        self.reprint_button = name_widget(QPushButton(icon("fa5s.print"), self.tr("Receipt of the chosen request")),
                                          "home_reprint", self.tr("Show the receipt of the chosen request again"))
        self.banner = Banner("home_banner")
        self.model: RowsModel[CaseRow] = RowsModel([
            Column(self.tr("Case no."), lambda r: r.case_no),
            Column(self.tr("Logged"), lambda r: local(r.created_at).strftime("%m-%d %H:%M")),
            Column(self.tr("Channel"), lambda r: label_of(r.channel)),
            Column(self.tr("Category"), lambda r: r.category),
            Column(self.tr("Summary"), lambda r: r.summary),
            Column(self.tr("Resident"), lambda r: r.resident_name),
            Column(self.tr("Address"), lambda r: r.address),
            Column(self.tr("Households"), lambda r: r.households_count, align_right=True),
            Column(self.tr("Status"), lambda r: label_of(r.status)),
            Column(self.tr("Deadline"), lambda r: local(r.deadline_at).strftime("%m-%d %H:%M")),
        ])
        self.table = read_only_table(self.model, "home_recent_table", self.tr("Latest requests"), stretch_column=4)
        top = QHBoxLayout()
        top.addWidget(self.greeting, 1)
        top.addWidget(self.new_button)
        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("Latest requests")))
        actions.addStretch(1)
        actions.addWidget(self.reprint_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.today)
        lay.addWidget(self.banner)
        lay.addLayout(actions)
        lay.addWidget(self.table, 1)
        self.new_button.clicked.connect(self.new_intake_requested)
        self.reprint_button.clicked.connect(self._on_reprint_clicked)
        self.table.doubleClicked.connect(self._on_reprint_clicked)
        bus.cases_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        try:
            info = self._services.setup.community_info()
            rows = self._services.intake.recent(self._actor, 100)
            today = self._services.intake.count_today(self._actor)
        except DomainError as exc:
            self.banner.say("error", render_error(exc))
            return
        self.greeting.setText(self.tr("{community} · {desk}").format(community=info.name, desk=info.desk_name))
        self.today.setText(self.tr("Requests logged today: {n}").format(n=today))
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

    def _on_reprint_clicked(self, *_: object) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.banner.say("warn", self.tr("Choose a request in the list first."))
            return
        row = self.model.row_at(index.row())
        try:
            data = self._services.intake.receipt(self._actor, row.id)
        except DomainError as exc:
            self.banner.say("error", render_error(exc))
            return
        path = self._services.paths.printouts / f"receipt-{row.case_no}.pdf"
        render_receipt(data, path)
        self.preview = PdfPreviewDialog(path, self.tr("Receipt {no}").format(no=row.case_no), self)
        self.preview.open()
