"""Correcting the register: edit a resident or a household, mark who moved away or died, merge duplicate records.

Nothing is deleted and nothing of the history is rewritten. An edit changes the resident's row (the audit trail
keeps the old values); a move to another flat changes only where they live now, their requests and accounts stay
theirs. A merge (merge.py) moves requests by events on their timelines and balances by ledger entries.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Case, Gender, Grid, Household, HouseholdRole, Resident, ResidentStatus, TagKind
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound, ValidationError
from app.services.people import merge as merging
from app.services.people import tags as tagging
from app.services.people.merge import MergePreview, MergeResult
from app.services.people.residents import (
    DEPARTED,
    OPEN_STATUSES,
    NewResident,
    ResidentService,
    ResidentSummary,
    check_id_free,
    check_resident,
    is_erased,
    set_lookup_keys,
    summarize,
)

NOTES_MAX = 500  # a resident's or a household's notes


@dataclass(frozen=True)
class ResidentChanges:
    """An edit of a resident: each field None is left as it is.

    ``building``/``unit``/``room`` go together (the flat they live in now; a new one is opened in the grid of its
    building); ``tags`` are the tags of that flat. Whoever may not see ID numbers leaves ``id_number`` None."""

    name: str | None = None
    phone: str | None = None
    id_number: str | None = None
    gender: str | None = None
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    tags: tuple[str, ...] | None = None
    notes: str | None = None
    relation: str | None = None  # a HouseholdRole value, "" for none said
    person_tags: tuple[str, ...] | None = None  # the codes of the person's own tags (失能, 低保)


@dataclass(frozen=True)
class HouseholdInfo:
    id: uuid.UUID
    address: str
    grid_id: uuid.UUID | None
    tags: tuple[str, ...]
    notes: str
    residents: tuple[str, ...]  # the names of who lives there now


class RegisterService:
    """The corrections of the register (the clerk's 编辑, 户信息, 标记迁出/已故 and the director's 合并重复记录)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # --- a resident -----------------------------------------------------------------------------------

    def update_resident(self, actor: Actor, resident_id: uuid.UUID, changes: ResidentChanges) -> ResidentSummary:
        """Edit a resident with the same checks as a new one; a save that changes nothing writes nothing."""
        today = self._today()
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_RESIDENTS)
            resident = self._editable(session, resident_id)
            h = resident.household
            id_changed = changes.id_number is not None and changes.id_number.strip().upper() != resident.id_number
            data = NewResident(
                name=_given(changes.name, resident.name), phone=_given(changes.phone, resident.phone),
                id_number=changes.id_number if id_changed and changes.id_number is not None else resident.id_number,
                gender=_given(changes.gender, resident.gender.value if resident.gender else ""),
                building=_given(changes.building, h.building if h else ""),
                unit=_given(changes.unit, h.unit if h else ""),
                room=_given(changes.room, h.room if h else ""),
                tags=changes.tags if changes.tags is not None else tuple(t.tag for t in h.tags) if h else ())
            errors = FieldErrors()
            checked = check_resident(errors, data, today)
            carried = tuple(t.tag for t in h.tags) if h else ()
            codes = tagging.check_codes(session, errors, "tags", checked.tags, TagKind.HOUSEHOLD, keep=carried)
            own = tagging.check_codes(session, errors, "person_tags", changes.person_tags or (), TagKind.PERSON,
                                      keep=tuple(t.tag for t in resident.person_tags))
            notes = _notes(errors, changes.notes, resident.notes)
            if changes.relation and changes.relation not in {r.value for r in HouseholdRole}:
                errors.add("relation", QT_TRANSLATE_NOOP("errors", "Please choose a relation from the list."))
            if changes.id_number is not None and not changes.id_number.strip() and resident.id_number:
                # A number on file is corrected, never just dropped (an erasure is the administrator's).
                errors.add("id_number", QT_TRANSLATE_NOOP("errors", "An ID number on file can be corrected but "
                                                                    "not removed."))
            errors.raise_if_any()
            if id_changed:
                check_id_free(session, checked.id_info, resident.id)
            # The queries first, then the changes: one flush, one entry of the trail with every old value.
            household = ResidentService._household(session, checked.building, checked.unit, checked.room)
            if household is not None and household.id is None:
                session.flush()  # a new flat, alone: its id first, so the trail records the move by id
            if id_changed:
                info = checked.id_info
                _assign(resident, id_number=info.number if info else "", birth_date=info.birth_date if info else None)
            if changes.relation is not None:
                _assign(resident, relation=HouseholdRole(changes.relation) if changes.relation else None)
            _assign(resident, name=checked.name, phone=checked.phone, notes=notes,
                    gender=Gender(checked.gender) if checked.gender else None)
            set_lookup_keys(resident)
            before = resident.household_id
            if household is not resident.household:  # the column (which the trail records) and the relation alike
                resident.household_id, resident.household = household.id if household else None, household
            if household is not None and changes.tags is not None:
                tagging.set_household_tags(session, household, codes)
            if changes.person_tags is not None:
                tagging.set_person_tags(session, resident, own)
            if resident.household_id != before:
                session.flush()
                for place in {before, resident.household_id} - {None}:
                    tagging.sync_visits(session, place)  # the flat left (empty now?) and the flat moved into
            session.flush()
            return self._summary(session, resident, today)

    def set_status(self, actor: Actor, resident_id: uuid.UUID, status: str, on: date | None,
                   note: str = "") -> ResidentSummary:
        """Mark a resident moved away or deceased on a day (kept, out of look-ups), or back (active again).

        Their open requests stay open and theirs; the note is added to their notes with the day."""
        today = self._today()
        errors = FieldErrors()
        try:
            new = ResidentStatus(status)
        except ValueError:
            new = None
        if new is None or new is ResidentStatus.MERGED:
            errors.add("status", QT_TRANSLATE_NOOP("errors", "Please choose moved away, deceased or living here."))
        if new in DEPARTED and on is None:
            errors.add("status_on", QT_TRANSLATE_NOOP("errors", "Please give the date."))
        elif on is not None and on > today:
            errors.add("status_on", QT_TRANSLATE_NOOP("errors", "The date cannot be in the future."))
        note = note.strip()
        if len(note) > 200:
            errors.add("note", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=200)
        errors.raise_if_any()
        assert new is not None
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_RESIDENTS)
            resident = self._editable(session, resident_id)
            if on is not None and resident.birth_date is not None and on < resident.birth_date:
                raise ValidationError.single("status_on", QT_TRANSLATE_NOOP(
                    "errors", "The date is before the resident's birth ({born})."), born=f"{resident.birth_date}")
            if new is resident.status and (new is ResidentStatus.ACTIVE or on == resident.status_on) and not note:
                return self._summary(session, resident, today)
            day = on if new in DEPARTED else None
            _assign(resident, status=new, status_on=day)
            if note or new is not ResidentStatus.ACTIVE:
                line = f"{(on or today):%Y-%m-%d} {labels.zh(new)}" + (f"：{note}" if note else "")
                notes = f"{resident.notes}\n{line}" if resident.notes else line
                if len(notes) > NOTES_MAX:
                    raise ValidationError.single("note", QT_TRANSLATE_NOOP(
                        "errors", "The resident's notes would pass {n} characters; shorten them first."), n=NOTES_MAX)
                resident.notes = notes
            session.flush()
            tagging.sync_visits(session, resident.household_id)  # who moved away is visited no more
            return self._summary(session, resident, today)

    # --- a household ----------------------------------------------------------------------------------

    def household(self, actor: Actor, household_id: uuid.UUID) -> HouseholdInfo:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            return self._household_info(session, self._get_household(session, household_id))

    def update_household(self, actor: Actor, household_id: uuid.UUID, grid_id: uuid.UUID | None,
                         tags: tuple[str, ...], notes: str) -> HouseholdInfo:
        """The grid that looks after a flat, its tags (空巢, 独居 ...) and notes."""
        errors = FieldErrors()
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_RESIDENTS)
            household = self._get_household(session, household_id)
            members = tagging.check_codes(session, errors, "tags", tags, TagKind.HOUSEHOLD,
                                          keep=tuple(t.tag for t in household.tags))
            cleaned = _notes(errors, notes, household.notes)
            if grid_id is not None and grid_id != household.grid_id:
                grid = session.get(Grid, grid_id)
                if grid is None or not grid.active:
                    errors.add("grid", QT_TRANSLATE_NOOP("errors", "Please choose a grid in use."))
            errors.raise_if_any()
            _assign(household, grid_id=grid_id, notes=cleaned)
            tagging.set_household_tags(session, household, members)
            session.flush()
            return self._household_info(session, household)

    # --- duplicates -----------------------------------------------------------------------------------

    def merge_preview(self, actor: Actor, duplicate_id: uuid.UUID, survivor_id: uuid.UUID) -> MergePreview:
        """What a merge would move (requests, points, hours, the volunteer record), or why it is refused."""
        with self._db.reading() as session:
            require(session, actor, Permission.MERGE_RESIDENTS)
            return merging.preview(session, duplicate_id, survivor_id, self._today())

    def merge(self, actor: Actor, duplicate_id: uuid.UUID, survivor_id: uuid.UUID, reason: str) -> MergeResult:
        """Merge a duplicate record into the one kept: see merge.py for what moves and how."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MERGE_RESIDENTS)
            return merging.merge(session, actor.user_id, duplicate_id, survivor_id, reason, self._today())

    # --- helpers --------------------------------------------------------------------------------------

    def _today(self) -> date:
        return local(self._db.clock.now()).date()

    @staticmethod
    def _editable(session: Session, resident_id: uuid.UUID) -> Resident:
        resident = session.get(Resident, resident_id)
        if resident is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
        if resident.status is ResidentStatus.MERGED:
            raise Conflict(QT_TRANSLATE_NOOP("errors", "This record was merged into another; edit that one."))
        if is_erased(resident):
            raise Conflict(QT_TRANSLATE_NOOP("errors", "This resident's personal data has already been erased."))
        return resident

    @staticmethod
    def _get_household(session: Session, household_id: uuid.UUID) -> Household:
        household = session.get(Household, household_id)
        if household is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "No such household."))
        return household

    @staticmethod
    def _household_info(session: Session, h: Household) -> HouseholdInfo:
        names = session.scalars(select(Resident.name).where(
            Resident.household_id == h.id, Resident.status == ResidentStatus.ACTIVE).order_by(Resident.name))
        return HouseholdInfo(h.id, h.address, h.grid_id, tuple(t.tag for t in h.tags), h.notes or "",
                             tuple(names))

    @staticmethod
    def _summary(session: Session, resident: Resident, today: date) -> ResidentSummary:
        open_cases = session.scalar(select(func.count()).select_from(Case).where(
            Case.resident_id == resident.id, Case.status.in_(OPEN_STATUSES))) or 0
        return summarize(resident, today, open_cases)


def _given(value: str | None, current: str) -> str:
    return current if value is None else value


def _notes(errors: FieldErrors, value: str | None, current: str) -> str:
    if value is None:
        return current or ""
    text = value.strip()
    if len(text) > NOTES_MAX:
        errors.add("notes", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=NOTES_MAX)
    return text


def _assign(row: Resident | Household, **values: object) -> None:
    """Set only what differs, so an unchanged save leaves the row (and the audit trail) as it was."""
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
