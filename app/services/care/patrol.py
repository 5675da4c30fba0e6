"""The grid worker's patrol log (民情日记): each visit or walk, when, where, who was seen and what was found.

A problem found becomes a request in one step (``to_request``): through the intake's own path (numbering, the
escalation ladder's limits, the timeline), with the channel 民情专员 (``Channel.COLLECTOR``), in the same transaction
that links it to the entry. An entry made for a visit a tag promises records that visit done (``DutyRecord.patrol_id``).

Where: a household's address (3-2-301, 3号楼2单元301室), a building (3, 3号楼) or words (东门小广场). A grid worker
writes in their own grid by default; the grid of a household or a building is its own.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import Channel, DutyKind, DutyOutcome, Scope
from app.models import Building, Case, Duty, DutyRecord, Grid, Household, PatrolEntry, Resident, ResidentStatus, Staff
from app.services.care.duties import record
from app.services.care.places import building_words, check_reach, find_household, household_words, parse_address
from app.services.cases.intake import IntakeForm, IntakeService, SavedCase
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound
from app.services.core.validation import check_length, fold_width

FOUND_MAX = 2000
SEEN_MAX = 100
PLACE_MAX = 60
BACK_DAYS = 60  # an entry written up to two months after the walk (a notebook typed in later)
BUILDING_RE = re.compile(r"^\s*([0-9A-Za-z]+)\s*(?:号楼|栋)?\s*$")
GONE = QT_TRANSLATE_NOOP("errors", "This patrol log entry no longer exists.")


@dataclass(frozen=True)
class PatrolInput:
    place: str                          # 3-2-301, 3号楼, or words; ignored when visit_duty_id names the household
    found: str                          # what was found (一切正常 is an answer too)
    seen: str = ""                      # who was seen
    at: datetime | None = None          # aware; None: now
    grid_id: uuid.UUID | None = None    # for a place in words; default: the worker's own grid
    visit_duty_id: uuid.UUID | None = None  # a promised visit this entry records as done


@dataclass(frozen=True)
class PatrolRow:
    id: uuid.UUID
    at: datetime
    grid: str
    by: str
    place: str
    seen: str
    found: str
    case_id: uuid.UUID | None
    case_no: str
    household_id: uuid.UUID | None
    visit: str          # the promised visit it recorded done, "" for none


@dataclass(frozen=True)
class RequestFromEntry:
    """The request a patrol entry becomes: who it is for (a resident of the place, or chosen), its class."""

    resident_id: uuid.UUID | None
    category_id: uuid.UUID | None
    subcategory_id: uuid.UUID | None
    urgency: int = 3
    scope: str = Scope.HOUSEHOLD.value
    description: str = ""               # "" : the entry's place and what was found


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    name: str


class PatrolService:
    def __init__(self, db: Database, intake: IntakeService) -> None:
        self._db = db
        self._intake = intake

    def write(self, actor: Actor, data: PatrolInput) -> PatrolRow:
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.DUTIES)
            now: datetime = session.info["now"]
            errors = FieldErrors()
            found = check_length(errors, "found", data.found, FOUND_MAX)
            seen = check_length(errors, "seen", data.seen, SEEN_MAX, required=False)
            at = data.at or now
            if at.tzinfo is None:
                raise ValueError("at must be aware")
            if at > now + timedelta(minutes=5):
                errors.add("at", QT_TRANSLATE_NOOP("errors", "The time of the visit cannot be in the future."))
            elif at < now - timedelta(days=BACK_DAYS):
                errors.add("at", QT_TRANSLATE_NOOP("errors", "The visit is more than {n} days ago."), n=BACK_DAYS)
            duty = session.get(Duty, data.visit_duty_id) if data.visit_duty_id is not None else None
            if data.visit_duty_id is not None and (duty is None or not duty.active or duty.kind != DutyKind.VISIT):
                errors.add("visit", QT_TRANSLATE_NOOP("errors", "This visit is no longer due; choose it again."))
            household, building, place = _place(session, errors, data, duty)
            grid_id = household.grid_id if household else building.grid_id if building else data.grid_id
            if grid_id is None and household is None and building is None:
                grid_id = session.scalar(select(Grid.id).where(Grid.worker_id == staff.id, Grid.active.is_(True))
                                         .order_by(Grid.code))
            if grid_id is not None and session.get(Grid, grid_id) is None:
                errors.add("grid", QT_TRANSLATE_NOOP("errors", "This grid no longer exists."))
            errors.raise_if_any()
            if duty is not None:
                check_reach(session, staff, duty)  # before anything is written
            entry = PatrolEntry(at=at, grid_id=grid_id, by_id=staff.id, place=place[:PLACE_MAX],
                                building_id=building.id if building else None,
                                household_id=household.id if household else None, seen=seen, found=found)
            session.add(entry)
            session.flush()
            if duty is not None:
                record(session, staff.id, duty, DutyOutcome.DONE, duty.next_due, local(at).date(),
                       found[:500], patrol_id=entry.id)
            return _rows(session, PatrolEntry.id == entry.id)[0]

    def entries(self, actor: Actor, start: date, end: date, grid_id: uuid.UUID | None = None,
                by_id: uuid.UUID | None = None, limit: int = 500) -> list[PatrolRow]:
        """The log from ``start`` to ``end`` (days at the desk, both included), newest first."""
        with self._db.reading() as session:
            require(session, actor, Permission.DUTIES)
            since = datetime.combine(start, time(0), LOCAL_TZ)
            until = datetime.combine(end + timedelta(days=1), time(0), LOCAL_TZ)
            where = [PatrolEntry.at >= since, PatrolEntry.at < until]
            if grid_id is not None:
                where.append(PatrolEntry.grid_id == grid_id)
            if by_id is not None:
                where.append(PatrolEntry.by_id == by_id)
            return _rows(session, *where, limit=limit)

    def people(self, actor: Actor, entry_id: uuid.UUID) -> list[Person]:
        """The residents living at the entry's household (who the request may be for), head first."""
        with self._db.reading() as session:
            require(session, actor, Permission.DUTIES)
            entry = session.get(PatrolEntry, entry_id)
            if entry is None:
                raise NotFound(GONE)
            if entry.household_id is None:
                return []
            rows = session.execute(select(Resident.id, Resident.name, Resident.relation).where(
                Resident.household_id == entry.household_id, Resident.status == ResidentStatus.ACTIVE))
            people = sorted(rows, key=lambda r: (r[2] != "head", r[1]))
            return [Person(i, n) for i, n, _ in people if n]

    def to_request(self, actor: Actor, entry_id: uuid.UUID, data: RequestFromEntry) -> SavedCase:
        """Make the problem found on this entry a request (民情专员 channel) and link it to the entry."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.DUTIES)
            entry = session.get(PatrolEntry, entry_id, with_for_update=True)
            if entry is None:
                raise NotFound(GONE)
            if entry.case_id is not None:
                case_no = session.scalar(select(Case.case_no).where(Case.id == entry.case_id))
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "This entry already became request {no}."), no=case_no or "")
            description = data.description.strip() or f"网格巡查（{entry.place}）：{entry.found}"
            form = IntakeForm(channel=Channel.COLLECTOR.value, resident_id=data.resident_id,
                              category_id=data.category_id, subcategory_id=data.subcategory_id,
                              description=description, urgency=data.urgency, scope=data.scope)
            saved = self._intake.save_new(session, staff, form)
            entry.case_id = saved.case_id
            session.flush()
            return saved


def _place(session: Session, errors: FieldErrors, data: PatrolInput,
           duty: Duty | None) -> tuple[Household | None, Building | None, str]:
    """The household, building or words the entry is about."""
    if duty is not None:
        household = session.get(Household, duty.household_id) if duty.household_id else None
        if household is None and duty.resident_id is not None:
            resident = session.get(Resident, duty.resident_id)
            household = resident.household if resident is not None else None
        if household is not None:
            return household, None, household.address
    text = fold_width(data.place).strip()
    if not text:
        errors.add("place", QT_TRANSLATE_NOOP(
            "errors", "Please say where: an address such as 3-2-301, a building such as 3号楼, or the place."))
        return None, None, ""
    if len(text) > PLACE_MAX:
        errors.add("place", QT_TRANSLATE_NOOP("errors", "At most {n} characters; now {len}."), n=PLACE_MAX,
                   len=len(text))
        return None, None, text
    address = parse_address(text)
    if address is not None:
        household = find_household(session, address)
        if household is None:
            b, u, r = address
            errors.add("place", QT_TRANSLATE_NOOP(
                "errors", "No household is registered at {address}."), address=household_words(b, u, r))
            return None, None, text
        return household, None, household.address
    number = BUILDING_RE.match(text)
    if number is not None:
        building = session.scalar(select(Building).where(Building.number == number.group(1)))
        if building is not None:
            return None, building, building_words(building.number)
    return None, None, text


def _rows(session: Session, *where: object, limit: int = 500) -> list[PatrolRow]:
    query = (select(PatrolEntry, Grid.name, Staff.display_name, Case.case_no)
             .outerjoin(Grid, Grid.id == PatrolEntry.grid_id).join(Staff, Staff.id == PatrolEntry.by_id)
             .outerjoin(Case, Case.id == PatrolEntry.case_id)
             .where(*where).order_by(PatrolEntry.at.desc(), PatrolEntry.id.desc()).limit(limit))  # type: ignore[arg-type]
    found = session.execute(query).all()
    visits = dict(session.execute(
        select(DutyRecord.patrol_id, Duty.title).join(Duty, Duty.id == DutyRecord.duty_id)
        .where(DutyRecord.patrol_id.in_([e.id for e, *_ in found]))).all())
    return [PatrolRow(e.id, e.at, grid or "", by, e.place, e.seen or "", e.found or "", e.case_id, case_no or "",
                      e.household_id, visits.get(e.id, "")) for e, grid, by, case_no in found]
