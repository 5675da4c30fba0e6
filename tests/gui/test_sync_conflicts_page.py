"""同步冲突 at the desk (issue 21): the administrator's home page says how many wait and opens the list (系统设置 >
同步冲突); each row in words; 确认保留 and 改用另一个值 on real widgets; the record changed in the file."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing

import pytest
from PySide6.QtCore import QCoreApplication

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.sync.conflicts import ROW_GONE
from app.views.settings.page import SettingsPage
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import answer_next_question, settled_window
from tests.unit.sync_conflicts import list_conflict


@pytest.fixture
def admin(services: Services) -> Actor:
    return services.auth.login("admin", DEMO_PASSWORD)


def two_residents(services: Services) -> list[tuple[uuid.UUID, str, str]]:
    """(id, name, phone) of two residents of the demo with a mobile phone, read from the file."""
    with closing(sqlite3.connect(services.paths.database)) as conn:
        rows = conn.execute("SELECT id, name, phone FROM resident WHERE phone LIKE '1__________' ORDER BY name "
                            "LIMIT 2").fetchall()
    return [(uuid.UUID(r[0]) if len(r[0]) == 36 else uuid.UUID(hex=r[0]), r[1], r[2]) for r in rows]


def phone_of(services: Services, resident_id: uuid.UUID) -> str:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return str(conn.execute("SELECT phone FROM resident WHERE id = ?", (resident_id.hex,)).fetchone()[0])


def test_the_administrator_checks_the_conflicts_from_the_home_page(  # type: ignore[no-untyped-def]
        qtbot, services: Services, admin: Actor) -> None:
    (first, first_name, first_phone), (second, second_name, second_phone) = two_residents(services)
    list_conflict(services, first, first_phone, "13900001111")
    list_conflict(services, second, second_phone, "13900002222")
    w = settled_window(qtbot, services, admin)
    home = w.home
    qtbot.waitUntil(lambda: home.conflicts_box.isVisible(), timeout=10_000)
    tr = QCoreApplication.translate
    assert home.conflicts_box.text.text() == tr("ConflictsNotice", "Sync conflicts: {n} waiting for "
                                                                   "confirmation").format(n=2)
    home.conflicts_box.open_button.click()
    settings = w.stack.currentWidget()
    assert isinstance(settings, SettingsPage) and settings.tabs.currentWidget() is settings.conflicts
    tab = settings.conflicts
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=10_000)
    cells = [[tab.model.index(r, c).data() for c in range(6)] for r in range(2)]
    by_name = {row[0]: row for row in cells}
    masked = f"{first_phone[:3]}****{first_phone[-4:]}"
    assert by_name[f"居民 {first_name}"] == [f"居民 {first_name}", "电话", masked, "B02", "139****1111", "B03"]
    assert not tab.empty.isVisible()

    # 确认保留 on the first's: the phone stays, the row leaves, the home page counts one
    tab.table.selectRow(next(r for r in range(2) if cells[r][0] == f"居民 {first_name}"))
    tab.keep_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert phone_of(services, first) == first_phone
    qtbot.waitUntil(lambda: "1" in home.conflicts_box.text.text(), timeout=10_000)

    # 改用另一个值 on the second's, asked first: the file holds the other phone, nothing is left to confirm
    tab.table.selectRow(0)
    answer_next_question(yes=False)  # 否: nothing changes
    tab.other_button.click()
    assert tab.model.rowCount() == 1 and phone_of(services, second) == second_phone
    answer_next_question(yes=True)
    tab.other_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=10_000)
    assert phone_of(services, second) == "13900002222"
    assert tab.empty.isVisibleTo(tab) and not tab.keep_button.isEnabled()
    qtbot.waitUntil(lambda: not home.conflicts_box.isVisible(), timeout=10_000)
    assert second_name


def test_a_conflict_about_a_record_gone_is_refused_in_the_banner(  # type: ignore[no-untyped-def]
        qtbot, services: Services, admin: Actor) -> None:
    list_conflict(services, uuid.uuid4(), "13900001111", "13900002222")
    w = settled_window(qtbot, services, admin)
    w.open_setup("conflicts")
    settings = w.stack.currentWidget()
    assert isinstance(settings, SettingsPage)
    tab = settings.conflicts
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert tab.model.index(0, 0).data() == "居民"  # a record gone: its kind, no name
    answer_next_question(yes=True)
    tab.other_button.click()
    expected = QCoreApplication.translate("errors", ROW_GONE)
    qtbot.waitUntil(lambda: settings.banner.isVisible() and expected in settings.banner.text(), timeout=10_000)
    assert tab.model.rowCount() == 1  # still listed: 确认保留 is the way out
    tab.keep_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=10_000)


def test_a_desk_that_never_joined_has_no_conflicts_tab(qtbot, services: Services, admin: Actor) -> None:  # type: ignore[no-untyped-def]
    w = settled_window(qtbot, services, admin)
    settings = w.show_page("settings")
    assert isinstance(settings, SettingsPage)
    tabs, index = settings.tabs, settings.tabs.indexOf(settings.conflicts)
    qtbot.waitUntil(lambda: not settings.conflicts._ops.busy, timeout=10_000)
    assert not tabs.isTabVisible(index) and not w.home.conflicts_box.isVisible()
    list_conflict(services, uuid.uuid4(), "13900001111", "13900002222")  # one listed after all: shown
    settings.conflicts.refresh()
    qtbot.waitUntil(lambda: tabs.isTabVisible(index), timeout=10_000)
