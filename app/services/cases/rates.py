"""The three rates (响应率、解决率、满意率) and the community's picture: the one module that counts them, for the
director's dashboard, the exported figures and the public notice board.

Which requests count (docs/architecture.md, "The three rates", says the same; DEFINITIONS below is its short form):

- **Received (受理)**: requests logged in the period ``[since, until)``, except those merged into another one (并单):
  a duplicate is not a request of its own, its residents are counted at the survivor (``households_count``).
- **Responded (已响应)**: received requests with a first response (``responded_at``: the first 响应, or the
  resolution when it came without one). A reopened request stays responded.
- **Resolved (已办结)**: received requests whose status now is resolved or closed. One reopened and not resolved
  again is not; one resolved again counts once.
- **Follow-up calls (回访)** and **satisfied answers**: every follow-up call on a received request's timeline
  counts, each once: 不满意 reopens the request and a later call does not erase it (a request answered 不满意,
  then 满意 after the second round, gives two calls and one satisfied answer). 满意 and 基本满意 both count as
  satisfied (the usual 12345-hotline reckoning).
- Response rate = responded / received; resolution rate = resolved / received; satisfaction rate = satisfied
  answers / follow-up calls. A rate with nothing to divide by is None (shown as "—"), never 0 % or 100 %.
- **Time to respond**: first response − intake, less the time suspended before it. **Time to resolve**: the
  (latest) resolution − intake, less all the time suspended (``paused_seconds``, as the timeline's fold counts it).
  Both are averaged over the requests that have them.

Everything is counted by the database (GROUP BY over the cached columns of ``case`` and ``case_department``); only
requests that were suspended or reopened read their events, in correlated subqueries the CASE skips for the rest.
One grouped query by (category, grid, handling level) gives the totals and three breakdowns (they are sums of its
rows); departments, their ranking and the weekly trend have a query each. A request never reopened (``cycle`` 0)
has had at most one follow-up call, the cached ``satisfaction``; only reopened ones count their ``followed_up``
events.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, and_, case, cast, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from app.domain.enums import HandlingLevel, Satisfaction
from app.models import Case, CaseDepartment, CaseEvent, CaseStatus, Category, Department, EventKind, Grid
from app.services.cases.listing import CaseListService, CaseQuery
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP

RESOLVED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)
WEEK = timedelta(weeks=1)
TREND_WEEKS_MIN = 12  # the trend shows at least this many weeks up to the end of the period
RANKED = 3            # departments on each of the red and the black list

# Each figure's definition: (key, English source shown through Qt's translator, context "rates"; the Chinese
# written into exported figures, which go to the street office in Chinese whatever the UI language).
DEFINITIONS: dict[str, tuple[str, str]] = {
    "received": (QT_TRANSLATE_NOOP("rates", "Requests logged in the period. A duplicate merged into another request "
                                   "is not counted; its residents count at the request it was merged into."),
                 "统计期内登记受理的诉求件数。并单并入其他诉求的重复件不计，其反映人计入保留的那一件。"),
    "response_rate": (QT_TRANSLATE_NOOP("rates", "Response rate = requests responded to / requests received in the "
                                        "period. Responded: the handler has responded (or resolved it at once); a "
                                        "reopened request stays responded."),
                      "响应率 = 已响应件数 ÷ 受理件数。已响应：经办人已响应（或未经响应直接办结）；"
                      "重新办理的诉求仍算已响应。"),
    "resolution_rate": (QT_TRANSLATE_NOOP("rates", "Resolution rate = requests now resolved or closed / requests "
                                          "received in the period. A reopened request counts only once it is "
                                          "resolved again."),
                        "解决率 = 目前已办结或已归档件数 ÷ 受理件数。重新办理的诉求再次办结后才计入。"),
    "satisfaction_rate": (QT_TRANSLATE_NOOP("rates", "Satisfaction rate = follow-up calls answered satisfied or "
                                            "basically satisfied / all follow-up calls, on the requests received "
                                            "in the period. Every call counts: a dissatisfied answer reopens the "
                                            "request and stays counted after a later call."),
                          "满意率 = 回访结果为“满意”或“基本满意”的次数 ÷ 回访总次数（统计期内受理的诉求）。"
                          "每次回访都计入：回访“不满意”的诉求重新办理后再次回访的，两次都计。"),
    "response_time": (QT_TRANSLATE_NOOP("rates", "Average time from logging a request to its first response, "
                                        "without the time it was suspended, over the requests responded to."),
                      "平均响应用时：从登记到首次响应的时间（扣除挂起时间），按已响应诉求平均。"),
    "resolve_time": (QT_TRANSLATE_NOOP("rates", "Average time from logging a request to its resolution (the latest, "
                                       "if reopened), without the time it was suspended, over the requests "
                                       "resolved."),
                     "平均办结用时：从登记到办结的时间（重新办理的以最后一次办结为准，扣除挂起时间），按已办结诉求平均。"),
    "on_time_rate": (QT_TRANSLATE_NOOP("rates", "Departments: on-time report rate = reports made within the "
                                       "report time limit / calls judged (reported, or past it), on the requests "
                                       "received in the period; a department's latest call on each request counts. "
                                       "Ranked by this rate, then by the quicker average report. The red list is "
                                       "the best three, the black list the worst three."),
                     "部门按时报到率 = 报到时限内报到次数 ÷（已报到次数 + 超时未报到次数），统计期内受理的诉求，"
                     "每件诉求计该部门最近一次吹哨。按此率排名，率相同的平均报到用时短者在前。红榜为前三名，黑榜为后三名。"),
}


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


# --- what is counted -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Counts of one group of requests; additive, so groups sum into larger ones."""

    received: int = 0
    households: int = 0
    responded: int = 0
    resolved: int = 0
    follow_ups: int = 0       # follow-up calls (回访)
    satisfied: int = 0        # calls answered 满意 or 基本满意
    fully_satisfied: int = 0  # calls answered 满意
    in_pool: int = 0          # ever put into the difficult problems pool
    respond_seconds: float = 0.0  # summed over the responded
    resolve_seconds: float = 0.0  # summed over the resolved

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(a + b for a, b in zip(self._values(), other._values(), strict=True)))

    def _values(self) -> tuple[Any, ...]:
        return (self.received, self.households, self.responded, self.resolved, self.follow_ups, self.satisfied,
                self.fully_satisfied, self.in_pool, self.respond_seconds, self.resolve_seconds)

    @property
    def response_rate(self) -> float | None:
        return _ratio(self.responded, self.received)

    @property
    def resolution_rate(self) -> float | None:
        return _ratio(self.resolved, self.received)

    @property
    def satisfaction_rate(self) -> float | None:
        return _ratio(self.satisfied, self.follow_ups)

    @property
    def response_time(self) -> timedelta | None:
        return timedelta(seconds=round(self.respond_seconds / self.responded)) if self.responded else None

    @property
    def resolve_time(self) -> timedelta | None:
        return timedelta(seconds=round(self.resolve_seconds / self.resolved)) if self.resolved else None


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Group:
    """One row of a breakdown: ``key`` is the category, grid or department id, or the handling level; None for
    requests without a grid."""

    key: uuid.UUID | HandlingLevel | None
    name: str
    figures: Figures


