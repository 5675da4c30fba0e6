"""What the rates count, in SQL: the additive counters of a group of requests (``Figures``) and of a department's
calls (``Score``), as aggregate columns over ``case`` (and ``case_department``). One definition, read by the direct
count of a period (``app.services.cases.rates``) and by the daily rollup that keeps the same counters per day
(``app.services.cases.rollup``): both run these very columns, so their sums agree by construction.

Seconds are counted whole per request (rounded before they are summed): sums of whole numbers are exact in floating
point, so a year summed from its days equals the year summed from its requests, to the second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from app.domain.enums import Satisfaction
from app.models import Case, CaseDepartment, CaseEvent, CaseStatus, EventKind

RESOLVED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)
# The answers the satisfaction rate divides by: 无法联系 is no answer (counted apart, shown beside the rate).
ANSWERED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.DISSATISFIED)


# --- seconds since the epoch, in SQL ---------------------------------------------------------------------


class epoch(FunctionElement[float]):  # noqa: N801 - an SQL function, named like one
    """Seconds since 1970-01-01 of a UTC datetime column (stored naive UTC on every backend)."""

    type = Float()
    inherit_cache = True


@compiles(epoch)
def _epoch_default(element: epoch, compiler: SQLCompiler, **kw: Any) -> str:
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: epoch, compiler: SQLCompiler, **kw: Any) -> str:
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


# --- the counters ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Counts of one group of requests; additive, so groups sum into larger ones."""

    received: int = 0
    households: int = 0
    responded: int = 0
    resolved: int = 0
    follow_ups: int = 0       # follow-up calls (回访) the resident answered (无法联系 is not one)
    satisfied: int = 0        # calls answered 满意 or 基本满意
    fully_satisfied: int = 0  # calls answered 满意
    in_pool: int = 0          # ever put into the difficult problems pool
    respond_seconds: float = 0.0  # summed over the responded
    resolve_seconds: float = 0.0  # summed over the resolved
    repeats: int = 0          # marked as a repeat of an earlier request (重复诉求), counted on their intake day
    unreachable: int = 0      # follow-ups closed as 无法联系 (unanswered on three days): out of the rate, beside it

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(a + b for a, b in zip(self._values(), other._values(), strict=True)))

    def _values(self) -> tuple[Any, ...]:
        return (self.received, self.households, self.responded, self.resolved, self.follow_ups, self.satisfied,
                self.fully_satisfied, self.in_pool, self.respond_seconds, self.resolve_seconds, self.repeats,
                self.unreachable)

    @property
    def response_rate(self) -> float | None:
        return ratio(self.responded, self.received)

    @property
    def resolution_rate(self) -> float | None:
        return ratio(self.resolved, self.received)

    @property
    def satisfaction_rate(self) -> float | None:
        return ratio(self.satisfied, self.follow_ups)

    @property
    def repeat_share(self) -> float | None:
        return ratio(self.repeats, self.received)

    @property
    def response_time(self) -> timedelta | None:
        return timedelta(seconds=round(self.respond_seconds / self.responded)) if self.responded else None

    @property
    def resolve_time(self) -> timedelta | None:
        return timedelta(seconds=round(self.resolve_seconds / self.resolved)) if self.resolved else None


@dataclass(frozen=True)
class Score:
    """A department's calls (吹哨) on a group of requests, its latest on each; additive like ``Figures``."""

    called: int = 0
    reported: int = 0
    on_time: int = 0           # reported before the deadline
    overdue: int = 0           # past the deadline (the ladder escalated it), reported since or not
    unjudged: int = 0          # not reported and not overdue
    report_seconds: float = 0.0  # summed over the reported

    def __add__(self, other: Score) -> Score:
        return Score(self.called + other.called, self.reported + other.reported, self.on_time + other.on_time,
                     self.overdue + other.overdue, self.unjudged + other.unjudged,
                     self.report_seconds + other.report_seconds)


def percent(value: float | None) -> str:
    """A rate as the desk's screens and documents write it: 57.1%, or — when there is none."""
    return "—" if value is None else f"{value * 100:.1f}%"


