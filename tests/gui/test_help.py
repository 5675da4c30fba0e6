"""帮助 through the real widgets: F1 opens the guide at the screen's page, the search finds words, every screen has its
page, the 帮助 menu, the keys the windows answer to are the table's, and the shortcut card is written and previewed."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QFontInfo, QInputMethodEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.domain.shortcuts import AREA_NAMES, SHORTCUTS, Area, shown_keys
from app.services.core.container import Services
from app.services.documents.shortcut_card import CARD_FILE_NAME
from app.views.help_window import GUIDE, HelpWindow, help_page, keys_html, page_path
from app.views.main_window import HELP_OF_PAGE, MainWindow
from app.views.pdf_preview import PdfPreviewDialog
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import focused, press, settle


def f1(qtbot, window: MainWindow) -> HelpWindow:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_F1)
    guide = window.help_window
    assert guide is not None and guide.isVisible()
    return guide


def commit(widget: QWidget, text: str) -> None:
    """Chinese typed into ``widget`` as the input method commits it (拼音输入法)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def admin_window(qtbot, services: Services) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(services, services.auth.login("admin", DEMO_PASSWORD))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_f1_on_the_intake_form_opens_the_guide_at_the_intake_page(qtbot, window: MainWindow) -> None:
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)             # Ctrl+N: the form, cursor in it
    assert window.stack.currentWidget() is window.intake and focused() is window.intake.channel  # type: ignore[union-attr]
    guide = f1(qtbot, window)
    assert guide.current == "intake" and guide.page_title() == "诉求登记（来访、来电）"
    assert guide.contents.currentItem().text() == "诉求登记（来访、来电）"
    text = guide.browser.toPlainText()
    assert "来电登记" in text and "Ctrl+Enter" in text and "按规定" in text
    # The README's key table is on it, filled in from the table of keys: the walk-in key by key, and each key.
    assert "Ctrl+N → Tab → 〔输入姓名或拼音〕 → Enter → 1" in text
    assert "保存并打开回执打印" in text and "回到查找框" in text
    # Large print: the page at 18 px or more (MIIT's ageing-friendly body size), above the desk's own font.
    assert QFontInfo(guide.browser.font()).pixelSize() >= max(18, QFontInfo(window.font()).pixelSize() + 2)


def test_f1_on_the_request_list_opens_its_page_and_again_follows_the_screen(qtbot, window: MainWindow) -> None:
    page = window.show_page("cases")
    window.case_list.table.setFocus()  # type: ignore[union-attr]
    assert window.stack.currentWidget() is page
    guide = f1(qtbot, window)
    assert guide.current == "cases" and "诉求列表" in guide.windowTitle()
    assert "导出台账" in guide.browser.toPlainText()
    window.activateWindow()
    window.show_page("home")
    window.nav.setFocus()
    assert f1(qtbot, window) is guide and guide.current == "home"  # the one guide window, at the new page


def test_the_search_lists_the_pages_holding_a_word_and_marks_it(qtbot, window: MainWindow) -> None:
    guide = window.open_help("start")
    commit(guide.search, "漏水")
    shown = [guide.contents.item(i).text() for i in range(guide.contents.count())]
    assert shown == [help_page(id).title for id in GUIDE if "漏水" in help_page(id).text]
    assert "诉求列表" in shown and "首页" not in shown
    assert guide.current == "cases"                   # the first page that has it (the start page did not)
    assert guide.marked() >= 1 and guide.browser.textCursor().selectedText() == "漏水"
    guide.search.clear()
    commit(guide.search, "锁屏")
    assert guide.contents.count() >= 3 and guide.marked() >= 1
    qtbot.keyClick(guide.search, Qt.Key.Key_Return)  # Enter: on to the next place of the word
    assert guide.browser.textCursor().selectedText() == "锁屏"
    guide.search.clear()
    commit(guide.search, "火星")                       # in no page: said, and nothing listed
    assert guide.contents.count() == 0 and guide.marked() == 0 and "火星" in guide.found.text()
    guide.search.clear()
    assert guide.contents.count() == len(GUIDE)       # all the pages again


