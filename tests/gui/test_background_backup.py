"""The automatic backup in the background (issue 18): off the GUI thread once the desk is idle, its progress in the
status bar, closing during it within a second without a half file and made at the next start, a missing USB stick
said in the status bar, and 立即备份 in 备份与恢复 off the GUI thread too. Real SQLite files, real widgets, real
threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.views.background_backup import BackgroundBackups
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import settle, settled_window
from tests.gui.test_desk_admin import case_nos, open_dialog
from tests.unit.test_background_backup import add_ballast
from tests.unit.test_desk_admin import count

BALLAST_MB = 48  # a database of some size: the copy takes many steps


@pytest.fixture
def big_dir(demo_dir: Path) -> Path:
    add_ballast(demo_dir / "desk.sqlite3", BALLAST_MB)
    return demo_dir


@pytest.fixture
def big_services(big_dir: Path, clock: FakeClock) -> Iterator[Services]:
    s = open_services(big_dir, clock=clock)
    yield s
    s.close()


def backups_in(services: Services) -> list[Path]:
    folder = services.backups.folder
    return sorted(folder.glob("desk-*.sqlite3")) if folder.is_dir() else []


def leftovers(services: Services) -> list[Path]:
    return sorted(services.backups.folder.glob(".desk-*")) if services.backups.folder.is_dir() else []


def recording_progress(backups: BackgroundBackups) -> list[str]:
    """The status bar's text after each progress report, as the clerk sees it."""
    texts: list[str] = []
    show = backups.status.show_progress

    def recorded(done: int, total: int) -> None:
        show(done, total)
        texts.append(backups.status.text())
    backups.status.show_progress = recorded  # type: ignore[method-assign]
    return texts


def test_the_daily_backup_runs_in_the_background_with_its_progress_in_the_status_bar(  # type: ignore[no-untyped-def]
        qtbot, big_services: Services) -> None:
    clerk = big_services.auth.login("clerk1", DEMO_PASSWORD)
    big_services.backups.step_pages = 64
    window = settled_window(qtbot, big_services, clerk)
    backups = window.backups
    texts = recording_progress(backups)
    ticks: list[float] = []
    probe = QTimer()
    probe.timeout.connect(lambda: ticks.append(time.monotonic()))  # the GUI thread goes on while it runs
    probe.start(5)
    assert backups_in(big_services) == [] and not backups.status.isVisible()
    backups.idle_ms = 300                                   # the desk idle for 0.3 s (5 s as shipped)
    qtbot.waitUntil(lambda: bool(backups_in(big_services)) and not backups.running, timeout=60_000)
    probe.stop()
    gui = threading.main_thread().ident
    assert backups.worker_threads and gui not in backups.worker_threads
    assert len(texts) > 10 and all(t.endswith("%") for t in texts) and texts[-1].endswith("100%"), texts[-3:]
    assert any("正在备份" in t or "Backing up" in t for t in texts)
    assert len(ticks) > 20                                  # the window kept being served during the copy
    (made,) = backups_in(big_services)
    assert "daily" in made.name and backups.status.isVisible() and "%" not in backups.status.text()
    assert case_nos(made) == case_nos(big_services.paths.database)   # opened and counted: a sound copy
    assert count(made, "ballast") == BALLAST_MB * 256
    assert big_services.backups.check(made) == big_services.db.head_revision()
    assert leftovers(big_services) == []


