"""A full disk while a clerk saves a request (issue 15 §4): the page says the disk is full and what to do, nothing is
saved, the form keeps every word; with space again the same form saves. On a real full disk (a small tmpfs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.views.main_window import MainWindow
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import press, settle, type_text
from tests.gui.test_intake import case_count
from tests.unit.faults import copy_folder, fill, small_disk


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path, "48m") as folder:
        yield folder


@pytest.fixture
def disk_services(disk: Path, demo_template: Path, clock: FakeClock) -> Iterator[Services]:
    s = open_services(copy_folder(demo_template, disk / "data"), clock=clock)
    yield s
    s.close()


def test_a_full_disk_is_said_in_the_banner_and_the_form_keeps_its_text(qtbot, disk: Path,  # type: ignore[no-untyped-def]
                                                                       disk_services: Services) -> None:
    clerk = disk_services.auth.login("clerk1", DEMO_PASSWORD)
    window = MainWindow(disk_services, clerk)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)            # Ctrl+N: new request
    intake = window.intake
    assert intake is not None
    press(qtbot, Qt.Key.Key_Tab)                                                # to the resident look-up
    type_text(qtbot, "wangl")
    qtbot.waitUntil(lambda: intake.lookup.results.isVisible(), timeout=3000)
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "1")
    description = "厨房水龙头一直滴水，关不严，老人拧不动，请帮忙找人维修。" * 20
    intake.description.setPlainText(description)
    before = case_count(disk_services)
    ballast = fill(disk)

    intake.save(print_receipt=False)
    settle(qtbot)
    assert case_count(disk_services) == before
    banner = intake.banner.text()
    assert intake.banner.isVisible() and ("disk is full" in banner or "磁盘已满" in banner), banner
    assert str(disk / "data") in banner
    assert intake.description.toPlainText() == description and intake.lookup.selected is not None

    ballast.unlink()                                    # space again: the same form saves as it is
    intake.save(print_receipt=False)
    settle(qtbot)
    assert case_count(disk_services) == before + 1
    assert intake.last_saved is not None and intake.last_saved.case_no in intake.banner.text()
