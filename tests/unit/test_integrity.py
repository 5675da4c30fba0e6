"""The integrity check at start without reading the file: the clean-close marker decides; after an unclean stop, a
changed file or a week, the check runs (in the background for the desk app) and a damaged file is refused before any
write."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from app.demo.data import DEMO_PASSWORD
from app.services.core.clock import FakeClock
from app.services.core.container import DatabaseDamaged, Services, open_services
from app.services.core.integrity import (
    FileStamp,
    IntegrityCheck,
    Marker,
    Reason,
    State,
    marker_path,
    read_marker,
)
from tests.conftest import DEMO_BUILT_AT, ROOT
from tests.unit.conftest import ADMIN_PASSWORD, ADMIN_USER, NOW, Community
from tests.unit.faults import damage_deep_pages, damage_pages


@pytest.fixture
def folder(community_template: Community, tmp_path: Path) -> Path:
    """A community's data folder closed cleanly once (so it carries its marker)."""
    target = tmp_path / "data"
    shutil.copytree(community_template.folder, target)
    open_services(target, clock=FakeClock(NOW)).close()
    return target


def database(folder: Path) -> Path:
    return folder / "desk.sqlite3"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_in_background(folder: Path, clock: FakeClock | None = None) -> Services:
    return open_services(folder, clock=clock or FakeClock(NOW), check_in_background=True)


def test_a_clean_close_leaves_a_marker_and_the_next_start_reads_nothing(folder: Path) -> None:
    marker = read_marker(database(folder))
    assert marker is not None and marker.stamp.size == database(folder).stat().st_size
    services = open_in_background(folder)
    try:
        assert services.integrity is not None
        assert services.integrity.reason is None and services.integrity.state == State.NOT_NEEDED
        assert not marker_path(database(folder)).exists()  # taken at open: a crash from here on leaves none
        services.auth.login(ADMIN_USER, ADMIN_PASSWORD)   # a write, not held up
    finally:
        services.close()
    assert read_marker(database(folder)) is not None


def test_a_page_damaged_while_the_desk_was_closed_is_refused_before_any_write(demo_template: Path,
                                                                               tmp_path: Path) -> None:
    folder = shutil.copytree(demo_template, tmp_path / "demo")  # big enough to have pages the start never reads
    open_services(folder, clock=FakeClock(DEMO_BUILT_AT)).close()
    path = database(folder)
    before = path.stat()
    damage_deep_pages(path)  # pages the start does not read: only the check finds them
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # even with its modification time put back
    bytes_before = digest(path)
    services = open_in_background(folder)
    try:
        check = services.integrity
        assert check is not None and check.reason == Reason.CHANGED and check.gated
        with pytest.raises(DatabaseDamaged) as refused:  # the log-in's write waits for the verdict, then is refused
            services.auth.login("admin", DEMO_PASSWORD)
        assert check.state == State.DAMAGED and check.problems
        message = refused.value.render()
        assert "damaged" in message and "main.py restore" in message and "Nothing was changed" in message
        assert "***" not in message  # SQLite's findings, not its headings
    finally:
        services.close()
    assert digest(path) == bytes_before               # nothing written
    assert not marker_path(path).exists()             # and the next start checks again
    with pytest.raises(DatabaseDamaged):
        open_services(folder, clock=FakeClock(DEMO_BUILT_AT))   # a command refuses at once, as before


def test_damage_met_while_opening_is_said_as_damage_at_once(folder: Path) -> None:
    damage_pages(database(folder))  # the schema's own pages: the desk cannot even read its version
    with pytest.raises(DatabaseDamaged) as refused:
        open_in_background(folder)
    assert "main.py restore" in refused.value.render()


