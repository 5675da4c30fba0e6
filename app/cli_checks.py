"""The command line's checks of what was typed, before anything is opened or written: each bad value is refused by
argparse with one clear line and exit code 2 (never a traceback, never a file half-written).

- days and times outside 1900-2100 (year 1 or 9999 overflowed the period's arithmetic);
- an output file that is a folder, a device (``/dev/full``) or in a folder that is not there;
- an output folder that is a file (``backup --out`` an existing file);
- control characters in any argument (an ESC sequence echoed back raw would drive the terminal).
"""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from PySide6.QtCore import QCoreApplication

from app.services.core.clock import LOCAL_TZ

FIRST_YEAR, LAST_YEAR = 1900, 2100
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


translate = QCoreApplication.translate  # lupdate finds the messages by this name

def shown(text: str) -> str:
    """``text`` with every control character written as an escape (\\x1b), safe to print on a terminal."""
    return "".join(ch.encode("unicode_escape").decode("ascii") if _is_control(ch) else ch for ch in text)


class EscapingStream:
    """A console stream that writes control characters as escapes (line breaks and tabs pass): what a command prints
    from data it read (a spreadsheet's names) cannot drive the terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @classmethod
    def around(cls, stream: TextIO | None) -> Any:
        return stream if stream is None or isinstance(stream, cls) else cls(stream)

    def write(self, text: str) -> int:
        self._stream.write("".join(ch if ch in "\n\t" else shown(ch) for ch in text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, fileno ... as the stream has them
        return getattr(self._stream, name)


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS


def control_characters(argv: Sequence[str]) -> str | None:
    """The refusal of the first argument holding a control character, or None when all are clean."""
    for i, arg in enumerate(argv, start=1):
        if any(_is_control(ch) for ch in arg):
            return translate("cli", "Argument {n} ({arg}) contains control characters; type it again without "
                                    "them.").format(n=i, arg=shown(arg))
    return None


def _year_ok(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def day(text: str) -> date:
    """A day as YYYY-MM-DD, in 1900-2100."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(translate("cli", "{value} is not a day; write it as 2026-11-20.").format(
            value=shown(text))) from None
    if not _year_ok(value.year):
        raise argparse.ArgumentTypeError(
            translate("cli", "{value}: the year must be between {first} and {last}.").format(
                value=shown(text), first=FIRST_YEAR, last=LAST_YEAR))
    return value


def local_time(text: str) -> datetime:
    """An ISO time in 1900-2100; without a zone it is the desk's local time (Beijing)."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            translate("cli", "{value} is not a time; write it as 2026-11-20T10:00.").format(
                value=shown(text))) from None
    if not _year_ok(when.year):
        raise argparse.ArgumentTypeError(
            translate("cli", "{value}: the year must be between {first} and {last}.").format(
                value=shown(text), first=FIRST_YEAR, last=LAST_YEAR))
    return when.replace(tzinfo=LOCAL_TZ) if when.tzinfo is None else when


def output_file(text: str) -> Path:
    """A file to write: not a folder, not a device, in a folder that is there."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(
            translate("cli", "{path} is a folder; give the file to write, e.g. {example}.").format(
                path=shown(text), example=shown(str(path / "out.pdf"))))
    if path.exists() and not path.is_file():
        raise argparse.ArgumentTypeError(
            translate("cli", "{path} is not an ordinary file (a device?); give a file in a "
                             "folder.").format(path=shown(text)))
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise argparse.ArgumentTypeError(
            translate("cli", "{path} is a file, not a folder.").format(path=shown(str(parent))))
    if not parent.exists():
        raise argparse.ArgumentTypeError(
            translate("cli", "The folder {path} does not exist; create it first or choose another."
                      ).format(path=shown(str(parent))))
    return path


def output_folder(text: str) -> Path:
    """A folder to write into (created when missing): not an existing file."""
    path = Path(text).expanduser()
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(
            translate("cli", "{path} is a file, not a folder: give the folder to write into."
                      ).format(path=shown(text)))
    return path


def screen_size(text: str) -> tuple[int, int]:
    """A window size in pixels, WIDTHxHEIGHT such as 1366x728, each between 640 and 7680."""
    width, sep, height = unicodedata.normalize("NFKC", text).lower().replace("×", "x").partition("x")
    if sep and width.strip().isdigit() and height.strip().isdigit():
        size = int(width), int(height)
        if all(640 <= n <= 7680 for n in size):
            return size
    raise argparse.ArgumentTypeError(
        translate("cli", "{size} is not a window size: write width x height in pixels, each from 640 "
                         "to 7680, such as 1366x728.").format(size=shown(text)))


def input_file(text: str) -> Path:
    """A file to read: it must be there and be an ordinary file."""
    path = Path(text).expanduser()
    if not path.is_file():
        raise argparse.ArgumentTypeError(translate("cli", "There is no file {path}.").format(path=shown(text)))
    return path


def days_ahead(text: str) -> int:
    """How many days ahead to look (``due --days``): a whole number from 0 to 366."""
    value = unicodedata.normalize("NFKC", text).strip()
    if value.isdigit() and 0 <= int(value) <= 366:
        return int(value)
    raise argparse.ArgumentTypeError(
        translate("cli", "{days} is not a number of days: write a whole number from 0 to 366.").format(
            days=shown(text)))
