"""就业帮扶: job seekers' files and their closed loop (seed 000 案例二). The list of files (open, closed, all; found
by name, skill or wish) beside the chosen file: who, what they can do and want, the plan in force, each referral as
it stands (a failed interview with why and what changes next), the return visits after a hire and the outcome. The
buttons take the file's next step in a dialog; the steps it cannot take yet are disabled. Every read and write goes
through Operations; the page follows Topic.PROGRAMMES, so a file opened from a request shows here at once."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.employment import InterviewResult, JobStage
from app.domain.topics import Topic
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.programmes.employment_data import ReferralRow, SeekerDetail, SeekerRow, VisitRow
from app.views.bus import ChangeBus
from app.views.employment_dialogs import OutcomeDialog, PlanDialog, ReferralDialog, SeekerDialog, VisitDialog
from app.views.form_dialog import FormDialog
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.type_scale import set_role
from app.views.widgets import Banner, column, icon, label_of, name_widget, row

STAGE_COLOURS = {JobStage.IDENTIFIED: "#a15c00", JobStage.PLANNED: "#2b4c7e", JobStage.FOLLOWING: "#1f6f8b",
                 JobStage.RIGHTS: "#0d7a3a", JobStage.CLOSED: "#4a5a4a"}
D = TypeVar("D", bound=FormDialog)
BADGE = "border-radius:4px; padding:3px 10px; font-weight:600; color:white; background:{};"


def _button(icon_name: str, text: str, name: str) -> QPushButton:
    return name_widget(QPushButton(icon(icon_name), text), name, text)


class EmploymentPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("employment_page")
        self._services, self._actor, self._bus = services, actor, bus
        self.detail: SeekerDetail | None = None
        self.chosen_id: uuid.UUID | None = None
        self.dialog: Any = None  # the dialog open now (tests drive it)
        self.banner = Banner("employment_banner")
        self._ops = Operations(self, bus, self.banner)

        self.show_combo = name_widget(QComboBox(), "employment_show", self.tr("Which files"))
        for text, value in ((self.tr("Open files"), "open"), (self.tr("Closed files"), "closed"),
                            (self.tr("All files"), "all")):
            self.show_combo.addItem(text, value)
        self.search = name_widget(QLineEdit(), "employment_search", self.tr("Find a file"))
        self.search.setPlaceholderText(self.tr("Name, skill or wish"))
        self.search.setClearButtonEnabled(True)
        self.new_button = _button("fa5s.user-plus", self.tr("New file"), "employment_new")
        self.files_model: RowsModel[SeekerRow] = RowsModel([
            Column(self.tr("Name"), lambda r: r.name),
            Column(self.tr("Age"), lambda r: r.age if r.age is not None else "", align_right=True),
            Column(self.tr("Stage"), lambda r: label_of(r.outcome) if r.outcome else label_of(r.stage)),
            Column(self.tr("Opened"), lambda r: r.started_on.isoformat()),
        ], muted=lambda r: r.outcome is not None)
        self.files = read_only_table(self.files_model, "employment_files", self.tr("Job seekers' files"),
                                     stretch_column=2)
        self.count = QLabel()
        self.count.setObjectName("employment_count")
        left = column(row((self.show_combo, 1), (self.search, 2)), (self.files, 1), row(self.count, -1,
                                                                                     self.new_button))
        left.layout().setContentsMargins(0, 0, 0, 0)  # type: ignore[union-attr]
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(row((left, 2), (self._detail_panel(), 3)), 1)

        self.show_combo.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        self.new_button.clicked.connect(self.new_file)
        self.files.selectionModel().currentRowChanged.connect(lambda *_: self._on_row_chosen())
        bus.subscribe({Topic.PROGRAMMES, Topic.RESIDENTS}, self.refresh)
        self.refresh()

    # --- the chosen file --------------------------------------------------------------------------------

    def _detail_panel(self) -> QWidget:
        self.empty_hint = QLabel(self.tr("Choose a file in the list, or open a new one."))
        self.empty_hint.setObjectName("employment_empty_hint")
        self.empty_hint.setStyleSheet("color:#555; padding:24px;")
        set_role(self.empty_hint, "heading")
        self.who = QLabel()
        self.who.setObjectName("employment_who")
        self.who.setStyleSheet("font-weight:700; color:#2b4c7e;")
        set_role(self.who, "heading")
        self.stage_badge = QLabel()
        self.stage_badge.setObjectName("employment_stage")
        self.facts = QLabel()
        self.facts.setObjectName("employment_facts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plan_button = _button("fa5s.tasks", self.tr("Plan"), "employment_plan")
        self.refer_button = _button("fa5s.share", self.tr("New referral"), "employment_refer")
        self.result_button = _button("fa5s.clipboard-check", self.tr("Interview result"), "employment_result")
        self.visit_button = _button("fa5s.handshake", self.tr("Return visit"), "employment_visit")
        self.close_button = _button("fa5s.flag-checkered", self.tr("Close the file"), "employment_close")
        self.plan_button.clicked.connect(self.plan)
        self.refer_button.clicked.connect(self.refer)
        self.result_button.clicked.connect(self.record_result)
        self.visit_button.clicked.connect(self.visit)
        self.close_button.clicked.connect(self.close_file)
        steps = row(self.plan_button, self.refer_button, self.result_button, self.visit_button, -1,
                    self.close_button)
        self.referrals_model: RowsModel[ReferralRow] = RowsModel([
            Column(self.tr("Employer"), lambda r: r.employer),
            Column(self.tr("Position"), lambda r: r.position),
            Column(self.tr("Referred"), lambda r: r.referred_on.isoformat()),
            Column(self.tr("Result"), lambda r: label_of(r.result)),
            Column(self.tr("On"), lambda r: r.result_on.isoformat() if r.result_on else ""),
            Column(self.tr("Fit, or why not and what next"), self._referral_words),
        ])
        self.referrals = read_only_table(self.referrals_model, "employment_referrals", self.tr("Referrals"),
                                         stretch_column=5)
        self.referrals.cap_column(0, 9)  # a long employer's name is cut short (…); the note wraps
        self.referrals.setWordWrap(True)
        self.referrals.doubleClicked.connect(self.record_result)
        self.visits_model: RowsModel[VisitRow] = RowsModel([
            Column(self.tr("Visited"), lambda v: v.visited_on.isoformat()),
            Column(self.tr("Agreement"), lambda v: self._yes(v.agreement)),
            Column(self.tr("Wage"), lambda v: self._yes(v.wage_ok)),
            Column(self.tr("Social insurance"), lambda v: self._yes(v.insurance_ok)),
            Column(self.tr("Note"), lambda v: v.note),
        ])
        self.visits = read_only_table(self.visits_model, "employment_visits", self.tr("Return visits"),
                                      stretch_column=4)
        self.outcome_label = QLabel()
        self.outcome_label.setObjectName("employment_outcome")
        self.outcome_label.setWordWrap(True)
        set_role(self.outcome_label, "emphasis")
        referrals_box = QGroupBox(self.tr("Referrals (跟踪服务)"))
        QVBoxLayout(referrals_box).addWidget(self.referrals)
        visits_box = QGroupBox(self.tr("Return visits (权益保障)"))
        QVBoxLayout(visits_box).addWidget(self.visits)
        self.body = column(row(self.who, self.stage_badge, -1), self.facts, steps, (referrals_box, 3),
                           (visits_box, 2), self.outcome_label)
        self.body.layout().setContentsMargins(0, 0, 0, 0)  # type: ignore[union-attr]
        self.body.hide()
        panel = column(self.empty_hint, (self.body, 1))
        panel.layout().setContentsMargins(0, 0, 0, 0)  # type: ignore[union-attr]
        return panel

    def _yes(self, value: bool) -> str:
        return self.tr("Yes") if value else self.tr("Not yet")

    def _referral_words(self, r: ReferralRow) -> str:
        if r.result == InterviewResult.NOT_HIRED:
            return self.tr("Why: {why}; next: {next}").format(why=r.why, next=r.next_step)
        return r.fit

    # --- reading ----------------------------------------------------------------------------------------

    def refresh(self, *_: object) -> None:
        show, text = self.show_combo.currentData(), self.search.text()
        job, actor = self._services.employment, self._actor
        self._ops.read(lambda: job.files(actor, show, text), self._show_files, key="files")
        if self.chosen_id is not None:
            self.open_file(self.chosen_id)

    def _show_files(self, rows: list[SeekerRow]) -> None:
        self.files_model.set_rows(rows)
        self.files.resizeColumnsToContents()
        self.count.setText(self.tr("{n} files").format(n=len(rows)))
        for i, r in enumerate(rows):
            if r.id == self.chosen_id:
                self.files.selectRow(i)
                break

    def _on_row_chosen(self) -> None:
        chosen = current_row(self.files, self.files_model)
        if chosen is not None and chosen.id != self.chosen_id:
            self.open_file(chosen.id)

    def open_file(self, seeker_id: uuid.UUID) -> None:
        """Show this file (from the list, or from a request's 建立就业档案)."""
        self.chosen_id = seeker_id
        job, actor = self._services.employment, self._actor
        self._ops.read(lambda: job.detail(actor, seeker_id), self._show_detail, key="detail")

    def _show_detail(self, detail: SeekerDetail) -> None:
        if detail.seeker.id != self.chosen_id:
            return
        self.detail = detail
        s = detail.seeker
        self.empty_hint.hide()
        self.body.show()
        age = self.tr("{n} years").format(n=s.age) if s.age is not None else self.tr("age unknown")
        self.who.setText(f"{s.name} · {age} · {s.address}")
        shown = s.stage
        self.stage_badge.setText(label_of(shown))
        self.stage_badge.setStyleSheet(BADGE.format(STAGE_COLOURS[shown]))
        plan = detail.plans[0] if detail.plans else None
        measures = "、".join(self._measure(m) for m in plan.measures) if plan else self.tr("not planned yet")
        lines = [
            self.tr("Skills: {skills} · Certificates: {certificates}").format(
                skills=s.skills or "—", certificates=s.certificates or "—"),
            self.tr("Wishes: {wishes} · Family: {family}").format(wishes=s.wishes or "—", family=s.family or "—"),
            self.tr("File opened on {day}").format(day=s.started_on.isoformat())
            + (self.tr(" · from requests {nos}").format(nos="、".join(detail.case_nos)) if detail.case_nos else ""),
            self.tr("Plan: {measures}").format(measures=measures) + (f"（{plan.note}）" if plan and plan.note else ""),
        ]
        self.facts.setText("\n".join(lines))
        self.referrals_model.set_rows(detail.referrals)
        self.visits_model.set_rows(detail.visits)
        for table in (self.referrals, self.visits):
            table.resizeColumnsToContents()
            table.resizeRowsToContents()
        closed = detail.outcome is not None
        hired = any(r.result == InterviewResult.HIRED for r in detail.referrals)
        self.plan_button.setEnabled(not closed)
        self.refer_button.setEnabled(not closed)
        self.result_button.setEnabled(not closed and bool(detail.referrals))
        self.visit_button.setEnabled(not closed and hired)
        self.close_button.setEnabled(not closed)
        o = detail.outcome
        if o is None:
            self.outcome_label.setText("")
        else:
            words = label_of(o.outcome)
            if o.employer:
                words += f"：{o.employer}"
            if o.jobs_created:
                words += self.tr(", {n} jobs created").format(n=o.jobs_created)
            if o.reason:
                words += f"（{o.reason}）"
            self.outcome_label.setText(self.tr("Closed on {day}: {words}").format(day=o.decided_on.isoformat(),
                                                                                   words=words))

    def _measure(self, code: str) -> str:
        return {"jobs": self.tr("job referral"), "training": self.tr("skills training"),
                "startup": self.tr("start-up help and a small loan guarantee")}[code]

    # --- the steps --------------------------------------------------------------------------------------

    def _today(self) -> date:
        return local(self._services.clock.now()).date()

    def _open(self, dialog: D, said: str) -> D:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.banner.say("ok", said))
        dialog.open()
        return dialog

    def new_file(self) -> SeekerDialog:
        dialog = SeekerDialog(self._services, self._actor, self._bus, self, self._today())
        dialog.accepted.connect(lambda: self._chosen_after_new(dialog.answer))
        return self._open(dialog, self.tr("The job seeker's file is opened."))

    def _chosen_after_new(self, seeker_id: uuid.UUID) -> None:
        self.show_combo.setCurrentIndex(0)
        self.open_file(seeker_id)

    def _seeker(self) -> SeekerRow | None:
        if self.detail is None:
            self.banner.say("warn", self.tr("Choose a file in the list first."))
            return None
        return self.detail.seeker

    def plan(self) -> PlanDialog | None:
        s = self._seeker()
        if s is None:
            return None
        return self._open(PlanDialog(self._services, self._actor, self._bus, self, s, self._today()),
                          self.tr("The plan is recorded."))

    def refer(self) -> ReferralDialog | None:
        s = self._seeker()
        if s is None:
            return None
        return self._open(ReferralDialog(self._services, self._actor, self._bus, self, s, self._today()),
                          self.tr("The referral is recorded."))

    def record_result(self, *_: object) -> ReferralDialog | None:
        """The word on the referral chosen in the table (the newest one still waiting, when none is chosen)."""
        s = self._seeker()
        if s is None or self.detail is None or self.detail.outcome is not None:
            return None
        earlier = current_row(self.referrals, self.referrals_model)
        if earlier is None:
            waiting = [r for r in self.detail.referrals if r.result == InterviewResult.PENDING]
            earlier = waiting[-1] if waiting else None
        if earlier is None:
            self.banner.say("warn", self.tr("Choose the referral in the list first."))
            return None
        dialog = ReferralDialog(self._services, self._actor, self._bus, self, s, self._today(), earlier)
        return self._open(dialog, self.tr("The interview result is recorded."))

    def visit(self) -> VisitDialog | None:
        s = self._seeker()
        if s is None:
            return None
        return self._open(VisitDialog(self._services, self._actor, self._bus, self, s, self._today()),
                          self.tr("The return visit is recorded."))

    def close_file(self) -> OutcomeDialog | None:
        s = self._seeker()
        if s is None or self.detail is None:
            return None
        hired = [r.employer for r in self.detail.referrals if r.result == InterviewResult.HIRED]
        dialog = OutcomeDialog(self._services, self._actor, self._bus, self, s, self._today(),
                               hired[-1] if hired else "")
        return self._open(dialog, self.tr("The file is closed."))
