"""Whether the desk's SQLite file is sound, without reading it whole at every start.

``PRAGMA quick_check`` reads every page: 4 s warm and up to a minute cold at a million requests, before the clerk
saw anything. A clean close now leaves a marker beside the file (``desk.sqlite3.closed``): the file's size, times
and inode as the desk left them, and when it was last checked. The next start decides from it:

- the marker is there and the file is exactly as it was left: sound, no check (the usual morning);
- the marker is there but the last full check is over a week old: a check in the background, writes go on (the
  file was sound at close; this is for a disk that rots silently);
- no marker (the desk or the PC stopped without closing: power cut, crash, killed), or the file changed while the
  desk was closed (copied over, restored by hand, scribbled on by a failing disk, even with its modification time
  put back: the change time cannot be set): a check in the background, and **every write waits for its verdict**
  (``Database.transaction`` passes through ``IntegrityCheck.before_write``). A damaged file is refused before
  anything is written to it, whatever the clerk does meanwhile; reading goes on.

The marker is taken away as soon as the database is open, so a crash leaves none. It is written back only by the
last process to close the file (a command run while the desk app is open does not write it), and only when the
check that was due has finished sound. The check runs on a connection of its own (read-only), estimates its progress
from how long the last check of the file took and is interrupted within milliseconds when the desk closes (it runs
again at the next start). Commands (``main.py ...``) wait for a check that is due before they do anything, as before.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from app.services.core.errors import DomainError
from app.services.core.storage import DAMAGE, sqlite_code

log = logging.getLogger(__name__)

CHECK_EVERY = timedelta(days=7)
MB_PER_SECOND = 100.0       # the progress bar's first guess, before this file's own check was timed (measured at a
                            # million requests: 320 MB/s with the file in memory, 53 MB/s from a cold disk)
MARKER_VERSION = 1


class Reason(StrEnum):
    """Why a check runs (none: the marker vouches for the file)."""
    UNCLEAN = "unclean"   # no marker: the last run did not close the database
    CHANGED = "changed"   # the file is not as the last run left it
    WEEKLY = "weekly"     # sound at close, but not checked for a week
    ASKED = "asked"       # a command or a test asked for it


GATED = (Reason.UNCLEAN, Reason.CHANGED, Reason.ASKED)  # writes wait for these checks' verdict


class State(StrEnum):
    NOT_NEEDED = "not-needed"
    RUNNING = "running"
    SOUND = "sound"
    DAMAGED = "damaged"
    STOPPED = "stopped"     # the desk closed before the check finished: it runs again next time


@dataclass(frozen=True)
class FileStamp:
    """What changes whenever the file's bytes do: size, modification and change times (the change time cannot be
    set back by a program), and the inode (a copy put in its place is another file)."""
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@dataclass(frozen=True)
class Marker:
    stamp: FileStamp
    checked_at: str            # ISO time of the last full check that found the file sound ("" if never)
    check_seconds: float = 0.0  # how long that check took (the next progress bar's 100 %, scaled by the size)

    def checked(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.checked_at) if self.checked_at else None
        except ValueError:
            return None


def marker_path(database: Path) -> Path:
    return database.with_name(database.name + ".closed")


def read_marker(database: Path) -> Marker | None:
    """The marker of the last clean close, or None (missing, unreadable or of another version: as good as none)."""
    try:
        raw = json.loads(marker_path(database).read_text(encoding="utf-8"))
        if raw.get("version") != MARKER_VERSION:
            return None
        return Marker(FileStamp(**raw["stamp"]), str(raw.get("checked_at", "")), float(raw.get("check_seconds", 0)))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def remove_marker(database: Path) -> None:
    """Taken away once the database is open: from now on, only a clean close puts it back."""
    try:
        marker_path(database).unlink(missing_ok=True)
    except OSError as exc:  # a marker that cannot go would vouch for a file after a crash: check next time anyway
        log.warning("cannot remove %s: %s", marker_path(database), exc)


def write_marker(database: Path, marker: Marker) -> None:
    """Written at a clean close, after the last connection has gone (the file's stamp is final), durably."""
    path = marker_path(database)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"version": MARKER_VERSION, **asdict(marker)}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # no marker: the next start checks, which is safe
        log.warning("cannot write %s: %s", path, exc)
        tmp.unlink(missing_ok=True)


def reason_to_check(database: Path, marker: Marker | None, now: datetime) -> Reason | None:
    """What the marker says about the file now: no check, or why one is due."""
    if not database.exists():
        return None  # a new database: made by this run
    if marker is None:
        return Reason.UNCLEAN
    if FileStamp.of(database) != marker.stamp:
        return Reason.CHANGED
    wal = database.with_name(database.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:  # a clean close leaves no journal to replay
        return Reason.CHANGED
    checked = marker.checked()
    if checked is None or now - checked >= CHECK_EVERY:
        return Reason.WEEKLY
    return None


def quick_check(database: Path, connected: Callable[[sqlite3.Connection], bool] | None = None) -> list[str]:
    """SQLite's quick_check on a read-only connection of its own: an empty list when sound, else what is wrong.
    ``connected(conn)`` is told the connection before the check starts (another thread may ``interrupt()`` it:
    ``sqlite3.OperationalError: interrupted``); returning True stops before starting. (SQLite's progress handler is
    no use here: the whole check is one step of its virtual machine.)"""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, check_same_thread=False)) as conn:
        if connected is not None and connected(conn):
            raise sqlite3.OperationalError("interrupted")
        result = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
    return [] if result == ["ok"] else result


