"""The request list on the demo community: filters, typed search, lazy loading as it scrolls, sorting by a header
click, and a double click that opens the request. What it shows is compared with what the service answers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool
from PySide6.QtWidgets import QFileDialog, QHeaderView

from app.domain.enums import CaseStatus
from app.services.cases.listing import CaseQuery, CaseSort
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.case_list_page import CaseListPage
from app.views.main_window import MainWindow
from app.views.widgets import documents_folder
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import settle, type_text

WAIT_MS = 20_000  # answers come off the thread pool; a machine under load may take a while


@pytest.fixture
def page(qtbot, services: Services, clerk: Actor) -> Iterator[CaseListPage]:  # type: ignore[no-untyped-def]
    p = CaseListPage(services, clerk, ChangeBus())
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    qtbot.waitUntil(lambda: not p.model.loading and p.model.rowCount() > 0, timeout=WAIT_MS)
    settle(qtbot)  # the filters' choices too
    yield p
    QThreadPool.globalInstance().waitForDone()  # no query left running on a database about to be removed


def shown(page: CaseListPage) -> list[uuid.UUID]:
    return [r.id for r in page.model.rows]


def expected(services: Services, clerk: Actor, query: CaseQuery, limit: int = 100) -> list[uuid.UUID]:
    return [r.id for r in services.case_list.page(clerk, query, 0, limit).rows]


def wait_for(qtbot, page: CaseListPage, ids: list[uuid.UUID]) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.model.loading and shown(page) == ids, timeout=WAIT_MS)


def test_the_list_opens_with_the_newest_requests_and_their_count(qtbot, page: CaseListPage, services: Services,
                                                                  clerk: Actor) -> None:
    assert shown(page) == expected(services, clerk, CaseQuery())
    total = services.case_list.count(clerk, CaseQuery()).n
    qtbot.waitUntil(lambda: str(total) in page.count.text())
    assert page.model.index(0, 0).data() == page.model.rows[0].case_no


def test_filters_ask_the_service_again(qtbot, page: CaseListPage, services: Services, clerk: Actor) -> None:
    page.status.setCurrentIndex(page.status.findData(CaseStatus.NEW.value))
    wait_for(qtbot, page, expected(services, clerk, CaseQuery(statuses=(CaseStatus.NEW,))))
    page.urgency.setCurrentIndex(page.urgency.findData(5))
    wait_for(qtbot, page, expected(services, clerk, CaseQuery(statuses=(CaseStatus.NEW,), urgency=5)))
    page.clear_filters()
    page.category.setCurrentIndex(1)  # the first class
    wait_for(qtbot, page, expected(services, clerk, CaseQuery(category_id=page.category.itemData(1))))
    assert all(r.category == page.category.itemText(1) for r in page.model.rows)
    page.clear_filters()
    page.overdue.setChecked(True)
    wait_for(qtbot, page, expected(services, clerk, CaseQuery(overdue=True)))
    assert all(r.overdue for r in page.model.rows)
    page.overdue.setChecked(False)
    page.in_pool.setChecked(True)
    wait_for(qtbot, page, expected(services, clerk, CaseQuery(in_pool=True)))
    assert all(r.in_pool for r in page.model.rows)


@pytest.mark.parametrize("words", ["灯", "漏水", "楼道灯"])
def test_typed_search_waits_for_a_pause_then_shows_what_matches(qtbot, page: CaseListPage, services: Services,
                                                                clerk: Actor, words: str) -> None:
    wanted = expected(services, clerk, CaseQuery(text=words))
    assert wanted, f"the demo community has no request mentioning {words}"
    page.search.setFocus()
    type_text(qtbot, words)
    assert page.search.text() == words
    wait_for(qtbot, page, wanted)
    qtbot.waitUntil(lambda: page.count.text() != page.tr("Searching…"))


def test_more_rows_are_loaded_as_the_list_scrolls(qtbot, page: CaseListPage, services: Services,
                                                  clerk: Actor) -> None:
    page.page_rows = 10
    page.reload()
    assert page.model.loading  # the page is asked for off the GUI thread: reload returned at once
    first = expected(services, clerk, CaseQuery(), 10)
    # The first page is the newest ten. (The view may already have asked for the next page by itself, when ten
    # rows do not fill it: waiting for exactly ten rows was a race on a loaded machine.)
    qtbot.waitUntil(lambda: not page.model.loading and shown(page)[:10] == first, timeout=WAIT_MS)
    rows, total = page.model.rowCount(), services.case_list.count(clerk, CaseQuery()).n
    assert rows % 10 == 0 and rows < total  # a page of ten at a time, never the whole list
    # The view asks for the next page when it is scrolled to the end: scroll again until it has (on a loaded
    # machine the first scroll can come before the view has laid out the ten rows it has).
    def scrolled_to_more() -> bool:
        if page.model.rowCount() < 20:
            page.table.scrollToBottom()
            return False
        return not page.model.loading

    qtbot.waitUntil(scrolled_to_more, timeout=WAIT_MS)
    assert shown(page)[:20] == expected(services, clerk, CaseQuery(), 20)


def test_a_header_click_sorts_by_that_column(qtbot, page: CaseListPage, services: Services, clerk: Actor) -> None:
    header = page.table.horizontalHeader()
    column = page.COLUMN_SORTS.index(CaseSort.URGENCY)
    qtbot.mouseClick(header.viewport(), qtbot_left(), pos=header_point(header, column))
    order = header.sortIndicatorOrder()
    wanted = expected(services, clerk, CaseQuery(sort=CaseSort.URGENCY,
                                                 descending=order.name == "DescendingOrder"))
    wait_for(qtbot, page, wanted)
    urgencies = [r.urgency for r in page.model.rows]
    assert urgencies in (sorted(urgencies), sorted(urgencies, reverse=True))
    summary = page.COLUMN_SORTS.index(None)  # the summary cannot be sorted: the arrow stays
    qtbot.mouseClick(header.viewport(), qtbot_left(), pos=header_point(header, summary))
    assert header.sortIndicatorSection() == column


def test_a_double_click_opens_the_request(qtbot, page: CaseListPage) -> None:
    first = page.model.rows[0].id
    rect = page.table.visualRect(page.model.index(0, 1))
    with qtbot.waitSignal(page.case_opened, timeout=2000) as opened:
        # as a real double click arrives: a click, then the second press (QTest's double click alone has no press)
        qtbot.mouseClick(page.table.viewport(), qtbot_left(), pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), qtbot_left(), pos=rect.center())
    assert opened.args == [first]
    page.table.selectRow(1)
    page.table.setFocus()
    with qtbot.waitSignal(page.case_opened, timeout=2000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [page.model.rows[1].id]


def test_the_main_window_has_the_list_for_the_clerk(qtbot, window: MainWindow) -> None:
    assert window.case_list is not None
    window.show_page("cases")
    qtbot.waitUntil(lambda: window.case_list is not None and window.case_list.model.rowCount() > 0)
    QThreadPool.globalInstance().waitForDone()


def qtbot_left() -> Qt.MouseButton:
    return Qt.MouseButton.LeftButton


def header_point(header: QHeaderView, column: int) -> QPoint:
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)


# ---- the ledger (台账) ---------------------------------------------------------------------------------


def test_the_director_exports_the_filtered_ledger_through_the_save_dialog(
        qtbot, services: Services, clerk: Actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Only the requests the filters show go into the workbook, written off the GUI thread; the page says how
    many and warns that the file holds personal data."""
    director = services.auth.login("director", DEMO_PASSWORD)
    page = CaseListPage(services, director, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    assert page.export_button.isVisible()
    page.urgency.setCurrentIndex(page.urgency.findData(5))
    wanted = services.case_list.count(clerk, CaseQuery(urgency=5)).n
    assert 0 < wanted < services.case_list.count(clerk, CaseQuery()).n
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QFileDialog, "case_list_export_dialog")
    assert dialog is not None and dialog.isVisible()
    assert Path(dialog.directory().absolutePath()) == documents_folder()  # where the user finds it, not the data folder
    out = tmp_path / "台账"  # no suffix typed: the dialog adds .xlsx
    dialog.selectFile(str(out))
    dialog.accept()
    qtbot.waitUntil(lambda: page.export_button.isEnabled() and "xlsx" in page.banner.text(), timeout=10_000)
    sheet = openpyxl.load_workbook(out.with_suffix(".xlsx")).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    note, header, body = rows[0], rows[1], [r for r in rows[2:] if any(r)]
    assert "个人信息" in str(note[0])
    assert len(body) == wanted and str(wanted) in page.banner.text()
    urgency = header.index("紧急程度")
    assert {str(r[urgency]) for r in body} == {"5"}


