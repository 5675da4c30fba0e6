"""Residents and households: find anyone in a moment, add a new one without leaving the form."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session, object_session, selectinload

from app.models import (
    Case,
    CommandRun,
    Gender,
    Grid,
    Household,
    Resident,
    ResidentStatus,
    TagKind,
)
from app.services.core.auth import Actor, Permission, allowed, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, NotFound, ValidationError
from app.services.core.validation import (
    IdInfo,
    check_id_number,
    check_length,
    check_phone,
    digits_only,
    fold_width,
)
from app.services.documents.disclosure import REVEAL_COMMAND, REVEAL_ID_PERMISSION, on_screen_id_number
from app.services.people import tag_names, tags
from app.services.people.addresses import ROOM_PART_RE, address_match
from app.services.people.statuses import DEPARTED as DEPARTED  # noqa: PLC0414 - kept where many import them
from app.services.people.statuses import ERASED_NAME as ERASED_NAME  # noqa: PLC0414
from app.services.people.statuses import OPEN_STATUSES as OPEN_STATUSES  # noqa: PLC0414

MAX_QUERY = 64  # longer than any name (30), phone, ID number or address; SQLite's LIKE has a length limit


def starts_with(column: InstrumentedAttribute[str], prefix: str) -> ColumnElement[bool]:
    """``column`` begins with ``prefix``, written as a range so the column's index serves it.

    SQLite's LIKE is case-insensitive and cannot use an ordinary index; a range on the ASCII text the
    look-up columns hold (digits, '-', lower-case pinyin) can, on SQLite and PostgreSQL alike.
    """
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


PINYIN_FULL_MAX = 120   # the columns' sizes; a prefix look-up never needs more
PINYIN_INITIALS_MAX = 30


def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials for look-up: 张三 -> ("zhangsan", "zs"). Non-Chinese passes through."""
    from pypinyin import Style, lazy_pinyin  # its dictionaries take 50 MB: loaded by the first name written

    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="default")
    full = "".join(syllables).lower().replace(" ", "")
    initials = "".join(s[0] for s in syllables if s).lower()
    return full[:PINYIN_FULL_MAX], initials[:PINYIN_INITIALS_MAX]


@dataclass(frozen=True)
class ResidentSummary:
    id: uuid.UUID
    name: str
    gender: str | None
    age: int | None
    phone: str
    id_number: str  # masked for every role (2102**********0052); the whole number: ResidentService.reveal_id_number
    household_id: uuid.UUID | None
    address: str
    building: str
    grid_id: uuid.UUID | None
    grid_name: str
    tags: tuple[str, ...] = field(default_factory=tuple)
    open_cases: int = 0
    status: str = ResidentStatus.ACTIVE.value  # a ResidentStatus value
    status_on: date | None = None              # the day they moved away or died
    notes: str = ""
    merged_into_id: uuid.UUID | None = None
    person_tags: tuple[str, ...] = ()  # the codes of tags on the person (失能, 低保)
    tag_names: tuple[str, ...] = ()    # the names of the household's tags, then the person's, in the set order
    relation: str | None = None        # a HouseholdRole value: their relation to the household's head


@dataclass(frozen=True)
class NewResident:
    name: str
    phone: str = ""
    id_number: str = ""
    gender: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    tags: tuple[str, ...] = ()


def current_residents(include_departed: bool = False) -> ColumnElement[bool]:
    """Residents still here (and, with ``include_departed``, who moved away or died), never merged records.

    Written as NOT IN so no database takes the status index for it: nearly every resident is active, and the
    look-up's own indexes (name, pinyin, phone, address) are what narrow it down."""
    left = (ResidentStatus.MERGED,) if include_departed else (ResidentStatus.MERGED, *DEPARTED)
    return Resident.status.not_in(left)


def is_erased(resident: Resident) -> bool:
    return resident.name == ERASED_NAME and not resident.phone and not resident.id_number


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


