"""Working days through the real widgets on the demo community: the administrator enters a holiday range on the
time limits page's holidays tab (a bad one refused under its field, nothing written), a rule's resolution limit in
working days, a class's own limit in working days on the categories tab, and, from December, the home page's
notice of the coming year's missing holidays opening that tab."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QCoreApplication, QDate, Qt, QThreadPool
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLineEdit, QSpinBox, QWidget

from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.views.escalation_rules_page import EscalationRulesPage
from app.views.main_window import MainWindow
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import settle, settled_window

tr = QCoreApplication.translate


def commit_text(widget: QWidget, text: str) -> None:
    """Chinese as the input method (拼音输入法) commits it into the field."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def admin(services: Services) -> Actor:
    return services.auth.login("admin", DEMO_PASSWORD)


@pytest.fixture
def admin_window(qtbot, services: Services, admin: Actor) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    yield settled_window(qtbot, services, admin)
    QThreadPool.globalInstance().waitForDone()


def rules_page(qtbot, window: MainWindow) -> EscalationRulesPage:  # type: ignore[no-untyped-def]
    page = window.show_page("rules")
    assert isinstance(page, EscalationRulesPage)
    settle(qtbot)
    return page


def test_the_administrator_enters_a_holiday_range_and_a_bad_one_is_refused(
        qtbot, admin_window: MainWindow, services: Services, admin: Actor) -> None:  # type: ignore[no-untyped-def]
    page = rules_page(qtbot, admin_window)
    page.tabs.setCurrentWidget(page.holidays)
    panel = page.holidays
    assert "2004–2026" in panel.known.text() and not panel.missing.isVisibleTo(panel)
    assert panel.model.rowCount() == 0

    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.findChild(QDateEdit, "holiday_first").setDate(QDate(2027, 2, 8))  # a Monday
    kind = dialog.findChild(QComboBox, "holiday_kind")
    kind.setCurrentIndex(kind.findData(True))  # "worked" on a weekday: a mistake
    commit_text(dialog.findChild(QLineEdit, "holiday_name"), "春节")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert dialog.isVisible(), dialog.banner.text()
    assert "2027年2月8日" in dialog.errors.message("workday"), (dialog.banner.text(), dialog.errors.message("first"),
                                                             dialog.errors.message("name"))
    assert services.holidays.overview(admin).days == []

    kind.setCurrentIndex(kind.findData(False))
    dialog.findChild(QDateEdit, "holiday_last").setDate(QDate(2027, 2, 13))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not dialog.isVisible(), dialog.banner.text()
    assert [d.day for d in services.holidays.overview(admin).days] == [date(2027, 2, d) for d in range(8, 14)]
    assert panel.model.rowCount() == 6 and panel.model.index(0, 0).data() == "2027-02-08（一）"
    assert panel.model.index(0, 2).data() == "春节"
    assert "2027" in panel.known.text()  # begun: provisional until its 国庆节 is entered


def test_a_rule_in_working_days_and_a_class_counting_working_days(
        qtbot, admin_window: MainWindow, services: Services, admin: Actor) -> None:  # type: ignore[no-untyped-def]
    page = rules_page(qtbot, admin_window)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    unit = dialog.findChild(QComboBox, "rule_resolve_unit")
    unit.setCurrentIndex(unit.findData(True))
    resolve = dialog.findChild(QSpinBox, "rule_resolve")
    assert resolve.suffix() == tr("EscalationRulesPage", " working days")
    resolve.setValue(5)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not dialog.isVisible(), dialog.banner.text()
    [rule] = services.escalation.rules(admin)
    assert (rule.resolve_workdays, rule.resolve_hours) == (5, None)
    assert page.model.index(0, 3).data() == tr("EscalationRulesPage", "{n} working days").format(n=5)

    settings = admin_window.show_page("settings")
    settle(qtbot)
    tab = settings.areas["categories"]  # type: ignore[attr-defined]
    water = next(i for i in range(tab.model.rowCount()) if tab.model.row_at(i).name == "水电维修")
    tab.table.selectRow(water)
    edit = tab.open_dialog(tab.model.row_at(water))
    edit.findChild(QSpinBox, "category_resolve_workdays").setValue(3)
    qtbot.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not edit.isVisible(), edit.banner.text()
    [saved] = [c for c in services.community.categories.tree(admin) if c.name == "水电维修"]
    assert saved.resolve_workdays == 3
    page = rules_page(qtbot, admin_window)
    names = [page.defaults_model.index(i, 0).data() for i in range(page.defaults_model.rowCount())]
    assert page.defaults_model.index(names.index("生活服务 / 水电维修"), 2).data() == tr(
        "EscalationRulesPage", "{n} working days").format(n=3)


def test_from_december_the_home_page_asks_for_the_coming_years_holidays(
        qtbot, services: Services, admin: Actor, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    window = settled_window(qtbot, services, admin)
    home = window.home
    assert home.calendar_box.isVisibleTo(window) and "2027" in home.calendar_notice.text()
    qtbot.mouseClick(home.calendar_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    page = window.stack.currentWidget()
    assert isinstance(page, EscalationRulesPage) and page.tabs.currentWidget() is page.holidays
    assert page.holidays.missing.isVisibleTo(page.holidays) and "2027" in page.holidays.missing.text()
    dialog = page.holidays.open_editor()
    dialog.findChild(QDateEdit, "holiday_first").setDate(QDate(2027, 10, 1))
    dialog.findChild(QDateEdit, "holiday_last").setDate(QDate(2027, 10, 7))
    commit_text(dialog.findChild(QLineEdit, "holiday_name"), "国庆节")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert [d.day for d in services.holidays.overview(admin).days] == [date(2027, 10, d) for d in range(1, 8)]
    assert not home.calendar_box.isVisibleTo(window) and not page.holidays.missing.isVisibleTo(page.holidays)
    QThreadPool.globalInstance().waitForDone()
