"""同步冲突: the fields two desks changed differently while apart, for the administrator to confirm.

The street kept the later change (by the hybrid logical clock) and listed the other one (``sync_conflict``, a row
that travels to every desk of the community). The administrator reads each in words (居民 张三 · 电话: the value kept
and its desk, the other value and its desk, when), then either confirms the value kept (确认保留), or writes the other
value to the row (改用另一个值) through the unit of work, so the change is audited and syncs like any other, and the
conflict is marked confirmed. Both are ``MANAGE_SETTINGS``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Mapper, Session

from app.models import Base, Resident, SyncConflict
from app.services.core.audit_words import Namer, field_word, thing
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError, NotFound
from app.services.people.residents import set_lookup_keys
from app.services.sync.values import column_of, from_plain, same

GONE = QT_TRANSLATE_NOOP("errors", "This sync conflict is no longer listed.")
DONE = QT_TRANSLATE_NOOP("errors", "This sync conflict was already confirmed by {name}.")
ROW_GONE = QT_TRANSLATE_NOOP("errors", "The record this conflict is about no longer exists: confirm the value kept.")
CANNOT_WRITE = QT_TRANSLATE_NOOP("errors", "This field cannot be changed here: confirm the value kept.")


@dataclass(frozen=True)
class ConflictRow:
    """One conflict as the list shows it: every part in words, never a table or column name."""

    id: uuid.UUID
    what: str        # 居民 张三
    field: str       # 电话
    kept: str        # the value kept, as a person reads it (a phone masked)
    kept_desk: str
    other: str       # the value not kept
    other_desk: str
    at: datetime     # when the street listed it


class SyncConflictService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def pending(self, actor: Actor) -> list[ConflictRow]:
        """The conflicts not yet confirmed, the oldest first."""
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            rows = list(session.scalars(select(SyncConflict).where(SyncConflict.confirmed_at.is_(None))
                                        .order_by(SyncConflict.created_at, SyncConflict.id)))
            namer = Namer(session)
            namer.prefetch((c.entity, c.entity_id) for c in rows)
            out = []
            for c in rows:
                name = namer.name_of(c.entity, c.entity_id)
                out.append(ConflictRow(
                    c.id, f"{thing(c.entity)} {name}".strip(), field_word(c.entity, _column_name(c)),
                    namer.value(c.entity, _column_name(c), c.kept), c.kept_desk,
                    namer.value(c.entity, _column_name(c), c.other), c.other_desk, c.created_at))
            return out

    def count(self, actor: Actor) -> int:
        """How many conflicts wait (the administrator's home page)."""
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            return int(session.scalar(select(func.count()).select_from(SyncConflict)
                                      .where(SyncConflict.confirmed_at.is_(None))) or 0)

    def confirm(self, actor: Actor, conflict_id: uuid.UUID) -> None:
        """确认保留: the value kept stays; the conflict is confirmed."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.MANAGE_SETTINGS)
            conflict = _open(session, conflict_id)
            conflict.confirmed_by_id = staff.id
            conflict.confirmed_at = self._db.clock.now()

    def use_other(self, actor: Actor, conflict_id: uuid.UUID) -> None:
        """改用另一个值: the other value written to the row (audited, and it syncs), then the conflict confirmed."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.MANAGE_SETTINGS)
            conflict = _open(session, conflict_id)
            row, attribute, value = _target(session, conflict)
            if not same(getattr(row, attribute), value):
                setattr(row, attribute, value)
                if isinstance(row, Resident):
                    set_lookup_keys(row)  # the look-up's pinyin and phone digits follow their field
            conflict.confirmed_by_id = staff.id
            conflict.confirmed_at = self._db.clock.now()


def _open(session: Session, conflict_id: uuid.UUID) -> SyncConflict:
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None:
        raise NotFound(GONE)
    if conflict.confirmed_at is not None:
        raise DomainError(DONE, name=_staff_name(session, conflict.confirmed_by_id))
    return conflict


def _staff_name(session: Session, staff_id: uuid.UUID | None) -> str:
    from app.models import Staff

    if staff_id is None:
        return "-"
    return session.scalar(select(Staff.display_name).where(Staff.id == staff_id)) or "-"


def _mapper_of(table: str) -> Mapper[Any] | None:
    for mapper in Base.registry.mappers:
        if getattr(mapper.persist_selectable, "name", None) == table:
            found: Mapper[Any] = mapper
            return found
    return None


def _column_name(conflict: SyncConflict) -> str:
    """The column the conflict's field (the mapped attribute's key) stands for."""
    t = Base.metadata.tables.get(conflict.entity)
    column = column_of(t, conflict.field) if t is not None else None
    return column.name if column is not None else conflict.field


def _target(session: Session, conflict: SyncConflict) -> tuple[Any, str, Any]:
    """(the row, its attribute, the other value in the column's type) the conflict speaks of."""
    mapper = _mapper_of(conflict.entity)
    t = Base.metadata.tables.get(conflict.entity)
    column = column_of(t, conflict.field) if t is not None else None
    if mapper is None or t is None or column is None or column.primary_key or conflict.field in (
            "desk_code", "created_at"):
        raise DomainError(CANNOT_WRITE)
    keys = list(t.primary_key.columns)
    parts = conflict.entity_id.split("/") if len(keys) > 1 else [conflict.entity_id]
    if len(parts) != len(keys):
        raise DomainError(ROW_GONE)
    try:
        ident = tuple(from_plain(c, v) for c, v in zip(keys, parts, strict=True))
        value = from_plain(column, conflict.other)
    except ValueError as exc:
        raise DomainError(CANNOT_WRITE) from exc
    row = session.get(mapper.class_, ident if len(ident) > 1 else ident[0])
    if row is None:
        raise DomainError(ROW_GONE)
    return row, conflict.field, value
