"""The rates' daily rollup: the figures of a year read from its days, not from its requests.

``rates_day`` holds, per local day of intake, class, grid and current handling level, exactly the counters the rates
count of those requests (``counting.counters()``: received, households, responded, resolved, follow-up calls,
satisfied answers, the pool, seconds to respond and to resolve); ``rates_day_department`` the same per department,
class and grid, with the department's call counters (``counting.score_counters()``). A year is at most a few hundred
thousand small rows summed, whatever the number of requests.

**Kept in the transaction that writes the requests.** The unit of work's ``after_flush`` hook (``note_flush``) notes
every request whose counted columns changed (its old day, class, grid and level too, when they changed), every request
with a new follow-up, suspension or resumption, and every department row added, changed or removed; before the commit
(``settle``) each noted key's row is counted again from the requests with the very same columns the direct count uses,
restricted to that day, and stored (or removed when nothing is left). So a later status change, a merge, a correction
of class or grid, an escalation or an erasure changes the past day's row as it changes the direct count: they agree by
construction, which a property test checks (tests/unit/test_rollup.py). On PostgreSQL two desks may count the same key
at once: each takes the key's row lock first (``INSERT … ON CONFLICT DO NOTHING``, then ``SELECT … FOR UPDATE``) and
counts after it, in a statement that sees what the other committed, so the last one never stores a stale sum. On
SQLite writers are serialised by ``BEGIN IMMEDIATE``.

Writers that bypass the unit of work (the benchmarks' bulk inserts, plain SQL) leave it stale: ``rebuild`` counts it
all again (migration 0015 fills it so), and ``differences`` (``main.py verify``) compares it with a recount.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Date, delete, func, insert, inspect, literal, select, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Uuid

from app.domain.enums import HandlingLevel
from app.models import Case, CaseDepartment, CaseEvent, CaseStatus, Category, EventKind
from app.models.rollup import FIGURE_COLUMNS, NO_GRID, SCORE_COLUMNS, RatesDay, RatesDayDepartment
from app.services.cases.counting import WIDTH, Figures, Score, counters, figures, score, score_counters
from app.services.cases.listing import CaseQuery
from app.services.core.clock import LOCAL_TZ, local

#: The columns of ``case`` the rollup counts or is keyed by: a change of any other (a note, the next check of the
#: ladder, the assignee) leaves the rollup as it is.
COUNTED = ("created_at", "status", "category_id", "grid_id", "level", "responded_at", "resolved_at", "satisfaction",
           "cycle", "paused_seconds", "households_count", "in_pool", "repeat_of_id")
KEY_COLUMNS = ("created_at", "category_id", "grid_id", "level")
#: Events read by the counters (follow-up answers of reopened requests, suspended time before the response).
COUNTED_EVENTS = (EventKind.FOLLOWED_UP, EventKind.SUSPENDED, EventKind.RESUMED)
IN_CHUNK = 500
_UNKNOWN = object()  # a column's earlier value, never loaded

_CASES = "rollup_cases"          # ids of the requests to count again
_OLD = "rollup_old"              # (case id, day, class, grid, level) each was counted under before this transaction
_OLD_DEPARTMENTS = "rollup_old_departments"  # (case id, department id) links changed or removed

DAY_KEY = ("day", "category_id", "grid_id", "level")
DEPARTMENT_KEY = ("day", "department_id", "category_id", "grid_id")
Key = tuple[date, uuid.UUID, uuid.UUID, str]                  # day, class, grid (NO_GRID), level
DepartmentKey = tuple[date, uuid.UUID, uuid.UUID, uuid.UUID]  # day, department, class, grid


# --- the local day of an instant, in SQL -----------------------------------------------------------------


def _offset_hours() -> int:
    """The desk's offset from UTC in whole hours (China Standard Time: +8, without daylight saving since 1991)."""
    offset = datetime.now(LOCAL_TZ).utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 3600)


class local_day(FunctionElement[date]):  # noqa: N801 - an SQL function, named like one
    """The desk's calendar day of a UTC datetime column (stored naive UTC on every backend)."""

    type = Date()
    inherit_cache = True


@compiles(local_day)
def _local_day_default(element: local_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} + INTERVAL '{_offset_hours()} hours' AS DATE)"


@compiles(local_day, "sqlite")
def _local_day_sqlite(element: local_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '{_offset_hours():+d} hours')"


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ)


def _grid(value: uuid.UUID | None) -> uuid.UUID:
    return NO_GRID if value is None else value


