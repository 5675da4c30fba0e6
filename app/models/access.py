"""Access from the command line (issue 15): task keys an administrator creates for scheduled tasks, and the record
of every command that read or wrote personal data (who, which command, what)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Stamped


class TaskKey(Stamped, Base):
    """A key for one account, for a scheduled task that cannot type a password. Only its argon2 hash is stored; it
    is shown once when made, and revoked (never deleted) when no longer wanted."""

    __tablename__ = "task_key"

    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    label: Mapped[str] = mapped_column(String(60))
    key_hash: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    revoked_at: Mapped[datetime | None]


class CommandRun(Stamped, Base):
    """One command run as an account (append-only): its name and what it read or wrote."""

    __tablename__ = "command_run"

    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), index=True)
    task_key_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("task_key.id"))
    command: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


ACCESS_APPEND_ONLY = ("command_run",)