def test_an_unknown_file_type_is_refused_and_nothing_is_written(
        qtbot, services: Services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    director = services.auth.login("director", DEMO_PASSWORD)
    page = CaseListPage(services, director, ChangeBus())
    qtbot.addWidget(page)
    folder = tmp_path / "out"
    folder.mkdir()
    page.export_to(folder / "台账.txt")
    assert not page.export_button.isEnabled()  # waits while the work runs
    qtbot.waitUntil(page.export_button.isEnabled, timeout=10_000)
    assert "txt" in page.banner.text() and "xlsx" in page.banner.text()  # the format refused, and the ones to use
    assert list(folder.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_said_in_chinese_and_the_button_comes_back(
        qtbot, services: Services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A folder that cannot be written (here a file stands where the folder should be): the system's error, in the
    clerk's words, next to the button that can be pressed again."""
    director = services.auth.login("director", DEMO_PASSWORD)
    page = CaseListPage(services, director, ChangeBus())
    qtbot.addWidget(page)
    blocker = tmp_path / "U盘"
    blocker.write_text("不是文件夹", encoding="utf-8")
    page.export_to(blocker / "台账.xlsx")
    qtbot.waitUntil(page.export_button.isEnabled, timeout=WAIT_MS)
    assert page.banner.text() == f"无法读写文件 {blocker}：已经存在。"  # the export makes the folder: a file is there
    assert blocker.read_text(encoding="utf-8") == "不是文件夹"


def test_the_clerk_has_no_export(page: CaseListPage) -> None:
    assert not page.export_button.isVisible()  # EXPORT is the director's and the administrator's
