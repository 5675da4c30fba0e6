"""Real faults for the tests: a small disk that fills up (a tmpfs mount), a read-only folder, damaged pages.

Mounting needs root (the test machine's containers run as root); elsewhere these tests are skipped, not faked.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest


def _mount(folder: Path, options: str) -> None:
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small disk here: {done.stderr.strip()}")


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@contextmanager
def small_disk(parent: Path, size: str = "4m") -> Iterator[Path]:
    """A real file system of ``size`` mounted at a new folder under ``parent``; unmounted afterwards."""
    folder = parent / f"disk-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    _mount(folder, f"size={size},mode=0777")
    try:
        yield folder
    finally:
        _unmount(folder)


def fill(folder: Path) -> Path:
    """Write a file until the disk is full; returns it (delete it to free the space again)."""
    ballast = folder / "ballast.bin"
    fd = os.open(ballast, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for size in (1 << 20, 65536, 4096, 512, 1):  # smaller and smaller: not even one byte more fits
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    return ballast


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` (a mount from ``small_disk``) read-only, as a write-protected USB stick or share is."""
    done = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(folder)], capture_output=True, check=False)


def copy_folder(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, dirs_exist_ok=True)
    return target


def damage_pages(database: Path) -> None:
    """Scribble over pages of a real SQLite file, keeping its header, as a failing disk does."""
    data = bytearray(database.read_bytes())
    for offset in range(8192, min(len(data), 600_000), 4096):
        data[offset:offset + 64] = b"\xff" * 64
    database.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)


def damage_deep_pages(database: Path, pages: int = 30) -> None:
    """Scribble over the headers of pages near the end of the file, which opening the database does not read: only
    a check (or the query that reaches them) finds the damage."""
    with closing(sqlite3.connect(database)) as conn:
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        count = int(conn.execute("PRAGMA page_count").fetchone()[0])
    data = bytearray(database.read_bytes())
    for page in range(max(count - pages - 10, 2), count - 10):
        data[(page - 1) * size:(page - 1) * size + 64] = b"\xff" * 64
    database.write_bytes(bytes(data))


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
