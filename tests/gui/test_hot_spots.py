"""The dashboard's bar charts, hot spots and heating seasons, and the home page's hot spots, on the demo community
(built on 2026-11-20, in the heating season; app/demo/hotspots.py adds building 6's cluster).

Hand-counted from the demo (tests/unit/test_hotspots.py checks the cluster itself): November's hot spots at 3 in
14 days are 6号楼 供暖 4 (11-12 to 11-19), 7号楼 供暖 4, 4号楼 房屋维修 3, 4号楼 供暖 3, 8号楼 供暖 3; at 4 in 14 days
only building 6's (building 7's four run from 11-03 to 11-19: never four in 14 days)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from app.demo import hotspots as demo_hotspots
from app.services.cases.rates import span
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.dashboard_page import DashboardPage
from app.views.home_page import HomePage
from app.views.hot_spots import HotSpotRequestsDialog
from app.views.main_window import MainWindow
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import press, settle


@pytest.fixture
def director(services: Services) -> Actor:
    return services.auth.login("director", DEMO_PASSWORD)


@pytest.fixture
def page(qtbot, services: Services, director: Actor) -> Iterator[DashboardPage]:  # type: ignore[no-untyped-def]
    p = DashboardPage(services, director, ChangeBus())
    qtbot.addWidget(p)
    p.resize(1160, 680)  # the page's share of a 1366 x 768 screen
    p.show()
    qtbot.waitUntil(lambda: p.summary is not None and p.hot_spots.spots is not None
                    and p.seasons.seasons is not None, timeout=10_000)
    yield p
    QThreadPool.globalInstance().waitForDone()


def table_rows(model) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_each_breakdowns_bars_are_its_tables_received_column(page: DashboardPage) -> None:
    for key, (model, _table) in (("category", page.by_category), ("grid", page.by_grid), ("level", page.by_level),
                                 ("department", page.by_department)):
        chart = page.bar_charts[key]
        shown = [(row[0], [int(row[1])]) for row in table_rows(model)]
        assert chart.bars() == shown, key
        assert len(shown) >= 2, key  # the demo's month has several classes, grids, levels and departments
    category = dict((label, values[0]) for label, values in page.bar_charts["category"].bars())
    assert sum(category.values()) == page.summary.totals.received  # type: ignore[union-attr]
    assert "生活服务" in category  # Chinese labels


def test_a_chart_is_saved_as_a_png_of_its_size(qtbot, page: DashboardPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentIndex(1)  # 按类别
    chart = page.bar_charts["category"]
    assert page.current_chart() is chart and page.save_chart_button.isEnabled()
    qtbot.mouseClick(page.save_chart_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QFileDialog, "dashboard_category_bars_save_dialog")
    assert dialog is not None and dialog.isVisible()
    first, last = page.days()
    assert Path(dialog.selectedFiles()[0]).name == f"诉求按类别-{first:%Y%m%d}-{last:%Y%m%d}.png"
    out = tmp_path / "按类别"  # no suffix typed: the dialog adds .png
    dialog.selectFile(str(out))
    ratio = chart.view.devicePixelRatioF()
    size = (round(chart.view.width() * ratio), round(chart.view.height() * ratio))  # before the banner takes room
    dialog.accept()
    qtbot.waitUntil(lambda: out.with_suffix(".png").exists(), timeout=5_000)
    image = QImage(str(out.with_suffix(".png")))
    assert not image.isNull() and size[1] >= 180
    assert (image.width(), image.height()) == size
    assert "按类别.png" in page.banner.text()
    page.tabs.setCurrentIndex(0)  # the ranking has no chart
    assert not page.save_chart_button.isEnabled()


def test_the_pie_and_the_trend_save_from_their_menu(page: DashboardPage, tmp_path: Path) -> None:
    for view in (page.split_view, page.trend_view):
        [action] = view.actions()
        assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu and action.text()
        action.trigger()
        dialog = page.findChild(QFileDialog, f"{view.objectName()}_save_dialog")
        assert dialog is not None and dialog.isVisible()
        out = tmp_path / f"{view.objectName()}.png"
        dialog.selectFile(str(out))
        size = (view.width(), view.height())
        dialog.accept()
        image = QImage(str(out))
        assert (image.width(), image.height()) == size


def test_a_folder_that_cannot_be_written_is_said(page: DashboardPage, tmp_path: Path) -> None:
    chart = page.bar_charts["grid"]
    assert not chart.save(tmp_path / "no such folder" / "网格.png")
    assert "网格.png" in page.banner.text() and not (tmp_path / "no such folder").exists()


def test_the_hot_spots_tab_and_its_thresholds(qtbot, page: DashboardPage, services: Services,  # type: ignore[no-untyped-def]
                                              director: Actor) -> None:
    section = page.hot_spots
    assert page.period.currentData() == "month"
    # ... and building 3's: the 回访 demo's cold radiator is its third heating request of the month (issue 20)
    assert [(s.building, s.category_name, s.count) for s in section.spots or []] == [
        ("6", "供暖", 4), ("7", "供暖", 4), ("4", "房屋维修", 3), ("4", "供暖", 3), ("8", "供暖", 3), ("3", "供暖", 3)]
    assert table_rows(section.model)[0] == ["6号楼", "供暖", "4", "11-12", "11-19"]
    before = section.spots
    section.min_count.setValue(4)
    qtbot.waitUntil(lambda: section.spots is not before, timeout=10_000)
    assert [(s.building, s.category_name) for s in section.spots or []] == [("6", "供暖")]
    before = section.spots
    section.window_days.setValue(17)  # 11-03 to 11-19: building 7's four fall within 17 days
    qtbot.waitUntil(lambda: section.spots is not before, timeout=10_000)
    assert [(s.building, s.count) for s in section.spots or []] == [("6", 4), ("7", 4)]
    before = section.spots
    page.period.setCurrentIndex(page.period.findData("week"))  # 11-16 to 11-20: building 6 has 11-18, 11-19 only
    qtbot.waitUntil(lambda: section.spots is not before, timeout=10_000)
    today = local(services.clock.now()).date()
    assert section.spots == services.hot_spots.hot_spots(director, *span(page.days()[0], today), 4, 17)
    assert "6" not in {s.building for s in section.spots or []}


def test_enter_on_a_hot_spot_lists_its_requests_and_enter_opens_one(qtbot, page: DashboardPage) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentWidget(page.hot_spots)
    table = page.hot_spots.table
    table.setFocus()
    table.selectRow(0)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(page.hot_spots.listing.dialog, HotSpotRequestsDialog)
                    and page.hot_spots.listing.dialog.isVisible(), timeout=10_000)
    dialog = page.hot_spots.listing.dialog
    assert dialog is not None
    rows = table_rows(dialog.model)
    assert len(rows) == 4 and [r[4] for r in rows] == [r.text[:60] for r in demo_hotspots.CLUSTER]
    assert "6号楼" in dialog.windowTitle()
    opened: list[uuid.UUID] = []
    page.case_opened.connect(opened.append)
    dialog.table.setFocus()
    dialog.table.selectRow(2)
    press(qtbot, Qt.Key.Key_Return)
    assert opened == [dialog.model.row_at(2).id] and not dialog.isVisible()


def test_the_heating_seasons_tab(page: DashboardPage) -> None:
    rows = table_rows(page.seasons.model)
    assert rows[0] == ["6号楼", "3", "2", "+1"]  # 11-15, 11-18, 11-19 against 2025-11-16 and 11-18
    assert rows[-1][1:3] == ["11", "2"]  # every heating request of the spans (the 回访 demo's radiator among them)
    bars = page.seasons.chart.bars()
    assert bars == [(r[0], [int(r[1]), int(r[2])]) for r in rows[:-1]]
    assert "2026-11-15" in page.seasons.heading.text() and "2025-11-20" in page.seasons.heading.text()


def test_the_home_page_shows_the_last_two_weeks_hot_spots(qtbot, services: Services, director: Actor) -> None:  # type: ignore[no-untyped-def]
    """11-07 to 11-20: the month's five but building 7's first (11-03) out of it: 3 of building 7's left."""
    home = HomePage(services, director, ChangeBus())
    qtbot.addWidget(home)
    home.resize(1160, 680)
    home.show()
    box = home.hot_spots_box
    qtbot.waitUntil(lambda: box.spots is not None, timeout=10_000)
    assert box.isVisible()
    assert [(s.building, s.category_name, s.count) for s in box.spots or []] == [
        ("6", "供暖", 4), ("4", "房屋维修", 3), ("4", "供暖", 3), ("7", "供暖", 3), ("8", "供暖", 3)]
    assert "14" in box.title.text()


def test_the_main_window_opens_a_hot_spots_request(qtbot, services: Services, director: Actor) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(services, director)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    home = window.pages["home"]
    assert isinstance(home, HomePage)
    qtbot.waitUntil(lambda: home.hot_spots_box.spots is not None, timeout=10_000)
    home.hot_spots_box.listing.open_requests(home.hot_spots_box.spots[0])  # type: ignore[index]
    qtbot.waitUntil(lambda: home.hot_spots_box.listing.dialog is not None, timeout=10_000)
    dialog = home.hot_spots_box.listing.dialog
    assert dialog is not None
    wanted = dialog.model.row_at(0)
    dialog.table.doubleClicked.emit(dialog.model.index(0, 0))
    settle(qtbot)
    case_page = window.case_page
    assert window.stack.currentWidget() is case_page and case_page.case_id == wanted.id
    qtbot.waitUntil(lambda: case_page.detail is not None, timeout=10_000)
    assert case_page.detail.info.case_no == wanted.case_no  # type: ignore[union-attr]
