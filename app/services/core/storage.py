"""What the disk said, in words a clerk can act on: a full disk, a read-only data folder, a database from a newer
program, told apart from a damaged database (which only SQLite's CORRUPT and NOTADB answers are).

``storage_errors`` turns SQLite's answers into a ``StorageFault`` refusal (a ``DomainError``): the page shows it in
its banner and keeps what was typed, the command line prints it with exit code 2. Nothing was written: SQLite rolls
the transaction back.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError

SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 8, 10, 11, 13, 14, 26
DAMAGE = (SQLITE_CORRUPT, SQLITE_NOTADB)

DISK_FULL = QT_TRANSLATE_NOOP(
    "errors", "The disk is full: nothing was saved. Free some space on the disk that holds {folder} (empty the "
    "recycle bin, move old backups to a USB stick), then try again; what you typed is kept.")
READ_ONLY = QT_TRANSLATE_NOOP(
    "errors", "The data folder {folder} is read-only, so nothing can be saved there. The database is not damaged. "
    "Ask IT staff to give this account write permission on the folder (or to mount the disk writable), then start "
    "again.")
CANNOT_OPEN = QT_TRANSLATE_NOOP(
    "errors", "The database in {folder} cannot be opened ({error}). Check that the folder is there and readable.")
DISK_ERROR = QT_TRANSLATE_NOOP(
    "errors", "The disk holding {folder} reported an error ({error}): nothing was saved. Check the disk (is it a "
    "USB stick that was pulled out?) and try again.")


class StorageFault(DomainError):
    """The disk refused the write (full, read-only, gone): nothing was saved, nothing is damaged."""


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of a sqlite3 error (or of the one SQLAlchemy wraps), else None."""
    inner = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(inner, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def refusal(exc: BaseException, folder: Path) -> StorageFault | None:
    """The refusal that says what SQLite's error means, or None when it is not a disk's answer."""
    code = sqlite_code(exc)
    inner = exc.orig if isinstance(exc, DBAPIError) else exc
    if code == SQLITE_FULL:
        return StorageFault(DISK_FULL, folder=str(folder))
    if code == SQLITE_READONLY:
        return StorageFault(READ_ONLY, folder=str(folder))
    if code == SQLITE_CANTOPEN:
        return StorageFault(CANNOT_OPEN, folder=str(folder), error=str(inner))
    if code == SQLITE_IOERR:
        return StorageFault(DISK_ERROR, folder=str(folder), error=str(inner))
    return None


@contextmanager
def storage_errors(folder: Path | None) -> Iterator[None]:
    """Within the block a disk's refusal from SQLite becomes a ``StorageFault`` (no-op for a database server)."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        fault = refusal(exc, folder) if folder is not None else None
        if fault is None:
            raise
        raise fault from exc


def check_writable(folder: Path) -> None:
    """Refuse a read-only data folder before anything else reads it as a damaged database."""
    try:
        fd, name = tempfile.mkstemp(prefix=".write-test-", dir=folder)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise StorageFault(READ_ONLY, folder=str(folder)) from exc
        if exc.errno == errno.ENOSPC:
            return  # a full disk is said when something is written (reading still works)
        raise
    os.close(fd)
    os.unlink(name)
