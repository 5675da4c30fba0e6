"""What the demo adds so its lists (智慧报表) mean something: the generated community has only a couple of people over
90, so a handful of very old widows and widowers living alone move into free ground-floor flats (the free milk of
seed 002 has someone to reach), and two grown-up children have moved away (the 已迁出 condition finds them).

Its own random stream: the rest of the demo (households, requests, the time bank) is drawn exactly as before.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from app.demo import data as dd
from app.domain.enums import Gender, HouseholdRole, ResidentStatus
from app.models import Case, Grid, Household, HouseholdTagRow, Resident, Volunteer
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.people.residents import pinyin_keys

NINETY_PLUS: tuple[tuple[str, str, int], ...] = (
    ("赵桂兰", "F", 93), ("孙淑珍", "F", 91), ("周玉芬", "F", 96), ("吴秀英", "F", 90), ("郑德胜", "M", 92),
    ("冯桂芳", "F", 98),
)
MOVED_AWAY = 2


def _birth(rng: random.Random, today: date, age: int) -> date:
    latest = today.replace(year=today.year - age) if (today.month, today.day) != (2, 29) else \
        today.replace(year=today.year - age, day=28)
    return latest - timedelta(days=rng.randrange(300))


def add(services: Services, seed: int) -> None:
    rng = random.Random(seed)
    today = local(services.db.clock.now()).date()
    with services.db.transaction() as session:
        taken = {(b, u, r) for b, u, r in session.execute(select(Household.building, Household.unit, Household.room))}
        grids = {g.code: g for g in session.scalars(select(Grid))}
        free = [(b.code, str(unit), f"1{flat:02d}") for b in dd.BUILDINGS for unit in range(1, b.units + 1)
                for flat in range(1, b.flats_per_floor + 1)
                if (b.code, str(unit), f"1{flat:02d}") not in taken]
        rng.shuffle(free)
        for (name, gender, age), (building, unit, room) in zip(NINETY_PLUS, free, strict=False):
            household = Household(building=building, unit=unit, room=room, grid=grids[dd.GRID_OF_BUILDING[building]],
                                  tags=[HouseholdTagRow(tag="alone")])
            session.add(household)
            full, initials = pinyin_keys(name)
            session.add(Resident(name=name, gender=Gender(gender), birth_date=_birth(rng, today, age),
                                 household=household, pinyin_full=full, pinyin_initials=initials,
                                 relation=HouseholdRole.HEAD))
        # Grown-up children of big households, with no request and no time-bank account, moved away this year.
        crowded = select(Resident.household_id).group_by(Resident.household_id).having(func.count() >= 3)
        young = list(session.scalars(
            select(Resident).where(Resident.household_id.in_(crowded), Resident.status == ResidentStatus.ACTIVE,
                                   Resident.birth_date > today.replace(year=today.year - 35),
                                   Resident.birth_date < today.replace(year=today.year - 20),
                                   ~select(Case.id).where(Case.resident_id == Resident.id).exists(),
                                   ~select(Volunteer.id).where(Volunteer.resident_id == Resident.id).exists())
            .order_by(Resident.pinyin_full, Resident.id)))
        for resident in rng.sample(young, min(MOVED_AWAY, len(young))):
            resident.status = ResidentStatus.MOVED_AWAY
            resident.status_on = today - timedelta(days=rng.randrange(20, 200))
