"""The request list (诉求列表): find any request in a moment among a million.

A page is read in two steps: first the ids of one page (filters, search and order in one query that an index can
answer by walking, stopping after the page), then what the rows show for those ids only. Pages are taken by
offset, which the lazily loading list asks for one after another. The total is counted exactly up to a cap and
given as "more than" beyond it, in a query of its own so the first page never waits for it.

The list shows no ID numbers (VIEW_ID_NUMBERS does not arise) and names residents in full: it is for staff.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, false, func, select
from sqlalchemy.orm import Session

from app.domain.enums import HandlingLevel
from app.models import Case, CaseDepartment, CaseStatus, CaseText, Category, Channel, Department, Grid, Resident
from app.services.cases import search as case_search
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ
from app.services.core.db import Database

PAGE = 100          # rows a page holds by default
PAGE_MAX = 500
COUNT_CAP = 10_000  # beyond this the count says "more than"
SUMMARY = 60        # characters of the description a row shows
MIN_SORTED_MATCHES = 1000  # a search matching no more than this is always read whole and sorted (see _matching)


class CaseSort(StrEnum):
    CASE_NO = "case_no"
    CREATED = "created"
    CHANNEL = "channel"
    CATEGORY = "category"  # grouped by category in catalogue order (its ids grow in the order it was made)
    URGENCY = "urgency"
    STATUS = "status"
    GRID = "grid"
    DUE = "due"            # the nearest running time limit; requests without one come last either way


@dataclass(frozen=True)
class CaseQuery:
    """What the list shows: every filter left empty means all requests, newest first."""

    statuses: tuple[CaseStatus, ...] = ()
    category_id: uuid.UUID | None = None  # a class (matches its sub-categories too) or a sub-category
    grid_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None
    urgency: int | None = None
    channel: Channel | None = None
    date_from: date | None = None  # local days at the desk, both inclusive
    date_to: date | None = None
    overdue: bool = False          # past its nearest running time limit now (as the status bar counts)
    in_pool: bool = False          # in the difficult problems pool (难点问题库)
    repeats: bool = False          # marked as a repeat of an earlier request (重复诉求)
    text: str = ""                 # words that must all occur in the description or a note
    sort: CaseSort = CaseSort.CREATED
    descending: bool = True


@dataclass(frozen=True)
class CaseListRow:
    id: uuid.UUID
    case_no: str
    created_at: datetime
    channel: Channel
    category: str
    subcategory: str
    resident_name: str
    anonymous: bool
    urgency: int
    status: CaseStatus
    level: HandlingLevel
    grid: str
    departments: tuple[str, ...]
    due_at: datetime | None
    overdue: bool
    in_pool: bool
    escalated: bool
    summary: str
    repeat_of_no: str = ""  # the earlier request this one repeats (重复诉求), "" if none


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseListRow]
    offset: int
    has_more: bool


@dataclass(frozen=True)
class CaseCount:
    n: int
    exact: bool  # False: there are more than ``n``


@dataclass(frozen=True)
class Choice:
    id: uuid.UUID
    name: str
    parent_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ListChoices:
    """What the filter bar offers."""

    categories: list[Choice]  # classes, each followed by its sub-categories
    grids: list[Choice]
    departments: list[Choice]


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ)


class CaseListService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def page(self, actor: Actor, query: CaseQuery, offset: int = 0, limit: int = PAGE) -> CasePage:
        """One page of the list, from ``offset``."""
        limit = max(1, min(limit, PAGE_MAX))
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            now = self._db.clock.now()
            stmt = self._ids(session, query, now, ordered=True, window=max(offset, 0) + limit)
            if stmt is None:
                return CasePage([], offset, False)
            ids = list(session.scalars(stmt.offset(max(offset, 0)).limit(limit + 1)))
            rows = _rows(session, ids[:limit], now)
            return CasePage(rows, offset, len(ids) > limit)

    def count(self, actor: Actor, query: CaseQuery, cap: int = COUNT_CAP) -> CaseCount:
        """How many requests the list holds: exact up to ``cap``, else "more than ``cap``". All requests
        (no filter) are counted exactly."""
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            unfiltered = CaseQuery(sort=query.sort, descending=query.descending)
            if query == unfiltered:
                return CaseCount(int(session.scalar(select(func.count()).select_from(Case)) or 0), True)
            found = case_search.match(self._db.engine.dialect.name, query.text)
            if found is not None and found.driver is not None and found.driver[2] is None \
                    and replace(query, text="") == unfiltered:
                # Words only, all answered by one FTS5 table: one index row per request, counted in the index.
                fts, fts_match, _ = found.driver
                return CaseCount(int(session.scalar(select(func.count()).select_from(fts).where(fts_match)) or 0),
                                 True)
            stmt = self._ids(session, query, self._db.clock.now(), ordered=False)
            if stmt is None:
                return CaseCount(0, True)
            n = int(session.scalar(select(func.count()).select_from(stmt.limit(cap + 1).subquery())) or 0)
            return CaseCount(min(n, cap), n <= cap)

    def choices(self, actor: Actor) -> ListChoices:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            cats = session.execute(select(Category.id, Category.name, Category.parent_id)
                                   .order_by(Category.sort_order, Category.code)).all()
            ordered: list[Choice] = []
            for cid, name, parent in cats:
                if parent is None:
                    ordered.append(Choice(cid, name))
                    ordered += [Choice(c, n, p) for c, n, p in cats if p == cid]
            grids = [Choice(g, n) for g, n in session.execute(select(Grid.id, Grid.name).order_by(Grid.code))]
            depts = [Choice(d, n) for d, n in session.execute(
                select(Department.id, Department.name).order_by(Department.sort_order, Department.name))]
            return ListChoices(ordered, grids, depts)

    def rebuild_index(self, actor: Actor) -> int:
        """Make the full-text index again from every request and its timeline (after a restore from an old
        backup, or if search ever misses what is there). Returns the number of requests indexed."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            return case_search.rebuild(session.connection())

    def where(self, session: Session, q: CaseQuery) -> list[ColumnElement[bool]]:
        """The list's filters and search as conditions on ``Case`` (order aside), for services that count or export
        the same requests the list shows (rates, export). None of them: no condition."""
        if q == CaseQuery(sort=q.sort, descending=q.descending):
            return []
        now = self._db.clock.now()
        if not q.text.strip():
            return self._conditions(session, q, now)
        found = self._ids(session, q, now, ordered=False)
        return [false()] if found is None else [Case.id.in_(found)]

    # --- the query --------------------------------------------------------------------------------

    def _ids(self, session: Session, q: CaseQuery, now: datetime, ordered: bool,
             window: int = PAGE) -> Select[uuid.UUID] | None:
        """The ids of the list's requests (in its order when ``ordered``, of which the first ``window`` are
        wanted); None when nothing can match."""
        conditions = self._conditions(session, q, now)
        found = case_search.match(self._db.engine.dialect.name, q.text) if q.text.strip() else None
        if q.text.strip() and found is None:
            return None  # only punctuation typed: nothing to look for
        if found is not None and found.driver is not None and q.sort is CaseSort.CREATED:
            # SQLite: read the FTS5 index in its own order (the order of intake) and stop after the page.
            fts, fts_match, others = found.driver
            rowid = fts.c.rowid
            stmt = (select(Case.id).select_from(fts)
                    .join(CaseText, CaseText.id == rowid).join(Case, Case.id == CaseText.case_id)
                    .where(fts_match, *([] if others is None else [others]), *conditions))
            return stmt.order_by(rowid.desc() if q.descending else rowid) if ordered else stmt
        stmt = select(Case.id).where(*conditions)
        if found is not None:
            stmt = stmt.where(self._matching(session, found, window if ordered else 0))
        return stmt.order_by(*_order(q)) if ordered else stmt

    @staticmethod
    def _matching(session: Session, found: case_search.Match, window: int) -> ColumnElement[bool]:
        """The search as a condition on Case, for a list in another order than the index's (``window``: how
        many of its first rows are wanted; 0: the order does not matter).

        Either the matches are read and sorted: work grows with their number m. Or the list's own index is
        walked and each request looked up among the matches until the window is full: about window x N / m
        rows for N requests. The first is cheaper below m = sqrt(window x N), which is where this switches
        (N from the search index's largest key, read from its primary key at no cost). SQLite only: PostgreSQL's
        planner weighs this itself.
        """
        in_matches = Case.id.in_(select(CaseText.case_id).where(found.condition))
        if not window or found.driver is None:
            return in_matches
        total = int(session.scalar(select(func.max(CaseText.id))) or 0)
        many = max(MIN_SORTED_MATCHES, math.isqrt(window * total))
        first = select(CaseText.id).where(found.condition).limit(many + 1).subquery()
        if int(session.scalar(select(func.count()).select_from(first)) or 0) <= many:
            return in_matches
        return exists().where(CaseText.case_id == Case.id, found.condition)

    def _conditions(self, session: Session, q: CaseQuery, now: datetime) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if q.statuses:
            found.append(Case.status.in_(q.statuses) if len(q.statuses) > 1 else Case.status == q.statuses[0])
        if q.category_id is not None:
            parent = session.scalar(select(Category.parent_id).where(Category.id == q.category_id))
            found.append(Case.subcategory_id == q.category_id if parent is not None
                         else Case.category_id == q.category_id)
        if q.grid_id is not None:
            found.append(Case.grid_id == q.grid_id)
        if q.department_id is not None:
            found.append(Case.id.in_(select(CaseDepartment.case_id)
                                     .where(CaseDepartment.department_id == q.department_id)))
        if q.urgency is not None:
            found.append(Case.urgency == q.urgency)
        if q.channel is not None:
            found.append(Case.channel == q.channel)
        if q.date_from is not None:
            found.append(Case.created_at >= day_start(q.date_from))
        if q.date_to is not None:
            found.append(Case.created_at < day_start(q.date_to + timedelta(days=1)))
        if q.overdue:
            found.append(Case.due_at <= now)
        if q.in_pool:
            found.append(Case.in_pool.is_(True))
        if q.repeats:
            found.append(Case.repeat_of_id.is_not(None))
        return found