# --- what a period reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slice:
    """Filters the rollup can answer: a class, a grid, local days. ``where``: the same filters as conditions on
    ``Case``, for the direct count of the partial days at a period's edges."""

    where: tuple[ColumnElement[bool], ...] = ()
    category_id: uuid.UUID | None = None
    grid_id: uuid.UUID | None = None
    first: date | None = None  # inclusive
    last: date | None = None

    def _on(self, table: Any, first: date, last: date) -> list[ColumnElement[bool]]:
        """Conditions on a rollup table for the days ``first`` to ``last`` (inclusive) within the slice."""
        found = [table.day >= max(first, self.first or first), table.day <= min(last, self.last or last)]
        if self.category_id is not None:
            found.append(table.category_id == self.category_id)
        if self.grid_id is not None:
            found.append(table.grid_id == self.grid_id)
        return found


EVERYTHING = Slice()


def slice_of(session: Session, query: CaseQuery | None, where: Sequence[ColumnElement[bool]]) -> Slice | None:
    """The rollup's slice for the request list's filters ``query`` (``where``: the list's conditions for them), or
    None when they filter on what the rollup does not keep (text, status, department, urgency, a sub-category...)."""
    if query is None:
        return EVERYTHING
    plain = CaseQuery(category_id=query.category_id, grid_id=query.grid_id, date_from=query.date_from,
                      date_to=query.date_to, sort=query.sort, descending=query.descending)
    if query != plain:
        return None
    if query.category_id is not None and session.scalar(
            select(Category.parent_id).where(Category.id == query.category_id)) is not None:
        return None  # a sub-category
    return Slice(tuple(where), query.category_id, query.grid_id, query.date_from, query.date_to)


def whole_days(since: datetime, until: datetime) -> tuple[date, date] | None:
    """The local days wholly inside ``[since, until)`` (first and last, inclusive), or None."""
    first = local(since).date()
    if day_start(first) < since:
        first += timedelta(days=1)
    last = local(until).date() - timedelta(days=1)
    return (first, last) if first <= last else None


def cube(session: Session, first: date, last: date, part: Slice) -> Iterator[tuple[Any, Any, str, Figures]]:
    """(class, grid or None, level, figures) of the days ``first`` to ``last``."""
    t = RatesDay
    rows = session.execute(select(t.category_id, t.grid_id, t.level, *(func.sum(getattr(t, c)) for c in FIGURE_COLUMNS))
                           .where(*part._on(t, first, last)).group_by(t.category_id, t.grid_id, t.level))
    for r in rows:
        yield r[0], (None if r[1] == NO_GRID else r[1]), r[2], figures(r[3:])


def departments(session: Session, first: date, last: date, part: Slice) -> Iterator[tuple[Any, Figures, Score]]:
    t = RatesDayDepartment
    sums = [func.sum(getattr(t, c)) for c in FIGURE_COLUMNS + SCORE_COLUMNS]
    rows = session.execute(select(t.department_id, *sums).where(*part._on(t, first, last)).group_by(t.department_id))
    for r in rows:
        yield r[0], figures(r[1:WIDTH + 1]), score(r[WIDTH + 1:])


def days(session: Session, first: date, last: date, part: Slice) -> Iterator[tuple[date, Any, int, int]]:
    """(day, class, received, resolved) of the days ``first`` to ``last``, for the weekly trend."""
    t = RatesDay
    rows = session.execute(select(t.day, t.category_id, func.sum(t.received), func.sum(t.resolved))
                           .where(*part._on(t, first, last)).group_by(t.day, t.category_id))
    for day, category_id, received, resolved in rows:
        yield day, category_id, int(received or 0), int(resolved or 0)


# --- keeping it: the unit of work's hooks ----------------------------------------------------------------


def note_flush(session: Session, _ctx: object) -> None:
    """``after_flush``: note the requests whose counted figures this flush may have changed (the attribute history
    still holds the old values here)."""
    cases: set[uuid.UUID] = session.info.setdefault(_CASES, set())
    old: set[tuple[Any, ...]] = session.info.setdefault(_OLD, set())
    old_departments: set[tuple[uuid.UUID, uuid.UUID]] = session.info.setdefault(_OLD_DEPARTMENTS, set())
    for obj in session.new:
        if isinstance(obj, Case):
            cases.add(obj.id)
        elif isinstance(obj, CaseDepartment):
            cases.add(obj.case_id)
        elif isinstance(obj, CaseEvent) and obj.kind in COUNTED_EVENTS:
            cases.add(obj.case_id)
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, Case):
            state = inspect(obj)
            if obj in session.deleted or any(state.attrs[c].history.has_changes() for c in COUNTED):
                cases.add(obj.id)
                before = [_before(state, c) for c in KEY_COLUMNS]
                if all(v is not _UNKNOWN for v in before):
                    old.add((obj.id, local(before[0]).date(), before[1], _grid(before[2]), str(before[3])))
        elif isinstance(obj, CaseDepartment):
            state = inspect(obj)
            cases.add(obj.case_id)
            department = _before(state, "department_id")
            if department is not _UNKNOWN:
                old_departments.add((obj.case_id, department))


