"""One timed start, run by ``startup_bench.py`` as a process of its own; prints its time stamps as one JSON line.

    python benchmarks/startup_child.py bare
        a bare PySide6 QMainWindow, exiting after its first paint: the floor of any Qt window's start
    python benchmarks/startup_child.py main --data-dir DIR [--db URL] [--user admin] [--typing S]  (password: stdin)
        the desk's real start path (``app.cli.main``), with the log-in filled and accepted by a timer S seconds
        after it is painted (the time a clerk takes to type; 0: at once), up to the main window's first paint and
        until the start's background reads are done

Stamps are ``time.perf_counter()`` (CLOCK_MONOTONIC on Linux: comparable between processes), so the parent can
subtract its own stamp taken before it started this process. The password is read from standard input, never
taken as an argument (main.py has no such option either). The process ends with ``os._exit`` once its figures are
printed: the app's exit (and its backup at exit) is not what is timed. The main window's run closes the desk first
(the window, then the database), as a clerk does: the next start is one after a clean stop.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def peak_kb() -> int:
    """This process's peak resident memory so far (VmHWM), in KB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def finish(stamps: dict[str, float | int | str]) -> None:
    stamps["peak_kb"] = peak_kb()
    print(json.dumps(stamps), flush=True)
    sys.stderr.flush()
    os._exit(0)


def finish_cleanly(stamps: dict[str, float | int | str]) -> None:
    """The figures printed, then the desk closed as a clerk closes it (the window, then the database, leaving the
    clean-close marker): the next start is a start after a clean stop, with no integrity check to wait for."""
    from PySide6.QtWidgets import QApplication

    stamps["peak_kb"] = peak_kb()
    print(json.dumps(stamps), flush=True)
    stamps["printed"] = 1
    QApplication.closeAllWindows()


def bare() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    stamps: dict[str, float | int | str] = {"started": STARTED}

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if watched is window and event.type() == QEvent.Type.Paint and "painted" not in stamps:
                stamps["painted"] = time.perf_counter()
                QTimer.singleShot(0, lambda: finish(stamps))
            return False

    painted = Painted()
    window.installEventFilter(painted)
    window.show()
    app.exec()


def main_window(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--db")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--typing", type=float, default=0.0)
    args = parser.parse_args(argv)
    password = sys.stdin.readline().rstrip("\n")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget

    import app.cli  # what main.py imports first
    from app.views.first_paint import FirstPaint

    stamps: dict[str, float | int | str] = {"started": STARTED, "imported": time.perf_counter()}
    qapp = QApplication(sys.argv[:1])  # app.cli.main takes this one, as it would make it
    pool = QThreadPool.globalInstance()

    def settle(idle_polls: list[float]) -> None:
        """The start's background reads (home page, status bar, escalation pass ...) are done when the pool has
        been idle for 0.3 s; the first idle moment of that stretch is the stamp."""
        now = time.perf_counter()
        if pool.activeThreadCount():
            idle_polls.clear()
        else:
            idle_polls.append(now)
        if len(idle_polls) >= 4:
            stamps["settled"] = idle_polls[0]
            finish_cleanly(stamps)
            return
        QTimer.singleShot(100, lambda: settle(idle_polls))

    def main_painted(_window: QWidget) -> None:
        stamps["main_painted"] = time.perf_counter()
        stamps["main_peak_kb"] = peak_kb()
        settle([])

    def painted(dialog: QWidget) -> None:
        stamps["login_painted"] = time.perf_counter()
        QTimer.singleShot(int(args.typing * 1000), lambda: log_in(dialog))

    def log_in(dialog: QWidget) -> None:
        dialog.findChild(QLineEdit, "login_username").setText(args.user)
        dialog.findChild(QLineEdit, "login_password").setText(password)
        dialog.logged_in.connect(lambda _actor: stamps.__setitem__("accepted", time.perf_counter()))
        FirstPaint(qapp, main_painted, lambda w: w.objectName() == "main_window")
        stamps["submitted"] = time.perf_counter()
        dialog.findChild(QPushButton, "login_button").click()
        refused_login(dialog.findChild(QLabel, "login_error"))

    def refused_login(error: QLabel) -> None:
        if error.isVisible():
            stamps["error"] = f"log-in refused: {error.text()}"
            finish(stamps)
        if "accepted" not in stamps:
            QTimer.singleShot(200, lambda: refused_login(error))

    class Refused(QObject):  # a message box instead of the windows timed (cannot start, backup failed): said
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox):
                stamps["error"] = f"message box: {watched.text()}"
                finish(stamps)
            return False

    refused = Refused()
    qapp.installEventFilter(refused)
    FirstPaint(qapp, painted, lambda w: w.objectName() == "login_dialog")
    cli = ["--data-dir", args.data_dir] + (["--db", args.db] if args.db else [])
    code = app.cli.main(cli)
    if "printed" in stamps:  # closed after its figures, as a clerk closes the desk
        sys.stdout.flush()
        os._exit(0)
    stamps["error"] = f"the app ended with {code} before the main window was painted"
    finish(stamps)


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        main_window(sys.argv[2:])
