"""Files the desk writes for people (PDFs, exports, backups): complete or not there at all.

Each is written under a temporary name in the same folder, flushed to disk, then renamed over the wanted name; when
anything fails on the way (a full disk, a USB stick pulled) the partial file is removed, so no 0-byte or cut-short
PDF is left behind to be printed or handed over.

Every document the desk prints (receipts, vouchers, statements, passbooks, notices, settlements, anchor sheets) is
written into one place, the data folder's printing folder (``Paths.printouts``, 打印文件夹), by ``save_printout``,
under a name that says what it is and when: ``兑换券-20261203-0001.pdf``. The pages say that name in words (never the
folder's path) and offer to open the folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path


@contextlib.contextmanager
def writing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write; on success it becomes ``path`` (flushed, then renamed), on
    any exception it is removed and the exception goes on."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """``path.write_bytes(data)``, complete or not at all."""
    with writing(path) as tmp:
        tmp.write_bytes(data)


def write_with(path: Path, write: Callable[[Path], object]) -> None:
    """Let ``write(tmp)`` write the file (a library that wants a path), complete or not at all."""
    with writing(path) as tmp:
        write(tmp)


class Printout(StrEnum):
    """The kinds of printed document; the value is the word its files are named by."""

    RECEIPT = "回执"
    VOUCHER = "兑换券"
    POINTS_STATEMENT = "积分对账单"
    PASSBOOK = "时间银行存折"
    NOTICE = "公示"
    COUNCIL_NOTICE = "议事会公示"
    PUBLISHED_NOTICE = "公示存档"
    SETTLEMENT = "积分结算单"
    RESIDENT_LIST = "名单"
    WEEKLY_SHEET = "周走访表"
    MESSAGE_SLIP = "告知单"


_claiming = threading.Lock()
_claimed: set[Path] = set()  # names chosen and still being written (two prints at once never get the same name)


def printout_path(folder: Path, kind: Printout, day: date) -> Path:
    """The next free name for a document of ``kind`` printed on ``day`` in the printing folder:
    ``兑换券-20261203-0001.pdf``, then ``-0002`` and so on (numbered per kind and day)."""
    stem = f"{kind.value}-{day:%Y%m%d}-"
    pattern = re.compile(re.escape(stem) + r"(\d{4,})\.pdf")
    taken = [int(m.group(1)) for p in (folder.iterdir() if folder.is_dir() else ())
             if (m := pattern.fullmatch(p.name))]
    taken += [int(m.group(1)) for p in _claimed if p.parent == folder and (m := pattern.fullmatch(p.name))]
    return folder / f"{stem}{max(taken, default=0) + 1:04d}.pdf"


def save_printout(folder: Path, kind: Printout, day: date, write: Callable[[Path], object], *,
                  replacing: Path | None = None) -> Path:
    """Let ``write(path)`` write a document into the printing folder ``folder`` under the next free name of its kind
    and day (``printout_path``), complete or not at all, and return where it went. ``replacing`` is a file of the
    same document made a moment ago (a notice made again with one more word hidden): it is written over instead."""
    folder.mkdir(parents=True, exist_ok=True)
    with _claiming:
        path = replacing if replacing is not None and replacing.parent == folder else printout_path(folder, kind, day)
        _claimed.add(path)
    try:
        write_with(path, write)
    finally:
        with _claiming:
            _claimed.discard(path)
    return path
