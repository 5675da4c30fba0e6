"""Repeat callers (重复诉求) at any size: the intake form's panel of the caller's requests of the last 90 days, and the
director's 本月多次来电, with the request list's 重复诉求 filter and the dashboard's count beside them.

    python benchmarks/repeat_bench.py --data DIR [--samples 200] [--runs 5]

DIR is a COPY of a benchmark database (``benchmarks/case_list_bench.py 1000000 --data DIR``; the password of admin is
bench2026): the run writes to it. That database has no phone numbers at all (residents' and callers' are ""), so the
first run gives every resident a mobile number, writes it as the caller's number of their phone requests (people call
from their own phone), and marks as a repeat (``repeat_of_id``) every request that follows the same resident's
request of the same sub-category within 14 days (a clerk marks the obvious ones); then the rollup is counted again.
Those plain SQL writes are timed and skipped on the next run (a resident with a phone number is the sign).

Then, at the benchmark database's "now" (2026-11-20 10:00 in Beijing), median and p95 in ms of:

- the panel, for ``--samples`` random residents, random callers' numbers (no resident chosen), and both together
  (``RepeatService.history``: what the intake form asks once the resident is chosen or the number typed);
- the director's 本月多次来电 (``RepeatService.frequent``: this month and last), ``--runs`` runs;
- the request list filtered to 重复诉求: its first page and its count;
- this month's dashboard summary, whose figures now include the repeats (from the rollup).

The load average is printed at the start and the end: the machine is shared, figures under load are noisy. Nothing is
asserted: these are figures to read and report.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text  # noqa: E402

from app.models import Case, Resident  # noqa: E402
from app.services.cases import rates, rollup  # noqa: E402
from app.services.cases.listing import CaseQuery  # noqa: E402
from app.services.core.clock import FakeClock, local  # noqa: E402
from app.services.core.container import Services, open_services  # noqa: E402
from benchmarks.timing import load  # noqa: E402

PASSWORD = "bench2026"
NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # case_list_bench.NOW: 10:00 in Beijing
REPEAT_WITHIN_DAYS = 14


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = run()
    return (time.perf_counter() - start) * 1000, result


def report(label: str, times: list[float], note: str = "") -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"  {label:<52} {statistics.median(times):>9.1f} {p95:>9.1f}   {note}")


def prepare(services: Services) -> None:
    """Phone numbers and repeats, written once into this copy by plain SQL (then the rollup is counted again)."""
    with services.db.engine.connect() as conn:
        if conn.scalar(text("SELECT count(*) FROM resident WHERE phone != ''")):
            print("phone numbers and repeats were written by an earlier run")
            return
    print("writing phone numbers and repeats into this copy (plain SQL, once)")
    with services.db.engine.begin() as conn:
        ms, _ = timed(lambda: conn.execute(text(
            "UPDATE resident SET phone = '139' || printf('%08d', rowid), phone_last4 = printf('%04d', rowid % 10000)")))
        print(f"  residents' mobile numbers: {ms / 1000:.1f} s")
        ms, done = timed(lambda: conn.execute(text(
            'UPDATE "case" SET caller_phone = (SELECT phone FROM resident WHERE resident.id = "case".resident_id) '
            "WHERE channel = 'phone'")))
        print(f"  callers' numbers of {done.rowcount:,} phone requests: {ms / 1000:.1f} s")
        conn.execute(text("DROP TABLE IF EXISTS temp.bench_repeat"))
        ms, _ = timed(lambda: conn.execute(text(
            "CREATE TEMP TABLE bench_repeat (id CHAR(32) PRIMARY KEY, earlier CHAR(32)) WITHOUT ROWID")))
        ms, done = timed(lambda: conn.execute(text(
            "INSERT INTO temp.bench_repeat SELECT id, earlier FROM ("
            " SELECT id, created_at, LAG(id) OVER w AS earlier, LAG(created_at) OVER w AS earlier_at FROM \"case\""
            " WINDOW w AS (PARTITION BY resident_id, subcategory_id ORDER BY created_at))"
            f" WHERE earlier IS NOT NULL AND julianday(created_at) - julianday(earlier_at) <= {REPEAT_WITHIN_DAYS}")))
        ms2, done2 = timed(lambda: conn.execute(text(
            'UPDATE "case" SET repeat_of_id = (SELECT earlier FROM temp.bench_repeat r WHERE r.id = "case".id) '
            "WHERE id IN (SELECT id FROM temp.bench_repeat)")))
        print(f"  {done2.rowcount:,} requests marked as repeats: {(ms + ms2) / 1000:.1f} s")
        ms, rows = timed(lambda: rollup.rebuild(conn))
        print(f"  the rollup counted again ({rows:,} day rows): {ms / 1000:.1f} s")
    with services.db.engine.connect() as conn:
        conn.execute(text("ANALYZE"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="a COPY of a benchmark database's folder")
    parser.add_argument("--samples", type=int, default=200, help="residents and numbers asked about")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(load())
    ms, services = timed(lambda: open_services(args.data, clock=FakeClock(NOW)))
    print(f"opened in {ms / 1000:.1f} s")
    try:
        prepare(services)
        run(services, args)
    finally:
        services.close()
    print(load())


def run(services: Services, args: argparse.Namespace) -> None:
    rng = random.Random(20)
    admin = services.auth.login("admin", PASSWORD)
    with services.db.reading() as session:
        cases = session.scalar(text('SELECT count(*) FROM "case"'))
        people = [(r[0], r[1]) for r in session.execute(select(Resident.id, Resident.phone).order_by(Resident.id))]
        marked = session.scalar(select(func.count()).select_from(Case).where(Case.repeat_of_id.is_not(None)))
    residents = [p[0] for p in people]
    numbers = [p[1] for p in people if p[1]]
    print(f"\n{cases:,} requests, {len(residents):,} residents, {marked:,} marked as repeats\n")
    repeats = services.repeats
    print(f"  {'the panel (the caller’s requests, last 90 days)':<52} {'median ms':>9} {'p95 ms':>9}")
    for label, ask in (
            ("a resident chosen", lambda: (rng.choice(residents), "")),
            ("a caller's number typed (no resident)", lambda: (None, rng.choice(numbers))),
            ("a resident and their number", lambda: rng.choice(people))):
        times, found = [], []
        repeats.history(admin, *ask())  # the first question warms the connection
        for _ in range(args.samples):
            resident_id, number = ask()
            ms, history = timed(partial(repeats.history, admin, resident_id, number))
            times.append(ms)
            found.append(len(history.requests))
        report(label, times, f"{statistics.mean(found):.1f} requests shown on average, at most {max(found)}")

    print(f"\n  {'the director':<52} {'median ms':>9} {'p95 ms':>9}")
    times = []
    for _ in range(args.runs):
        ms, flagged = timed(lambda: repeats.frequent(admin))
        times.append(ms)
    this_month = local(NOW).date().replace(day=1)
    report("本月多次来电 (this month and last)", times,
           f"{sum(f.month == this_month for f in flagged):,} residents this month, "
           f"{sum(f.month != this_month for f in flagged):,} last month")
    query = CaseQuery(repeats=True)
    times = [timed(lambda: services.case_list.page(admin, query))[0] for _ in range(args.runs)]
    report("the request list, 重复诉求: first page", times)
    times, counted = [], None
    for _ in range(args.runs):
        ms, counted = timed(lambda: services.case_list.count(admin, query))
        times.append(ms)
    assert counted is not None
    report("the request list, 重复诉求: count", times, f"{counted.n:,}{'' if counted.exact else '+'}")
    since, until = rates.span(*rates.period("month", local(NOW).date()))
    times, summary = [], None
    for _ in range(args.runs):
        ms, summary = timed(lambda: services.rates.summary(admin, since, until))
        times.append(ms)
    assert summary is not None
    report("the dashboard, this month (rollup)", times,
           f"重复诉求 {summary.repeats:,} 件（占 {summary.totals.repeat_share or 0:.1%}）")


if __name__ == "__main__":
    main()
