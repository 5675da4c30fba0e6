"""A day at the desk in one process, for the soak test (run by test_qt_bindings, or by hand).

    python -m tests.gui.soak_child DATA_DIR ROUNDS

Opens the real main window on DATA_DIR (a copy of the demo community) as the clerk and repeats a round of what a
clerk does all day: every page in turn, the request list reloaded, the home page refreshed, and every tenth
round a request saved through the intake form. Prints one JSON line of figures at the end: the reference count
of None and the resident memory at the start and after each 10 % of the rounds, the actions done and the seconds.
With faulty Qt bindings (PySide6 6.12.0) the process aborts before it prints ("deallocating None").
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.i18n import install_translators  # noqa: E402
from app.services.core.container import open_services  # noqa: E402
from app.views.application import prepare_application  # noqa: E402
from app.views.main_window import MainWindow  # noqa: E402


def wait(app: QApplication, done: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not settle")
        app.processEvents()
        time.sleep(0.002)


def rss_mb() -> float:
    """The process's resident memory now (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return round(pages * resource.getpagesize() / 2**20, 1)


def main(data_dir: Path, rounds: int) -> None:
    app = QApplication([])
    prepare_application(app)
    translators = install_translators(app, "zh_CN")
    services = open_services(data_dir)
    actor = services.auth.login("clerk1", "demo1234")
    window = MainWindow(services, actor)
    window.resize(1366, 768)
    window.show()
    wait(app, lambda: not window.escalation.busy and window.escalation.counts is not None, 120)
    case_list, intake = window.case_list, window.intake
    assert case_list is not None and intake is not None
    resident = services.residents.search(actor, "wangl")[0]

    started = time.monotonic()
    counts = [sys.getrefcount(None)]
    memory = [rss_mb()]
    switches = reloads = refreshes = saves = 0
    for n in range(rounds):
        for key in window.pages:
            window.show_page(key)
            app.processEvents()
            switches += 1
        window.show_page("cases")
        case_list.reload()
        wait(app, lambda: not case_list.model.loading)
        reloads += 1
        window.home.refresh()
        refreshes += 1
        if n % 10 == 0:
            window.open_intake()
            intake.lookup.choose(resident)
            intake.category.setCurrentIndex(1)
            intake.subcategory.setCurrentIndex(1)
            intake.description.setPlainText(f"楼道灯不亮，第{n}次巡查登记。")
            saved_before = intake.last_saved
            intake.save(print_receipt=False)
            try:
                wait(app, lambda before=saved_before: intake.last_saved is not before)  # type: ignore[misc]
            except TimeoutError:
                raise SystemExit(f"not saved: {intake.banner.text()}") from None
            saves += 1
        if (n + 1) % max(rounds // 10, 1) == 0:
            counts.append(sys.getrefcount(None))
            memory.append(rss_mb())
    figures = {
        "qt": __import__("PySide6").__version__, "rounds": rounds, "page_switches": switches,
        "list_reloads": reloads, "home_refreshes": refreshes, "saves": saves,
        "seconds": round(time.monotonic() - started, 1), "none_counts": counts,
        "rss_mb": memory,
    }
    window.close()
    services.close()
    for t in translators:
        app.removeTranslator(t)
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
