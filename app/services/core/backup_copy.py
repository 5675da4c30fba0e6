"""The copy behind every backup: SQLite's online backup API in steps, stoppable between two steps.

- The source is read in one read transaction held for the whole copy (``mode=ro``): under WAL the desk's writes go on
  meanwhile and the copy is the database as it was when the backup began. Without it SQLite starts the copy again
  from the first page whenever another connection writes, and a busy desk's backup would never end.
- The copy goes to a temporary file beside the backup (``app.services.core.files.writing``), without a journal (a
  half-written temporary file is thrown away, never used); it is flushed to the disk every ``SYNC_BYTES`` so that the
  last flush is short, checked (``_check_structure``), flushed, and only then renamed into place. Stopped, failed
  or interrupted, it is removed and the backups already there are untouched.
- No memory map of the source: it made the copy no faster under load and the GUI thread's worst stall during it
  three times longer (page faults waiting for the disk hold the process's memory map lock, which the GUI thread
  needs to allocate; measured with ``benchmarks/backup_bench.py``'s probe: 143-216 ms against 43-67 ms).
- ``stopped()`` is asked after every step of ``STEP_PAGES`` pages and after every flush: stopping waits for one step
  and at most one flush, which is what lets the desk close within a second during a backup.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, DomainError
from app.services.core.files import writing

Report = Callable[[int, int], None]  # report(done, total): pages copied of the pages to copy
STEP_PAGES = 1024                 # 4 MB of 4 KB pages a step: as fast as bigger steps, a stop waits less (measured)
SYNC_BYTES = 32 * 1024 * 1024     # flushed every 32 MB: no flush (nor the last) takes long, even on a busy disk
CHECK = "structure"               # the copy's check (see ``_check_structure``; quick_check measured against it)
CHECK_EVERY = 20_000              # SQLite instructions between two looks at ``stopped`` during the check
PARTIAL_RE = re.compile(r"^\.desk-.*\.sqlite3\.(\d+)\.partial$")


class BackupStopped(DomainError):
    """The backup was stopped between two steps (the desk is closing): its temporary file is removed."""

    def __init__(self) -> None:
        super().__init__(QT_TRANSLATE_NOOP(
            "errors", "The backup was stopped because the desk is closing. Nothing of it was kept and the backups "
            "already made are untouched; it is made again at the next start."))


class CopyDamaged(Conflict):
    """The copy did not pass its check (a write to the backup medium went wrong): it is removed."""

    def __init__(self, detail: str) -> None:
        super().__init__(QT_TRANSLATE_NOOP(
            "errors", "The backup copy did not pass its check ({detail}), so it was not kept; the backups already "
            "made are untouched. Check the backup folder (a failing USB stick?) and back up again; if it fails "
            "again, the database itself may be damaged: ask IT staff to run main.py verify."), detail=detail)


def copy_database(source: Path, target: Path, *, report: Report | None = None,
                  stopped: Callable[[], bool] = lambda: False, step_pages: int = STEP_PAGES,
                  check: str = CHECK) -> None:
    """Copy the SQLite database ``source`` to ``target``, complete and checked or not at all (see the module's text).
    ``check``: ``structure`` (the desk's), ``quick_check`` or ``none``. Raises ``BackupStopped`` when ``stopped()``
    turns true, ``CopyDamaged`` when the copy's check fails, and SQLite's or the system's error otherwise (a full
    disk, a missing folder)."""
    remove_stale_partials(target.parent)
    with writing(target) as tmp:
        pages = _copy(source, tmp, report, stopped, step_pages)
        if check == "structure":
            _check_structure(tmp, pages)
        elif check == "quick_check":
            _quick_check(tmp, stopped)
        if stopped():
            raise BackupStopped()


def _copy(source: Path, tmp: Path, report: Report | None, stopped: Callable[[], bool], step_pages: int) -> int:
    """The copy; returns the pages it holds."""
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, isolation_level=None,
                                 check_same_thread=False)) as src:
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # the snapshot the whole copy is taken from
        page_size = int(src.execute("PRAGMA page_size").fetchone()[0])
        with closing(sqlite3.connect(tmp, isolation_level=None, check_same_thread=False)) as dst:
            dst.execute("PRAGMA journal_mode=OFF")  # a temporary file: thrown away if anything goes wrong
            dst.execute("PRAGMA synchronous=OFF")   # flushed by us, every SYNC_BYTES and before the rename
            with open(tmp, "rb+") as handle:
                flushed = [0]

                def step(_status: int, remaining: int, total: int) -> None:
                    if stopped():
                        raise BackupStopped()
                    done = total - remaining
                    if (done - flushed[0]) * page_size >= SYNC_BYTES:
                        os.fsync(handle.fileno())
                        flushed[0] = done
                        if stopped():  # asked while the flush waited for the disk
                            raise BackupStopped()
                    if report is not None:
                        report(done, total)

                src.backup(dst, pages=step_pages, progress=step)
            dst.execute("PRAGMA journal_mode=DELETE")  # the copy carries the source's WAL flag: a file on its own
        pages = int(src.execute("PRAGMA page_count").fetchone()[0])  # of the snapshot the copy was made from
        src.execute("COMMIT")
    return pages


def _check_structure(path: Path, pages: int) -> None:
    """The copy is whole and opens as a desk database: every page of the snapshot is in the file (its size and
    SQLite's page count), and its schema and revision read. Page for page, SQLite's own image of a source that is
    checked itself (at start, and in full before any restore); ``quick_check`` would read the whole copy again and
    doubled the backup's time at a million requests (``benchmarks/backup_bench.py``)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)) as conn:
        try:
            page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
            counted = int(conn.execute("PRAGMA page_count").fetchone()[0])
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
            conn.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.DatabaseError as exc:
            raise CopyDamaged(str(exc)) from None
    if counted != pages or path.stat().st_size != pages * page_size:
        raise CopyDamaged(f"{counted} of {pages} pages")


def _quick_check(path: Path, stopped: Callable[[], bool]) -> None:
    """SQLite's quick_check of the copy (for the benchmark's comparison): every page read and every b-tree walked,
    without the index-against-table comparison of integrity_check. Stopped through SQLite's progress handler."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)) as conn:
        conn.set_progress_handler(lambda: 1 if stopped() else 0, CHECK_EVERY)
        try:
            result = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
        except sqlite3.OperationalError as exc:
            if stopped():
                raise BackupStopped() from exc
            raise
    if result != ["ok"]:
        raise CopyDamaged("; ".join(result[:3]))


def remove_stale_partials(folder: Path) -> None:
    """Temporary files of backups that never finished (the PC went off mid-copy): removed, unless the process that
    writes one is still running (a command-line backup at the same time)."""
    if not folder.is_dir():
        return
    for path in folder.glob(".desk-*.partial"):
        m = PARTIAL_RE.match(path.name)
        if m is None or int(m[1]) == os.getpid() or _alive(int(m[1])):
            continue
        with contextlib.suppress(OSError):
            path.unlink()


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end it there; a file still open cannot be removed on Windows anyway
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process, or a system that cannot say: left alone
    return True