def days_hours_minutes(value: timedelta) -> tuple[int, int, int]:
    """A length of time in whole days, hours and minutes (an average time to respond or to resolve)."""
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    return days, hours, minutes


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _answers(values: Sequence[Satisfaction]) -> ColumnElement[int]:
    """How many follow-up calls on the case were answered with one of ``values``: the cached answer when it was
    never reopened (then there was at most one call), else its ``followed_up`` events."""
    codes = [v.value for v in values]
    calls = (select(func.count())
             .where(CaseEvent.case_id == Case.id, CaseEvent.kind == EventKind.FOLLOWED_UP,
                    CaseEvent.data["satisfaction"].as_string().in_(codes))
             .scalar_subquery())
    return case((Case.cycle == 0, case((Case.satisfaction.in_(codes), 1), else_=0)), else_=calls)


def _paused_before_response() -> ColumnElement[float]:
    """Seconds suspended before the first response. A response is never given while suspended, so every
    suspension before it was resumed before it: the resumptions' times less the suspensions' times."""
    signed = case((CaseEvent.kind == EventKind.RESUMED, epoch(CaseEvent.created_at)),
                  else_=-epoch(CaseEvent.created_at))
    pauses = (select(func.coalesce(func.sum(signed), 0.0))
              .where(CaseEvent.case_id == Case.id,
                     CaseEvent.kind.in_((EventKind.SUSPENDED, EventKind.RESUMED)),
                     CaseEvent.created_at <= Case.responded_at)
              .scalar_subquery())
    return case((Case.paused_seconds == 0, literal(0.0)), else_=pauses)


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _seconds(condition: ColumnElement[bool], seconds: ColumnElement[Any]) -> ColumnElement[Any]:
    """Whole seconds summed over the rows meeting ``condition`` (each row's rounded first: exact sums)."""
    return func.coalesce(func.sum(case((condition, func.round(seconds)), else_=0.0)), 0.0)


def counters() -> list[ColumnElement[Any]]:
    """The columns of ``Figures``, in its order, aggregated over the grouped rows of ``case``."""
    resolved = Case.status.in_(RESOLVED)
    respond = epoch(Case.responded_at) - epoch(Case.created_at) - _paused_before_response()
    resolve = epoch(Case.resolved_at) - epoch(Case.created_at) - Case.paused_seconds
    return [
        func.count(), func.coalesce(func.sum(Case.households_count), 0), func.count(Case.responded_at),
        count_if(resolved), func.coalesce(func.sum(_answers(ANSWERED)), 0),
        func.coalesce(func.sum(_answers(SATISFIED)), 0), func.coalesce(func.sum(_answers([Satisfaction.SATISFIED])), 0),
        count_if(Case.in_pool.is_(True)),
        _seconds(Case.responded_at.is_not(None), respond),
        _seconds(and_(resolved, Case.resolved_at.is_not(None)), resolve),
        func.count(Case.repeat_of_id),
        func.coalesce(func.sum(_answers([Satisfaction.UNREACHABLE])), 0),
    ]


def score_counters() -> list[ColumnElement[Any]]:
    """The columns of ``Score``, in its order, over grouped rows of ``case_department`` (only its calls count)."""
    called = CaseDepartment.called_at.is_not(None)
    reported = and_(called, CaseDepartment.reported_at.is_not(None))
    late = and_(called, CaseDepartment.overdue.is_(True))
    return [count_if(called), count_if(reported), count_if(and_(reported, ~CaseDepartment.overdue.is_(True))),
            count_if(late), count_if(and_(called, CaseDepartment.reported_at.is_(None),
                                          ~CaseDepartment.overdue.is_(True))),
            _seconds(reported, epoch(CaseDepartment.reported_at) - epoch(CaseDepartment.called_at))]


WIDTH = len(fields(Figures))  # the counters of ``Figures``: a row's first WIDTH values (a department's score follows)


def figures(values: Sequence[Any]) -> Figures:
    n = [int(v or 0) for v in values[:8]]
    return Figures(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], float(values[8] or 0.0), float(values[9] or 0.0),
                   int(values[10] or 0), int(values[11] or 0))


def score(values: Sequence[Any]) -> Score:
    n = [int(v or 0) for v in values[:5]]
    return Score(n[0], n[1], n[2], n[3], n[4], float(values[5] or 0.0))
