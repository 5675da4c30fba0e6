"""The register read by place (issue 19): buildings with their counts, a building drawn as its rooms (floors up,
units across) coloured by tag, one household with its members and their relations, and a resident's page that
gathers everything about one person.

Reads only; changes go through register.py (a resident, a household) and tags.py. Every count is one grouped
query, so a building of 40,000 households' community opens as fast as the demo's."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.domain.enums import Unit
from app.models import (
    Building,
    Case,
    Category,
    Duty,
    DutyRecord,
    Grid,
    Household,
    HouseholdTagRow,
    PatrolEntry,
    Resident,
    Staff,
)
from app.services.care.places import DutyRow, duty_rows_query, to_rows
from app.services.community.buildings import room_numbers
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, NotFound
from app.services.ledger import posting as ledger
from app.services.people import tag_names
from app.services.people.residents import DEPARTED, OPEN_STATUSES, ResidentSummary, age_on, current_residents
from app.services.people.residents import summarize as summarize_resident

RECENT_REQUESTS = 20
RECENT_CARE = 20


@dataclass(frozen=True)
class BuildingCard:
    number: str                  # "3" for 3号楼
    units: int
    floors: int
    rooms_per_floor: int
    grid_name: str
    households: int
    residents: int
    tags: dict[str, int]         # tag code -> households carrying it
    listed: bool                 # in the building table (False: only households name it)


@dataclass(frozen=True)
class Flat:
    unit: str
    room: str
    floor: int                   # from the room number: 301 -> 3 (0 when it does not say)
    household_id: uuid.UUID | None  # None: a room of the building's shape with nobody registered
    residents: int
    tags: tuple[str, ...]        # codes, in the catalogue's order
    open_requests: int


@dataclass(frozen=True)
class BuildingPlan:
    number: str
    units: tuple[str, ...]       # across, in order
    floors: int                  # up
    flats: tuple[Flat, ...]
    grid_name: str


@dataclass(frozen=True)
class Member:
    id: uuid.UUID
    name: str
    gender: str | None
    age: int | None
    relation: str | None         # a HouseholdRole value
    tag_names: tuple[str, ...]   # the person's own tags
    status: str                  # a ResidentStatus value


@dataclass(frozen=True)
class HouseholdCard:
    id: uuid.UUID
    address: str
    grid_id: uuid.UUID | None
    grid_name: str
    tags: tuple[str, ...]
    tag_names: tuple[str, ...]
    notes: str
    members: tuple[Member, ...]  # who lives there now first, then who moved away or died
    open_requests: int


@dataclass(frozen=True)
class RequestLine:
    case_id: uuid.UUID
    case_no: str
    received_at: datetime
    category: str
    status: str                  # a CaseStatus value
    description: str


@dataclass(frozen=True)
class CareLine:
    """A visit or a duty dealt with, or a patrol-log entry about the household: what happened, when, by whom."""

    day: date
    what: str        # the duty's title, or 民情日记
    outcome: str     # a DutyOutcome value, or "" for a patrol entry
    note: str        # the note, the reason, or what was found
    by: str


@dataclass(frozen=True)
class ResidentProfile:
    resident: ResidentSummary
    household: HouseholdCard | None
    requests: tuple[RequestLine, ...]    # the latest RECENT_REQUESTS
    requests_total: int
    timebank_minutes: int
    points: int
    tags: tuple[tuple[str, str], ...]    # (name, colour) of the household's tags, then the person's own
    duties: tuple[DutyRow, ...]          # the visits and duties of the household and the person, soonest first
    care: tuple[CareLine, ...]           # the latest RECENT_CARE visits, duties done or not, patrol entries


class HouseholdService:
    """The register by place and a resident's page (REGISTER)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def buildings(self, actor: Actor) -> list[BuildingCard]:
        """Every building, listed or named by households, with households, residents and tags counted."""
        with self._db.reading() as session:
            require(session, actor, Permission.REGISTER)
            households: dict[str, int] = {b: n for b, n in session.execute(
                select(Household.building, func.count()).group_by(Household.building))}
            people: dict[str, int] = {b: n for b, n in session.execute(
                select(Household.building, func.count()).join(Resident, Resident.household_id == Household.id)
                .where(current_residents()).group_by(Household.building))}
            tags: dict[str, dict[str, int]] = defaultdict(dict)
            for building, tag, n in session.execute(
                    select(Household.building, HouseholdTagRow.tag, func.count())
                    .join(HouseholdTagRow, HouseholdTagRow.household_id == Household.id)
                    .group_by(Household.building, HouseholdTagRow.tag)):
                tags[building][tag] = n
            grids = {g.id: g.name for g in session.scalars(select(Grid))}
            cards = []
            listed = {b.number: b for b in session.scalars(select(Building).where(Building.active.is_(True)))}
            for number in sorted(set(listed) | set(households), key=number_order):
                b = listed.get(number)
                cards.append(BuildingCard(
                    number, b.units if b else 0, b.floors if b else 0, b.rooms_per_floor if b else 0,
                    grids.get(b.grid_id, "") if b and b.grid_id else "", households.get(number, 0),
                    people.get(number, 0), dict(tags.get(number, {})), b is not None))
            return cards

    def building(self, actor: Actor, number: str) -> BuildingPlan:
        """One building as its rooms: the shape from the building table, filled with who lives where."""
        with self._db.reading() as session:
            require(session, actor, Permission.REGISTER)
            b = session.scalar(select(Building).where(Building.number == number))
            rows = list(session.scalars(select(Household).where(Household.building == number)
                                        .options(selectinload(Household.tags))))
            if b is None and not rows:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such building."))
            ids = [h.id for h in rows]
            people = _count_by(session, select(Resident.household_id, func.count()).where(
                Resident.household_id.in_(ids), current_residents()).group_by(Resident.household_id)) if ids else {}
            open_cases = _count_by(session, select(Case.household_id, func.count()).where(
                Case.household_id.in_(ids), Case.status.in_(OPEN_STATUSES)).group_by(Case.household_id)) \
                if ids else {}
            order = list(tag_names.names_of(session))
            flats: dict[tuple[str, str], Flat] = {}
            if b is not None:  # the building's shape: every room, lived in or not
                for unit in range(1, b.units + 1):
                    for room in room_numbers(b.floors, b.rooms_per_floor):
                        flats[(str(unit), room)] = Flat(str(unit), room, _floor(room), None, 0, (), 0)
            for h in rows:
                codes = tuple(sorted((t.tag for t in h.tags), key=lambda c: order.index(c) if c in order else 99))
                flats[(h.unit, h.room)] = Flat(h.unit, h.room, _floor(h.room), h.id, people.get(h.id, 0), codes,
                                               open_cases.get(h.id, 0))
            units = sorted({f.unit for f in flats.values()}, key=number_order)
            floors = max([f.floor for f in flats.values()] + [b.floors if b else 0])
            grid = session.get(Grid, b.grid_id) if b is not None and b.grid_id else None
            ordered = sorted(flats.values(), key=lambda f: (number_order(f.unit), -f.floor, number_order(f.room)))
            return BuildingPlan(number, tuple(units), floors, tuple(ordered), grid.name if grid else "")

    def household(self, actor: Actor, household_id: uuid.UUID) -> HouseholdCard:
        with self._db.reading() as session:
            require(session, actor, Permission.REGISTER)
            h = session.get(Household, household_id)
            if h is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such household."))
            return _card(session, h, local(self._db.clock.now()).date())

    def profile(self, actor: Actor, resident_id: uuid.UUID) -> ResidentProfile:
        """Everything about one person: household and relations, tags, requests, time bank and points."""
        with self._db.reading() as session:
            require(session, actor, Permission.REGISTER)
            r = session.get(Resident, resident_id)
            if r is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            today = local(self._db.clock.now()).date()
            open_cases = session.scalar(select(func.count()).select_from(Case).where(
                Case.resident_id == r.id, Case.status.in_(OPEN_STATUSES))) or 0
            total = session.scalar(select(func.count()).select_from(Case).where(Case.resident_id == r.id)) or 0
            cases = session.execute(
                select(Case.id, Case.case_no, Case.created_at, Category.name, Case.status, Case.description)
                .join(Category, Category.id == Case.category_id).where(Case.resident_id == r.id)
                .order_by(Case.created_at.desc(), Case.case_no.desc()).limit(RECENT_REQUESTS))
            requests = tuple(RequestLine(i, no, at, cat, str(status.value), desc)
                             for i, no, at, cat, status, desc in cases)
            minutes = ledger.holders(session, Unit.MINUTES, [r.id]).get(r.id, 0)
            points = ledger.holders(session, Unit.POINTS, [r.id]).get(r.id, 0)
            card = _card(session, r.household, today) if r.household is not None else None
            colours = {t.code: (t.name, t.colour) for t in tag_names.all_tags(session)}
            carried = [t.tag for t in r.household.tags] if r.household is not None else []
            carried += [t.tag for t in r.person_tags]
            tags = tuple(colours[c] for c in colours if c in carried)
            mine = or_(Duty.resident_id == r.id, Duty.household_id == r.household_id) \
                if r.household_id is not None else Duty.resident_id == r.id
            duties = tuple(sorted(to_rows(session, duty_rows_query(mine)), key=lambda d: (d.next_due, d.title)))
            return ResidentProfile(summarize_resident(r, today, open_cases), card, requests, total, minutes, points,
                                   tags, duties, _care(session, r, mine))


