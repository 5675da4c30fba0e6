"""The one path from a view to the services: every call runs on the thread pool and answers on the GUI thread.

A page (or dialog) makes one ``Operations`` with its banner and field errors, then:

- ``ops.write(call, done)`` for a use case that writes: the busy widgets wait, the banner says the save is waiting
  if the database keeps it (another desk's write, the escalation pass) instead of the window freezing, a refusal is
  shown (field messages under their fields, anything else in the banner) with every field kept as typed, and on
  success ``done(result)`` runs and the change bus announces the topics the call's committed transactions changed
  (``app.services.core.changes``), so every page showing them reads again.
- ``ops.read(call, done, key=...)`` for a read: only the answer to the latest read of the same key is delivered (a
  filter changed while a page was on its way), so pages keep no generation counters of their own.

An unexpected exception (a bug, not a refusal) goes to the crash dialog and the log (``app.views.crash``); a file
that cannot be written (disk full, USB stick pulled) is said in the banner. Answers for a widget that has been
closed in the meantime are dropped. This is the only module in ``app/views`` that catches ``DomainError``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.i18n import describe_os_error
from app.services.core.changes import call_noting_changes
from app.services.core.errors import DomainError, ValidationError
from app.views.bus import ChangeBus
from app.views.crash import report_unexpected
from app.views.tasks import Report, Task, run_progress_task, run_task
from app.views.widgets import Banner, FieldErrorsView

T = TypeVar("T")

WAIT_MS = 400  # a write not back by then says that it is waiting


class Operations:
    """How one page, dialog or model calls the services (see the module's text)."""

    def __init__(self, owner: QObject, bus: ChangeBus | None, banner: Banner | None = None,
                 errors: FieldErrorsView | None = None) -> None:
        self._owner = owner
        self._bus = bus
        self.banner = banner
        self.errors = errors
        self._running: set[Task] = set()  # referenced until they answer
        self._latest: dict[str, Task] = {}   # the latest read of each key: only its answer is delivered
        self._writing: dict[str, Task] = {}  # the write of each key on its way

    @property
    def busy(self) -> bool:
        """True while any call of this page is on its way."""
        return bool(self._running)

    def running(self, key: str) -> bool:
        """True while the write or read of ``key`` is on its way."""
        return key in self._writing or key in self._latest

    def write(self, call: Callable[[], T], done: Callable[[T], None] | None = None, *,
              busy: Sequence[QWidget] = (), invalid: str | None = None,
              refused: Callable[[DomainError], None] | None = None, key: str | None = None) -> Task:
        """Run a use case that writes; see the module's text. ``invalid`` heads the banner when fields are refused
        ("Not saved: please correct the fields marked in red."); ``refused`` replaces the usual showing of a
        refusal altogether; ``key`` names the write for ``running``."""
        return self._write(lambda answered, failed: run_task(lambda: call_noting_changes(call), answered, failed),
                           done, busy=busy, invalid=invalid, refused=refused, key=key)

    def write_reporting(self, work: Callable[[Report], T], done: Callable[[T], None] | None,
                        progress: Callable[[int, int], None], *, busy: Sequence[QWidget] = (),
                        refused: Callable[[DomainError], None] | None = None, key: str | None = None) -> Task:
        """Like ``write``, for a long write (an import of many rows): ``work`` gets a ``report(done, total)`` to call
        from its thread, and ``progress(done, total)`` follows it on the GUI thread."""
        return self._write(lambda answered, failed: run_progress_task(
            lambda report: call_noting_changes(lambda: work(report)), answered, failed, progress),
            done, busy=busy, invalid=None, refused=refused, key=key)

    def _write(self, start: Callable[[Callable[[Any], None], Callable[[BaseException], None]], Task],
               done: Callable[[T], None] | None, *, busy: Sequence[QWidget], invalid: str | None,
               refused: Callable[[DomainError], None] | None, key: str | None) -> Task:
        if self.errors is not None:
            self.errors.clear()
        for widget in busy:
            widget.setEnabled(False)
        waiting_text = QCoreApplication.translate("operations", "Saving… the database is busy, please wait.")
        state = {"waiting": False}

        def say_waiting() -> None:
            if task in self._running and self.banner is not None and isValid(self.banner):
                state["waiting"] = True
                self.banner.say("info", waiting_text)

        def settle() -> bool:
            self._running.discard(task)
            if key is not None and self._writing.get(key) is task:
                del self._writing[key]
            if not isValid(self._owner):
                return False
            for widget in busy:
                if isValid(widget):
                    widget.setEnabled(True)
            if state["waiting"] and self.banner is not None and self.banner.text() == waiting_text:
                self.banner.hide()
            return True

        def answered(answer: tuple[T, Any]) -> None:
            result, topics = answer
            if settle() and done is not None:
                done(result)
            if self._bus is not None and isValid(self._bus):
                self._bus.announce(topics)  # even when the page has gone: the others show what it wrote

        def failed(exc: BaseException) -> None:
            if settle():
                self._failed(exc, refused or (lambda e: self.show_refusal(e, invalid)))

        task = start(answered, failed)
        self._running.add(task)
        if key is not None:
            self._writing[key] = task
        QTimer.singleShot(WAIT_MS, say_waiting)
        return task

    def read(self, call: Callable[[], T], done: Callable[[T], None], *, key: str = "",
             refused: Callable[[DomainError], None] | None = None) -> Task:
        """Read off the GUI thread; only the latest read of ``key`` is answered."""
        latest = _Latest(self, key, done, refused)
        return latest.track(run_task(call, latest.answered, latest.failed))

    def read_reporting(self, work: Callable[[Report], T], done: Callable[[T], None],
                       progress: Callable[[int, int], None], *, key: str = "",
                       refused: Callable[[DomainError], None] | None = None) -> Task:
        """Like ``read``, for long work (a notice of many pages): ``work`` gets a ``report(done, total)`` to call from
        its thread, and ``progress(done, total)`` follows it on the GUI thread."""
        latest = _Latest(self, key, done, refused)
        return latest.track(run_progress_task(work, latest.answered, latest.failed, progress))

    def write_file(self, path: Path, call: Callable[[], T], done: Callable[[T], str], *,
                   busy: Sequence[QWidget] = ()) -> Task:
        """Write a file off the GUI thread (an export of many requests takes a while): the banner says what is being
        written, then ``done(result)``, or why not (a refusal in its own words, a disk error as the system gives
        it)."""
        if self.banner is not None:
            self.banner.say("info", QCoreApplication.translate("operations", "Writing {path}…").format(
                path=path.name))  # the file's name: a path is not words

        def written(result: T) -> None:
            if self.banner is not None:
                self.banner.say("ok", done(result))

        return self.write(call, written, busy=busy)

    def now(self, call: Callable[[], T], refused: Callable[[DomainError], None] | None = None) -> T | None:
        """Call on the GUI thread and answer at once; a refusal is shown as usual and answers None. Only for a read
        that must answer before the next keystroke is handled; the caller says why in a comment."""
        try:
            return call()
        except DomainError as exc:
            (refused or self.show_refusal)(exc)
            return None

    def forget(self, key: str = "") -> None:
        """Drop the answer of the read of ``key`` on its way (what it was asked for no longer matters)."""
        self._latest.pop(key, None)

    def show_refusal(self, exc: DomainError, invalid: str | None = None) -> None:
        """A refusal as every page shows it: field messages under their fields (the first field focused), anything
        else in the banner, headed by ``invalid`` when fields were refused."""
        if self.banner is None:
            return
        if invalid is not None and isinstance(exc, ValidationError) and self.errors is not None:
            self.banner.say("error", "\n".join([invalid, *self.errors.show(exc)]))
        else:
            self.banner.refuse(exc, self.errors)

    def _failed(self, exc: BaseException, refused: Callable[[DomainError], None] | None) -> None:
        if isinstance(exc, DomainError):
            (refused or self.show_refusal)(exc)
        elif isinstance(exc, OSError) and self.banner is not None:
            self.banner.say("error", describe_os_error(exc))
        else:
            report_unexpected(exc, self._owner if isinstance(self._owner, QWidget) else None)


class _Latest(Generic[T]):
    """One read of a key: its answer is delivered only if no later read of the same key was asked for since."""

    def __init__(self, ops: Operations, key: str, done: Callable[[T], None],
                 refused: Callable[[DomainError], None] | None) -> None:
        self._ops, self._key, self._done, self._refused = ops, key, done, refused
        self._task: Task | None = None

    def track(self, task: Task) -> Task:
        self._task = task
        self._ops._running.add(task)
        self._ops._latest[self._key] = task
        return task

    def _current(self) -> bool:
        ops = self._ops
        if self._task is not None:
            ops._running.discard(self._task)
        if ops._latest.get(self._key) is not self._task:
            return False
        del ops._latest[self._key]
        return isValid(ops._owner)

    def answered(self, result: T) -> None:
        if self._current():
            self._done(result)

    def failed(self, exc: BaseException) -> None:
        if self._current():
            self._ops._failed(exc, self._refused)
