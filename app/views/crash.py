"""When something unforeseen goes wrong: logged with its traceback, and said in a window instead of vanishing.

The Windows build has no console, so an exception escaping a Qt slot used to go to a stderr nobody sees. Now:

- ``install_excepthook`` (``run_gui``) sets ``sys.excepthook``, which PySide6 calls for an exception escaping a slot
  or a virtual method, and ``threading.excepthook``: each error is written to the log file (``app/logsetup.py``)
  and shown in one ``CrashDialog``. An error of another thread (a thread-pool worker, a ``threading.Thread``) is
  logged where it happened and shown on the GUI thread, through a queued signal.
- ``report_unexpected`` does the same for an exception object handed over by code that caught it (a background
  task's ``on_error``): its ``__traceback__`` says where it was raised.
- A burst of errors (a timer failing every second, a list failing on every row) fills one dialog: while it is open
  later errors are appended to its details and counted, never stacked as twenty windows. Past ``MAX_SHOWN`` errors
  the log gets a line each instead of a traceback, so a runaway loop cannot rotate the first error out of the log.

Ctrl+C (KeyboardInterrupt) and SystemExit keep Python's own behaviour.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6 import __version__ as qt_version
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.logsetup import current_log_file
from app.services.core.clock import LOCAL_TZ
from app.views.type_scale import points, set_role

log = logging.getLogger(__name__)

MAX_SHOWN = 20  # errors whose details the dialog keeps; later ones are counted (the log file has them all)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadHook = Callable[[threading.ExceptHookArgs], object]


def describe(exc: BaseException, number: int = 1, thread: str | None = None, when: datetime | None = None) -> str:
    """One error as support needs it: when, which version, which thread, type and message, the traceback."""
    moment = (when or datetime.now(LOCAL_TZ)).astimezone(LOCAL_TZ)
    head = QCoreApplication.translate("crash", "Error {n} at {time} (Beijing time)").format(
        n=number, time=moment.strftime("%Y-%m-%d %H:%M:%S"))
    lines = [
        head,
        f"{type(exc).__name__}: {exc}",
        f"Community Desk {__version__} · Python {platform.python_version()} · PySide6 {qt_version} · "
        f"{platform.platform()}",
        QCoreApplication.translate("crash", "Thread: {thread}").format(thread=thread or _thread_name()),
        "".join(traceback.format_exception(exc)).rstrip(),
    ]
    return "\n".join(lines)


def _thread_name() -> str:
    return threading.current_thread().name


def _on_gui_thread() -> bool:
    """The desk's QApplication is made on the main thread, so it is the GUI thread."""
    return threading.current_thread() is threading.main_thread()


