"""Correcting the register through the residents page's real dialogs: an edit (a refusal under its field, then the
save), moved away (out of the look-up unless the box is ticked), and the director's merge of a duplicate."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.domain.enums import HouseholdTag
from app.services.core.container import Services
from app.services.people.residents import NewResident
from app.views.resident_dialogs import EditResidentDialog, HouseholdDialog, MergeDialog, StatusDialog
from tests.gui.helpers import answer_next_question, settle
from tests.gui.test_residents_page import find, page_for

SHOTS = Path(__file__).resolve().parents[2] / "build" / "shots"


def shoot(dialog: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def test_an_edit_through_the_dialog(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    director = services.auth.login("director", "demo1234")
    made = services.residents.create(director, NewResident(name="覃海燕", phone="13904127781", building="2",
                                                           unit="1", room="402"))
    page = page_for(qtbot, services, director)
    find(qtbot, page, "覃海燕")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter on the row opens the edit (once the tags are read)
    settle(qtbot)
    dialog = page.corrections.dialog
    assert isinstance(dialog, EditResidentDialog) and dialog.isVisible()
    assert (dialog.name.text(), dialog.building.text(), dialog.unit.text(), dialog.room.text()) == (
        "覃海燕", "2", "1", "402")
    dialog.phone.setText("12345")
    dialog.room.setText("五〇二")
    dialog.ok_button.click()
    settle(qtbot)
    assert dialog.isVisible()  # refused: each message under its field, everything typed still there
    assert dialog.errors.message("phone") and dialog.errors.message("address")
    assert dialog.phone.text() == "12345"
    assert services.residents.get(director, made.id).phone == "13904127781"
    shoot(dialog, "edit_resident_refused")
    dialog.phone.setText("13904127782")
    dialog.room.setText("502")
    dialog.notes.setPlainText("独居，女儿在大连")
    dialog.ok_button.click()
    settle(qtbot)
    assert not dialog.isVisible()
    now = services.residents.get(director, made.id)
    assert (now.phone, now.address, now.notes) == ("13904127782", "2号楼1单元502室", "独居，女儿在大连")
    assert page.model.row_at(0).address == "2号楼1单元502室" and "覃海燕" in page.banner.text()


def test_moved_away_through_the_dialog(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    director = services.auth.login("director", "demo1234")
    services.residents.create(director, NewResident(name="覃海燕", phone="13904127781", building="2", unit="1",
                                                    room="402"))
    page = page_for(qtbot, services, director)
    find(qtbot, page, "覃海燕")
    page.corrections.household_button.click()  # the flat first: 独居 from now on
    settle(qtbot)
    household = page.corrections.dialog
    assert isinstance(household, HouseholdDialog) and household.isVisible()
    assert household.grid.currentText() == page.model.row_at(0).grid_name != ""  # the flat's grid, as it is
    household.tags[HouseholdTag.ALONE].setChecked(True)
    household.notes.setPlainText("女儿每周日来看望")
    shoot(household, "household")
    household.ok_button.click()
    settle(qtbot)
    assert not household.isVisible() and "alone" in page.model.row_at(0).tags  # the row shows the new tags
    household_id = page.model.row_at(0).household_id
    assert household_id is not None
    info = services.register.household(director, household_id)
    assert "alone" in info.tags and info.notes == "女儿每周日来看望" and info.grid_id is not None
    page.corrections.status_button.click()
    dialog = page.corrections.dialog
    assert isinstance(dialog, StatusDialog)
    dialog.note.setText("搬去大连女儿家")
    shoot(dialog, "resident_status")
    dialog.ok_button.click()
    settle(qtbot)
    assert not dialog.isVisible() and page.model.row_at(0).status == "moved_away"
    page.run_search()
    settle(qtbot)
    assert page.model.rowCount() == 0  # out of the look-up
    page.include_departed.setChecked(True)
    settle(qtbot)
    assert page.model.rowCount() == 1 and page.model.row_at(0).status == "moved_away"


def test_a_merge_through_the_dialog(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    director = services.auth.login("director", "demo1234")
    kept = services.residents.create(director, NewResident(name="覃海燕", phone="13904127781",
                                                           id_number="210302194501010052", building="2", unit="1",
                                                           room="402"))
    dup = services.residents.create(director, NewResident(name="覃海燕", phone="13904127781", building="2",
                                                          unit="1", room="402"))
    page = page_for(qtbot, services, director)
    find(qtbot, page, "覃海燕")
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).id == dup.id)
    page.table.selectRow(row)
    page.corrections.merge_button.click()
    dialog = page.corrections.dialog
    assert isinstance(dialog, MergeDialog) and not dialog.ok_button.isEnabled()
    dialog.survivor.edit.setText("210302194501010052")  # the kept record, by its ID number
    dialog.survivor.search_now()
    qtbot.keyClick(dialog.survivor.edit, Qt.Key.Key_Return)
    settle(qtbot)
    assert dialog.preview is not None and dialog.preview.survivor.id == kept.id and dialog.ok_button.isEnabled()
    assert "0" in dialog.summary.text()
    dialog.reason.setText("同一人登记了两次")
    shoot(dialog, "merge_dialog")
    answer_next_question(yes=True)
    dialog.ok_button.click()
    settle(qtbot)
    assert not dialog.isVisible()
    assert services.residents.get(director, dup.id).merged_into_id == kept.id
    assert services.verify.run() == []
    assert [r.id for r in services.residents.search(director, "覃海燕")] == [kept.id]
