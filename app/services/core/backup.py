"""Backups of the embedded database: SQLite's online backup API (never a file copy of a live database),
kept in a folder of the desk's choosing (a USB stick), rotated to the newest N, checked before a restore.
A shared PostgreSQL server is backed up on the server (pg_dump), not from a desk.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from collections.abc import Collection
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.services.core.anchors import note_backup
from app.services.core.auth import Actor, Permission, require, require_account
from app.services.core.clock import local
from app.services.core.db import Database, sqlite_backup
from app.services.core.dblock import DatabaseLock
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, NotFound, ValidationError
from app.services.core.files import writing
from app.services.core.storage import SQLITE_FULL, sqlite_code

BACKUP_RE = re.compile(r"^desk-(\d{8}-\d{6})(?:-([\w-]+))?\.sqlite3$")
SAFETY = "before-restore"  # the database as it was before a restore: listed, rotated apart from the others
SAFETY_KEPT = 5            # safety copies kept: a restore repeated in a loop does not fill the disk
DAILY = timedelta(hours=24)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    size: int
    reason: str = ""  # daily, exit, manual, before-restore (from the file name)


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds, read from the file itself (read-only)."""

    residents: int
    requests: int
    newest_request_at: datetime | None  # UTC; None when it holds no request
    revision: str                       # its schema revision (an older one is migrated after a restore)


@dataclass(frozen=True)
class BackupEntry:
    info: BackupInfo
    contents: BackupContents | None  # None: the file cannot be read as a desk database
    problem: str = ""                # why not (English, as SQLite says it)


@dataclass(frozen=True)
class BackupOverview:
    """The backup folder as the desk's 备份与恢复 dialog shows it."""

    on_server: bool       # a shared PostgreSQL database: backed up on the server, not here
    folder: Path
    folder_missing: bool  # the chosen folder (a USB stick) is not there
    is_default: bool      # the data folder's own backups/, not a folder of the desk's choosing
    entries: tuple[BackupEntry, ...]