def _before(state: Any, column: str) -> Any:
    """The column's value before this flush (its committed value), or ``_UNKNOWN`` when it was never loaded."""
    history = state.attrs[column].history
    if history.deleted:
        return history.deleted[0]
    if history.unchanged:
        return history.unchanged[0]
    return _UNKNOWN


def settle(session: Session) -> None:
    """``before_commit``: count the noted keys again and store them, in this transaction. (SQLAlchemy calls it
    before the commit's own flush: what is still pending is flushed, and so noted, first. A savepoint's commit, inside
    a flush, is not the transaction's.)"""
    if session.in_nested_transaction():
        return
    session.flush()
    while session.info.get(_CASES):
        session.flush()
        cases: set[uuid.UUID] = session.info.pop(_CASES, set())
        old: set[tuple[Any, ...]] = session.info.pop(_OLD, set())
        old_departments: set[tuple[uuid.UUID, uuid.UUID]] = session.info.pop(_OLD_DEPARTMENTS, set())
        keys, department_keys = _keys(session, cases, old, old_departments)
        refresh(session.connection(), keys, department_keys)


def forget(session: Session) -> None:
    """``after_rollback``: nothing noted survives a rolled-back transaction."""
    for name in (_CASES, _OLD, _OLD_DEPARTMENTS):
        session.info.pop(name, None)


def _chunks(ids: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(ids), IN_CHUNK):
        yield ids[i:i + IN_CHUNK]


def _keys(session: Session, cases: set[uuid.UUID], old: set[tuple[Any, ...]],
          old_departments: set[tuple[uuid.UUID, uuid.UUID]]) -> tuple[set[Key], set[DepartmentKey]]:
    """The rollup's keys the noted requests are counted under now, and were before."""
    identities: dict[uuid.UUID, set[tuple[date, uuid.UUID, uuid.UUID, str]]] = {}
    links: dict[uuid.UUID, set[uuid.UUID]] = {}
    for case_id, day, category_id, grid_id, level in old:
        identities.setdefault(case_id, set()).add((day, category_id, grid_id, level))
    for case_id, department_id in old_departments:
        links.setdefault(case_id, set()).add(department_id)
    ids = sorted(cases)
    for chunk in _chunks(ids):
        for case_id, created_at, category_id, grid_id, level in session.execute(
                select(Case.id, Case.created_at, Case.category_id, Case.grid_id, Case.level).where(Case.id.in_(chunk))):
            identities.setdefault(case_id, set()).add((local(created_at).date(), category_id, _grid(grid_id),
                                                       str(HandlingLevel(level).value)))
        for case_id, department_id in session.execute(
                select(CaseDepartment.case_id, CaseDepartment.department_id).where(CaseDepartment.case_id.in_(chunk))):
            links.setdefault(case_id, set()).add(department_id)
    keys = {key for found in identities.values() for key in found}
    department_keys = {(day, department_id, category_id, grid_id)
                       for case_id, found in identities.items() for day, category_id, grid_id, _level in found
                       for department_id in links.get(case_id, ())}
    return keys, department_keys


def keys_of(session: Session, cases: set[uuid.UUID]) -> tuple[set[Key], set[DepartmentKey]]:
    """The rollup's keys these requests are counted under now (a sync reads them before and after a pull)."""
    return _keys(session, cases, set(), set())


def refresh(conn: Connection, keys: Iterable[Key], department_keys: Iterable[DepartmentKey]) -> None:
    """Count the rows of ``keys`` again from the requests and store them (remove the empty ones)."""
    keys, department_keys = sorted(keys), sorted(department_keys)
    if conn.dialect.name == "postgresql":  # lock first, count after: the count then sees every committed write
        _lock(conn, RatesDay, DAY_KEY, keys)
        _lock(conn, RatesDayDepartment, DEPARTMENT_KEY, department_keys)
    for day, group in _by_day(keys).items():
        categories = sorted({k[1] for k in group})
        found = {(r[0], _grid(r[1]), str(r[2])): r[3:] for r in conn.execute(
            select(Case.category_id, Case.grid_id, Case.level, *counters())
            .where(*_on_day(day), Case.category_id.in_(categories))
            .group_by(Case.category_id, Case.grid_id, Case.level))}
        for key in group:
            _store(conn, RatesDay, DAY_KEY, key, FIGURE_COLUMNS, found.get(key[1:]))
    for day, dgroup in _by_day(department_keys).items():
        wanted = sorted({k[1] for k in dgroup})
        dfound = {(r[0], r[1], _grid(r[2])): r[3:] for r in conn.execute(
            select(CaseDepartment.department_id, Case.category_id, Case.grid_id, *counters(), *score_counters())
            .join(Case, Case.id == CaseDepartment.case_id)
            .where(*_on_day(day), CaseDepartment.department_id.in_(wanted))
            .group_by(CaseDepartment.department_id, Case.category_id, Case.grid_id))}
        for dkey in dgroup:
            _store(conn, RatesDayDepartment, DEPARTMENT_KEY, dkey,
                   FIGURE_COLUMNS + SCORE_COLUMNS, dfound.get(dkey[1:]))


