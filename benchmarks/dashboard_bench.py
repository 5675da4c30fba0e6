"""The year's figures at any size: the dashboard, the notice board and the street report, read from the rates' daily
rollup, beside the direct count from the requests (the way before the rollup) in the same run.

    python benchmarks/dashboard_bench.py --data DIR [--runs 3] [--today 2026-11-20] [--board-days 7]
    python benchmarks/dashboard_bench.py --db postgresql+psycopg://... [--data DIR for the settings]

DIR is a benchmark database (``benchmarks/case_list_bench.py 1000000 --data DIR``; the password of admin is
bench2026). Opening it migrates it if it predates the rollup (migration 0015 fills it): that first open is timed.
Then, for this week, month, quarter and the last 365 days up to ``--today``, medians of ``--runs`` runs in ms:

- the dashboard: summary (totals, the breakdowns, departments and their ranking) and the weekly trend, through
  ``RatesService`` (the rollup for whole days) and counted directly from the requests (``rates.summary`` and
  ``rates.trend`` without the rollup);
- the street report: the exported figures (``export_figures``, xlsx) and the same file made from the direct count;
- the notice board's figures (``rates.totals``) both ways, and the whole board (its figures and every class's from
  the rollup, the requests it lists read and scrubbed, the PDF) for the last ``--board-days`` days, the month, the
  quarter and the year: a board lists at most ``BOARD_ROWS_MAX`` requests (the most recent), so a year's board costs
  what a busy month's does;
- what a write pays: counting one day's rollup rows again (the work ``rollup.settle`` adds to a transaction).

The load average is printed at the start and the end: the machine is shared, figures under load are noisy. Nothing is
asserted: these are figures to read and report.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from app.models import RatesDay  # noqa: E402
from app.services.cases import rates, rollup  # noqa: E402
from app.services.cases.export import ExportService, figure_tables  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.container import Services, open_services  # noqa: E402
from app.services.notices.board import BOARD_ROWS_MAX, NoticeOptions  # noqa: E402
from benchmarks.timing import load, median_ms  # noqa: E402

PASSWORD = "bench2026"
TODAY = date(2026, 11, 20)  # the benchmark database's "now" (case_list_bench.NOW, 10:00 Beijing time)


def row(label: str, fast: float, slow: float | None = None, note: str = "") -> None:
    beside = f"{slow:>12,.0f} ms direct  ({slow / max(fast, 0.001):,.0f}x)" if slow is not None else ""
    print(f"  {label:<40} {fast:>10,.1f} ms  {beside}  {note}")


def periods(today: date) -> list[tuple[str, date, date]]:
    found = [(kind, *rates.period(kind, today)) for kind in rates.PERIODS]
    return [*found, ("year (365 days)", today - timedelta(days=364), today)]


def dashboard(services: Services, actor: Any, today: date, runs: int) -> None:
    print("\nThe dashboard (summary + weekly trend): from the rollup, and counted directly")
    for label, first, last in periods(today):
        since, until = rates.span(first, last)

        def fast(s: datetime = since, u: datetime = until) -> Any:
            return services.rates.summary(actor, s, u), services.rates.trend(actor, s, u)

        def direct(s: datetime = since, u: datetime = until) -> Any:
            with services.db.reading() as session:
                return rates.summary(session, s, u), rates.trend(session, s, u)

        ms, (summary, trend) = median_ms(fast, runs)
        slow, (summary2, trend2) = median_ms(direct, max(1, min(runs, 3)))
        t = summary.totals
        row(f"{label}: {first} to {last}", ms, slow,
            f"{t.received:,} requests; equal: {summary == summary2 and trend == trend2}")


def street_report(services: Services, actor: Any, today: date, runs: int, folder: Path) -> None:
    print("\nThe street report (exported figures, xlsx) and the notice board's figures")
    export = services.export
    for label, first, last in periods(today)[1:]:
        since, until = rates.span(first, last)
        out = folder / "figures.xlsx"
        ms, _ = median_ms(lambda f=first, la=last, o=out: export.export_figures(actor, "xlsx", o, f, la), runs)

        def direct(f: date = first, la: date = last, s: datetime = since, u: datetime = until) -> None:
            with services.db.reading() as session:
                summary = rates.summary(session, s, u)
                trend = rates.trend(session, s, u, min_weeks=1)
            tables = figure_tables(summary, trend, f, la, "")
            ExportService._figures_file("xlsx", tables, folder / "figures-direct.xlsx")

        slow, _ = median_ms(direct, max(1, min(runs, 3)))
        row(f"street report, {label}", ms, slow)

        def board_figures(s: datetime = since, u: datetime = until) -> Any:
            with services.db.reading() as session:
                return rates.totals(session, s, u, part=rollup.EVERYTHING)

        def board_direct(s: datetime = since, u: datetime = until) -> Any:
            with services.db.reading() as session:
                return rates.totals(session, s, u)

        ms, a = median_ms(board_figures, runs)
        slow, b = median_ms(board_direct, max(1, min(runs, 3)))
        row(f"notice board's figures, {label}", ms, slow, f"equal: {a == b}")


def notice_board(services: Services, actor: Any, today: date, days: int, runs: int) -> None:
    print(f"\nThe notice board as a PDF (at most {BOARD_ROWS_MAX} requests listed, scrubbed, laid out; every class's "
          "figures above them when the period has more)")
    spans = [(f"last {days} days", today - timedelta(days=days - 1)), ("month (30 days)", today - timedelta(days=29)),
             ("quarter (91 days)", today - timedelta(days=90)), ("year (365 days)", today - timedelta(days=364))]
    for label, first in spans:
        ms, board = median_ms(lambda f=first: services.notices.board(actor, f, today), runs)
        row(f"notice board's content, {label}", ms, None,
            f"{len(board.rows):,} of {board.figures.received:,} requests listed, no PDF")
        ms, made = median_ms(lambda f=first: services.notices.make_board(actor, f, today, NoticeOptions()), runs)
        row(f"notice board PDF, {label}", ms, None, f"{len(made.case_nos):,} requests listed, {made.pages:,} pages")


def write_cost(services: Services, today: date, runs: int) -> None:
    print("\nWhat a write pays: one day's rollup rows counted again (rolled back)")
    with services.db.reading() as session:
        keys = [tuple(r) for r in session.execute(
            select(RatesDay.day, RatesDay.category_id, RatesDay.grid_id, RatesDay.level)
            .where(RatesDay.day == today - timedelta(days=1)))]
    one = keys[:1]

    def refresh(which: list[Any]) -> None:
        with services.db.engine.connect() as conn:
            with conn.begin() as tx:
                rollup.refresh(conn, which, [])
                tx.rollback()

    ms, _ = median_ms(lambda: refresh(one), runs)
    row("one key (one request's day, class, grid, level)", ms)
    ms, _ = median_ms(lambda: refresh(keys), runs)
    row(f"all {len(keys)} keys of a day", ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="the benchmark's data folder (SQLite; settings beside it)")
    parser.add_argument("--db", help="a database URL instead (PostgreSQL)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--board-days", type=int, default=7, help="days of the notice board made as a PDF")
    parser.add_argument("--rebuild", action="store_true", help="also time counting the whole rollup again")
    args = parser.parse_args()
    if args.data is None and args.db is None:
        parser.error("give --data DIR or --db URL")
    print(load())
    now = datetime.combine(args.today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=2)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp)
        start = time.perf_counter()
        services = open_services(folder, args.db, clock=FakeClock(now))
        print(f"opened (migrated if needed: the rollup filled) in {time.perf_counter() - start:,.1f} s")
        try:
            with services.db.reading() as session:
                print(f"rollup: {session.scalar(select(func.count()).select_from(RatesDay)):,} day rows")
            if args.rebuild:
                start = time.perf_counter()
                with services.db.engine.begin() as conn:
                    rollup.rebuild(conn)
                print(f"rollup counted again from every request in {time.perf_counter() - start:,.1f} s")
            actor = services.auth.login("admin", PASSWORD)
            dashboard(services, actor, args.today, args.runs)
            street_report(services, actor, args.today, args.runs, Path(tmp))
            write_cost(services, args.today, args.runs)
            notice_board(services, actor, args.today, args.board_days, args.runs)
        finally:
            services.close()
    print(load())


if __name__ == "__main__":
    main()