def _care(session: Session, r: Resident, mine: ColumnElement[bool]) -> tuple[CareLine, ...]:
    """The latest records of the person's and the household's duties, and the patrol entries about the household."""
    lines = [CareLine(done_on, title, str(outcome.value), note or "", by or "") for done_on, title, outcome, note, by
             in session.execute(select(DutyRecord.done_on, Duty.title, DutyRecord.outcome, DutyRecord.note,
                                       Staff.display_name)
                                .join(Duty, Duty.id == DutyRecord.duty_id)
                                .outerjoin(Staff, Staff.id == DutyRecord.by_id)
                                .where(mine).order_by(DutyRecord.done_on.desc()).limit(RECENT_CARE))]
    if r.household_id is not None:
        lines += [CareLine(local(at).date(), "民情日记", "", found or seen or "", by or "") for at, found, seen, by
                  in session.execute(select(PatrolEntry.at, PatrolEntry.found, PatrolEntry.seen, Staff.display_name)
                                     .outerjoin(Staff, Staff.id == PatrolEntry.by_id)
                                     .where(PatrolEntry.household_id == r.household_id)
                                     .order_by(PatrolEntry.at.desc()).limit(RECENT_CARE))]
    return tuple(sorted(lines, key=lambda line: line.day, reverse=True)[:RECENT_CARE])


