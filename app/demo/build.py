"""`main.py demo`: a believable community to look around in, written through the app's own services."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from app.demo import care as demo_care
from app.demo import councils as demo_councils
from app.demo import data as dd
from app.demo import employment as demo_employment
from app.demo import followups as demo_followups
from app.demo import hotspots as demo_hotspots
from app.demo import lists as demo_lists
from app.demo import messages as demo_messages
from app.demo import partners as demo_partners
from app.demo import people as demo_people
from app.demo import points as demo_points
from app.demo import repeats as demo_repeats
from app.demo import teams as demo_teams
from app.demo.cases import CaseStories
from app.domain.enums import Gender
from app.models import (
    Building,
    Case,
    Category,
    Department,
    Grid,
    Household,
    HouseholdTag,
    HouseholdTagRow,
    PersonTag,
    RecordStatus,
    Relation,
    Resident,
    Role,
    ServiceType,
    Staff,
)
from app.services.cases.intake import IntakeForm
from app.services.core import labels
from app.services.core.auth import Actor
from app.services.core.clock import LOCAL_TZ, FakeClock, local
from app.services.core.container import Services
from app.services.core.errors import Conflict
from app.services.core.setup import InitialSetup
from app.services.ledger.timebank import GroupInput, NewVolunteer, RecordFilter, RedemptionInput, ServiceInput
from app.services.people.residents import age_on, pinyin_keys

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


# How far the demo is, in hundredths, after each step: the requests, each played through its story, take most of it.
AFTER_STAFF, AFTER_HOUSEHOLDS, AFTER_REQUESTS, AFTER_TIME_BANK, DONE = 4, 12, 85, 93, 100


def build_demo(services: Services, seed: int = 20261122,
               report: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Set up the demo community in an empty database: staff, grids, households, residents, requests.
    ``report(done, 100)`` is called as it goes (from the thread it runs on), for a progress bar."""
    def step(done: int) -> None:
        if report is not None:
            report(done, DONE)

    rng = random.Random(seed)
    step(0)
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
    step(AFTER_STAFF)
    today = local(services.db.clock.now()).date()
    households = dd.make_households(rng, reference=today)
    resident_ids = _households(services, households)
    step(AFTER_HOUSEHOLDS)
    cases = _requests(services, rng, households, resident_ids, seed,
                      lambda i, n: step(AFTER_HOUSEHOLDS + (AFTER_REQUESTS - AFTER_HOUSEHOLDS) * i // max(n, 1)))
    demo_points.rules(services)  # first: the volunteers' credited service then earns points by itself
    _time_bank(services, rng)
    step(AFTER_TIME_BANK)
    demo_points.build(services, seed + 5)
    demo_lists.add(services, seed + 7)  # the over-90s living alone and who moved away, for the lists
    demo_care.build(services, seed + 7)  # duties, the visits tags promise, the patrol log (issue 19)
    demo_repeats.build(services)  # a resident who asked three times this month, twice marked as a repeat (issue 20)
    demo_hotspots.build(services)  # a heating-season cluster in building 6, and last season's (issue 20)
    demo_followups.build(services, seed + 11)  # resolved requests waiting for the 回访 call, some tried (issue 20)
    demo_messages.build(services, seed + 11)  # the community's own template, messages on the newest (issue 20)
    demo_councils.build(services)  # a quarter of councils at three levels, one item on the duties list (issue 22)
    demo_partners.build(services)  # the resource list: ~15 partners, merchants included, what they gave (issue 22)
    demo_teams.build(services)  # the three volunteer teams of seed 000, their activities, a request given (issue 22)
    demo_employment.build(services)  # job seekers from seed 000's 案例二, with their outcomes (issue 22)
    with services.db.reading() as session:  # the stories' requests and those the patrol log turned into requests
        cases = session.scalar(select(func.count()).select_from(Case)) or 0
    step(DONE)
    return DemoSummary(
        community_name=dd.COMMUNITY_NAME,
        residents=sum(len(ids) for ids in resident_ids) + len(demo_lists.NINETY_PLUS),
        households=len(households) + len(demo_lists.NINETY_PLUS), grids=len(dd.GRIDS), cases=cases,
        password=dd.DEMO_PASSWORD,
        accounts=[(s.username, s.display_name, labels.zh(Role(s.role))) for s in dd.STAFF],
    )


def _households(services: Services, households: list[dd.HouseholdSpec]) -> list[list[uuid.UUID]]:
    """Grids with their workers, then every household and its residents, in one transaction."""
    ids: list[list[uuid.UUID]] = []
    today = local(services.db.clock.now()).date()
    with services.db.transaction() as session:
        demo_people.add_tags(session)
        workers = {s.username: s.id for s in session.scalars(select(Staff))}
        grids = {}
        for g in dd.GRIDS:
            grid = Grid(code=g.code, name=g.name, worker_id=workers[g.worker.username])
            session.add(grid)
            grids[g.code] = grid
        for b in dd.BUILDINGS:  # the building list of the set-up screen, each in its grid
            session.add(Building(number=b.code, grid=grids[dd.GRID_OF_BUILDING[b.code]], units=b.units,
                                 floors=b.floors, rooms_per_floor=b.flats_per_floor, active=True,
                                 note="电梯楼" if b.has_elevator else ""))
        for h in households:
            household = Household(building=h.building, unit=h.unit, room=h.room, grid=grids[h.grid_code],
                                  tags=[HouseholdTagRow(tag=HouseholdTag(t)) for t in h.tags])
            session.add(household)
            members = []
            for r in h.residents:
                full, initials = pinyin_keys(r.name)
                resident = Resident(name=r.name, gender=Gender(r.gender), birth_date=r.birth_date, phone=r.phone,
                                    phone_last4=r.phone[-4:] if r.phone else "", id_number=r.id_number,
                                    household=household, pinyin_full=full, pinyin_initials=initials,
                                    relation=demo_people.relation(h, r),
                                    person_tags=[PersonTag(tag=t) for t in demo_people.person_tags(r, today)])
                session.add(resident)
                members.append(resident)
            session.flush()
            ids.append([m.id for m in members])
    return ids


def _requests(services: Services, rng: random.Random, households: list[dd.HouseholdSpec],
              resident_ids: list[list[uuid.UUID]], seed: int, report: Callable[[int, int], None]) -> int:
    """Log the generated requests through the intake service, each at its own time (a fake clock), and play what
    happened to them afterwards (demo_cases) in time order with them."""
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
    stories = CaseStories(services, fake, seed, now)
    try:
        for index, spec in enumerate(specs):
            report(index, len(specs))
            stories.until(spec.intake_at.replace(tzinfo=LOCAL_TZ))
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
            stories.add(index, saved[index], spec, fake.now())
        stories.until(now)
    finally:
        services.db.clock = real_clock
    return len(set(saved.values()))


def _time_bank(services: Services, rng: random.Random) -> None:
    """Younger retirees serving older neighbours for six weeks: credited hours, this week's records still to
    verify, a group clean-up, a spouse's linked account with a redemption, donations and a pool grant."""
    officer = services.auth.login(dd.TIMEBANK_OFFICER.username, dd.DEMO_PASSWORD)
    director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
    now = services.db.clock.now()
    today = local(now).date()
    with services.db.reading() as session:
        people = [(r.id, r.household_id, age_on(r.birth_date, today)) for r in session.scalars(
            select(Resident).order_by(Resident.pinyin_full, Resident.id))]
    helpers = [p for p in people if p[2] is not None and 52 <= p[2] <= 70]
    elderly = [p for p in people if p[2] is not None and p[2] >= 78]
    chosen = rng.sample(helpers, min(12, len(helpers)))
    kinds = list(ServiceType)
    volunteers = [services.timebank.volunteers.register(officer, NewVolunteer(
        rid, tuple(k.value for k in rng.sample(kinds[:8], 3)), rng.choice(["工作日上午", "周末", "随时可约", "下午"])))
        for rid, _h, _a in chosen]
    real_clock, fake = services.db.clock, FakeClock(now)
    services.db.clock = fake
    try:
        for week in range(6, -1, -1):
            day = today - timedelta(days=week * 7 + 1)
            fake.set(datetime.combine(day, time(22, 0), LOCAL_TZ))
            ids = []
            for v in volunteers:
                if rng.random() < 0.25:
                    continue
                start = time(rng.choice([8, 9, 10, 14, 15]), rng.choice([0, 30]))
                recipient = rng.choice(elderly)[0] if elderly else None
                rec = services.timebank.records.record(officer, ServiceInput(
                    v.id, rng.choice(v.skills), day, start, duration_minutes=rng.choice([45, 60, 90, 120, 150]),
                    recipient_id=recipient))
                ids.append(rec.id)
            if week == 3:
                services.timebank.records.record_group(officer, GroupInput(
                    "楼道大扫除", ServiceType.ACTIVITY.value, day, time(19, 0),
                    time(21, 0), tuple(v.id for v in volunteers[:10]), "3号楼、5号楼"))
                ids += [r.id for r in services.timebank.records.records(officer, RecordFilter(
                    status=RecordStatus.PENDING)) if r.activity_title]
            if week > 0:  # this week's records are still waiting for the officer
                services.timebank.records.verify(director, ids)
                services.timebank.records.credit(officer, ids)
        fake.set(now - timedelta(minutes=1))
        first = volunteers[0]
        family = [p for p in people if p[1] == chosen[0][1] and p[0] != first.resident_id]
        if family:
            link = services.timebank.family.request_link(officer, first.resident_id, family[0][0],
                                                         Relation.SPOUSE.value,
                                                  "户口簿（户主页及本人页）")
            services.timebank.family.decide_link(director, link.id, True)
            services.timebank.spending.redeem(officer, RedemptionInput(first.resident_id, family[0][0],
                                                              ServiceType.BATHING.value, today, 60, "王阿姨"))
        for v in volunteers[1:3]:
            services.timebank.spending.donate(officer, v.resident_id, 120, "自愿捐赠")
        oldest = [p for p in elderly if p[2] is not None and p[2] >= 85]
        if oldest:
            services.timebank.spending.grant(director, oldest[0][0], 120, "高龄独居，无力参加服务")
    finally:
        services.db.clock = real_clock
