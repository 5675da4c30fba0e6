"""`main.py demo`: a believable community to look around in, written through the app's own services."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app.models import Category, Department, Grid, Household, HouseholdTag, HouseholdTagRow, Resident, Role, Staff
from app.models.enums import Gender
from app.services import demo_data as dd
from app.services import labels
from app.services.auth import Actor
from app.services.clock import LOCAL_TZ, FakeClock, local
from app.services.container import Services
from app.services.errors import Conflict
from app.services.intake import IntakeForm
from app.services.residents import pinyin_keys
from app.services.setup import InitialSetup

DEMO_WEEKS = 10
DEMO_REQUESTS = 200


@dataclass(frozen=True)
class DemoSummary:
    community_name: str
    residents: int
    households: int
    grids: int
    cases: int
    password: str
    accounts: list[tuple[str, str, str]]


def build_demo(services: Services, seed: int = 20261122) -> DemoSummary:
    """Set up the demo community in an empty database: staff, grids, households, residents, requests."""
    rng = random.Random(seed)
    services.setup.initialize(InitialSetup(
        community_name=dd.COMMUNITY_NAME, street=dd.STREET_NAME, desk_code=dd.DESK.code, desk_name=dd.DESK.name,
        desk_phone=dd.DESK.phone, admin_username=dd.ADMIN.username, admin_display_name=dd.ADMIN.display_name,
        admin_password=dd.DEMO_PASSWORD))
    services.remember_desk()
    admin = services.auth.login(dd.ADMIN.username, dd.DEMO_PASSWORD)
    for spec in dd.STAFF:
        if spec.username != dd.ADMIN.username:
            services.auth.create_staff(admin, spec.username, spec.display_name, Role(spec.role), spec.password,
                                       spec.phone)
    today = local(services.db.clock.now()).date()
    households = dd.make_households(rng, reference=today)
    resident_ids = _households(services, households)
    cases = _requests(services, rng, households, resident_ids)
    return DemoSummary(
        community_name=dd.COMMUNITY_NAME, residents=sum(len(ids) for ids in resident_ids),
        households=len(households), grids=len(dd.GRIDS), cases=cases, password=dd.DEMO_PASSWORD,
        accounts=[(s.username, s.display_name, labels.zh(Role(s.role))) for s in dd.STAFF],
    )


def _households(services: Services, households: list[dd.HouseholdSpec]) -> list[list[uuid.UUID]]:
    """Grids with their workers, then every household and its residents, in one transaction."""
    ids: list[list[uuid.UUID]] = []
    with services.db.transaction() as session:
        workers = {s.username: s.id for s in session.scalars(select(Staff))}
        grids = {}
        for g in dd.GRIDS:
            grid = Grid(code=g.code, name=g.name, worker_id=workers[g.worker.username])
            session.add(grid)
            grids[g.code] = grid
        for h in households:
            household = Household(building=h.building, unit=h.unit, room=h.room, grid=grids[h.grid_code],
                                  tags=[HouseholdTagRow(tag=HouseholdTag(t)) for t in h.tags])
            session.add(household)
            members = []
            for r in h.residents:
                full, initials = pinyin_keys(r.name)
                resident = Resident(name=r.name, gender=Gender(r.gender), birth_date=r.birth_date, phone=r.phone,
                                    phone_last4=r.phone[-4:] if r.phone else "", id_number=r.id_number,
                                    household=household, pinyin_full=full, pinyin_initials=initials)
                session.add(resident)
                members.append(resident)
            session.flush()
            ids.append([m.id for m in members])
    return ids


def _requests(services: Services, rng: random.Random, households: list[dd.HouseholdSpec],
              resident_ids: list[list[uuid.UUID]]) -> int:
    """Log the generated requests through the intake service, each at its own time (a fake clock)."""
    now = services.db.clock.now()
    end = local(now).date()
    start = end - timedelta(weeks=DEMO_WEEKS)
    specs = [s for s in dd.make_requests(rng, households, start, end, DEMO_REQUESTS)
             if s.intake_at.replace(tzinfo=LOCAL_TZ) < now]
    with services.db.reading() as session:
        categories = {c.code: (c.id, c.parent_id) for c in session.scalars(select(Category))}
        departments = {d.name: d.id for d in session.scalars(select(Department))}
    clerks = [services.auth.login(u, dd.DEMO_PASSWORD) for u in (dd.CLERK_1.username, dd.CLERK_2.username)]
    real_clock = services.db.clock
    fake = FakeClock(now)
    services.db.clock = fake
    saved: dict[int, uuid.UUID] = {}
    try:
        for index, spec in enumerate(specs):
            fake.set(spec.intake_at.replace(tzinfo=LOCAL_TZ))
            sub_id, parent_id = categories[spec.sub_code]
            form = IntakeForm(
                channel=spec.channel, resident_id=resident_ids[spec.household][spec.resident],
                category_id=parent_id, subcategory_id=sub_id, description=spec.description,
                urgency=spec.urgency, scope=spec.scope,
                department_ids=tuple(departments[name] for name in spec.departments),
                anonymous=spec.anonymous, caller_phone=spec.caller_phone, call_seconds=spec.call_seconds,
            )
            clerk: Actor = clerks[index % len(clerks)]
            target = saved.get(spec.duplicate_of) if spec.duplicate_of is not None else None
            if target is not None:
                try:
                    services.intake.attach(clerk, target, form)
                    saved[index] = target
                    continue
                except Conflict:
                    pass  # the same resident again: log it as a request of its own
            saved[index] = services.intake.submit(clerk, form).case_id
    finally:
        services.db.clock = real_clock
    return len(set(saved.values()))
