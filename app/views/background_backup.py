"""The desk's automatic backups, in the background, and what the status bar says of them.

Once the main window is shown, every few seconds: when nobody has typed, clicked or saved for ``IDLE_MS``, a worker
asks the backup service which backup is due (the daily one, or the end-of-day one after writes) and makes it on the
thread pool, never on the GUI thread; the status bar says "正在备份… 45%", then "已备份 10:05". A failure (the USB stick
not plugged in, a full disk) is said there in red, with the reason one click away, and tried again later; it never
stops the desk. Closing the window waits at most a second (``stop``): a backup that ends within it is let
finish, any other is stopped between two steps and made again at the next start (the service's ``due`` says so).
"""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from shiboken6 import isValid

from app.domain.topics import Topic
from app.i18n import describe_os_error
from app.services.core.backup import BackupInfo
from app.services.core.backup_copy import BackupStopped
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.views.account_dialogs import INPUT_EVENTS
from app.views.bus import ChangeBus
from app.views.escalation_timer import ALERT_STYLE, OK_STYLE
from app.views.tasks import Report, Task, run_progress_task
from app.views.widgets import icon, name_widget

log = logging.getLogger(__name__)

IDLE_MS = 5_000          # nobody typed, clicked or saved for this long: a backup may start
POLL_MS = 1_000          # how often the desk looks whether it is idle
CHECK_EVERY_S = 60.0     # how often it asks which backup is due (a folder listing and two indexed reads)
RETRY_AFTER_S = 300.0    # a failed backup is tried again after five minutes (the USB stick plugged in meanwhile)


class BackupStatus(QPushButton):
    """The status bar's word on the automatic backup: hidden until there is one; red after a failure, and a click
    then says why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "status_backup", self.tr("Automatic backup"))
        self.setFlat(True)
        self.setStyleSheet(OK_STYLE)
        self.problem = ""
        self.clicked.connect(self.explain)
        self.hide()

    def show_progress(self, done: int, total: int) -> None:
        percent = done * 100 // total if total else 0
        self.problem = ""
        self.setIcon(icon("fa5s.hdd", "#0d5223"))
        self.setStyleSheet(OK_STYLE)
        self.setText(self.tr("Backing up… {percent}%").format(percent=percent))
        self.setToolTip(self.tr("The automatic backup runs in the background; keep working as usual."))
        self.show()

    def show_done(self, info: BackupInfo) -> None:
        self.problem = ""
        self.setIcon(icon("fa5s.check", "#0d5223"))
        self.setStyleSheet(OK_STYLE)
        self.setText(self.tr("Backed up at {time}").format(time=local(info.made_at).strftime("%H:%M")))
        self.setToolTip(self.tr("The newest backup is {name}.").format(name=info.path.name))
        self.show()

    def show_failure(self, folder: str, error: str) -> None:
        self.problem = QApplication.translate(
            "app", "The automatic backup to {folder} failed: {error}\nCheck the backup folder (is the USB stick "
                   "plugged in?).").format(folder=folder, error=error)
        self.setIcon(icon("fa5s.exclamation-triangle", "#b3261e"))
        self.setStyleSheet(ALERT_STYLE)
        self.setText(self.tr("Automatic backup failed: click to see why"))
        self.setToolTip(self.problem)
        self.show()

    def explain(self) -> QMessageBox | None:
        if not self.problem:
            return None
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Backup"), self.problem, QMessageBox.StandardButton.Ok,
                          self.window())
        box.setObjectName("backup_problem")
        box.finished.connect(box.deleteLater)
        box.open()
        return box


class BackgroundBackups(QObject):
    """See the module's text. ``start`` when the window is shown; ``stop`` when it closes."""

    def __init__(self, services: Services, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.status = BackupStatus()
        self.idle_ms = IDLE_MS
        self.grace_s = 0.6  # at closing, a backup that ends within this is let finish; any other is stopped
        self.worker_threads: list[int] = []  # the threads the work ran on (the tests check: never the GUI thread)
        self._task: Task | None = None
        self._last_activity = time.monotonic()
        self._next_check = 0.0
        self._active = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.tick)
        bus.subscribe(set(Topic), self._note_activity)  # a save counts as activity, like a keystroke

    @property
    def running(self) -> bool:
        """A check or a backup is on its way."""
        return self._task is not None

    def start(self) -> None:
        if self._active or self._services.db.sqlite_path is None:  # a shared server is backed up on the server
            return
        self._active = True
        self._note_activity()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def pause(self) -> None:
        """No new backup starts (a restore is replacing the database, the window is closing)."""
        self._active = False
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def stop(self) -> bool:
        """The window closes (or a restore begins): no new backup, and a running one finishes or stops within a
        second (see the module's text). True when none runs any more."""
        self.pause()
        return self._services.backups.finish_or_stop(grace=self.grace_s, within=1.0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in INPUT_EVENTS:
            self._last_activity = time.monotonic()
        return False

    def _note_activity(self) -> None:
        self._last_activity = time.monotonic()

    def idle(self) -> bool:
        return (time.monotonic() - self._last_activity) * 1000 >= self.idle_ms

    def tick(self) -> bool:
        """Start the check (and the backup it finds due) when the desk is idle; says whether it started."""
        if not self._active or self._task is not None or not self.idle() or time.monotonic() < self._next_check:
            return False
        self._next_check = time.monotonic() + CHECK_EVERY_S
        self._task = run_progress_task(self._work, self._on_done, self._on_failed, self.status.show_progress)
        return True

    def _work(self, report: Report) -> BackupInfo | None:
        self.worker_threads.append(threading.get_ident())
        return self._services.backups.backup_if_due(report=report)

    def _on_done(self, info: BackupInfo | None) -> None:
        self._task = None
        if info is not None and isValid(self.status):  # the window may have closed while it finished
            self.status.show_done(info)

    def _on_failed(self, exc: BaseException) -> None:
        self._task = None
        if isinstance(exc, BackupStopped) or not isValid(self.status):  # closing: made again at the next start
            return
        self._next_check = time.monotonic() + RETRY_AFTER_S
        if isinstance(exc, DomainError):
            error = exc.render(QApplication.translate)
        elif isinstance(exc, OSError):
            error = describe_os_error(exc)
        else:  # SQLite's own error (the USB stick pulled out half-way): said as it is, never a crash
            log.warning("The automatic backup failed", exc_info=exc)
            error = str(exc)
        self.status.show_failure(str(self._services.backups.folder), error)
