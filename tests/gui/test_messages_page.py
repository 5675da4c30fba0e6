"""Words to the resident through the real widgets on the demo community (issue 20): 发消息 on a request's page
(copy puts the text on the clipboard and the timeline says so; the printed slip saved and read back), Ctrl+M, the
canned replies of the progress note picked by number, and the administrator's 消息模板 and 常用回复 tabs."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QPlainTextEdit, QRadioButton

from app.demo import data as dd
from app.domain.enums import EventKind, MessageChannel, MessageKind
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.canned_replies import RepliesList
from app.views.case_page import CasePage
from app.views.settings.messages import MessageTemplatesTab
from app.views.settings.page import SettingsPage
from app.views.widgets import label_of
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import answer_next_question, settle
from tests.gui.test_case_page import new_case, open_page, press_ok, step, wait_loaded

HOW = {"copied": "copied", "printed": "printed"}


def sent_words(kind: MessageKind, channel: MessageChannel, how: str) -> str:
    """The timeline's words for a message sent, as the page says them (已发送短信（已受理）：复制 in Chinese)."""
    text = QCoreApplication.translate("CasePage", "{channel} sent ({kind})").format(
        channel=label_of(channel), kind=label_of(kind))
    return f"{text}：{QCoreApplication.translate('CasePage', HOW[how])}"


def last_what(page: CasePage) -> str:
    model = page.timeline_model
    return str(model.index(model.rowCount() - 1, 2).data())


def test_copy_puts_the_message_on_the_clipboard_and_the_timeline_shows_it(qtbot, services: Services,
                                                                          clerk: Actor) -> None:
    case_id = new_case(services, clerk)
    page = open_page(qtbot, services, clerk, case_id)
    assert page.message_button.isVisibleTo(page)
    QTest.keyClick(page, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # the key opens it as the button does
    dialog = page.message_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.copy_button.isEnabled(), timeout=10_000)
    assert dialog.chosen() == (MessageKind.RECEIVED, MessageChannel.SMS)  # a new request: 已受理, by text message
    shown = dialog.text.toPlainText()
    assert page.detail is not None and page.detail.info.case_no in shown and "您好" in shown
    resident = page.detail.about.resident.name
    assert resident not in shown and shown.startswith(resident[0])  # 张先生, never the whole name
    assert str(len(shown)) in dialog.count.text()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == shown
    settle(qtbot)
    wait_loaded(qtbot, page)
    entry = page.detail.timeline[-1]
    assert (entry.kind, entry.note) == (EventKind.MESSAGE_SENT, shown)
    assert entry.data == {"kind": "received", "channel": "sms", "how": "copied"}
    assert last_what(page) == sent_words(MessageKind.RECEIVED, MessageChannel.SMS, "copied")

    dialog.findChild(QRadioButton, "message_channel_wechat").setChecked(True)  # another channel: its words at once
    assert dialog.text.toPlainText() != shown and "\n" in dialog.text.toPlainText()
    dialog.close()


def test_the_printed_slip_is_recorded_and_reads_back(qtbot, services: Services, clerk: Actor,
                                                     tmp_path: Path) -> None:
    case_id = new_case(services, clerk)
    services.workflow.dispatch(clerk, case_id)
    page = open_page(qtbot, services, clerk, case_id)
    dialog = page.send_message()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.copy_button.isEnabled(), timeout=10_000)
    assert dialog.chosen()[0] is MessageKind.DISPATCHED  # a request dispatched: 已派单
    dialog.findChild(QRadioButton, "message_channel_wechat").setChecked(True)
    words = dialog.text.toPlainText()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.isVisible(), timeout=10_000)
    assert dialog.preview is not None
    dialog.preview.save_to(tmp_path / "slip.pdf")  # saved (as printing is): the slip left the desk
    settle(qtbot)
    wait_loaded(qtbot, page)
    assert last_what(page) == sent_words(MessageKind.DISPATCHED, MessageChannel.WECHAT, "printed")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "slip.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = "".join(text.split())
    assert "诉求办理告知单（已派单）" in flat
    assert all("".join(line.split()) in flat for line in words.splitlines())
    dialog.preview.close()
    dialog.close()


def test_no_message_button_for_who_does_not_handle_requests(qtbot, services: Services, clerk: Actor) -> None:
    case_id = new_case(services, clerk)
    officer = services.auth.login(dd.TIMEBANK_OFFICER.username, DEMO_PASSWORD)
    page = open_page(qtbot, services, officer, case_id)
    assert not page.message_button.isVisibleTo(page) and page.send_message() is None