def test_closing_during_a_backup_returns_within_a_second_and_the_next_start_makes_it(  # type: ignore[no-untyped-def]
        qtbot, big_dir: Path, big_services: Services, clock: FakeClock) -> None:
    earlier = big_services.backups.backup_now(reason="daily")
    kept = earlier.path.read_bytes()
    clock.advance(timedelta(days=1, minutes=5))            # the next day: the daily backup is due again
    clerk = big_services.auth.login("clerk1", DEMO_PASSWORD)
    big_services.backups.step_pages = 1                    # a slow medium: the copy takes thousands of steps
    window = settled_window(qtbot, big_services, clerk)
    texts = recording_progress(window.backups)
    window.backups.idle_ms = 0
    window.backups.grace_s = 0.0                           # not let finish: this test is about the stop
    # 正在备份… n%, and the copy itself under way (on a loaded machine the pool may start it a moment after the
    # status bar first says so)
    qtbot.waitUntil(lambda: len(texts) > 2 and big_services.backups.busy, timeout=30_000)
    assert window.backups.running

    begun = time.monotonic()
    window.close()                                         # the clerk closes the desk at the end of the day
    closed_in = time.monotonic() - begun
    assert closed_in < 1.0, closed_in
    assert not window.isVisible() and not big_services.backups.busy
    settle(qtbot)
    assert backups_in(big_services) == [earlier.path] and earlier.path.read_bytes() == kept  # untouched
    assert leftovers(big_services) == []                   # no half file
    assert not texts[-1].endswith("100%")
    big_services.close()

    again = open_services(big_dir, clock=clock)            # the next start
    try:
        assert again.backups.due() == "daily"
        window = settled_window(qtbot, again, again.auth.login("clerk1", DEMO_PASSWORD))
        window.backups.idle_ms = 0
        qtbot.waitUntil(lambda: len(backups_in(again)) == 2 and not window.backups.running, timeout=60_000)
        made = next(p for p in backups_in(again) if p != earlier.path)
        assert count(made, "ballast") == BALLAST_MB * 256 and again.backups.check(made)
        assert again.backups.due() is None
        window.close()
    finally:
        again.close()


def test_a_missing_usb_stick_is_said_in_the_status_bar_and_nothing_breaks(  # type: ignore[no-untyped-def]
        qtbot, services: Services, tmp_path: Path) -> None:
    admin = services.auth.login("admin", DEMO_PASSWORD)
    stick = tmp_path / "usb"
    stick.mkdir()
    services.desk_settings.set_backup_folder(admin, str(stick))
    stick.rmdir()                                          # unplugged
    window = settled_window(qtbot, services, admin)
    status = window.backups.status
    window.backups.idle_ms = 0
    qtbot.waitUntil(lambda: bool(status.problem), timeout=20_000)
    assert status.isVisible() and "U 盘" in status.problem and str(stick) in status.problem
    assert not stick.exists()                              # not made on the local disk under the stick's name
    box = status.explain()                                 # the clerk clicks it: the reason, in words
    assert isinstance(box, QMessageBox) and box.isVisible() and "U 盘" in box.text()
    box.close()
    assert window.isVisible() and not window.backups.running
    stick.mkdir()                                          # plugged in again: the next try makes it
    window.backups.tick()
    assert not window.backups.running                      # tried again later, not at once
    window.backups._next_check = 0.0
    qtbot.waitUntil(lambda: len(list(stick.glob("desk-*.sqlite3"))) == 1 and not window.backups.running,
                    timeout=30_000)
    assert not status.problem


def test_back_up_now_in_the_dialog_runs_off_the_gui_thread_with_its_progress(  # type: ignore[no-untyped-def]
        qtbot, big_services: Services) -> None:
    clerk = big_services.auth.login("clerk1", DEMO_PASSWORD)
    big_services.backups.step_pages = 16
    window = settled_window(qtbot, big_services, clerk)
    dialog = open_dialog(qtbot, window)
    seen: list[str] = []
    watch = QTimer()
    watch.timeout.connect(lambda: seen.append(dialog.banner.text()))  # read on the GUI thread during the backup
    watch.start(5)
    dialog.backup_button.click()
    assert backups_in(big_services) == [] and not dialog.backup_button.isEnabled()  # the click came back at once
    qtbot.waitUntil(lambda: bool(backups_in(big_services)) and dialog.backup_button.isEnabled(), timeout=60_000)
    settle(qtbot)
    watch.stop()
    assert any(t.endswith("%") for t in seen), seen[-3:]  # the GUI thread showed the progress while it ran
    assert "已备份" in dialog.banner.text()
    (made,) = backups_in(big_services)
    assert "manual" in made.name and count(made, "ballast") == BALLAST_MB * 256
    assert case_nos(made) == case_nos(big_services.paths.database)
