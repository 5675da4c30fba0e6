"""Who has the desk's SQLite file open: every process that opens it holds a shared lock on ``desk.sqlite3.lock``
beside it for as long as it does (the desk app all day, a command while it runs); a restore replaces the file only
while it holds that lock alone (exclusive).

Why a lock file and not SQLite's own locks: under WAL an idle connection holds no lock SQLite would let us test, so
a restore could not see the desk app that was about to write, replaced the file under it and the app's next writes
went into a WAL that belonged to the old file (103 confirmed requests were in neither file). An OS lock on a file
of our own is held by the process itself: the system releases it when the process ends, however it ends (a crash
leaves no stale lock to clean up). POSIX: ``flock``; Windows: ``LockFileEx`` (shared or exclusive) on its first
byte.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import BinaryIO

from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict

WAIT_SECONDS = 10.0  # a restore in progress takes a few seconds; a start waits for it rather than failing

IN_USE = QT_TRANSLATE_NOOP(
    "errors", "The database is open in another program on this computer (the desk app or a command still running). "
    "Close the desk app and wait for every command to end, then run the restore again. Nothing was changed.")
BUSY = QT_TRANSLATE_NOOP(
    "errors", "A backup is being restored into this data folder right now. Wait until it has finished and start "
    "again.")


if sys.platform == "win32":  # pragma: no cover - exercised on the Windows build
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = [("Internal", ctypes.c_void_p), ("InternalHigh", ctypes.c_void_p), ("Offset", wintypes.DWORD),
                    ("OffsetHigh", wintypes.DWORD), ("hEvent", wintypes.HANDLE)]

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _FAIL_IMMEDIATELY, _EXCLUSIVE = 0x1, 0x2

    def _lock(fh: BinaryIO, exclusive: bool) -> bool:
        handle = msvcrt.get_osfhandle(fh.fileno())
        flags = _FAIL_IMMEDIATELY | (_EXCLUSIVE if exclusive else 0)
        return bool(_kernel32.LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(_Overlapped())))

    def _unlock(fh: BinaryIO) -> None:
        _kernel32.UnlockFileEx(msvcrt.get_osfhandle(fh.fileno()), 0, 1, 0, ctypes.byref(_Overlapped()))
else:
    import fcntl

    def _lock(fh: BinaryIO, exclusive: bool) -> bool:
        try:
            fcntl.flock(fh.fileno(), (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fh: BinaryIO) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class DatabaseLock:
    """The lock of one database file. ``hold()`` at open, ``release()`` at close, ``exclusive()`` around a restore."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._fh: BinaryIO | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def hold(self, wait: float = WAIT_SECONDS) -> None:
        """Take the shared lock (waiting up to ``wait`` seconds for a restore to end)."""
        if self._fh is not None:
            return
        fh = open(self.path, "a+b")  # noqa: SIM115 - kept open while the database is
        deadline = time.monotonic() + wait
        while not _lock(fh, exclusive=False):
            if time.monotonic() >= deadline:
                fh.close()
                raise Conflict(BUSY)
            time.sleep(0.1)
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            try:
                _unlock(self._fh)
            finally:
                self._fh.close()
                self._fh = None

    def exclusive(self) -> None:
        """Make this process the only one holding the database, or refuse (``Conflict``) and keep the shared lock.
        ``shared()`` gives the exclusive lock back once the restore is done."""
        self.hold()
        assert self._fh is not None
        if sys.platform == "win32":  # pragma: no cover - Windows does not convert a lock: drop it, then try
            _unlock(self._fh)
        if not _lock(self._fh, exclusive=True):
            if not _lock(self._fh, exclusive=False):  # flock may have dropped it while converting
                self.release()
                self.hold()
            raise Conflict(IN_USE)

    def alone(self) -> bool:
        """Whether no other process has the database open now (this one keeps its shared lock either way): the
        integrity marker is taken and left only by a process that had the file to itself."""
        try:
            self.exclusive()
        except Conflict:
            return False
        self.shared()
        return True

    def shared(self) -> None:
        """Back from exclusive to shared (others may open the database again)."""
        assert self._fh is not None
        if sys.platform == "win32":  # pragma: no cover
            _unlock(self._fh)
        _lock(self._fh, exclusive=False)
