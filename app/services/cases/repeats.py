"""Repeat callers (重复诉求, issue 20): what a resident (or a caller's number) asked in the last 90 days, which of it
is the same problem as the request being logged, the check of a request marked as a repeat, and the residents who
asked three times or more in one calendar month (本月多次来电, for the director).

- **The history** the intake form shows once the resident is chosen (or the caller's number typed on a phone
  request): the requests of that resident and those logged with that number, of the last ``REPEAT_DAYS`` days,
  newest first. Two index ranges (``ix_case_resident_id``; ``ix_case_caller_phone_created``), at most
  ``HISTORY_LIMIT`` rows each: the cost does not grow with the database.
- **The same problem** (``same_problem``): an earlier request with the same sub-category (the same class when either
  has none), still open or resolved (a request merged into another is not a problem of its own). The newest open
  one first (the clerk can attach the call to it), else the newest resolved one. The clerk decides: the form marks
  it, the clerk may unmark it; a repeat is never refused.
- **A request marked as a repeat** (``Case.repeat_of_id``, ``check_repeat_of``): the earlier request must be the
  same resident's, or logged with the same caller's number, and at most ``REPEAT_DAYS`` days old.
- **Asked often** (``frequent``): residents with ``FREQUENT_MIN`` or more requests logged in one calendar month
  (this month so far, and last month), with the latest request and how many calls were attached to earlier
  requests (重复来电 events) that month.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from app.models import Case, CaseEvent, CaseStatus, Category, EventKind, Resident
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors
from app.services.core.validation import InvalidValue, normalize_phone
from app.services.people.statuses import OPEN_STATUSES

REPEAT_DAYS = 90      # how far back the history reaches, and how old the request a repeat names may be
HISTORY_LIMIT = 30    # rows of each range read for the panel (a resident with more in 90 days sees the newest)
FREQUENT_MIN = 3      # requests in one calendar month that flag a resident to the director
FREQUENT_LIMIT = 50   # residents listed per month (the most requests first); ``flagged`` says how many there are
SUMMARY = 30          # characters of a description the panel shows


@dataclass(frozen=True)
class PastRequest:
    """One earlier request of the caller, as the intake form's panel shows it."""

    case_id: uuid.UUID
    case_no: str
    created_at: datetime
    category_id: uuid.UUID
    subcategory_id: uuid.UUID | None
    category: str        # "class / sub-class", or the class
    status: CaseStatus
    summary: str
    resident_id: uuid.UUID
    by_number: bool      # found by the caller's number, logged for another resident record
    repeat_of_no: str    # the request this one was itself marked a repeat of ("" if none)

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class CallerHistory:
    resident_id: uuid.UUID | None
    caller_phone: str     # as normalised ("" when none, or not a number)
    since: datetime
    requests: list[PastRequest]  # newest first


@dataclass(frozen=True)
class FrequentCaller:
    """A resident with ``FREQUENT_MIN`` or more requests in one calendar month."""

    month: date           # the month's first day
    resident_id: uuid.UUID
    name: str
    requests: int         # requests logged for them that month
    repeats: int          # of which marked as repeats
    attached: int         # calls attached to an earlier request that month (重复来电), not counted in ``requests``
    latest_no: str
    latest_at: datetime
    latest_category: str
    flagged: int          # residents flagged that month in all (at most ``FREQUENT_LIMIT`` are listed)


def same_problem(history: Sequence[PastRequest], category_id: uuid.UUID | None,
                 subcategory_id: uuid.UUID | None) -> PastRequest | None:
    """The earlier request of ``history`` about the same problem as a request of this class and sub-category: the
    newest open one, else the newest resolved one; None when there is none (or no class is chosen yet)."""
    if category_id is None:
        return None
    found = [r for r in history if r.status is not CaseStatus.MERGED and (
        r.subcategory_id == subcategory_id if subcategory_id is not None and r.subcategory_id is not None
        else r.category_id == category_id)]
    return next((r for r in found if r.open), found[0] if found else None)