class ResidentService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- look-up ---------------------------------------------------------------------------------

    def search(self, actor: Actor, query: str, limit: int = 20, *,
               include_departed: bool = False) -> list[ResidentSummary]:
        """Find residents by name, pinyin or initials, phone or its last 4 digits, ID number, or address.

        Whoever may not see ID numbers can still find a resident by the whole number (they hold it
        already), but not by its beginning: trying prefix after prefix would reveal it digit by digit.
        Residents who moved away or died are found only with ``include_departed``; a record merged into
        another never (its requests and accounts are the other one's now).
        """
        with self._db.reading() as session:
            staff = require(session, actor, Permission.VIEW_CASES)
            show_ids = allowed(staff, Permission.VIEW_ID_NUMBERS)
            condition = self.condition(query, id_prefixes=show_ids, include_departed=include_departed)
            if condition is None:
                return []
            stmt: Select[Resident] = (
                select(Resident)
                .outerjoin(Household, Resident.household_id == Household.id)
                .where(condition)
                .order_by(*self.order(query))
                .limit(limit)
                .options(selectinload(Resident.household).selectinload(Household.grid))
            )
            residents = list(session.scalars(stmt))
            return self._summaries(session, residents)

    def browse(self, actor: Actor, limit: int = 200, *, include_departed: bool = False) -> list[ResidentSummary]:
        """The register flat by flat, before anything is typed (居民查询 opens on it rather than on a blank list)."""
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            stmt: Select[Resident] = (
                select(Resident)
                .outerjoin(Household, Resident.household_id == Household.id)
                .where(current_residents(include_departed))
                .order_by(Household.building, Household.unit, Household.room, Resident.name, Resident.id)
                .limit(limit)
                .options(selectinload(Resident.household).selectinload(Household.grid))
            )
            return self._summaries(session, list(session.scalars(stmt)))

    @staticmethod
    def _address(text: str) -> re.Match[str] | None:
        return address_match(text)

    @staticmethod
    def order(query: str) -> list[InstrumentedAttribute[Any]]:
        """An address lists flat by flat; anything else by name. (Also used by searches over volunteers.)"""
        if ResidentService._address(fold_width(query)):
            return [Household.building, Household.unit, Household.room, Resident.name, Resident.id]
        return [Resident.name, Resident.id]

    @staticmethod
    def condition(query: str, *, id_prefixes: bool = True,
                  include_departed: bool = False) -> ColumnElement[bool] | None:
        """What the look-up matches on Resident (and Household, outer-joined); None when nothing can match.

        ``id_prefixes`` False: digits match ID numbers only as the whole 18-character number (for roles
        that see ID numbers masked, so the look-up cannot be used to read one out prefix by prefix).
        Only residents still here unless ``include_departed`` (then also who moved away or died); never a
        record merged into another.
        """
        matched = ResidentService._matching(query, id_prefixes=id_prefixes)
        if matched is None:
            return None
        return and_(matched, current_residents(include_departed))

    @staticmethod
    def _matching(query: str, *, id_prefixes: bool) -> ColumnElement[bool] | None:
        text = fold_width(query)
        if not text or len(text) > MAX_QUERY:
            return None  # nothing typed, or longer than any name, number or address: nobody matches
        m = ResidentService._address(text)
        if m:
            cond = [Household.building == m["b"]]
            if m["u"]:
                cond.append(Household.unit == m["u"])
            if m["r"]:
                cond.append(Household.room == m["r"])
            return and_(*cond)
        compact = digits_only(text)
        for prefix in ("+86", "0086"):  # a number read out with the country code
            if compact.startswith(prefix) and len(compact) > len(prefix) + 4:
                compact = compact[len(prefix):]
        if compact.isascii() and compact.isdigit():
            if len(compact) == 4:
                return Resident.phone_last4 == compact
            if len(compact) < 4:
                return None  # too short to mean anything; avoids listing everyone
            conditions = [starts_with(Resident.phone, compact)]
            if id_prefixes:
                conditions.append(starts_with(Resident.id_number, compact))
            elif len(compact) == 18:
                conditions.append(Resident.id_number == compact)
            if compact.startswith("0"):  # a landline typed without its dash: 0412558... or 010623...
                conditions += [starts_with(Resident.phone, f"{compact[:n]}-{compact[n:]}") for n in (3, 4)
                               if len(compact) > n]
            return or_(*conditions)
        if len(compact) == 18 and compact.isascii() and compact[:17].isdigit():
            return Resident.id_number == compact.upper()
        lowered = text.lower().replace(" ", "")
        if lowered.isascii() and lowered.isalpha():
            return or_(starts_with(Resident.pinyin_full, lowered), starts_with(Resident.pinyin_initials, lowered))
        return Resident.name.icontains(text, autoescape=True)

    def get(self, actor: Actor, resident_id: uuid.UUID) -> ResidentSummary:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            return self._summaries(session, [resident])[0]

    def reveal_id_number(self, actor: Actor, resident_id: uuid.UUID) -> str:
        """The resident's whole ID number, for a role that needs it (disclosure.REVEAL_ID_ROLES), one resident at a
        time: the reveal is recorded in the same transaction (a command_run row: who, whose, when; chained into
        the audit trail like every write), so the number is never read without a trace."""
        with self._db.transaction() as session:
            require(session, actor, REVEAL_ID_PERMISSION)
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            if not resident.id_number:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No ID number is on file for {name}."), name=resident.name)
            session.add(CommandRun(staff_id=actor.user_id, command=REVEAL_COMMAND,
                                   details={"resident_id": str(resident.id)}))  # no name: erasure must reach it
            return resident.id_number

    def _summaries(self, session: Session, residents: list[Resident]) -> list[ResidentSummary]:
        today = local(self._db.clock.now()).date()
        ids = [r.id for r in residents]
        open_counts: dict[uuid.UUID, int] = {}
        if ids:
            rows = session.execute(
                select(Case.resident_id, func.count())
                .where(Case.resident_id.in_(ids), Case.status.in_(OPEN_STATUSES))
                .group_by(Case.resident_id)
            )
            open_counts = {rid: n for rid, n in rows}
        return [summarize(r, today, open_counts.get(r.id, 0)) for r in residents]

    # --- changes ---------------------------------------------------------------------------------

    def create(self, actor: Actor, data: NewResident) -> ResidentSummary:
        today = local(self._db.clock.now()).date()
        errors = FieldErrors()
        checked = check_resident(errors, data, today)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_RESIDENTS)
            codes = tags.check_codes(session, errors, "tags", checked.tags, TagKind.HOUSEHOLD)
            errors.raise_if_any()
            check_id_free(session, checked.id_info)
            household = self._household(session, checked.building, checked.unit, checked.room)
            id_info = checked.id_info
            resident = Resident(
                name=checked.name, phone=checked.phone, id_number=id_info.number if id_info else "",
                birth_date=id_info.birth_date if id_info else None,
                gender=Gender(checked.gender) if checked.gender else None, household=household,
                created_by_id=actor.user_id,
            )
            set_lookup_keys(resident)
            session.add(resident)
            session.flush()
            if household is not None:  # the flat's tags, then its visits: somebody lives there now
                existing = tuple(t.tag for t in household.tags)
                tags.set_household_tags(session, household, existing + tuple(c for c in codes if c not in existing),
                                        sync=False)
                tags.sync_visits(session, household.id)
            return summarize(resident, today, 0)

    @staticmethod
    def _household(session: Session, building: str, unit: str, room: str) -> Household | None:
        """The flat at this address, opened (in the grid that covers its building) when new; None without one."""
        if not building:
            return None
        household = session.scalar(
            select(Household).where(Household.building == building, Household.unit == unit, Household.room == room)
        )
        if household is not None:
            return household
        # A new flat belongs to the grid that already covers its building.
        grid_id = session.scalar(
            select(Household.grid_id).where(Household.building == building, Household.grid_id.is_not(None)).limit(1)
        )
        household = Household(building=building, unit=unit, room=room, grid_id=grid_id)
        session.add(household)
        return household

    def grids(self) -> list[tuple[uuid.UUID, str]]:
        with self._db.reading() as session:
            # Grids in use only: a retired grid covers no household (retiring refuses that), so none is offered.
            return [(g.id, g.name) for g in session.scalars(select(Grid).where(Grid.active.is_(True))
                                                            .order_by(Grid.code))]


