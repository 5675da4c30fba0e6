"""Where problems cluster (热点) at a million requests: a month's hot spots, the home page's last 14 days, and the
heating season against the last one.

    python benchmarks/hotspots_bench.py --data DIR [--runs 5] [--months 6] [--today 2026-11-20]
    python benchmarks/hotspots_bench.py --db postgresql+psycopg://...

DIR is a benchmark database (``benchmarks/case_list_bench.py 1000000 --data DIR``). It is opened **read-only** (a
SQLite URI with ``mode=ro``: nothing is migrated, locked or written), so it must already be at the newest schema;
the benchmark says so and stops otherwise. Timed through ``HotSpotService`` as the dashboard calls it (the
account's check included), ``--runs`` runs each, in ms:

- hot spots (3 or more in 14 days) for each of the ``--months`` whole calendar months before ``--today`` and for
  this month so far: each month's median, then the median and the 95th percentile of every run of every month
  (the target: under 1 s);
- the same month at other thresholds (2 in 7 days, 5 in 30 days): the grouping is in SQL, the windows in Python;
- the home page's panel: the last 14 days;
- the heating seasons: this season so far against the same span of the last (``--today`` in the season), and a
  whole season against the one before (a day in summer).

The load average is printed at the start and the end: the machine is shared, figures under load are noisy. Nothing is
asserted: these are figures to read and report.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text  # noqa: E402

from app.models import Case, CaseStatus  # noqa: E402
from app.services.cases.hotspots import HotSpotService  # noqa: E402
from app.services.cases.rates import span  # noqa: E402
from app.services.core.auth import AuthService  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.db import Database  # noqa: E402
from benchmarks.timing import load  # noqa: E402

TODAY = date(2026, 11, 20)  # the benchmark database's "now" (case_list_bench.NOW, 10:00 Beijing time)
USER = "admin"


def timed(run: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def months_before(today: date, n: int) -> list[tuple[date, date]]:
    """The ``n`` whole calendar months before ``today``'s, oldest first, then this month so far."""
    found = []
    first = today.replace(day=1)
    for _ in range(n):
        last = first - timedelta(days=1)
        first = last.replace(day=1)
        found.append((first, last))
    return [*reversed(found), (today.replace(day=1), today)]


def open_read_only(data: Path | None, url: str | None) -> Database:
    if url is None:
        assert data is not None
        path = (data / "desk.sqlite3").resolve()
        if not path.exists():
            sys.exit(f"no database at {path}")
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    return Database(url, FakeClock(span(TODAY, TODAY)[0].replace(hour=10)))


def received(db: Database, first: date, last: date) -> int:
    since, until = span(first, last)
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Case).where(
            Case.created_at >= since, Case.created_at < until, Case.status != CaseStatus.MERGED)) or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="the benchmark's data folder (its desk.sqlite3 is read, never "
                                                  "written)")
    parser.add_argument("--db", help="a database URL instead (PostgreSQL)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    args = parser.parse_args()
    if args.data is None and args.db is None:
        parser.error("--data DIR or --db URL")
    db = open_read_only(args.data, args.db)
    with db.reading() as session:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        total = session.scalar(select(func.count()).select_from(Case)) or 0
    head = db.head_revision()
    if revision != head:
        sys.exit(f"the database is at revision {revision}, the program at {head}: open it once with the app (a copy, "
                 "if it is shared) to migrate it, then run this again")
    actor = AuthService(db).act_as(USER)
    service = HotSpotService(db)
    runs = max(1, args.runs)
    print(f"Hot spots at {total:,} requests (revision {revision}), {runs} runs each, read-only; {load()}")

    print("\nA month's hot spots (3 or more in 14 days), as the dashboard asks")
    every: list[float] = []
    for first, last in months_before(args.today, args.months):
        times, spots = timed(lambda f=first, la=last: service.hot_spots(actor, *span(f, la)), runs)
        every += times
        biggest = max((s.count for s in spots), default=0)
        print(f"  {first} to {last}: {statistics.median(times):8.1f} ms median, {max(times):8.1f} ms slowest; "
              f"{received(db, first, last):,} requests, {len(spots):,} hot spots (largest {biggest})")
    print(f"  every month, every run: median {statistics.median(every):.1f} ms, p95 {p95(every):.1f} ms "
          f"({len(every)} runs; target under 1000 ms)")

    first, last = months_before(args.today, 1)[0]
    print(f"\nThe same month ({first} to {last}) at other thresholds")
    for n, days in ((2, 7), (3, 14), (5, 30)):
        times, spots = timed(lambda n=n, d=days: service.hot_spots(actor, *span(first, last), n, d), runs)
        print(f"  {n} or more in {days} days: {statistics.median(times):8.1f} ms median; {len(spots):,} hot spots")

    print("\nThe home page's panel: the last 14 days")
    times, spots = timed(lambda: service.hot_spots(actor, *span(args.today - timedelta(days=13), args.today)), runs)
    print(f"  {statistics.median(times):8.1f} ms median; {len(spots):,} hot spots")

    print("\nThe heating seasons compared, by building")
    for label, day in (("this season so far", args.today), ("a whole season (asked in summer)",
                                                           date(args.today.year, 7, 1))):
        times, seasons = timed(lambda d=day: service.seasons(actor, d), runs)
        print(f"  {label}: {statistics.median(times):8.1f} ms median; {seasons.this_first} to {seasons.this_last}: "
              f"{seasons.this_total:,} heating requests, {seasons.last_first} to {seasons.last_last}: "
              f"{seasons.last_total:,}; {len(seasons.buildings)} buildings")
    print(f"\n{load()}")
    db.engine.dispose()


if __name__ == "__main__":
    main()
