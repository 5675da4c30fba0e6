"""Buildings (楼栋), their units and rooms, and the grid each belongs to.

A building is added with its shape in one go: 8 units x 6 floors x 2 rooms per floor makes the 96 households
1-101 ... 8-602, all in the building's grid. The shape only grows: households are never removed, since residents
and requests refer to them. Moving a building to another grid moves its households with it; requests already logged
keep the grid they were logged in.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Building, Case, CaseReporter, Grid, Household, Resident
from app.services.community.reference import check_whole, existing, refuse_delete_in_use
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, ValidationError
from app.services.core.validation import check_length, fold_width

BUILDING_NUMBER_RE = re.compile(r"^[1-9]\d{0,2}$", re.ASCII)  # what the address look-up reads: 3-2-301, 3号楼
MAX_UNITS, MAX_FLOORS, MAX_ROOMS_PER_FLOOR = 20, 60, 20

GONE = QT_TRANSLATE_NOOP("errors", "This building no longer exists.")  # another desk deleted it meanwhile


@dataclass(frozen=True)
class BuildingInput:
    number: str
    grid_id: uuid.UUID | None
    units: int = 1
    floors: int = 6
    rooms_per_floor: int = 2
    note: str = ""


@dataclass(frozen=True)
class BuildingInfo:
    id: uuid.UUID
    number: str
    grid_id: uuid.UUID | None
    grid_name: str
    units: int
    floors: int
    rooms_per_floor: int
    note: str
    active: bool
    households: int
    residents: int


@dataclass(frozen=True)
class UnlistedBuilding:
    """A building number households carry (typed at intake, from an older version) with no building row yet."""

    number: str
    households: int


def room_numbers(floors: int, rooms_per_floor: int) -> list[str]:
    """101, 102, 201, ...: the floor, then the room on it in two digits."""
    return [f"{floor}{room:02d}" for floor in range(1, floors + 1) for room in range(1, rooms_per_floor + 1)]


class BuildingService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self, actor: Actor) -> list[BuildingInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            buildings = list(session.scalars(select(Building)))
            buildings.sort(key=lambda b: (not b.active, int(b.number)))
            return _infos(session, buildings)

    def unlisted(self, actor: Actor) -> list[UnlistedBuilding]:
        """Building numbers households have that the building list does not: to be registered."""
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            listed = set(session.scalars(select(Building.number)))
            rows = session.execute(select(Household.building, func.count()).group_by(Household.building))
            found = [UnlistedBuilding(number, n) for number, n in rows if number not in listed]
            return sorted(found, key=lambda b: (len(b.number), b.number))

    def register_unlisted(self, actor: Actor) -> list[BuildingInfo]:
        """List every building households already have, its shape read from their addresses and its grid the one
        most of its households are in."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            listed = set(session.scalars(select(Building.number)))
            by_number: dict[str, list[Household]] = {}
            for household in session.scalars(select(Household).where(Household.building.not_in(listed))):
                by_number.setdefault(household.building, []).append(household)
            made = []
            for number, households in sorted(by_number.items()):
                units = max((int(h.unit) for h in households if h.unit.isdigit()), default=1)
                rooms = [int(h.room) for h in households if h.room.isdigit() and int(h.room) >= 100]
                floors = max((r // 100 for r in rooms), default=1)
                per_floor = max((r % 100 for r in rooms), default=1)
                grids = Counter(h.grid_id for h in households if h.grid_id is not None)
                building = Building(number=number, grid_id=grids.most_common(1)[0][0] if grids else None,
                                    units=min(max(units, 1), MAX_UNITS), floors=min(max(floors, 1), MAX_FLOORS),
                                    rooms_per_floor=min(max(per_floor, 1), MAX_ROOMS_PER_FLOOR), note="", active=True)
                session.add(building)
                made.append(building)
            session.flush()
            return _infos(session, made)

    def create(self, actor: Actor, data: BuildingInput) -> BuildingInfo:
        """A building with every household of its shape (those already known are kept as they are)."""
        number, note = self._check(data)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            if session.scalar(select(Building.id).where(Building.number == number)) is not None:
                raise ValidationError.single("number", QT_TRANSLATE_NOOP(
                    "errors", "Building {number} is already in the list."), number=number)
            _check_grid(session, data.grid_id)
            building = Building(number=number, grid_id=data.grid_id, units=data.units, floors=data.floors,
                                rooms_per_floor=data.rooms_per_floor, note=note, active=True)
            session.add(building)
            _fill(session, building)
            session.flush()
            return _infos(session, [building])[0]

    def update(self, actor: Actor, building_id: uuid.UUID, data: BuildingInput) -> BuildingInfo:
        """Another grid (its households follow), a larger shape (the new households are added) or a note."""
        number, note = self._check(data)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            building = existing(session, Building, building_id, GONE)
            errors = FieldErrors()
            if number != building.number:  # said, not silently ignored: every address of the building carries it
                errors.add("number", QT_TRANSLATE_NOOP(
                    "errors", "A building keeps its number (now {old}): its households' addresses carry it. "
                              "Add the building under the right number instead."), old=building.number)
            for field_name, new, old in (("units", data.units, building.units), ("floors", data.floors,
                                                                                  building.floors),
                                         ("rooms_per_floor", data.rooms_per_floor, building.rooms_per_floor)):
                if new < old:
                    errors.add(field_name, QT_TRANSLATE_NOOP(
                        "errors", "Can only grow (now {old}): households are never removed."), old=old)
            errors.raise_if_any()
            if data.grid_id != building.grid_id:
                _check_grid(session, data.grid_id)
                # Row by row through the unit of work (a building has at most a few hundred flats): each change is
                # in the audit trail, which verify replays against the table.
                for household in session.scalars(select(Household).where(Household.building == building.number)):
                    household.grid_id = data.grid_id
            building.grid_id, building.note = data.grid_id, note
            building.units, building.floors, building.rooms_per_floor = data.units, data.floors, data.rooms_per_floor
            _fill(session, building)
            session.flush()
            return _infos(session, [building])[0]

    def set_active(self, actor: Actor, building_id: uuid.UUID, active: bool) -> BuildingInfo:
        """Retire a building that was pulled down or handed over (its households and their history stay)."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            building = existing(session, Building, building_id, GONE)
            building.active = active
            session.flush()
            return _infos(session, [building])[0]

    def delete(self, actor: Actor, building_id: uuid.UUID) -> None:
        """Delete a building typed by mistake with its empty households; one people or requests refer to is
        refused, saying where it is used."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            building = existing(session, Building, building_id, GONE)
            households = select(Household.id).where(Household.building == building.number)
            residents = session.scalar(select(func.count()).select_from(Resident)
                                       .where(Resident.household_id.in_(households))) or 0
            cases = session.scalar(select(func.count()).select_from(Case)
                                   .where(Case.household_id.in_(households))) or 0
            cases += session.scalar(select(func.count()).select_from(CaseReporter)
                                    .where(CaseReporter.household_id.in_(households))) or 0
            refuse_delete_in_use(QT_TRANSLATE_NOOP(
                "errors", "Building {number} has {residents} residents and {cases} requests on record: it cannot be "
                          "deleted. Retire it instead."), number=building.number, residents=residents, cases=cases)
            for household in session.scalars(select(Household).where(Household.building == building.number)):
                session.delete(household)
            session.delete(building)

    @staticmethod
    def _check(data: BuildingInput) -> tuple[str, str]:
        errors = FieldErrors()
        number = fold_width(data.number).removesuffix("号楼").removesuffix("栋").strip()
        if not BUILDING_NUMBER_RE.match(number):
            errors.add("number", QT_TRANSLATE_NOOP("errors", "A building number is 1 to 999, e.g. 3 for 3号楼."))
        check_whole(errors, "units", data.units, 1, MAX_UNITS)
        check_whole(errors, "floors", data.floors, 1, MAX_FLOORS)
        check_whole(errors, "rooms_per_floor", data.rooms_per_floor, 1, MAX_ROOMS_PER_FLOOR)
        note = check_length(errors, "note", data.note, 60, required=False)
        errors.raise_if_any()
        return number, note


def _fill(session: Session, building: Building) -> None:
    """Every household of the building's shape, in its grid; the ones already there keep their rows."""
    existing = set(session.execute(select(Household.unit, Household.room).where(Household.building == building.number)))
    rooms = room_numbers(building.floors, building.rooms_per_floor)
    for unit in range(1, building.units + 1):
        for room in rooms:
            if (str(unit), room) not in existing:
                session.add(Household(building=building.number, unit=str(unit), room=room, grid_id=building.grid_id))
    if building.grid_id is not None:
        for household in session.scalars(select(Household).where(Household.building == building.number,
                                                                 Household.grid_id.is_(None))):
            household.grid_id = building.grid_id


def _check_grid(session: Session, grid_id: uuid.UUID | None) -> None:
    if grid_id is None:
        return
    grid = session.get(Grid, grid_id)
    if grid is None or not grid.active:
        raise ValidationError.single("grid", QT_TRANSLATE_NOOP("errors", "Choose a grid that is in use."))


def _infos(session: Session, buildings: list[Building]) -> list[BuildingInfo]:
    numbers = [b.number for b in buildings]
    households: dict[str, int] = {number: n for number, n in session.execute(
        select(Household.building, func.count()).where(Household.building.in_(numbers)).group_by(Household.building))}
    residents: dict[str, int] = {number: n for number, n in session.execute(
        select(Household.building, func.count()).join(Resident, Resident.household_id == Household.id)
        .where(Household.building.in_(numbers)).group_by(Household.building))}
    grids: dict[uuid.UUID, str] = {grid_id: name for grid_id, name in session.execute(select(Grid.id, Grid.name))}
    return [BuildingInfo(b.id, b.number, b.grid_id, grids.get(b.grid_id, "") if b.grid_id else "", b.units, b.floors,
                         b.rooms_per_floor, b.note, b.active, households.get(b.number, 0), residents.get(b.number, 0))
            for b in buildings]