@dataclass(frozen=True)
class DepartmentScore:
    """A department's record of being called in (吹哨报到) on the period's requests (its latest call on each)."""

    department_id: uuid.UUID
    name: str
    called: int
    reported: int
    on_time: int           # reported before the deadline
    overdue: int           # past the deadline (the ladder escalated it), reported since or not
    unjudged: int          # not reported and not overdue: within its deadline still, or the request was resolved first
    report_seconds: float  # summed over the reported

    @property
    def on_time_rate(self) -> float | None:
        """On time / the calls judged (reported, or overdue)."""
        return _ratio(self.on_time, self.called - self.unjudged)

    @property
    def report_time(self) -> timedelta | None:
        return timedelta(seconds=round(self.report_seconds / self.reported)) if self.reported else None


@dataclass(frozen=True)
class Summary:
    since: datetime
    until: datetime
    totals: Figures
    by_category: list[Group]
    by_grid: list[Group]
    by_level: list[Group]
    by_department: list[Group]   # the requests each department was called in on (one request may be in several)
    ranking: list[DepartmentScore]  # best first

    @property
    def judged(self) -> list[DepartmentScore]:
        """The ranking of the departments with an on-time rate (some call reported or overdue); best first."""
        return [s for s in self.ranking if s.on_time_rate is not None]

    @property
    def red_list(self) -> list[DepartmentScore]:
        return self.judged[:RANKED]

    @property
    def black_list(self) -> list[DepartmentScore]:
        """The worst three, in the ranking's order like the whole table (5, 6, 7: the last is the worst; listed
        worst first, the places read 7, 6, 5 and looked wrong); never a department already on the red list."""
        return self.judged[RANKED:][-RANKED:]


@dataclass(frozen=True)
class Week:
    start: date                        # the Monday (local days)
    received: dict[uuid.UUID, int]     # per category
    resolved: int

    @property
    def total(self) -> int:
        return sum(self.received.values())