def caller_number(value: str) -> str:
    """The caller's number as stored (``normalize_phone``), or "" when it is not a number yet (still being typed)."""
    try:
        return normalize_phone(value)[0] if value.strip() else ""
    except InvalidValue:
        return ""


def history(session: Session, now: datetime, resident_id: uuid.UUID | None, caller_phone: str) -> CallerHistory:
    """The requests of the resident and of the number in the last ``REPEAT_DAYS`` days, newest first."""
    since = now - timedelta(days=REPEAT_DAYS)
    number = caller_number(caller_phone)
    ids: dict[uuid.UUID, bool] = {}
    if resident_id is not None:
        ids.update((i, False) for i in session.scalars(
            select(Case.id).where(Case.resident_id == resident_id, Case.created_at >= since)
            .order_by(Case.created_at.desc()).limit(HISTORY_LIMIT)))
    if number:
        for i in session.scalars(select(Case.id).where(Case.caller_phone == number, Case.created_at >= since)
                                 .order_by(Case.created_at.desc()).limit(HISTORY_LIMIT)):
            ids.setdefault(i, True)
    if not ids:
        return CallerHistory(resident_id, number, since, [])
    names = dict(session.execute(select(Category.id, Category.name)).all())
    earlier = Case.__table__.alias("earlier")
    rows = session.execute(
        select(Case.id, Case.case_no, Case.created_at, Case.category_id, Case.subcategory_id, Case.status,
               func.substr(Case.description, 1, SUMMARY + 1), Case.resident_id, earlier.c.case_no)
        .outerjoin(earlier, earlier.c.id == Case.repeat_of_id).where(Case.id.in_(list(ids))))
    found = [PastRequest(cid, no, at, cat, sub, _category(names, cat, sub), CaseStatus(status), _short(text),
                         rid, ids[cid] and rid != resident_id, repeat_no or "")
             for cid, no, at, cat, sub, status, text, rid, repeat_no in rows]
    found.sort(key=lambda r: (r.created_at, r.case_no), reverse=True)
    return CallerHistory(resident_id, number, since, found)


def _category(names: dict[uuid.UUID, str], category_id: uuid.UUID, subcategory_id: uuid.UUID | None) -> str:
    top = names.get(category_id, "")
    return f"{top} / {names.get(subcategory_id, '')}" if subcategory_id is not None else top


def _short(text: str) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= SUMMARY else flat[: SUMMARY - 1] + "…"


def check_repeat_of(session: Session, errors: FieldErrors, repeat_of: uuid.UUID | None, resident_id: uuid.UUID | None,
                    caller_phone: str, now: datetime, field: str = "repeat_of") -> Case | None:
    """The earlier request a new one repeats (or a call is attached to), checked: it exists, is the same resident's
    or was logged with the same caller's number, and is at most ``REPEAT_DAYS`` days old. A field error otherwise."""
    if repeat_of is None:
        return None
    earlier = session.get(Case, repeat_of)
    if earlier is None:
        errors.add(field, QT_TRANSLATE_NOOP("errors", "The earlier request was not found; look it up again."))
        return None
    number = caller_number(caller_phone)
    if earlier.resident_id != resident_id and not (number and earlier.caller_phone == number):
        errors.add(field, QT_TRANSLATE_NOOP(
            "errors", "Request {no} was made by another resident and from another number: it cannot be the earlier "
                      "request of this one."), no=earlier.case_no)
        return None
    if earlier.created_at < now - timedelta(days=REPEAT_DAYS):
        errors.add(field, QT_TRANSLATE_NOOP(
            "errors", "Request {no} is more than {days} days old: log this one as a new request."),
            no=earlier.case_no, days=REPEAT_DAYS)
        return None
    if earlier.status is CaseStatus.MERGED:
        errors.add(field, QT_TRANSLATE_NOOP(
            "errors", "Request {no} was merged into another request: choose that one."), no=earlier.case_no)
        return None
    return earlier


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(first: date) -> date:
    return month_start(first - timedelta(days=1))


