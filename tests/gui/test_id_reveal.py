"""ID numbers on screen (issue 16), through the real widgets on the demo community: every card and list shows the
number masked whoever looks (the clerk's intake card, the time-bank officer's card, 居民查询); the clerk reveals it
with 显示 (recorded in the audit trail, hidden again after a while or when the card shows someone else); the
time-bank officer has no 显示 and the service refuses them in Chinese."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from app.demo.data import DEMO_PASSWORD
from app.services.core.audit import AuditFilter
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import PermissionDenied
from app.services.documents.disclosure import REVEAL_COMMAND, REVEAL_SECONDS
from app.services.people.residents import ResidentSummary
from app.views.bus import ChangeBus
from app.views.main_window import MainWindow
from app.views.resident_widgets import ResidentLookup
from app.views.residents_page import ResidentsPage
from app.views.timebank import TimeBankPage
from app.views.timebank.dialogs import VolunteerDialog
from app.views.widgets import render_error
from tests.gui.helpers import matches_of, settle

MASK = re.compile(r"^\d{4}\*{10}[\dX]{4}$")


def someone_with_an_id(services: Services, actor: Actor) -> tuple[ResidentSummary, str]:
    """A demo resident with an ID number on file, and that number (read as the administrator reads it)."""
    admin = services.auth.login("admin", DEMO_PASSWORD)
    resident = next(r for r in services.residents.browse(admin) if r.id_number)
    return resident, services.residents.reveal_id_number(admin, resident.id)


def reveals(services: Services) -> list[tuple[str, str]]:
    admin = services.auth.login("admin", DEMO_PASSWORD)
    rows = services.audit.entries(admin, AuditFilter(entity="command_run"))
    return [(r.actor_name, r.details["details"]["resident_id"]) for r in rows
            if r.action == "insert" and r.details.get("command") == REVEAL_COMMAND]


def pick(qtbot, lookup: ResidentLookup, resident: ResidentSummary) -> None:  # type: ignore[no-untyped-def]
    lookup.edit.setText(resident.name)
    found = matches_of(qtbot, lookup)
    lookup.choose(next(r for r in found if r.id == resident.id))
    settle(qtbot)


def card_number(lookup: ResidentLookup) -> str:
    line = next(x for x in lookup.card_text.text().splitlines() if x.startswith("身份证号"))
    return line.removeprefix("身份证号").strip()


def test_the_clerks_intake_card_shows_it_masked_and_reveals_it_on_demand_recorded(  # type: ignore[no-untyped-def]
        qtbot, services: Services, window: MainWindow, clerk: Actor) -> None:
    resident, whole = someone_with_an_id(services, clerk)
    before = len(reveals(services))
    window.show_page("intake")
    lookup = window.intake.lookup
    pick(qtbot, lookup, resident)
    assert MASK.match(card_number(lookup)) and whole not in lookup.card_text.text()
    button = lookup.reveal.button
    assert button.isVisible() and button.isEnabled() and button.text() == "显示"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert card_number(lookup) == whole and button.text() == "隐藏"
    recorded = reveals(services)
    assert len(recorded) == before + 1 and recorded[0] == ("clerk1", str(resident.id))
    # shown for a while only: REVEAL_SECONDS, then masked again (the timer shortened for the test)
    assert lookup.reveal._timer.isActive() and lookup.reveal._timer.interval() == REVEAL_SECONDS * 1000
    lookup.reveal._timer.start(50)
    qtbot.waitUntil(lambda: MASK.match(card_number(lookup)) is not None, timeout=2000)
    assert button.text() == "显示"
    # revealed again, then another resident on the card: the number goes with the card
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert card_number(lookup) == whole
    lookup.clear()
    other = next(r for r in services.residents.browse(clerk) if r.id_number and r.id != resident.id)
    pick(qtbot, lookup, other)
    assert MASK.match(card_number(lookup)) and whole not in lookup.card_text.text()
    assert len(reveals(services)) == before + 2


def test_the_time_bank_card_shows_it_masked_and_has_no_reveal(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    officer = services.auth.login("timebank", DEMO_PASSWORD)
    resident, whole = someone_with_an_id(services, officer)
    window = MainWindow(services, officer)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("timebank")
    assert isinstance(page, TimeBankPage)
    settle(qtbot)
    dialog = VolunteerDialog(services, officer, None, parent=page)  # 登记志愿者: the officer's resident card
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.lookup is not None
    pick(qtbot, dialog.lookup, resident)
    assert MASK.match(card_number(dialog.lookup)) and whole not in dialog.lookup.card_text.text()
    assert dialog.lookup.reveal.button.isHidden()  # no 显示 for the time-bank officer
    before = len(reveals(services))
    with pytest.raises(PermissionDenied) as refused:  # and the service refuses a reveal asked for all the same
        services.residents.reveal_id_number(officer, resident.id)
    assert "你的角色" in render_error(refused.value) or "无权" in render_error(refused.value)
    assert len(reveals(services)) == before


def register_page_for(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                      resident: ResidentSummary) -> ResidentsPage:
    """居民查询 at a 1366-wide desk, searched for ``resident``."""
    page = ResidentsPage(services, clerk, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    page.search.setText(resident.name)
    page.run_search()
    settle(qtbot)
    return page


def test_the_register_list_is_masked_and_the_clerk_reveals_the_selected_row(  # type: ignore[no-untyped-def]
        qtbot, services: Services, clerk: Actor) -> None:
    resident, whole = someone_with_an_id(services, clerk)
    page = register_page_for(qtbot, services, clerk, resident)
    column = next(c for c in range(page.model.columnCount())
                  if page.model.headerData(c, Qt.Orientation.Horizontal) == "身份证号")
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).id == resident.id)
    cell = lambda: str(page.model.index(row, column).data())  # noqa: E731
    assert MASK.match(cell())
    assert not page.reveal.button.isEnabled()  # nobody selected yet
    page.table.selectRow(row)
    assert page.reveal.button.isEnabled() and page.reveal.button.text() == "显示身份证号"
    qtbot.mouseClick(page.reveal.button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert cell() == whole and reveals(services)[0] == ("clerk1", str(resident.id))
    page.table.clearSelection()  # the row no longer chosen: masked again
    assert MASK.match(cell())


def test_the_edit_dialog_never_holds_the_number_and_a_blank_field_keeps_it(  # type: ignore[no-untyped-def]
        qtbot, services: Services, clerk: Actor) -> None:
    resident, whole = someone_with_an_id(services, clerk)
    page = register_page_for(qtbot, services, clerk, resident)
    page.table.selectRow(next(i for i in range(page.model.rowCount()) if page.model.row_at(i).id == resident.id))
    page.corrections.edit()
    settle(qtbot)  # the dialog opens once the tags' catalogue is read
    dialog = page.corrections.dialog
    assert dialog is not None and dialog.id_number is not None
    assert dialog.id_number.text() == "" and resident.id_number in dialog.id_number.placeholderText()
    assert whole not in dialog.id_number.placeholderText()
    dialog.phone.setText("13900001234")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert dialog.answer is not None and dialog.answer.phone == "13900001234"
    assert services.residents.reveal_id_number(services.auth.login("admin", DEMO_PASSWORD), resident.id) == whole
