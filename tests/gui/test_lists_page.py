"""名单: tick conditions and see the count follow, a contradiction said next to its field, save a list, open it again
on a later day with that day's ages, print it; exports only for EXPORT."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.people.list_conditions import ListConditions
from app.views.lists_page import ListsPage
from app.views.main_window import MainWindow
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import pdf_text, settle

WAIT_MS = 10_000


def lists_page(qtbot, window: MainWindow) -> ListsPage:  # type: ignore[no-untyped-def]
    page = window.show_page("lists")
    assert isinstance(page, ListsPage)
    qtbot.waitUntil(lambda: bool(page.tag_checks) and page.saved_list.count() > 0, timeout=WAIT_MS)
    return page


def counted(qtbot, page: ListsPage, services: Services, actor: Actor) -> int:  # type: ignore[no-untyped-def]
    """Wait for the count of the conditions on the page to land, and return it."""
    expected = services.lists.count(actor, page.conditions())
    qtbot.waitUntil(lambda: page.count.text() == f"共 {expected} 人", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not page.model.loading, timeout=WAIT_MS)
    return expected


def test_tick_count_save_reopen_and_rerun(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                         services: Services, clerk: Actor, clock: FakeClock) -> None:
    page = lists_page(qtbot, window)
    everyone = counted(qtbot, page, services, clerk)
    page.age_from.setValue(70)
    over_70 = counted(qtbot, page, services, clerk)
    page.tag_checks["alone"].setChecked(True)
    alone = counted(qtbot, page, services, clerk)
    assert everyone > over_70 > alone > 0
    assert page.model.rowCount() == alone
    assert page.words.text() == "年龄70岁及以上；标签：独居"
    assert all("独居" in r.tags and (r.age or 0) >= 70 for r in page.model.rows)

    # a contradiction: said next to its field, in Chinese, and nothing saved
    page.age_to.setValue(60)
    qtbot.waitUntil(lambda: page.errors.message("age_to") != "", timeout=WAIT_MS)
    assert "年龄上限" in page.errors.message("age_to")
    page.name.setText("矛盾的名单")
    page.save_button.click()
    qtbot.waitUntil(lambda: page.errors.message("age_to") != "", timeout=WAIT_MS)
    assert "矛盾的名单" not in {s.name for s in services.lists.saved(clerk)}
    page.age_to.setValue(-1)
    assert counted(qtbot, page, services, clerk) == alone

    # save with a name (Enter in the name field), then find it among the saved lists
    page.name.setFocus()
    page.name.setText("独居老人（日见面）")
    qtbot.keyClick(page.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "独居老人（日见面）" in [i.name for i in page.saved_infos()], timeout=WAIT_MS)
    saved = next(s for s in services.lists.saved(clerk) if s.name == "独居老人（日见面）")
    assert saved.conditions == ListConditions(age_from=70, tags=("alone",))
    names = [i.name for i in page.saved_infos()]
    # the ready-made lists first
    assert names[0] == "90岁及以上老人" and names.index("独居老人（日见面）") > names.index("志愿者")

    # clear, then reopen the saved list a year later: ticks come back, the count is that day's
    page.clear()
    assert counted(qtbot, page, services, clerk) == everyone
    clock.advance(timedelta(days=365))
    page.saved_list.setCurrentRow([i.name for i in page.saved_infos()].index("独居老人（日见面）"))
    page.open_button.click()
    qtbot.waitUntil(lambda: page.age_from.value() == 70 and page.tag_checks["alone"].isChecked(), timeout=WAIT_MS)
    later = counted(qtbot, page, services, clerk)
    assert later >= alone and page.name.text() == "独居老人（日见面）"

    # print: the PDF of the list, recorded
    page.large_print.setChecked(True)
    page.print_button.click()
    qtbot.waitUntil(lambda: bool(sorted(services.paths.printouts.glob("名单-*.pdf"))), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: hasattr(page, "preview"), timeout=WAIT_MS)
    printed = sorted(services.paths.printouts.glob("名单-*.pdf"))
    assert printed and "独居老人（日见面）" in pdf_text(printed[-1])
    page.preview.close()
    settle(qtbot)


def test_enter_runs_and_exports_only_for_export(qtbot, window: MainWindow, services: Services,  # type: ignore[no-untyped-def]
                                                clerk: Actor) -> None:
    page = lists_page(qtbot, window)
    assert page.xlsx_button.isHidden() and page.csv_button.isHidden()  # a clerk may not export
    counted(qtbot, page, services, clerk)
    page.age_from.setValue(90)
    page.age_from.setFocus()
    qtbot.keyClick(page.age_from, Qt.Key.Key_Return)  # Enter runs at once, without waiting for the pause
    assert counted(qtbot, page, services, clerk) >= 6
    director = services.auth.login("director", DEMO_PASSWORD)
    other = MainWindow(services, director)
    qtbot.addWidget(other)
    page = other.page("lists")
    assert isinstance(page, ListsPage)
    assert not page.xlsx_button.isHidden() and not page.csv_button.isHidden()
    settle(qtbot)