def _instant(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ)


def frequent(session: Session, month: date) -> list[FrequentCaller]:
    """Residents who asked ``FREQUENT_MIN`` times or more in the calendar month of ``month``: requests logged, and
    calls recorded on their earlier open request (重复来电) counted alike; most first (the latest breaking ties), at
    most ``FREQUENT_LIMIT``. Requests merged into another count: the resident did ask. Index ranges over the month's
    requests and over the calls on requests of the last 90 days, then the few listed residents' own."""
    first = month_start(month)
    since = _instant(first)
    end = _instant((first + timedelta(days=32)).replace(day=1))
    in_month = (Case.created_at >= since, Case.created_at < end)
    window = (Case.created_at >= since - timedelta(days=REPEAT_DAYS), Case.created_at < end)
    requests = (select(Case.resident_id.label("rid"), func.count().label("n"),
                       func.count(Case.repeat_of_id).label("repeats"), literal(0).label("calls"),
                       func.max(Case.created_at).label("latest"))
                .where(*in_month).group_by(Case.resident_id))
    calls = (select(Case.resident_id.label("rid"), literal(0).label("n"), literal(0).label("repeats"),
                    func.count().label("calls"), func.max(CaseEvent.created_at).label("latest"))
             .join(CaseEvent, CaseEvent.case_id == Case.id)
             .where(*window, CaseEvent.kind == EventKind.REPEATED, CaseEvent.created_at >= since,
                    CaseEvent.created_at < end)
             .group_by(Case.resident_id))
    both = union_all(requests, calls).subquery()
    n, repeats, attached = func.sum(both.c.n), func.sum(both.c.repeats), func.sum(both.c.calls)
    grouped = (select(both.c.rid, n.label("n"), repeats.label("repeats"), attached.label("calls"),
                      func.max(both.c.latest).label("latest"))
               .group_by(both.c.rid).having(n + attached >= FREQUENT_MIN).subquery())
    counted = session.execute(select(grouped.c.rid, grouped.c.n, grouped.c.repeats, grouped.c.calls,
                                     func.count().over().label("flagged"))
                              .order_by((grouped.c.n + grouped.c.calls).desc(), grouped.c.latest.desc())
                              .limit(FREQUENT_LIMIT)).all()
    if not counted:
        return []
    total = int(counted[0][4])
    flagged = [r[0] for r in counted]
    names = dict(session.execute(select(Resident.id, Resident.name).where(Resident.id.in_(flagged))).all())
    categories = dict(session.execute(select(Category.id, Category.name)).all())
    latest: dict[uuid.UUID, tuple[str, datetime, str]] = {}
    for rid, no, at, cat, sub in session.execute(  # their latest request (of the month, or the one called about)
            select(Case.resident_id, Case.case_no, Case.created_at, Case.category_id, Case.subcategory_id)
            .where(Case.resident_id.in_(flagged), *window).order_by(Case.created_at)):
        latest[rid] = (no, at, _category(categories, cat, sub))
    return [FrequentCaller(first, rid, names.get(rid, ""), int(n), int(repeats), int(calls), *latest[rid], total)
            for rid, n, repeats, calls, _flagged in counted if rid in latest]


class RepeatService:
    """The reads of repeat callers: the intake form's history panel and the director's 本月多次来电."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def history(self, actor: Actor, resident_id: uuid.UUID | None, caller_phone: str = "") -> CallerHistory:
        """The resident's requests and those of the caller's number in the last 90 days (the intake form's panel)."""
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            return history(session, self._db.clock.now(), resident_id, caller_phone)

    def frequent(self, actor: Actor) -> list[FrequentCaller]:
        """Residents with three or more requests this month (so far), then last month."""
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_STATISTICS)
            now = self._db.clock.now()
            this = month_start(local(now).date())
            return frequent(session, this) + frequent(session, previous_month(this))
