"""Long work off the GUI thread: one small helper on QThreadPool; results come back by signal.

Worker code never touches widgets; the services it calls open their own sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

Report = Callable[[int, int], None]
"""``report(done, total)``: long work says how far it is, from its thread."""


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)  # done, total


class Task:
    """One piece of work for the thread pool and the signals that carry its answer to the GUI thread.

    The pool runs ``run`` as a plain callable and owns the runnable it wraps it in, so Python never frees a runnable
    the pool is still finishing. Once the answer is delivered the handlers are disconnected: a handler naming its
    task (``lambda page: self._on_page(task, page)``) would otherwise keep the task and all it captured alive for
    the life of the process, held by Qt's side of the connection, out of reach of Python's cycle collector.
    """

    def __init__(self, work: Callable[[], Any]) -> None:
        self.signals = _Signals()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which shows it
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)

    def start(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        signals = self.signals

        def let_go() -> None:
            signals.finished.disconnect()
            signals.failed.disconnect()

        def done(result: Any) -> None:
            let_go()
            on_done(result)

        def failed(exc: BaseException) -> None:
            let_go()
            on_error(exc)

        signals.finished.connect(done)
        signals.failed.connect(failed)
        QThreadPool.globalInstance().start(self.run)


def run_task(work: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None]) -> Task:
    """Run ``work`` on the thread pool; ``on_done``/``on_error`` are called on the GUI thread."""
    task = Task(work)
    task.start(on_done, on_error)
    return task


def run_progress_task(work: Callable[[Report], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None], on_progress: Callable[[int, int], None]) -> Task:
    """Like ``run_task``; ``work`` gets a ``report(done, total)`` to call from its thread, and ``on_progress`` is
    called with it on the GUI thread (a queued signal), e.g. to move a progress bar."""
    task = Task(lambda: work(task.signals.progress.emit))
    task.signals.progress.connect(on_progress)
    task.start(on_done, on_error)
    return task
