"""Where the desk writes what went wrong: ``<data folder>/logs/desk.log``, rotated, plus stderr as before.

The Windows build is a windowed program without a console, so stderr goes nowhere there; the log file is what a
support person reads (Help > Open the log folder). No Qt here: the command line and the GUI both call
``configure_logging`` once the data folder is known (``app.cli.main``).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from app.services.core.settings import Paths

LOG_NAME = "desk.log"
MAX_BYTES = 1_000_000  # about a month of a busy desk's warnings; five old files are kept beside it
BACKUP_COUNT = 5
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
STDERR_FORMAT = "%(levelname)s %(name)s: %(message)s"
DEFAULT_FILE_LEVEL = "INFO"
DEFAULT_STDERR_LEVEL = "WARNING"

#: ``log.error(..., extra=FILE_ONLY)``: the record (and its traceback) goes to the log file, not to stderr. The
#: command line prints its own one-line message for an unexpected error and must not print a traceback too.
FILE_ONLY: dict[str, Any] = {"desk_file_only": True}

_MARK = "_desk_handler"  # set on the handlers this module adds, so a second call finds and replaces them
_root_level_before: int | None = None  # the root logger's level before the first call, for reset_logging


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time (a test's capture, or nothing in a windowed program)."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> TextIO | None:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:  # StreamHandler's own code assigns it; the property decides
        pass

    def emit(self, record: logging.LogRecord) -> None:
        if sys.stderr is not None:  # a windowed program (PyInstaller --windowed) has no stderr at all
            super().emit(record)


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log line that cannot be written (the disk is full) is dropped: the desk says the disk is full in its own
    words, never with logging's ``--- Logging error ---`` traceback on the console."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass

    def flush(self) -> None:
        with contextlib.suppress(OSError):
            super().flush()

    def close(self) -> None:
        with contextlib.suppress(OSError):  # the file is closed all the same; what was buffered is lost
            super().close()


def _not_file_only(record: logging.LogRecord) -> bool:
    return not getattr(record, "desk_file_only", False)


def log_dir(data_dir: Path) -> Path:
    return Paths(data_dir).logs


def _level(name: str | None, default: str) -> int:
    """A level name (``DEBUG``, ``info``) or number; anything else is the default, never an error at start-up."""
    if name:
        text = name.strip().upper()
        if text.isdigit():
            return int(text)
        value = logging.getLevelName(text)
        if isinstance(value, int):
            return value
    return int(logging.getLevelName(default))


def _ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, _MARK, False)]


def current_log_file() -> Path | None:
    """The file the desk logs to now, or None before ``configure_logging`` or when no file could be opened."""
    for handler in _ours():
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def configure_logging(data_dir: Path, level: str | None = None) -> Path | None:
    """Log to ``<data_dir>/logs/desk.log`` (1 MB x 5 files, UTF-8) and to stderr.

    ``level`` (default: the ``DESK_LOG`` environment variable, else INFO) is the file's level; stderr shows
    ``DESK_LOG``'s level, WARNING when it is not set (as before the log file). Calling it again replaces this
    module's handlers, so there are never two of each (the file follows the latest data folder). Returns the log
    file, or None when the logs folder cannot be created or the file not opened (a read-only disk): then the desk
    logs to stderr only and carries on.
    """
    env = os.environ.get("DESK_LOG")
    file_level = _level(level or env, DEFAULT_FILE_LEVEL)
    stderr_level = _level(env, DEFAULT_STDERR_LEVEL)
    root = logging.getLogger()
    global _root_level_before
    if _root_level_before is None:
        _root_level_before = root.level
    target = log_dir(data_dir) / LOG_NAME

    stderr = next((h for h in _ours() if isinstance(h, _StderrHandler)), None)
    if stderr is None:
        stderr = _StderrHandler()
        stderr.setFormatter(logging.Formatter(STDERR_FORMAT))
        stderr.addFilter(_not_file_only)
        setattr(stderr, _MARK, True)
        root.addHandler(stderr)
    stderr.setLevel(stderr_level)

    file_handler = next((h for h in _ours() if isinstance(h, logging.FileHandler)), None)
    if file_handler is not None and Path(file_handler.baseFilename) != target.absolute():
        root.removeHandler(file_handler)
        file_handler.close()
        file_handler = None
    problem: OSError | None = None
    if file_handler is None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            file_handler = _QuietFileHandler(
                target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        except OSError as exc:
            problem = exc
        else:
            file_handler.setFormatter(logging.Formatter(FILE_FORMAT))
            setattr(file_handler, _MARK, True)
            root.addHandler(file_handler)
    if file_handler is not None:
        file_handler.setLevel(file_level)
    root.setLevel(min(file_level, stderr_level) if file_handler is not None else stderr_level)
    if problem is not None:
        logging.getLogger(__name__).warning("No log file: the folder %s cannot be used (%s); logging to stderr only",
                                            target.parent, problem)
        return None
    return target.absolute()


def reset_logging() -> None:
    """Remove and close the handlers ``configure_logging`` added (tests, and a clean exit)."""
    global _root_level_before
    root = logging.getLogger()
    for handler in _ours():
        root.removeHandler(handler)
        handler.close()
    if _root_level_before is not None:
        root.setLevel(_root_level_before)
        _root_level_before = None