class BackupService:
    def __init__(self, db: Database, folder: Path, keep: int = 14, default_folder: Path | None = None,
                 lock: DatabaseLock | None = None) -> None:
        self._db = db
        self._lock = lock  # held shared while the services are open; taken alone around a restore
        self.folder = folder
        self.keep = keep
        self.default_folder = default_folder or folder  # created when missing; a chosen folder never is

    def _source(self) -> Path:
        path = self._db.sqlite_path
        if path is None:
            raise Conflict(QT_TRANSLATE_NOOP(
                "errors", "This desk uses a shared database server; back it up on the server (pg_dump)."))
        return path

    def backup_now(self, folder: Path | None = None, reason: str = "manual") -> BackupInfo:
        """A consistent copy even while the desk is in use; then only the newest ``keep`` are kept."""
        source = self._source()
        target_dir = folder or self._own_folder()
        stamp = local(self._db.clock.now()).strftime("%Y%m%d-%H%M%S")
        target = target_dir / f"desk-{stamp}-{reason}.sqlite3"
        if target_dir.exists() and not target_dir.is_dir():
            raise ValidationError.single("folder", QT_TRANSLATE_NOOP(
                "errors", "{path} is a file, not a folder: give the folder to put the backup in."),
                path=str(target_dir))
        target_dir.mkdir(parents=True, exist_ok=True)
        with writing(target) as tmp:  # a full USB stick leaves no partial backup behind
            try:
                sqlite_backup(source, tmp)
            except sqlite3.OperationalError as exc:  # SQLite's word for the target's full disk: said as the OS would
                if sqlite_code(exc) == SQLITE_FULL:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target)) from exc
                raise
        note_backup(self._db, target)  # the chain's head it carries joins the desk's list of published heads
        self._rotate(target_dir)
        return BackupInfo(target, self._db.clock.now(), target.stat().st_size, reason)

    def _own_folder(self) -> Path:
        """The folder of the desk's choosing, refused when it is not there: a USB stick that is not plugged in
        must not turn into a folder of that name on the local disk, where nobody would look for the backups."""
        if not self.folder.is_dir():
            if self.folder != self.default_folder:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "The backup folder {folder} is not there. Plug in the USB stick, or choose another "
                    "folder in File > Backup and restore."), folder=str(self.folder))
            self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder

    def list(self, folder: Path | None = None) -> list[BackupInfo]:
        """Backups in the folder, newest first."""
        found = []
        where = folder or self.folder
        if not where.is_dir():
            return []
        for path in where.glob("desk-*.sqlite3"):
            m = BACKUP_RE.match(path.name)
            if m:
                made = datetime.strptime(m[1], "%Y%m%d-%H%M%S").replace(tzinfo=local(self._db.clock.now()).tzinfo)
                found.append(BackupInfo(path, made, path.stat().st_size, m[2] or ""))
        return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)

    def _rotate(self, folder: Path) -> None:
        made = self.list(folder)
        for old in [b for b in made if b.reason != SAFETY][self.keep:] + [b for b in made if b.reason == SAFETY][
                SAFETY_KEPT:]:
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
    def check(path: Path, known: Collection[str] | None = None) -> str:
        """Integrity of a backup file; returns its schema revision or raises ValidationError. With ``known`` (the
        revisions this program can migrate from), a backup made by a newer program is refused too."""
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
        if known is not None and str(revision[0]) not in known:
            raise ValidationError.single("file", QT_TRANSLATE_NOOP(
                "errors", "The backup {path} was made by a newer version of Community Desk (schema {revision}); this "
                "version cannot open it, so it is not restored. Nothing was changed. Install the newer version to "
                "restore it."), path=str(path), revision=str(revision[0]))
        return str(revision[0])

    def restore(self, path: Path) -> BackupInfo:
        """Replace the database with a checked backup, after keeping a copy of the current one.

        Refused (``Conflict``, nothing changed) while another process has the database open: the desk app or a
        command would go on writing into a file that is no longer the database (``app.services.core.dblock``).
        Works on a damaged database too (that is when it is needed): its copy is then taken file by file. The
        engine is disposed; the caller opens the services again afterwards (the restored file may be at an older
        schema revision, which the next start migrates).
        """
        target = self._source()
        self.check(path, self._db.known_revisions())
        if self._lock is not None:
            self._lock.exclusive()
        try:
            self._db.dispose()
            safety = self._safety_copy(target)
            for suffix in ("-wal", "-shm"):  # nobody else has the file open: what the WAL held is in the copy
                Path(str(target) + suffix).unlink(missing_ok=True)
            with writing(target) as tmp:
                shutil.copyfile(path, tmp)
        finally:
            if self._lock is not None:
                self._lock.shared()
        return safety

    def _safety_copy(self, target: Path) -> BackupInfo:
        """The database as it was: SQLite's backup of it, or when SQLite cannot read it (damaged) its files."""
        try:
            return self.backup_now(reason=SAFETY)
        except sqlite3.DatabaseError:
            folder = self._own_folder()
            stamp = local(self._db.clock.now()).strftime("%Y%m%d-%H%M%S")
            copy = folder / f"desk-{stamp}-{SAFETY}.sqlite3"
            for suffix in ("", "-wal"):
                if Path(str(target) + suffix).exists():
                    with writing(Path(str(copy) + suffix)) as tmp:
                        shutil.copyfile(Path(str(target) + suffix), tmp)
            return BackupInfo(copy, self._db.clock.now(), copy.stat().st_size, SAFETY)

    @staticmethod
    def describe(path: Path) -> BackupContents:
        """How many residents and requests a backup holds, and its newest request: read-only, nothing written."""
        if not path.is_file():
            raise NotFound(QT_TRANSLATE_NOOP("errors", "No backup file at {path}."), path=str(path))
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
                residents = conn.execute("SELECT count(*) FROM resident").fetchone()[0]
                requests, newest = conn.execute('SELECT count(*), max(created_at) FROM "case"').fetchone()
                revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ValidationError.single("file", QT_TRANSLATE_NOOP(
                "errors", "{path} is not a readable desk database: {error}"), path=str(path), error=str(exc)) from None
        if revision is None:
            raise ValidationError.single("file", QT_TRANSLATE_NOOP(
                "errors", "{path} is not a desk database."), path=str(path))
        newest_at = datetime.fromisoformat(str(newest)).replace(tzinfo=UTC) if newest else None
        return BackupContents(int(residents), int(requests), newest_at, str(revision[0]))

    # --- for the desk's dialog: the same steps, with the caller's permission checked here ----------------

    def overview(self, actor: Actor) -> BackupOverview:
        """The backups in the chosen folder, newest first, each with what it holds (any account)."""
        with self._db.reading() as session:
            require_account(session, actor)
        on_server = self._db.sqlite_path is None
        entries = []
        for info in [] if on_server else self.list():
            try:
                entries.append(BackupEntry(info, self.describe(info.path)))
            except (ValidationError, NotFound, OSError) as exc:
                entries.append(BackupEntry(info, None, str(exc)))
        return BackupOverview(on_server, self.folder, not self.folder.is_dir(), self.folder == self.default_folder,
                              tuple(entries))

    def back_up(self, actor: Actor) -> BackupInfo:
        """Back up now into the chosen folder (any account: a backup loses nothing)."""
        with self._db.reading() as session:
            require_account(session, actor)
        return self.backup_now()

    def restore_backup(self, actor: Actor, path: Path) -> BackupInfo:
        """``restore`` for the administrator (MANAGE_BACKUPS): returns the backup of the database as it was. The
        services must be opened again afterwards (the app goes back to the log-in)."""
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_BACKUPS)
        return self.restore(path)
