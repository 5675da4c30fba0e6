"""The street's view (街道总览, issue 21): every community of the street side by side, read on the street's server.

``main.py street --db URL`` opens it with the account of the street's administrator (the owner of the tables, whom
row-level security does not hold back), so it sees the rows of every desk. A row's community is its desk's:
``street_desk.community_name`` of the row's ``desk_code``.

What it counts, per community, for a period of local days (本周, 本月, 本季度 or chosen days, Asia/Shanghai):

- the requests received, responded, resolved and the follow-up answers, with the very counters and conditions of
  the dashboard (``app.services.cases.counting.counters`` over ``rates.received``): the three rates here are the
  dashboard's, defined once in ``rates.DEFINITIONS``;
- now, whatever the period: the requests open in the difficult-problems pool (难点问题库) and the open requests past
  their nearest time limit (超期), as the desk's briefing and list count them;
- the departments' on-time report rate (部门按时报到率) per community and department, ranked as the dashboard ranks
  them (``rates.ranked``), the best three the red list and the worst three the black list (红黑榜) across the street.

Each is one aggregate query grouped by desk code (a few dozen groups, no join), summed per community here through
``street_desk`` (the counters add up, as the dashboard sums its days); nothing is read row by row. Requests of a
desk code the street does not list are left out. No daily rollup here: the street's server keeps none (it is local
to each desk), and the period's requests are counted from ``case`` directly, as the dashboard does under filters it
cannot roll up.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, column, select, table, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from app.models import Case, CaseDepartment, Department
from app.services.cases import rates
from app.services.cases.counting import Figures, Score, count_if, counters, figures, score, score_counters
from app.services.core.clock import Clock, local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError
from app.services.people.statuses import OPEN_STATUSES

NOT_POSTGRES = QT_TRANSLATE_NOOP("errors", "The street's view reads the street's PostgreSQL server: give its address "
                                           "as --db postgresql://...")
UNREACHABLE = QT_TRANSLATE_NOOP("errors", "The street's server cannot be reached ({reason}). Check the address and "
                                          "the network, then press Refresh.")
NOT_A_STREET = QT_TRANSLATE_NOOP("errors", "This database is not a street's server (no desks are registered on it): "
                                           "prepare it with main.py street-init --db URL.")
NOT_OWNER = QT_TRANSLATE_NOOP("errors", "This account may not read every community ({reason}): open the street's view "
                                        "with the street administrator's account, not a desk's.")
BAD_DAYS = QT_TRANSLATE_NOOP("errors", "The first day must not be after the last day.")

#: The street's list of desks, as street-init makes it (app/services/sync/street.py).
STREET_DESK = table("street_desk", column("desk_code", String), column("community_name", String))


@dataclass(frozen=True)
class CommunityRow:
    """One community's figures: the period's requests (as the dashboard counts them) and, now, its pool and overdue."""

    community: str
    desks: tuple[str, ...]
    figures: Figures
    pool: int      # open requests in the difficult-problems pool, now
    overdue: int   # open requests past their nearest time limit, now


@dataclass(frozen=True)
class StreetDepartmentScore(rates.DepartmentScore):
    """A department's calls on one community's requests: a department serving several communities is ranked in
    each, named with its community."""

    community: str = ""


@dataclass(frozen=True)
class StreetView:
    first: date       # local days, inclusive
    last: date
    made_at: datetime  # local time the figures were read
    communities: list[CommunityRow]
    ranking: list[StreetDepartmentScore] = field(default_factory=list)  # best first

    @property
    def totals(self) -> CommunityRow:
        """The whole street: every community summed (the counters add up)."""
        return CommunityRow("", tuple(d for c in self.communities for d in c.desks),
                            sum((c.figures for c in self.communities), Figures()),
                            sum(c.pool for c in self.communities), sum(c.overdue for c in self.communities))

    @property
    def red_list(self) -> list[StreetDepartmentScore]:
        return rates.red_list(self.ranking)

    @property
    def black_list(self) -> list[StreetDepartmentScore]:
        return rates.black_list(self.ranking)


@contextmanager
def _said() -> Iterator[None]:
    """The server's refusals in the words of the street's view (Chinese on the screen through the translator)."""
    try:
        yield
    except OperationalError as exc:
        raise DomainError(UNREACHABLE, reason=_reason(exc)) from exc
    except ProgrammingError as exc:
        code = getattr(exc.orig, "sqlstate", None)
        if code == "42P01":  # undefined table: no street_desk here
            raise DomainError(NOT_A_STREET) from exc
        if code == "42501":  # insufficient privilege: a desk's account
            raise DomainError(NOT_OWNER, reason=_reason(exc)) from exc
        raise
    except DBAPIError as exc:
        raise DomainError(UNREACHABLE, reason=_reason(exc)) from exc


def _reason(exc: DBAPIError) -> str:
    lines = str(getattr(exc, "orig", exc)).strip().splitlines()
    return lines[0][:160] if lines else "?"


class StreetViewService:
    """The street's view on the street's server (no desk log-in: the address's account is the street's
    administrator). Not thread-bound: the window calls ``view`` on the worker pool."""

    def __init__(self, url: str | URL, clock: Clock) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() != "postgresql":
            raise DomainError(NOT_POSTGRES)
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        self.url = parsed
        self._db = Database(parsed, clock)

    @property
    def clock(self) -> Clock:
        return self._db.clock

    def period(self, kind: str) -> tuple[date, date]:
        """本周 (week), 本月 (month) or 本季度 (quarter) to today, local days."""
        return rates.period(kind, local(self._db.clock.now()).date())

    def view(self, first: date, last: date) -> StreetView:
        """Every community's figures for the local days ``first`` to ``last`` (inclusive)."""
        if first > last:
            raise DomainError(BAD_DAYS)
        since, until = rates.span(first, last)
        now = self._db.clock.now()
        with _said(), self._db.reading() as session:
            # The counters' correlated subqueries (follow-up answers of reopened requests) make the planner's cost
            # estimate huge, so PostgreSQL would JIT-compile the query: over a second of compiling (measured on
            # 1,000,000 requests) for a query that runs in a fraction of that. Off for this transaction only.
            session.execute(text("SET LOCAL jit = off"))
            desks = _desks(session)
            community = {code: name for name, codes in desks.items() for code in codes}
            counted = _figures(session, since, until, community)
            now_open = _open(session, now, community)
            ranking = _ranking(session, since, until, community)
        rows = [CommunityRow(name, tuple(codes), counted.get(name, Figures()), *now_open.get(name, (0, 0)))
                for name, codes in sorted(desks.items())]
        return StreetView(first, last, local(now), rows, ranking)

    def close(self) -> None:
        self._db.dispose()


