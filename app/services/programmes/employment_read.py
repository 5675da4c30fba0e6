"""Employment help read back: the files (open, closed, all; by name), one file's whole history, and the year's
count that seed 000 reports (people helped, re-employed, started a business, the jobs those businesses created)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.domain.employment import JobOutcome
from app.models import Case, Household, Resident, Staff
from app.models.employment import JobCase, JobOutcomeRow, JobPlan, JobReferral, JobSeeker, JobVisit
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, NotFound
from app.services.people.residents import age_on
from app.services.programmes.employment_data import (
    MEASURES,
    JobCounts,
    OutcomeRow,
    PlanRow,
    ReferralRow,
    SeekerDetail,
    SeekerRow,
    VisitRow,
)

SHOW = ("open", "closed", "all")
LIST_MAX = 500


def _measures(plan: JobPlan | None) -> tuple[str, ...]:
    return tuple(m for m in MEASURES if plan is not None and getattr(plan, m))


class EmploymentReads:
    _db: Database

    def _today(self) -> date:
        return local(self._db.clock.now()).date()

    def files(self, actor: Actor, show: str = "open", text: str = "") -> list[SeekerRow]:
        """The files, newest first: ``show`` open, closed or all; ``text`` a part of the name, skills or wishes."""
        with self._db.reading() as session:
            require(session, actor, Permission.EMPLOYMENT)
            where: list[ColumnElement[bool]] = []
            if show == "open":
                where.append(JobSeeker.closed_on.is_(None))
            elif show == "closed":
                where.append(JobSeeker.closed_on.is_not(None))
            typed = text.strip()
            if typed:
                like = f"%{typed}%"
                where.append(or_(Resident.name.like(like), JobSeeker.skills.like(like), JobSeeker.wishes.like(like)))
            query = (select(JobSeeker).join(Resident, Resident.id == JobSeeker.resident_id).where(*where)
                     .order_by(JobSeeker.started_on.desc(), JobSeeker.id.desc()).limit(LIST_MAX))
            return _rows(session, list(session.scalars(query)), self._today())

    def detail(self, actor: Actor, seeker_id: uuid.UUID) -> SeekerDetail:
        with self._db.reading() as session:
            require(session, actor, Permission.EMPLOYMENT)
            seeker = session.get(JobSeeker, seeker_id)
            if seeker is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This job seeker's file no longer exists."))
            names = dict(session.execute(select(Staff.id, Staff.display_name)).all())
            plans = session.scalars(select(JobPlan).where(JobPlan.seeker_id == seeker_id)
                                    .order_by(JobPlan.created_at.desc(), JobPlan.id.desc())).all()
            visits = session.scalars(select(JobVisit).where(JobVisit.seeker_id == seeker_id)
                                     .order_by(JobVisit.visited_on.desc(), JobVisit.id.desc())).all()
            outcome = session.scalar(select(JobOutcomeRow).where(JobOutcomeRow.seeker_id == seeker_id)
                                     .order_by(JobOutcomeRow.created_at.desc(), JobOutcomeRow.id.desc()).limit(1))
            case_nos = session.scalars(select(Case.case_no).join(JobCase, JobCase.case_id == Case.id)
                                       .where(JobCase.seeker_id == seeker_id).order_by(Case.case_no)).all()
            return SeekerDetail(
                _rows(session, [seeker], self._today())[0],
                [PlanRow(p.id, p.planned_on, _measures(p), p.note, names.get(p.by_id, "")) for p in plans],
                _referrals(session, seeker_id, names),
                [VisitRow(v.id, v.visited_on, v.agreement, v.wage_ok, v.insurance_ok, v.note, names.get(v.by_id, ""))
                 for v in visits],
                OutcomeRow(outcome.outcome, outcome.decided_on, outcome.employer, outcome.jobs_created,
                           outcome.reason, names.get(outcome.by_id, "")) if outcome is not None else None,
                tuple(case_nos))

    def year_counts(self, actor: Actor, year: int | None = None) -> JobCounts:
        """Seed 000's count for ``year`` (this year at the desk by default): files opened in it or open during it,
        and the files closed in it as re-employed or as a business, with the jobs those businesses created."""
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_STATISTICS)
            year = year or self._today().year
            start, end = date(year, 1, 1), date(year, 12, 31)
            helped = session.scalar(select(func.count()).select_from(JobSeeker).where(
                JobSeeker.started_on <= end, or_(JobSeeker.closed_on.is_(None), JobSeeker.closed_on >= start))) or 0
            closed = session.execute(
                select(JobSeeker.outcome, func.count(), func.coalesce(func.sum(JobSeeker.jobs_created), 0))
                .where(JobSeeker.closed_on >= start, JobSeeker.closed_on <= end).group_by(JobSeeker.outcome)).all()
            by = {outcome: (n, jobs) for outcome, n, jobs in closed}
            business = by.get(JobOutcome.BUSINESS, (0, 0))
            return JobCounts(year, helped, by.get(JobOutcome.REEMPLOYED, (0, 0))[0], business[0], business[1])


def _rows(session: Session, seekers: list[JobSeeker], today: date) -> list[SeekerRow]:
    if not seekers:
        return []
    ids = [s.id for s in seekers]
    people: dict[uuid.UUID, tuple[str, date | None, str]] = {}
    for resident, household in session.execute(
            select(Resident, Household).outerjoin(Household, Household.id == Resident.household_id)
            .where(Resident.id.in_({s.resident_id for s in seekers}))):
        people[resident.id] = (resident.name, resident.birth_date, household.address if household else "")
    plans: dict[uuid.UUID, JobPlan] = {}
    for plan in session.scalars(select(JobPlan).where(JobPlan.seeker_id.in_(ids))
                                .order_by(JobPlan.created_at, JobPlan.id)):
        plans[plan.seeker_id] = plan  # the newest is in force
    referrals = dict(session.execute(
        select(JobReferral.seeker_id, func.count()).where(JobReferral.seeker_id.in_(ids),
                                                          JobReferral.follows_id.is_(None))
        .group_by(JobReferral.seeker_id)).all())
    rows = []
    for s in seekers:
        name, birth, address = people.get(s.resident_id, ("", None, ""))
        age = age_on(birth, today) if birth is not None else s.age
        rows.append(SeekerRow(s.id, s.resident_id, name, address, age, s.skills, s.certificates, s.wishes, s.family,
                              s.started_on, s.stage, s.outcome, s.closed_on, s.jobs_created,
                              _measures(plans.get(s.id)), referrals.get(s.id, 0)))
    return rows


def _referrals(session: Session, seeker_id: uuid.UUID, names: dict[uuid.UUID, str]) -> list[ReferralRow]:
    rows = session.scalars(select(JobReferral).where(JobReferral.seeker_id == seeker_id)
                           .order_by(JobReferral.created_at, JobReferral.id)).all()
    newest: dict[uuid.UUID, JobReferral] = {}
    words: dict[uuid.UUID, int] = {}
    for row in rows:
        first = row.follows_id or row.id
        newest[first] = row
        words[first] = words.get(first, 0) + 1
    return [ReferralRow(r.id, first, r.employer, r.position, r.referred_on, r.result, r.result_on, r.fit, r.why,
                        r.next_step, names.get(r.by_id, ""), words[first]) for first, r in newest.items()]