def test_every_screen_of_the_window_has_its_page_in_the_guide(qtbot, services: Services) -> None:
    """A screen added to the main window without a page of the guide fails here."""
    w = admin_window(qtbot, services)
    keys = {id(page): key for key, page in w.pages.items()}
    assert w.stack.count() == len(w.pages) >= 13
    for index in range(w.stack.count()):
        key = keys[id(w.stack.widget(index))]
        assert key in HELP_OF_PAGE, f"the screen {key!r} has no page in the user guide"
        assert HELP_OF_PAGE[key] in GUIDE and page_path(HELP_OF_PAGE[key]).is_file()
        w.show_page(key)
        assert w.open_help().current == HELP_OF_PAGE[key]
    assert set(HELP_OF_PAGE) == set(w.pages)          # no page of the guide is for a screen that is not there


def test_links_between_pages_go_there(qtbot, window: MainWindow) -> None:
    guide = window.open_help("start")
    guide.browser.anchorClicked.emit(guide.browser.source().resolved("intake.html"))
    assert guide.current == "intake" and guide.contents.currentItem().text() == "诉求登记（来访、来电）"


def test_the_help_menu(qtbot, window: MainWindow) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    names = [a.objectName() for a in help_menu.actions() if not a.isSeparator()]  # type: ignore[union-attr]
    assert names[:4] == ["help_action", "shortcuts_action", "shortcut_card_action", "open_logs_action"]
    assert len(names) == 5                                                         # and 关于
    assert window.help_action.shortcut() == QKeySequence("F1")


def test_the_shortcuts_dialog_shows_every_key_of_the_table(qtbot, window: MainWindow) -> None:
    window.shortcuts_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "shortcuts_dialog" and w.isVisible())
    text = dialog.browser.toPlainText()  # type: ignore[attr-defined]
    for s in SHORTCUTS:
        assert shown_keys(s, chinese=True) in text and s.chinese in text, s.id
    dialog.close()


def test_the_window_answers_only_to_keys_of_the_table(qtbot, services: Services) -> None:
    """Every shortcut bound in the windows comes from the table, and every key the table says is bound is bound."""
    w = admin_window(qtbot, services)
    list(w.pages.values())  # every page built (each is built on its first visit)
    bound = {seq.toString() for a in w.findChildren(QAction) for seq in a.shortcuts()}
    bound |= {s.key().toString() for s in w.findChildren(QShortcut)}
    card = w.print_shortcut_card()
    assert card is not None
    bound |= {s.key().toString() for s in card.findChildren(QShortcut)}
    table = {QKeySequence(k).toString() for s in SHORTCUTS if s.bound for k in s.keys}
    assert bound == table
    card.close()


def test_the_card_is_written_to_the_printouts_and_previewed(qtbot, window: MainWindow, services: Services) -> None:
    window.card_action.trigger()
    preview = window.card_preview
    assert isinstance(preview, PdfPreviewDialog) and preview.isVisible()
    path = services.paths.printouts / CARD_FILE_NAME
    assert preview.pdf_path == path and preview.document.pageCount() == 1
    assert "/" not in preview.status.text() and CARD_FILE_NAME in preview.status.text()  # a name, not a path
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "快捷键卡片" in text and "Ctrl+Enter" in text and "幸福里社区" in text
    preview.close()


def test_a_card_that_cannot_be_written_is_said_and_leaves_nothing(qtbot, window: MainWindow, services: Services,
                                                                  tmp_path: Path) -> None:
    printouts = services.paths.printouts
    for child in printouts.iterdir():
        child.unlink()
    printouts.rmdir()
    printouts.write_text("not a folder")              # the printouts folder is not a folder
    said: list[str] = []

    def close_the_message() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        said.append(box.text())
        box.accept()

    QTimer.singleShot(50, close_the_message)
    assert window.print_shortcut_card() is None
    assert len(said) == 1 and "路径中有一部分是文件，不是文件夹" in said[0]
    assert printouts.read_text() == "not a folder" and window.card_preview is None


def test_the_guide_is_hidden_while_the_desk_is_locked(qtbot, window: MainWindow) -> None:
    guide = window.open_help()
    lock = window.lock_desk(idle=False)
    assert not guide.isVisible()
    lock.password.setText(DEMO_PASSWORD)
    lock.attempt()
    settle(qtbot)
    assert guide.isVisible()


def test_the_keys_page_shows_every_area_of_the_table(qtbot) -> None:  # type: ignore[no-untyped-def]
    markup = keys_html()
    assert all(AREA_NAMES[a][1] in markup for a in Area)
