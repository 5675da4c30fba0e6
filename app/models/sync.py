"""What a desk keeps about its sync with the street's server (issue 21).

``sync_state`` is this desk's own (never synced): how far its audit chain has gone up (the outbox is the chain: every
row written through the unit of work has its entry, numbered per desk), the pull cursor, the last sync and its
problem. ``sync_conflict`` travels: two desks changed one field of one row to different values while apart; the
street kept the later change (by the hybrid logical clock) and lists the other for the administrator to confirm.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Stamped


class SyncState(Base):
    """One value of this desk's sync state (key -> text)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class SyncConflict(Stamped, Base):
    """A field two desks changed differently while apart: the value kept (the later change) and the other one."""

    __tablename__ = "sync_conflict"

    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    field: Mapped[str] = mapped_column(String(40))
    kept: Mapped[Any] = mapped_column(JSON, nullable=True)
    kept_desk: Mapped[str] = mapped_column(String(16))
    kept_hlc: Mapped[int] = mapped_column(BigInteger)
    other: Mapped[Any] = mapped_column(JSON, nullable=True)
    other_desk: Mapped[str] = mapped_column(String(16))
    other_hlc: Mapped[int] = mapped_column(BigInteger)
    confirmed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    confirmed_at: Mapped[datetime | None]
