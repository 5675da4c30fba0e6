"""A clerk's first hour on a 1366x768 desk, on a real X display: run by tests/xvfb/test_desk_walk.py under Xvfb with
a window manager, never by pytest itself.

The desk starts exactly as `python main.py` does (``app.cli.main``) in an empty data folder, and a driver on a Qt
timer does what the clerk does, in the event loop the app is in at that moment (a modal dialog's or the main
window's): first start with the demo, log-in, a keyboard walk-in with the README's keys, a phone intake, the request
list, a step on a case, a redemption of points, the lock screen, large print. At each stop it saves the whole
screen as the clerk sees it (window manager's frame included) and checks what must hold; the report (JSON) lists
the screenshots, the checks, the walk-in's keys and seconds. Exit code 0 when every check held.

    DISPLAY=:99 QT_QPA_PLATFORM=xcb python tests/xvfb/walk.py DATA_DIR OUT_DIR
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication, QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QMessageBox, QWidget  # noqa: E402

Wait = tuple[str, Callable[[], bool], float]
KEYS_TARGET = 16  # the README: an existing resident's walk-in in at most 16 keys besides the typed text

Ctrl = Qt.KeyboardModifier.ControlModifier
NoMod = Qt.KeyboardModifier.NoModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    if widget is None:
        raise AssertionError("no widget has the keyboard focus")
    return widget


def modal() -> QWidget | None:
    return QApplication.activeModalWidget()


def named(name: str) -> QWidget | None:
    for top in QApplication.topLevelWidgets():
        if top.isVisible():
            found = top if top.objectName() == name else top.findChild(QWidget, name)
            if found is not None and found.isVisible():
                return found
    return None


def main_window() -> Any:
    from app.views.main_window import MainWindow

    for top in QApplication.topLevelWidgets():
        if isinstance(top, MainWindow) and top.isVisible():
            return top
    return None


class Walk:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.report: dict[str, Any] = {"shots": [], "checks": [], "screen": None}
        self.keys: list[str] = []
        self._steps = self.script()
        self._waiting: Wait | None = None
        self._since = time.monotonic()
        self._timer = QTimer()
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._tick)

    # --- the driver ------------------------------------------------------------------------------------------

    def start(self) -> None:
        self._timer.start()

    def _tick(self) -> None:
        try:
            if self._waiting is not None:
                what, ready, limit = self._waiting
                if not ready():
                    if time.monotonic() - self._since > limit:
                        raise AssertionError(f"waited {limit:.0f} s for: {what}")
                    return
            self._waiting = next(self._steps)
            self._since = time.monotonic()
        except StopIteration:
            self._timer.stop()
        except BaseException:  # noqa: BLE001 - the report says what failed; the desk cannot be left half-way
            self.report["failed"] = traceback.format_exc()
            self.save_report()
            os._exit(1)

    @staticmethod
    def later(action: Callable[[], object]) -> None:
        """Act from the event loop, not from the tick: an action that opens a modal dialog runs its loop there, and
        the driver's timer goes on ticking inside it."""
        QTimer.singleShot(0, action)

    def shot(self, name: str) -> None:
        screen = QGuiApplication.primaryScreen()
        path = self.out / f"{len(self.report['shots']) + 1:02d}-{name}.png"
        screen.grabWindow(0).save(str(path))
        self.report["shots"].append(path.name)

    def check(self, what: str, ok: bool, detail: object = "") -> None:
        self.report["checks"].append({"what": what, "ok": bool(ok), "detail": str(detail)})
        if not ok:
            raise AssertionError(f"{what}: {detail}")

    def save_report(self) -> None:
        (self.out / "report.json").write_text(json.dumps(self.report, ensure_ascii=False, indent=2), encoding="utf-8")

    # --- what the clerk does -----------------------------------------------------------------------------------

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NoMod, count: bool = True) -> None:
        if count:
            self.keys.append(f"{modifier.name}+{key.name}" if modifier != NoMod else key.name)
        QTest.keyClick(focused(), key, modifier)

    def type(self, text: str, count: bool = False) -> None:
        """ASCII as key presses; Chinese as the input method commits it; into the widget with the focus."""
        if count:
            self.keys.append(text)
        if text.isascii():
            QTest.keyClicks(focused(), text)
            return
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(focused(), event)

    def click(self, button: QAbstractButton) -> None:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton, NoMod, button.rect().center())

    @staticmethod
    def box_with(words: str) -> Callable[[], bool]:
        return lambda: isinstance(modal(), QMessageBox) and words in modal().text()  # type: ignore[union-attr]

    def fits_the_screen(self, widget: QWidget, what: str) -> None:
        screen = widget.screen().geometry()
        frame = widget.frameGeometry()
        self.check(f"{what} is inside the 1366x768 screen", screen.contains(frame.topLeft())
                   and frame.right() <= screen.right() and frame.bottom() <= screen.bottom(), frame)

    def script(self) -> Iterator[Wait]:
        screen = QGuiApplication.primaryScreen().geometry()
        self.report["screen"] = f"{screen.width()}x{screen.height()}"
        self.check("the display is 1366x768", (screen.width(), screen.height()) == (1366, 768), screen)

        # 1. First start: the demo community.
        yield "the first-start dialog", lambda: named("first_start_dialog") is not None, 60
        first = named("first_start_dialog")
        assert first is not None
        self.fits_the_screen(first, "the first-start dialog")
        self.shot("first-start")
        demo = first.findChild(QAbstractButton, "setup_demo") or next(
            b for b in first.findChildren(QAbstractButton) if "演示" in b.text())
        self.later(lambda: self.click(demo))
        yield "the question before loading the demo", self.box_with("演示"), 20
        self.shot("load-demo-question")
        box = modal()
        assert isinstance(box, QMessageBox)
        self.later(lambda: self.click(box.button(QMessageBox.StandardButton.Yes)))
        yield "the demo's progress box", lambda: named("demo_progress") is not None, 30
        progress = named("demo_progress")
        yield "the demo under way", lambda: progress.value() > 0 or not progress.isVisible(), 120  # type: ignore[union-attr]
        self.shot("demo-progress")
        yield "the demo ready", self.box_with("clerk1"), 300
        self.shot("demo-ready")
        box = modal()
        assert isinstance(box, QMessageBox)
        self.later(box.accept)

        # 2. Log-in.
        yield "the log-in", lambda: named("login_dialog") is not None and named("login_username") is not None, 30
        login = named("login_dialog")
        assert login is not None
        user, password = named("login_username"), named("login_password")
        user.setFocus()  # type: ignore[union-attr]
        QTest.keyClicks(user, "clerk1")
        QTest.keyClicks(password, "demo1234")
        self.shot("login")
        self.later(lambda: QTest.keyClick(password, Qt.Key.Key_Return))

        # 3. The main window fits the screen, with its status bar (the overdue count) on it.
        yield "the main window", lambda: main_window() is not None and main_window().isActiveWindow(), 60
        window = main_window()
        yield "the overdue count", lambda: window.escalation.counts is not None, 60
        QTest.qWait(500)
        self.fits_the_screen(window, "the main window")
        bar = window.statusBar()
        bottom = bar.mapToGlobal(QPoint(0, bar.height())).y()
        self.check("the status bar with the overdue count is on the screen", window.due_button.isVisible()
                   and bottom <= screen.bottom() + 1, bottom)
        self.shot("home")

        # 4. A walk-in of an existing resident, with the README's keys only.
        started = time.monotonic()
        QTest.keyClick(window, Qt.Key.Key_N, Ctrl)
        self.keys.append("ControlModifier+Key_N")
        intake = window.intake
        self.check("Ctrl+N opens the form at 受理方式", focused() is intake.channel, focused())
        self.key(Qt.Key.Key_Tab)
        self.type("wangl")
        yield "the look-up's matches", lambda: intake.lookup.results.isVisible(), 10
        self.key(Qt.Key.Key_Return)
        self.type("1", count=True)
        self.key(Qt.Key.Key_Tab)
        self.type("1", count=True)
        self.key(Qt.Key.Key_Tab)
        self.type("厨房水龙头一直滴水，关不严，老人拧不动，请帮忙找人维修。")
        self.key(Qt.Key.Key_Tab)
        self.type("3", count=True)
        self.key(Qt.Key.Key_Tab)
        self.type("1", count=True)
        self.key(Qt.Key.Key_Tab)
        self.key(Qt.Key.Key_Down)
        self.key(Qt.Key.Key_Space)
        self.shot("walk-in-filled")
        self.key(Qt.Key.Key_Return, Ctrl)
        yield "the receipt's preview", lambda: intake.preview is not None and intake.preview.isVisible(), 30
        seconds = time.monotonic() - started
        self.report["walk_in"] = {"keys": len(self.keys), "sequence": self.keys, "seconds": round(seconds, 1),
                                  "case": intake.last_saved.case_no}
        self.check(f"the walk-in took at most {KEYS_TARGET} keys", len(self.keys) <= KEYS_TARGET, self.keys)
        QTest.qWait(300)
        self.shot("walk-in-receipt")
        self.later(lambda: self.click(intake.preview.close_button))
        yield "the preview closed", lambda: not intake.preview.isVisible(), 10
        yield "the main window has the keyboard again", lambda: window.isActiveWindow(), 10

        # 5. A phone intake.
        QTest.keyClick(window, Qt.Key.Key_N, Ctrl)
        self.type("2")
        self.check("2 chooses 来电", intake.channel.currentText().endswith("来电"), intake.channel.currentText())
        self.key(Qt.Key.Key_Tab, count=False)
        self.type("13812345678")
        self.key(Qt.Key.Key_Tab, count=False)
        self.type("zhang")
        yield "the look-up's matches", lambda: intake.lookup.results.isVisible(), 10
        self.key(Qt.Key.Key_Return, count=False)
        self.type("5")
        self.key(Qt.Key.Key_Tab, count=False)
        self.type("2")
        self.key(Qt.Key.Key_Tab, count=False)
        self.type("晚上十点后楼下烧烤店排风扇噪音很大，影响老人睡觉。")
        QTest.qWait(1100)
        self.shot("phone-intake")
        saved = intake.last_saved
        self.key(Qt.Key.Key_S, Ctrl, count=False)
        yield "the phone request saved", lambda: intake.last_saved is not saved, 30
        QTest.qWait(300)
        self.shot("phone-intake-saved")

        # 6. The request list, and a step on the walk-in's request.
        window.show_page("cases")
        yield "the list read", lambda: window.case_list.model.rowCount() > 0, 30
        QTest.qWait(300)
        self.shot("request-list")
        window.open_case(intake.last_saved.case_id)
        page = window.case_page
        yield "the request's page", lambda: page.detail is not None and not page.loading_label.isVisible(), 30
        self.shot("request-page")
        note = page.findChild(QAbstractButton, "case_action_note")
        self.check("a clerk can note progress on the request", note is not None and note.isEnabled())
        self.later(lambda: self.click(note))
        yield "the step's dialog", lambda: page.dialog is not None and page.dialog.isActiveWindow(), 10
        dialog = page.dialog
        self.check("the cursor is in the step's text", focused() is dialog.text, focused())
        self.type("已联系物业，明天上午上门维修。")
        QTest.qWait(300)
        self.shot("request-step")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        self.later(lambda: self.click(ok))
        yield "the step taken", lambda: not dialog.isVisible(), 30
        yield "the page read again", lambda: page.detail is not None and any(
            "明天上午上门维修" in e.note for e in page.detail.timeline), 30
        QTest.qWait(300)
        self.shot("request-after-step")

        # 7. The lock screen: nothing of the work shows through.
        QTest.keyClick(window, Qt.Key.Key_L, Ctrl)
        yield "the lock", lambda: window.lock is not None and window.lock.isVisible(), 10
        QTest.qWait(300)
        self.check("the cover hides the window", window._cover.isVisible()
                   and window._cover.geometry().contains(window.rect()), window._cover.geometry())
        self.shot("locked")
        lock = window.lock
        lock.password.setFocus()
        QTest.keyClicks(lock.password, "demo1234")
        self.later(lambda: QTest.keyClick(lock.password, Qt.Key.Key_Return))
        yield "unlocked", lambda: not lock.isVisible() and not window._cover.isVisible(), 10

        # 8. Large print: every screen the same, text at least 18 px.
        QTest.keyClick(window, Qt.Key.Key_Equal, Ctrl)
        window.show_page("intake")
        QTest.qWait(500)
        self.fits_the_screen(window, "the main window in large print")
        self.shot("large-print-intake")
        window.show_page("cases")
        QTest.qWait(500)
        self.shot("large-print-list")
        QTest.keyClick(window, Qt.Key.Key_Minus, Ctrl)

        self.save_report()
        self.later(window.close)


def run(data_dir: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from app.cli import main

    walk = Walk(out)
    walk.start()
    code = main(["--data-dir", str(data_dir)])
    walk.save_report()
    failed = [c for c in walk.report["checks"] if not c["ok"]] or "failed" in walk.report
    del app
    return 1 if failed or code != 0 else 0


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]), Path(sys.argv[2])))
