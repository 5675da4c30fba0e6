"""The backup of a large desk against the plain-copy floor, the time to stop one, and the GUI thread while it runs.

    python benchmarks/backup_bench.py --data DIR [--runs 3] [--out DIR] [--steps 1024,4096,16384] [--integrity]

DIR is a desk's data folder (e.g. a copy of the million-request database built by ``case_list_bench.py 1000000
--data DIR``); only its backups are written (into --out, default a temporary folder beside it), each removed after it
is timed, and one line in its list of published heads per backup made through the service. Per run, in this order:

- floor: ``shutil.copyfile`` of the same file plus ``fsync`` (what any copy of the bytes costs on this disk);
- before: the backup as it was until issue 18 (``sqlite_backup``: SQLite's backup API in one step, then fsync and
  rename), which ran on the GUI thread at start and at exit;
- after: ``copy_database`` (in steps from one snapshot, flushed as it goes, renamed when complete) without a check,
  with its structure check (what the desk does), with ``quick_check`` instead, and with --integrity once with
  ``integrity_check`` instead; the step sizes given;
- exit latency: ``BackupService.finish_or_stop(grace=0)`` called a second into a backup (as the closing window does
  after its grace): how long until it is stopped, and that no partial file is left;
- GUI stall: a QTimer at 4 ms on the GUI thread measures the gaps between its ticks while the desk's background
  backup (``BackgroundBackups``' path: a pool task reporting progress to a status-bar label) runs, against the same
  probe with nothing running.

Medians over the runs, with the load average at the start and the end of each. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services.core import backup_copy  # noqa: E402
from app.services.core.backup import BackupService  # noqa: E402
from app.services.core.backup_copy import BackupStopped, copy_database  # noqa: E402
from app.services.core.clock import SystemClock  # noqa: E402
from app.services.core.db import Database, sqlite_backup, sqlite_url  # noqa: E402
from app.services.core.files import writing  # noqa: E402


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def drop(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def floor(source: Path, out: Path) -> float:
    target = out / "floor.sqlite3"

    def copy() -> None:
        shutil.copyfile(source, target)
        with open(target, "rb+") as fh:
            os.fsync(fh.fileno())
    try:
        return timed(copy)
    finally:
        drop(target)


def before(source: Path, out: Path) -> float:
    target = out / "before.sqlite3"

    def copy() -> None:
        with writing(target) as tmp:
            sqlite_backup(source, tmp)
    try:
        return timed(copy)
    finally:
        drop(target)


def after(source: Path, out: Path, step: int, check: str) -> float:
    target = out / f"after-{step}-{check}.sqlite3"

    def copy() -> None:
        copy_database(source, target, step_pages=step, check="none" if check == "integrity_check" else check)
        if check == "integrity_check":
            with closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as conn:
                conn.execute("PRAGMA integrity_check").fetchall()
    try:
        return timed(copy)
    finally:
        drop(target)


def exit_latency(service: BackupService, out: Path) -> tuple[float, float, int]:
    """Seconds from the stop to the backup's end, the share copied when stopped, partial files left."""
    progress = [0.0]
    outcome: list[BaseException | object] = []

    def report(done: int, total: int) -> None:
        progress[0] = done / total

    def run() -> None:
        try:
            outcome.append(service.backup_now(out, reason="manual", report=report))
        except BaseException as exc:  # noqa: BLE001 - the stop is what is expected
            outcome.append(exc)
    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(1.0)
    share = progress[0]
    start = time.perf_counter()
    service.finish_or_stop(grace=0.0, within=5.0)
    worker.join()
    took = time.perf_counter() - start
    if not isinstance(outcome[0], BackupStopped):
        print(f"  (the backup was not stopped: {outcome[0]!r})")
    left = len(list(out.glob(".desk-*"))) + len(list(out.glob("desk-*")))
    for path in out.glob("desk-*"):
        drop(path)
    return took, share, left


