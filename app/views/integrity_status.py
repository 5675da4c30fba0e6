"""What the clerk sees of the database's integrity check while it runs in the background (``integrity.py``): a
line on the log-in dialog and in the status bar with how far it is, then the verdict: sound (said for a while, then
gone) or damaged (said in red, and once in a message box with the advice: writes are refused from then on).

The check is the services' own object, in memory: reading its state and progress is not a database call, so it is
polled here every quarter of a second instead of going through the operation path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.views.widgets import render_error

if TYPE_CHECKING:  # the log-in shows this line before the database (and its check) is opened
    from app.services.core.integrity import IntegrityCheck, Reason, State

POLL_MS = 250
SOUND_SHOWN_MS = 8000  # how long "sound" stays in the status bar


class IntegrityStatus(QLabel):
    """One line following one check; hidden when there is nothing to say."""

    damaged = Signal(str)  # the refusal, rendered: emitted once when the check finds damage

    def __init__(self, check: IntegrityCheck | None, parent: QWidget | None = None, *, wrap: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("integrity_status")
        self.setWordWrap(wrap)
        self._check = check
        self._said: State | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.update_text)
        self.hide()
        self.watch(check)

    def watch(self, check: IntegrityCheck | None) -> None:
        """Follow ``check`` (the log-in is shown before the database is opened: its check comes then)."""
        self._check = check
        if check is not None and check.reason is not None:
            self.update_text()
            if check.running:
                self._timer.start()

    def update_text(self) -> None:
        from app.services.core.integrity import State  # imported with the check itself, after the log-in is shown

        check = self._check
        if check is None or check.reason is None:
            return
        state = check.state
        if state == State.RUNNING:
            self.setStyleSheet("color:#7a4b00;")
            self.setText(self._running_text(check.reason, round(check.progress() * 100)))
            self.show()
            return
        self._timer.stop()
        if state == self._said:
            return
        self._said = state
        if state == State.SOUND:
            self.setStyleSheet("color:#1e6b34;")
            self.setText(self.tr("The database was checked: it is sound."))
            self.show()
            QTimer.singleShot(SOUND_SHOWN_MS, self.hide)
        elif state == State.DAMAGED:
            self.setStyleSheet("color:#b3261e; font-weight:600;")
            self.setText(self.tr("The database is damaged: nothing can be saved. Ask the administrator to restore "
                                 "the newest backup."))
            self.show()
            self.damaged.emit(render_error(check.refusal()))
        else:
            self.hide()

    def _running_text(self, reason: Reason, percent: int) -> str:
        from app.services.core.integrity import Reason

        if reason == Reason.WEEKLY:
            return self.tr("Weekly check of the database… {percent}% (you can work meanwhile)").format(percent=percent)
        if reason == Reason.CHANGED:
            return self.tr("The database file was changed while the desk was closed: checking it… {percent}%. "
                           "Logging in and saving wait until the check is done.").format(percent=percent)
        return self.tr("The desk was not closed properly last time: checking the database… {percent}%. Logging "
                       "in and saving wait until the check is done.").format(percent=percent)
