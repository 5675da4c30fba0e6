"""A new community set up from nothing through the real screens (issue 17): the administrator's checklist on the
home page, grid workers and grids, a building with its rooms, a department, a request category; then a request is
dispatched on its page to the grid worker chosen here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox

from app.domain.enums import EventKind, Role
from app.models import Channel, Scope
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.core.setup import InitialSetup
from app.services.people.residents import NewResident
from app.views.form_dialog import FormDialog
from app.views.main_window import MainWindow
from app.views.settings.reference import ReferenceTab
from tests.gui.helpers import answer_next_question, settle, settled_window
from tests.gui.test_case_page import press_ok, step, wait_loaded

ADMIN_PASSWORD = "admin2026x"


@pytest.fixture
def fresh(tmp_path: Path, clock: FakeClock) -> Iterator[Services]:
    """A community just set up at first start, without the demo: an administrator, a clerk and one resident."""
    services = open_services(tmp_path / "data", clock=clock)
    services.setup.initialize(InitialSetup("新建社区", "站前街道", "A01", "一号窗口", "0412-5581234", "admin", "管理员",
                                           ADMIN_PASSWORD))
    services.remember_desk()
    yield services
    services.close()


def fill(dialog: FormDialog, **values: object) -> None:
    for name, value in values.items():
        widget = dialog.findChild(QLineEdit, name) or dialog.findChild(QSpinBox, name) or \
            dialog.findChild(QComboBox, name)
        assert widget is not None, name
        if isinstance(widget, QLineEdit):
            widget.setText(str(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))  # type: ignore[call-overload]
        else:
            index = widget.findText(str(value), Qt.MatchFlag.MatchStartsWith)
            assert index >= 0, (name, value)
            widget.setCurrentIndex(index)


def save(qtbot, dialog: FormDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)


def add(qtbot, tab: ReferenceTab, **values: object) -> FormDialog:  # type: ignore[type-arg, no-untyped-def]
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    fill(dialog, **values)
    save(qtbot, dialog)
    return dialog


def test_a_community_from_nothing_to_a_dispatched_request(qtbot, fresh: Services) -> None:  # type: ignore[no-untyped-def]
    admin = fresh.auth.login("admin", ADMIN_PASSWORD)
    window: MainWindow = settled_window(qtbot, fresh, admin)
    settle(qtbot)
    home = window.home
    assert home.checklist_box.isVisible()
    assert "网格" in home.checklist.text() and "楼栋" in home.checklist.text()
    qtbot.mouseClick(home.setup_button, Qt.MouseButton.LeftButton)
    page = window.settings_page
    assert page is not None and window.stack.currentWidget() is page
    assert page.tabs.currentWidget() is page.grids
    settle(qtbot)

    # a grid worker's account, then the grid with that worker
    qtbot.mouseClick(page.grids.new_worker_button, Qt.MouseButton.LeftButton)
    worker_dialog = page.grids.dialog
    assert worker_dialog is not None
    fill(worker_dialog, worker_username="zhaowg", worker_name="赵网格", worker_password="short")
    save(qtbot, worker_dialog)
    assert worker_dialog.isVisible() and "8" in worker_dialog.errors.message("password")  # refused, kept open
    fill(worker_dialog, worker_password="grid2026ab")
    save(qtbot, worker_dialog)
    assert not worker_dialog.isVisible()
    grid_dialog = add(qtbot, page.grids, grid_code="G01", grid_name="第一网格", grid_worker="赵网格")
    assert not grid_dialog.isVisible(), grid_dialog.banner.text()
    assert page.grids.model.rowCount() == 1 and page.grids.model.row_at(0).worker_name == "赵网格"

    # building 3: 2 units x 6 floors x 2 rooms, in that grid; a wrong shape is refused under its field first
    page.tabs.setCurrentWidget(page.buildings)
    bad = add(qtbot, page.buildings, building_number="三号", building_grid="第一网格")
    assert bad.isVisible() and bad.errors.message("number")
    fill(bad, building_number="3", building_units=2, building_floors=6, building_rooms=2)
    save(qtbot, bad)
    assert not bad.isVisible()
    [three] = [page.buildings.model.row_at(i) for i in range(page.buildings.model.rowCount())]
    assert (three.number, three.households, three.grid_name) == ("3", 24, "第一网格")

    # a department of its own with a report time, and a sub-category
    page.tabs.setCurrentWidget(page.departments)
    add(qtbot, page.departments, department_name="燃气公司", department_kind="公共事业",
        department_phone="0412-5560000", department_hours=4)
    gas = page.departments.select("燃气公司")
    assert gas.report_hours == 4 and gas.kind.value == "utility"
    page.tabs.setCurrentWidget(page.categories)
    page.categories.select("LIFE")
    add(qtbot, page.categories, category_name="充电桩", category_response=30, category_resolve=48)
    assert page.categories.select("LIFE-N01").name == "充电桩"

    # the checklist now only asks for a reception clerk's account
    settle(qtbot)
    assert "前台" in page.checklist.text() and "网格" not in page.checklist.text()
    fresh.auth.create_staff(admin, "clerk1", "刘晓燕", Role.CLERK, "clerk2026x")
    page.refresh_checklist()
    home.refresh_checklist()
    settle(qtbot)
    assert not page.checklist.isVisible() and not home.checklist_box.isVisible()

    # a resident of 3-2-301 calls; the request is dispatched on its page to 赵网格 by default
    clerk = fresh.auth.login("clerk1", "clerk2026x")
    resident = fresh.residents.create(clerk, NewResident("张三", "13812345678", "", "", "3", "2", "301"))
    assert resident.grid_name == "第一网格"
    charger = next(c for c in fresh.intake.options(clerk).categories if c.name == "充电桩")
    case_id = fresh.intake.submit(clerk, IntakeForm(
        channel=Channel.WALK_IN.value, resident_id=resident.id, category_id=charger.parent_id,
        subcategory_id=charger.id, description="车棚充电桩坏了", urgency=2, scope=Scope.BUILDING.value)).case_id
    window.open_case(case_id)
    wait_loaded(qtbot, window.case_page)
    dialog = step(qtbot, window.case_page, EventKind.DISPATCHED)
    press_ok(qtbot, dialog)
    assert window.case_page.detail is not None and window.case_page.detail.assignee_name == "赵网格"


def test_in_use_items_cannot_be_deleted_and_say_where(qtbot, fresh: Services) -> None:  # type: ignore[no-untyped-def]
    admin: Actor = fresh.auth.login("admin", ADMIN_PASSWORD)
    window: MainWindow = settled_window(qtbot, fresh, admin)
    page = window.settings_page
    assert page is not None
    window.show_page("settings")
    page.tabs.setCurrentWidget(page.categories)
    settle(qtbot)
    page.categories.select("LIFE")
    answer_next_question(yes=True)
    qtbot.mouseClick(page.categories.delete_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.banner.isVisible() and "生活服务" in page.banner.text() and "统计" in page.banner.text()
    # retiring a sub-category: greyed in the list, the button says bring it back
    water = page.categories.select("LIFE-WATER")
    answer_next_question(yes=True)
    qtbot.mouseClick(page.categories.toggle_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not page.categories.select("LIFE-WATER").active and water.active
    assert page.categories.toggle_button.text() == "恢复使用"
