"""The three rates (响应率、解决率、满意率) and the community's picture: the one module that counts them, for the
director's dashboard, the exported figures and the public notice board.

Which requests count (docs/architecture.md, "The three rates", says the same; DEFINITIONS below is its short form):

- **Received (受理)**: requests logged in the period ``[since, until)``, except those merged into another one (并单):
  a duplicate is not a request of its own, its residents are counted at the survivor (``households_count``).
- **Responded (已响应)**: received requests with a first response (``responded_at``: the first 响应, or the
  resolution when it came without one). A reopened request stays responded.
- **Resolved (已办结)**: received requests whose status now is resolved or closed. One reopened and not resolved
  again is not; one resolved again counts once.
- **Follow-up calls (回访)** and **satisfied answers**: every follow-up call the resident answered on a received
  request's timeline counts, each once: 不满意 reopens the request and a later call does not erase it (a request
  answered 不满意, then 满意 after the second round, gives two calls and one satisfied answer). 满意 and 基本满意
  both count as satisfied (the usual 12345-hotline reckoning). **无法联系** (nobody answered on three different
  days, ``followup``) is no answer: left out of the satisfaction rate (neither satisfied nor answered) and counted
  apart (``unreachable``), shown beside the rate as 无法联系 N 件.
- Response rate = responded / received; resolution rate = resolved / received; satisfaction rate = satisfied
  answers / answered follow-up calls. A rate with nothing to divide by is None (shown as "—"), never 0 % or 100 %.
- **Time to respond**: first response − intake, less the time suspended before it. **Time to resolve**: the
  (latest) resolution − intake, less all the time suspended (``paused_seconds``, as the timeline's fold counts it).
  Both are averaged over the requests that have them.

Everything is counted by the database, as sums of additive counters defined once in ``counting``. A period's whole
local days are read from the daily rollup (``rollup``: per day, class, grid and level, kept in the transaction that
writes the requests) when the filters are ones it keeps; its partial days at the edges, and any period under other
filters (text, status, department ...), are counted from ``case`` and ``case_department`` directly, by (class, grid,
level), per department, and per week for the trend. Both give the same figures (tests/unit/test_rollup.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Integer, cast, func, select
from sqlalchemy.orm import Session

from app.domain.enums import HandlingLevel
from app.models import Case, CaseDepartment, CaseStatus, Category, Department, Grid
from app.services.cases import rollup
from app.services.cases.counting import (
    RESOLVED,
    SATISFIED,
    WIDTH,
    Figures,
    Score,
    count_if,
    counters,
    epoch,
    figures,
    ratio,
    score,
    score_counters,
)
from app.services.cases.listing import CaseListService, CaseQuery
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP

__all__ = ["RESOLVED", "SATISFIED", "DepartmentScore", "Figures", "Group", "Summary", "Trend", "Week", "count_if",
           "epoch", "summary", "totals", "trend"]

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
                                            "basically satisfied / follow-up calls answered, on the requests "
                                            "received in the period. Every answer counts: a dissatisfied answer "
                                            "reopens the request and stays counted after a later call. A resident "
                                            "who could not be reached (no answer on at least three different days) "
                                            "is left out of the rate, neither satisfied nor answered, and counted "
                                            "beside it."),
                          "满意率 = 回访结果为“满意”或“基本满意”的次数 ÷ 回访接通并作答的次数（统计期内受理的诉求）。"
                          "每次作答都计入：回访“不满意”的诉求重新办理后再次回访的，两次都计。"
                          "在三个不同日期回访均未接通、记为“无法联系”的，不计入满意率（既不算满意，也不算作答），"
                          "另列“无法联系 N 件”。"),
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
        return ratio(self.on_time, self.called - self.unjudged)

    @property
    def report_time(self) -> timedelta | None:
        return timedelta(seconds=round(self.report_seconds / self.reported)) if self.reported else None


DS = TypeVar("DS", bound=DepartmentScore)


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
    def repeats(self) -> int:
        """Requests of the period marked as a repeat of an earlier one (重复诉求)."""
        return self.totals.repeats

    @property
    def judged(self) -> list[DepartmentScore]:
        """The ranking of the departments with an on-time rate (some call reported or overdue); best first."""
        return judged(self.ranking)

    @property
    def red_list(self) -> list[DepartmentScore]:
        return red_list(self.ranking)

    @property
    def black_list(self) -> list[DepartmentScore]:
        return black_list(self.ranking)


def judged(ranking: list[DS]) -> list[DS]:
    """The departments of a ranking with an on-time rate (some call reported or overdue); best first."""
    return [s for s in ranking if s.on_time_rate is not None]


def red_list(ranking: list[DS]) -> list[DS]:
    """The best three of a ranking (红榜)."""
    return judged(ranking)[:RANKED]


def black_list(ranking: list[DS]) -> list[DS]:
    """The worst three (黑榜), in the ranking's order like the whole table (5, 6, 7: the last is the worst; listed
    worst first, the places read 7, 6, 5 and looked wrong); never a department already on the red list."""
    return judged(ranking)[RANKED:][-RANKED:]


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
#
# Every figure is a sum of additive counters (``counting``), so a period is counted in pieces that add up: its whole
# local days from the daily rollup when the filters are ones it keeps (``rollup.Slice``), the partial days at its
# edges (and everything, under other filters) directly from the requests, with the same columns.

Cube = dict[tuple[Any, Any, Any], Figures]             # (class, grid, level) -> figures
Departments = dict[Any, tuple[Figures, Score]]          # department -> its requests' figures, its calls


def _received(since: datetime, until: datetime, where: Iterable[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    return [Case.created_at >= since, Case.created_at < until, Case.status != CaseStatus.MERGED, *where]


def _direct_cube(session: Session, received: list[ColumnElement[bool]]) -> Iterator[tuple[Any, Any, Any, Figures]]:
    rows = session.execute(select(Case.category_id, Case.grid_id, Case.level, *counters())
                           .where(*received).group_by(Case.category_id, Case.grid_id, Case.level))
    for r in rows:
        yield r[0], r[1], r[2], figures(r[3:])


def _direct_departments(session: Session, received: list[ColumnElement[bool]]) -> Iterator[tuple[Any, Figures, Score]]:
    rows = session.execute(select(CaseDepartment.department_id, *counters(), *score_counters())
                           .join(Case, Case.id == CaseDepartment.case_id).where(*received)
                           .group_by(CaseDepartment.department_id))
    for r in rows:
        yield r[0], figures(r[1:WIDTH + 1]), score(r[WIDTH + 1:])


def _pieces(since: datetime, until: datetime, part: rollup.Slice | None) -> tuple[
        list[tuple[datetime, datetime]], tuple[date, date] | None]:
    """The instants counted directly and the whole local days read from the rollup (None: no rollup)."""
    days = rollup.whole_days(since, until) if part is not None and since < until else None
    if days is None:
        return [(since, until)], None
    edges = [(since, rollup.day_start(days[0])), (rollup.day_start(days[1] + timedelta(days=1)), until)]
    return [(a, b) for a, b in edges if a < b], days


def _counted(session: Session, since: datetime, until: datetime, where: list[ColumnElement[bool]],
             part: rollup.Slice | None, departments: bool = True) -> tuple[Cube, Departments]:
    """The period's figures per (class, grid, level) and per department, summed from its pieces."""
    cube: Cube = {}
    depts: Departments = {}

    def add(key: Any, f: Figures, s: Score | None = None) -> None:
        if s is None:
            cube[key] = cube.get(key, Figures()) + f
        else:
            old = depts.get(key, (Figures(), Score()))
            depts[key] = (old[0] + f, old[1] + s)

    edges, days = _pieces(since, until, part)
    conditions = list(part.where) if part is not None else where
    for a, b in edges:
        received = _received(a, b, conditions)
        for c, g, level, f in _direct_cube(session, received):
            add((c, g, str(level)), f)
        for d, f, s in _direct_departments(session, received) if departments else ():
            add(d, f, s)
    if days is not None and part is not None:
        for c, g, level, f in rollup.cube(session, *days, part):
            add((c, g, level), f)
        for d, f, s in rollup.departments(session, *days, part) if departments else ():
            add(d, f, s)
    return cube, depts


