"""The dialogs of 就业帮扶 (employment_page.py): a job seeker's file opened (精准识别), the plan (分类施策), a referral
or the word on one (跟踪服务), a return visit (权益保障) and the outcome. Each is a FormDialog: the service's field
names key the error lines, and the call runs off the GUI thread."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from app.domain.employment import InterviewResult, JobOutcome
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.people.residents import ResidentSummary
from app.services.programmes.employment_data import (
    EMPLOYER_MAX,
    FIT_MAX,
    POSITION_MAX,
    TEXT_MAX,
    OutcomeInput,
    PlanInput,
    ReferralInput,
    ReferralRow,
    SeekerInput,
    SeekerRow,
    VisitInput,
)
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.resident_widgets import ResidentLookup
from app.views.widgets import date_edit, day_of, label_of, name_widget, row, spin

# A little over the service's limits: a text too long is typed, then refused under its field with its length.
SLACK = 20


def _text(name: str, accessible: str, maximum: int, value: str = "", hint: str = "") -> QLineEdit:
    edit = name_widget(QLineEdit(value), name, accessible)
    edit.setMaxLength(maximum + SLACK)
    if hint:
        edit.setPlaceholderText(hint)
    return edit


def _combo(name: str, accessible: str, items: list[tuple[str, Any]], current: Any = None) -> QComboBox:
    box = name_widget(QComboBox(), name, accessible)
    for text, value in items:
        box.addItem(text, value)
    if current is not None:
        box.setCurrentIndex(max(box.findData(current), 0))
    return box


class SeekerDialog(FormDialog):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget, today: date) -> None:
        """精准识别: a resident from the register, what they can do and want, their family, the day the file opens."""
        super().__init__("seeker_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("New job seeker's file"))
        chosen: dict[str, ResidentSummary | None] = {"resident": None}
        self.lookup = ResidentLookup(services, actor)
        age = spin("seeker_age", self.tr("Age"), 0, 99, self.tr("(from the birth date)"))
        self.lookup.resident_chosen.connect(lambda r: chosen.__setitem__("resident", r))
        self.lookup.resident_cleared.connect(lambda: chosen.__setitem__("resident", None))
        skills = _text("seeker_skills", self.tr("Skills"), TEXT_MAX, hint=self.tr("e.g. 电焊、驾驶、面点"))
        certificates = _text("seeker_certificates", self.tr("Certificates"), TEXT_MAX,
                             hint=self.tr("e.g. 焊工证（中级）"))
        wishes = _text("seeker_wishes", self.tr("Wishes"), TEXT_MAX, hint=self.tr("e.g. 保洁、保安，离家近"))
        family = _text("seeker_family", self.tr("Family situation"), TEXT_MAX,
                       hint=self.tr("e.g. 爱人无业，孩子上初中"))
        started = date_edit(today, "seeker_started_on", self.tr("File opened on"))
        self.add_field("resident", self.tr("Resident *"), self.lookup)
        self.add_field("age", self.tr("Age (only without a birth date)"), age)
        self.add_field("skills", self.tr("Skills"), skills)
        self.add_field("certificates", self.tr("Certificates"), certificates)
        self.add_field("wishes", self.tr("Wishes (求职意向)"), wishes)
        self.add_field("family", self.tr("Family situation"), family)
        self.add_field("started_on", self.tr("File opened on *"), started)

        def submit() -> Callable[[], Any]:
            resident = chosen["resident"]
            data = SeekerInput(resident.id if resident else None, age.value() or None, skills.text(),
                               certificates.text(), wishes.text(), family.text(), day_of(started))
            return functools.partial(services.employment.open_file, actor, data)

        self.submit = submit


class PlanDialog(FormDialog):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget, seeker: SeekerRow,
                 today: date) -> None:
        """分类施策: one or more of the three measures of seed 000, with a note."""
        super().__init__("plan_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Plan the help"))
        self.say(self.tr("{name} · wishes: {wishes}").format(name=seeker.name, wishes=seeker.wishes or "—"))
        jobs = name_widget(QCheckBox(self.tr("Job referral (推荐岗位)")), "plan_jobs", self.tr("Job referral"))
        training = name_widget(QCheckBox(self.tr("Skills training (技能培训)")), "plan_training",
                               self.tr("Skills training"))
        startup = name_widget(QCheckBox(self.tr("Start-up help and a small loan guarantee (创业指导与小额贷款担保)")),
                              "plan_startup", self.tr("Start-up help and a small loan guarantee"))
        for box, code in ((jobs, "jobs"), (training, "training"), (startup, "startup")):
            box.setChecked(code in seeker.measures)
        note = _text("plan_note", self.tr("Note"), TEXT_MAX, hint=self.tr("e.g. 先推荐保洁岗位，同时报名培训"))
        day = date_edit(today, "plan_planned_on", self.tr("Planned on"))
        self.add_field("measures", self.tr("Measures *"), jobs)
        self.form.addRow("", training)
        self.form.addRow("", startup)
        self.add_field("note", self.tr("Note"), note)
        self.add_field("planned_on", self.tr("Planned on *"), day)
        self.submit = lambda: functools.partial(
            services.employment.plan, actor, seeker.id,
            PlanInput(jobs.isChecked(), training.isChecked(), startup.isChecked(), note.text(), day_of(day)))


class ReferralDialog(FormDialog):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget, seeker: SeekerRow,
                 today: date, earlier: ReferralRow | None = None) -> None:
        """A referral (``earlier`` None), or the word on an earlier one: the interview's result, how the job fits;
        未录用 asks why and what changes next."""
        super().__init__("referral_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Interview result") if earlier else self.tr("New referral"))
        employer = _text("referral_employer", self.tr("Employer"), EMPLOYER_MAX,
                         hint=self.tr("e.g. 幸福里物业服务中心"))
        position = _text("referral_position", self.tr("Position"), POSITION_MAX, hint=self.tr("e.g. 保洁员"))
        referred = date_edit(today, "referral_referred_on", self.tr("Referred on"))
        results = [(label_of(r), r.value) for r in InterviewResult]
        result = _combo("referral_result", self.tr("Interview result"), results,
                        InterviewResult.HIRED.value if earlier else InterviewResult.PENDING.value)
        result_on = date_edit(today, "referral_result_on", self.tr("Interview on"))
        fit = _text("referral_fit", self.tr("How the job fits"), FIT_MAX, hint=self.tr("e.g. 适应良好"))
        why = _text("referral_why", self.tr("Why not hired"), TEXT_MAX, hint=self.tr("what the employer said"))
        next_step = _text("referral_next_step", self.tr("What changes next"), TEXT_MAX,
                          hint=self.tr("e.g. 改推白班保洁岗位，或先参加培训"))
        if earlier is None:
            self.say(self.tr("{name} · wishes: {wishes}").format(name=seeker.name, wishes=seeker.wishes or "—"))
            self.add_field("employer", self.tr("Employer *"), employer)
            self.add_field("position", self.tr("Position"), position)
            self.add_field("referred_on", self.tr("Referred on *"), referred)
        else:
            self.say(self.tr("{name} · {employer} {position}, referred on {day}").format(
                name=seeker.name, employer=earlier.employer, position=earlier.position,
                day=earlier.referred_on.isoformat()))
        self.add_field("result", self.tr("Interview result"), result)
        self.add_field("result_on", self.tr("Interview on"), result_on)
        self.add_field("fit", self.tr("How the job fits (工作适应度)"), fit)
        self.add_field("why", self.tr("Why not hired (needed when not hired)"), why)
        self.add_field("next_step", self.tr("What changes next (needed when not hired)"), next_step)

        def submit() -> Callable[[], Any]:
            data = ReferralInput(
                employer.text() if earlier is None else "", position.text() if earlier is None else "",
                day_of(referred) if earlier is None else None, InterviewResult(result.currentData()),
                day_of(result_on), fit.text(), why.text(), next_step.text(),
                earlier.first_id if earlier is not None else None)
            return functools.partial(services.employment.refer, actor, seeker.id, data)

        self.submit = submit


class VisitDialog(FormDialog):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget, seeker: SeekerRow,
                 today: date) -> None:
        """权益保障: a dated return visit; what was checked."""
        super().__init__("visit_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Return visit"))
        self.say(self.tr("{name}: check the three-party agreement, the wage and the social insurance.").format(
            name=seeker.name))
        day = date_edit(today, "visit_visited_on", self.tr("Visited on"))
        agreement = name_widget(QCheckBox(self.tr("Three-party agreement signed")), "visit_agreement",
                                self.tr("Three-party agreement signed"))
        wage = name_widget(QCheckBox(self.tr("Wage paid as agreed")), "visit_wage", self.tr("Wage paid as agreed"))
        insurance = name_widget(QCheckBox(self.tr("Social insurance paid")), "visit_insurance",
                                self.tr("Social insurance paid"))
        note = _text("visit_note", self.tr("Note"), TEXT_MAX, hint=self.tr("e.g. 社保下月起缴"))
        self.add_field("visited_on", self.tr("Visited on *"), day)
        self.add_field("checked", self.tr("Checked"), agreement)
        self.form.addRow("", wage)
        self.form.addRow("", insurance)
        self.add_field("note", self.tr("Note"), note)
        self.submit = lambda: functools.partial(
            services.employment.visit, actor, seeker.id,
            VisitInput(day_of(day), agreement.isChecked(), wage.isChecked(), insurance.isChecked(), note.text()))


class OutcomeDialog(FormDialog):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget, seeker: SeekerRow,
                 today: date, hired_at: str = "") -> None:
        """How the file ends: re-employed (where), a business (its name, the jobs it created), or without a job
        (why). Nothing is added to a closed file."""
        super().__init__("outcome_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Close the file"))
        self.say(self.tr("{name}: once closed, nothing more is added to the file.").format(name=seeker.name),
                 warn=True)
        outcome = _combo("outcome_kind", self.tr("Outcome"), [(label_of(o), o.value) for o in JobOutcome],
                         JobOutcome.REEMPLOYED.value)
        day = date_edit(today, "outcome_decided_on", self.tr("Closed on"))
        employer = _text("outcome_employer", self.tr("Where (employer or business)"), EMPLOYER_MAX, hired_at,
                         hint=self.tr("e.g. 幸福里早餐铺"))
        jobs = spin("outcome_jobs", self.tr("Jobs the business created"), -99, 999)
        # typed below nought, the service says why under the field (nothing is written)
        self.jobs: QSpinBox = jobs
        reason = _text("outcome_reason", self.tr("Why without a job"), TEXT_MAX,
                       hint=self.tr("e.g. 家中老人需要照顾，暂不求职"))
        self.add_field("outcome", self.tr("Outcome *"), outcome)
        self.add_field("decided_on", self.tr("Closed on *"), day)
        self.add_field("employer", self.tr("Where (employer or business)"), employer)
        self.add_field("jobs_created", self.tr("Jobs the business created"), row(jobs, -1))
        self.add_field("reason", self.tr("Why without a job"), reason)

        def submit() -> Callable[[], Any]:
            data = OutcomeInput(JobOutcome(outcome.currentData()), day_of(day), employer.text(), jobs.value(),
                                reason.text())
            return functools.partial(services.employment.close, actor, seeker.id, data)

        self.submit = submit