@dataclass(frozen=True)
class CheckedResident:
    """A resident's form after ``check_resident``: cleaned values, the parsed ID number, the tags as members."""

    name: str
    phone: str
    id_info: IdInfo | None
    gender: str
    building: str
    unit: str
    room: str
    tags: tuple[str, ...]  # codes of household tags, checked against the catalogue in the session (tags.check_codes)


def check_resident(errors: FieldErrors, data: NewResident, today: date) -> CheckedResident:
    """The checks of a resident's fields, for a new one and an edit alike; each problem is added to ``errors``
    under its field."""
    name = check_length(errors, "name", data.name, 30)
    phone = check_phone(errors, "phone", data.phone)
    id_info = check_id_number(errors, "id_number", data.id_number, today)
    building = check_length(errors, "building", data.building, 10)
    unit = check_length(errors, "unit", data.unit, 10)
    room = check_length(errors, "room", data.room, 10)
    for key, value in (("building", building), ("unit", unit), ("room", room)):
        if value and not ROOM_PART_RE.match(value):
            errors.add(key, QT_TRANSLATE_NOOP("errors", "Digits only, please (e.g. 3, 2, 301)."))
    if name and any(ch.isdigit() for ch in name):
        errors.add("name", QT_TRANSLATE_NOOP("errors", "A name cannot contain digits."))
    if name == ERASED_NAME:
        errors.add("name", QT_TRANSLATE_NOOP("errors", "This name marks residents whose data was erased."))
    if data.gender not in ("", "M", "F"):
        errors.add("gender", QT_TRANSLATE_NOOP("errors", "Please choose male or female."))
    gender = data.gender if data.gender in ("M", "F") else (id_info.gender if id_info else "")
    if id_info and data.gender in ("M", "F") and data.gender != id_info.gender:
        errors.add("gender", QT_TRANSLATE_NOOP("errors", "The gender does not match the ID number."))
    return CheckedResident(name, phone, id_info, gender, building, unit, room, tuple(dict.fromkeys(data.tags)))


