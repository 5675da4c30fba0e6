"""Backups of the embedded database: SQLite's online backup API (never a file copy of a live database),
kept in a folder of the desk's choosing (a USB stick), rotated to the newest N, checked before a restore.
A shared PostgreSQL server is backed up on the server (pg_dump), not from a desk.

The copy itself (in steps, from one snapshot, checked, renamed into place) is ``app.services.core.backup_copy``. Any
number of threads may ask for a backup: they are made one at a time, and ``finish_or_stop`` lets the desk close
within a second whatever is running. Which backup is due (``due``): the daily one when the newest backup is a day
old, the end-of-day one when something was written after the newest backup (read from the audit trail, so a desk
closed before it was made makes it at the next start).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.models import AuditAnchor, AuditEntry, AuditHead
from app.services.core.anchors import BACKUP, note_backup
from app.services.core.auth import Actor, Permission, require, require_account
from app.services.core.backup_copy import STEP_PAGES, BackupStopped, CopyDamaged, Report, copy_database
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.dblock import DatabaseLock
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, NotFound, ValidationError
from app.services.core.files import writing
from app.services.core.storage import SQLITE_FULL, sqlite_code

BACKUP_RE = re.compile(r"^desk-(\d{8}-\d{6})(?:-([\w-]+))?\.sqlite3$")
SAFETY = "before-restore"  # the database as it was before a restore: listed, rotated apart from the others
SAFETY_KEPT = 5            # safety copies kept: a restore repeated in a loop does not fill the disk
DAILY = timedelta(hours=24)
DAILY_REASON, END_OF_DAY = "daily", "exit"  # the file names' words ("exit": it was made at closing until issue 18)
END_OF_DAY_GAP = timedelta(hours=1)  # the end-of-day backup at most once an hour; only the day's newest is kept


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
        self.step_pages = STEP_PAGES         # pages copied between two looks at the stop flag
        self._turn = threading.Lock()        # one backup at a time
        self._jobs = threading.Condition()   # guards ``_stops``; told when a backup ends
        self._stops: list[threading.Event] = []  # one per backup running or waiting for its turn

    @property
    def busy(self) -> bool:
        """A backup is running or waiting for its turn."""
        with self._jobs:
            return bool(self._stops)

    def finish_or_stop(self, grace: float = 0.6, within: float = 1.0) -> bool:
        """For the desk closing: a backup that ends within ``grace`` seconds is let finish, any other is stopped
        between two steps (its temporary file removed, the backups already made untouched). Returns True when none
        runs any more, at most ``within`` seconds after the call."""
        deadline = time.monotonic() + within
        with self._jobs:
            if self._jobs.wait_for(lambda: not self._stops, timeout=grace):
                return True
            for stop in self._stops:
                stop.set()
            return self._jobs.wait_for(lambda: not self._stops, timeout=max(deadline - time.monotonic(), 0.0))

    @contextmanager
    def _job(self) -> Iterator[threading.Event]:
        """This backup's stop flag, once it is its turn."""
        stop = threading.Event()
        with self._jobs:
            self._stops.append(stop)
        try:
            while not self._turn.acquire(timeout=0.05):
                if stop.is_set():
                    raise BackupStopped()
            try:
                yield stop
            finally:
                self._turn.release()
        finally:
            with self._jobs:
                self._stops.remove(stop)
                self._jobs.notify_all()

    def _source(self) -> Path:
        path = self._db.sqlite_path
        if path is None:
            raise Conflict(QT_TRANSLATE_NOOP(
                "errors", "This desk uses a shared database server; back it up on the server (pg_dump)."))
        return path

    def backup_now(self, folder: Path | None = None, reason: str = "manual",
                   report: Report | None = None) -> BackupInfo:
        """A consistent copy even while the desk is in use; then only the newest ``keep`` are kept. ``report(done,
        total)`` is called from this thread after each step of the copy. Raises ``BackupStopped`` when
        ``finish_or_stop`` stopped it."""
        with self._job() as stop:
            return self._backup(folder, reason, report, stop)

    def _backup(self, folder: Path | None, reason: str, report: Report | None, stop: threading.Event) -> BackupInfo:
        source = self._source()
        target_dir = folder or self._own_folder()
        stamp = local(self._db.clock.now()).strftime("%Y%m%d-%H%M%S")
        target = target_dir / f"desk-{stamp}-{reason}.sqlite3"
        if target_dir.exists() and not target_dir.is_dir():
            raise ValidationError.single("folder", QT_TRANSLATE_NOOP(
                "errors", "{path} is a file, not a folder: give the folder to put the backup in."),
                path=str(target_dir))
        target_dir.mkdir(parents=True, exist_ok=True)
        try:  # a full USB stick leaves no partial backup behind
            copy_database(source, target, report=report, stopped=stop.is_set, step_pages=self.step_pages)
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
        """The newest ``keep`` (of which only each day's newest end-of-day backup), and the newest safety copies."""
        made = self.list(folder)
        days: set[object] = set()
        kept = []
        for b in made:
            if b.reason == END_OF_DAY:
                if b.made_at.date() in days:
                    b.path.unlink(missing_ok=True)
                    continue
                days.add(b.made_at.date())
            kept.append(b)
        for old in [b for b in kept if b.reason != SAFETY][self.keep:] + [b for b in kept if b.reason == SAFETY][
                SAFETY_KEPT:]:
            old.path.unlink(missing_ok=True)

    def due(self) -> str | None:
        """Which automatic backup is due now: ``daily`` when the newest is a day old (or there is none),
        ``exit`` (end of day) when something was written after the newest backup and it is an hour old, else None.
        Reads the folder and the audit trail's newest entries only: cheap at any size."""
        if self._db.sqlite_path is None:
            return None
        newest = self.list()
        age = self._db.clock.now() - newest[0].made_at if newest else DAILY
        if age >= DAILY:
            return DAILY_REASON
        if age >= END_OF_DAY_GAP and self.written_since_backup():
            return END_OF_DAY
        return None

    def written_since_backup(self) -> bool:
        """Whether a chain of the audit trail (every write is in it) has an entry after the newest backup noted in
        the desk's list of published heads, other than that note itself."""
        with self._db.reading() as session:
            for desk, seq in session.execute(select(AuditHead.desk_code, AuditHead.seq)).all():
                anchored = session.scalar(select(func.max(AuditAnchor.seq)).where(
                    AuditAnchor.place == BACKUP, AuditAnchor.chain_desk == desk)) or 0
                if seq > anchored and session.scalar(select(AuditEntry.seq).where(
                        AuditEntry.desk_code == desk, AuditEntry.seq > anchored,
                        AuditEntry.entity != AuditAnchor.__tablename__).limit(1)) is not None:
                    return True
        return False

    def backup_if_due(self, report: Report | None = None) -> BackupInfo | None:
        """The automatic backup ``due`` says, if any."""
        reason = self.due()
        return self.backup_now(reason=reason, report=report) if reason is not None else None

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
        with self._job() as stop:  # no automatic backup starts while the file is replaced
            return self._replace(target, path, stop)

    def _replace(self, target: Path, path: Path, stop: threading.Event) -> BackupInfo:
        if self._lock is not None:
            self._lock.exclusive()
        try:
            self._db.dispose()
            safety = self._safety_copy(target, stop)
            for suffix in ("-wal", "-shm"):  # nobody else has the file open: what the WAL held is in the copy
                Path(str(target) + suffix).unlink(missing_ok=True)
            with writing(target) as tmp:
                shutil.copyfile(path, tmp)
        finally:
            if self._lock is not None:
                self._lock.shared()
        return safety

    def _safety_copy(self, target: Path, stop: threading.Event) -> BackupInfo:
        """The database as it was: SQLite's backup of it, or when SQLite cannot read it (damaged) its files."""
        try:
            return self._backup(None, SAFETY, None, stop)
        except (sqlite3.DatabaseError, CopyDamaged):
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

    def back_up(self, actor: Actor, report: Report | None = None) -> BackupInfo:
        """Back up now into the chosen folder (any account: a backup loses nothing)."""
        with self._db.reading() as session:
            require_account(session, actor)
        return self.backup_now(report=report)

    def restore_backup(self, actor: Actor, path: Path) -> BackupInfo:
        """``restore`` for the administrator (MANAGE_BACKUPS): returns the backup of the database as it was. The
        services must be opened again afterwards (the app goes back to the log-in)."""
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_BACKUPS)
        return self.restore(path)