def summary(session: Session, since: datetime, until: datetime,
            where: Iterable[ColumnElement[bool]] = (), part: rollup.Slice | None = None) -> Summary:
    """Everything the dashboard shows for the requests received in ``[since, until)``; ``where``: further
    conditions on ``Case`` (``RatesService.conditions`` makes them from the request list's filters), all counted
    from the requests; or ``part``: filters the daily rollup keeps, its whole days read from it."""
    counted, depts = _counted(session, since, until, list(where), part)
    cube = [(k[0], k[1], k[2], f) for k, f in counted.items() if f.received]
    categories = _names(session, Category)
    grids = _names(session, Grid)
    by_category = _groups(cube, 0, categories)
    by_category.sort(key=lambda g: list(categories).index(g.key) if g.key in categories else len(categories))
    by_grid = sorted(_groups(cube, 1, grids), key=lambda g: (g.key is None, g.name))
    by_level = sorted(_groups(cube, 2, {}), key=lambda g: HandlingLevel(str(g.key)).rank)
    totals = sum((f for *_k, f in cube), Figures())
    names = _names(session, Department)
    by_department = sorted((Group(d, names.get(d, ""), f) for d, (f, _s) in depts.items() if f.received),
                           key=lambda g: (-g.figures.received, g.name))
    scores = [DepartmentScore(d, names.get(d, ""), s.called, s.reported, s.on_time, s.overdue, s.unjudged,
                              s.report_seconds) for d, (_f, s) in depts.items() if s.called]
    ranking = ranked(scores)
    return Summary(since, until, totals, by_category, by_grid, by_level, by_department, ranking)


