"""The escalation ladder's time limits (时限规则) through the real widgets on the demo community: the administrator
adds, changes and deletes a rule; a bad value is shown under its field with its unit, keeps what was typed and
writes nothing; a second rule for the same category and urgency is refused; the defaults are on the page; roles
without MANAGE_SETTINGS (the clerk, the director) have no such page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtWidgets import QComboBox, QSpinBox

from app.services.cases.escalation import RuleInfo
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.case_dialogs import StepDialog
from app.views.escalation_rules_page import EscalationRulesPage
from app.views.main_window import MainWindow
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import answer_next_question, settle, settled_window


@pytest.fixture
def admin(services: Services) -> Actor:
    return services.auth.login("admin", DEMO_PASSWORD)


@pytest.fixture
def admin_window(qtbot, services: Services, admin: Actor) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    yield settled_window(qtbot, services, admin)
    QThreadPool.globalInstance().waitForDone()


def nav_titles(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def open_rules(qtbot, window: MainWindow) -> EscalationRulesPage:  # type: ignore[no-untyped-def]
    """Click the navigation entry, as the administrator would."""
    title = QCoreApplication.translate("MainWindow", "Time limits")
    row = nav_titles(window).index(title)
    item = window.nav.item(row)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center())
    page = window.stack.currentWidget()
    assert isinstance(page, EscalationRulesPage)
    settle(qtbot)  # built on this first visit: its lists are read off the GUI thread
    return page


def spin(dialog: StepDialog, name: str) -> QSpinBox:
    found = dialog.findChild(QSpinBox, name)
    assert found is not None
    return found


def ok(qtbot, dialog: StepDialog) -> None:  # type: ignore[no-untyped-def]
    """Press OK and wait for the answer: saved off the GUI thread (and the list read again), or refused."""
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)


def choose_row(qtbot, page: EscalationRulesPage, rule_id: object) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).id == rule_id)
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_administrator_adds_changes_and_deletes_a_rule(qtbot, admin_window: MainWindow, services: Services,
                                                           admin: Actor) -> None:
    page = open_rules(qtbot, admin_window)
    assert services.escalation.rules(admin) == [] and page.model.rowCount() == 0
    assert page.empty_hint.isVisibleTo(page) and not page.edit_button.isEnabled()
    # the defaults: each category's own limits, and what happens at each limit
    limits = services.escalation.category_limits(admin)
    assert page.defaults_model.rowCount() == len(limits) > 5
    water = next(c for c in limits if c.name == "水电维修")
    water_row = limits.index(water)
    assert page.defaults_model.index(water_row, 0).data() == "生活服务 / 水电维修"
    minutes = QCoreApplication.translate("EscalationRulesPage", "{n} minutes")
    hours = QCoreApplication.translate("EscalationRulesPage", "{n} hours")
    assert page.defaults_model.index(water_row, 1).data() == minutes.format(n=60)
    assert page.defaults_model.index(water_row, 2).data() == hours.format(n=24)
    assert "24" in page.intro.text() and "72" in page.intro.text()

    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    category = dialog.findChild(QComboBox, "rule_category")
    category.setCurrentIndex(category.findData(str(water.id)))
    urgency = dialog.findChild(QComboBox, "rule_urgency")
    urgency.setCurrentIndex(urgency.findData(4))
    response = spin(dialog, "rule_response")
    response.selectAll()
    qtbot.keyClicks(response, "20")  # typed, as at the desk
    spin(dialog, "rule_warn").setValue(5)
    ok(qtbot, dialog)
    assert not dialog.isVisible(), dialog.banner.text()
    [saved] = services.escalation.rules(admin)
    assert (saved.category_id, saved.urgency, saved.response_minutes, saved.resolve_hours, saved.followup_hours,
            saved.warn_minutes) == (water.id, 4, 20, None, None, 5)
    assert page.model.rowCount() == 1 and page.model.index(0, 0).data() == "生活服务 / 水电维修"
    assert page.model.index(0, 2).data() == minutes.format(n=20) and page.model.index(0, 3).data() == "—"
    assert page.banner.isVisible() and not page.empty_hint.isVisibleTo(page)

    choose_row(qtbot, page, saved.id)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and spin(dialog, "rule_response").value() == 20
    assert not dialog.findChild(QComboBox, "rule_category").isEnabled()  # what the rule is for stays
    spin(dialog, "rule_resolve").setValue(12)
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    [changed] = services.escalation.rules(admin)
    assert changed.id == saved.id and changed.resolve_hours == 12 and changed.response_minutes == 20
    assert page.model.index(0, 3).data() == hours.format(n=12)

    choose_row(qtbot, page, saved.id)
    answer_next_question(yes=True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert services.escalation.rules(admin) == [] and page.model.rowCount() == 0


def test_a_bad_value_is_shown_under_its_field_and_nothing_is_written(qtbot, admin_window: MainWindow,
                                                                     services: Services, admin: Actor) -> None:
    page = open_rules(qtbot, admin_window)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    response, resolve = spin(dialog, "rule_response"), spin(dialog, "rule_resolve")
    response.setValue(600_000)  # more than a year of minutes
    resolve.setValue(9_000)     # more than a year of hours
    ok(qtbot, dialog)
    assert dialog.isVisible()
    tr = QCoreApplication.translate
    assert dialog.errors.message("response_minutes") == tr(
        "errors", "In minutes: at least 1 and at most {max} (a year of 366 days).").format(max=527040)
    assert dialog.errors.message("resolve_hours") == tr(
        "errors", "In hours: at least 1 and at most {max} (a year of 366 days).").format(max=8784)
    assert not dialog.errors.message("warn_minutes")
    assert (response.value(), resolve.value()) == (600_000, 9_000)  # nothing typed is lost
    assert services.escalation.rules(admin) == []

    for box in (response, resolve):
        box.setValue(0)  # every limit "default": a rule that would change nothing
    ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.banner.isVisible()
    assert dialog.banner.text() == tr("errors", "Give at least one time limit: a rule with none changes nothing.")
    assert not dialog.errors.message("response_minutes")
    assert services.escalation.rules(admin) == []

    response.setValue(30)
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    [first] = services.escalation.rules(admin)  # all categories, all urgencies

    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)  # the same again: refused, not replaced
    dialog = page.dialog
    assert dialog is not None
    spin(dialog, "rule_response").setValue(10)
    ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.errors.message("category_id")
    assert services.escalation.rules(admin) == [first]
    dialog.reject()
    assert page.model.rowCount() == 1 and isinstance(page.model.row_at(0), RuleInfo)


@pytest.mark.parametrize("username", ["clerk1", "director"])
def test_roles_without_the_settings_permission_have_no_such_page(qtbot, services: Services,  # type: ignore[no-untyped-def]
                                                                username: str) -> None:
    window = MainWindow(services, services.auth.login(username, DEMO_PASSWORD))
    qtbot.addWidget(window)
    assert "rules" not in window.pages
    assert QCoreApplication.translate("MainWindow", "Time limits") not in nav_titles(window)
    assert not any(isinstance(window.stack.widget(i), EscalationRulesPage) for i in range(window.stack.count()))
    QThreadPool.globalInstance().waitForDone()
