"""Errors never vanish: an exception escaping a slot, a worker or a thread is logged in logs/desk.log and said in
one crash dialog, in Chinese, while the desk keeps running and nothing typed is lost.

pytest-qt normally installs its own ``sys.excepthook`` around every test phase to turn an exception in a Qt slot
into a test failure; with it in place the desk's hook would never run. These tests switch that off
(``qt_no_exception_capture``) and install the desk's own hook, as ``run_gui`` does, so what they check is what
happens at the desk. They restore both hooks afterwards.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QThreadPool, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QPushButton

from app import __version__
from app.logsetup import configure_logging, reset_logging
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views import crash
from app.views.crash import MAX_SHOWN, CrashDialog, install_excepthook, report_unexpected, uninstall_excepthook
from app.views.intake_page import DRAFT_FORM
from app.views.main_window import MainWindow
from app.views.tasks import run_task
from tests.gui.helpers import settle, type_text

pytestmark = [pytest.mark.qt_no_exception_capture,
              # the reused dialog is raised above newer windows; the offscreen platform cannot, and says so
              pytest.mark.qt_log_ignore("This plugin does not support raise", extend=True)]

DESCRIPTION = "三号楼二单元楼道灯坏了一个星期，晚上老人上下楼看不见。"


@pytest.fixture
def log_file(services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The desk's logging and except hooks, as run_gui sets them up; put back as they were afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = configure_logging(services.paths.data_dir)
    assert path is not None
    install_excepthook(path)
    yield path
    uninstall_excepthook()
    dialog = crash.current_dialog()
    if dialog is not None:
        dialog.close()
    reset_logging()


def crash_dialogs() -> list[CrashDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]


def logged(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_an_error_in_a_button_slot_is_logged_and_shown_and_the_typed_form_stays(
        qtbot, window: MainWindow, services: Services, clerk: Actor, log_file: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_intake()
    intake = window.intake
    assert intake is not None
    intake.description.setFocus()
    type_text(qtbot, DESCRIPTION)
    qtbot.waitUntil(lambda: services.drafts.load(clerk.username, DRAFT_FORM) is not None, timeout=3000)

    def boom(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(services.intake, "submit", boom)  # a bug in the service the save button calls
    qtbot.mouseClick(intake.save_button, Qt.MouseButton.LeftButton)  # the save runs on the thread pool...
    settle(qtbot)  # ...and its unexpected exception comes back to the operation path, which reports it

    dialog, = crash_dialogs()
    assert dialog.objectName() == "crash_dialog" and dialog.parent() is window
    assert dialog.windowTitle() == "意外错误"
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "程序遇到了一个意外错误，但程序仍在运行。" in texts
    assert "您输入的内容没有丢失：表单保持原样，草稿也已保留。" in texts and "详细信息已写入日志文件：" in texts
    path_label = dialog.findChild(QLabel, "crash_log_path")
    assert path_label is not None and path_label.text() == str(log_file) == str(services.paths.logs / "desk.log")
    assert path_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse

    log = logged(log_file)
    assert "ERROR app.views.crash [MainThread] Unexpected error in thread MainThread: RuntimeError: boom" in log
    assert "Traceback (most recent call last)" in log and "in work" in log  # the save's work, on the thread pool
    assert 'raise RuntimeError("boom")' in log

    details = dialog.findChild(QPlainTextEdit, "crash_details")
    assert details is not None and not details.isVisible()  # folded away until asked for
    qtbot.mouseClick(dialog.toggle, Qt.MouseButton.LeftButton)
    assert details.isVisible() and "RuntimeError: boom" in details.toPlainText()
    copy = dialog.findChild(QPushButton, "crash_copy")
    assert copy is not None and copy.text() == "复制详细信息"
    QApplication.clipboard().clear()
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    for expected in ("RuntimeError: boom", "Traceback (most recent call last)", "in work",
                     f"Community Desk {__version__}", "（北京时间）", "线程：MainThread", str(log_file)):
        assert expected in copied, expected
    assert dialog.copied.isVisible()

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not crash_dialogs())
    # The desk is still there, with the form as it was typed and its draft on disk.
    assert window.isVisible() and window.stack.currentWidget() is intake
    assert intake.description.toPlainText() == DESCRIPTION
    draft = services.drafts.load(clerk.username, DRAFT_FORM)
    assert draft is not None and draft[1]["description"] == DESCRIPTION


def test_a_background_tasks_exception_is_reported_with_the_workers_traceback(
        qtbot, window: MainWindow, log_file: Path) -> None:  # type: ignore[no-untyped-def]
    def count_overdue_requests() -> int:
        raise ZeroDivisionError("division by zero in the worker")

    failures: list[CrashDialog] = []
    run_task(count_overdue_requests, lambda _result: None,
             lambda exc: failures.append(report_unexpected(exc, window)))  # the operation helper's on_error
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    dialog, = crash_dialogs()
    assert failures == [dialog] and dialog.error_count == 1
    assert "in count_overdue_requests" in dialog.details()  # raised on the pool's thread, shown on the GUI's
    log = logged(log_file)
    assert "ZeroDivisionError: division by zero in the worker" in log and "in count_overdue_requests" in log


def test_errors_of_other_threads_are_logged_there_and_shown_on_the_gui_thread(
        qtbot, window: MainWindow, log_file: Path) -> None:  # type: ignore[no-untyped-def]
    def nightly_export() -> None:
        raise ValueError("export broke")

    thread = threading.Thread(target=nightly_export, name="export-thread")
    thread.start()
    thread.join()  # threading.excepthook ran on that thread; the dialog waits for the GUI thread
    qtbot.waitUntil(lambda: bool(crash_dialogs()), timeout=3000)
    dialog, = crash_dialogs()
    assert "ValueError: export broke" in dialog.details() and "线程：export-thread" in dialog.details()
    assert "ERROR app.views.crash [export-thread] Unexpected error in thread export-thread" in logged(log_file)

    def pool_work() -> None:
        raise KeyError("escaped a runnable")

    QThreadPool.globalInstance().start(pool_work)  # PySide6 calls sys.excepthook on the pool's thread
    qtbot.waitUntil(lambda: dialog.error_count == 2, timeout=3000)
    assert crash_dialogs() == [dialog] and "KeyError: 'escaped a runnable'" in dialog.details()


def test_a_burst_of_errors_fills_one_dialog(qtbot, window: MainWindow, services: Services,  # type: ignore[no-untyped-def]
                                            log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_intake()
    intake = window.intake
    assert intake is not None
    calls: list[int] = []

    def boom(*_args: object) -> None:
        calls.append(1)
        raise RuntimeError(f"boom {len(calls)}")

    monkeypatch.setattr(services.intake, "submit", boom)
    for _ in range(MAX_SHOWN + 5):
        intake.save_button.click()  # e.g. a timer failing every second
        settle(qtbot)
    assert len(calls) == MAX_SHOWN + 5
    dialog, = crash_dialogs()
    assert dialog.error_count == MAX_SHOWN + 5
    assert dialog.count_label.isVisible() and f"已连续发生 {MAX_SHOWN + 5} 个错误" in dialog.count_label.text()
    details = dialog.details()
    assert f"RuntimeError: boom {MAX_SHOWN}\n" in details and f"boom {MAX_SHOWN + 1}\n" not in details
    assert "……另有 5 个错误，只记录在日志文件中。" in details
    log = logged(log_file)  # the first MAX_SHOWN with their traceback, then a line each
    assert log.count("Traceback (most recent call last)") == MAX_SHOWN
    assert f"Unexpected error again ({MAX_SHOWN + 5} since the error window opened) in thread MainThread: " \
           f"RuntimeError: boom {MAX_SHOWN + 5}" in log
    dialog.close()
    qtbot.waitUntil(lambda: not crash_dialogs())
    intake.save_button.click()  # after closing, the next error opens a fresh dialog
    settle(qtbot)
    fresh, = crash_dialogs()
    assert fresh is not dialog and fresh.error_count == 1
    assert logged(log_file).count("Traceback (most recent call last)") == MAX_SHOWN + 1  # in full again


def test_keyboard_interrupt_keeps_pythons_own_behaviour(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                        log_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert not crash_dialogs()
    assert "KeyboardInterrupt" in capsys.readouterr().err and "KeyboardInterrupt" not in logged(log_file)


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.urls.append(url)


def test_help_opens_the_log_folder_of_the_data_folder(qtbot, window: MainWindow, services: Services,  # type: ignore[no-untyped-def]
                                                      demo_dir: Path) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    action = next(a for a in help_menu.actions() if a.objectName() == "open_logs_action")  # type: ignore[union-attr]
    assert action is window.logs_action and action.text() == "打开日志文件夹(&L)"
    assert window.log_folder() == demo_dir / "logs" and (demo_dir / "logs").is_dir()

    catcher = _UrlCatcher()  # stands where the file manager would open, so the test launches none
    QDesktopServices.setUrlHandler("file", catcher, "open_url")
    try:
        action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in catcher.urls] == [demo_dir / "logs"]
