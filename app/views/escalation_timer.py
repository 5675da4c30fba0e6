"""The escalation ladder while the desk app is open: a pass at start-up (catching up for the time the desk was
switched off) and every few minutes, off the GUI thread; and the status bar's count of requests overdue or about
to be, which opens the list of overdue requests when clicked.

The pass is the same ``EscalationService.run`` as ``main.py escalate``: idempotent, so several desks (or a
scheduled task) running it too record each breach once. A pass is not started while the previous one runs.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from app.domain.topics import Topic
from app.services.cases.escalation import DueCounts
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.widgets import icon, name_widget, render_error

PASS_EVERY_MS = 5 * 60_000
OK_STYLE = "QPushButton{border:none; padding:0 8px; color:#0d5223;}"
ALERT_STYLE = "QPushButton{border:none; padding:0 8px; color:#b3261e; font-weight:700;}"


class EscalationTimer(QObject):
    """Runs the ladder's passes and keeps the counts; ``counts_changed`` carries a ``DueCounts``."""

    counts_changed = Signal(object)
    failed = Signal(str)

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QObject | None = None,
                 interval_ms: int = PASS_EVERY_MS) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._bus = bus
        self._ops = Operations(self, bus)
        self.counts: DueCounts | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_pass)
        bus.subscribe({Topic.CASES}, self.recount)

    def start(self) -> None:
        """The catch-up pass now, then one every interval."""
        self.timer.start()
        self.run_pass()

    def stop(self) -> None:
        self.timer.stop()

    @property
    def busy(self) -> bool:
        return self._ops.busy

    def run_pass(self) -> None:
        """One pass of the ladder off the GUI thread; the requests it wrote to are announced on the bus, so the
        pages showing them read again (and the counts follow)."""
        if self._ops.running("pass"):
            return  # the previous pass is still running; the next tick comes soon enough
        escalation = self._services.escalation
        self._ops.write(escalation.run, lambda report: self._set(report.counts), refused=self._failed, key="pass")

    def recount(self) -> None:
        """The counts again after a write (two index counts, off the GUI thread); the latest answer is shown."""
        escalation, actor = self._services.escalation, self._actor
        self._ops.read(lambda: escalation.counts(actor), self._set, key="count", refused=self._failed)

    def _set(self, counts: DueCounts) -> None:
        self.counts = counts
        self.counts_changed.emit(counts)

    def _failed(self, exc: DomainError) -> None:
        self.failed.emit(render_error(exc))


class DueCountButton(QPushButton):
    """The status bar's "超时 3 件 · 即将超时 5 件": flat, red while anything is overdue; clicking opens the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_widget(self, "status_due", self.tr("Requests overdue or about to be"))
        self.setFlat(True)
        self.setToolTip(self.tr("Open the list of overdue requests"))
        self.setText(self.tr("Checking time limits…"))
        self.setStyleSheet(OK_STYLE)

    def show_counts(self, counts: DueCounts) -> None:
        self.setText(self.tr("Overdue: {n} · due soon: {m}").format(n=counts.overdue, m=counts.soon))
        alert = counts.overdue > 0
        self.setIcon(icon("fa5s.exclamation-triangle", "#b3261e") if alert else icon("fa5s.clock", "#0d5223"))
        self.setStyleSheet(ALERT_STYLE if alert else OK_STYLE)

    def show_failure(self, message: str) -> None:
        self.setText(self.tr("Time limits not checked"))
        self.setToolTip(message)