_SORT_KEYS: dict[CaseSort, list[Any]] = {
    CaseSort.CASE_NO: [Case.case_no],
    CaseSort.CREATED: [Case.created_at, Case.id],
    CaseSort.CHANNEL: [Case.channel, Case.created_at, Case.id],
    CaseSort.CATEGORY: [Case.category_id, Case.created_at, Case.id],
    CaseSort.URGENCY: [Case.urgency, Case.created_at, Case.id],
    CaseSort.STATUS: [Case.status, Case.created_at, Case.id],
    CaseSort.GRID: [Case.grid_id, Case.created_at, Case.id],
    CaseSort.DUE: [Case.due_at, Case.created_at, Case.id],
}


def _order(q: CaseQuery) -> list[Any]:
    keys = [k.desc() if q.descending else k.asc() for k in _SORT_KEYS[q.sort]]
    if q.sort is CaseSort.DUE:
        keys[0] = keys[0].nulls_last()
    return keys


def _rows(session: Session, ids: list[uuid.UUID], now: datetime) -> list[CaseListRow]:
    """What the list shows of these requests, in the order given."""
    if not ids:
        return []
    earlier = Case.__table__.alias("earlier")
    cases = {c.id: c for c in session.execute(
        select(Case.id, Case.case_no, Case.created_at, Case.channel, Case.category_id, Case.subcategory_id,
               Case.anonymous, Case.urgency, Case.status, Case.level, Case.grid_id, Case.due_at, Case.in_pool,
               Case.escalated, func.substr(Case.description, 1, SUMMARY).label("summary"),
               Resident.name.label("resident_name"), earlier.c.case_no.label("repeat_of_no"))
        .join(Resident, Resident.id == Case.resident_id)
        .outerjoin(earlier, earlier.c.id == Case.repeat_of_id)
        .where(Case.id.in_(ids)))}
    categories = {k: v for k, v in session.execute(select(Category.id, Category.name))}
    grid_ids = {c.grid_id for c in cases.values() if c.grid_id is not None}
    grids = {k: v for k, v in session.execute(select(Grid.id, Grid.name).where(Grid.id.in_(grid_ids)))}
    departments: dict[uuid.UUID, list[str]] = {}
    for cid, name in session.execute(select(CaseDepartment.case_id, Department.name)
                                     .join(Department, Department.id == CaseDepartment.department_id)
                                     .where(CaseDepartment.case_id.in_(ids))
                                     .order_by(CaseDepartment.created_at)):
        departments.setdefault(cid, []).append(name)
    rows = []
    for cid in ids:
        c = cases[cid]
        rows.append(CaseListRow(
            id=c.id, case_no=c.case_no, created_at=c.created_at, channel=c.channel,
            category=categories.get(c.category_id, ""),
            subcategory=categories.get(c.subcategory_id, "") if c.subcategory_id else "",
            resident_name=c.resident_name, anonymous=c.anonymous, urgency=c.urgency, status=c.status, level=c.level,
            grid=grids.get(c.grid_id, "") if c.grid_id else "", departments=tuple(departments.get(cid, ())),
            due_at=c.due_at, overdue=c.due_at is not None and c.due_at <= now, in_pool=c.in_pool,
            escalated=c.escalated, summary=" ".join((c.summary or "").split()), repeat_of_no=c.repeat_of_no or ""))
    return rows


__all__ = ["COUNT_CAP", "PAGE", "CaseCount", "CaseListRow", "CaseListService", "CasePage", "CaseQuery", "CaseSort",
           "Choice", "ListChoices"]
