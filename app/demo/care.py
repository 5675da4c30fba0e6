"""The demo community's duties and patrol log (issue 19): each lift's yearly inspection (one due next month, so the
home page reminds of it), the buildings' monthly fire-extinguisher checks and quarterly gas checks, the visits the
tags promise (日见面 for those living alone, 一帮一 for empty nests ...), and three weeks of the grid workers' patrol
log: most promised visits made and written up, some not done with the reason, a few missed, and walks round the
buildings, two of whose problems became requests (民情专员)."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo import data as dd
from app.domain.enums import DutyCycle, DutyKind, DutyOutcome
from app.models import Building, Category, Duty, Grid, Household, PatrolEntry, Resident, Staff
from app.services.care.duties import record
from app.services.care.patrol import RequestFromEntry
from app.services.care.visits import sync_visit_duties
from app.services.core.auth import Permission, require
from app.services.core.clock import LOCAL_TZ, FakeClock, local
from app.services.core.container import Services

WEEKS = 3
FINE = ("老人精神不错，按时吃药", "家中整洁，无安全隐患", "聊了聊家常，老人心情好", "测了血压，正常",
        "提醒关好燃气阀门", "子女本周来看过", "帮忙取了快递", "提醒冬季注意防滑")
NOT_DONE = ("敲门无人应答，电话未接", "老人去女儿家住几天", "住院观察，已电话问候")
WALKS = (("{b}号楼", "楼道灯两处不亮"), ("{b}号楼", "单元门闭门器坏了，门关不严"), ("{b}号楼", "楼道堆放纸箱杂物"),
         ("东门小广场", "健身器材一处螺丝松动"), ("{b}号楼", "巡查一切正常"), ("自行车棚", "飞线充电两处，已劝离"))


@dataclass(frozen=True)
class Walk:
    id: uuid.UUID
    place: str
    found: str
    by_id: uuid.UUID


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LOCAL_TZ)


def build(services: Services, seed: int) -> None:
    rng = random.Random(seed)
    now = services.db.clock.now()
    today = local(now).date()
    start = today - timedelta(weeks=WEEKS)
    admin = services.auth.login(dd.ADMIN.username, dd.DEMO_PASSWORD)
    real_clock, fake = services.db.clock, FakeClock(_at(start, 8))
    services.db.clock = fake
    try:
        with services.db.transaction() as session:
            require(session, admin, Permission.MANAGE_DUTIES)
            _building_duties(session, today, start)
            require(session, admin, Permission.MANAGE_SETTINGS)
            sync_visit_duties(session)  # the tags' promises, as they stood three weeks ago
        walks: list[Walk] = []
        for offset in range(WEEKS * 7):
            day = start + timedelta(days=offset)
            fake.set(_at(day, 18))
            with services.db.transaction() as session:
                require(session, admin, Permission.DUTIES)
                walks += _one_day(session, rng, day)
        fake.set(_at(today - timedelta(days=2), 9, 30))
        problems = {(w.place, w.found): w for w in walks if w.place.endswith("号楼")}  # two different ones
        _requests(services, list(problems.values())[:2])
    finally:
        services.db.clock = real_clock


def _building_duties(session: Session, today: date, start: date) -> None:
    clerk = session.scalar(select(Staff.id).where(Staff.username == dd.CLERK_1.username))
    workers = {g: w for g, w in session.execute(select(Grid.id, Grid.worker_id))}
    buildings = {b.number: b for b in session.scalars(select(Building))}
    lift_due = (today + timedelta(days=26), today + timedelta(days=95), today + timedelta(days=200))
    for number, due in zip(dd.ELEVATOR_BUILDINGS, lift_due, strict=False):
        b = buildings[number]
        session.add(Duty(title=f"{number}号楼电梯年检", kind=DutyKind.INSPECTION.value, building_id=b.id,
                         cycle=DutyCycle.YEARLY, every=1, next_due=due, anchor_on=due, remind_days=30,
                         responsible_id=clerk, note="特种设备检验所，物业陪同", active=True))
    for i, (number, b) in enumerate(sorted(buildings.items())):
        fire = start + timedelta(days=7 + i)  # this month's checks: some done, one overdue
        session.add(Duty(title=f"{number}号楼消防器材检查", kind=DutyKind.FIRE.value, building_id=b.id,
                         cycle=DutyCycle.MONTHLY, every=1, next_due=fire, anchor_on=fire, remind_days=3,
                         responsible_id=workers.get(b.grid_id) if b.grid_id else clerk, note="灭火器压力、消防通道",
                         active=True))
        gas = today + timedelta(days=3 + 4 * i)
        session.add(Duty(title=f"{number}号楼燃气安全检查", kind=DutyKind.GAS.value, building_id=b.id,
                         cycle=DutyCycle.MONTHLY, every=3, next_due=gas, anchor_on=gas, remind_days=7,
                         responsible_id=clerk, note="燃气公司入户，重点查独居老人家", active=True))
    session.flush()


def _one_day(session: Session, rng: random.Random, day: date) -> list[Walk]:
    """The day's visits that are due, most made and written in the log; a walk now and then."""
    walks: list[PatrolEntry] = []
    grids = {w: g for w, g in session.execute(select(Grid.worker_id, Grid.id))}
    for duty in session.scalars(select(Duty).where(Duty.active.is_(True), Duty.next_due <= day)
                                .order_by(Duty.next_due, Duty.id)):
        if duty.responsible_id is None or (duty.kind != DutyKind.VISIT.value and day < duty.next_due):
            continue
        luck = rng.random()
        if duty.kind != DutyKind.VISIT.value:
            if luck < 0.8 and day.day != 2:  # one building's check is left overdue on purpose
                record(session, duty.responsible_id, duty, DutyOutcome.DONE, duty.next_due, day, "已检查，正常")
            continue
        if luck < 0.82:
            place = duty.household_id
            entry = PatrolEntry(at=_at(day, rng.randint(9, 16), rng.choice((0, 15, 30, 45))),
                                grid_id=grids.get(duty.responsible_id), by_id=duty.responsible_id,
                                place="", household_id=place, seen="", found=rng.choice(FINE))
            _fill_place(session, entry, duty)
            session.add(entry)
            session.flush()
            record(session, duty.responsible_id, duty, DutyOutcome.DONE, duty.next_due, day, entry.found,
                   patrol_id=entry.id)
        elif luck < 0.9:
            record(session, duty.responsible_id, duty, DutyOutcome.SKIPPED, duty.next_due, day, rng.choice(NOT_DONE))
        # else: nobody recorded it; the next record writes it as missed
    if day.weekday() in (1, 4):  # Tuesdays and Fridays each grid worker walks round a building
        for worker, grid_id in grids.items():
            numbers = list(session.scalars(select(Building.number).where(Building.grid_id == grid_id)))
            if worker is None or not numbers:
                continue
            where, found = rng.choice(WALKS)
            number = rng.choice(numbers)
            building = session.scalar(select(Building).where(Building.number == number)) if "{b}" in where else None
            entry = PatrolEntry(at=_at(day, 10, 30), grid_id=grid_id, by_id=worker, place=where.format(b=number),
                                building_id=building.id if building else None, seen="", found=found)
            session.add(entry)
            if found != "巡查一切正常":
                walks.append(entry)
    session.flush()
    return [Walk(e.id, e.place, e.found, e.by_id) for e in walks]


