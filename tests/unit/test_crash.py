"""Power cuts: kill the process at random moments during hundreds of writes; every write that was
confirmed to the user is there, and the database is sound."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from app.services.core.container import DatabaseDamaged, open_services
from tests.conftest import ROOT


def run_and_kill(data_dir: Path, confirmed_target: int, rng: random.Random) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-m", "tests.unit.crash_child", str(data_dir)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    confirmed: list[str] = []
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
        while len(confirmed) < confirmed_target:
            line = child.stdout.readline().strip()
            assert line, child.stderr.read() if child.stderr else ""
            confirmed.append(line)
        time.sleep(rng.random() * 0.02)      # land anywhere inside the next transaction
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    return confirmed


def test_every_confirmed_write_survives_a_kill_and_the_database_is_sound(demo_folder: Path) -> None:
    rng = random.Random(20261122)
    confirmed_all: list[str] = []
    for target in (rng.randint(20, 60), rng.randint(60, 150), rng.randint(1, 10), rng.randint(100, 200)):
        confirmed_all += run_and_kill(demo_folder, target, rng)
        with closing(sqlite3.connect(demo_folder / "desk.sqlite3")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            stored = {row[0] for row in conn.execute('SELECT case_no FROM "case"')}
        missing = [no for no in confirmed_all if no not in stored]
        assert missing == []
    assert len(confirmed_all) >= 180 and len(set(confirmed_all)) == len(confirmed_all)
    services = open_services(demo_folder)        # the next start: sound, and the invariants hold
    try:
        assert services.verify.run() == []
    finally:
        services.close()


def test_a_damaged_database_is_refused_at_start_with_what_to_do(demo_folder: Path) -> None:
    path = demo_folder / "desk.sqlite3"
    services = open_services(demo_folder)
    services.backups.backup_now(reason="manual")
    services.close()
    data = bytearray(path.read_bytes())
    for offset in range(8192, min(len(data), 600_000), 4096):   # scribble over pages, keep the header
        data[offset:offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged) as info:
        open_services(demo_folder)
    message = str(info.value)
    assert "damaged" in message and "restore" in message and "desk-" in message
