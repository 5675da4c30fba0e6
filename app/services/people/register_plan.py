"""What importing a register file would do to each row, decided against the register as it is.

``Known`` is the register loaded in a handful of queries (residents, flats, their tags, grids, buildings), so
planning 10,000 rows asks the database nothing more. ``Planner.plan`` gives each row its outcome: added, updated
(with what changes), unchanged, or refused (with every reason, naming the field); ``Action`` is what committing a
good row writes.

A new resident needs a whole address (building, unit and room), as on the desk's form: without one, nothing
would tell them apart when the same file is imported again. Matching: an ID number finds the resident holding it;
without one, the same name and phone (or, without a phone, the same name in the same flat) finds a resident still
living here. A resident moved away, deceased or merged is
never updated by an import: a row with their ID number is refused, so nobody is brought back by a spreadsheet.
Empty cells leave what is registered as it is; household types are added to the household, never removed.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import Gender, ResidentStatus, TagKind
from app.models import Building, Grid, Household, HouseholdTagRow, Resident
from app.services.core import labels
from app.services.core.errors import QT_TRANSLATE_NOOP
from app.services.core.validation import fold_width
from app.services.documents.disclosure import on_screen_id_number
from app.services.people.register_io import RegisterField
from app.services.people.register_rows import ZH_GENDER, Clean, Problem, problem
from app.services.people.tag_names import all_tags, tag_text

F = RegisterField
Flat = tuple[str, str, str]  # building, unit, room


class Outcome(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass(frozen=True)
class Change:
    """One field of a registered resident (or of their household) that the row changes, as Chinese text."""

    field: str  # a RegisterField value
    old: str
    new: str


@dataclass(frozen=True)
class RowResult:
    row: int            # the row's number in the spreadsheet
    name: str
    outcome: Outcome
    problems: tuple[Problem, ...] = ()
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    name: str
    gender: str
    birth_date: date | None
    phone: str
    id_number: str
    household_id: uuid.UUID | None
    notes: str
    status: ResidentStatus


@dataclass
class FlatInfo:
    id: uuid.UUID | None  # None: made by this import
    grid_id: uuid.UUID | None
    tags: set[str]  # codes of household tags


@dataclass
class Action:
    """What committing one good row writes."""

    row: int
    clean: Clean
    resident_id: uuid.UUID | None           # None: a new resident
    flat: Flat | None                       # where they live after the import (None: no household)
    resident_fields: dict[str, Any] = field(default_factory=dict)  # Resident attribute -> new value


@dataclass
class Known:
    """The register, loaded once."""

    people: dict[uuid.UUID, Person]
    by_id_number: dict[str, uuid.UUID]
    by_name_phone: dict[tuple[str, str], list[uuid.UUID]]
    by_name_flat: dict[tuple[str, uuid.UUID], list[uuid.UUID]]
    flats: dict[Flat, FlatInfo]
    flat_of: dict[uuid.UUID, Flat]
    buildings: dict[str, uuid.UUID | None]       # the building table (active rows); empty: not kept
    grid_of_building: dict[str, uuid.UUID]       # a grid already covering each building's flats
    grids: dict[str, uuid.UUID]                  # by code and by name (active grids)
    grid_names: dict[uuid.UUID, str]
    tag_names: dict[str, str]                    # code -> name of household tags, in the set order
    tag_words: dict[str, str]                    # what a spreadsheet may write (a name, a code) -> code

    @classmethod
    def load(cls, session: Session) -> Known:
        people: dict[uuid.UUID, Person] = {}
        by_id: dict[str, uuid.UUID] = {}
        by_name_phone: dict[tuple[str, str], list[uuid.UUID]] = defaultdict(list)
        by_name_flat: dict[tuple[str, uuid.UUID], list[uuid.UUID]] = defaultdict(list)
        for row in session.execute(select(
                Resident.id, Resident.name, Resident.gender, Resident.birth_date, Resident.phone, Resident.id_number,
                Resident.household_id, Resident.notes, Resident.status)):
            p = Person(row[0], row[1], row[2].value if row[2] else "", row[3], row[4], row[5], row[6], row[7], row[8])
            people[p.id] = p
            if p.id_number:
                if p.id_number not in by_id or p.status is ResidentStatus.ACTIVE:
                    by_id[p.id_number] = p.id
            if p.status is ResidentStatus.ACTIVE:
                if p.phone:
                    by_name_phone[(p.name, p.phone)].append(p.id)
                if p.household_id:
                    by_name_flat[(p.name, p.household_id)].append(p.id)
        tags: dict[uuid.UUID, set[str]] = defaultdict(set)
        for household_id, tag in session.execute(select(HouseholdTagRow.household_id, HouseholdTagRow.tag)):
            tags[household_id].add(tag)
        flats: dict[Flat, FlatInfo] = {}
        flat_of: dict[uuid.UUID, Flat] = {}
        grid_of_building: dict[str, uuid.UUID] = {}
        for hid, building, unit, room, grid_id in session.execute(select(
                Household.id, Household.building, Household.unit, Household.room, Household.grid_id)):
            flats[(building, unit, room)] = FlatInfo(hid, grid_id, tags.get(hid, set()))
            flat_of[hid] = (building, unit, room)
            if grid_id is not None:
                grid_of_building.setdefault(building, grid_id)
        grids: dict[str, uuid.UUID] = {}
        grid_names: dict[uuid.UUID, str] = {}
        for gid, code, name, active in session.execute(select(Grid.id, Grid.code, Grid.name, Grid.active)):
            grid_names[gid] = name
            if active:
                grids[code], grids[name] = gid, gid
        buildings = {number: gid for number, gid in session.execute(
            select(Building.number, Building.grid_id).where(Building.active.is_(True)))}
        household_tags = [t for t in all_tags(session) if t.kind == TagKind.HOUSEHOLD]
        words = {t.name: t.code for t in household_tags if t.active} | {t.code: t.code for t in household_tags
                                                                         if t.active}
        return cls(people, by_id, dict(by_name_phone), dict(by_name_flat), flats, flat_of, buildings,
                   grid_of_building, grids, grid_names, {t.code: t.name for t in household_tags}, words)


def flat_text(flat: Flat | None) -> str:
    if flat is None:
        return ""
    building, unit, room = flat
    return f"{building}号楼" + (f"{unit}单元" if unit else "") + (f"{room}室" if room else "")


def tags_text(names: dict[str, str], tags: set[str]) -> str:
    return tag_text(names, tags)


class Planner:
    """Plans the rows of one file in order (a duplicate is the second of two rows, naming the first)."""

    def __init__(self, known: Known, address_field: F) -> None:
        self.known = known
        self.address_field = address_field
        self.new_flats: dict[Flat, FlatInfo] = {}
        self.new_grid_of_building: dict[str, uuid.UUID] = {}  # the first grid a new flat of each building got
        self.grid_claims: dict[Flat, tuple[uuid.UUID, int]] = {}
        self.seen_ids: dict[str, int] = {}
        self.seen_people: dict[tuple[str, str], int] = {}
        self.seen_residents: dict[uuid.UUID, int] = {}
        # What the commit changes on registered households: their new grid, the types they gain.
        self.flat_grids: dict[Flat, uuid.UUID] = {}
        self.flat_tags: dict[Flat, set[str]] = defaultdict(set)

    def refuse(self, row: int, name: str, problems: list[Problem]) -> tuple[RowResult, None]:
        return RowResult(row, name, Outcome.REFUSED, tuple(problems)), None

    def plan(self, row: int, clean: Clean) -> tuple[RowResult, Action | None]:
        problems: list[Problem] = []
        grid_id = self._grid(clean, problems)
        if clean.address is not None and self.known.buildings and clean.address[0] not in self.known.buildings:
            problems.append(problem(self.address_field, QT_TRANSLATE_NOOP(
                "errors", "Building {building} is not in this community's list of buildings."),
                building=clean.address[0]))
        self._duplicate_in_file(row, clean, problems)
        person = self._match(clean, problems)
        if person is not None:
            first = self.seen_residents.setdefault(person.id, row)
            if first != row:
                problems.append(problem("", QT_TRANSLATE_NOOP(
                    "errors", "Row {row} of this file is the same person."), row=first))
        if person is None and not (clean.address and all(clean.address)):
            problems.append(problem(self.address_field, QT_TRANSLATE_NOOP(
                "errors", "A new resident needs the building, unit and room (as on the desk's form).")))
        flat = clean.address or (self.known.flat_of.get(person.household_id) if person and person.household_id
                                 else None)
        if clean.tags and flat is None:
            problems.append(problem(F.TAGS, QT_TRANSLATE_NOOP(
                "errors", "A household type needs the household's address.")))
        if grid_id is not None and flat is None:
            problems.append(problem(F.GRID, QT_TRANSLATE_NOOP("errors", "A grid needs the household's address.")))
        changes: list[Change] = []
        if not problems and flat is not None:
            changes += self._flat_changes(row, flat, grid_id, clean.tags, problems)
        if problems:
            return self.refuse(row, clean.name, problems)
        action = Action(row, clean, person.id if person else None, flat)
        if person is None:
            return RowResult(row, clean.name, Outcome.ADDED, changes=tuple(changes)), action
        changes = self._resident_changes(person, clean, flat, action) + changes
        outcome = Outcome.UPDATED if changes else Outcome.UNCHANGED
        return RowResult(row, clean.name, outcome, changes=tuple(changes)), action

    def _grid(self, clean: Clean, problems: list[Problem]) -> uuid.UUID | None:
        if not clean.grid:
            return None
        found = self.known.grids.get(clean.grid) or self.known.grids.get(fold_width(clean.grid).upper())
        if found is None:
            problems.append(problem(F.GRID, QT_TRANSLATE_NOOP(
                "errors", "No grid is called {name} (give its name or code)."), name=clean.grid))
        return found

    def _duplicate_in_file(self, row: int, clean: Clean, problems: list[Problem]) -> None:
        if clean.id_number:
            first = self.seen_ids.setdefault(clean.id_number, row)
            if first != row:
                problems.append(problem(F.ID_NUMBER, QT_TRANSLATE_NOOP(
                    "errors", "The same ID number is already on row {row} of this file."), row=first))
        elif clean.phone:
            first = self.seen_people.setdefault((clean.name, clean.phone), row)
            if first != row:
                problems.append(problem("", QT_TRANSLATE_NOOP(
                    "errors", "Row {row} of this file is the same person."), row=first))

    def _match(self, clean: Clean, problems: list[Problem]) -> Person | None:
        known = self.known
        if clean.id_number and clean.id_number in known.by_id_number:
            person = known.people[known.by_id_number[clean.id_number]]
            if person.status is not ResidentStatus.ACTIVE:
                problems.append(problem(F.ID_NUMBER, QT_TRANSLATE_NOOP(
                    "errors", "This ID number belongs to {name}, recorded as {status}: an import does not bring "
                    "them back. Change their status on the residents page first."),
                    name=person.name, status=labels.zh(person.status)))
                return None
            if person.name != clean.name:
                problems.append(problem(F.ID_NUMBER, QT_TRANSLATE_NOOP(
                    "errors", "This ID number is already registered for {name}."), name=person.name))
                return None
            return person
        if clean.phone:
            candidates = known.by_name_phone.get((clean.name, clean.phone), [])
        elif clean.address is not None and (flat := known.flats.get(clean.address)) and flat.id is not None:
            candidates = known.by_name_flat.get((clean.name, flat.id), [])
        else:
            candidates = []
        if clean.id_number:
            candidates = [c for c in candidates if not known.people[c].id_number]
            if not candidates and clean.phone and known.by_name_phone.get((clean.name, clean.phone)):
                problems.append(problem(F.ID_NUMBER, QT_TRANSLATE_NOOP(
                    "errors", "{name} with this phone is registered with another ID number."), name=clean.name))
                return None
        if len(candidates) > 1:
            problems.append(problem(F.NAME, QT_TRANSLATE_NOOP(
                "errors", "{n} registered residents have this name and phone: give the ID number to tell them "
                "apart."), n=len(candidates)))
            return None
        return known.people[candidates[0]] if candidates else None

    def _flat_changes(self, row: int, flat: Flat, grid_id: uuid.UUID | None, tags: tuple[str, ...],
                      problems: list[Problem]) -> list[Change]:
        """The household's grid and types: claimed by this row, planned for the commit (once per household)."""
        info = self.known.flats.get(flat) or self.new_flats.get(flat)
        if info is None:
            info = FlatInfo(None, self._default_grid(flat[0]), set())
            self.new_flats[flat] = info
            if info.grid_id is not None:
                self.new_grid_of_building.setdefault(flat[0], info.grid_id)
        changes: list[Change] = []
        if grid_id is not None:
            claimed = self.grid_claims.setdefault(flat, (grid_id, row))
            if claimed[0] != grid_id:
                problems.append(problem(F.GRID, QT_TRANSLATE_NOOP(
                    "errors", "Row {row} of this file puts this household in another grid."), row=claimed[1]))
                return []
            if info.grid_id != grid_id:
                if info.id is not None:
                    changes.append(Change(F.GRID.value, self.known.grid_names.get(info.grid_id, "")
                                          if info.grid_id else "", self.known.grid_names.get(grid_id, "")))
                    self.flat_grids[flat] = grid_id
                else:
                    self.new_grid_of_building.setdefault(flat[0], grid_id)
                info.grid_id = grid_id
        added = [t for t in tags if t not in info.tags]
        if added:
            if info.id is not None:
                changes.append(Change(F.TAGS.value, tags_text(self.known.tag_names, info.tags),
                                      tags_text(self.known.tag_names, info.tags | set(added))))
                self.flat_tags[flat].update(added)
            info.tags.update(added)
        return changes

    def _default_grid(self, building: str) -> uuid.UUID | None:
        """A new flat's grid: its building's in the building table, else the grid covering its building's flats."""
        return (self.known.buildings.get(building) or self.known.grid_of_building.get(building)
                or self.new_grid_of_building.get(building))

    def _resident_changes(self, person: Person, clean: Clean, flat: Flat | None, action: Action) -> list[Change]:
        changes: list[Change] = []
        fields = action.resident_fields

        def differs(key: F, attribute: str, old: Any, new: Any, shown_old: str, shown_new: str) -> None:
            if new and new != old:
                changes.append(Change(key.value, shown_old, shown_new))
                fields[attribute] = new

        differs(F.GENDER, "gender", person.gender, clean.gender, ZH_GENDER.get(person.gender, ""),
                ZH_GENDER.get(clean.gender, ""))
        differs(F.BIRTH_DATE, "birth_date", person.birth_date, clean.birth_date,
                person.birth_date.isoformat() if person.birth_date else "",
                clean.birth_date.isoformat() if clean.birth_date else "")
        if not person.id_number:
            differs(F.ID_NUMBER, "id_number", "", clean.id_number, "", on_screen_id_number(clean.id_number))
        differs(F.PHONE, "phone", person.phone, clean.phone, person.phone, clean.phone)
        current = self.known.flat_of.get(person.household_id) if person.household_id else None
        if clean.address is not None and flat != current:
            changes.append(Change(F.ADDRESS.value, flat_text(current), flat_text(flat)))
            fields["household"] = flat
        differs(F.NOTES, "notes", person.notes, clean.notes, person.notes, clean.notes)
        return changes


def gender_of(code: str) -> Gender | None:
    return Gender(code) if code else None
