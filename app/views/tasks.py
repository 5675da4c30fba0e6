"""Long work off the GUI thread: one small helper on QThreadPool; results come back by signal.

Worker code never touches widgets; the services it calls open their own sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

Report = Callable[[int, int], None]
"""``report(done, total)``: long work says how far it is, from its thread."""


class _Mailbox(QObject):
    """The one object, on the GUI thread for the life of the process, that worker threads hand answers to.

    A worker emits ``post(handler, value)``; Qt queues it to this object's thread, where ``handler(value)`` runs.
    No Qt object is made per task. A per-task QObject is freed on whichever thread drops the task last, which can be
    the worker thread while the GUI thread is delivering that object's queued signal; a full test run crashed in
    the GUI thread's cycle collector while a worker ran. Tasks are plain Python objects now, freed anywhere.
    """

    post = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.post.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, handler: Callable[[Any], None], value: Any) -> None:
        handler(value)


_mailbox: _Mailbox | None = None


def _the_mailbox() -> _Mailbox:
    """Made on first use, which is on the GUI thread (tasks are started there)."""
    global _mailbox
    if _mailbox is None:
        _mailbox = _Mailbox()
    return _mailbox


class Task:
    """One piece of work for the thread pool; its answer, failure and progress are delivered on the GUI thread.

    The pool runs ``run`` as a plain callable and owns the runnable it wraps it in. Once the answer is delivered
    the handlers are dropped, so nothing the task captured outlives it.
    """

    def __init__(self, work: Callable[[], Any]) -> None:
        self._work = work
        self._mailbox = _the_mailbox()
        self._on_done: Callable[[Any], None] | None = None
        self._on_error: Callable[[BaseException], None] | None = None
        self._listeners: list[Callable[[int, int], None]] = []

    def on_progress(self, listener: Callable[[int, int], None]) -> None:
        """Call ``listener(done, total)`` on the GUI thread each time the work reports how far it is."""
        self._listeners.append(listener)

    def report(self, done: int, total: int) -> None:
        """From the worker thread: how far the work is."""
        self._mailbox.post.emit(self._tell_progress, (done, total))

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which shows it
            self._mailbox.post.emit(self._failed, exc)
        else:
            self._mailbox.post.emit(self._done, result)

    def start(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        self._on_done, self._on_error = on_done, on_error
        QThreadPool.globalInstance().start(self.run)

    def _tell_progress(self, pair: tuple[int, int]) -> None:
        for listener in list(self._listeners):
            listener(*pair)

    def _done(self, result: Any) -> None:
        handler = self._on_done
        self._let_go()
        if handler is not None:
            handler(result)

    def _failed(self, exc: BaseException) -> None:
        handler = self._on_error
        self._let_go()
        if handler is not None:
            handler(exc)

    def _let_go(self) -> None:
        self._on_done = self._on_error = None
        self._listeners.clear()


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
    task = Task(lambda: work(task.report))
    task.on_progress(on_progress)
    task.start(on_done, on_error)
    return task
