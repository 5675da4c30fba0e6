"""The desk's own settings (系统设置 > 本服务台): what the community is called and what receipts and notices print,
and the few settings that belong to this PC (desk.json): the idle lock and the backup folder.

The community's and the desk's rows are in the database, so the audit trail records every change with the old
values. desk.json is this PC's file, not the database's: a change to it is written to the log (who, what, from
what to what), and applied to the running services at once (the backup folder) or at the next log-in (the idle
lock, which the main window reads when it opens).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Community, Desk
from app.services.core.auth import Actor, Permission, require
from app.services.core.backup import BackupService
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, NotFound
from app.services.core.settings import LocalSettings, Paths
from app.services.core.validation import check_length, check_phone

log = logging.getLogger(__name__)

MAX_IDLE_LOCK_MINUTES = 120
MAX_REPLY_PROMISE_HOURS = 168  # a week


@dataclass(frozen=True)
class DeskSettingsInput:
    """What the administrator may change; ``backup_dir`` empty = the data folder's backups/."""

    community_name: str
    street: str
    reply_promise_hours: int
    desk_name: str
    desk_phone: str
    notice_large_print: bool
    notice_landscape: bool
    idle_lock_minutes: int
    backup_dir: str


@dataclass(frozen=True)
class DeskSettings:
    values: DeskSettingsInput
    desk_code: str           # fixed once the desk is registered: it prefixes every case number made here
    default_backup_dir: str  # where backups go when no folder is chosen


class DeskSettingsService:
    def __init__(self, db: Database, settings: LocalSettings, paths: Paths, backups: BackupService) -> None:
        self._db = db
        self._settings = settings
        self._paths = paths
        self._backups = backups

    def get(self, actor: Actor) -> DeskSettings:
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            community, desk = self._rows(session)
            values = DeskSettingsInput(
                community.name, community.street, community.reply_promise_hours, desk.name, desk.phone,
                community.notice_large_print, community.notice_landscape, self._settings.idle_lock_minutes,
                self._settings.backup_dir)
            return DeskSettings(values, desk.code, str(self._paths.backups))

    def save(self, actor: Actor, values: DeskSettingsInput) -> DeskSettings:
        """Check every field at once (each message names its field), then write the rows and desk.json."""
        checked = self.validate(values)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            if checked.backup_dir != self._settings.backup_dir:
                require(session, actor, Permission.MANAGE_BACKUPS)
            community, desk = self._rows(session)
            community.name, community.street = checked.community_name, checked.street
            community.reply_promise_hours = checked.reply_promise_hours
            community.notice_large_print, community.notice_landscape = (checked.notice_large_print,
                                                                         checked.notice_landscape)
            desk.name, desk.phone = checked.desk_name, checked.desk_phone
        self._save_local(actor, idle_lock_minutes=checked.idle_lock_minutes, backup_dir=checked.backup_dir)
        return self.get(actor)

    def set_backup_folder(self, actor: Actor, folder: str) -> Path:
        """The folder backups go to (a USB stick), for this PC (MANAGE_BACKUPS); empty = the data folder's own."""
        errors = FieldErrors()
        chosen = _check_folder(errors, "backup_dir", folder)
        errors.raise_if_any()
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_BACKUPS)
        self._save_local(actor, backup_dir=chosen)
        return self._backups.folder

    def validate(self, values: DeskSettingsInput) -> DeskSettingsInput:
        errors = FieldErrors()
        name = check_length(errors, "community_name", values.community_name, 60, minimum=2)
        street = check_length(errors, "street", values.street, 60, required=False)
        _check_range(errors, "reply_promise_hours", values.reply_promise_hours, 1, MAX_REPLY_PROMISE_HOURS)
        desk_name = check_length(errors, "desk_name", values.desk_name, 60)
        phone = check_phone(errors, "desk_phone", values.desk_phone, required=True)
        _check_range(errors, "idle_lock_minutes", values.idle_lock_minutes, 0, MAX_IDLE_LOCK_MINUTES)
        folder = _check_folder(errors, "backup_dir", values.backup_dir)
        errors.raise_if_any()
        return replace(values, community_name=name, street=street, desk_name=desk_name, desk_phone=phone,
                       backup_dir=folder)

    def _rows(self, session: Session) -> tuple[Community, Desk]:
        community = session.scalar(select(Community).limit(1))
        desk = session.scalar(select(Desk).where(Desk.code == self._db.desk_code))
        if community is None or desk is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "The community has not been set up yet."))
        return community, desk

    def _save_local(self, actor: Actor, **changes: object) -> None:
        """desk.json: only what changed, logged; the backup folder applies at once."""
        settings = self._settings
        changed = {key: value for key, value in changes.items() if getattr(settings, key) != value}
        if not changed:
            return
        updated = replace(settings, **changed)  # type: ignore[arg-type]
        updated.save(self._paths.data_dir)  # a disk error leaves the running settings as they were
        for key, value in changed.items():
            log.info("desk.json: %s changed %s from %r to %r", actor.username, key, getattr(settings, key), value)
            setattr(settings, key, value)
        self._backups.folder = Path(settings.backup_dir) if settings.backup_dir else self._paths.backups


def _check_range(errors: FieldErrors, field_name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        errors.add(field_name, QT_TRANSLATE_NOOP("errors", "Between {low} and {high}, please."), low=low, high=high)


def _check_folder(errors: FieldErrors, field_name: str, folder: str) -> str:
    """A folder that is there now (the USB stick plugged in while it is chosen), written as a full path."""
    text = folder.strip()
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.is_absolute():
        errors.add(field_name, QT_TRANSLATE_NOOP("errors", "Give the folder's full path, e.g. E:\\备份."))
    elif not path.is_dir():
        errors.add(field_name, QT_TRANSLATE_NOOP(
            "errors", "The folder {folder} is not there. Plug in the USB stick first."), folder=str(path))
    return str(path)