def _by_day(keys: Iterable[Any]) -> dict[date, list[Any]]:
    found: dict[date, list[Any]] = {}
    for key in keys:
        found.setdefault(key[0], []).append(key)
    return found


def _on_day(day: date) -> list[ColumnElement[bool]]:
    return [Case.created_at >= day_start(day), Case.created_at < day_start(day + timedelta(days=1)),
            Case.status != CaseStatus.MERGED]


def _lock(conn: Connection, table: Any, names: Sequence[str], keys: Sequence[Any]) -> None:
    from sqlalchemy.dialects.postgresql import insert as pg_insert  # on PostgreSQL only (it brings asyncio along)

    for key in keys:
        values = dict(zip(names, key, strict=True))
        conn.execute(pg_insert(table).values(**values).on_conflict_do_nothing())
        conn.execute(select(literal(1)).select_from(table).where(*_match(table, values)).with_for_update())


def _match(table: Any, values: dict[str, Any]) -> list[ColumnElement[bool]]:
    return [getattr(table, name) == value for name, value in values.items()]


def _store(conn: Connection, table: Any, names: Sequence[str], key: Any, columns: Sequence[str],
           counted: Sequence[Any] | None) -> None:
    values = dict(zip(names, key, strict=True))
    if counted is None or not int(counted[0] or 0):
        conn.execute(delete(table).where(*_match(table, values)))
        return
    row = {c: (float(v or 0.0) if c.endswith("seconds") else int(v or 0))
           for c, v in zip(columns, counted, strict=True)}
    if not conn.execute(update(table).where(*_match(table, values)).values(**row)).rowcount:
        conn.execute(insert(table).values(**values, **row))


# --- made again, and checked ------------------------------------------------------------------------------


def _grouped() -> tuple[Any, Any]:
    """The whole rollup counted from the requests: the select of each table's rows, its columns in order."""
    day = local_day(Case.created_at)
    grid = func.coalesce(Case.grid_id, literal(NO_GRID, Uuid()))
    days_ = (select(day, Case.category_id, grid, Case.level, *counters())
             .where(Case.status != CaseStatus.MERGED).group_by(day, Case.category_id, Case.grid_id, Case.level))
    departments_ = (select(day, CaseDepartment.department_id, Case.category_id, grid, *counters(), *score_counters())
                    .join(Case, Case.id == CaseDepartment.case_id).where(Case.status != CaseStatus.MERGED)
                    .group_by(day, CaseDepartment.department_id, Case.category_id, Case.grid_id))
    return days_, departments_


def rebuild(conn: Connection) -> int:
    """Count the whole rollup again from the requests (after writes that bypassed the unit of work); returns the
    number of day rows."""
    days_, departments_ = _grouped()
    conn.execute(delete(RatesDay))
    conn.execute(delete(RatesDayDepartment))
    conn.execute(insert(RatesDay).from_select([*DAY_KEY, *FIGURE_COLUMNS], days_, include_defaults=False))
    conn.execute(insert(RatesDayDepartment).from_select([*DEPARTMENT_KEY, *FIGURE_COLUMNS, *SCORE_COLUMNS],
                                                        departments_, include_defaults=False))
    return int(conn.scalar(select(func.count()).select_from(RatesDay)) or 0)


def differences(conn: Connection) -> list[date]:
    """The days whose stored rollup rows differ from a recount of their requests (``verify``); empty when it
    agrees."""
    days_, departments_ = _grouped()
    found: set[date] = set()
    for table, names, recount in ((RatesDay, DAY_KEY + FIGURE_COLUMNS, days_),
                                  (RatesDayDepartment, DEPARTMENT_KEY + FIGURE_COLUMNS + SCORE_COLUMNS, departments_)):
        stored = {_key(r[:4]): _normal(r[4:]) for r in conn.execute(select(*(getattr(table, c) for c in names)))}
        counted = {_key(r[:4]): _normal(r[4:]) for r in conn.execute(recount)}
        found.update(key[0] for key in set(stored) | set(counted) if stored.get(key) != counted.get(key))
    return sorted(found)


def _key(values: Sequence[Any]) -> tuple[Any, ...]:
    day = values[0]
    if isinstance(day, str):
        day = date.fromisoformat(day)  # SQLite's date() is text
    return (day, *(str(v) for v in values[1:]))


def _normal(values: Sequence[Any]) -> tuple[float, ...]:
    return tuple(round(float(v or 0), 3) for v in values)