def test_a_canned_reply_is_picked_by_its_number(qtbot, services: Services, clerk: Actor) -> None:
    case_id = new_case(services, clerk)
    services.workflow.dispatch(clerk, case_id)
    replies = [r.text for r in services.replies.for_case(clerk, case_id)]
    page = open_page(qtbot, services, clerk, case_id)
    dialog = step(qtbot, page, EventKind.NOTE)
    listing = dialog.findChild(QListWidget, "step_replies")
    assert isinstance(listing, RepliesList)
    assert [listing.item(i).data(Qt.ItemDataRole.UserRole) for i in range(listing.count())] == replies
    assert listing.item(1).text().startswith("2")
    note = dialog.findChild(QPlainTextEdit, "step_text")
    qtbot.waitUntil(lambda: note.hasFocus(), timeout=5_000)  # the cursor in the note, to type at once
    QTest.keyClick(note, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # Shift+Tab: the replies above
    assert listing.hasFocus()
    QTest.keyClick(listing, Qt.Key.Key_2)  # a number picks
    assert note.toPlainText() == replies[1] and note.hasFocus()
    note.insertPlainText("，明天回复")  # typed (Chinese comes through the input method)
    listing.setFocus()
    QTest.keyClick(listing, Qt.Key.Key_Down)
    QTest.keyClick(listing, Qt.Key.Key_Return)  # Enter picks; it does not save
    assert dialog.isVisible()
    assert note.toPlainText() == f"{replies[1]}，明天回复，{replies[2]}"
    press_ok(qtbot, dialog)
    assert page.detail is not None and page.detail.timeline[-1].note == note.toPlainText()


def test_the_administrator_edits_a_template_and_restores_it(qtbot, services: Services) -> None:
    admin = services.auth.login(dd.ADMIN.username, DEMO_PASSWORD)
    page = SettingsPage(services, admin, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.tabs.setCurrentWidget(page.templates)
    tab: MessageTemplatesTab = page.templates
    qtbot.waitUntil(lambda: tab.book is not None, timeout=10_000)
    tab.select("progress", "sms")
    assert tab.shown is not None and tab.shown.kind is MessageKind.PROGRESS and not tab.shown.custom
    assert "张先生您好" in tab.preview.text() and "【" not in tab.preview.text()

    tab.editor.setPlainText("【居民称呼】您好，【诉求编好】有进展")
    assert tab.problem.isVisible() and "【诉求编好】" in tab.problem.text() and "【诉求编号】" in tab.problem.text()
    assert tab.preview.text() == ""
    before = services.messages.templates(admin)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert services.messages.templates(admin) == before  # refused: nothing written
    assert "【诉求编好】" in tab.problem.text()

    tab.editor.setPlainText("【居民称呼】您好，")
    cursor = tab.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    tab.editor.setTextCursor(cursor)
    qtbot.mouseClick(tab.field_buttons["诉求编号"], Qt.MouseButton.LeftButton)
    tab.editor.insertPlainText("有新进展：")
    qtbot.mouseClick(tab.field_buttons["最新进展"], Qt.MouseButton.LeftButton)
    assert tab.editor.toPlainText() == "【居民称呼】您好，【诉求编号】有新进展：【最新进展】"
    assert not tab.problem.isVisible()
    assert tab.preview.text() == "张先生您好，A01-20261120-0007有新进展：维修师傅明天上午上门更换水管"
    assert "1" in tab.count.text()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    stored = {(t.kind, t.channel): t for t in services.messages.templates(admin).templates}
    assert stored[(MessageKind.PROGRESS, MessageChannel.SMS)].body == tab.editor.toPlainText()
    assert tab.shown.custom

    answer_next_question(yes=True)
    qtbot.mouseClick(tab.reset_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    stored = {(t.kind, t.channel): t for t in services.messages.templates(admin).templates}
    assert not stored[(MessageKind.PROGRESS, MessageChannel.SMS)].custom
    assert tab.editor.toPlainText() == stored[(MessageKind.PROGRESS, MessageChannel.SMS)].built_in


def test_the_administrator_adds_a_canned_reply(qtbot, services: Services, clerk: Actor) -> None:
    admin = services.auth.login(dd.ADMIN.username, DEMO_PASSWORD)
    page = SettingsPage(services, admin, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.replies)
    settle(qtbot)
    tab = page.replies
    shown = tab.model.rowCount()
    assert shown == len(services.replies.all(admin)) > 0
    dialog = tab.open_dialog(None)
    category = dialog.findChild(QComboBox, "reply_category")
    sub = next(c for c in services.intake.options(clerk).categories if c.parent_id is not None)  # new_case's
    category.setCurrentIndex(next(i for i in range(category.count()) if category.itemData(i) == sub.id))
    dialog.findChild(QLineEdit, "reply_text").setText("好")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert dialog.isVisible() and dialog.errors.message("text")  # too short: said under the field
    dialog.findChild(QLineEdit, "reply_text").setText("电工已到现场")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not dialog.isVisible() and tab.model.rowCount() == shown + 1
    case_id = new_case(services, clerk)  # a request of that sub-category: the new reply comes first
    assert services.replies.for_case(clerk, case_id)[0].text == "电工已到现场"