class CrashDialog(QDialog):
    """Says that something went wrong, that the desk is still running and nothing typed is lost, where the log is;
    offers the details to copy for the support staff."""

    def __init__(self, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crash_dialog")
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.log_path = log_path
        self._entries: list[str] = []
        self._count = 0

        sign = QLabel()
        size = 48
        sign.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        sign.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.headline = QLabel(self.tr("The program ran into an unexpected error. It is still running."))
        self.headline.setObjectName("crash_headline")
        self.headline.setStyleSheet("font-weight:600; color:#2b4c7e;")
        set_role(self.headline, "greeting")
        self.headline.setWordWrap(True)
        self.reassurance = QLabel(self.tr(
            "Nothing you typed is lost: the form stays as it was, and drafts are kept. You can close this message "
            "and carry on. If the error comes back, please tell the support staff."))
        self.reassurance.setObjectName("crash_text")
        self.reassurance.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("crash_count")
        self.count_label.setWordWrap(True)
        self.count_label.setStyleSheet("color:#b3261e; font-weight:600;")
        self.count_label.hide()

        where = QLabel(self.tr("The details are written to the log file:") if log_path is not None else self.tr(
            "No log file could be written. Copy the details and send them to the support staff."))
        where.setWordWrap(True)
        self.log_path_label = QLabel(str(log_path) if log_path is not None else "")
        self.log_path_label.setObjectName("crash_log_path")
        self.log_path_label.setAccessibleName(self.tr("Log file"))
        self.log_path_label.setWordWrap(True)
        self.log_path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                    | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.log_path_label.setStyleSheet("background:#f4f6f9; padding:6px; border-radius:4px;")
        self.log_path_label.setVisible(log_path is not None)

        self.toggle = QPushButton(self.tr("Show details"))
        self.toggle.setObjectName("crash_toggle")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self.details_box = QPlainTextEdit()
        self.details_box.setObjectName("crash_details")
        self.details_box.setAccessibleName(self.tr("Details"))
        self.details_box.setReadOnly(True)
        self.details_box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSize(points("body"))
        self.details_box.setFont(mono)
        self.details_box.setMinimumSize(640, 220)
        self.details_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.details_box.hide()

        self.copied = QLabel(self.tr("The details are on the clipboard: paste them into a message to the support "
                                     "staff."))
        self.copied.setObjectName("crash_copied")
        self.copied.setWordWrap(True)
        self.copied.setStyleSheet("color:#1e7b34;")
        self.copied.hide()
        self.copy_button = QPushButton(self.tr("Copy the details"))
        self.copy_button.setObjectName("crash_copy")
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("crash_close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)

        text = QVBoxLayout()
        text.setSpacing(10)
        for widget in (self.headline, self.reassurance, self.count_label, where, self.log_path_label):
            text.addWidget(widget)
        head = QHBoxLayout()
        head.setSpacing(16)
        head.addWidget(sign, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(head)
        layout.addWidget(self.details_box, 1)
        layout.addWidget(self.copied)
        layout.addLayout(buttons)
        self.reassurance.setMinimumWidth(540)  # the dialog's width; its height follows the wrapped text
        self.close_button.setFocus()

    @property
    def error_count(self) -> int:
        """Errors reported to this dialog since it opened (its details keep the first ``MAX_SHOWN``)."""
        return self._count

    def add_error(self, exc: BaseException, thread: str | None = None, when: datetime | None = None) -> None:
        self._count += 1
        if len(self._entries) < MAX_SHOWN:
            self._entries.append(describe(exc, self._count, thread, when))
        self.details_box.setPlainText(self.details())
        if self._count > 1:
            self.count_label.setText(self.tr("{n} errors have occurred in a row; the details of each are below.")
                                     .format(n=self._count))
            self.count_label.show()

    def details(self) -> str:
        """What the copy button puts on the clipboard."""
        text = "\n\n".join(self._entries)
        left_out = self._count - len(self._entries)
        if left_out > 0:
            text += "\n\n" + self.tr("… and {n} more errors, in the log file only.").format(n=left_out)
        if self.log_path is not None:
            text += "\n\n" + self.tr("Log file: {path}").format(path=self.log_path)
        return text

    def copy_details(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.details())
        self.copied.show()

    def _on_toggle_toggled(self, shown: bool) -> None:
        self.details_box.setVisible(shown)
        self.toggle.setText(self.tr("Hide details") if shown else self.tr("Show details"))
        self.adjustSize()  # grow for the traceback, shrink back without it (the labels wrap to the new width)


@dataclass
class _State:
    log_path: Path | None = None
    installed: bool = False
    dialog: CrashDialog | None = None
    relay: _Relay | None = None
    showing: bool = False  # guards against an error raised while the dialog itself is being built
    burst: int = 0  # errors logged since the dialog opened; past MAX_SHOWN only a line each (no traceback)
    previous_excepthook: ExceptHook | None = None
    previous_threadhook: ThreadHook | None = None


class _Relay(QObject):
    """Lives on the GUI thread; an error of another thread is emitted here and shown there (a queued call)."""

    crashed = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.crashed.connect(self._on_crashed)

    @Slot(object, str)
    def _on_crashed(self, exc: object, thread: str) -> None:
        if isinstance(exc, BaseException):
            _show_safely(exc, None, thread)


_state = _State()


def _log(exc: BaseException, thread: str) -> None:
    """With its traceback; in a burst (a paint or a timer failing again and again) the first ``MAX_SHOWN`` only,
    then a line each, so the rotating log does not push the first, telling error out of its files."""
    _state.burst += 1
    if _state.burst <= MAX_SHOWN:
        log.error("Unexpected error in thread %s: %s: %s", thread, type(exc).__name__, exc,
                  exc_info=(type(exc), exc, exc.__traceback__))
    else:
        log.error("Unexpected error again (%d since the error window opened) in thread %s: %s: %s",
                  _state.burst, thread, type(exc).__name__, exc)


def _parent_for(parent: QWidget | None) -> QWidget | None:
    """The window the dialog belongs to: the given widget's, else the active one, else the visible main window."""
    if parent is not None:
        return parent.window()
    active = QApplication.activeWindow()
    if active is not None and not isinstance(active, CrashDialog):
        return active
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()), None)


def current_dialog() -> CrashDialog | None:
    """The crash dialog on screen now, if any."""
    dialog = _state.dialog
    if dialog is None or not shiboken6.isValid(dialog) or not dialog.isVisible():
        return None
    return dialog


def _forget(dialog: CrashDialog) -> None:
    if _state.dialog is dialog:
        _state.dialog = None
        _state.burst = 0


def _show(exc: BaseException, parent: QWidget | None, thread: str) -> CrashDialog:
    dialog = current_dialog()
    if dialog is not None:  # a burst: one window, its details growing
        dialog.add_error(exc, thread)
        dialog.raise_()  # above whatever window was opened since
        return dialog
    log_path = _state.log_path if _state.installed else current_log_file()
    dialog = CrashDialog(log_path, _parent_for(parent))
    dialog.add_error(exc, thread)
    dialog.finished.connect(lambda _result: _forget(dialog))
    _state.dialog = dialog
    dialog.open()  # not exec(): no nested event loop inside whatever slot failed
    dialog.activateWindow()
    return dialog


def _show_safely(exc: BaseException, parent: QWidget | None, thread: str) -> CrashDialog | None:
    """Show, unless the dialog is being built right now or there is no GUI; never raise from an except hook."""
    if _state.showing or not isinstance(QCoreApplication.instance(), QApplication):
        return None
    _state.showing = True
    try:
        return _show(exc, parent, thread)
    except Exception:  # noqa: BLE001 - the crash window failing must not hide the first error
        log.exception("The crash dialog could not be shown")
        _state.burst = 0
        return None
    finally:
        _state.showing = False


def report_unexpected(exc: BaseException, parent: QWidget | None = None) -> CrashDialog:
    """Log ``exc`` with its traceback and show it in the crash dialog (opened, not exec'd; reused while open).

    For code that caught an exception it cannot explain, e.g. a background task's ``on_error`` on the GUI thread.
    Call it on the GUI thread; the exception may come from another one (its ``__traceback__`` says where).
    """
    _log(exc, _thread_name())
    _state.showing = True
    try:
        return _show(exc, parent, _thread_name())
    finally:
        _state.showing = False


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if not issubclass(exc_type, Exception):  # Ctrl+C, SystemExit: as without the desk's hook
        (_state.previous_excepthook or sys.__excepthook__)(exc_type, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    _handle(exc, _thread_name())


def _threadhook(args: threading.ExceptHookArgs) -> None:
    if not issubclass(args.exc_type, Exception) or args.exc_value is None:
        (_state.previous_threadhook or threading.__excepthook__)(args)
        return
    exc = args.exc_value
    if exc.__traceback__ is None and args.exc_traceback is not None:
        exc = exc.with_traceback(args.exc_traceback)
    _handle(exc, args.thread.name if args.thread is not None else _thread_name())


def _handle(exc: BaseException, thread: str) -> None:
    try:
        _log(exc, thread)
    except Exception:  # noqa: BLE001 - a broken log must not swallow the error: say it the old way
        sys.__excepthook__(type(exc), exc, exc.__traceback__)
    if _on_gui_thread():
        _show_safely(exc, None, thread)
    elif _state.relay is not None and shiboken6.isValid(_state.relay):
        _state.relay.crashed.emit(exc, thread)  # queued: the dialog is made on the GUI thread


def install_excepthook(log_path: Path | None) -> None:
    """Send every uncaught exception (Qt slots, other threads) to the log and the crash dialog.

    Call on the GUI thread once the QApplication exists. ``log_path`` is the file the dialog names (None: no log
    file could be opened). Calling it again only updates the path.
    """
    _state.log_path = log_path
    app = QCoreApplication.instance()
    if _state.relay is None or not shiboken6.isValid(_state.relay):
        _state.relay = _Relay(app)
    if _state.installed:
        return
    _state.previous_excepthook = sys.excepthook
    _state.previous_threadhook = threading.excepthook
    sys.excepthook = _excepthook
    threading.excepthook = _threadhook
    _state.installed = True


def uninstall_excepthook() -> None:
    """Put back the hooks that were there before ``install_excepthook`` (tests)."""
    if not _state.installed:
        return
    if sys.excepthook is _excepthook:
        sys.excepthook = _state.previous_excepthook or sys.__excepthook__
    if threading.excepthook is _threadhook:
        threading.excepthook = _state.previous_threadhook or threading.__excepthook__
    _state.installed = False
    _state.previous_excepthook = _state.previous_threadhook = None
