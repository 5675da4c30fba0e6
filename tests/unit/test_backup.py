"""Backups: online copies, rotation, the daily rule, checks before restoring, and a restore round trip."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.core.errors import NotFound, ValidationError
from tests.conftest import ROOT


def cases_in(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {row[0] for row in conn.execute('SELECT case_no FROM "case"')}


def test_backup_is_a_consistent_copy_while_the_desk_is_open(demo_services: Services, tmp_path: Path) -> None:
    live = cases_in(demo_services.paths.database)
    info = demo_services.backups.backup_now(tmp_path / "usb")
    assert info.path.parent == tmp_path / "usb" and info.size > 100_000
    assert cases_in(info.path) == live and len(live) > 100
    assert demo_services.backups.check(info.path) == demo_services.db.head_revision()
    assert not list((tmp_path / "usb").glob("*.partial"))


def test_only_the_newest_are_kept(demo_services: Services, demo_clock: FakeClock, tmp_path: Path) -> None:
    demo_services.backups.keep = 3
    made = []
    for _ in range(5):
        made.append(demo_services.backups.backup_now(tmp_path).path)
        demo_clock.advance(timedelta(hours=1))
    left = [b.path for b in demo_services.backups.list(tmp_path)]
    assert left == made[:1:-1]                                   # the three newest, newest first


def test_daily_backup_only_when_the_last_is_a_day_old(demo_services: Services, demo_clock: FakeClock) -> None:
    first = demo_services.backups.backup_if_due()
    assert first is not None and "daily" in first.path.name
    demo_clock.advance(timedelta(hours=23))
    assert demo_services.backups.backup_if_due() is None
    demo_clock.advance(timedelta(hours=2))
    assert demo_services.backups.backup_if_due() is not None


def test_a_damaged_or_foreign_file_is_refused_before_anything_is_replaced(demo_services: Services,
                                                                         tmp_path: Path) -> None:
    before = cases_in(demo_services.paths.database)
    garbage = tmp_path / "desk-20261120-100000-manual.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ValidationError):
        demo_services.backups.restore(garbage)
    foreign = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(ValidationError):
        demo_services.backups.restore(foreign)
    with pytest.raises(NotFound):
        demo_services.backups.restore(tmp_path / "missing.sqlite3")
    assert cases_in(demo_services.paths.database) == before


def test_restore_round_trip_keeps_the_replaced_database(demo_folder: Path, demo_clock: FakeClock,
                                                        tmp_path: Path) -> None:
    services = open_services(demo_folder, clock=demo_clock)
    backup = services.backups.backup_now(tmp_path)
    clerk = services.auth.login("clerk1", "demo1234")
    resident = services.residents.search(clerk, "wang")[0]
    options = services.intake.options(clerk)
    top = options.children(None)[0]
    from app.services.cases.intake import IntakeForm

    saved = services.intake.submit(clerk, IntakeForm(
        channel="walk_in", resident_id=resident.id, category_id=top.id,
        subcategory_id=options.children(top.id)[0].id, description="备份之后新登记的诉求", urgency=2,
        scope="household"))
    safety = services.backups.restore(backup.path)
    services.close()
    reopened = open_services(demo_folder, clock=demo_clock)
    try:
        assert saved.case_no not in cases_in(reopened.paths.database)
        assert saved.case_no in cases_in(safety.path)             # nothing is lost: the replaced one is kept
        assert reopened.verify.run() == []
    finally:
        reopened.close()


def test_cli_backup_and_restore(demo_folder: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "main.py", *args, "--data-dir", str(demo_folder), "--lang", "en",
                               "--as", "admin", "--password-stdin"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, input="demo1234\n")

    made = run("backup", "--out", str(tmp_path / "usb"))
    assert made.returncode == 0 and "Backed up to" in made.stdout, made.stderr
    file = next((tmp_path / "usb").glob("desk-*.sqlite3"))
    restored = run("restore", str(file))
    assert restored.returncode == 0 and "Restored" in restored.stdout, restored.stderr
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("nope")
    refused = run("restore", str(bad))
    assert refused.returncode == 2 and "bad.sqlite3" in refused.stderr
