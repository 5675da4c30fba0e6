"""Backups of the embedded database: SQLite's online backup API (never a file copy of a live database),
kept in a folder of the desk's choosing (a USB stick), rotated to the newest N, checked before a restore.
A shared PostgreSQL server is backed up on the server (pg_dump), not from a desk.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.services.core.clock import local
from app.services.core.db import Database, sqlite_backup
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, NotFound, ValidationError

BACKUP_RE = re.compile(r"^desk-(\d{8}-\d{6})(?:-\w+)?\.sqlite3$")
DAILY = timedelta(hours=24)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    size: int


class BackupService:
    def __init__(self, db: Database, folder: Path, keep: int = 14) -> None:
        self._db = db
        self.folder = folder
        self.keep = keep

    def _source(self) -> Path:
        path = self._db.sqlite_path
        if path is None:
            raise Conflict(QT_TRANSLATE_NOOP(
                "errors", "This desk uses a shared database server; back it up on the server (pg_dump)."))
        return path

    def backup_now(self, folder: Path | None = None, reason: str = "manual") -> BackupInfo:
        """A consistent copy even while the desk is in use; then only the newest ``keep`` are kept."""
        source = self._source()
        target_dir = folder or self.folder
        stamp = local(self._db.clock.now()).strftime("%Y%m%d-%H%M%S")
        target = target_dir / f"desk-{stamp}-{reason}.sqlite3"
        tmp = target.with_suffix(".partial")
        sqlite_backup(source, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        self._rotate(target_dir)
        return BackupInfo(target, self._db.clock.now(), target.stat().st_size)

    def list(self, folder: Path | None = None) -> list[BackupInfo]:
        """Backups in the folder, newest first."""
        found = []
        for path in (folder or self.folder).glob("desk-*.sqlite3"):
            m = BACKUP_RE.match(path.name)
            if m:
                made = datetime.strptime(m[1], "%Y%m%d-%H%M%S").replace(tzinfo=local(self._db.clock.now()).tzinfo)
                found.append(BackupInfo(path, made, path.stat().st_size))
        return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)

    def _rotate(self, folder: Path) -> None:
        for old in self.list(folder)[self.keep:]:
            old.path.unlink(missing_ok=True)

    def backup_if_due(self) -> BackupInfo | None:
        """The daily backup: made when the newest is older than a day (or there is none)."""
        if self._db.sqlite_path is None:
            return None
        newest = self.list()
        if newest and self._db.clock.now() - newest[0].made_at < DAILY:
            return None
        return self.backup_now(reason="daily")

    @staticmethod
    def check(path: Path) -> str:
        """Integrity of a backup file; returns its schema revision or raises ValidationError."""
        if not path.is_file():
            raise NotFound(QT_TRANSLATE_NOOP("errors", "No backup file at {path}."), path=str(path))
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
                result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
                revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ValidationError.single("file", QT_TRANSLATE_NOOP(
                "errors", "{path} is not a readable desk database: {error}"), path=str(path), error=str(exc)) from None
        if result != ["ok"]:
            raise ValidationError.single("file", QT_TRANSLATE_NOOP(
                "errors", "The backup {path} is damaged: {detail}"), path=str(path), detail="; ".join(result[:3]))
        if revision is None:
            raise ValidationError.single("file", QT_TRANSLATE_NOOP(
                "errors", "{path} is not a desk database."), path=str(path))
        return str(revision[0])

    def restore(self, path: Path) -> BackupInfo:
        """Replace the database with a checked backup, after backing up the current one.

        The engine is disposed first; the caller opens the services again afterwards (the restored file
        may be at an older schema revision, which the next start migrates).
        """
        target = self._source()
        self.check(path)
        safety = self.backup_now(reason="before-restore")
        self._db.dispose()
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        tmp = target.with_suffix(".restoring")
        shutil.copyfile(path, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        return safety
