"""GUI-thread stalls while a clerk works, through the real main window, with the stall probe (stall_probe.py).

    python benchmarks/gui_stalls_bench.py                       # the demo community, built in a temporary folder
    python benchmarks/gui_stalls_bench.py --data /tmp/bench-x   # a case_list_bench.py database (a million requests)
                                                                # or, if /tmp/bench-x does not exist, the demo built
                                                                # there (and reused next time)

Scenarios, each measured on its own (worst stall, 99th percentile, how many over 16 ms, the culprit of the worst):

- intake typing: the clerk types a resident's name in the look-up (a key every ``PACE_MS``), reads the list, takes
  the first match with Enter, picks the category and sub-category by their digits, types a 40-character
  description at the same pace (key events, one character at a time) -- the target: no stall over 16 ms;
- intake save: Ctrl+S, the answer, the home page's and the other pages' refresh after it;
- request list: open it, filter by status, search for a word typed at the same pace, scroll page by page;
- request page: open the request with the longest timeline;
- dashboard: switch the period (week, month, quarter);
- notice preview: make the public notice board and preview it.

The load average is printed at the start and the end; nothing is asserted, figures to read. It writes (the intake
saves a request): point --data at a copy, never at a shared database.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app.i18n import install_translators  # noqa: E402
from app.models import Case, CaseEvent  # noqa: E402
from app.services.core.auth import Actor  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.container import Services, open_services  # noqa: E402
from app.views.application import prepare_application  # noqa: E402
from app.views.collector import Collector  # noqa: E402
from app.views.main_window import MainWindow  # noqa: E402
from benchmarks.stall_probe import StallProbe, load, wait, wait_until  # noqa: E402

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # the demo's and case_list_bench.py's "now"
PACE_MS = 150  # a key every 150 ms: a quick typist; a clerk over 50 is slower
DESCRIPTION = "厨房水龙头一直滴水关不严老人拧不动请帮忙找人维修楼道灯也不亮晚上看不见台阶很危险谢谢"[:40]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, pace: int = PACE_MS) -> None:
    QTest.keyClick(focused(), k, modifier)
    wait(pace)


def type_keys(text: str, pace: int = PACE_MS) -> None:
    """A character every ``pace`` ms: ASCII as key presses, Chinese as the input method commits it (拼音输入法)."""
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(focused(), ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(focused(), event)
        wait(pace)


def intake(window: MainWindow, probe: StallProbe, name: str) -> None:
    window.open_intake()
    page = window.intake
    assert page is not None
    wait(500)
    before = page.last_saved
    with probe.measure("intake: typing (look-up..description)"):
        page.lookup.setFocus()
        type_keys(name)
        wait_until(lambda: page.lookup.results.isVisible() and page.lookup.results.count() > 0, 10_000)
        wait(400)  # the clerk reads the first line
        key(Qt.Key.Key_Return)
        wait_until(lambda: page.lookup.selected is not None, 10_000)
        type_keys("1")
        key(Qt.Key.Key_Tab)
        type_keys("1")
        key(Qt.Key.Key_Tab)
        type_keys(DESCRIPTION)
        wait(1000)  # the similar-requests search after the last key, and the draft
    with probe.measure("intake: save and the refresh after it"):
        key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, pace=0)
        wait_until(lambda: page.last_saved is not before, 30_000)
        wait(1500)
    print(f"  saved {page.last_saved.case_no if page.last_saved else 'nothing (refused?)'}: "
          f"{page.banner.text()[:60]!r}", flush=True)
    if page.last_saved is before:
        print("  refused: " + "; ".join(f"{k}: {page.errors.message(k)}" for k in (
            "resident", "category", "subcategory", "description", "urgency", "departments", "scope")
            if page.errors.message(k)), flush=True)


def request_list(window: MainWindow, probe: StallProbe) -> None:
    page = window.case_list
    assert page is not None

    def loaded() -> bool:
        return not page.model.loading and page.model.rowCount() > 0

    with probe.measure("request list: open, filter, search, scroll"):
        window.show_page("cases")
        wait_until(loaded)
        wait(300)
        page.status.setCurrentIndex(1)  # open requests
        wait_until(loaded)
        wait(300)
        page.search.setFocus()
        type_keys("漏水")
        wait(600)
        wait_until(loaded)
        page.table.setFocus()
        for _ in range(20):
            key(Qt.Key.Key_PageDown, pace=80)
        wait_until(lambda: not page.model.loading)
        wait(300)
    page.clear_filters()
    wait_until(loaded)


def longest_timeline(services: Services, actor: Actor) -> object | None:
    """The request with the most events whose page opens (case_list_bench.py's made-up timelines do not all fold)."""
    with services.db.reading() as session:
        rows = session.execute(select(CaseEvent.case_id, func.count()).group_by(CaseEvent.case_id)
                               .order_by(func.count().desc()).limit(50)).all()
    last: Exception | None = None
    for case_id, events in rows:
        try:
            services.workflow.detail(actor, case_id)
        except Exception as exc:  # noqa: BLE001 - a made-up timeline the fold refuses
            last = exc
            continue
        print(f"  the request page: {events} events", flush=True)
        return case_id
    with services.db.reading() as session:  # the latest requests, the longest first
        latest = select(Case.id).order_by(Case.created_at.desc()).limit(300).subquery()
        rows = session.execute(select(CaseEvent.case_id, func.count()).where(CaseEvent.case_id.in_(select(latest)))
                               .group_by(CaseEvent.case_id).order_by(func.count().desc())).all()
    for case_id, events in rows:
        try:
            services.workflow.detail(actor, case_id)
        except Exception:  # noqa: BLE001, S112 - the same
            continue
        print(f"  the request page: {events} events (the longest timelines do not fold: {last!r})", flush=True)
        return case_id
    print(f"  no request page opens ({last!r}): skipped", flush=True)
    return None


def request_page(window: MainWindow, probe: StallProbe, case_id: object) -> None:
    if case_id is None:
        return
    page = window.case_page
    with probe.measure("request page: the longest timeline"):
        window.open_case(case_id)
        wait(50)
        wait_until(lambda: not page.loading and page.detail is not None)
        wait(500)


def dashboard(window: MainWindow, probe: StallProbe) -> None:
    page = window.pages["dashboard"]
    with probe.measure("dashboard: week, month, quarter"):
        window.show_page("dashboard")
        for index in (0, 1, 2):
            page.period.setCurrentIndex(index)  # type: ignore[attr-defined]
            wait(50)
            wait_until(lambda: not page._ops.busy, 300_000)  # type: ignore[attr-defined]
            wait(300)


def notice(window: MainWindow, probe: StallProbe) -> None:
    page = window.pages["notices"]
    with probe.measure("notice: make and preview"):
        window.show_page("notices")
        wait(300)
        QTest.mouseClick(page.make_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        wait_until(lambda: page.making is None and page.preview is not None  # type: ignore[attr-defined]
                   and page.preview.isVisible(), 300_000)  # type: ignore[attr-defined]
        wait(1000)
    if page.preview is not None:  # type: ignore[attr-defined]
        page.preview.close()  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, help="a data folder (a copy: the intake saves a request)")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default=None, help="demo1234 for the demo, bench2026 for case_list_bench")
    parser.add_argument("--name", default="wangl", help="what the clerk types in the look-up")
    parser.add_argument("--only", nargs="*", default=[], help="intake list case dashboard notice")
    args = parser.parse_args()
    print(f"start: {load()}", flush=True)
    app = QApplication.instance() or QApplication(sys.argv)
    prepare_application(app)  # type: ignore[arg-type]
    install_translators(app, "zh_CN")  # type: ignore[arg-type]
    Collector(app)  # cycles collected as the desk does (app/views/collector.py)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp) / "demo"
        demo = not folder.exists() or (folder / "demo.built").exists()
        password = args.password or ("demo1234" if demo else "bench2026")
        if not folder.exists():  # the demo community, built there (kept when --data names it: reuse it next time)
            from app.demo.build import build_demo

            built = open_services(folder, clock=FakeClock(NOW))
            build_demo(built)
            built.close()
            (folder / "demo.built").write_text("the demo community, built by gui_stalls_bench.py")
        started = time.perf_counter()
        # a case_list_bench.py database has requests numbered on NOW's day that its desk's counter does not know of:
        # the intake saves on the day after
        services = open_services(folder, clock=FakeClock(NOW if demo else NOW + timedelta(days=1)))
        print(f"opened {folder} in {time.perf_counter() - started:.1f} s", flush=True)
        try:
            actor = services.auth.login(args.user, password)
            window = MainWindow(services, actor)
            window.resize(1366, 768)
            window.show()
            wait(2000)
            probe = StallProbe()
            scenarios = set(args.only) or {"intake", "list", "case", "dashboard", "notice"}
            if "intake" in scenarios:
                intake(window, probe, args.name)
            if "list" in scenarios:
                request_list(window, probe)
            if "case" in scenarios:
                request_page(window, probe, longest_timeline(services, actor))
            if "dashboard" in scenarios:
                dashboard(window, probe)
            if "notice" in scenarios:
                notice(window, probe)
            print(probe.report())
            window.close()
            wait(500)
        finally:
            services.close()
    print(f"end: {load()}", flush=True)


if __name__ == "__main__":
    main()