def ranked(scores: Iterable[DS]) -> list[DS]:
    """The departments' ranking, best first: on-time rate (none yet: last), then the quicker average report, then
    the more often called (the dashboard's and the street's view's 红黑榜)."""
    return sorted(scores, key=lambda s: (s.on_time_rate is None, -(s.on_time_rate or 0.0),
                                         s.report_time or timedelta.max, -s.called, s.name))


def received(since: datetime, until: datetime, where: Iterable[ColumnElement[bool]] = ()) -> list[
        ColumnElement[bool]]:
    """The conditions on ``Case`` of the requests received in ``[since, until)`` (what every figure counts)."""
    return _received(since, until, where)


def totals(session: Session, since: datetime, until: datetime, where: Iterable[ColumnElement[bool]] = (),
           part: rollup.Slice | None = None) -> Figures:
    """Only the totals (for a notice board)."""
    if part is None:
        return figures(session.execute(select(*counters()).where(*_received(since, until, list(where)))).one())
    cube, _depts = _counted(session, since, until, [], part, departments=False)
    return sum(cube.values(), Figures())


def totals_by_category(session: Session, since: datetime, until: datetime,
                       part: rollup.Slice | None = None) -> tuple[Figures, list[Group]]:
    """The totals and the same per class, in the classes' order (for a notice board of a long period)."""
    counted, _depts = _counted(session, since, until, [], part, departments=False)
    cube = [(k[0], k[1], k[2], f) for k, f in counted.items() if f.received]
    categories = _names(session, Category)
    by_category = _groups(cube, 0, categories)
    by_category.sort(key=lambda g: list(categories).index(g.key) if g.key in categories else len(categories))
    return sum((f for *_k, f in cube), Figures()), by_category


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
          min_weeks: int = TREND_WEEKS_MIN, part: rollup.Slice | None = None) -> Trend:
    """Requests received per local week (Monday to Sunday) and category, from the week of ``since`` (or earlier, to
    show at least ``min_weeks`` weeks) to the week of ``until``'s last instant; and how many of them are resolved.
    ``part``: filters the daily rollup keeps, the weeks (whole days) read from it."""
    last = monday(local(until - timedelta(microseconds=1)).date())
    first = min(monday(local(since).date()), last - (min_weeks - 1) * WEEK)
    n = (last - first).days // 7 + 1
    received: list[dict[uuid.UUID, int]] = [{} for _ in range(n)]
    resolved = [0] * n
    for index, category_id, count, done in (_trend_rows(session, first, last, list(where)) if part is None else
                                            _trend_days(session, first, last, part)):
        i = min(max(int(index), 0), n - 1)  # a float a hair below a week's boundary stays in its week
        received[i][category_id] = received[i].get(category_id, 0) + int(count)
        resolved[i] += int(done)
    tops = [(k, v) for k, v in _names(session, Category).items()]
    parents = set(session.scalars(select(Category.id).where(Category.parent_id.is_(None))))
    return Trend([(k, v) for k, v in tops if k in parents],
                 [Week(first + i * WEEK, received[i], resolved[i]) for i in range(n)])


def _trend_rows(session: Session, first: date, last: date, where: list[ColumnElement[bool]]) -> Iterable[Any]:
    """(week index, class, received, resolved) counted from the requests."""
    start = datetime.combine(first, time(0), tzinfo=LOCAL_TZ)
    end = datetime.combine(last + WEEK, time(0), tzinfo=LOCAL_TZ)
    weeks = (epoch(Case.created_at) - start.timestamp()) / WEEK.total_seconds()
    # >= 0, so truncation is the floor; SQLite's CAST truncates, PostgreSQL's rounds (the second half of a week
    # went into the next one there): floor() first.
    week = cast(func.floor(weeks) if session.get_bind().dialect.name == "postgresql" else weeks, Integer)
    return session.execute(select(week, Case.category_id, func.count(), count_if(Case.status.in_(RESOLVED)))
                           .where(*_received(start, end, where)).group_by(week, Case.category_id)).all()


def _trend_days(session: Session, first: date, last: date, part: rollup.Slice) -> Iterator[tuple[int, Any, int, int]]:
    """The same from the daily rollup."""
    for day, category_id, count, done in rollup.days(session, first, last + WEEK - timedelta(days=1), part):
        yield (day - first).days // 7, category_id, count, done


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

    def scope(self, session: Session, query: CaseQuery | None) -> tuple[list[ColumnElement[bool]], rollup.Slice | None]:
        """The list's filters as conditions on ``Case``, and the daily rollup's slice when they are ones it keeps
        (class, grid, days): then the whole days are read from it."""
        where = self.conditions(session, query)
        return where, rollup.slice_of(session, query, where)

    def summary(self, actor: Actor, since: datetime, until: datetime, query: CaseQuery | None = None) -> Summary:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_STATISTICS)
            return summary(session, since, until, *self.scope(session, query))

    def trend(self, actor: Actor, since: datetime, until: datetime, query: CaseQuery | None = None) -> Trend:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_STATISTICS)
            where, part = self.scope(session, query)
            return trend(session, since, until, where, part=part)
