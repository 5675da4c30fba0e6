"""Python's cycle collector, run by the desk on the GUI thread when no worker is running.

Full test runs crashed (segmentation fault) in the GUI thread's automatic cycle collection while a worker thread was
inside SQLAlchemy (three times in six runs on 2026-12-03; traces in the issue notes). The automatic collector starts
at any allocation, whatever the workers are doing; here it is switched off and a timer collects every few seconds,
only while the thread pool is idle, as Anki's desktop app does for the same reason. Reference counting still frees
everything that is not in a cycle at once; cycles wait at most a few seconds longer.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QThreadPool, QTimer

INTERVAL_MS = 5_000


class Collector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_if_idle)
        self.timer.start()

    def collect_if_idle(self) -> bool:
        """Collect now if no worker is running; say whether it did."""
        if QThreadPool.globalInstance().activeThreadCount():
            return False
        gc.collect()
        return True
