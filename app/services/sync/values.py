"""Values as the audit trail spells them (JSON: uuids and times as text, enums by value) and back, for the columns
of the tables that travel."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Column, Date, Table
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Mapper
from sqlalchemy.types import Uuid

from app.models import Base
from app.models.base import UTCDateTime
from app.services.core.audit import plain

__all__ = ["column_of", "from_plain", "plain", "same"]

_COLUMNS: dict[str, dict[str, Any]] = {}


def column_of(table: Table, key: str) -> Column[Any] | None:
    """The column an audit entry's field names (the mapped attribute's key, which may differ from the column's)."""
    if not _COLUMNS:
        for mapper in Base.registry.mappers:
            m: Mapper[Any] = mapper
            name = m.persist_selectable.name  # type: ignore[attr-defined]
            _COLUMNS[name] = {attr.key: attr.columns[0] for attr in m.column_attrs}
    found: Column[Any] | None = _COLUMNS.get(table.name, {}).get(key)
    return found


def from_plain(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Uuid):
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    if isinstance(kind, UTCDateTime):
        return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if isinstance(kind, Date):
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if isinstance(kind, SAEnum) and kind.enum_class is not None and not isinstance(value, Enum):
        return kind.enum_class(value)
    return value


def same(a: Any, b: Any) -> bool:
    """Two values equal as the trail spells them."""
    return bool(plain(a) == plain(b))