class IntegrityCheck:
    """One database's check for this run: not needed, or running in the background until its verdict.

    ``damaged(problems)`` makes the refusal (with the advice of which backup to restore) that writes get once the
    file is found damaged.
    """

    def __init__(self, database: Path, reason: Reason | None, marker: Marker | None,
                 damaged: Callable[[list[str]], DomainError], vouches: bool = True) -> None:
        self.database = database
        self.vouches = vouches  # False: another process had the file open at the start; the last one to close it
        #                         and that had it alone then leaves the marker
        self.reason = reason
        self._previous = marker
        self._damaged = damaged
        self._done = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._started = 0.0
        self._expected = self._expected_seconds(marker, database.stat().st_size if database.exists() else 0)
        self.state = State.NOT_NEEDED if reason is None else State.RUNNING
        self.problems: list[str] = []
        self.error: sqlite3.DatabaseError | None = None
        self.seconds = 0.0
        self.finished_at: datetime | None = None
        self._thread: threading.Thread | None = None
        if reason is None:
            self._done.set()

    @staticmethod
    def _expected_seconds(marker: Marker | None, size: int) -> float:
        if marker is not None and marker.check_seconds > 0 and marker.stamp.size > 0:
            return max(0.1, marker.check_seconds * size / marker.stamp.size)
        return max(0.1, size / 1e6 / MB_PER_SECOND)

    # --- what the desk asks -------------------------------------------------------------------------

    @property
    def gated(self) -> bool:
        """Whether writes wait for this check's verdict."""
        return self.reason in GATED

    @property
    def running(self) -> bool:
        return self.state == State.RUNNING

    def progress(self) -> float:
        """How far the check is, 0 to 1: the time it has run against the time the last check of this file took
        (scaled by its size), an estimate that never says 1 before the end."""
        if self.state != State.RUNNING:
            return 1.0
        if not self._started:
            return 0.0
        return min((time.monotonic() - self._started) / self._expected, 0.99)

    def before_write(self) -> None:
        """Called by every write: waits for a gated check's verdict, then refuses if the file is damaged."""
        if self.gated:
            self._done.wait()
        if self.state == State.DAMAGED:
            raise self.refusal()

    def refusal(self) -> DomainError:
        """What a write is told once the file is found damaged (the advice names the backup to restore)."""
        return self._damaged(self.problems)

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    # --- running it ---------------------------------------------------------------------------------

    def start(self) -> None:
        """In the background (a daemon thread: a check left running never keeps the process alive)."""
        if self.reason is None or self._thread is not None:
            return
        log.info("integrity check of %s started (%s)", self.database, self.reason)
        self._thread = threading.Thread(target=self.run, name="integrity-check", daemon=True)
        self._thread.start()

    def run(self) -> None:
        """The check itself, on the calling thread (``start`` runs it on one of its own)."""
        if self.reason is None or self._done.is_set():
            return
        started = self._started = time.monotonic()
        try:
            problems = quick_check(self.database, self._connected)
        except sqlite3.DatabaseError as exc:
            if self._stop.is_set():  # interrupted: the desk is closing
                self._finish(State.STOPPED, [], started)
                return
            if sqlite_code(exc) not in DAMAGE:  # the file could not be read (a folder's rights, a full disk...):
                self.error = exc                # not a verdict on the file; said by the storage refusal, checked
                self._finish(State.STOPPED, [], started)  # again next time
                return
            problems = [str(exc)]  # not a database, or its header is gone
        self._finish(State.DAMAGED if problems else State.SOUND, problems, started)

    def _connected(self, conn: sqlite3.Connection) -> bool:
        with self._lock:
            self._conn = conn
            return self._stop.is_set()

    def _finish(self, state: State, problems: list[str], started: float) -> None:
        with self._lock:
            self._conn = None
        self.seconds = time.monotonic() - started
        self.problems = problems
        self.state = state
        self.finished_at = datetime.now().astimezone()
        if state == State.DAMAGED:
            log.error("integrity check of %s: damaged: %s", self.database, "; ".join(problems[:5]))
        else:
            log.info("integrity check of %s: %s after %.1f s", self.database, state, self.seconds)
        self._done.set()

    def stop(self, timeout: float = 1.0) -> None:
        """Stop a running check (the desk is closing); it runs again at the next start."""
        with self._lock:
            self._stop.set()
            if self._conn is not None:
                try:
                    self._conn.interrupt()  # SQLite stops the check within milliseconds
                except sqlite3.ProgrammingError:  # closed a moment ago: the check has just ended by itself
                    pass
        if self._thread is not None:
            self._thread.join(timeout)

    def marker_at_close(self, database: Path, now: datetime) -> Marker | None:
        """The marker a clean close leaves, or None when the file must be checked next time (the check that was due
        did not finish, or found damage, or this run cannot vouch for the whole of its life)."""
        if not self.vouches or self.state in (State.RUNNING, State.STOPPED, State.DAMAGED):
            return None
        if self.state == State.SOUND:
            checked_at, seconds = now.isoformat(), self.seconds
        else:
            previous = self._previous
            checked_at = previous.checked_at if previous is not None else ""
            seconds = previous.check_seconds if previous is not None else 0.0
        return Marker(FileStamp.of(database), checked_at, seconds)
