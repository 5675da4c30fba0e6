"""就业帮扶 through the real widgets on the demo community (issue 22): a job seeker's whole loop from a request of the
就业帮扶 class (the file opened from the request page, a plan, a failed referral with its reason, a second referral
hired, a return visit, the outcome), bad input refused under its field with nothing written, and the dashboard's
count checked against the demo's hand-counted job seekers."""

from __future__ import annotations

import re
import sqlite3
import uuid
from contextlib import closing

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

from app.demo.data import DEMO_PASSWORD
from app.domain.employment import InterviewResult, JobOutcome, JobStage
from app.models.employment import EMPLOYMENT_APPEND_ONLY
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.people.residents import ResidentSummary
from app.views.bus import ChangeBus
from app.views.case_page import CasePage
from app.views.dashboard_page import DashboardPage
from app.views.employment_dialogs import OutcomeDialog, PlanDialog, ReferralDialog, SeekerDialog, VisitDialog
from app.views.employment_page import EmploymentPage
from app.views.main_window import MainWindow
from tests.gui.helpers import matches_of, settle

TABLES = ("job_seeker", *EMPLOYMENT_APPEND_ONLY)


def sizes(services: Services) -> dict[str, int]:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}


def without_a_file(services: Services, clerk: Actor) -> ResidentSummary:
    """A resident of the demo with no job seeker's file, aged 40 to 60 (a 下岗 worker)."""
    with_files = {f.resident_id for f in services.employment.files(clerk, "all")}
    for query in ("zh", "wa", "li", "li"):
        for r in services.residents.search(clerk, query):
            if r.id not in with_files and r.age is not None and 40 <= r.age <= 60:
                return r
    raise AssertionError("no resident without a file")


def job_request(services: Services, clerk: Actor, resident: ResidentSummary) -> uuid.UUID:
    sub = next(c for c in services.intake.options(clerk).categories if c.code == "JOB-REFERRAL")
    return services.intake.submit(clerk, IntakeForm(
        channel="walk_in", resident_id=resident.id, category_id=sub.parent_id, subcategory_id=sub.id,
        description="原厂破产后一直打零工，希望社区推荐保安、保洁等稳定岗位。", urgency=3, scope="household")).case_id


def ok(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """Press OK and wait for the write to go through (the dialog accepted)."""
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=10_000)
    settle(qtbot)


