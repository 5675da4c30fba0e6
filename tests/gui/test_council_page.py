"""The 议事会 tab of the 公示 page, through its real widgets on the demo community: a clerk records a council meeting
and its items, is refused (message under the field, nothing written, nothing typed lost) when the input is wrong,
records each item's progress, and makes the council notice, whose PDF text is read back."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, Qt, QThreadPool
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel

from app.domain.councils import AttendeeKind, CouncilLevel
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.documents.masking import mask_name
from app.services.notices.board import COUNCIL_TITLE, MeetingInfo
from app.views.bus import ChangeBus
from app.views.council_page import CouncilPage, ItemDialog, MeetingDialog
from app.views.notices_page import NoticesPage
from tests.gui.helpers import pdf_text, settle

TODAY = date(2026, 11, 20)  # the demo's day, in Beijing


@pytest.fixture
def page(qtbot, services: Services, clerk: Actor) -> Iterator[NoticesPage]:  # type: ignore[no-untyped-def]
    p = NoticesPage(services, clerk, ChangeBus())
    qtbot.addWidget(p)
    p.resize(1200, 760)
    p.show()
    p.tabs.setCurrentWidget(p.council)
    settle(qtbot)  # the page's lists are read off the GUI thread
    yield p
    QThreadPool.globalInstance().waitForDone()
    if p.preview is not None:
        p.preview.close()


# The demo's councils (app/demo/councils.py): 3号楼 and 6号楼 weekly for 14 Wednesdays (2026-08-19 to 11-18), three
# grids in September, October and November, one community meeting.
DEMO_MEETINGS = 14 * 2 + 3 * 3 + 1


def ours(services: Services, clerk: Actor) -> MeetingInfo:
    """The community meeting the test recorded (the demo's are the other levels, and its own one of 10-15)."""
    return next(m for m in services.notices.meetings(clerk)
                if m.level is CouncilLevel.COMMUNITY and m.held_on != date(2026, 10, 15))


def set_day(edit: QDateEdit, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def click_save(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    settle(qtbot)  # saved off the GUI thread, and the page read again


def error_under(widget: QDialog | CouncilPage, key: str) -> str:
    label = widget.findChild(QLabel, f"error_{key}")
    assert label is not None, key
    return label.text() if label.isVisible() else ""


def message(template: str, **params: object) -> str:
    return QCoreApplication.translate("errors", template).format(**params)


def required() -> str:
    return message("This field is required.")  # 此项必填。 (asked once the translators are installed)


def test_record_a_meeting_with_items_and_progress_then_print_its_notice(  # type: ignore[no-untyped-def]
        qtbot, page: NoticesPage, services: Services, clerk: Actor, tmp_path: Path) -> None:
    council = page.council
    demo = len(services.notices.meetings(clerk))
    assert council.meetings_model.rowCount() == demo == DEMO_MEETINGS
    with closing(sqlite3.connect(services.paths.database)) as conn:  # a resident of the demo, written 王·秀·英
        [(resident,)] = conn.execute("SELECT name FROM resident WHERE length(name) = 3 LIMIT 1").fetchall()

    # A meeting: first with no topic and a date still to come, refused under both fields and not written.
    dialog = council.new_meeting()
    assert isinstance(dialog, MeetingDialog) and dialog.isVisible()
    set_day(dialog.held_on, date(2026, 11, 27))
    dialog.place.setText("社区议事厅")  # type: ignore[attr-defined]
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert error_under(dialog, "title") == required()
    assert error_under(dialog, "held_on") == message(
        "The meeting cannot be later than today: record its decisions once it has been held.")
    assert len(services.notices.meetings(clerk)) == demo
    assert dialog.place.text() == "社区议事厅"  # type: ignore[attr-defined]  # nothing typed lost
    dialog.title.setText("3号楼前停车难")  # type: ignore[attr-defined]
    set_day(dialog.held_on, date(2026, 11, 12))
    dialog.summary.setPlainText("网格议事会：社区干部、网格员、12名居民代表参加。议定划线停车、消防通道禁停。")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert council.meetings_model.rowCount() == demo + 1 and council.meeting is not None
    assert "3号楼前停车难" in council.heading.text() and "2026-11-12" in council.heading.text()

    # An item with nothing typed and a deadline before the meeting: three messages, nothing written.
    item_dialog = council.add_item()
    assert isinstance(item_dialog, ItemDialog)
    set_day(item_dialog.deadline, date(2026, 11, 11))
    click_save(qtbot, item_dialog)
    assert error_under(item_dialog, "problem") == required()
    assert error_under(item_dialog, "responsible") == message("Name the department or the person responsible.")
    assert error_under(item_dialog, "deadline") == message("The deadline cannot be before the meeting ({day}).",
                                                           day="2026-11-12")
    assert ours(services, clerk).items == []
    item_dialog.problem.setPlainText(f"消防通道被私家车占用，{'·'.join(resident)}家门口无法通行")
    item_dialog.department.setCurrentIndex(item_dialog.department.findText("物业服务中心"))  # type: ignore[attr-defined]
    click_save(qtbot, item_dialog)
    assert error_under(item_dialog, "deadline") and not error_under(item_dialog, "problem")  # still too early
    set_day(item_dialog.deadline, date(2026, 11, 30))
    click_save(qtbot, item_dialog)
    assert not item_dialog.isVisible()

    second = council.add_item()
    assert isinstance(second, ItemDialog)
    second.problem.setPlainText("3号楼单元门门禁损坏")
    second.responsible.setText("社区居委会")  # type: ignore[attr-defined]
    set_day(second.deadline, date(2026, 11, 15))
    click_save(qtbot, second)
    assert council.items_model.rowCount() == 2

    # Progress: an empty note is refused under the field; then item 1 goes on, item 2 is done.
    council.items.selectRow(0)
    assert council.item is not None and council.item.seq == 1
    council.progress.setPlainText("　")
    qtbot.mouseClick(council.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert error_under(council, "progress") == required()
    assert ours(services, clerk).items[0].progress == ""
    council.progress.setPlainText("已划出临时停车位，物业每日巡查")
    qtbot.mouseClick(council.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not error_under(council, "progress")
    council.items.selectRow(1)
    council.progress.setPlainText("门禁已更换")
    council.done.setChecked(True)  # type: ignore[attr-defined]
    qtbot.mouseClick(council.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    meeting = ours(services, clerk)
    assert [(i.seq, i.progress, i.done) for i in meeting.items] == [
        (1, "已划出临时停车位，物业每日巡查", False), (2, "门禁已更换", True)]
    assert council.item is not None and council.item.seq == 2  # still chosen after the refresh
    states = [council.items_model.index(r, 4).data() for r in range(2)]
    assert states == [QCoreApplication.translate("CouncilPage", "In progress"),
                      QCoreApplication.translate("CouncilPage", "Done")]
    chosen = council.meetings.currentIndex().row()
    assert council.meetings_model.index(chosen, 3).data() == "1 / 2"  # held on, level, topic, items done
    assert page.kind.findData(str(meeting.id)) > 0  # the 公示 tab offers the meeting's notice too

    # The council notice from the tab: made off the GUI thread, previewed, saved (published), read back.
    qtbot.mouseClick(council.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=30_000)
    assert council.preview_button.isEnabled()
    made = page.made
    assert made is not None and made.kind == "council" and made.meeting_id == meeting.id
    target = tmp_path / "议事会公示.pdf"
    assert page.preview is not None
    page.preview.save_to(target)
    settle(qtbot)  # recorded off the GUI thread
    text = "".join(pdf_text(target).split())
    for expected in (COUNCIL_TITLE, "3号楼前停车难", "问题清单", "责任清单", "时限清单", "物业服务中心", "社区居委会",
                     "2026年11月30日", "已划出临时停车位，物业每日巡查", "门禁已更换", "已完成", "推进中"):
        assert expected in text, expected
    chinese = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    assert resident not in chinese and f"{mask_name(resident)}家门口" in text  # a resident's name in an item is masked
    [record] = services.notices.publications(clerk)
    assert record.kind == "council" and record.sha256 == made.sha256


def test_corrections_and_a_meeting_date_past_an_items_deadline(  # type: ignore[no-untyped-def]
        qtbot, page: NoticesPage, services: Services, clerk: Actor) -> None:
    from app.services.notices.board import NewItem, NewMeeting

    meeting = services.notices.create_meeting(clerk, NewMeeting("东门路灯", date(2026, 11, 10)), [
        NewItem("东门路灯不亮", date(2026, 11, 14), responsible="街道城管科")])
    council = page.council
    council.refresh(meeting_id=meeting.id)
    settle(qtbot)
    assert council.meeting is not None and council.meeting.id == meeting.id

    dialog = council.edit_meeting()
    assert isinstance(dialog, MeetingDialog) and dialog.title.text() == "东门路灯"  # type: ignore[attr-defined]
    set_day(dialog.held_on, date(2026, 11, 16))
    click_save(qtbot, dialog)
    assert dialog.isVisible() and error_under(dialog, "held_on") == message(
        "An item of this meeting is due on {day}, before this date: change its deadline first.", day="2026-11-14")
    assert ours(services, clerk).held_on == date(2026, 11, 10)
    dialog.reject()

    council.items.selectRow(0)
    item_dialog = council.edit_item()
    assert isinstance(item_dialog, ItemDialog)
    assert item_dialog.problem.toPlainText() == "东门路灯不亮"
    item_dialog.problem.setPlainText("小区东门两盏路灯不亮")
    set_day(item_dialog.deadline, date(2026, 11, 25))
    click_save(qtbot, item_dialog)
    assert not item_dialog.isVisible()
    [item] = ours(services, clerk).items
    assert (item.problem, item.deadline, item.responsible) == ("小区东门两盏路灯不亮", date(2026, 11, 25), "街道城管科")
    assert council.items_model.index(0, 1).data() == "小区东门两盏路灯不亮"
    assert council.items_model.index(0, 4).data() == QCoreApplication.translate("CouncilPage", "In progress")
    assert TODAY < item.deadline


def test_a_building_meeting_refuses_a_typed_attendee_and_an_item_becomes_a_to_do(  # type: ignore[no-untyped-def]
        qtbot, page: NoticesPage, services: Services, clerk: Actor) -> None:
    council = page.council
    with closing(sqlite3.connect(services.paths.database)) as conn:
        [(resident_id, name)] = conn.execute(
            "SELECT r.id, r.name FROM resident r JOIN household h ON h.id = r.household_id WHERE h.building = '3' "
            "AND r.name != '' ORDER BY r.name LIMIT 1").fetchall()
        [(case_no,)] = conn.execute('SELECT case_no FROM "case" ORDER BY created_at LIMIT 1').fetchall()
    before = len(services.notices.meetings(clerk))
    dialog = council.new_meeting()
    assert isinstance(dialog, MeetingDialog)
    dialog.level.setCurrentIndex(dialog.level.findData(CouncilLevel.BUILDING.value))
    assert dialog.building.isEnabled() and not dialog.grid.isEnabled()
    assert dialog.cycle.text() == "2026年第47周"
    dialog.title.setText("楼道照明")
    editor = dialog.attendees
    editor.lookup.edit.setText("老刘头")  # typed, no match chosen
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    dialog.topics.setText("A01-20260101-9999")
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert error_under(dialog, "building") == message(
        "A building meeting belongs to a building: please choose which.")
    assert error_under(dialog, "attendees") == message(
        "“{name}” was typed, not chosen: choose each attendee from the register of residents, the staff accounts "
        "or a department.", name="老刘头")
    assert error_under(dialog, "topics") == message("No request is numbered {numbers}.", numbers="A01-20260101-9999")
    assert len(services.notices.meetings(clerk)) == before  # nothing written

    dialog.building.setCurrentIndex(dialog.building.findText("3号楼"))
    editor.list.setCurrentRow(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    editor.lookup.choose(services.residents.get(clerk, uuid.UUID(resident_id)))
    editor.representative.setChecked(True)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    editor.kind.setCurrentIndex(editor.kind.findData(AttendeeKind.STAFF.value))
    editor.choice.setCurrentIndex(editor.choice.findText("李志刚"))
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.list.count() == 2
    dialog.topics.setText(case_no)
    set_day(dialog.held_on, date(2026, 11, 17))  # the demo's 3号楼 met on the 18th
    click_save(qtbot, dialog)
    assert error_under(dialog, "held_on") == message(
        "The previous meeting of this council was held on {day}: a meeting cannot be dated before it.",
        day="2026-11-18")
    set_day(dialog.held_on, TODAY)
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    saved = council.meeting
    assert saved is not None and (saved.level, saved.of, saved.cycle) == (CouncilLevel.BUILDING, "3号楼",
                                                                        "2026年第47周")
    assert [(a.name, a.representative) for a in saved.attendees] == [(name, True), ("李志刚", False)]
    assert [t.case_no for t in saved.topics] == [case_no] and case_no in council.heading.text()

    from app.services.notices.board import NewItem

    services.notices.add_item(clerk, saved.id, NewItem("3号楼楼道灯更换", date(2026, 11, 27), responsible="物业经理"))
    council.refresh(meeting_id=saved.id)
    settle(qtbot)
    council.items.selectRow(0)
    assert council.duty_button.isEnabled()
    duty_dialog = council.make_duty()
    assert duty_dialog is not None
    click_save(qtbot, duty_dialog)
    assert error_under(duty_dialog, "responsible") == message("Please choose who is responsible (an active account).")
    duty_dialog.responsible.setCurrentIndex(duty_dialog.responsible.findText("李志刚"))
    click_save(qtbot, duty_dialog)
    assert not duty_dialog.isVisible()
    assert council.items_model.index(0, 6).data() == QCoreApplication.translate(
        "CouncilPage", "On the duties list, due {day}").format(day="2026-11-27")
    assert not council.duty_button.isEnabled()
    rows = [r for r in services.duties.due(clerk) if r.place == "议事会“楼道照明”第1项"]
    assert [(r.title, r.next_due, r.responsible) for r in rows] == [("3号楼楼道灯更换", date(2026, 11, 27), "李志刚")]
