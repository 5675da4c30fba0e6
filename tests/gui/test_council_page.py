"""The 议事会 tab of the 公示 page, through its real widgets on the demo community: a clerk records a council meeting
and its items, is refused (message under the field, nothing written, nothing typed lost) when the input is wrong,
records each item's progress, and makes the council notice, whose PDF text is read back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, Qt, QThreadPool
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.documents.masking import mask_name
from app.services.notices.board import COUNCIL_TITLE
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
    assert council.meetings_model.rowCount() == 0 and not council.add_item_button.isEnabled()
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
    assert services.notices.meetings(clerk) == []
    assert dialog.place.text() == "社区议事厅"  # type: ignore[attr-defined]  # nothing typed lost
    dialog.title.setText("3号楼前停车难")  # type: ignore[attr-defined]
    set_day(dialog.held_on, date(2026, 11, 12))
    dialog.summary.setPlainText("网格议事会：社区干部、网格员、12名居民代表参加。议定划线停车、消防通道禁停。")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert council.meetings_model.rowCount() == 1 and council.meeting is not None
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
    assert services.notices.meetings(clerk)[0].items == []
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
    assert services.notices.meetings(clerk)[0].items[0].progress == ""
    council.progress.setPlainText("已划出临时停车位，物业每日巡查")
    qtbot.mouseClick(council.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not error_under(council, "progress")
    council.items.selectRow(1)
    council.progress.setPlainText("门禁已更换")
    council.done.setChecked(True)  # type: ignore[attr-defined]
    qtbot.mouseClick(council.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    [meeting] = services.notices.meetings(clerk)
    assert [(i.seq, i.progress, i.done) for i in meeting.items] == [
        (1, "已划出临时停车位，物业每日巡查", False), (2, "门禁已更换", True)]
    assert council.item is not None and council.item.seq == 2  # still chosen after the refresh
    states = [council.items_model.index(r, 4).data() for r in range(2)]
    assert states == [QCoreApplication.translate("CouncilPage", "In progress"),
                      QCoreApplication.translate("CouncilPage", "Done")]
    assert council.meetings_model.index(0, 3).data() == "1 / 2"  # held on, level, topic, items done
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
    council.refresh()
    settle(qtbot)
    assert council.meeting is not None and council.meeting.id == meeting.id

    dialog = council.edit_meeting()
    assert isinstance(dialog, MeetingDialog) and dialog.title.text() == "东门路灯"  # type: ignore[attr-defined]
    set_day(dialog.held_on, date(2026, 11, 16))
    click_save(qtbot, dialog)
    assert dialog.isVisible() and error_under(dialog, "held_on") == message(
        "An item of this meeting is due on {day}, before this date: change its deadline first.", day="2026-11-14")
    assert services.notices.meetings(clerk)[0].held_on == date(2026, 11, 10)
    dialog.reject()

    council.items.selectRow(0)
    item_dialog = council.edit_item()
    assert isinstance(item_dialog, ItemDialog)
    assert item_dialog.problem.toPlainText() == "东门路灯不亮"
    item_dialog.problem.setPlainText("小区东门两盏路灯不亮")
    set_day(item_dialog.deadline, date(2026, 11, 25))
    click_save(qtbot, item_dialog)
    assert not item_dialog.isVisible()
    [item] = services.notices.meetings(clerk)[0].items
    assert (item.problem, item.deadline, item.responsible) == ("小区东门两盏路灯不亮", date(2026, 11, 25), "街道城管科")
    assert council.items_model.index(0, 1).data() == "小区东门两盏路灯不亮"
    assert council.items_model.index(0, 4).data() == QCoreApplication.translate("CouncilPage", "In progress")
    assert TODAY < item.deadline
