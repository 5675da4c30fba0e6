"""The desk's start page: today's count and the latest requests, with their receipts at hand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Role
from app.domain.topics import Topic
from app.services.care.duties import DueCounts
from app.services.cases.intake import CaseRow
from app.services.community.readiness import ReadinessItem
from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.files import Printout, save_printout
from app.services.core.setup import CommunityInfo
from app.services.documents.receipt import render_receipt
from app.views import keys
from app.views.bus import ChangeBus
from app.views.council_reminder import CouncilReminder
from app.views.frequent_callers import FrequentCallersLine
from app.views.hot_spots import HomeHotSpots
from app.views.operations import Operations
from app.views.pdf_preview import PdfPreviewDialog
from app.views.settings.page import CHECKLIST_TOPICS, checklist_text
from app.views.sync_status import ConflictsNotice
from app.views.tables import Column, RowsModel, read_only_table
from app.views.type_scale import set_role
from app.views.widgets import Banner, icon, label_of, name_widget


@dataclass(frozen=True)
class _Home:
    info: CommunityInfo
    rows: list[CaseRow]
    today: int


class HomePage(QWidget):
    new_intake_requested = Signal()
    calendar_requested = Signal()  # the administrator's notice: a year's official holidays are wanted
    setup_requested = Signal(str)  # the set-up area of the checklist's first item (grids, buildings, ...)
    duties_requested = Signal()  # 本周到期 N 项，已逾期 M 项: open 事项与走访
    councils_requested = Signal()  # a council due (issue 22): open the 议事会 tab
    resident_opened = Signal(object)  # a resident named under 本月多次来电: their page
    case_opened = Signal(object)  # a request behind a hot spot (its id)

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home_page")
        self._services = services
        self._actor = actor
        self.preview: PdfPreviewDialog | None = None
        self.greeting = QLabel()
        self.greeting.setObjectName("home_greeting")
        self.greeting.setStyleSheet("font-weight:600; color:#2b4c7e;")
        set_role(self.greeting, "greeting")
        self.today = QLabel()
        self.today.setObjectName("home_today")
        set_role(self.today, "emphasis")
        self.new_button = name_widget(QPushButton(icon("fa5s.plus", "white"), self.tr("New request ({keys})").format(
                                          keys=keys.keys_of("new_request"))),
                                      "home_new_request", self.tr("Log a new request"))
        self.new_button.setStyleSheet("background:#2b4c7e; color:white; font-weight:600; padding:10px 18px;")
        self.reprint_button = name_widget(QPushButton(icon("fa5s.print"), self.tr("Receipt of the chosen request")),
                                          "home_reprint", self.tr("Show the receipt of the chosen request again"))
        self.banner = Banner("home_banner")
        self._ops = Operations(self, bus, self.banner)
        # The administrator's checklist: what still stops this desk from dispatching (a new community's set-up).
        self.checklist = QLabel()
        self.checklist.setObjectName("home_checklist")
        self.checklist.setWordWrap(True)
        self.checklist.setStyleSheet("color:#7a4100;")
        set_role(self.checklist, "emphasis")
        self.setup_button = name_widget(QPushButton(icon("fa5s.cogs"), self.tr("Set up now")), "home_setup",
                                        self.tr("Open the set-up screen for the first missing item"))
        self.checklist_box = QFrame()
        self.checklist_box.setObjectName("home_checklist_box")
        self.checklist_box.setStyleSheet("#home_checklist_box{background:#fff4e5; border:1px solid #f0c27b;}")
        box = QHBoxLayout(self.checklist_box)
        box.addWidget(self.checklist, 1)
        box.addWidget(self.setup_button)
        self.checklist_box.hide()
        self._first_area = ""
        # The administrator's notice of a year whose official holidays are not entered (working-day limits).
        self.calendar_notice = QLabel()
        self.calendar_notice.setObjectName("home_calendar_notice")
        self.calendar_notice.setWordWrap(True)
        self.calendar_notice.setStyleSheet("color:#7a4100;")
        self.calendar_button = name_widget(QPushButton(icon("fa5s.calendar-alt"), self.tr("Enter the holidays")),
                                           "home_calendar", self.tr("Open the holidays of the time limits page"))
        self.calendar_box = QFrame()
        self.calendar_box.setObjectName("home_calendar_box")
        self.calendar_box.setStyleSheet("#home_calendar_box{background:#fff4e5; border:1px solid #f0c27b;}")
        calendar_lay = QHBoxLayout(self.calendar_box)
        calendar_lay.addWidget(self.calendar_notice, 1)
        calendar_lay.addWidget(self.calendar_button)
        self.calendar_box.hide()
        self.conflicts_box = ConflictsNotice()  # 同步冲突 N 条待确认, for the administrator (issue 21)
        self.conflicts_box.open_button.clicked.connect(lambda: self.setup_requested.emit("conflicts"))
        self.duties_box = DutiesPanel()  # what is due this week and overdue (issue 19), read at start-up
        self.councils_box = CouncilReminder()  # the councils due this week, month, quarter (issue 22)
        self.frequent_box = FrequentCallersLine()  # 本月多次来电, for the director (issue 20)
        self.frequent_box.resident_opened.connect(self.resident_opened)
        self.hot_spots_box = HomeHotSpots(services, actor, self._ops)  # the last 14 days' hot spots (issue 20)
        self.hot_spots_box.case_opened.connect(self.case_opened)
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
            Column(self.tr("Resolution time limit"), lambda r: local(r.deadline_at).strftime("%m-%d %H:%M")),
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
        lay.addWidget(self.checklist_box)
        lay.addWidget(self.calendar_box)
        lay.addWidget(self.conflicts_box)
        lay.addWidget(self.duties_box)
        lay.addWidget(self.councils_box)
        lay.addWidget(self.frequent_box)
        lay.addWidget(self.hot_spots_box)
        lay.addWidget(self.banner)
        lay.addLayout(actions)
        lay.addWidget(self.table, 1)
        self.new_button.clicked.connect(self.new_intake_requested)
        self.setup_button.clicked.connect(lambda: self.setup_requested.emit(self._first_area))
        self.calendar_button.clicked.connect(self.calendar_requested)
        self.reprint_button.clicked.connect(self._on_reprint_clicked)
        self.table.doubleClicked.connect(self._on_reprint_clicked)
        bus.subscribe({Topic.CASES}, self.refresh)
        if actor.can(Permission.MANAGE_SETTINGS):
            bus.subscribe(CHECKLIST_TOPICS, self.refresh_checklist)
            self.refresh_checklist()
            bus.subscribe({Topic.RULES}, self.refresh_calendar)
            self.refresh_calendar()
            bus.subscribe({Topic.SYNC}, self.refresh_conflicts)
            self.refresh_conflicts()
        self.duties_box.open_button.clicked.connect(self.duties_requested)
        if actor.can(Permission.DUTIES):
            bus.subscribe({Topic.CARE}, self.refresh_duties)
            self.refresh_duties()
        self.councils_box.open_button.clicked.connect(self.councils_requested)
        if actor.role in (Role.CLERK, Role.DIRECTOR):  # the desk keeps the councils' cycle
            bus.subscribe({Topic.NOTICES, Topic.COMMUNITY}, self.refresh_councils)
            self.refresh_councils()
        if actor.can(Permission.VIEW_STATISTICS):
            bus.subscribe({Topic.CASES}, self.refresh_frequent)
            self.refresh_frequent()
        self.refresh()

    def refresh_duties(self) -> None:
        duties, actor = self._services.duties, self._actor
        mine = actor.user_id if actor.role is Role.GRID_WORKER else None  # a grid worker: their own
        self._ops.read(lambda: duties.counts(actor, 7, mine), self.duties_box.show_counts, key="duties")

    def refresh_councils(self) -> None:
        notices, actor = self._services.notices, self._actor
        self._ops.read(lambda: notices.due_councils(actor), self.councils_box.show_due, key="councils")

    def refresh_frequent(self) -> None:
        repeats, actor, month = self._services.repeats, self._actor, local(self._services.clock.now()).date()
        self._ops.read(lambda: repeats.frequent(actor),
                       lambda found: self.frequent_box.show_rows(found, month.replace(day=1)), key="frequent")

    def refresh(self) -> None:
        services, actor = self._services, self._actor
        self._ops.read(lambda: _Home(services.setup.community_info(), services.intake.recent(actor, 100),
                                     services.intake.count_today(actor)), self._show, key="home")
        self.hot_spots_box.refresh()

    def refresh_checklist(self) -> None:
        readiness, actor = self._services.community.readiness, self._actor
        self._ops.read(lambda: readiness.checklist(actor), self._show_checklist, key="checklist")

    def refresh_calendar(self) -> None:
        holidays, actor = self._services.holidays, self._actor
        self._ops.read(lambda: holidays.overview(actor).missing, self._show_calendar, key="calendar")

    def refresh_conflicts(self) -> None:
        conflicts, actor = self._services.sync_conflicts, self._actor
        self._ops.read(lambda: conflicts.count(actor), self.conflicts_box.show_count, key="conflicts")

    def _show_calendar(self, missing: int | None) -> None:
        if missing is not None:
            self.calendar_notice.setText(self.tr(
                "The official holidays of {year} are not entered yet: time limits in working days that run into "
                "{year} count weekends only and are marked provisional. Enter the State Council's holiday notice "
                "for {year}.").format(year=missing))
        self.calendar_box.setVisible(missing is not None)

    def _show_checklist(self, items: list[ReadinessItem]) -> None:
        self.checklist.setText(checklist_text(self.tr("Before this desk can dispatch requests:"), items))
        self._first_area = items[0].area if items else ""
        self.checklist_box.setVisible(bool(items))

    def _show(self, home: _Home) -> None:
        self.greeting.setText(self.tr("{community} · {desk}").format(community=home.info.name,
                                                                     desk=home.info.desk_name))
        self.today.setText(self.tr("Requests logged today: {n}").format(n=home.today))
        self.model.set_rows(home.rows)
        self.table.resizeColumnsToContents()

    def _on_reprint_clicked(self, *_: object) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.banner.say("warn", self.tr("Choose a request in the list first."))
            return
        row = self.model.row_at(index.row())
        intake, actor = self._services.intake, self._actor
        folder, day = self._services.paths.printouts, local(self._services.clock.now()).date()

        def reprint() -> Path:
            receipt = intake.receipt(actor, row.id)
            return save_printout(folder, Printout.RECEIPT, day, lambda out: render_receipt(receipt, out))

        self._ops.read(reprint, lambda written: self._preview(written, row.case_no), key="receipt")

    def _preview(self, path: Path, case_no: str) -> None:
        self.banner.say_printed(self.tr("Receipt {no}").format(no=case_no), path)
        self.preview = PdfPreviewDialog(path, self.tr("Receipt {no}").format(no=case_no), self)
        self.preview.open()


class DutiesPanel(QFrame):
    """本周到期 N 项，已逾期 M 项 (and those inside their reminder), with a button to 事项与走访; hidden until read."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("home_duties_box")
        self.setStyleSheet("#home_duties_box{background:#eef4fb; border:1px solid #9fbbe0;}")
        self.text = QLabel()
        self.text.setObjectName("home_duties")
        self.text.setWordWrap(True)
        set_role(self.text, "emphasis")
        self.open_button = name_widget(QPushButton(icon("fa5s.calendar-check"), self.tr("Duties and visits")),
                                       "home_duties_open", self.tr("Open the duties and visits"))
        box = QHBoxLayout(self)
        box.addWidget(self.text, 1)
        box.addWidget(self.open_button)
        self.hide()

    def show_counts(self, counts: DueCounts) -> None:
        text = self.tr("Due this week: {due}; overdue: {overdue}.").format(due=counts.due, overdue=counts.overdue)
        if counts.reminded:
            text += " " + self.tr("{n} more coming up (inspections).").format(n=counts.reminded)
        self.text.setText(text)
        self.text.setStyleSheet("color:#b00020;" if counts.overdue else "color:#1d3d66;")
        self.setVisible(True)