def check_id_free(session: Session, id_info: IdInfo | None, resident_id: uuid.UUID | None = None) -> None:
    """Refuse an ID number another resident holds (a record merged into another keeps its number: not counted)."""
    if id_info is None:
        return
    dup = session.scalar(select(Resident.name).where(
        Resident.id_number == id_info.number, Resident.status != ResidentStatus.MERGED,
        Resident.id != resident_id if resident_id is not None else true()).limit(1))
    if dup is not None:
        raise ValidationError.single("id_number", QT_TRANSLATE_NOOP(
            "errors", "This ID number is already registered for {name}."), name=dup)


def set_lookup_keys(resident: Resident) -> None:
    """The pinyin of the name and the phone's last four digits, which the look-up searches by."""
    full, initials = pinyin_keys(resident.name)
    last4 = digits_only(resident.phone)[-4:] if resident.phone else ""
    for key, value in (("pinyin_full", full), ("pinyin_initials", initials), ("phone_last4", last4)):
        if getattr(resident, key) != value:
            setattr(resident, key, value)


def summarize(r: Resident, today: date, open_cases: int) -> ResidentSummary:
    """A resident as the screens show them (``Document.SCREEN``'s rule): the ID number masked, whoever asks."""
    h = r.household
    codes = tuple(t.tag for t in h.tags) if h else ()
    person = tuple(t.tag for t in r.person_tags)
    session = object_session(r)
    names = tag_names.names_of(session) if session is not None else {}
    return ResidentSummary(
        id=r.id, name=r.name, gender=r.gender.value if r.gender else None, age=age_on(r.birth_date, today),
        phone=r.phone, id_number=on_screen_id_number(r.id_number), household_id=r.household_id,
        address=h.address if h else "", building=h.building if h else "",
        grid_id=h.grid_id if h else None, grid_name=h.grid.name if h and h.grid else "",
        tags=codes, person_tags=person, open_cases=open_cases,
        tag_names=tuple(n for c, n in names.items() if c in codes) + tuple(n for c, n in names.items() if c in person),
        relation=r.relation.value if r.relation else None,
        status=r.status.value if r.status else ResidentStatus.ACTIVE.value, status_on=r.status_on,
        notes=r.notes or "", merged_into_id=r.merged_into_id,
    )
