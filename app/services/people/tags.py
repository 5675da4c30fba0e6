"""Tags on households and people (issue 19): the administrator's catalogue (the five colours of seed 001 and the
community's own, such as 失能, 低保, 退役军人), each with a colour, a kind (household or person) and the service it
promises with how often a visit is due; and putting them on a household or a person.

A tag is retired, never deleted: rows that carry its code keep their meaning in the history. Every change of who
carries a tag goes through ``set_household_tags`` / ``set_person_tags`` here, which keep the promised visits in step
in the same transaction (services/care/visits.py)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import DutyCycle, TagKind
from app.models import Household, HouseholdTagRow, PersonTag, Resident, Tag
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, NotFound, ValidationError
from app.services.core.validation import check_length
from app.services.people import tag_names
from app.services.people.tag_names import TagInfo

COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
NAME_MAX = 8      # a tag is a word on a coloured mark: 空巢, 退役军人
SERVICE_MAX = 40  # 一帮一、多帮一
EVERY_MAX = 31    # every 31 days at most as a count of the cycle's units (every 2 weeks, every 3 months)
#: Colours offered when a tag is made (the administrator may type another): distinct on screen and on paper.
PALETTE = ("#C0392B", "#E67E22", "#F1C40F", "#27AE60", "#16A085", "#2E86C1", "#8E44AD", "#7F8C8D", "#E84393",
           "#6D4C41", "#1B2A49", "#A3CB38", "#00A8FF", "#B33771", "#F8A5C2", "#D35400")


@dataclass(frozen=True)
class TagInput:
    name: str
    colour: str
    kind: str                # a TagKind value
    service: str = ""        # what it promises (一帮一)
    visit_cycle: str = ""    # a DutyCycle value, "" for no visits
    visit_every: int = 1


class TagService:
    """The tag catalogue (MANAGE_SETTINGS to change it; everyone at the desk reads it)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def catalogue(self, actor: Actor, *, include_retired: bool = False) -> list[TagInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.REGISTER)
            return tag_names.all_tags(session, include_retired=include_retired)

    def create(self, actor: Actor, data: TagInput) -> TagInfo:
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            checked = _check(session, data, None)
            order = (session.scalar(select(func.max(Tag.sort_order))) or 0) + 1
            tag = Tag(code=_new_code(session), sort_order=order, active=True, **checked)
            session.add(tag)
            session.flush()
            tag_names.forget(session)
            return _info(tag)

    def update(self, actor: Actor, code: str, data: TagInput) -> TagInfo:
        """Rename, recolour or change what a tag promises; the visits it promises follow at once."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            tag = _get(session, code)
            checked = _check(session, data, tag)
            if checked["kind"] != tag.kind and _carried(session, tag):
                raise ValidationError.single("kind", QT_TRANSLATE_NOOP(
                    "errors", "Households or people carry this tag: its kind cannot change. Make a new tag."))
            promise_changed = (checked["visit_cycle"], checked["visit_every"]) != (tag.visit_cycle, tag.visit_every)
            for key, value in checked.items():
                if getattr(tag, key) != value:
                    setattr(tag, key, value)
            session.flush()
            tag_names.forget(session)
            if promise_changed:
                sync_visits(session, None)
            return _info(tag)

    def set_active(self, actor: Actor, code: str, active: bool) -> TagInfo:
        """Retire a tag (no longer offered; who carries it keeps it, and its visits end) or bring it back."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            tag = _get(session, code)
            if tag.active != active:
                tag.active = active
                session.flush()
                sync_visits(session, None)
            return _info(tag)

    def set_person_tags(self, actor: Actor, resident_id: uuid.UUID, codes: tuple[str, ...]) -> tuple[str, ...]:
        """The person tags (失能, 低保) one resident carries now."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_RESIDENTS)
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            errors = FieldErrors()
            wanted = check_codes(session, errors, "person_tags", codes, TagKind.PERSON)
            errors.raise_if_any()
            set_person_tags(session, resident, wanted)
            return tuple(t.tag for t in resident.person_tags)


def check_codes(session: Session, errors: FieldErrors, field_name: str, codes: tuple[str, ...] | list[str],
                kind: TagKind, keep: tuple[str, ...] = ()) -> tuple[str, ...]:
    """``codes`` as tags of ``kind`` in use; a retired tag already carried (``keep``) may stay."""
    known = {t.code: t for t in tag_names.all_tags(session)}
    wanted: list[str] = []
    for code in codes:
        tag = known.get(code)
        if tag is None or tag.kind != kind.value:
            errors.add(field_name, QT_TRANSLATE_NOOP("errors", "Unknown tag {tag}."), tag=code)
        elif not tag.active and code not in keep:
            errors.add(field_name, QT_TRANSLATE_NOOP("errors", "The tag {tag} is retired."), tag=tag.name)
        elif code not in wanted:
            wanted.append(code)
    return tuple(wanted)


def set_household_tags(session: Session, household: Household, codes: tuple[str, ...], *, sync: bool = True) -> None:
    """The household carries exactly ``codes`` now (checked by the caller); its promised visits follow (unless the
    caller syncs them itself, after more changes)."""
    if _carry(household.tags, codes, lambda code: HouseholdTagRow(tag=code)):
        session.flush()
        if sync:
            sync_visits(session, household.id)


def set_person_tags(session: Session, resident: Resident, codes: tuple[str, ...]) -> None:
    """The person carries exactly ``codes`` now (checked by the caller); the visits they promise follow."""
    if _carry(resident.person_tags, codes, lambda code: PersonTag(tag=code)):
        session.flush()
        sync_visits(session, resident.household_id)  # the household's people too (None: the whole community)


def _carry(rows: list[Any], codes: tuple[str, ...], make: Callable[[str], Any]) -> bool:
    """Make the tag rows of one household or person read ``codes`` (rows taken off, rows added); True if any
    changed."""
    wanted = set(codes)
    gone = [row for row in rows if row.tag not in wanted]
    for row in gone:
        rows.remove(row)
    have = {row.tag for row in rows}
    added = [code for code in dict.fromkeys(codes) if code not in have]
    rows.extend(make(code) for code in added)
    return bool(gone or added)


def sync_visits(session: Session, household_id: uuid.UUID | None) -> None:
    """Keep the visits the tags promise in step (the whole community when ``household_id`` is None): after a tag is
    put on or taken off, a resident moves away or comes back, or an import."""
    from app.services.care import visits  # the care package reads the register; the register calls it back

    visits.sync_visit_duties(session, household_id)


def _check(session: Session, data: TagInput, tag: Tag | None) -> dict[str, object]:
    errors = FieldErrors()
    name = check_length(errors, "name", data.name, NAME_MAX)
    if name and session.scalar(select(Tag.id).where(Tag.name == name, Tag.id != (tag.id if tag else None))
                               .limit(1)) is not None:
        errors.add("name", QT_TRANSLATE_NOOP("errors", "A tag called {name} exists already."), name=name)
    colour = data.colour.strip()
    if not COLOUR_RE.match(colour):
        errors.add("colour", QT_TRANSLATE_NOOP("errors", "Please choose a colour."))
    if data.kind not in {k.value for k in TagKind}:
        errors.add("kind", QT_TRANSLATE_NOOP("errors", "Please choose whether the tag marks a household or a person."))
    service = check_length(errors, "service", data.service, SERVICE_MAX, required=False)
    cycle = data.visit_cycle or None
    if cycle is not None and cycle not in {c.value for c in DutyCycle}:
        errors.add("visit_cycle", QT_TRANSLATE_NOOP("errors", "Please choose how often a visit is due."))
    if not 1 <= data.visit_every <= EVERY_MAX:
        errors.add("visit_every", QT_TRANSLATE_NOOP("errors", "Between {low} and {high}, please."), low=1,
                   high=EVERY_MAX)
    if cycle is not None and not service:
        errors.add("service", QT_TRANSLATE_NOOP("errors", "Say which service the visits are for (e.g. 日见面)."))
    errors.raise_if_any()
    return {"name": name, "colour": colour.upper(), "kind": TagKind(data.kind), "service": service,
            "visit_cycle": DutyCycle(cycle) if cycle else None, "visit_every": data.visit_every}


def _get(session: Session, code: str) -> Tag:
    tag = session.scalar(select(Tag).where(Tag.code == code))
    if tag is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such tag."))
    return tag


def _carried(session: Session, tag: Tag) -> bool:
    rows = (select(HouseholdTagRow.id).where(HouseholdTagRow.tag == tag.code).limit(1),
            select(PersonTag.id).where(PersonTag.tag == tag.code).limit(1))
    return any(session.scalar(q) is not None for q in rows)


def _new_code(session: Session) -> str:
    """A code for a tag the administrator made: "tag" and a number (the code never shows; the name does)."""
    taken = set(session.scalars(select(Tag.code)))
    n = len(taken) + 1
    while f"tag{n}" in taken:
        n += 1
    return f"tag{n}"


def _info(tag: Tag) -> TagInfo:
    return TagInfo(tag.code, tag.name, tag.colour, str(tag.kind), tag.service or "",
                   str(tag.visit_cycle) if tag.visit_cycle else None, tag.visit_every, tag.active)
