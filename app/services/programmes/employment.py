"""Employment help, a closed loop (就业帮扶闭环, seed 000 案例二): a job seeker's file and its four steps.

精准识别 opens the file of a resident from the register (``open_file``; from a request of the 就业帮扶 class in one
step: ``from_request``, which joins the resident's open file when there is one). 分类施策 records the measures
(``plan``), 跟踪服务 each referral and the later word on it (``refer``: a failed interview says why and what changes
next), 权益保障 the return visits after a hire (``visit``), and the file ends with its outcome (``close``).

Every step adds rows (the history is append-only); the file's stage, outcome and closing day are a cache written
with them (``_restage``). Each method is one transaction: refused input raises before anything is written.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.domain.employment import InterviewResult, JobOutcome, JobStage
from app.models import Case, Category, Resident, ResidentStatus
from app.models.employment import JobCase, JobOutcomeRow, JobPlan, JobReferral, JobSeeker, JobVisit
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound
from app.services.core.labels import zh
from app.services.core.validation import check_length
from app.services.programmes.employment_data import (
    AGE_MAX,
    AGE_MIN,
    EMPLOYER_MAX,
    FIT_MAX,
    JOBS_MAX,
    POSITION_MAX,
    TEXT_MAX,
    CaseJobLink,
    OutcomeInput,
    PlanInput,
    ReferralInput,
    SeekerInput,
    VisitInput,
)
from app.services.programmes.employment_read import EmploymentReads

JOB_CLASS = "JOB"  # the catalogue's code of the 就业帮扶 class
GONE = QT_TRANSLATE_NOOP("errors", "This job seeker's file no longer exists.")
CLOSED = QT_TRANSLATE_NOOP("errors", "This job seeker's file is closed ({outcome}); nothing more is added to it.")
FUTURE = QT_TRANSLATE_NOOP("errors", "The date cannot be in the future.")
BEFORE_FILE = QT_TRANSLATE_NOOP("errors", "The date is before the file was opened ({day}).")


def today_of(session: Session) -> date:
    return local(session.info["now"]).date()


def check_day(errors: FieldErrors, key: str, day: date | None, today: date, earliest: date | None = None) -> date:
    """A day of a step: not after today, not before the file was opened; None is today."""
    day = day or today
    if day > today:
        errors.add(key, FUTURE)
    elif day.year < 2000:
        errors.add(key, QT_TRANSLATE_NOOP("errors", "Please check the year: {day} is too long ago."),
                   day=day.isoformat())
    elif earliest is not None and day < earliest:
        errors.add(key, BEFORE_FILE, day=earliest.isoformat())
    return day


class EmploymentService(EmploymentReads):
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- 精准识别 -----------------------------------------------------------------------------------------

    def open_file(self, actor: Actor, data: SeekerInput) -> uuid.UUID:
        """Open a job seeker's file for a resident of the register; one open file per resident."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.EMPLOYMENT)
            today = today_of(session)
            errors = FieldErrors()
            resident = session.get(Resident, data.resident_id) if data.resident_id is not None else None
            if data.resident_id is None:
                errors.add("resident", QT_TRANSLATE_NOOP("errors", "Choose the resident from the register."))
            elif resident is None or resident.status != ResidentStatus.ACTIVE:
                errors.add("resident", QT_TRANSLATE_NOOP(
                    "errors", "This resident is not on the register as living here; choose again."))
            elif _open_file_of(session, resident.id) is not None:
                errors.add("resident", QT_TRANSLATE_NOOP(
                    "errors", "{name} already has an open job seeker's file; add to that one."), name=resident.name)
            age: int | None = None
            if resident is not None and resident.birth_date is None:
                age = data.age
                if age is None or not AGE_MIN <= age <= AGE_MAX:
                    errors.add("age", QT_TRANSLATE_NOOP(
                        "errors", "The register has no birth date: type the age ({low} to {high})."),
                        low=AGE_MIN, high=AGE_MAX)
            texts = {key: check_length(errors, key, getattr(data, key), TEXT_MAX, required=False)
                     for key in ("skills", "certificates", "wishes", "family")}
            started = check_day(errors, "started_on", data.started_on, today)
            errors.raise_if_any()
            assert resident is not None
            seeker = JobSeeker(resident_id=resident.id, age=age, started_on=started, created_by_id=staff.id,
                               stage=JobStage.IDENTIFIED, jobs_created=0, **texts)
            session.add(seeker)
            session.flush()
            return seeker.id

    def from_request(self, actor: Actor, case_id: uuid.UUID) -> uuid.UUID:
        """建立就业档案 from a request of the 就业帮扶 class: the file of its resident (opened today if they have
        none open, joined if they have), linked to the request. Asked again, it gives the file already linked."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.EMPLOYMENT)
            case = session.get(Case, case_id)
            if case is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This request no longer exists."))
            linked = session.scalar(select(JobCase.seeker_id).where(JobCase.case_id == case_id))
            if linked is not None:
                return linked
            if not _is_job_case(session, case):
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "Only a request of the employment help class opens a job seeker's file."))
            seeker = _open_file_of(session, case.resident_id)
            if seeker is None:
                resident = session.get(Resident, case.resident_id)
                if resident is None or resident.status != ResidentStatus.ACTIVE:
                    raise Conflict(QT_TRANSLATE_NOOP(
                        "errors", "The request's resident is not on the register as living here."))
                wishes = case.subcategory.name if case.subcategory is not None else ""
                seeker = JobSeeker(resident_id=resident.id, age=None, started_on=today_of(session),
                                   created_by_id=staff.id, stage=JobStage.IDENTIFIED, jobs_created=0,
                                   skills="", certificates="", wishes=wishes, family="")
                session.add(seeker)
                session.flush()
            session.add(JobCase(seeker_id=seeker.id, case_id=case.id, by_id=staff.id))
            session.flush()
            return seeker.id

    def request_link(self, actor: Actor, case_id: uuid.UUID) -> CaseJobLink:
        """For the request page: whether the request is of the 就业帮扶 class and the file it opened or joined."""
        with self._db.reading() as session:
            require(session, actor, Permission.EMPLOYMENT)
            case = session.get(Case, case_id)
            if case is None:
                return CaseJobLink(False)
            linked = session.scalar(select(JobCase.seeker_id).where(JobCase.case_id == case_id))
            return CaseJobLink(_is_job_case(session, case), linked)

    # --- 分类施策 -----------------------------------------------------------------------------------------

    def plan(self, actor: Actor, seeker_id: uuid.UUID, data: PlanInput) -> uuid.UUID:
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.EMPLOYMENT)
            seeker = _seeker_open(session, seeker_id)
            errors = FieldErrors()
            if not (data.jobs or data.training or data.startup):
                errors.add("measures", QT_TRANSLATE_NOOP(
                    "errors", "Tick at least one measure: job referral, skills training, or start-up help."))
            note = check_length(errors, "note", data.note, TEXT_MAX, required=False)
            day = check_day(errors, "planned_on", data.planned_on, today_of(session), seeker.started_on)
            errors.raise_if_any()
            row = JobPlan(seeker_id=seeker.id, planned_on=day, jobs=data.jobs, training=data.training,
                          startup=data.startup, note=note, by_id=staff.id)
            session.add(row)
            _restage(session, seeker)
            return row.id

    # --- 跟踪服务 -----------------------------------------------------------------------------------------

    def refer(self, actor: Actor, seeker_id: uuid.UUID, data: ReferralInput) -> uuid.UUID:
        """A referral (employer, position, day, the interview's result and how the job fits), or the later word on
        one (``follows_id``). 未录用 needs why and what changes next; a result is dated, never in the future."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.EMPLOYMENT)
            seeker = _seeker_open(session, seeker_id)
            today = today_of(session)
            errors = FieldErrors()
            first = None
            if data.follows_id is not None:
                first = session.get(JobReferral, data.follows_id)
                if first is None or first.seeker_id != seeker.id:
                    raise NotFound(QT_TRANSLATE_NOOP("errors", "This referral is not on this file any more."))
                if first.follows_id is not None:  # a word follows the referral's first row
                    first = session.get(JobReferral, first.follows_id)
                    assert first is not None
            typed_employer = data.employer if data.employer.strip() or first is None else first.employer
            employer = check_length(errors, "employer", typed_employer, EMPLOYER_MAX)
            if not employer:
                errors.add("employer", QT_TRANSLATE_NOOP("errors", "Name the employer the job seeker was sent to."))
            typed_position = data.position if data.position.strip() or first is None else first.position
            position = check_length(errors, "position", typed_position, POSITION_MAX, required=False)
            referred = first.referred_on if first is not None and data.referred_on is None else data.referred_on
            referred_on = check_day(errors, "referred_on", referred, today, seeker.started_on)
            fit = check_length(errors, "fit", data.fit, FIT_MAX, required=False)
            why = check_length(errors, "why", data.why, TEXT_MAX, required=False)
            next_step = check_length(errors, "next_step", data.next_step, TEXT_MAX, required=False)
            result_on = None
            if data.result != InterviewResult.PENDING:
                result_on = data.result_on or today
                if result_on > today:
                    errors.add("result_on", QT_TRANSLATE_NOOP(
                        "errors", "An interview's result cannot be recorded for a day still to come."))
                elif result_on < referred_on:
                    errors.add("result_on", QT_TRANSLATE_NOOP(
                        "errors", "The interview is before the referral ({day})."), day=referred_on.isoformat())
            if data.result == InterviewResult.NOT_HIRED:
                if not why:
                    errors.add("why", QT_TRANSLATE_NOOP("errors", "Not hired: say why (what the employer said)."))
                if not next_step:
                    errors.add("next_step", QT_TRANSLATE_NOOP(
                        "errors", "Not hired: say what changes next (another post, training ...)."))
            errors.raise_if_any()
            row = JobReferral(seeker_id=seeker.id, follows_id=first.id if first is not None else None,
                              employer=employer, position=position, referred_on=referred_on, result=data.result,
                              result_on=result_on, fit=fit, why=why, next_step=next_step, by_id=staff.id)
            session.add(row)
            _restage(session, seeker)
            return row.id

    # --- 权益保障 -----------------------------------------------------------------------------------------

    def visit(self, actor: Actor, seeker_id: uuid.UUID, data: VisitInput) -> uuid.UUID:
        """A return visit after a hire: the three-party agreement, the wage and the social insurance checked."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.EMPLOYMENT)
            seeker = _seeker_open(session, seeker_id)
            errors = FieldErrors()
            if not _hired(session, seeker.id):
                errors.add("visited_on", QT_TRANSLATE_NOOP(
                    "errors", "A return visit follows a hire: record the referral's result (hired) first."))
            note = check_length(errors, "note", data.note, TEXT_MAX, required=False)
            day = check_day(errors, "visited_on", data.visited_on, today_of(session), seeker.started_on)
            errors.raise_if_any()
            row = JobVisit(seeker_id=seeker.id, visited_on=day, agreement=data.agreement, wage_ok=data.wage_ok,
                           insurance_ok=data.insurance_ok, note=note, by_id=staff.id)
            session.add(row)
            _restage(session, seeker)
            return row.id

    # --- the outcome --------------------------------------------------------------------------------------

    def close(self, actor: Actor, seeker_id: uuid.UUID, data: OutcomeInput) -> uuid.UUID:
        """再就业 (where), 自主创业 (the jobs the business created, 0 or more) or closed without a job (why)."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.EMPLOYMENT)
            seeker = _seeker_open(session, seeker_id)
            errors = FieldErrors()
            outcome = JobOutcome(data.outcome)
            employer = check_length(errors, "employer", data.employer, EMPLOYER_MAX,
                                    required=outcome == JobOutcome.REEMPLOYED)
            reason = check_length(errors, "reason", data.reason, TEXT_MAX, required=outcome == JobOutcome.NONE)
            jobs = data.jobs_created if outcome == JobOutcome.BUSINESS else 0
            if jobs < 0:
                errors.add("jobs_created", QT_TRANSLATE_NOOP(
                    "errors", "The jobs a business created cannot be fewer than none."))
            elif jobs > JOBS_MAX:
                errors.add("jobs_created", QT_TRANSLATE_NOOP("errors", "At most {n}."), n=JOBS_MAX)
            day = check_day(errors, "decided_on", data.decided_on, today_of(session), seeker.started_on)
            errors.raise_if_any()
            row = JobOutcomeRow(seeker_id=seeker.id, outcome=outcome, decided_on=day, employer=employer,
                                jobs_created=jobs, reason=reason if outcome == JobOutcome.NONE else "",
                                by_id=staff.id)
            session.add(row)
            seeker.outcome, seeker.closed_on, seeker.jobs_created = outcome, day, jobs
            _restage(session, seeker)
            return row.id


def _is_job_case(session: Session, case: Case) -> bool:
    code = session.scalar(select(Category.code).where(Category.id == case.category_id))
    return code == JOB_CLASS


def _open_file_of(session: Session, resident_id: uuid.UUID) -> JobSeeker | None:
    return session.scalar(select(JobSeeker).where(JobSeeker.resident_id == resident_id,
                                                  JobSeeker.closed_on.is_(None)).limit(1))


def _seeker_open(session: Session, seeker_id: uuid.UUID) -> JobSeeker:
    seeker = session.get(JobSeeker, seeker_id, with_for_update=True)
    if seeker is None:
        raise NotFound(GONE)
    if seeker.outcome is not None:
        raise Conflict(CLOSED, outcome=zh(seeker.outcome))
    return seeker


def _current_referrals(session: Session, seeker_id: uuid.UUID) -> list[JobReferral]:
    """Each referral's newest word."""
    rows = session.scalars(select(JobReferral).where(JobReferral.seeker_id == seeker_id)
                           .order_by(JobReferral.created_at, JobReferral.id)).all()
    newest: dict[uuid.UUID, JobReferral] = {}
    for row in rows:
        newest[row.follows_id or row.id] = row
    return list(newest.values())


def _hired(session: Session, seeker_id: uuid.UUID) -> bool:
    session.flush()
    return any(r.result == InterviewResult.HIRED for r in _current_referrals(session, seeker_id))


def _restage(session: Session, seeker: JobSeeker) -> None:
    """The file's stage from its history: closed, rights (hired or visited), following, planned, identified."""
    session.flush()
    if seeker.outcome is not None:
        stage = JobStage.CLOSED
    elif _hired(session, seeker.id) or session.scalar(select(exists().where(JobVisit.seeker_id == seeker.id))):
        stage = JobStage.RIGHTS
    elif session.scalar(select(exists().where(JobReferral.seeker_id == seeker.id))):
        stage = JobStage.FOLLOWING
    elif session.scalar(select(exists().where(JobPlan.seeker_id == seeker.id))):
        stage = JobStage.PLANNED
    else:
        stage = JobStage.IDENTIFIED
    if seeker.stage != stage:
        seeker.stage = stage
    session.flush()

