"""Long work off the GUI thread: one small helper on QThreadPool; results come back by signal.

Worker code never touches widgets; the services it calls open their own sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)  # done, total


class Task(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.signals = _Signals()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which shows it
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


def run_task(work: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None]) -> Task:
    """Run ``work`` on the thread pool; ``on_done``/``on_error`` are called on the GUI thread."""
    task = Task(work)
    task.signals.finished.connect(on_done)
    task.signals.failed.connect(on_error)
    QThreadPool.globalInstance().start(task)
    return task


def run_progress_task(work: Callable[[Callable[[int, int], None]], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None], on_progress: Callable[[int, int], None]) -> Task:
    """Like ``run_task``; ``work`` gets a ``report(done, total)`` to call from its thread, and ``on_progress`` is
    called with it on the GUI thread (a queued signal), e.g. to move a progress bar."""
    task = Task(lambda: work(task.signals.progress.emit))
    task.signals.progress.connect(on_progress)
    task.signals.finished.connect(on_done)
    task.signals.failed.connect(on_error)
    QThreadPool.globalInstance().start(task)
    return task
