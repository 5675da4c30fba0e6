"""The dashboard's 工作简报 button on the demo community: week or month, a day in it, PDF or Word; the report is written
into the printing folder off the GUI thread and the PDF previewed; a period without requests is refused in the dialog
and nothing is written; no day to come can be chosen."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from docx import Document as read_docx
from PySide6.QtCore import QDate, QThreadPool
from PySide6.QtWidgets import QDialog

from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.dashboard_page import DashboardPage
from app.views.street_report_dialog import StreetReportDialog
from tests.gui.conftest import DEMO_PASSWORD

WAIT_MS = 60_000  # the shared test machine may be slow


@pytest.fixture
def director(services: Services) -> Actor:
    return services.auth.login("director", DEMO_PASSWORD)


@pytest.fixture
def page(qtbot, services: Services, director: Actor) -> Iterator[DashboardPage]:  # type: ignore[no-untyped-def]
    p = DashboardPage(services, director, ChangeBus())
    qtbot.addWidget(p)
    p.resize(1280, 720)
    p.show()
    qtbot.waitUntil(lambda: p.summary is not None, timeout=WAIT_MS)
    yield p
    QThreadPool.globalInstance().waitForDone()


def test_the_weeks_report_as_a_pdf_from_the_dashboard(qtbot, page: DashboardPage,  # type: ignore[no-untyped-def]
                                                      services: Services) -> None:
    assert page.report_button.isVisibleTo(page)
    page.report_button.click()
    flow = page.report_flow
    assert flow is not None and flow.dialog.isVisible()
    dialog = flow.dialog
    assert dialog.kind.currentData() == "week" and dialog.format.currentData() == ".pdf"
    today = local(services.clock.now()).date()
    assert dialog.day.date().toPython() == today
    dialog.day.setDate(QDate(today.year, today.month, today.day).addDays(3))  # no day to come: the box stops today
    assert dialog.day.date().toPython() == today
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: flow.preview is not None, timeout=WAIT_MS)
    assert dialog.result() == QDialog.DialogCode.Accepted
    path = services.paths.printouts / "工作简报-2026年第47周.pdf"
    assert flow.preview is not None and flow.preview.pdf_path == path and flow.preview.document.pageCount() >= 3
    text = "".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "2026年第47周诉求办理情况" in text and "三、热点问题" in text
    assert path.name in page.banner.text()
    flow.preview.close()


def test_a_month_as_word_and_a_month_without_requests(qtbot, services: Services,  # type: ignore[no-untyped-def]
                                                      director: Actor) -> None:
    dialog = StreetReportDialog(services, director, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("month"))
    dialog.format.setCurrentIndex(dialog.format.findData(".docx"))
    dialog.day.setDate(QDate(2020, 1, 8))
    dialog.ok_button.click()
    # the refusal names the period's days (the banner said the file's name while writing)
    qtbot.waitUntil(lambda: not dialog.ops.busy and "2020年1月1日至31日" in dialog.banner.text(), timeout=WAIT_MS)
    assert dialog.isVisible() and dialog.answer is None  # refused: the dialog stays, as chosen
    assert dialog.kind.currentData() == "month" and dialog.day.date() == QDate(2020, 1, 8)
    assert list(services.paths.printouts.glob("工作简报-*")) == []
    dialog.day.setDate(QDate(2026, 11, 3))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.answer is not None, timeout=WAIT_MS)
    path = services.paths.printouts / "工作简报-2026年11月.docx"
    assert dialog.answer.path == path and dialog.result() == QDialog.DialogCode.Accepted
    paragraphs = "".join(p.text for p in read_docx(str(path)).paragraphs)
    assert "2026年11月诉求办理情况" in "".join(paragraphs.split())
