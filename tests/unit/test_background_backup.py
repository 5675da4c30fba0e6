"""Backups in steps (issue 18): from one snapshot while the desk writes, stopped between two steps without a trace,
which backup is due (daily, end of day after writes), each day's newest end-of-day backup kept. Real SQLite files and
real threads."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from app.services.core.auth import Actor
from app.services.core.backup import BackupInfo
from app.services.core.backup_copy import BackupStopped, copy_database
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.people.residents import ResidentSummary
from tests.unit.test_desk_admin import count, log_request


def add_ballast(database: Path, megabytes: int) -> None:
    """A database of some size (years of requests): a table of random bytes, written beside the desk's own."""
    with closing(sqlite3.connect(database)) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS ballast (b BLOB)")
        conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                     "INSERT INTO ballast SELECT randomblob(4000) FROM n", (megabytes * 256,))
        conn.commit()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_files(services: Services) -> list[str]:
    return sorted(p.name for p in services.backups.folder.iterdir())


def test_the_copy_is_made_in_steps_from_one_snapshot_while_the_desk_writes(
        services: Services, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    services.backups.step_pages = 8
    before = count(services.paths.database, "case")
    steps: list[tuple[int, int]] = []
    written: list[str] = []

    def report(done: int, total: int) -> None:
        steps.append((done, total))
        if len(steps) == 2:  # half-way, a clerk saves a request (another connection, under WAL)
            written.append(log_request(services, clerk, residents["张三"], "备份进行中登记的诉求"))

    info = services.backups.backup_now(reason="manual", report=report)
    assert written and len(steps) > 3
    done = [d for d, _ in steps]
    assert done == sorted(done) and steps[-1][0] == steps[-1][1]   # never started again from the first page
    assert count(info.path, "case") == before                        # the database as it was when the copy began
    assert count(services.paths.database, "case") == before + 1
    assert services.backups.check(info.path) == services.db.head_revision()  # opened and checked: a sound copy
    with closing(sqlite3.connect(f"file:{info.path}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # a file on its own, no -wal beside it
    assert folder_files(services) == [info.path.name]
    assert services.backups.written_since_backup()                   # the request saved during it is not in it


def test_a_backup_stopped_between_two_steps_leaves_nothing_and_is_made_again(services: Services,
                                                                              clock: FakeClock) -> None:
    earlier = services.backups.backup_now(reason="daily")
    kept = digest(earlier.path)
    clock.advance(timedelta(days=1, minutes=1))
    add_ballast(services.paths.database, 24)
    services.backups.step_pages = 1
    started = threading.Event()
    outcome: list[BaseException | BackupInfo] = []

    def work() -> None:
        try:
            outcome.append(services.backups.backup_now(reason="daily", report=lambda d, t: started.set()))
        except BaseException as exc:  # noqa: BLE001 - the stop is what is expected
            outcome.append(exc)
    worker = threading.Thread(target=work)
    worker.start()
    assert started.wait(10)
    assert services.backups.busy
    begun = time.monotonic()
    assert services.backups.finish_or_stop(grace=0.0)                 # as the closing window asks, after its grace
    stopped_in = time.monotonic() - begun
    worker.join(5)
    assert isinstance(outcome[0], BackupStopped) and stopped_in < 1.0
    assert folder_files(services) == [earlier.path.name] and digest(earlier.path) == kept  # no half file, untouched
    assert not services.backups.busy
    assert services.backups.due() == "daily"                          # still due: made at the next start
    services.backups.step_pages = 4096
    made = services.backups.backup_if_due()
    assert made is not None and count(made.path, "ballast") == 24 * 256


def test_a_backup_that_ends_within_the_grace_is_let_finish(services: Services) -> None:
    outcome: list[BackupInfo] = []
    worker = threading.Thread(target=lambda: outcome.append(services.backups.backup_now(reason="manual")))
    worker.start()
    while not services.backups.busy and worker.is_alive():
        time.sleep(0.001)
    assert services.backups.finish_or_stop(grace=30.0)
    worker.join(5)
    assert outcome and outcome[0].path.exists()


def test_the_daily_and_the_end_of_day_backup_are_due_as_the_desk_writes(
        services: Services, clerk: Actor, residents: dict[str, ResidentSummary], clock: FakeClock) -> None:
    assert services.backups.due() == "daily"                          # none yet
    daily = services.backups.backup_if_due()
    assert daily is not None and daily.reason == "daily"
    assert services.backups.due() is None and not services.backups.written_since_backup()  # its own note is no write
    log_request(services, clerk, residents["张三"], "下午登记的诉求")
    assert services.backups.written_since_backup() and services.backups.due() is None      # not within the hour
    clock.advance(timedelta(minutes=61))
    assert services.backups.due() == "exit"
    end_of_day = services.backups.backup_if_due()
    assert end_of_day is not None and end_of_day.reason == "exit"
    clock.advance(timedelta(hours=3))
    assert services.backups.due() is None                             # nothing written since
    clock.advance(timedelta(hours=21))
    assert services.backups.due() == "daily"


def test_only_each_days_newest_end_of_day_backup_is_kept(
        services: Services, clerk: Actor, residents: dict[str, ResidentSummary], clock: FakeClock) -> None:
    daily = services.backups.backup_now(reason="daily")
    made = []
    for hour in range(3):
        clock.advance(timedelta(hours=1))
        log_request(services, clerk, residents["张三"], f"第 {hour} 个小时登记的诉求")
        made.append(services.backups.backup_now(reason="exit"))
    clock.advance(timedelta(days=1))
    tomorrow = services.backups.backup_now(reason="exit")
    left = [b.path for b in services.backups.list()]
    assert left == [tomorrow.path, made[-1].path, daily.path]
    assert count(made[-1].path, "case") == count(services.paths.database, "case")


def test_a_temporary_file_left_by_a_backup_that_never_finished_is_removed(services: Services) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    folder = services.backups.folder
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / f".desk-20261120-100000-daily.sqlite3.{int(gone.stdout)}.partial"
    stale.write_bytes(b"half a backup: the PC went off")
    info = services.backups.backup_now()
    assert folder_files(services) == [info.path.name]


@pytest.mark.parametrize("step_pages", [1, 3, 4096])
def test_any_step_size_makes_the_same_copy(services: Services, tmp_path: Path, step_pages: int) -> None:
    target = tmp_path / "copy.sqlite3"
    copy_database(services.paths.database, target, step_pages=step_pages)
    with closing(sqlite3.connect(target)) as copy, closing(sqlite3.connect(services.paths.database)) as live:
        tables = [r[0] for r in live.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
        assert tables == [r[0] for r in copy.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
        for table in tables:
            query = f'SELECT * FROM "{table}"'
            assert sorted(map(repr, live.execute(query))) == sorted(map(repr, copy.execute(query))), table
