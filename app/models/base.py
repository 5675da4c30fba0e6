"""Declarative base and the column conventions every table follows (see docs/architecture.md)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, String, Uuid
from sqlalchemy import Enum as SAEnum
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator
from uuid6 import uuid7

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC on every backend and always hands back an aware UTC datetime.

    SQLite has no time zone type; PostgreSQL's timestamptz would convert to the session zone.
    Storing naive UTC everywhere keeps both identical and comparisons exact.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


def new_id() -> uuid.UUID:
    """Time-ordered UUIDv7: unique across desks, and index-friendly because it grows with time."""
    return uuid.UUID(bytes=uuid7().bytes)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), uuid.UUID: Uuid()}


class Stamped:
    """Columns every row carries so that data can later travel between desks.

    ``desk_code`` and ``created_at`` are filled by the unit of work (app.services.core.db) from the
    injected clock and the desk's code when a row is flushed without them.
    """

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    desk_code: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


def str_enum(enum_cls: type[Any], length: int = 16) -> SAEnum:
    """A portable VARCHAR + CHECK enum that stores the member's value ("walk_in"), not its name."""
    return SAEnum(enum_cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])
