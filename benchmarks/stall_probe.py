"""A GUI-stall probe: how long the GUI thread stops answering while a scenario drives real widgets, and who stopped it.

    probe = StallProbe()
    with probe.measure("intake"):
        ...drive the widgets (QTest key events, clicks, waits)...
    print(probe.report())

How it measures, and why this way:

- **A heartbeat**: a ``Qt.PreciseTimer`` QTimer on the GUI thread ticks every ``TICK_MS`` (4 ms) and records the
  time of each tick. A tick can only run when the event loop gets back control, so the gap between two ticks is
  the longest the GUI thread was busy with something else (an event handler, a paint, a layout, a queued answer
  from a worker, the cycle collector...) plus the interval. ``stall = gap - TICK_MS``. This measures what the clerk
  feels (a key press is not handled during a stall) whatever the cause, in C++ or in Python, where an event filter
  or a notify hook would only see the events it is given (a timer's slot, a queued signal's handler, a paint are
  separate paths) and a ``QApplication.notify`` override needs the application to be made of a subclass.
- **Who**: a watchdog thread looks every ``WATCH_MS`` (2 ms); while a tick is late by more than ``SAMPLE_AFTER_MS``
  it samples the GUI thread's Python stack with ``sys._current_frames()`` every ``WATCH_MS``, and keeps a sample
  only when the heartbeat has not ticked meanwhile (so it belongs to that stall). The stall's culprit is the most
  sampled place, named as ``handler › innermost``: the outermost frame in the project's code (the slot or handler
  Qt called) and the innermost one (where the time went). A stall with no project frame in its samples is named
  by the innermost Python frame, or ``Qt (no Python frame)`` when the GUI thread was in C++ code called from the
  event loop (a layout or a paint of C++ widgets), or waiting (see below). The watchdog needs the GIL to sample:
  a C++ call that keeps the GIL shows as the Python frame that made it.
- **Working or waiting**: each tick also reads the GUI thread's own CPU time (``time.thread_time``), so a stall says
  how much of it the GUI thread spent on a core. The rest it waited: for a core (the machine's load: other
  processes), for the GIL (a worker thread running Python: the notice's pages, a big read's rows), or for the disk.
  ``most CPU in one stall`` is the stall the desk's own GUI-thread code is answerable for, whatever the load.

The driver's own code between its waits runs on the GUI thread too: keep it to the events it sends (a key event
sent with QTest is handled synchronously, and that time is the handler's, which is what we want to see).
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from PySide6.QtCore import QEventLoop, Qt, QTimer

TICK_MS = 4
WATCH_MS = 2
SAMPLE_AFTER_MS = 10  # a tick this late: start sampling the GUI thread's stack
LIMIT_MS = 16.0       # one frame at 60 Hz: a key press handled later than this is felt

_ROOT = Path(__file__).resolve().parent.parent
_APP = str(_ROOT / "app") + os.sep


def _where(frame: FrameType) -> str:
    code = frame.f_code
    path = Path(code.co_filename)
    try:
        name = str(path.relative_to(_ROOT).with_suffix("")).replace(os.sep, ".")
    except ValueError:
        name = path.stem
    return f"{name}.{code.co_name}:{frame.f_lineno}"


def culprit_of(frame: FrameType | None) -> str:
    """``handler › innermost`` for a stack (see the module's text)."""
    if frame is None:
        return "Qt (no Python frame)"
    stack = [f for f, _ in traceback.walk_stack(frame)]  # innermost first
    ours = [f for f in stack if f.f_code.co_filename.startswith(_APP)]
    if not ours:
        inner = stack[0]
        if inner.f_code.co_filename == __file__ and inner.f_code.co_name == "wait":
            return "Qt (no Python frame)"  # the event loop, in C++
        return _where(inner)
    outer, inner = ours[-1], ours[0]
    return _where(inner) if outer is inner else f"{_where(outer)} › {_where(inner)}"


@dataclass
class Stall:
    ms: float
    culprit: str
    cpu_ms: float = 0.0  # of it, the GUI thread on a core; the rest it waited (for a core, the GIL, the disk)


@dataclass
class Scenario:
    name: str
    gaps: list[float] = field(default_factory=list)
    stalls: list[Stall] = field(default_factory=list)  # over LIMIT_MS, with their culprits

    def worst(self) -> Stall:
        return max(self.stalls, key=lambda s: s.ms, default=Stall(max(self.gaps, default=0.0), "-"))

    def worst_working(self) -> Stall:
        """The stall with the most GUI-thread CPU in it: what the desk's own code did, whatever the load."""
        return max(self.stalls, key=lambda s: s.cpu_ms, default=Stall(0.0, "-"))

    def p99(self) -> float:
        if len(self.gaps) < 2:
            return max(self.gaps, default=0.0)
        return statistics.quantiles(self.gaps, n=100)[98]

    def line(self) -> str:
        worst, working = self.worst(), self.worst_working()
        top = Counter()  # type: Counter[str]
        for s in self.stalls:
            top[s.culprit] += round(s.ms)
        others = "; ".join(f"{c} ({ms} ms in all)" for c, ms in top.most_common(4) if c != worst.culprit)
        working_count = sum(1 for s in self.stalls if s.cpu_ms > LIMIT_MS)
        return (f"{self.name:<34} worst {worst.ms:7.1f} ms  p99 {self.p99():6.1f} ms  >16 ms: {len(self.stalls):3d}"
                f" (of them >16 ms on a core: {working_count})  ticks {len(self.gaps):5d}"
                f"\n{'':<36}culprit of the worst: {worst.culprit} "
                f"(on a core {worst.cpu_ms:.0f} ms of it)"
                + (f"\n{'':<36}most CPU in one stall: {working.cpu_ms:.1f} ms of {working.ms:.1f}: {working.culprit}"
                   if working is not worst else "")
                + (f"\n{'':<36}also: {others}" if others else ""))


class StallProbe:
    """Heartbeat on the GUI thread + a sampling watchdog thread (see the module's text)."""

    def __init__(self) -> None:
        self.scenarios: list[Scenario] = []
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._lock = threading.Lock()
        self._last = 0.0          # perf_counter of the last tick
        self._last_cpu = 0.0      # the GUI thread's CPU time then (time.thread_time, on the GUI thread)
        self._seq = 0             # ticks so far
        self._samples: Counter[str] = Counter()  # of the stall going on
        self._current: Scenario | None = None
        self._stop = threading.Event()
        self._main = threading.main_thread().ident
        self._watchdog: threading.Thread | None = None

    @contextmanager
    def measure(self, name: str) -> Iterator[Scenario]:
        scenario = Scenario(name)
        self.scenarios.append(scenario)
        self._current = scenario
        self._samples = Counter()
        self._stop.clear()
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer.start()
        self._watchdog = threading.Thread(target=self._watch, name="stall-watchdog", daemon=True)
        self._watchdog.start()
        try:
            yield scenario
        finally:
            self._tick()  # the last stretch counts too
            self._timer.stop()
            self._stop.set()
            self._watchdog.join()
            self._current = None

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        cpu_ms, self._last_cpu = (cpu - self._last_cpu) * 1000, cpu
        with self._lock:
            gap = (now - self._last) * 1000
            samples, self._samples = self._samples, Counter()
            self._last = now
            self._seq += 1
        scenario = self._current
        if scenario is None:
            return
        stall = max(gap - TICK_MS, 0.0)
        scenario.gaps.append(stall)
        if stall > LIMIT_MS:
            scenario.stalls.append(Stall(stall, samples.most_common(1)[0][0] if samples else "Qt (not sampled)",
                                         cpu_ms))

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_MS / 1000):
            with self._lock:
                late = (time.perf_counter() - self._last) * 1000
                seq = self._seq
            if late < SAMPLE_AFTER_MS:
                continue
            frame = sys._current_frames().get(self._main or 0)
            where = culprit_of(frame)
            del frame
            with self._lock:
                if self._seq == seq:  # still the same stall: the sample belongs to it
                    self._samples[where] += 1

    def report(self) -> str:
        return "\n".join(s.line() for s in self.scenarios)


def wait(ms: int) -> None:
    """Let the event loop run for ``ms`` (what the clerk's pause between two keys is to the desk). A real event loop:
    ``QTest.qWait`` sleeps in 10 ms steps between its rounds, which the heartbeat would count as stalls."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(loop.quit)
    timer.start(ms)
    loop.exec()


def wait_until(condition: Callable[[], object], timeout_ms: int = 60_000) -> bool:
    """Let the event loop run until ``condition()`` holds (an answer from the pool shown)."""
    end = time.perf_counter() + timeout_ms / 1000
    while time.perf_counter() < end:
        if condition():
            return True
        wait(5)
    return False


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min) {five:.2f} (5 min)"