def _card(session: Session, h: Household, today: date) -> HouseholdCard:
    names = tag_names.names_of(session)
    residents = list(session.scalars(select(Resident).where(Resident.household_id == h.id)))
    open_cases = session.scalar(select(func.count()).select_from(Case).where(
        Case.household_id == h.id, Case.status.in_(OPEN_STATUSES))) or 0
    members = [Member(r.id, r.name, r.gender.value if r.gender else None, age_on(r.birth_date, today),
                      r.relation.value if r.relation else None,
                      tuple(n for c, n in names.items() if c in {t.tag for t in r.person_tags}),
                      r.status.value if r.status else "active")
               for r in residents if r.merged_into_id is None]
    members.sort(key=lambda m: (m.status in {s.value for s in DEPARTED}, _relation_order(m.relation),
                                -(m.age or 0), m.name))
    codes = {t.tag for t in h.tags}
    ordered = tuple(c for c in names if c in codes) + tuple(sorted(codes - set(names)))
    return HouseholdCard(h.id, h.address, h.grid_id, h.grid.name if h.grid else "", ordered,
                         tuple(names.get(c, c) for c in ordered), h.notes or "", tuple(members), open_cases)


def _relation_order(value: str | None) -> int:
    order = ("head", "spouse", "parent", "child", "grandparent", "grandchild", "sibling", "other", "tenant")
    return order.index(value) if value in order else len(order)


def _count_by(session: Session, query: object) -> dict[uuid.UUID, int]:
    return {k: int(n) for k, n in session.execute(query)}  # type: ignore[call-overload]


def _floor(room: str) -> int:
    return int(room) // 100 if room.isdigit() and len(room) >= 3 else 0


def number_order(text: str) -> tuple[int, str]:
    """Numbers in their order (2 before 10), words after them: buildings, units and rooms as a person sorts them."""
    return (int(text), "") if text.isdigit() else (10**6, text)
