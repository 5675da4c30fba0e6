"""Who runs a command: task keys for scheduled tasks, and the record of every command run as an account.

The command line authenticates like the desk does (``auth.login``: the password, the lock-out after wrong ones) or
with a task key an administrator made for one account: ``dk1.<key id>.<secret>``, shown once, stored as an argon2
hash, revocable. Every command that reads or writes personal data records a ``command_run`` row first (who, with
which key, which command, what it was asked for); the audit trail chains it like any other write.
"""

from __future__ import annotations

import secrets
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from app.models import CommandRun, Role, Staff, TaskKey
from app.services.core.auth import Actor, Permission, require, require_account
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, NotFound, PermissionDenied, ValidationError

KEY_PREFIX = "dk1"
BAD_KEY = QT_TRANSLATE_NOOP("errors", "This task key is not valid (mistyped, revoked, or its account is disabled). "
                                      "Ask the administrator for a new one.")


@dataclass(frozen=True)
class NewTaskKey:
    id: uuid.UUID
    username: str
    label: str
    secret: str  # shown once; only its hash is kept


@dataclass(frozen=True)
class TaskKeyInfo:
    id: uuid.UUID
    username: str
    label: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class KeyedActor:
    actor: Actor
    key_id: uuid.UUID


class AccessService:
    def __init__(self, db: Database, hasher: PasswordHasher | None = None) -> None:
        self._db = db
        self._hasher = hasher or PasswordHasher()

    def create_key(self, actor: Actor, username: str, label: str) -> NewTaskKey:
        """A key for ``username``'s account (administrators: MANAGE_ACCOUNTS); the secret is returned once."""
        errors_label = label.strip()
        if not errors_label or len(errors_label) > 60:
            raise ValidationError.single("label", QT_TRANSLATE_NOOP(
                "errors", "Name the key's task in 1-60 characters (e.g. nightly export)."))
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_ACCOUNTS)
            staff = session.scalar(select(Staff).where(Staff.username == username.strip().lower()))
            if staff is None or not staff.active:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such account."))
            key_id = uuid.uuid4()
            secret = f"{KEY_PREFIX}.{key_id.hex}.{secrets.token_urlsafe(32)}"
            session.add(TaskKey(id=key_id, staff_id=staff.id, label=errors_label, created_by_id=actor.user_id,
                                key_hash=self._hasher.hash(secret)))
            return NewTaskKey(key_id, staff.username, errors_label, secret)

    def revoke_key(self, actor: Actor, key_id: uuid.UUID) -> None:
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_ACCOUNTS)
            key = session.get(TaskKey, key_id)
            if key is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such task key."))
            if key.revoked_at is None:
                key.revoked_at = session.info["now"]

    def keys(self, actor: Actor) -> list[TaskKeyInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_ACCOUNTS)
            rows = session.execute(select(TaskKey, Staff.username).join(Staff, Staff.id == TaskKey.staff_id)
                                   .order_by(TaskKey.created_at))
            return [TaskKeyInfo(k.id, name, k.label, k.created_at, k.revoked_at) for k, name in rows]

    def with_key(self, secret: str) -> KeyedActor:
        """The account a task key stands for; refused when the key is unknown, revoked, or its account disabled."""
        parts = secret.strip().split(".")
        try:
            key_id = uuid.UUID(hex=parts[1]) if len(parts) == 3 and parts[0] == KEY_PREFIX else None
        except ValueError:
            key_id = None
        with self._db.reading() as session:
            key = session.get(TaskKey, key_id) if key_id is not None else None
            staff = session.get(Staff, key.staff_id) if key is not None else None
            if key is None or staff is None or key.revoked_at is not None or not staff.active \
                    or not self._verify(key.key_hash, secret.strip()):
                raise PermissionDenied(BAD_KEY)
            return KeyedActor(Actor(staff.id, staff.username, staff.display_name, staff.role, self._db.desk_code),
                              key.id)

    def record(self, actor: Actor, command: str, details: dict[str, Any], key_id: uuid.UUID | None = None) -> None:
        """Record that ``actor`` runs ``command`` on ``details`` (any active account; the audit trail chains it)."""
        with self._db.transaction() as session:
            require_account(session, actor)
            session.add(CommandRun(staff_id=actor.user_id, task_key_id=key_id, command=command[:40],
                                   details={k: str(v) for k, v in details.items() if v not in (None, "", [], False)}))

    def _verify(self, key_hash: str, secret: str) -> bool:
        try:
            return self._hasher.verify(key_hash, secret)
        except (VerificationError, InvalidHashError):
            return False


def administrator_in(path: Path, username: str, password: str, desk_code: str) -> Actor:
    """An administrator's password checked against the accounts of the SQLite file ``path`` (read-only): how a
    restore authenticates when the desk's own database is too damaged to read its accounts."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT id, username, display_name, role, password_hash, active FROM staff "
                               "WHERE username = ?", (username.strip().lower(),)).fetchone()
    except sqlite3.DatabaseError:
        row = None
    hasher = PasswordHasher()
    try:
        sound = row is not None and bool(row[5]) and hasher.verify(str(row[4]), password)
    except (VerificationError, InvalidHashError):
        sound = False
    if not sound or row is None:
        raise PermissionDenied(QT_TRANSLATE_NOOP(
            "errors", "Wrong user name or password (checked against the accounts in {path})."), path=str(path))
    role = Role(str(row[3]))
    if role is not Role.ADMIN:
        raise PermissionDenied(QT_TRANSLATE_NOOP("errors", "Your role may not do this ({permission})."),
                               permission=Permission.MANAGE_BACKUPS.value)
    return Actor(uuid.UUID(hex=str(row[0]).replace("-", "")), str(row[1]), str(row[2]), role, desk_code)


__all__ = ["AccessService", "KeyedActor", "NewTaskKey", "TaskKeyInfo", "administrator_in"]
