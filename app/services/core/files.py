"""Files the desk writes for people (PDFs, exports, backups): complete or not there at all.

Each is written under a temporary name in the same folder, flushed to disk, then renamed over the wanted name; when
anything fails on the way (a full disk, a USB stick pulled) the partial file is removed, so no 0-byte or cut-short
PDF is left behind to be printed or handed over.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
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
