"""Start-up time and peak memory of the desk app, as whole processes, beside a bare PySide6 window.

    python benchmarks/startup_bench.py [--runs 5] [--demo-dir DIR] [--data DIR] [--db URL --db-data DIR]
                                       [--password PW] [--user admin]

Prints, for the demo community (built once with the app's demo builder into a temporary folder, or kept in
--demo-dir and reused) and for each database given (--data: a data folder, e.g. a copy of the million-request
benchmark folder; --db: a PostgreSQL URL with --db-data for its local folder), the median, min and max of:

- bare PySide6: a script that shows an empty QMainWindow and exits after its first paint (the floor);
- login window: ``main.py --exit-when-shown`` (the real start, up to the log-in dialog painted), whole process, on a
  PC that logged in before (the log-in painted before the database is opened: the usual start) and on one that
  never did (the database opened first); and the latter without the integrity check at start (``PRAGMA
  quick_check``, timed alone as well);
- main window: ``benchmarks/startup_child.py`` runs the real start path with the log-in filled and accepted by a
  timer, 2 s after the log-in is painted (a clerk typing) and at once: from the password accepted (the account
  checked) to the main window painted, from pressing 登录 to it, and until the start's background reads are done;

each with the child's peak resident memory (ru_maxrss from wait4, and the child's own VmHWM). The load average is
printed at the start and end of each part. Nothing is asserted: these are figures to read. The first start of the
day makes the daily backup: one start is run before the timed ones and reported on its own. The children run with
bytecode caches (in a temporary PYTHONPYCACHEPREFIX, whatever PYTHONDONTWRITEBYTECODE says), as an installed desk
does: compiling 200 modules at every start is not what a clerk waits for.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = ROOT / "benchmarks" / "startup_child.py"
DEMO_PASSWORD = "demo1234"
TYPING = 2.0  # seconds a clerk takes to type a user name and password, at the least

# The integrity check at start, timed alone on the same file (as db.check_integrity does it).
QUICK_CHECK = """
import sqlite3, sys, time
from contextlib import closing
t = time.perf_counter()
with closing(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)) as conn:
    conn.execute("PRAGMA quick_check").fetchall()
print(time.perf_counter() - t)
"""

# The login window without the integrity check: the real start path, db.check_integrity answering "sound" at once.
NO_CHECK = """
import sys
sys.path.insert(0, sys.argv[1])
import app.cli
from app.services.core.db import Database
Database.check_integrity = lambda self: []
sys.exit(app.cli.main(sys.argv[2:] + ["--exit-when-shown"]))
"""


# What a log-in on this PC remembers (ViewState.community_name): with it the log-in is painted before the database is
# opened; without it (a PC that never logged in) the database is opened first. Set or removed before each kind of run.
REMEMBER = """
import sys
from PySide6.QtCore import QSettings
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
if sys.argv[2]:
    settings.setValue("start/community_name", sys.argv[2])
else:
    settings.remove("start/community_name")
