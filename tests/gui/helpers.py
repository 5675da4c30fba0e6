"""What a clerk does with the keyboard, for the GUI tests."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """ASCII as key presses; Chinese the way it really arrives, committed by the input method (拼音输入法)."""
    if text.isascii():
        qtbot.keyClicks(focused(), text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def answer_next_question(yes: bool = True) -> None:
    """When the next confirmation box opens, answer it as the clerk would (Enter = Yes, Esc = No)."""
    def answer(tries: int = 50) -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            assert tries > 0, "no confirmation box appeared"
            QTimer.singleShot(20, lambda: answer(tries - 1))
            return
        key = Qt.Key.Key_Return if yes else Qt.Key.Key_Escape
        QTest.keyClick(boxes[0], key)
    QTimer.singleShot(0, answer)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def settled_window(qtbot, services, actor):  # type: ignore[no-untyped-def]
    """The main window as the user first sees it (1280 x 820, shown), once its start-up escalation pass and the
    status bar's count have come back from the thread pool."""
    from app.views.main_window import MainWindow

    w = MainWindow(services, actor)
    qtbot.addWidget(w)
    w.resize(1280, 820)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not w.escalation.busy and w.escalation.counts is not None, timeout=20_000)
    return w


def matches_of(qtbot, lookup) -> list:  # type: ignore[no-untyped-def]
    """Ask a resident look-up (``ResidentLookup``) for what its box holds now, and the matches it shows when the
    answer is back from the thread pool."""
    lookup.search_now()
    qtbot.waitUntil(lambda: not lookup.searching(), timeout=10_000)
    return lookup.matches()  # type: ignore[no-any-return]


def settle(qtbot, timeout: int = 10_000) -> None:  # type: ignore[no-untyped-def]
    """Every service call on its way has answered: the thread pool is idle and the answers it queued for the GUI
    thread are delivered, including the reads those answers started (a save runs off the GUI thread, then the bus
    has the pages read again), so a test waits for them as the clerk does."""
    pool = QThreadPool.globalInstance()
    for _ in range(20):
        qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=timeout)
        for _ in range(3):
            QCoreApplication.processEvents()
        qtbot.wait(20)  # an answer posted as the last thread ended is delivered by the event loop, not always above
        if pool.activeThreadCount() == 0:
            return
    raise AssertionError("the answers kept asking for more work")


POPUP_NOISE = "This plugin does not support (raise|grabbing the keyboard)"  # an open list, on the offscreen platform


def current_item_is_drawn(combo) -> bool:  # type: ignore[no-untyped-def]
    """Open ``combo``'s list and look at the pixels of its current item: the marked entry must be drawn (a coloured
    band with its text in it), not an empty white box (issue 16)."""
    combo.showPopup()
    QApplication.processEvents()
    view = combo.view()
    image = view.viewport().grab(view.visualRect(view.currentIndex())).toImage()
    combo.hidePopup()
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    white = sum(1 for c in pixels if min(c.red(), c.green(), c.blue()) > 235)
    light_on_dark = sum(1 for c in pixels if c.lightness() > 200) and sum(1 for c in pixels if c.lightness() < 120)
    return bool(pixels) and white < len(pixels) * 0.5 and bool(light_on_dark)
