"""Employment help, a closed loop (就业帮扶闭环, issue 22): a file's four steps and its outcome, a file opened or
joined from a request of the 就业帮扶 class, the year's count, and bad input refused by field with nothing written."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from datetime import date

import pytest
from sqlalchemy import func, select

from app.domain.employment import InterviewResult, JobOutcome, JobStage
from app.models.employment import EMPLOYMENT_APPEND_ONLY, JobSeeker
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import Conflict, PermissionDenied, ValidationError
from app.services.people.residents import NewResident, ResidentSummary
from app.services.programmes.employment_data import (
    OutcomeInput,
    PlanInput,
    ReferralInput,
    SeekerInput,
    VisitInput,
)

TODAY = date(2026, 11, 20)  # NOW at the desk (tests/unit/conftest.py)
TABLES = ("job_seeker", *EMPLOYMENT_APPEND_ONLY)


def sizes(services: Services) -> dict[str, int]:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}


def request(services: Services, actor: Actor, resident: ResidentSummary, code: str = "JOB-REFERRAL",
            text: str = "下岗后一直打零工，希望社区推荐稳定的保洁岗位。") -> uuid.UUID:
    sub = next(c for c in services.intake.options(actor).categories if c.code == code)
    return services.intake.submit(actor, IntakeForm(
        channel="walk_in", resident_id=resident.id, category_id=sub.parent_id, subcategory_id=sub.id,
        description=text, urgency=3, scope="household")).case_id


def refused(call: object, *args: object) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        call(*args)  # type: ignore[operator]
    return set(caught.value.errors)


def test_a_job_seekers_whole_loop(services: Services, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    job = services.employment
    seeker = job.open_file(clerk, SeekerInput(residents["李建国"].id, skills="电焊", certificates="焊工证（中级）",
                                              wishes="本地企业技术岗", family="妻子无业，孩子上初中",
                                              started_on=date(2026, 9, 1)))
    row = job.detail(clerk, seeker).seeker
    assert (row.name, row.age, row.stage, row.address) == ("李建国", 48, JobStage.IDENTIFIED, "5号楼1单元101室")
    job.plan(clerk, seeker, PlanInput(jobs=True, training=True, note="先推荐技术岗，同时报名焊工培训",
                                      planned_on=date(2026, 9, 2)))
    assert job.detail(clerk, seeker).seeker.stage == JobStage.PLANNED
    first = job.refer(clerk, seeker, ReferralInput("鞍山重型机械厂", "焊工", date(2026, 9, 10)))
    assert job.detail(clerk, seeker).seeker.stage == JobStage.FOLLOWING
    job.refer(clerk, seeker, ReferralInput("", referred_on=None, result=InterviewResult.NOT_HIRED,
                                           result_on=date(2026, 9, 15), why="没有氩弧焊经验",
                                           next_step="报名氩弧焊培训后再推荐", follows_id=first))
    job.refer(clerk, seeker, ReferralInput("鞍钢配套件公司", "电焊工", date(2026, 10, 8), InterviewResult.HIRED,
                                           date(2026, 10, 12), fit="适应良好，能独立上岗"))
    detail = job.detail(clerk, seeker)
    assert detail.seeker.stage == JobStage.RIGHTS and detail.seeker.referrals == 2
    failed, hired = detail.referrals
    assert (failed.employer, failed.result, failed.why, failed.words, failed.first_id) == (
        "鞍山重型机械厂", InterviewResult.NOT_HIRED, "没有氩弧焊经验", 2, first)  # the employer kept from the first
    assert (hired.employer, hired.result, hired.fit, hired.words) == ("鞍钢配套件公司", InterviewResult.HIRED,
                                                                      "适应良好，能独立上岗", 1)
    job.visit(clerk, seeker, VisitInput(date(2026, 11, 12), agreement=True, wage_ok=True, insurance_ok=False,
                                        note="社保下月起缴"))
    job.close(clerk, seeker, OutcomeInput(JobOutcome.REEMPLOYED, TODAY, employer="鞍钢配套件公司"))
    detail = job.detail(clerk, seeker)
    assert detail.seeker.stage == JobStage.CLOSED and detail.seeker.closed_on == TODAY
    assert detail.outcome is not None and detail.outcome.employer == "鞍钢配套件公司"
    [visit] = detail.visits
    assert (visit.agreement, visit.wage_ok, visit.insurance_ok, visit.by) == (True, True, False, "刘晓燕")
    assert detail.plans[0].measures == ("jobs", "training")
    with pytest.raises(Conflict):  # closed: nothing more is added
        job.plan(clerk, seeker, PlanInput(jobs=True))
    assert sizes(services) == {"job_seeker": 1, "job_case": 0, "job_plan": 1, "job_referral": 3, "job_visit": 1,
                               "job_outcome": 1}
    assert [r.id for r in job.files(clerk, "closed")] == [seeker] and job.files(clerk, "open") == []
    assert [r.name for r in job.files(clerk, "all", "焊")] == ["李建国"]


def test_a_request_opens_the_file_then_a_second_request_joins_it(
        services: Services, clerk: Actor, admin: Actor, residents: dict[str, ResidentSummary]) -> None:
    job = services.employment
    first = request(services, clerk, residents["王芳"])
    assert job.request_link(clerk, first).is_job and job.request_link(clerk, first).seeker_id is None
    seeker = job.from_request(clerk, first)
    row = job.detail(clerk, seeker).seeker
    assert (row.name, row.wishes, row.started_on) == ("王芳", "岗位推荐", TODAY)
    assert job.from_request(clerk, first) == seeker  # asked again: the same file, nothing added
    second = request(services, clerk, residents["王芳"], "JOB-TRAINING", "想参加养老护理员培训。")
    assert job.from_request(clerk, second) == seeker
    assert job.request_link(clerk, second).seeker_id == seeker
    assert len(job.detail(clerk, seeker).case_nos) == 2
    assert sizes(services)["job_seeker"] == 1 and sizes(services)["job_case"] == 2
    water = request(services, clerk, residents["王芳"], "LIFE-WATER", "厨房水管漏水。")
    assert not job.request_link(clerk, water).is_job
    with pytest.raises(Conflict):
        job.from_request(clerk, water)
    job.close(admin, seeker, OutcomeInput(JobOutcome.NONE, reason="家中老人需要照顾，暂不求职"))
    third = request(services, clerk, residents["王芳"])
    assert job.from_request(clerk, third) != seeker  # a closed file is not joined: a new one is opened


def test_the_years_count(services: Services, clerk: Actor, admin: Actor,
                         residents: dict[str, ResidentSummary]) -> None:
    """Hand-counted: 张三 closed in 2025 (not helped in 2026), 李建国 opened in 2025 and closed 2026 with a business
    of 4 jobs, 王芳 re-employed in 2026, 张秀兰 still open: helped 3, re-employed 1, business 1, jobs 4."""
    job = services.employment
    old = job.open_file(clerk, SeekerInput(residents["张三"].id, started_on=date(2025, 3, 1)))
    job.close(clerk, old, OutcomeInput(JobOutcome.REEMPLOYED, date(2025, 10, 1), employer="物业公司"))
    shop = job.open_file(clerk, SeekerInput(residents["李建国"].id, started_on=date(2025, 12, 1)))
    job.plan(clerk, shop, PlanInput(startup=True, note="创业培训，小额贷款担保"))
    job.close(clerk, shop, OutcomeInput(JobOutcome.BUSINESS, date(2026, 6, 1), employer="建国早餐铺", jobs_created=4))
    hired = job.open_file(clerk, SeekerInput(residents["王芳"].id, started_on=date(2026, 2, 1)))
    job.close(clerk, hired, OutcomeInput(JobOutcome.REEMPLOYED, date(2026, 5, 1), employer="幸福里物业"))
    job.open_file(clerk, SeekerInput(residents["张秀兰"].id, started_on=date(2026, 11, 1)))
    counts = job.year_counts(admin)
    assert (counts.year, counts.helped, counts.reemployed, counts.business, counts.jobs_created) == (2026, 3, 1, 1, 4)
    last = job.year_counts(admin, 2025)
    assert (last.helped, last.reemployed, last.business, last.jobs_created) == (2, 1, 0, 0)
    with pytest.raises(PermissionDenied):  # a clerk keeps the files; the count is the dashboard's
        job.year_counts(clerk)


def test_bad_input_is_refused_by_field_and_nothing_is_written(
        services: Services, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    job = services.employment
    seeker = job.open_file(clerk, SeekerInput(residents["李建国"].id, started_on=date(2026, 10, 1)))
    before = sizes(services)
    assert refused(job.open_file, clerk, SeekerInput(residents["李建国"].id)) == {"resident"}  # a second open file
    assert refused(job.open_file, clerk, SeekerInput(None)) == {"resident"}
    assert refused(job.open_file, clerk, SeekerInput(residents["王芳"].id, skills="焊" * 201,
                                                     started_on=date(2026, 11, 21))) == {"skills", "started_on"}
    assert refused(job.refer, clerk, seeker, ReferralInput("  ", "保安")) == {"employer"}
    assert refused(job.refer, clerk, seeker, ReferralInput("物业公司", referred_on=date(2026, 11, 1),
                                                           result=InterviewResult.HIRED,
                                                           result_on=date(2026, 11, 23))) == {"result_on"}
    assert refused(job.refer, clerk, seeker, ReferralInput("物业公司", referred_on=date(2026, 11, 1),
                                                           result=InterviewResult.NOT_HIRED)) == {"why", "next_step"}
    assert refused(job.refer, clerk, seeker, ReferralInput("公" * 61, "岗" * 41, fit="适" * 101)) == {
        "employer", "position", "fit"}
    assert refused(job.refer, clerk, seeker, ReferralInput("物业公司", referred_on=date(2026, 9, 30))) == {
        "referred_on"}  # before the file was opened
    assert refused(job.plan, clerk, seeker, PlanInput()) == {"measures"}
    assert refused(job.visit, clerk, seeker, VisitInput(TODAY, True, True, True)) == {"visited_on"}  # no hire yet
    assert refused(job.close, clerk, seeker, OutcomeInput(JobOutcome.BUSINESS, jobs_created=-1)) == {"jobs_created"}
    assert refused(job.close, clerk, seeker, OutcomeInput(JobOutcome.NONE)) == {"reason"}
    assert refused(job.close, clerk, seeker, OutcomeInput(JobOutcome.REEMPLOYED)) == {"employer"}
    assert sizes(services) == before
    assert job.detail(clerk, seeker).seeker.stage == JobStage.IDENTIFIED


def test_the_age_is_typed_only_when_the_register_has_no_birth_date(
        services: Services, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    job = services.employment
    no_birth = services.residents.create(clerk, NewResident(name="赵志刚", phone="13904125566", building="5",
                                                            unit="1", room="102"))
    assert refused(job.open_file, clerk, SeekerInput(no_birth.id)) == {"age"}
    assert refused(job.open_file, clerk, SeekerInput(no_birth.id, age=12)) == {"age"}
    seeker = job.open_file(clerk, SeekerInput(no_birth.id, age=52))
    assert job.detail(clerk, seeker).seeker.age == 52
    born = job.open_file(clerk, SeekerInput(residents["张三"].id, age=30))  # the register's birth date wins
    assert job.detail(clerk, born).seeker.age == 71
    with services.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(JobSeeker).where(JobSeeker.age.is_not(None))) == 1


def test_the_history_is_append_only(services: Services, clerk: Actor,
                                    residents: dict[str, ResidentSummary]) -> None:
    seeker = services.employment.open_file(clerk, SeekerInput(residents["李建国"].id))
    services.employment.refer(clerk, seeker, ReferralInput("物业公司", "保安"))
    with closing(sqlite3.connect(services.paths.database)) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE job_referral SET employer = '别的公司'")
    with closing(sqlite3.connect(services.paths.database)) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM job_referral")


def test_a_timebank_officer_keeps_no_files(services: Services, timebank: Actor,
                                           residents: dict[str, ResidentSummary]) -> None:
    with pytest.raises(PermissionDenied):
        services.employment.open_file(timebank, SeekerInput(residents["李建国"].id))


def test_the_demo_counts_as_its_stories_say(demo_services: Services, demo_admin: Actor, demo_clerk: Actor) -> None:
    """app/demo/employment.py, hand-counted: 21 files (2 opened last year, one of them closed last year); this year
    20 helped, 11 re-employed (6 older workers, 4 skilled, 1 from last year), 3 businesses with 2 + 5 + 1 jobs."""
    job = demo_services.employment
    counts = job.year_counts(demo_admin)
    assert (counts.helped, counts.reemployed, counts.business, counts.jobs_created) == (20, 11, 3, 8)
    files = job.files(demo_clerk, "all")
    assert len(files) == 21 and len(job.files(demo_clerk, "open")) == 5
    stages = sorted(str(f.stage) for f in files if f.outcome is None)
    assert stages == ["following", "identified", "planned", "planned", "rights"]
    assert sum(1 for f in files if f.outcome == JobOutcome.NONE) == 1
    welder = next(f for f in files if f.skills == "电焊")
    failed, hired = job.detail(demo_clerk, welder.id).referrals
    assert (failed.result, failed.why) == (InterviewResult.NOT_HIRED, "没有氩弧焊经验")
    assert hired.employer == "鞍钢配套件公司"
    assert all(f.age is not None and f.age >= 50 for f in files if f.wishes in ("保安", "保洁"))