@dataclass(frozen=True)
class Trend:
    categories: list[tuple[uuid.UUID, str]]  # in catalogue order
    weeks: list[Week] = field(default_factory=list)


# --- the queries -----------------------------------------------------------------------------------------


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


def _counters() -> list[ColumnElement[Any]]:
    """The columns of ``Figures``, in its order, aggregated over the grouped rows."""
    resolved = Case.status.in_(RESOLVED)
    respond = epoch(Case.responded_at) - epoch(Case.created_at) - _paused_before_response()
    resolve = epoch(Case.resolved_at) - epoch(Case.created_at) - Case.paused_seconds
    return [
        func.count(), func.coalesce(func.sum(Case.households_count), 0), func.count(Case.responded_at),
        count_if(resolved), func.coalesce(func.sum(_answers(list(Satisfaction))), 0),
        func.coalesce(func.sum(_answers(SATISFIED)), 0), func.coalesce(func.sum(_answers([Satisfaction.SATISFIED])), 0),
        count_if(Case.in_pool.is_(True)),
        func.coalesce(func.sum(case((Case.responded_at.is_not(None), respond), else_=0.0)), 0.0),
        func.coalesce(func.sum(case((and_(resolved, Case.resolved_at.is_not(None)), resolve), else_=0.0)), 0.0),
    ]


def _figures(values: Sequence[Any]) -> Figures:
    n = [int(v or 0) for v in values[:8]]
    return Figures(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], float(values[8] or 0.0), float(values[9] or 0.0))


def _received(since: datetime, until: datetime, where: Iterable[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    return [Case.created_at >= since, Case.created_at < until, Case.status != CaseStatus.MERGED, *where]


def summary(session: Session, since: datetime, until: datetime,
            where: Iterable[ColumnElement[bool]] = ()) -> Summary:
    """Everything the dashboard shows for the requests received in ``[since, until)``; ``where``: further
    conditions on ``Case`` (``RatesService.conditions`` makes them from the request list's filters)."""
    where = list(where)
    received = _received(since, until, where)
    rows = session.execute(select(Case.category_id, Case.grid_id, Case.level, *_counters())
                           .where(*received).group_by(Case.category_id, Case.grid_id, Case.level)).all()
    cube = [(r[0], r[1], r[2], _figures(r[3:])) for r in rows]
    categories = _names(session, Category)
    grids = _names(session, Grid)
    by_category = _groups(cube, 0, categories)
    by_category.sort(key=lambda g: list(categories).index(g.key) if g.key in categories else len(categories))
    by_grid = sorted(_groups(cube, 1, grids), key=lambda g: (g.key is None, g.name))
    by_level = sorted(_groups(cube, 2, {}), key=lambda g: HandlingLevel(str(g.key)).rank)
    totals = sum((f for *_k, f in cube), Figures())
    departments = _names(session, Department)
    dept_rows = session.execute(
        select(CaseDepartment.department_id, *_counters())
        .join(Case, Case.id == CaseDepartment.case_id).where(*received)
        .group_by(CaseDepartment.department_id)).all()
    by_department = sorted((Group(r[0], departments.get(r[0], ""), _figures(r[1:])) for r in dept_rows),
                           key=lambda g: (-g.figures.received, g.name))
    return Summary(since, until, totals, by_category, by_grid, by_level, by_department,
                   _ranking(session, received, departments))


def totals(session: Session, since: datetime, until: datetime, where: Iterable[ColumnElement[bool]] = ()) -> Figures:
    """Only the totals (for a notice board): one aggregate query."""
    row = session.execute(select(*_counters()).where(*_received(since, until, list(where)))).one()
    return _figures(row)


_ORDER: dict[Any, tuple[Any, ...]] = {Category: (Category.sort_order, Category.code),
                                      Department: (Department.sort_order, Department.name), Grid: (Grid.code,)}


def _names(session: Session, model: Any) -> dict[Any, str]:
    """id -> name of a catalogue table, in its display order."""
    return {k: v for k, v in session.execute(select(model.id, model.name).order_by(*_ORDER[model]))}


def _groups(cube: list[tuple[Any, Any, Any, Figures]], index: int, names: dict[Any, str]) -> list[Group]:
    summed: dict[Any, Figures] = {}
    for row in cube:
        summed[row[index]] = summed.get(row[index], Figures()) + row[3]
    return [Group(key if index != 2 else HandlingLevel(str(key)), names.get(key, ""), f) for key, f in summed.items()]


def _ranking(session: Session, received: list[ColumnElement[bool]], names: dict[Any, str]) -> list[DepartmentScore]:
    reported = CaseDepartment.reported_at.is_not(None)
    late = CaseDepartment.overdue.is_(True)
    rows = session.execute(
        select(CaseDepartment.department_id, func.count(), func.count(CaseDepartment.reported_at),
               count_if(and_(reported, ~late)), count_if(late), count_if(and_(~reported, ~late)),
               func.coalesce(func.sum(case((reported, epoch(CaseDepartment.reported_at)
                                            - epoch(CaseDepartment.called_at)), else_=0.0)), 0.0))
        .join(Case, Case.id == CaseDepartment.case_id).where(*received, CaseDepartment.called_at.is_not(None))
        .group_by(CaseDepartment.department_id)).all()
    scores = [DepartmentScore(r[0], names.get(r[0], ""), int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5]),
                              float(r[6])) for r in rows]
    # Best first: on-time rate (none yet: last), then the quicker average report, then the more often called.
    return sorted(scores, key=lambda s: (s.on_time_rate is None, -(s.on_time_rate or 0.0),
                                         s.report_time or timedelta.max, -s.called, s.name))


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


