"""Sync with the street while the desk app is open (issue 21): a sync once the window is painted and every two
minutes, off the GUI thread, never two at once; 立即同步 (F9) runs one now; the status bar says the last sync, what
waits to go up, and any problem, in Chinese. A desk that has not joined a street shows nothing of this.

The sync is the same ``SyncService.sync`` as ``main.py sync``. A failure (the street cannot be reached, another
schema version, a refusal) is kept by the service and said in the status bar, never in a dialog: the desk works on
offline. The rows a pull brought down are written with plain statements, so the topics of the tables it wrote
(``SyncReport.tables``) are announced on the change bus: the pages showing them read again.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from app.domain.topics import Topic
from app.services.core.changes import topics_of
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.sync.service import SyncReport, SyncStatus
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.type_scale import set_role
from app.views.widgets import icon, name_widget, render_message

SYNC_EVERY_MS = 2 * 60_000
OK_STYLE = "QLabel{padding:0 8px; color:#0d5223;}"
ALERT_STYLE = "QLabel{padding:0 8px; color:#b3261e; font-weight:700;}"
MIN_CHARACTERS = 12  # the least room it keeps in the status bar; it takes what the others leave, the rest elided
PADDING = 16  # the style sheet's 8 px either side


class BackgroundSync(QObject):
    """Runs the syncs and keeps the status; ``status_changed`` carries a ``SyncStatus``, ``joined_changed`` a bool
    (the window shows 立即同步 only on a joined desk)."""

    status_changed = Signal(object)
    joined_changed = Signal(bool)
    finished = Signal(object)  # a SyncReport, or the DomainError of a sync that failed

    def __init__(self, services: Services, bus: ChangeBus, parent: QObject | None = None,
                 interval_ms: int = SYNC_EVERY_MS) -> None:
        super().__init__(parent)
        self._services = services
        self._bus = bus
        self._ops = Operations(self, bus)
        self.status: SyncStatus | None = None
        self._starting = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run)
        bus.subscribe({Topic.SYNC, Topic.AUDIT}, self._on_written)  # every write adds to what waits

    @property
    def joined(self) -> bool:
        return self.status is not None and self.status.joined

    @property
    def busy(self) -> bool:
        return self._ops.running("sync")

    def start(self) -> None:
        """Read the status; on a joined desk, a sync now and then one every interval."""
        self._starting = True
        self.refresh()

    def stop(self) -> None:
        self.timer.stop()
        self._starting = False

    def refresh(self) -> None:
        """The status again (two small reads, off the GUI thread)."""
        sync = self._services.sync
        self._ops.read(sync.status, self._show, key="status", refused=lambda _e: None)

    def _on_written(self) -> None:
        if self.joined:
            self.refresh()

    def _show(self, status: SyncStatus) -> None:
        was = self.joined
        self.status = status
        if status.joined != was:
            self.joined_changed.emit(status.joined)
        self.status_changed.emit(status)
        if self._starting and status.joined:
            self._starting = False
            if not self.timer.isActive():
                self.timer.start()
            self.run()

    def run(self) -> bool:
        """One sync off the GUI thread; False when one is on its way already (or the desk has not joined)."""
        if self.busy or not self.joined:
            return False
        self._ops.write(self._services.sync.sync, self._done, refused=self._failed, key="sync")
        return True

    def _done(self, report: SyncReport) -> None:
        self._bus.announce(topics_of(report.tables))  # the pull's plain statements: the pages read again
        self.finished.emit(report)
        self.refresh()

    def _failed(self, exc: DomainError) -> None:
        self.finished.emit(exc)
        self.refresh()  # the service kept the problem: the status says it


class SyncStatusLabel(QLabel):
    """The status bar's "已同步 14:32 · 待上传 12", in red and led by the problem when the last sync failed; hidden on
    a desk that has not joined a street."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "status_sync", self.tr("Sync with the street"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(OK_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # the room left, not its text's
        self.full_text = ""  # what it says; shown elided to its width, whole as its tooltip
        self.said = ""  # the result of a sync run by hand (立即同步), shown before the status until the next sync
        self.hide()

    def show_status(self, status: SyncStatus, today: datetime) -> None:
        if not status.joined:
            self.hide()
            return
        problem = render_message(status.problem) if status.problem is not None else ""
        parts = [self.said] if self.said else []
        if problem:  # first: in a narrow status bar the problem is what must show
            parts.append(problem)
        if status.last_sync is None:
            parts.append(self.tr("Not synced yet"))
        else:
            at = local(status.last_sync)
            shown = at.strftime("%H:%M") if at.date() == local(today).date() else at.strftime("%m-%d %H:%M")
            parts.append(self.tr("Synced {time}").format(time=shown))
        if status.waiting:
            parts.append(self.tr("Waiting to go up: {n}").format(n=status.waiting))
        self.full_text = " · ".join(parts)
        self.setToolTip(self.full_text)
        self._fit()
        self.setStyleSheet(ALERT_STYLE if problem else OK_STYLE)
        if self.parentWidget() is not None:  # in the status bar (never a window of its own)
            self.setVisible(True)

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        self.setMinimumWidth(metrics.horizontalAdvance("中") * MIN_CHARACTERS + PADDING)
        self.setText(metrics.elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(self.width() - PADDING, 0)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.full_text:  # 视图 > 字体大小
            self._fit()

    def say_result(self, outcome: SyncReport | DomainError) -> None:
        """立即同步's answer, shown before the status until the next sync."""
        if isinstance(outcome, DomainError):
            self.said = self.tr("Sync not done")  # why: the status that follows says it
        else:
            self.said = self.tr("Sync done: {up} up, {down} down").format(up=outcome.up, down=outcome.down)


class ConflictsNotice(QFrame):
    """The administrator's home page: "同步冲突 3 条待确认", with a button to the list; hidden while none waits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home_conflicts_box")
        self.setStyleSheet("#home_conflicts_box{background:#fff4e5; border:1px solid #f0c27b;}")
        self.text = QLabel()
        self.text.setObjectName("home_conflicts")
        self.text.setStyleSheet("color:#7a4100;")
        set_role(self.text, "emphasis")
        self.open_button = name_widget(QPushButton(icon("fa5s.exchange-alt"), self.tr("Check them")),
                                       "home_conflicts_open", self.tr("Open the list of sync conflicts"))
        box = QHBoxLayout(self)
        box.addWidget(self.text, 1)
        box.addWidget(self.open_button)
        self.hide()

    def show_count(self, n: int) -> None:
        self.text.setText(self.tr("Sync conflicts: {n} waiting for confirmation").format(n=n))
        self.setVisible(n > 0)