def _fill_place(session: Session, entry: PatrolEntry, duty: Duty) -> None:
    household = session.get(Household, duty.household_id) if duty.household_id else None
    if household is None and duty.resident_id is not None:
        resident = session.get(Resident, duty.resident_id)
        household = resident.household if resident else None
    if household is not None:
        entry.household_id, entry.place = household.id, household.address
        names = [r.name for r in household.residents if r.name]
        entry.seen = names[0] if names else ""


def _requests(services: Services, walks: list[Walk]) -> None:
    """Two problems found on the walks become requests in one step, for a resident of that building."""
    with services.db.reading() as session:
        lights = session.execute(select(Category.id, Category.parent_id).where(Category.code == "LIFE-WATER")).one()
        people = {}
        for entry in walks:
            number = entry.place.removesuffix("号楼")
            people[entry.id] = session.scalar(
                select(Resident.id).join(Resident.household).where(Resident.household.has(building=number))
                .order_by(Resident.name).limit(1))
        workers = {s.id: s.username for s in session.scalars(select(Staff))}
    for entry in walks:
        worker = services.auth.login(workers[entry.by_id], dd.DEMO_PASSWORD)
        services.patrol.to_request(worker, entry.id, RequestFromEntry(people[entry.id], lights[1], lights[0]))