def gui_stall(service: BackupService | None, out: Path) -> tuple[float, float, float]:
    """Worst and 99th-percentile gap (ms) between 4 ms ticks on the GUI thread, and the seconds the probe ran:
    while the background backup runs (``service``), or for 3 s with nothing running (None)."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    from app.views.tasks import run_progress_task

    app = QApplication.instance() or QApplication([])
    label = QLabel("正在备份… 0%")  # its font loaded before the probe: the desk has it loaded at start
    label.show()
    app.processEvents()
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now
    probe = QTimer()
    probe.setInterval(4)
    probe.timeout.connect(tick)
    loop = QEventLoop()
    probe.start()
    start = time.perf_counter()
    if service is None:
        QTimer.singleShot(3000, loop.quit)
        task = None
    else:
        task = run_progress_task(lambda report: service.backup_now(out, reason="manual", report=report),
                                 lambda _: loop.quit(), lambda exc: (print(f"  failed: {exc!r}"), loop.quit()),
                                 lambda done, total: label.setText(f"正在备份… {done * 100 // total}%"))
    loop.exec()
    probe.stop()
    took = time.perf_counter() - start
    del task
    for path in out.glob("desk-*"):
        drop(path)
    app.processEvents()
    gaps = gaps[1:] or [0.0]
    return max(gaps), statistics.quantiles(gaps, n=100, method="inclusive")[98] if len(gaps) > 2 else gaps[0], took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the desk's data folder (holds desk.sqlite3)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="where the backups are written (default: a folder beside DIR)")
    parser.add_argument("--integrity", action="store_true", help="also time integrity_check instead (run 1)")
    parser.add_argument("--steps", default=str(backup_copy.STEP_PAGES),
                        help="step sizes in pages for the copy without check, e.g. 1024,4096,16384")
    args = parser.parse_args()
    source = args.data / "desk.sqlite3"
    out = Path(tempfile.mkdtemp(prefix="backup-bench-", dir=args.out or args.data.parent))
    steps = [int(s) for s in args.steps.split(",")]
    with closing(sqlite3.connect(source)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file holds everything: the floor copies the same bytes
        pages = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
    print(f"database {source}: {pages / 1e9:.2f} GB; backups written to {out}; {args.runs} runs")
    db = Database(sqlite_url(source), SystemClock())
    service = BackupService(db, out)
    figures: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        figures.setdefault(name, []).append(value)
        print(f"  {name.strip()}: {value:.2f}", flush=True)
    try:
        for run in range(1, args.runs + 1):
            print(f"run {run}: load average at start {load()}", flush=True)
            note("floor: copyfile + fsync (s)", floor(source, out))
            note("before: sqlite_backup in one step + fsync (s)", before(source, out))
            for step in steps:
                note(f"after: steps of {step} pages, no check (s)", after(source, out, step, "none"))
            note(f"after: steps of {backup_copy.STEP_PAGES} pages + structure check [the desk] (s)",
                 after(source, out, backup_copy.STEP_PAGES, "structure"))
            note(f"after: steps of {backup_copy.STEP_PAGES} pages + quick_check instead (s)",
                 after(source, out, backup_copy.STEP_PAGES, "quick_check"))
            if run == 1 and args.integrity:
                note("after: + integrity_check instead (s), run 1 only",
                     after(source, out, backup_copy.STEP_PAGES, "integrity_check"))
            took, share, left = exit_latency(service, out)
            note("exit latency: stop to stopped (ms)", took * 1000)
            note("  copied when stopped (%)", share * 100)
            note("  files left in the folder", left)
            idle_worst, idle_p99, _ = gui_stall(None, out)
            worst, p99, ran = gui_stall(service, out)
            note("GUI stall, nothing running: worst gap (ms)", idle_worst)
            note("GUI stall, nothing running: p99 gap (ms)", idle_p99)
            note("GUI stall, backup in the background: worst gap (ms)", worst)
            note("GUI stall, backup in the background: p99 gap (ms)", p99)
            note("  that backup through the service, with progress (s)", ran)
            print(f"run {run}: load average at end {load()}", flush=True)
        print("\nmedians:")
        for name, values in figures.items():
            print(f"  {name:<62} {statistics.median(values):9.2f}   ({', '.join(f'{v:.2f}' for v in values)})")
        print("before, on the GUI thread: the whole backup is one stall (the line 'before' above), at start and exit")
    finally:
        db.dispose()
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
