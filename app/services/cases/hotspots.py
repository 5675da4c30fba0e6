"""Where problems cluster (热点): requests about the same problem from the same building, and the heating season
compared with the one before.

**A hot spot** is a (building, problem) pair: the requests received in the period ``[start, end)`` from households of
one building (``Household.building``) about one sub-category (or about the class, when a request has no
sub-category) of which ``min_count`` or more fall within some ``window_days`` consecutive local days (a window of
14 days: the first and the last of them at most 13 calendar days apart, so 3 requests on the 1st, the 7th and the
14th are a hot spot and 3 on the 1st, the 8th and the 15th are not). When some window reaches ``min_count``, the hot
spot holds **all** the period's requests of that building and problem (what the street wants to read: "5号楼 供暖,
6 requests from 11-03 to 11-21"), not only the densest window's. Requests merged into another one (并单) do not count
(their residents count at the survivor, as in the rates), nor requests without a household (no building to cluster
in).

**The heating season** (供暖季, in the north 11-15 to 03-15 of the next year): this season so far against the same
span of the season before (11-15 to the same month and day a year earlier), counted by building and in total, over
the heating problems: the catalogue's heating sub-category (``LIFE-HEATING`` 供暖) and any category an administrator
added whose name speaks of heating (暖气, 供暖, 供热, 取暖). Outside the season, "this season" is the last one, whole.

Both read ``case`` joined to ``household`` by the intake time index (``ix_case_created_at``): a month at a million
requests is some 30 000 rows, grouped in SQL first so only the candidate groups' requests are read one by one
(benchmarks/hotspots_bench.py).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func, or_, select, tuple_
from sqlalchemy.orm import Session

from app.models import Case, CaseStatus, Category, Household
from app.services.cases.listing import CaseListRow, _rows
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.db import Database

MIN_COUNT = 3     # requests ...
WINDOW_DAYS = 14  # ... within this many consecutive local days
HEATING_CODES = ("LIFE-HEATING",)  # the catalogue's heating sub-category (catalogue.py)
HEATING_WORDS = ("暖气", "供暖", "供热", "取暖")  # a category an administrator added about heating
SEASON_START = (11, 15)  # 供暖季: 11-15 ...
SEASON_END = (3, 15)     # ... to 03-15 of the next year, both inclusive
_CANDIDATES_PER_QUERY = 400  # (building, problem) pairs per IN list


@dataclass(frozen=True)
class HotSpot:
    building: str               # Household.building ("5"), the building the requests came from
    category_id: uuid.UUID      # the sub-category (or the class when the requests have none)
    category_name: str          # its name ("供暖")
    count: int                  # requests in the cluster (all of the period's, see the module's note)
    first_at: datetime          # the first and the last request's intake time (aware UTC)
    last_at: datetime
    case_ids: tuple[uuid.UUID, ...]  # oldest first
    case_nos: tuple[str, ...]


@dataclass(frozen=True)
class SeasonBuilding:
    building: str   # "" for requests without a household
    this: int       # heating requests this season (so far)
    last: int       # in the same span of the season before

    @property
    def change(self) -> int:
        return self.this - self.last


@dataclass(frozen=True)
class Seasons:
    """This heating season so far against the same span of the last one."""

    this_first: date              # local days, both inclusive
    this_last: date
    last_first: date
    last_last: date
    complete: bool                # this season is over (today is outside every season)
    categories: tuple[str, ...]   # the heating categories counted, by name
    buildings: list[SeasonBuilding]  # most requests this season first, then most last season, then by number
    this_total: int               # every heating request of the span, with or without a building
    last_total: int

    @property
    def change(self) -> int:
        return self.this_total - self.last_total


def _problem() -> ColumnElement[uuid.UUID]:
    return func.coalesce(Case.subcategory_id, Case.category_id)


def _received(start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    return [Case.created_at >= start, Case.created_at < end, Case.status != CaseStatus.MERGED]


def _dense(times: list[datetime], min_count: int, window_days: int) -> bool:
    """Whether ``min_count`` of these intake times (sorted) fall within ``window_days`` consecutive local days."""
    days = [local(t).date() for t in times]
    return any((days[i + min_count - 1] - days[i]).days < window_days for i in range(len(days) - min_count + 1))


def find_hot_spots(session: Session, start: datetime, end: datetime, min_count: int = MIN_COUNT,
                   window_days: int = WINDOW_DAYS) -> list[HotSpot]:
    """The hot spots of the requests received in ``[start, end)`` (see the module's note): most requests first, then
    the latest request first, then by building and problem."""
    min_count, window_days = max(min_count, 1), max(window_days, 1)
    problem = _problem()
    groups = session.execute(
        select(Household.building, problem).join(Household, Household.id == Case.household_id)
        .where(*_received(start, end)).group_by(Household.building, problem)
        .having(func.count() >= min_count)).all()
    found: dict[tuple[str, uuid.UUID], list[tuple[datetime, uuid.UUID, str]]] = defaultdict(list)
    for i in range(0, len(groups), _CANDIDATES_PER_QUERY):
        pairs = [(g[0], g[1]) for g in groups[i:i + _CANDIDATES_PER_QUERY]]
        for building, key, at, cid, no in session.execute(
                select(Household.building, problem, Case.created_at, Case.id, Case.case_no)
                .join(Household, Household.id == Case.household_id)
                .where(*_received(start, end), tuple_(Household.building, problem).in_(pairs))):
            found[(building, key)].append((at, cid, no))
    names = {k: v for k, v in session.execute(select(Category.id, Category.name))}
    spots = []
    for (building, key), requests in found.items():
        requests.sort()
        if not _dense([r[0] for r in requests], min_count, window_days):
            continue
        spots.append(HotSpot(building, key, names.get(key, ""), len(requests), requests[0][0], requests[-1][0],
                             tuple(r[1] for r in requests), tuple(r[2] for r in requests)))
    spots.sort(key=lambda s: (-s.count, -s.last_at.timestamp(), _building_order(s.building), s.category_name))
    return spots


def _building_order(number: str) -> tuple[int, int, str]:
    """Buildings in their numbers' order (2 before 10), others after them by name."""
    return (0, int(number), "") if number.isdigit() else (1, 0, number)


# --- the heating season ---------------------------------------------------------------------------------------


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def season_of(today: date) -> tuple[date, date, bool]:
    """The heating season ``today`` is in (its first day, and ``today``: so far), or the last one whole when today
    is outside every season; and whether it is over."""
    start_this_year = date(today.year, *SEASON_START)
    end_this_year = date(today.year, *SEASON_END)
    if today >= start_this_year:
        return start_this_year, today, False
    if today <= end_this_year:
        return date(today.year - 1, *SEASON_START), today, False
    return date(today.year - 1, *SEASON_START), end_this_year, True


def heating_categories(session: Session) -> dict[uuid.UUID, str]:
    """The heating categories (id -> name): the catalogue's code, or a name about heating."""
    rows = session.execute(select(Category.id, Category.name).where(or_(
        Category.code.in_(HEATING_CODES), *(Category.name.contains(w) for w in HEATING_WORDS)))
        .order_by(Category.sort_order, Category.code))
    return {k: v for k, v in rows}


def _span(first: date, last: date) -> tuple[datetime, datetime]:
    return (datetime.combine(first, time(0), tzinfo=LOCAL_TZ),
            datetime.combine(last + timedelta(days=1), time(0), tzinfo=LOCAL_TZ))


def _heating_by_building(session: Session, first: date, last: date, heating: list[uuid.UUID]) -> dict[str, int]:
    if not heating:
        return {}
    start, end = _span(first, last)
    building = func.coalesce(Household.building, "")
    rows = session.execute(
        select(building, func.count()).select_from(Case).outerjoin(Household, Household.id == Case.household_id)
        .where(*_received(start, end), or_(Case.subcategory_id.in_(heating), Case.category_id.in_(heating)))
        .group_by(building))
    return {b: int(n) for b, n in rows}


def compare_seasons(session: Session, today: date) -> Seasons:
    """This heating season so far (or the last one, whole, outside the season) against the same span a year
    earlier, by building and in total."""
    this_first, this_last, complete = season_of(today)
    last_first, last_last = _shift_year(this_first, -1), _shift_year(this_last, -1)
    heating = heating_categories(session)
    now = _heating_by_building(session, this_first, this_last, list(heating))
    before = _heating_by_building(session, last_first, last_last, list(heating))
    rows = [SeasonBuilding(b, now.get(b, 0), before.get(b, 0)) for b in set(now) | set(before) if b]
    rows.sort(key=lambda r: (-r.this, -r.last, _building_order(r.building)))
    return Seasons(this_first, this_last, last_first, last_last, complete, tuple(heating.values()), rows,
                   sum(now.values()), sum(before.values()))


# --- the service ----------------------------------------------------------------------------------------------


class HotSpotService:
    """Hot spots and the heating seasons, for the dashboard, the home page and the street's report (VIEW_CASES:
    they name buildings and problems, no resident)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def hot_spots(self, actor: Actor, start: datetime, end: datetime, min_count: int = MIN_COUNT,
                  window_days: int = WINDOW_DAYS) -> list[HotSpot]:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            return find_hot_spots(session, start, end, min_count, window_days)

    def seasons(self, actor: Actor, today: date | None = None) -> Seasons:
        """The heating season of ``today`` (the desk's today if not given) against the one before."""
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            return compare_seasons(session, today or local(self._db.clock.now()).date())

    def requests(self, actor: Actor, case_ids: tuple[uuid.UUID, ...]) -> list[CaseListRow]:
        """The requests behind a hot spot, as the request list shows them, in the order given."""
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            there = set(session.scalars(select(Case.id).where(Case.id.in_(case_ids))))
            return _rows(session, [c for c in case_ids if c in there], self._db.clock.now())
