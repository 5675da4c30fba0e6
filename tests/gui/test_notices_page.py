"""The 公示 page on the demo community: a board made off the GUI thread with its progress bar, previewed inside the
app, saved (which records it as published, once), and shown again from the record byte for byte."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QThreadPool

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.main_window import MainWindow
from app.views.notices_page import NoticesPage
from tests.gui.helpers import pdf_text, settle

START, END = date(2026, 10, 1), date(2026, 11, 20)


@pytest.fixture
def page(qtbot, services: Services, clerk: Actor) -> Iterator[NoticesPage]:  # type: ignore[no-untyped-def]
    p = NoticesPage(services, clerk, ChangeBus())
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    settle(qtbot)  # the page's lists are read off the GUI thread
    yield p
    QThreadPool.globalInstance().waitForDone()
    if p.preview is not None:
        p.preview.close()


def test_the_page_is_in_the_clerks_navigation(window: MainWindow) -> None:
    assert isinstance(window.show_page("notices"), NoticesPage)


def test_make_preview_save_records_once_and_show_again(qtbot, page: NoticesPage, services: Services,  # type: ignore[no-untyped-def]
                                                       clerk: Actor, tmp_path: Path) -> None:
    page.start.setDate(QDate(START.year, START.month, START.day))  # type: ignore[attr-defined]
    page.end.setDate(QDate(END.year, END.month, END.day))  # type: ignore[attr-defined]
    page.landscape.setChecked(True)  # type: ignore[attr-defined]
    seen: list[tuple[int, int]] = []
    page.make()
    assert page.making is not None
    page.making.on_progress(lambda done, total: seen.append((done, total)))
    assert page.progress.isVisible() and not page.make_button.isEnabled()
    qtbot.waitUntil(lambda: page.preview is not None, timeout=30_000)
    assert seen and seen[-1][0] == seen[-1][1]  # the bar ended full
    assert not page.progress.isVisible() and page.make_button.isEnabled()

    made = page.made
    assert made is not None and made.options.landscape
    preview = page.preview
    assert preview is not None and preview.isVisible()
    assert preview.document.pageCount() == made.pages > 1
    assert services.notices.publications(clerk) == []  # a preview is not a publication

    target = tmp_path / "贴出的公示.pdf"
    preview.save_to(target)
    preview.save_to(tmp_path / "again.pdf")  # saving twice records it once
    settle(qtbot)                             # recorded off the GUI thread, and the list read again
    assert hashlib.sha256(target.read_bytes()).hexdigest() == made.sha256
    assert "居民诉求办理情况公示" in pdf_text(target)
    records = services.notices.publications(clerk)
    assert len(records) == 1 and records[0].sha256 == made.sha256
    assert records[0].published_by == clerk.display_name
    assert page.model.rowCount() == 1
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert "发布时间" in headers
    assert not any("SHA" in str(h) for h in headers)  # the clerk reads words, not a checksum (kept in the record)

    page.table.selectRow(0)
    page.show_again()
    settle(qtbot)
    shown = page.preview
    assert shown is not None and shown is not preview
    assert hashlib.sha256(shown.pdf_path.read_bytes()).hexdigest() == made.sha256
    shown.save_to(tmp_path / "copy.pdf")  # showing again and saving is not a new publication
    assert len(services.notices.publications(clerk)) == 1


def test_a_period_that_ends_before_it_begins_is_refused(qtbot, page: NoticesPage) -> None:  # type: ignore[no-untyped-def]
    page.start.setDate(QDate(2026, 11, 20))  # type: ignore[attr-defined]
    page.end.setDate(QDate(2026, 11, 1))  # type: ignore[attr-defined]
    page.make()
    qtbot.waitUntil(lambda: page.making is None, timeout=10_000)
    assert page.preview is None
    assert page.banner.isVisible() and page.banner.text()


def test_the_preview_lists_what_was_masked_and_hides_a_word_by_hand(qtbot, page: NoticesPage) -> None:  # type: ignore[no-untyped-def]
    page.start.setDate(QDate(START.year, START.month, START.day))  # type: ignore[attr-defined]
    page.end.setDate(QDate(END.year, END.month, END.day))  # type: ignore[attr-defined]
    page.make()
    qtbot.waitUntil(lambda: page.preview is not None, timeout=30_000)
    first = page.preview
    assert first is not None and first.masked_list.count() >= 1
    first.hide_edit.setText("楼道")
    first.hide_button.click()
    qtbot.waitUntil(lambda: page.preview is not first and page.preview is not None, timeout=30_000)
    made = page.made
    assert made is not None and made.hide == ("楼道",)
    assert any(m.kind == "手动隐去" for m in made.masked)
    items = [page.preview.masked_list.item(i).text() for i in range(page.preview.masked_list.count())]  # type: ignore[union-attr]
    assert any("手动隐去 → **" in t for t in items)