def _community() -> Any:
    return STREET_DESK.c.community_name


def _desks(session: Session) -> dict[str, list[str]]:
    desks: dict[str, list[str]] = {}
    for code, name in session.execute(select(STREET_DESK.c.desk_code, _community())
                                      .order_by(_community(), STREET_DESK.c.desk_code)):
        desks.setdefault(name, []).append(code)
    return desks


def _figures(session: Session, since: datetime, until: datetime, community: dict[str, str]) -> dict[str, Figures]:
    """The period's counters per community: one query grouped by desk (no join, a few dozen groups), summed per
    community here (the counters add up)."""
    counted: dict[str, Figures] = {}
    for r in session.execute(select(Case.desk_code, *counters()).where(*rates.received(since, until))
                             .group_by(Case.desk_code)):
        if r[0] in community:
            name = community[r[0]]
            counted[name] = counted.get(name, Figures()) + figures(r[1:])
    return counted


def _open(session: Session, now: datetime, community: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Per community, now: (open in the pool, open past the nearest limit)."""
    found: dict[str, tuple[int, int]] = {}
    for r in session.execute(select(Case.desk_code, count_if(Case.in_pool.is_(True)), count_if(Case.due_at <= now))
                             .where(Case.status.in_(OPEN_STATUSES)).group_by(Case.desk_code)):
        if r[0] in community:
            pool, overdue = found.get(community[r[0]], (0, 0))
            found[community[r[0]]] = (pool + int(r[1]), overdue + int(r[2]))
    return found


def _ranking(session: Session, since: datetime, until: datetime,
             community: dict[str, str]) -> list[StreetDepartmentScore]:
    """The departments' calls per (community, department) on the period's requests, ranked as the dashboard ranks."""
    names: dict[uuid.UUID, str] = {k: v for k, v in session.execute(select(Department.id, Department.name))}
    summed: dict[tuple[str, uuid.UUID], Score] = {}
    for r in session.execute(select(Case.desk_code, CaseDepartment.department_id, *score_counters())
                             .join_from(CaseDepartment, Case, Case.id == CaseDepartment.case_id)
                             .where(*rates.received(since, until))
                             .group_by(Case.desk_code, CaseDepartment.department_id)):
        if r[0] in community:
            key = (community[r[0]], r[1])
            summed[key] = summed.get(key, Score()) + score(r[2:])
    scores = [StreetDepartmentScore(d, names.get(d, ""), s.called, s.reported, s.on_time, s.overdue, s.unjudged,
                                    s.report_seconds, community=c)
              for (c, d), s in sorted(summed.items(), key=lambda kv: (kv[0][0], names.get(kv[0][1], "")))
              if s.called]
    return rates.ranked(scores)
