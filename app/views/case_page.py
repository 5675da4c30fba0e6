"""诉求详情: one request's head, the departments called in, its whole timeline (read-only), and the steps this
account may take now.

The buttons are exactly ``CaseDetail.actions`` (the service decides by status and role; it checks again when the
step is taken). Each step opens one ``StepDialog``; after it the page reads the case again, so the timeline grows.
The case is read on the thread pool (a long timeline must not freeze the desk): while it loads the page says so and
its step buttons wait; an answer for a case no longer asked for is dropped.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Breach, CaseStatus, EventKind, HandlingLevel, MessageChannel, MessageKind, Satisfaction
from app.domain.topics import Topic
from app.services.cases.followup import tries_in
from app.services.cases.reach import PENDING, RETURNED
from app.services.cases.timeline import OPEN
from app.services.cases.workflow import (
    DEPARTMENT_HOURS_MAX,
    CaseAbout,
    CaseDetail,
    DepartmentCall,
    TimelineEntry,
)
from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.ledger.timebank.team_cases import TeamChoice
from app.services.programmes.employment_data import CaseJobLink
from app.views import keys
from app.views.bus import ChangeBus
from app.views.canned_replies import add_replies
from app.views.case_dialogs import StepDialog, checked, checklist
from app.views.followup_page import CHOICES, NO_ANSWER
from app.views.message_dialog import MessageDialog
from app.views.operations import Operations
from app.views.partner_suggestions import ResourcePanel
from app.views.resident_widgets import describe
from app.views.tables import Column, Index, RowsModel, read_only_table
from app.views.timebank.team_dialogs import fill_team_step
from app.views.type_scale import set_role
from app.views.widgets import STRETCH, Banner, hidden_unless, icon, label_of, name_widget, row, urgency_label

TIME_FORMAT = "%Y-%m-%d %H:%M"
WHAT_WIDTH = 300  # pixels at most for the timeline's "what" column; longer text wraps
ROW_COLOURS = {EventKind.WARNED: "#fff4e5", EventKind.ESCALATED: "#fdecea"}
STATUS_COLOURS = {CaseStatus.NEW: "#a15c00", CaseStatus.DISPATCHED: "#2b4c7e", CaseStatus.RESPONDED: "#1f6f8b",
                  CaseStatus.SUSPENDED: "#6b6b6b", CaseStatus.RESOLVED: "#0d7a3a", CaseStatus.CLOSED: "#4a5a4a",
                  CaseStatus.MERGED: "#6b6b6b"}
BADGE = "border-radius:4px; padding:3px 10px; font-weight:600; color:white; background:{};"

# The order of the buttons, and each one's icon.
ACTIONS: list[tuple[EventKind, str]] = [
    (EventKind.DISPATCHED, "fa5s.share"),
    (EventKind.RESPONDED, "fa5s.phone"),
    (EventKind.NOTE, "fa5s.comment-dots"),
    (EventKind.DEPARTMENTS_CALLED, "fa5s.bullhorn"),
    (EventKind.DEPARTMENT_REPORTED, "fa5s.clipboard-check"),
    (EventKind.LEVEL_RAISED, "fa5s.level-up-alt"),
    (EventKind.SUSPENDED, "fa5s.pause"),
    (EventKind.RESUMED, "fa5s.play"),
    (EventKind.RESOLVED, "fa5s.check"),
    (EventKind.FOLLOWED_UP, "fa5s.phone-volume"),
    (EventKind.CLOSED, "fa5s.archive"),
    (EventKind.REOPENED, "fa5s.redo"),
    (EventKind.MERGED, "fa5s.compress-alt"),
    (EventKind.NOTE_REVIEWED, "fa5s.user-check"),  # a grid worker's public note waiting for the desk's review
]


def when(at: datetime | None) -> str:
    return local(at).strftime(TIME_FORMAT) if at is not None else ""


class TimelineModel(RowsModel[TimelineEntry]):
    """The timeline's rows, warnings and escalations tinted (their words say it too)."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.BackgroundRole:
            colour = ROW_COLOURS.get(self.row_at(index.row()).kind)
            return QColor(colour) if colour else None
        if index.isValid() and role == Qt.ItemDataRole.FontRole and self.row_at(index.row()).public:
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class CasePage(QWidget):
    back_requested = Signal()
    case_opened = Signal(object)  # another request's id (the survivor of a merge)
    loaded = Signal()  # a read of the case has been answered (shown, or refused with a message)
    resident_opened = Signal(object)  # the resident's id: their page
    employment_opened = Signal(object)  # a job seeker's file, opened or joined from this request (issue 22)

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_page")
        self._services = services
        self._actor = actor
        self._bus = bus
        self.case_id: uuid.UUID | None = None
        self.detail: CaseDetail | None = None
        self.dialog: StepDialog | None = None
        self.message_dialog: MessageDialog | None = None
        self.loading = False
        self._build()
        self._ops = Operations(self, bus, self.banner)
        bus.subscribe({Topic.CASES}, self._on_cases_changed)  # a step here, on another page or by the ladder

    # --- construction -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = Banner("case_banner")
        self.back_button = name_widget(QPushButton(icon("fa5s.arrow-left"), self.tr("Back to the list")),
                                       "case_back", self.tr("Back to the list of requests"))
        self.empty_hint = QLabel(self.tr("Open a request from the list of requests (double-click it)."))
        self.empty_hint.setObjectName("case_empty_hint")
        self.empty_hint.setStyleSheet("color:#555; padding:24px;")
        set_role(self.empty_hint, "heading")
        self.loading_label = QLabel(self.tr("Loading the request…"))
        self.loading_label.setObjectName("case_loading")
        self.loading_label.setStyleSheet("color:#2b4c7e; padding:0 12px;")
        self.loading_label.hide()

        self.case_no = self._label("case_no_label", "font-weight:700; color:#2b4c7e;", role="figure")
        self.case_no.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_badge = self._label("case_status_badge", "", wrap=False)
        self.level_badge = self._label("case_level_badge", BADGE.format("#5b6b82"), wrap=False)
        self.pool_badge = self._label("case_pool_badge", BADGE.format("#8c1d18"), wrap=False)
        self.pool_badge.setText(self.tr("Difficult problems pool"))
        self.overdue_badge = self._label("case_overdue_badge", BADGE.format("#b3261e"), wrap=False)
        self.overdue_badge.setText(self.tr("Overdue"))
        self.escalated_badge = self._label("case_escalated_badge", BADGE.format("#a15c00"), wrap=False)
        self.escalated_badge.setText(self.tr("Reported to the director"))
        self.due = self._label("case_due_label", "font-weight:600;", role="emphasis")
        self.survivor_button = name_widget(QPushButton(icon("fa5s.external-link-alt"), ""), "case_open_survivor",
                                           self.tr("Open the request this one was merged into"))
        head = row(self.case_no, self.status_badge, self.level_badge, self.pool_badge, self.overdue_badge,
                   self.escalated_badge, -1, self.survivor_button)

        self.resident = self._label("case_resident_label", "")
        self.resident_button = name_widget(QPushButton(icon("fa5s.id-card"), self.tr("Resident's page")),
                                           "case_resident_profile", self.tr("Everything about this resident"))
        hidden_unless(self.resident_button, self._actor.can(Permission.REGISTER))
        self.resident_button.clicked.connect(self._open_resident)
        self.category = self._label("case_category_label", "")
        self.logged = self._label("case_logged_label", "")
        self.households = self._label("case_households_label", "")
        self.assignee = self._label("case_assignee_label", "")
        self.description = self._label("case_description",
                                       "background:#f4f6f9; padding:8px; border-radius:4px;", role="emphasis")
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        facts = QGridLayout()
        facts.setContentsMargins(0, 0, 0, 0)
        for i, (caption, value) in enumerate([(self.tr("Resident"), row(self.resident, self.resident_button,
                                                                            STRETCH)),
                                              (self.tr("Category"), self.category),
                                              (self.tr("Logged"), self.logged),
                                              (self.tr("Households"), self.households),
                                              (self.tr("Handler"), self.assignee),
                                              (self.tr("Time limits of this request"), self.due)]):
            cap = QLabel(caption)
            cap.setStyleSheet("color:#555;")
            facts.addWidget(cap, i // 2, (i % 2) * 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            facts.addWidget(value, i // 2, (i % 2) * 2 + 1)
        facts.setColumnStretch(1, 1)
        facts.setColumnStretch(3, 1)

        self.departments_model: RowsModel[Any] = RowsModel([
            Column(self.tr("Department"), lambda d: d.name),
            Column(self.tr("Called in"), lambda d: when(d.called_at)),
            Column(self.tr("Report by"), lambda d: when(d.report_due_at) or "—"),  # none once reported
            Column(self.tr("Report"), self._report_text),
        ])
        self.departments = read_only_table(self.departments_model, "case_departments_table",
                                           self.tr("Departments called in"), stretch_column=3)
        self.departments_box = QGroupBox(self.tr("Departments called in (吹哨报到)"))
        QVBoxLayout(self.departments_box).addWidget(self.departments)

        self.timeline_model = TimelineModel([
            Column(self.tr("Time"), lambda e: when(e.at)),
            Column(self.tr("Who"), lambda e: e.actor_name or self.tr("System")),
            Column(self.tr("What"), self.what_happened),
            Column(self.tr("Note"), lambda e: e.note),
        ])
        self.timeline = read_only_table(self.timeline_model, "case_timeline", self.tr("Timeline"), stretch_column=3)
        self.timeline.setWordWrap(True)
        # a note wraps to the width its column gets once laid out: the rows' heights follow the columns'
        # once per round of the event loop: a layout resizes the columns one by one, and each fit of every row's
        # height cost 30-150 ms of the GUI thread on a long timeline (gui_stalls_bench.py)
        self._fit_rows_timer = QTimer(self)
        self._fit_rows_timer.setSingleShot(True)
        self._fit_rows_timer.setInterval(0)
        self._fit_rows_timer.timeout.connect(self._fit_timeline_rows)
        self.timeline.horizontalHeader().sectionResized.connect(self._on_timeline_section_resized)
        timeline_box = QGroupBox(self.tr("Timeline"))
        QVBoxLayout(timeline_box).addWidget(self.timeline)
        # 可用资源 (issue 22): the resource list's partners that fit, once dispatched or whistled
        self.resources = ResourcePanel(self._services, self._actor, self._bus, self.banner)

        self.buttons: dict[EventKind, QPushButton] = {}
        actions_box = QGroupBox(self.tr("Steps"))
        actions_lay = QVBoxLayout(actions_box)
        for kind, icon_name in ACTIONS:
            button = QPushButton(icon(icon_name), self._button_text(kind))
            name_widget(button, f"case_action_{kind.value}", self._button_text(kind))
            button.setStyleSheet("text-align:left; padding:8px 12px;")
            set_role(button, "emphasis")
            button.clicked.connect(lambda _=False, k=kind: self.start_step(k))
            button.hide()
            actions_lay.addWidget(button)
            self.buttons[kind] = button
        # 交给志愿服务队 (issue 22): a dispatch to a volunteer team, shown with the dispatch it is a kind of
        self.team_button = QPushButton(icon("fa5s.users"), self.tr("Give to a volunteer team"))
        name_widget(self.team_button, "case_action_team", self.tr("Give to a volunteer team"))
        self.team_button.setStyleSheet("text-align:left; padding:8px 12px;")
        set_role(self.team_button, "emphasis")
        self.team_button.clicked.connect(self.start_team_step)
        self.team_button.hide()
        actions_lay.insertWidget(1, self.team_button)
        # 发消息: words to the resident, for those who handle the request (the progress note's rule: see below)
        self.message_button = QPushButton(icon("fa5s.sms"), self.tr("Send a message"))
        name_widget(self.message_button, "case_send_message", self.tr("Send the resident a message ({key})").format(
            key=keys.keys_of("send_message")))
        self.message_button.setToolTip(keys.keys_of("send_message"))
        self.message_button.setStyleSheet("text-align:left; padding:8px 12px;")
        set_role(self.message_button, "emphasis")
        self.message_button.clicked.connect(self.send_message)
        self.message_button.hide()
        actions_lay.addWidget(self.message_button)
        keys.shortcut("send_message", self, self.send_message, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # 建立就业档案: a request of the 就业帮扶 class opens (or joins) its resident's job seeker's file (issue 22)
        self.job_button = QPushButton(icon("fa5s.briefcase"), self.tr("Open job file"))
        name_widget(self.job_button, "case_job_file", self.tr("Open or join the resident's job seeker's file"))
        self.job_button.setStyleSheet("text-align:left; padding:8px 12px;")
        set_role(self.job_button, "emphasis")
        self.job_button.clicked.connect(self.open_job_file)
        self.job_button.hide()
        actions_lay.addWidget(self.job_button)
        self.no_actions = QLabel(self.tr("Nothing for you to do on this request now."))
        self.no_actions.setObjectName("case_no_actions")
        self.no_actions.setWordWrap(True)
        self.no_actions.setStyleSheet("color:#555;")
        actions_lay.addWidget(self.no_actions)
        actions_lay.addStretch(1)
        actions_box.setFixedWidth(230)

        self.body = QWidget()
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(head)
        left.addLayout(facts)
        left.addWidget(self.description)
        left.addWidget(self.departments_box)
        left.addWidget(self.resources)
        left.addWidget(timeline_box, 1)
        body = row((self._holder(left), 1), actions_box)
        body_layout = QVBoxLayout(self.body)
        body_layout.addWidget(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        self.body.hide()

        lay = QVBoxLayout(self)
        lay.addWidget(row(self.back_button, self.loading_label, -1))
        lay.addWidget(self.banner)
        lay.addWidget(self.empty_hint)
        lay.addWidget(self.body, 1)
        self.back_button.clicked.connect(self.back_requested)
        self.survivor_button.clicked.connect(self._on_survivor_clicked)

    @staticmethod
    def _holder(layout: QVBoxLayout) -> QWidget:
        widget = QWidget()
        widget.setLayout(layout)
        return widget

    @staticmethod
    def _label(object_name: str, style: str, wrap: bool = True, role: str = "body") -> QLabel:
        label = QLabel()
        label.setObjectName(object_name)
        label.setWordWrap(wrap)
        set_role(label, role)
        if style:
            label.setStyleSheet(style)
        return label

    def _button_text(self, kind: EventKind) -> str:
        return {
            EventKind.DISPATCHED: self.tr("Dispatch"),
            EventKind.RESPONDED: self.tr("Respond"),
            EventKind.NOTE: self.tr("Progress note"),
            EventKind.DEPARTMENTS_CALLED: self.tr("Call in departments"),
            EventKind.DEPARTMENT_REPORTED: self.tr("Department reported"),
            EventKind.LEVEL_RAISED: self.tr("Raise the level"),
            EventKind.SUSPENDED: self.tr("Suspend"),
            EventKind.RESUMED: self.tr("Resume"),
            EventKind.RESOLVED: self.tr("Resolve"),
            EventKind.FOLLOWED_UP: self.tr("Follow-up call"),
            EventKind.CLOSED: self.tr("Close"),
            EventKind.REOPENED: self.tr("Reopen"),
            EventKind.MERGED: self.tr("Merge into another"),
            EventKind.NOTE_REVIEWED: self.tr("Review public note"),
        }[kind]

    # --- showing a case -----------------------------------------------------------------------------

    def open_case(self, case_id: uuid.UUID) -> None:
        if case_id != self.case_id or self.detail is None:  # another request: nothing of the last one stays shown
            self.detail = None
            self.body.hide()
        self.case_id = case_id
        self.banner.hide()
        self.reload()

    def reload(self) -> None:
        """Read the case again (after a step, or when another desk may have moved it on), off the GUI thread."""
        if self.case_id is None:
            return
        case_id = self.case_id
        self.loading = True
        self.empty_hint.hide()
        self.loading_label.show()
        for button in self.buttons.values():
            button.setEnabled(False)  # a step waits for the case as it is now
        workflow, actor = self._services.workflow, self._actor
        self._ops.read(lambda: workflow.detail(actor, case_id), self._on_loaded, key="detail",
                       refused=self._on_load_refused)

    def _on_loaded(self, detail: CaseDetail) -> None:
        self._loading_done()
        self.detail = detail
        self._show(detail)
        self.loaded.emit()

    def _on_load_refused(self, exc: DomainError) -> None:
        self._loading_done()
        if self.detail is None:
            self.empty_hint.show()
        self._ops.show_refusal(exc)
        self.loaded.emit()

    def _loading_done(self) -> None:
        self.loading = False
        self.loading_label.hide()
        for button in self.buttons.values():
            button.setEnabled(True)

    def _open_resident(self) -> None:
        detail = self.detail
        if detail is not None:
            self.resident_opened.emit(detail.about.resident.id)

    def _limit_lines(self, status: CaseStatus, about: CaseAbout, now: datetime) -> list[str]:
        """Each running limit by its name and due time, soonest first: 响应时限 (the handler's first response),
        答复时限 (the reply promised to the resident on the receipt), 办结时限, 回访时限, a department's 报到时限."""
        named: list[tuple[datetime, str]] = []
        if about.reply_due_at is not None and status in OPEN:
            named.append((about.reply_due_at, self.tr("Reply time limit")))
        for limit in about.limits:
            name = label_of(limit.breach)
            if limit.provisional:
                name = self.tr("{limit} (provisional: that year's official holidays are not entered yet)").format(
                    limit=name)
            named.append((limit.due_at, f"{name}（{limit.department}）" if limit.department else name))
        return [(self.tr("{limit}: {time}, overdue") if due <= now else self.tr("{limit}: {time}"))
                .format(limit=name, time=when(due)) for due, name in sorted(named, key=lambda x: x[0])]

    def _show(self, d: CaseDetail) -> None:
        info, about = d.info, d.about
        now = self._services.clock.now()
        overdue = info.due_at is not None and info.due_at <= now
        self.empty_hint.hide()
        self.body.show()
        self.case_no.setText(info.case_no)
        self.status_badge.setText(label_of(info.status))
        self.status_badge.setStyleSheet(BADGE.format(STATUS_COLOURS[info.status]))
        self.level_badge.setText(label_of(info.level))
        self.pool_badge.setVisible(info.in_pool)
        self.overdue_badge.setVisible(overdue)
        self.escalated_badge.setVisible(info.escalated)
        self.survivor_button.setVisible(bool(about.merged_into_no))
        self.survivor_button.setText(self.tr("Merged into {no}").format(no=about.merged_into_no))
        lines = self._limit_lines(info.status, about, now)
        if not lines:
            self.due.setText(self.tr("No time limit running"))
            self.due.setStyleSheet("color:#555;")
        else:
            self.due.setText("\n".join(lines))
            self.due.setStyleSheet("font-weight:600; color:%s;" % ("#b3261e" if overdue else "#222"))
        self.resident.setText(describe(about.resident) + ("  " + self.tr("(anonymous in public)")
                                                           if about.anonymous else ""))
        self.category.setText(" / ".join(p for p in (about.category, about.subcategory) if p) + " · "
                              + urgency_label(about.urgency) + " · " + label_of(about.scope))
        self.logged.setText(f"{when(about.created_at)} · {label_of(about.channel)}")
        self.households.setText(self.tr("{n} households").format(n=info.households_count))
        handler = d.assignee_name or self.tr("not dispatched yet")
        team = team_of(d)
        if team:
            handler = self.tr("{team} (volunteer team)").format(team=team) + (f" · {d.assignee_name}"
                                                                              if d.assignee_name else "")
        self.assignee.setText(handler + (f" · {about.grid}" if about.grid else ""))
        self.description.setText(about.description)
        self.departments_model.set_rows(d.departments)
        self.departments_box.setVisible(bool(d.departments))
        self.departments.resizeColumnsToContents()
        self.departments.horizontalHeader().setStretchLastSection(True)
        self.departments.setFixedHeight(self._rows_height(self.departments, len(d.departments)))
        self.timeline_model.set_rows(d.timeline)
        header = self.timeline.horizontalHeader()
        for column in range(2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)  # what: wide enough, then it wraps
        header.resizeSection(2, min(self.timeline.sizeHintForColumn(2), WHAT_WIDTH))
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the note takes the rest, and wraps
        self.timeline.resizeRowsToContents()
        QTimer.singleShot(0, self.timeline.scrollToBottom)  # the newest step in view, once the rows have heights
        for kind, button in self.buttons.items():
            button.setVisible(kind in d.actions)
        self.team_button.setVisible(EventKind.DISPATCHED in d.actions)
        self.message_button.setVisible(self.may_send(d))
        self.no_actions.setVisible(not d.actions)
        self.resources.show_case(info.id, info.case_no, info.status)
        self._ask_job_link(d.info.id)

    def _ask_job_link(self, case_id: uuid.UUID) -> None:
        """Whether the request is of the 就业帮扶 class (its button), for those who keep job seekers' files."""
        self.job_button.hide()
        if not self._actor.can(Permission.EMPLOYMENT):
            return
        job, actor = self._services.employment, self._actor

        def show(link: CaseJobLink) -> None:
            if self.case_id == case_id and link.is_job:
                self.job_button.setText(self.tr("Open job file") if link.seeker_id is None
                                        else self.tr("Show job file"))
                self.job_button.show()

        self._ops.read(lambda: job.request_link(actor, case_id), show, key="job_link")

    def open_job_file(self) -> None:
        """建立就业档案: the resident's file opened (or joined) and linked to this request, then shown."""
        if self.case_id is None:
            return
        job, actor, case_id = self._services.employment, self._actor, self.case_id
        self._ops.write(lambda: job.from_request(actor, case_id), self.employment_opened.emit,
                        busy=[self.job_button])

    def what_happened(self, e: TimelineEntry) -> str:
        """The event in words: its label and what its data says (to whom, which departments, which verdict...)."""
        text, d = label_of(e.kind), e.data
        detail = ""
        if e.kind is EventKind.DISPATCHED:
            detail = d.get("assignee", "") + (self.tr(" (by grid)") if d.get("auto") else "")
            if d.get("team"):
                detail = self.tr("{team} (volunteer team)").format(team=d["team"])
        elif e.kind is EventKind.DEPARTMENTS_CALLED:
            calls = d.get("departments", [])
            detail = self.tr("{names}, report within {hours} h").format(
                names="、".join(c.get("name", "") for c in calls), hours=calls[0].get("hours", "") if calls else "")
        elif e.kind is EventKind.DEPARTMENT_REPORTED:
            detail = d.get("name", "")
        elif e.kind is EventKind.LEVEL_RAISED:
            detail = f"{label_of(HandlingLevel(d['from']))} → {label_of(HandlingLevel(d['to']))}" if "to" in d else ""
        elif e.kind is EventKind.FOLLOWED_UP and d.get("satisfaction"):
            detail = label_of(Satisfaction(d["satisfaction"]))
        elif e.kind is EventKind.MERGED:
            detail = self.tr("into {no}").format(no=d.get("into_no", ""))
        elif e.kind is EventKind.ABSORBED:
            detail = self.tr("from {no}").format(no=d.get("from_no", ""))
        elif e.kind is EventKind.RESIDENT_MERGED:
            detail = f"{d.get('from_name', '')} → {d.get('to_name', '')}"
        elif e.kind in (EventKind.WARNED, EventKind.ESCALATED) and d.get("breach"):
            detail = label_of(Breach(d["breach"]))
        elif e.kind is EventKind.NOTE_REVIEWED:
            detail = self.tr("approved, may be posted") if d.get("approved") else self.tr("sent back")
        elif e.kind is EventKind.MESSAGE_SENT and d.get("kind") in set(MessageKind):
            text = self.tr("{channel} sent ({kind})").format(  # 已发送短信（已受理）
                channel=label_of(MessageChannel(d.get("channel", "sms"))), kind=label_of(MessageKind(d["kind"])))
            detail = {"copied": self.tr("copied"), "printed": self.tr("printed")}.get(d.get("how", ""), "")
        elif e.kind is EventKind.CREATED and d.get("repeat_of_no"):  # 重复诉求 (issue 20)
            detail = self.tr("a repeat of {no}").format(no=d["repeat_of_no"])
        elif e.kind is EventKind.REPEATED and d.get("caller_phone"):
            detail = d["caller_phone"]
        elif e.kind is EventKind.PARTNER_HELPED:  # 资源协助 (issue 22): the partner and what it did
            detail = " · ".join(p for p in (d.get("partner", ""), d.get("what", "")) if p)
        if e.public:
            text += " · " + {PENDING: self.tr("Public, awaiting review"),
                             RETURNED: self.tr("Public, sent back")}.get(e.review, self.tr("Public"))
        return f"{text}：{detail}" if detail else text

    @staticmethod
    def _rows_height(table: QTableView, rows: int) -> int:
        """Tall enough for ``rows`` rows (at most five) and the header: no empty space under a short list."""
        shown = min(max(rows, 1), 5)
        return (table.horizontalHeader().sizeHint().height() + shown * table.verticalHeader().defaultSectionSize()
                + 2 * table.frameWidth() + 2)

    def _on_timeline_section_resized(self, *_: object) -> None:
        self._fit_rows_timer.start()

    def _fit_timeline_rows(self) -> None:
        bar = self.timeline.verticalScrollBar()
        at_end = bar.value() >= bar.maximum()
        self.timeline.resizeRowsToContents()
        if at_end:
            self.timeline.scrollToBottom()  # the newest step stays in view

    def _report_text(self, call: DepartmentCall) -> str:
        if call.reported_at is not None:
            return self.tr("Reported {time}").format(time=when(call.reported_at))
        if call.called_at is None:
            return self.tr("Involved (named at intake), not called in")
        if call.overdue:
            return self.tr("Not reported, past the deadline")
        return self.tr("Waiting for the report")

    def _on_survivor_clicked(self) -> None:
        if self.detail is not None and self.detail.info.merged_into_id is not None:
            self.case_opened.emit(self.detail.info.merged_into_id)

    # --- the steps ----------------------------------------------------------------------------------

    def start_step(self, kind: EventKind) -> StepDialog:
        """Open the step's dialog (window-modal); OK calls the service, the page reloads when it went through."""
        assert self.detail is not None and self.case_id is not None
        dialog = StepDialog(f"step_{kind.value}", f"{self._button_text(kind)} · {self.detail.info.case_no}",
                            self._bus, self)
        self._fill_step(dialog, kind, self.case_id)
        dialog.refused = lambda _exc: self.reload()
        dialog.accepted.connect(lambda: self._on_step_done(kind))
        self.dialog = dialog
        dialog.open()
        if dialog.text is not None and dialog.form.rowCount() == 1:
            dialog.text.setFocus()
        return dialog

    def start_team_step(self) -> None:
        """交给志愿服务队: the active teams are read first, then the step's dialog opens with them."""
        assert self.detail is not None and self.case_id is not None
        teams, actor = self._services.timebank.team_cases, self._actor
        self._ops.read(lambda: teams.choices(actor), self._open_team_step, key="teams")

    def _open_team_step(self, choices: list[TeamChoice]) -> None:
        if self.detail is None or self.case_id is None:
            return
        dialog = StepDialog("step_team", f"{self.tr('Give to a volunteer team')} · {self.detail.info.case_no}",
                            self._bus, self)
        fill_team_step(dialog, self._services, self._actor, self.case_id, choices)
        dialog.refused = lambda _exc: self.reload()
        dialog.accepted.connect(lambda: self._on_step_done(EventKind.DISPATCHED))
        self.dialog = dialog
        dialog.open()

    def _fill_step(self, dialog: StepDialog, kind: EventKind, case_id: uuid.UUID) -> None:
        flow, actor = self._services.workflow, self._actor
        simple: dict[EventKind, tuple[str, bool, Callable[..., object], str]] = {
            EventKind.RESPONDED: ("note", False, flow.respond,
                                  self.tr("The handler has taken the request up and contacted the resident.")),
            EventKind.LEVEL_RAISED: ("reason", True, flow.raise_level,
                                     self.tr("One level up: community → street → regional units → task force.")),
            EventKind.SUSPENDED: ("reason", True, flow.suspend,
                                  self.tr("The clock stops until the request is resumed.")),
            EventKind.RESUMED: ("note", False, flow.resume, self.tr("The clock runs again.")),
            EventKind.RESOLVED: ("outcome", True, flow.resolve,
                                 self.tr("What was done. The follow-up call to the resident comes next.")),
            EventKind.CLOSED: ("note", False, flow.close, self.tr("The request is archived.")),
            EventKind.REOPENED: ("reason", True, flow.reopen,
                                 self.tr("The request goes back to its handler; the time limits start again.")),
        }
        if kind in simple:
            key, required, call, intro = simple[kind]
            dialog.say(intro)
            self._add_text(dialog, key, required)
            dialog.submit = lambda: partial(call, actor, case_id, dialog.text_value())
        elif kind is EventKind.DISPATCHED:
            self._fill_dispatch(dialog, case_id)
        elif kind is EventKind.NOTE:
            if not actor.can(Permission.REVIEW_NOTES):
                dialog.say(self.tr("A public note goes on the notice board once the desk or the director has "
                                   "reviewed it."))
            add_replies(dialog, self._services, actor, case_id)  # 常用回复: a number puts one in the note
            self._add_text(dialog, "note", True)
            dialog.initial_focus = dialog.text  # the cursor in the note; the replies above are a Shift+Tab away
            public = dialog.add_public_box("step_public")
            dialog.submit = lambda: partial(flow.add_note, actor, case_id, dialog.text_value(), public.isChecked())
        elif kind is EventKind.NOTE_REVIEWED:
            self._fill_review(dialog, case_id)
        elif kind is EventKind.DEPARTMENTS_CALLED:
            self._fill_call_departments(dialog, case_id)
        elif kind is EventKind.DEPARTMENT_REPORTED:
            self._fill_department_report(dialog, case_id)
        elif kind is EventKind.FOLLOWED_UP:
            self._fill_follow_up(dialog, case_id)
        elif kind is EventKind.MERGED:
            self._fill_merge(dialog, case_id)

    def _add_text(self, dialog: StepDialog, key: str, required: bool) -> None:
        caption = {"note": self.tr("Note"), "reason": self.tr("Reason"), "outcome": self.tr("Outcome")}[key]
        dialog.add_text(key, caption, required, "step_text")

    def _fill_dispatch(self, dialog: StepDialog, case_id: uuid.UUID) -> None:
        assert self.detail is not None
        about = self.detail.about
        handler = QComboBox()
        name_widget(handler, "step_handler", self.tr("Handler"))
        if about.grid_worker_id is not None:
            handler.addItem(self.tr("{name} (grid worker of {grid}, default)").format(
                name=about.grid_worker_name, grid=about.grid), None)
        # Read on the GUI thread: the dialog needs its choices before it opens (the staff list, a few rows).
        for h in self._services.workflow.handlers(self._actor):
            if h.id != about.grid_worker_id:
                handler.addItem(f"{h.name}（{label_of(h.role)}）", h.id)
        dialog.say(self.tr("The request goes to its handler, by default the grid worker of the resident's grid."))
        dialog.add_field("assignee", self.tr("Handler"), handler)
        self._add_text(dialog, "note", False)
        dialog.submit = lambda: partial(self._services.workflow.dispatch, self._actor, case_id, handler.currentData(),
                                        dialog.text_value())

    def _fill_call_departments(self, dialog: StepDialog, case_id: uuid.UUID) -> None:
        assert self.detail is not None
        waiting = {d.department_id for d in self.detail.departments if _waiting(d)}
        # Read on the GUI thread: the dialog needs its choices before it opens (the departments in use, a few rows).
        choices = self._services.intake.options(self._actor).departments
        departments = checklist("step_departments", self.tr("Departments"),
                                [(c.name, c.id) for c in choices if c.id not in waiting])
        hours = QSpinBox()
        name_widget(hours, "step_hours", self.tr("Hours to report"))
        hours.setRange(0, DEPARTMENT_HOURS_MAX)
        hours.setSpecialValueText(self.tr("each department's own time"))  # 0: the hours set up per department
        hours.setValue(0)
        hours.setSuffix(self.tr(" hours"))
        dialog.say(self.tr("Each department chosen must report within its own time (set up with the department) or "
                           "the hours given here; each is tracked apart."))
        dialog.add_field("departments", self.tr("Departments *"), departments)
        dialog.add_field("hours", self.tr("Report within"), hours)
        self._add_text(dialog, "note", False)
        dialog.submit = lambda: partial(self._services.workflow.call_departments,
                                        self._actor, case_id, checked(departments), hours.value() or None,
                                        dialog.text_value())

    def _fill_department_report(self, dialog: StepDialog, case_id: uuid.UUID) -> None:
        assert self.detail is not None
        department = QComboBox()
        name_widget(department, "step_department", self.tr("Department"))
        for d in self.detail.departments:
            if _waiting(d):
                department.addItem(d.name, d.department_id)
        dialog.add_field("department", self.tr("Department"), department)
        self._add_text(dialog, "note", True)
        dialog.submit = lambda: partial(self._services.workflow.department_report,
                                        self._actor, case_id, department.currentData(), dialog.text_value())

    def _fill_follow_up(self, dialog: StepDialog, case_id: uuid.UUID) -> None:
        """The answers of the 回访 list, in its order: 未接通 records an unanswered call, 无法联系 needs them on three
        days (the service says how many so far)."""
        group = QButtonGroup(dialog)
        for value in CHOICES:
            text = self.tr("No answer this time") if value == NO_ANSWER else label_of(Satisfaction(value))
            button = QRadioButton(text)
            button.setObjectName(f"step_satisfaction_{value}")
            button.setProperty("value", value)
            group.addButton(button)
        answers = name_widget(row(*group.buttons(), -1), "step_satisfaction", self.tr("The resident's answer"))
        assert self.detail is not None
        tries = tries_in((e.kind, e.data, e.at) for e in self.detail.timeline)
        tried = self.tr("Unanswered so far: {n} calls on {days} days.").format(n=tries.count, days=tries.days)
        dialog.say(self.tr("Call the resident and record the answer. Dissatisfied reopens the request: "
                           "it goes back to its handler.") + ("\n" + tried if tries.count else ""), warn=True)
        dialog.add_field("satisfaction", self.tr("Answer *"), answers)
        self._add_text(dialog, "note", False)
        def answer() -> str:
            button = group.checkedButton()
            return str(button.property("value")) if button is not None else ""

        flow, actor = self._services.workflow, self._actor
        dialog.submit = lambda: (partial(flow.call_tried, actor, case_id, dialog.text_value()) if answer() == NO_ANSWER
                                 else partial(flow.follow_up, actor, case_id, answer(), dialog.text_value()))

    def _fill_review(self, dialog: StepDialog, case_id: uuid.UUID) -> None:
        """A grid worker's public note: approve it for the notices, or send it back with the reason."""
        assert self.detail is not None
        note = QComboBox()
        name_widget(note, "step_review_note", self.tr("Public note to review"))
        full = QLabel()  # the whole note, wrapped: the list shows only its start
        full.setObjectName("step_review_text")
        full.setWordWrap(True)
        full.setStyleSheet("background:#f4f6f9; padding:6px; border-radius:4px;")
        set_role(full, "emphasis")
        for e in self.detail.timeline:
            if e.review == PENDING:
                note.addItem(f"{when(e.at)} {e.actor_name}：{e.note}", e.seq)
                note.setItemData(note.count() - 1, e.note, Qt.ItemDataRole.ToolTipRole)
        note.currentIndexChanged.connect(lambda i: full.setText(str(note.itemData(i, Qt.ItemDataRole.ToolTipRole))))
        full.setText(str(note.itemData(0, Qt.ItemDataRole.ToolTipRole) or ""))
        group = QButtonGroup(dialog)
        approve = QRadioButton(self.tr("Approve: it may appear on notices"))
        approve.setObjectName("step_review_approve")
        send_back = QRadioButton(self.tr("Send back: it stays off the notices"))
        send_back.setObjectName("step_review_send_back")
        for button in (approve, send_back):
            group.addButton(button)
        approve.setChecked(True)
        dialog.say(self.tr("A grid worker's public note is read here before the notice board shows it: names, "
                           "numbers and private matters must not be in it (the board masks them too)."))
        dialog.add_field("note_seq", self.tr("Note"), note)
        dialog.form.addRow("", full)
        choices = QWidget()
        stacked = QVBoxLayout(choices)  # one under the other: each says what it does
        stacked.setContentsMargins(0, 0, 0, 0)
        stacked.addWidget(approve)
        stacked.addWidget(send_back)
        dialog.add_field("approve", self.tr("Decision"), name_widget(choices, "step_review", self.tr("Decision")))
        self._add_text(dialog, "reason", False)
        flow, actor = self._services.workflow, self._actor
        dialog.submit = lambda: partial(flow.review_note, actor, case_id, note.currentData(), approve.isChecked(),
                                        dialog.text_value())

    def _fill_merge(self, dialog: StepDialog, case_id: uuid.UUID) -> None:
        number = QLineEdit()
        name_widget(number, "step_case_no", self.tr("Number of the request that stays"))
        number.setPlaceholderText(self.tr("e.g. A01-20261120-0007"))
        dialog.say(self.tr("This request is a duplicate: it is merged into the one whose number you give, which "
                           "stays open; its residents are counted there."))
        dialog.add_field("case_no", self.tr("Merge into *"), number)
        self._add_text(dialog, "note", False)
        flow, actor = self._services.workflow, self._actor

        def merge(typed: str, note: str) -> object:
            return flow.merge(actor, case_id, flow.find(actor, typed), note)

        dialog.submit = lambda: partial(merge, number.text(), dialog.text_value())

    @staticmethod
    def may_send(detail: CaseDetail) -> bool:
        """Messages go to the resident from those who may note the request's progress now (who handle it, within a
        grid worker's reach; not a merged request): the service checks the same."""
        return EventKind.NOTE in detail.actions

    def send_message(self) -> MessageDialog | None:
        """发消息 (Ctrl+M): the message dialog of the request shown, for those who handle it."""
        detail = self.detail
        if detail is None or self.case_id is None or self.loading or not self.may_send(detail):
            return None
        self.message_dialog = MessageDialog(self._services, self._actor, self._bus, self.case_id,
                                            detail.info.case_no, self)
        self.message_dialog.open()
        return self.message_dialog

    def _on_step_done(self, kind: EventKind) -> None:
        """The step went through; the case is read again when the bus says the requests changed."""
        self.dialog = None
        if self.detail is not None:
            self.banner.say("ok", self.tr("{step} recorded on {no}.").format(
                step=label_of(kind), no=self.detail.info.case_no))

    def _on_cases_changed(self) -> None:
        if self.case_id is not None:
            self.reload()


def team_of(detail: CaseDetail) -> str:
    """The volunteer team the request is with: its latest dispatch's, when that named a team (issue 22)."""
    last = next((e for e in reversed(detail.timeline) if e.kind is EventKind.DISPATCHED), None)
    return str(last.data.get("team", "")) if last is not None else ""


def _waiting(call: DepartmentCall) -> bool:
    """Called in and not reported yet."""
    return call.called_at is not None and call.reported_at is None