settings.sync()
"""


def remember(data_dir: Path, name: str) -> None:
    subprocess.run([sys.executable, "-c", REMEMBER, str(data_dir / "window.ini"), name], check=True)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


PYCACHE = Path(tempfile.gettempdir()) / "startup-bench-pycache"


def environment() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(PYCACHE))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


class Run:
    """One child process: its wall time, peak RSS (KB) and what it printed."""

    def __init__(self, argv: Sequence[str], stdin: str = "") -> None:
        self.started = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=environment(), cwd=ROOT)
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        proc.stdin.write(stdin.encode())
        proc.stdin.close()
        out = proc.stdout.read().decode()
        err = proc.stderr.read().decode()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        self.seconds = time.perf_counter() - self.started
        self.peak_mb = usage.ru_maxrss / 1024
        self.code = proc.returncode
        self.stamps: dict[str, float] = {}
        for line in out.splitlines():
            if line.startswith("{"):
                self.stamps = json.loads(line)
        if self.code != 0 or "error" in self.stamps:
            raise SystemExit(f"{' '.join(argv)} failed ({self.code}): {self.stamps.get('error', '')}\n{err[-2000:]}")

    def since_start(self, stamp: str) -> float:
        return self.stamps[stamp] - self.started


class Table:
    def __init__(self) -> None:
        print(f"\n  {'':<58}{'median':>9}{'min':>9}{'max':>9}{'peak RSS MB':>13}")

    def row(self, label: str, seconds: list[float], peaks: Sequence[float] = (), note: str = "") -> float:
        median = statistics.median(seconds)
        peak = f"{statistics.median(peaks):>13.0f}" if peaks else f"{'':>13}"
        print(f"  {label:<58}{median:>8.3f}s{min(seconds):>8.3f}s{max(seconds):>8.3f}s{peak}  {note}", flush=True)
        return median


def bare(runs: int) -> float:
    print(f"\nbare PySide6 (load average {load()})")
    table = Table()
    done = [Run([sys.executable, str(CHILD), "bare"]) for _ in range(runs)]
    median = table.row("empty QMainWindow, first paint, whole process", [r.seconds for r in done],
                       [r.peak_mb for r in done])
    table.row("  of which to its first paint", [r.since_start("painted") for r in done])
    print(f"  load average at the end: {load()}")
    return median


def database(name: str, runs: int, floor: float, data_dir: Path, db_url: str | None, user: str,
             password: str, at_once: bool) -> None:
    location = ["--data-dir", str(data_dir)] + (["--db", db_url] if db_url else [])
    sqlite = None if db_url else data_dir / "desk.sqlite3"
    size = f", {sqlite.stat().st_size / 1e6:,.0f} MB" if sqlite is not None else ""
    print(f"\n{name} ({db_url or data_dir}{size}; load average {load()})")
    first = Run([sys.executable, "main.py", *location, "--exit-when-shown"])
    print(f"  the first start (the daily backup if due, a cold cache): login window in {first.seconds:.3f} s, "
          f"peak {first.peak_mb:.0f} MB")
    table = Table()
    remember(data_dir, "社区")
    login = [Run([sys.executable, "main.py", *location, "--exit-when-shown"]) for _ in range(runs)]
    shown = table.row("login window, a PC that logged in before (the usual)", [r.seconds for r in login],
                      [r.peak_mb for r in login])
    print(f"  {'':<58}= {shown / floor:.1f} x the bare window")
    remember(data_dir, "")
    login = [Run([sys.executable, "main.py", *location, "--exit-when-shown"]) for _ in range(runs)]
    shown = table.row("login window, the first log-in on this PC (database first)", [r.seconds for r in login],
                      [r.peak_mb for r in login])
    print(f"  {'':<58}= {shown / floor:.1f} x the bare window")
    if sqlite is not None:
        checks = [float(subprocess.run([sys.executable, "-c", QUICK_CHECK, str(sqlite)], capture_output=True,
                                       text=True, check=True).stdout) for _ in range(runs)]
        table.row("  integrity check at start alone (PRAGMA quick_check)", checks)
        unchecked = [Run([sys.executable, "-c", NO_CHECK, str(ROOT), *location]) for _ in range(runs)]
        plain = table.row("login window without the integrity check", [r.seconds for r in unchecked],
                          [r.peak_mb for r in unchecked])
        print(f"  {'':<58}= {plain / floor:.1f} x the bare window")
    first_main = Run([sys.executable, str(CHILD), "main", *location, "--user", user], password + "\n")
    print(f"  the first main window (the escalation ladder's catch-up since the database was last open): "
          f"background reads done {first_main.since_start('settled'):.1f} s after the start")
    for typing in (TYPING, 0.0) if at_once else (TYPING,):
        child = [sys.executable, str(CHILD), "main", *location, "--user", user, "--typing", str(typing)]
        main = [Run(child, password + "\n") for _ in range(runs)]
        how = f"log-in typed in {typing:g} s" if typing else "log-in filled at once"
        print(f"  main window, as {user}, {how}:")
        table.row("  password accepted -> main window painted", [r.stamps["main_painted"] - r.stamps["accepted"]
                                                                 for r in main])
        table.row("  登录 pressed -> main window painted (with the hash)",
                  [r.stamps["main_painted"] - r.stamps["submitted"] for r in main])
        table.row("  main window painted -> background reads done",
                  [r.stamps["settled"] - r.stamps["main_painted"] for r in main],
                  [r.stamps["main_peak_kb"] / 1024 for r in main], note="peak RSS when painted")
        table.row("  process start -> background reads done", [r.since_start("settled") for r in main],
                  [r.peak_mb for r in main], note="peak RSS of the whole run")
    print(f"  load average at the end: {load()}")


def build_demo(folder: Path) -> None:
    print(f"building the demo community in {folder} ...", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "main.py", "demo", "--data-dir", str(folder)], env=environment(), cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    print(f"  built in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--demo-dir", type=Path, help="keep the demo community here and reuse it next time")
    parser.add_argument("--no-demo", action="store_true", help="only the databases given")
    parser.add_argument("--data", type=Path, action="append", default=[],
                        help="a set-up data folder (SQLite), e.g. a copy of the million-request benchmark folder")
    parser.add_argument("--db", help="a database URL (PostgreSQL), with --db-data for the desk's local folder")
    parser.add_argument("--db-data", type=Path, help="the local data folder used with --db (desk.json, logs)")
    parser.add_argument("--user", default="admin", help="the account logged in for the main window")
    parser.add_argument("--at-once", action="store_true",
                        help="also time the main window with the log-in filled the moment it is painted")
    parser.add_argument("--password", default="bench2026",
                        help="its password in the --data/--db databases (the demo's is demo1234)")
    args = parser.parse_args()
    print(f"startup_bench: {args.runs} runs each, Python {sys.version.split()[0]}, "
          f"QT_QPA_PLATFORM={environment()['QT_QPA_PLATFORM']}; load average at start {load()}")
    floor = bare(args.runs)
    tmp = tempfile.mkdtemp(prefix="startup-bench-")
    try:
        if not args.no_demo:
            demo = args.demo_dir or Path(tmp) / "demo"
            if not (demo / "desk.sqlite3").exists():
                build_demo(demo)
            database("demo community", args.runs, floor, demo, None, args.user, DEMO_PASSWORD, args.at_once)
        for folder in args.data:
            database(folder.name, args.runs, floor, folder, None, args.user, args.password, args.at_once)
        if args.db:
            local = args.db_data or Path(tmp) / "pg-local"
            database("PostgreSQL", args.runs, floor, local, args.db, args.user, args.password, args.at_once)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nload average at the end {load()}")


if __name__ == "__main__":
    main()
