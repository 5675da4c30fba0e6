"""Work on the thread pool: answers come back on the GUI thread, and a finished task leaves nothing behind."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QThreadPool

from app.views.tasks import run_progress_task, run_task


class Captured:
    """Something a handler captures (a page, a form's values)."""


def test_answers_failures_and_progress_arrive_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    gui = threading.get_ident()
    seen: list[tuple[str, object, int]] = []

    def work(report) -> int:  # type: ignore[no-untyped-def]
        for i in range(3):
            report(i + 1, 3)
        assert threading.get_ident() != gui  # really off the GUI thread
        return 42

    run_progress_task(work, lambda v: seen.append(("done", v, threading.get_ident())),
                      lambda e: seen.append(("failed", e, threading.get_ident())),
                      lambda d, t: seen.append(("progress", (d, t), threading.get_ident())))
    run_task(lambda: 1 / 0, lambda v: seen.append(("done", v, threading.get_ident())),
             lambda e: seen.append(("failed", type(e).__name__, threading.get_ident())))
    qtbot.waitUntil(lambda: len(seen) == 5, timeout=10_000)
    assert all(thread == gui for _, _, thread in seen)
    assert [v for k, v, _ in seen if k == "progress"] == [(1, 3), (2, 3), (3, 3)]
    assert ("done", 42) in [(k, v) for k, v, _ in seen] and ("failed", "ZeroDivisionError") in [(k, v) for k, v, _ in
                                                                                               seen]


def test_a_task_nobody_keeps_still_answers_and_then_is_freed(qtbot) -> None:  # type: ignore[no-untyped-def]
    answers: list[int] = []
    captured = Captured()
    watch = weakref.ref(captured)
    task = run_task(lambda: 7, lambda v, c=captured: answers.append(v), lambda e: None)
    task_ref = weakref.ref(task)
    del task, captured  # as a page does that starts work and forgets it
    qtbot.waitUntil(lambda: answers == [7], timeout=10_000)
    QThreadPool.globalInstance().waitForDone(5_000)
    qtbot.wait(50)
    gc.collect()
    assert task_ref() is None and watch() is None  # nothing the handler captured outlives the answer


def test_many_tasks_while_the_gui_thread_collects_garbage(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The crash this design removes happened in the GUI thread's cycle collector while workers finished."""
    answers: list[int] = []
    for n in range(300):
        run_progress_task(lambda report, n=n: (report(1, 1), n)[1], answers.append, lambda e: None,
                          lambda d, t: gc.collect(0))
        if n % 25 == 0:
            gc.collect()
    qtbot.waitUntil(lambda: len(answers) == 300, timeout=30_000)
    assert sorted(answers) == list(range(300))


def test_cycles_are_collected_on_the_gui_thread_only_while_no_worker_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading as th

    from app.views.collector import Collector

    collector = Collector()
    assert not gc.isenabled()  # no automatic collection at an allocation while a worker runs
    release = th.Event()
    run_task(lambda: release.wait(10), lambda v: None, lambda e: None)
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() > 0, timeout=5000)
    assert collector.collect_if_idle() is False  # a worker is running: not now
    release.set()
    QThreadPool.globalInstance().waitForDone(5000)
    captured = Captured()
    captured.me = captured  # type: ignore[attr-defined]  # a cycle
    watch = weakref.ref(captured)
    del captured
    assert collector.collect_if_idle() is True and watch() is None


def test_the_collector_waits_for_a_pause_in_the_typing(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A round took 20-25 ms with a million requests open: never between two keys of the clerk's."""
    from PySide6.QtWidgets import QLineEdit

    from app.views.collector import TYPING_S, Collector

    collector = Collector()
    QThreadPool.globalInstance().waitForDone(5000)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClick(edit, "a")
    assert collector.collect_if_idle() is False  # a key a moment ago: the round waits
    qtbot.wait(int(TYPING_S * 1000) + 100)  # the clerk pauses
    assert collector.collect_if_idle() is True