def refused(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.ok_button.click()
    settle(qtbot)
    assert dialog.isVisible() and dialog.result() == 0


def set_result(dialog: ReferralDialog, result: InterviewResult) -> None:
    box = dialog.findChild(QComboBox, "referral_result")
    box.setCurrentIndex(box.findData(result.value))


def test_a_job_seekers_whole_loop_through_the_widgets(qtbot, window: MainWindow, services: Services,  # type: ignore[no-untyped-def]
                                                      clerk: Actor) -> None:
    resident = without_a_file(services, clerk)
    water = services.intake.submit(clerk, IntakeForm(
        channel="walk_in", resident_id=resident.id, category_id=next(
            c.parent_id for c in services.intake.options(clerk).categories if c.code == "LIFE-WATER"),
        subcategory_id=next(c.id for c in services.intake.options(clerk).categories if c.code == "LIFE-WATER"),
        description="厨房水管漏水。", urgency=3, scope="household")).case_id
    window.open_case(water)
    case_page = window.pages["case"]
    assert isinstance(case_page, CasePage)
    qtbot.waitUntil(lambda: case_page.detail is not None and case_page.detail.info.id == water, timeout=10_000)
    settle(qtbot)
    assert not case_page.job_button.isVisible()  # only a request of the 就业帮扶 class opens a file
    case_id = job_request(services, clerk, resident)
    window.open_case(case_id)
    qtbot.waitUntil(lambda: case_page.job_button.isVisible(), timeout=10_000)
    assert case_page.job_button.text() in ("建立就业档案", "Open job file")  # once translated, or its source
    case_page.job_button.click()
    settle(qtbot)
    page = window.pages["employment"]
    assert isinstance(page, EmploymentPage) and window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.seeker.name == resident.name, timeout=10_000)
    assert page.detail is not None and page.detail.seeker.stage == JobStage.IDENTIFIED
    seeker_id = page.detail.seeker.id
    assert not page.visit_button.isEnabled() and not page.result_button.isEnabled()  # nothing to visit or hear yet

    plan = page.plan()
    assert isinstance(plan, PlanDialog)
    refused(qtbot, plan)  # no measure ticked
    assert plan.errors.message("measures")
    plan.findChild(QCheckBox, "plan_jobs").setChecked(True)
    plan.findChild(QLineEdit, "plan_note").setText("年龄偏大，先推荐保安、保洁岗位")
    ok(qtbot, plan)
    assert page.detail.seeker.stage == JobStage.PLANNED

    referral = page.refer()
    assert isinstance(referral, ReferralDialog)
    referral.findChild(QLineEdit, "referral_position").setText("保安")
    refused(qtbot, referral)  # no employer
    assert referral.errors.message("employer")
    referral.findChild(QLineEdit, "referral_employer").setText("鞍山安达保安服务公司")
    ok(qtbot, referral)
    assert page.detail.seeker.stage == JobStage.FOLLOWING and page.referrals_model.rowCount() == 1

    page.referrals.selectRow(0)
    result = page.record_result()
    assert isinstance(result, ReferralDialog)
    set_result(result, InterviewResult.NOT_HIRED)
    refused(qtbot, result)  # 未录用 asks why and what changes next
    assert result.errors.message("why") and result.errors.message("next_step")
    result.findChild(QLineEdit, "referral_why").setText("体检血压偏高，保安岗位要求夜班")
    result.findChild(QLineEdit, "referral_next_step").setText("改推白班保洁岗位")
    ok(qtbot, result)
    [failed] = [page.referrals_model.row_at(i) for i in range(page.referrals_model.rowCount())]
    assert (failed.result, failed.words, failed.employer) == (InterviewResult.NOT_HIRED, 2, "鞍山安达保安服务公司")

    second = page.refer()
    assert isinstance(second, ReferralDialog)
    second.findChild(QLineEdit, "referral_employer").setText("幸福里物业服务中心")
    second.findChild(QLineEdit, "referral_position").setText("保洁员")
    set_result(second, InterviewResult.HIRED)
    second.findChild(QLineEdit, "referral_fit").setText("适应良好")
    ok(qtbot, second)
    assert page.detail.seeker.stage == JobStage.RIGHTS and page.visit_button.isEnabled()

    visit = page.visit()
    assert isinstance(visit, VisitDialog)
    for name in ("visit_agreement", "visit_wage", "visit_insurance"):
        visit.findChild(QCheckBox, name).setChecked(True)
    ok(qtbot, visit)
    assert page.visits_model.rowCount() == 1

    outcome = page.close_file()
    assert isinstance(outcome, OutcomeDialog)
    assert outcome.findChild(QLineEdit, "outcome_employer").text() == "幸福里物业服务中心"  # the hire, filled in
    ok(qtbot, outcome)
    detail = services.employment.detail(clerk, seeker_id)
    assert detail.seeker.stage == JobStage.CLOSED and detail.outcome is not None
    assert (detail.outcome.outcome, detail.outcome.employer) == (JobOutcome.REEMPLOYED, "幸福里物业服务中心")
    assert [r.result for r in detail.referrals] == [InterviewResult.NOT_HIRED, InterviewResult.HIRED]
    assert len(detail.case_nos) == 1 and not page.plan_button.isEnabled()
    assert "再就业" in page.outcome_label.text() or "Re-employed" in page.outcome_label.text()


def test_bad_input_is_said_under_its_field_and_nothing_is_written(qtbot, services: Services,  # type: ignore[no-untyped-def]
                                                                   clerk: Actor) -> None:
    page = EmploymentPage(services, clerk, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.show()
    settle(qtbot)
    before = sizes(services)
    open_one = services.employment.files(clerk, "open")[0]
    dialog = page.new_file()
    assert isinstance(dialog, SeekerDialog)
    dialog.lookup.edit.setText(open_one.name)
    chosen = next(m for m in matches_of(qtbot, dialog.lookup) if m.id == open_one.resident_id)
    dialog.lookup.choose(chosen)
    dialog.findChild(QLineEdit, "seeker_skills").setText("焊" * 201)
    refused(qtbot, dialog)
    assert "已有" in dialog.errors.message("resident") or "already" in dialog.errors.message("resident")
    assert dialog.errors.message("skills")
    dialog.reject()

    page.open_file(open_one.id)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    outcome = page.close_file()
    assert isinstance(outcome, OutcomeDialog)
    kind = outcome.findChild(QComboBox, "outcome_kind")
    kind.setCurrentIndex(kind.findData(JobOutcome.BUSINESS.value))
    outcome.findChild(QSpinBox, "outcome_jobs").setValue(-2)
    refused(qtbot, outcome)
    assert outcome.errors.message("jobs_created")
    outcome.reject()
    assert sizes(services) == before


def test_the_dashboard_counts_the_demos_job_seekers(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    """The demo's hand count (app/demo/employment.py): 20 helped this year, 11 re-employed, 3 businesses, 8 jobs."""
    director = services.auth.login("director", DEMO_PASSWORD)
    page = DashboardPage(services, director, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitUntil(lambda: bool(page.employment.text()), timeout=20_000)
    text = page.employment.text()
    assert sorted(int(n) for n in re.findall(r"\d+", text)) == [3, 8, 11, 20, 2026], text  # in any word order