PERIODS = ("week", "month", "quarter")


def period(kind: str, today: date) -> tuple[date, date]:
    """This week (from Monday), this month or this quarter, to ``today``: first and last local day, inclusive."""
    if kind == "week":
        return monday(today), today
    if kind == "month":
        return today.replace(day=1), today
    if kind == "quarter":
        return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today
    raise ValueError(kind)


def span(first: date, last: date) -> tuple[datetime, datetime]:
    """Local days ``first`` to ``last`` (inclusive) as the instants ``[since, until)`` the queries take."""
    return (datetime.combine(first, time(0), tzinfo=LOCAL_TZ),
            datetime.combine(last + timedelta(days=1), time(0), tzinfo=LOCAL_TZ))


def trend(session: Session, since: datetime, until: datetime, where: Iterable[ColumnElement[bool]] = (),
          min_weeks: int = TREND_WEEKS_MIN) -> Trend:
    """Requests received per local week (Monday to Sunday) and category, from the week of ``since`` (or earlier, to
    show at least ``min_weeks`` weeks) to the week of ``until``'s last instant; and how many of them are resolved."""
    last = monday(local(until - timedelta(microseconds=1)).date())
    first = min(monday(local(since).date()), last - (min_weeks - 1) * WEEK)
    start = datetime.combine(first, time(0), tzinfo=LOCAL_TZ)
    end = datetime.combine(last + WEEK, time(0), tzinfo=LOCAL_TZ)
    origin = start.timestamp()
    week = cast((epoch(Case.created_at) - origin) / WEEK.total_seconds(), Integer)  # >= 0: truncation is floor
    rows = session.execute(
        select(week, Case.category_id, func.count(), count_if(Case.status.in_(RESOLVED)))
        .where(*_received(start, end, where)).group_by(week, Case.category_id)).all()
    n = (last - first).days // 7 + 1
    received: list[dict[uuid.UUID, int]] = [{} for _ in range(n)]
    resolved = [0] * n
    for index, category_id, count, done in rows:
        i = min(max(int(index), 0), n - 1)  # a float a hair below a week's boundary stays in its week
        received[i][category_id] = received[i].get(category_id, 0) + int(count)
        resolved[i] += int(done)
    tops = [(k, v) for k, v in _names(session, Category).items()]
    parents = set(session.scalars(select(Category.id).where(Category.parent_id.is_(None))))
    return Trend([(k, v) for k, v in tops if k in parents],
                 [Week(first + i * WEEK, received[i], resolved[i]) for i in range(n)])


# --- the service -----------------------------------------------------------------------------------------


class RatesService:
    """The dashboard's use cases (VIEW_STATISTICS). Filters are the request list's (``CaseQuery``), applied as the
    list applies them; the period is given apart (the list's own dates, if set, narrow it further)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._list = CaseListService(db)

    def conditions(self, session: Session, query: CaseQuery | None) -> list[ColumnElement[bool]]:
        """The list's filters (its text search included) as conditions on ``Case``."""
        return [] if query is None else self._list.where(session, query)

    def summary(self, actor: Actor, since: datetime, until: datetime, query: CaseQuery | None = None) -> Summary:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_STATISTICS)
            return summary(session, since, until, self.conditions(session, query))

    def trend(self, actor: Actor, since: datetime, until: datetime, query: CaseQuery | None = None) -> Trend:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_STATISTICS)
            return trend(session, since, until, self.conditions(session, query))
