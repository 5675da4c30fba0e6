"""Python's cycle collector, run by the desk on the GUI thread when no worker is running.

Full test runs crashed (segmentation fault) in the GUI thread's automatic cycle collection while a worker thread was
inside SQLAlchemy (three times in six runs on 2026-12-03; traces in the issue notes). The automatic collector starts
at any allocation, whatever the workers are doing; here it is switched off and a timer collects every few seconds,
only while the thread pool is idle, as Anki's desktop app does for the same reason. Reference counting still frees
everything that is not in a cycle at once; cycles wait at most a few seconds longer.

Each round collects the young generations only (what was made since the last rounds: a few milliseconds). A full
collection walks every object the desk holds (the pages, the libraries' tables): it stopped the GUI thread for
0.4-0.6 s in the middle of typing (benchmarks/gui_stalls_bench.py), so it waits until nobody has pressed a key or
the mouse for ``QUIET_S`` seconds, at most once every ``FULL_EVERY_S`` seconds, as the automatic collector's own rule
lets long-lived objects wait. Even the young generations took 20-25 ms with a million requests open, one key's
worth: while the clerk is typing (a key or click within ``TYPING_S``) the round waits for the next pause, for at most
``YOUNG_AT_MOST_S`` seconds.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool, QTimer

INTERVAL_MS = 5_000
QUIET_S = 20.0       # no key or click for this long: a full collection is not felt
FULL_EVERY_S = 120.0
TYPING_S = 1.0       # a key or click this recently: the clerk is typing, the round waits for a pause
YOUNG_AT_MOST_S = 30.0

_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
                    QEvent.Type.InputMethod})


class Collector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._last_input = self._last_full = self._last_young = time.monotonic()
        self._last_key = 0.0  # the last key or click: none yet
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_if_idle)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _INPUT:
            self._last_input = self._last_key = time.monotonic()
        return False

    def collect_if_idle(self) -> bool:
        """Collect now if no worker is running (the young generations; everything if the desk is quiet); say
        whether it did."""
        if QThreadPool.globalInstance().activeThreadCount():
            return False
        now = time.monotonic()
        if now - self._last_key < TYPING_S and now - self._last_young < YOUNG_AT_MOST_S:
            return False  # between two keys: not now
        if now - self._last_input >= QUIET_S and now - self._last_full >= FULL_EVERY_S:
            self._last_full = now
            gc.collect()
        else:
            gc.collect(1)
        self._last_young = now
        return True
