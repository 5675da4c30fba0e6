"""Sync at the desk without a street to reach (issue 21): a desk that never joined shows nothing of sync; a joined
desk whose street cannot be reached says so in the status bar (never a dialog) and keeps working; syncs run off the
GUI thread, never two at once. The PostgreSQL street's side is in tests/pg/test_sync_gui_pg.py."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from contextlib import closing

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.services.cases.canned_replies import ReplyInput
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.sync.service import UNREACHABLE, URL_KEY
from app.views.main_window import MainWindow
from app.views.sync_status import ALERT_STYLE, MIN_CHARACTERS, PADDING, SYNC_EVERY_MS
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import settled_window

REFUSING = "postgresql://nobody@127.0.0.1:1/street"  # nothing listens on port 1: refused at once


@pytest.fixture
def admin(services: Services) -> Actor:
    return services.auth.login("admin", DEMO_PASSWORD)


@pytest.fixture
def silent_street() -> Iterator[str]:
    """A port that takes the connection and never answers: a sync waits there for the connect timeout (5 s)."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield f"postgresql://nobody@127.0.0.1:{s.getsockname()[1]}/street?sslmode=disable"


def waiting_entries(services: Services) -> int:
    """The desk's audit entries, counted in the file itself: none went up yet, so all of them wait."""
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_log WHERE desk_code = ?",
                                (services.db.desk_code,)).fetchone()[0])


def dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, (QDialog, QMessageBox)) and w.isVisible()]


def test_a_desk_that_never_joined_shows_nothing_of_sync(qtbot, services: Services, admin: Actor) -> None:  # type: ignore[no-untyped-def]
    w = settled_window(qtbot, services, admin)
    qtbot.waitUntil(lambda: w.syncing.status is not None, timeout=10_000)
    assert w.syncing.status is not None and not w.syncing.status.joined
    assert not w.sync_label.isVisible() and not w.sync_action.isVisible()
    assert not w.syncing.timer.isActive()
    assert w.syncing.run() is False  # F9 on a desk that never joined: nothing runs
    w.sync_now()
    assert not w.syncing.busy and not w.sync_label.isVisible()


def test_an_unreachable_street_is_said_in_the_status_bar_and_the_desk_works_on(  # type: ignore[no-untyped-def]
        qtbot, services: Services, admin: Actor) -> None:
    services.settings.extra[URL_KEY] = REFUSING
    w = settled_window(qtbot, services, admin)
    # the sync after the first paint, off the GUI thread, its failure kept and read back
    qtbot.waitUntil(lambda: w.syncing.status is not None and w.syncing.status.problem is not None, timeout=15_000)
    qtbot.waitUntil(lambda: not w.syncing.busy, timeout=15_000)
    assert w.sync_label.isVisible() and w.sync_action.isVisible()
    assert w.syncing.timer.isActive() and w.syncing.timer.interval() == SYNC_EVERY_MS == 120_000
    status = w.syncing.status
    assert status is not None and status.problem is not None and status.problem.template == UNREACHABLE
    said = w.sync_label.toolTip()
    translate = QCoreApplication.translate
    problem = translate("errors", UNREACHABLE)  # in words: the driver's English goes to the log only
    waiting = waiting_entries(services)
    assert waiting > 0
    assert said == " · ".join([problem, translate("SyncStatusLabel", "Not synced yet"),  # the problem first
                              translate("SyncStatusLabel", "Waiting to go up: {n}").format(n=waiting)])
    assert "127.0.0.1" not in said and "connection" not in said
    assert w.sync_label.styleSheet() == ALERT_STYLE
    label = w.sync_label  # elided to the room the status bar leaves it; the whole text is the tooltip
    assert label.width() >= MIN_CHARACTERS * label.fontMetrics().horizontalAdvance("中")
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width() - PADDING
    assert label.text() == said or label.text().endswith("…")
    assert dialogs() == []  # never a dialog

    # the desk works on: a write adds to what waits, and the status bar follows
    services.replies.create(admin, ReplyInput("已上门查看，正在联系维修"))
    assert waiting_entries(services) == waiting + 1
    w.syncing.refresh()
    qtbot.waitUntil(lambda: translate("SyncStatusLabel", "Waiting to go up: {n}").format(n=waiting + 1)
                    in w.sync_label.toolTip(), timeout=10_000)

    # 立即同步 (F9) says its result before the status
    qtbot.keyClick(w, Qt.Key.Key_F9)
    assert w.syncing.busy or w.sync_label.said
    qtbot.waitUntil(lambda: not w.syncing.busy and w.sync_label.said != "", timeout=15_000)
    qtbot.waitUntil(lambda: w.sync_label.toolTip().startswith(w.sync_label.said), timeout=10_000)
    assert w.sync_label.said == translate("SyncStatusLabel", "Sync not done")
    assert dialogs() == []
    w.syncing.timer.timeout.emit()  # the next background sync: the status alone again
    qtbot.waitUntil(lambda: not w.syncing.busy and w.sync_label.said == "", timeout=15_000)
    qtbot.waitUntil(lambda: w.sync_label.toolTip().startswith(problem.split("(")[0]), timeout=10_000)


def test_never_two_syncs_at_once(qtbot, services: Services, admin: Actor,  # type: ignore[no-untyped-def]
                                 silent_street: str) -> None:
    services.settings.extra[URL_KEY] = silent_street
    w: MainWindow = settled_window(qtbot, services, admin)
    qtbot.waitUntil(lambda: w.syncing.busy, timeout=10_000)  # the first sync, waiting on the silent street
    assert w.syncing.run() is False  # the timer's tick or F9 meanwhile: no second sync
    w.syncing.timer.timeout.emit()
    assert w.syncing.run() is False
    qtbot.waitUntil(lambda: not w.syncing.busy, timeout=20_000)
    qtbot.waitUntil(lambda: w.syncing.status is not None and w.syncing.status.problem is not None, timeout=10_000)
    assert w.syncing.run() is True  # once it ended, the next one may start
    qtbot.waitUntil(lambda: not w.syncing.busy, timeout=20_000)
