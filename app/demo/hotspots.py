"""The demo's heating-season cluster (热点, issue 20): four households of 6号楼2单元 report cold radiators within eight
days of the latest heating season (the three older ones resolved by the heating company bleeding the riser, the
newest still being handled), and two households of 6号楼1单元 reported the same a year earlier, for the seasons'
comparison. Building 6 has no other heating request in the two weeks before the demo's day (the generated requests
put theirs elsewhere then), so the home page's hot spots show this cluster as it is.

Logged through the intake service and handled through the workflow on a fake clock, like the generated requests,
each step at its own time and all of them in time order.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.demo import data as dd
from app.models import Category, Channel, Department, Household, Resident, Scope
from app.services.cases.hotspots import season_of
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import LOCAL_TZ, FakeClock, local
from app.services.core.container import Services

BUILDING = "6"
HEATING = "LIFE-HEATING"
HEATING_COMPANY = "供热公司"
MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


@dataclass(frozen=True)
class Report:
    days_before: int   # before the cluster's last day (today, in the heating season)
    at: time
    unit: str
    text: str
    resolved: bool     # handled to the end (resolved and followed up), or still being handled


# This season's cluster: 6号楼2单元, four households within eight days.
CLUSTER: tuple[Report, ...] = (
    Report(8, time(9, 20), "2", "6号楼2单元暖气不热，家里室温只有15度，老人怕冷，请供热公司上门看看。", True),
    Report(5, time(14, 5), "2", "6号楼2单元暖气片上面热下面凉，楼上楼下邻居都说不热，怀疑单元管道有气堵。", True),
    Report(2, time(8, 40), "2", "6号楼2单元暖气还是不热，室温16度，家里有卧床老人，希望尽快排查单元立管。", True),
    Report(1, time(16, 20), "2", "6号楼2单元暖气不热，晚上只有14度，孩子感冒了，请供热公司再来检查。", False),
)
# Last season's, a year earlier: two households of 6号楼1单元.
LAST_SEASON: tuple[Report, ...] = (
    Report(4, time(10, 15), "1", "6号楼1单元暖气不热，室温17度，请供热公司检查。", True),
    Report(2, time(15, 30), "1", "6号楼1单元暖气有响声而且不太热，请派人放气调试。", True),
)


def cluster_days(today: date) -> date:
    """The cluster's last day: today in the heating season, else the last season's last day."""
    _first, last, complete = season_of(today)
    return last if complete else today


def build(services: Services) -> None:
    now = services.db.clock.now()
    last = cluster_days(local(now).date())
    a_year_before = last - 365 * DAY if (last.month, last.day) == (2, 29) else last.replace(year=last.year - 1)
    with services.db.reading() as session:
        heating_id, class_id = session.execute(
            select(Category.id, Category.parent_id).where(Category.code == HEATING)).one()
        company = session.scalar(select(Department.id).where(Department.name == HEATING_COMPANY))
        rows = session.execute(
            select(Household.id, Household.unit, Resident.id, Resident.phone)
            .join(Resident, Resident.household_id == Household.id).where(Household.building == BUILDING)
            .order_by(Household.unit, Household.room, Resident.created_at)).all()
    heads: dict[str, list[tuple[uuid.UUID, str]]] = {}  # the first resident of each household, by unit
    households: set[uuid.UUID] = set()
    for household_id, unit, resident_id, phone in rows:
        if household_id not in households:
            households.add(household_id)
            heads.setdefault(unit, []).append((resident_id, phone))
    clerk = services.auth.login(dd.CLERK_1.username, dd.DEMO_PASSWORD)
    worker = services.auth.login(next(g.worker.username for g in dd.GRIDS if BUILDING in g.buildings),
                                 dd.DEMO_PASSWORD)
    director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
    steps: list[tuple[datetime, int, Callable[[], object]]] = []
    cases: dict[int, uuid.UUID] = {}

    def plan(reports: tuple[Report, ...], anchor: date, first: int) -> None:
        for n, report in enumerate(reports):
            resident_id, phone = heads[report.unit][n % len(heads[report.unit])]
            form = IntakeForm(channel=Channel.PHONE.value if phone else Channel.WALK_IN.value,
                              resident_id=resident_id, category_id=class_id, subcategory_id=heating_id,
                              description=report.text, urgency=3, scope=Scope.BUILDING.value,
                              caller_phone=phone, call_seconds=150 + 20 * n if phone else None)
            logged = datetime.combine(anchor - report.days_before * DAY, report.at, LOCAL_TZ)
            _story(steps, services, (clerk, worker, director), cases, first + n, form, logged, report.resolved, company)

    plan(LAST_SEASON, a_year_before, 100)
    plan(CLUSTER, last, 0)
    real_clock, fake = services.db.clock, FakeClock(now)
    services.db.clock = fake
    try:
        for at, _order, run in sorted(steps, key=lambda s: (s[0], s[1])):
            if at < now:  # what would happen after the demo's "now" has not happened yet
                fake.set(at)
                run()
    finally:
        services.db.clock = real_clock


def _story(steps: list[tuple[datetime, int, Callable[[], object]]], services: Services,
           staff: tuple[Actor, Actor, Actor], cases: dict[int, uuid.UUID], index: int, form: IntakeForm,
           logged: datetime, resolved: bool, company: uuid.UUID | None) -> None:
    """One request: logged, dispatched to the grid worker, answered, the heating company called in and reporting;
    then, if ``resolved``, the riser bled, the resident called back (satisfied) and the request closed."""
    clerk, worker, director = staff
    flow = services.workflow

    def step(after: timedelta, run: Callable[[uuid.UUID], object]) -> None:
        steps.append((logged + after, len(steps), lambda: run(cases[index])))

    def log() -> None:
        cases[index] = services.intake.submit(clerk, form).case_id

    steps.append((logged, len(steps), log))
    step(6 * MIN, lambda c: flow.dispatch(clerk, c, assignee_id=worker.user_id))
    step(20 * MIN, lambda c: flow.respond(worker, c, "已电话联系居民，约定供热公司上门时间"))
    if company is not None:
        step(35 * MIN, lambda c: flow.call_departments(clerk, c, [company], hours=24))
        step(4 * HOUR, lambda c: flow.department_report(clerk, c, company, "供热公司已派人入户检测，单元立管有气堵"))
    if resolved:
        step(20 * HOUR, lambda c: flow.resolve(worker, c, "供热公司已对单元立管排气并调整阀门，室温回升到20度"))
        step(44 * HOUR, lambda c: flow.follow_up(clerk, c, "satisfied", "居民表示暖气已热，满意"))
        step(4 * DAY, lambda c: flow.close(director, c, "已回访，归档"))