def test_after_an_unclean_stop_the_check_runs_in_the_background_and_writes_wait_for_it(folder: Path) -> None:
    # A real process opens the database, writes, and dies without closing it (as a power cut would end the desk).
    code = ("import os, sys\nfrom pathlib import Path\nfrom app.services.core.container import open_services\n"
            f"s = open_services(Path(sys.argv[1]))\ns.auth.login({ADMIN_USER!r}, {ADMIN_PASSWORD!r})\nos._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(folder)], cwd=ROOT, check=True, timeout=120,
                   env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert not marker_path(database(folder)).exists()
    services = open_in_background(folder)
    try:
        check = services.integrity
        assert check is not None and check.reason == Reason.UNCLEAN and check.gated
        services.auth.login(ADMIN_USER, ADMIN_PASSWORD)  # waited for the verdict: sound
        assert check.state == State.SOUND and check.progress() == 1.0
    finally:
        services.close()
    marker = read_marker(database(folder))
    assert marker is not None and marker.checked() is not None and marker.check_seconds > 0  # the next bar's 100 %


def test_the_weekly_check_runs_in_the_background_without_holding_up_writes(folder: Path) -> None:
    checked = read_marker(database(folder))
    assert checked is not None and checked.checked() == NOW  # the fixture's first open checked the copied file
    clock = FakeClock(NOW + timedelta(days=6))
    services = open_in_background(folder, clock)       # within the week: nothing to do
    try:
        assert services.integrity is not None and services.integrity.reason is None
    finally:
        services.close()
    clock.advance(timedelta(days=1))
    services = open_in_background(folder, clock)       # a week after the last check
    try:
        check = services.integrity
        assert check is not None and check.reason == Reason.WEEKLY and not check.gated
        services.auth.login(ADMIN_USER, ADMIN_PASSWORD)
        assert check.wait(60) and check.state == State.SOUND
    finally:
        services.close()
    marker = read_marker(database(folder))
    assert marker is not None and marker.checked() == NOW + timedelta(days=7)


def test_a_command_does_not_take_the_weekly_check_on_itself(folder: Path) -> None:
    services = open_services(folder, clock=FakeClock(NOW + timedelta(days=8)))
    try:
        assert services.integrity is not None and services.integrity.reason is None
    finally:
        services.close()
    marker = read_marker(database(folder))
    assert marker is not None and marker.checked() == NOW  # still due for the desk app


def test_a_second_process_neither_takes_nor_leaves_the_marker(folder: Path) -> None:
    desk = open_in_background(folder)
    try:
        command = open_services(folder, clock=FakeClock(NOW))
        assert command.integrity is not None and not command.integrity.vouches
        command.close()
        assert not marker_path(database(folder)).exists()  # the desk app still has the file open
    finally:
        desk.close()
    assert read_marker(database(folder)) is not None      # left by the last to close, which had it from the start


def test_a_running_check_is_interrupted_at_once_and_its_progress_stays_below_the_end(tmp_path: Path) -> None:
    path = tmp_path / "big.sqlite3"  # 100 MB: its check runs long enough to be stopped half-way
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x BLOB)")
        conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000) "
                     "INSERT INTO t (x) SELECT randomblob(1500) FROM n")
        conn.commit()
    # The last check of this file took an hour: the estimate moves slowly and never says "done" before the end.
    check = IntegrityCheck(path, Reason.UNCLEAN, Marker(FileStamp.of(path), "", 3600.0),
                           lambda problems: DatabaseDamaged("damaged"))
    check.start()
    deadline = time.monotonic() + 10
    while check._conn is None and time.monotonic() < deadline:  # inside SQLite's check
        time.sleep(0.001)
    assert 0.0 <= check.progress() < 0.99
    started = time.monotonic()
    check.stop(timeout=5)
    assert time.monotonic() - started < 1.0
    assert check.state == State.STOPPED and check.progress() == 1.0
    assert check.marker_at_close(path, NOW) is None  # no marker: the next start checks


def test_a_check_stopped_before_it_began_does_not_begin(folder: Path) -> None:
    check = IntegrityCheck(database(folder), Reason.UNCLEAN, None, lambda problems: DatabaseDamaged("damaged"))
    check.stop()
    check.run()
    assert check.state == State.STOPPED and check.seconds < 1.0


def test_stopping_just_as_the_check_ends_by_itself(folder: Path) -> None:
    """The desk closes in the instant between the check closing its connection and saying its verdict: the stop finds
    a closed connection to interrupt, which is no error (a CI run met it as a crash of open_services)."""
    check = IntegrityCheck(database(folder), Reason.UNCLEAN, None, lambda problems: DatabaseDamaged("damaged"))
    conn = sqlite3.connect(database(folder))
    check._connected(conn)  # the check's connection, as quick_check hands it over ...
    conn.close()            # ... and closes it when the check is done, before the verdict is set
    check.stop()
    assert check._stop.is_set()
