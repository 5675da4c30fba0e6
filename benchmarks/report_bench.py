"""The street's report (工作简报) at any size: a month's and a week's report, its data, its PDF and its .docx.

    python benchmarks/report_bench.py --data DIR [--runs 3] [--today 2026-11-20]

DIR is a benchmark database (``benchmarks/case_list_bench.py 1000000 --data DIR``; the password of admin is bench2026;
its "now" is 2026-11-20 10:00 Beijing time). It is opened as the desk opens it (the login is written, so give a copy,
never the lead's folder). For the month and the week containing ``--today``, the first run and the median of
``--runs`` runs, in ms:

- each part of the data (the same queries as the report's, each in a read transaction of its own): the figures
  (``rates.summary`` from the daily rollup, the previous period's totals), the requests by channel (counted from the
  requests), the difficult pool and the overdue list (counts and the first 30), the hot spots
  (``hotspots.find_hot_spots``);
- the whole content (``StreetReportService.report``: the parts above in one read transaction);
- the PDF laid out from it (``street_report.render_street_report``) and the .docx (``write_street_report``);
- the whole of what the desk runs: ``StreetReportService.write`` to a .pdf, and to a .docx (the data read each time).

The target (issue 20): the monthly report, data + PDF + docx, under 5 s at 1,000,000 requests. The load average is
printed at the start and the end: the machine is shared, figures under load are noisy. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models import Case  # noqa: E402
from app.services.cases import briefing, rates, rollup  # noqa: E402
from app.services.cases.hotspots import find_hot_spots  # noqa: E402
from app.services.cases.timeline import OPEN  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.container import Services, open_services  # noqa: E402
from app.services.documents.street_report import render_street_report  # noqa: E402
from app.services.documents.street_report_docx import write_street_report  # noqa: E402
from benchmarks.timing import load  # noqa: E402

PASSWORD = "bench2026"
TODAY = date(2026, 11, 20)  # the benchmark database's "now" (case_list_bench.NOW, 10:00 Beijing time)


def timed(run: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """The first run's time, the median of ``runs`` more (ms), the last result."""
    start = time.perf_counter()
    result = run()
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(times), result


def row(label: str, first: float, median: float, note: str = "") -> None:
    print(f"  {label:<44} first {first:>9,.1f} ms   median {median:>9,.1f} ms  {note}")


def parts(services: Services, period: briefing.Period, now: datetime, runs: int) -> None:
    since, until = period.span()

    def read(work: Callable[[Any], Any]) -> Callable[[], Any]:
        def run() -> Any:
            with services.db.reading() as session:
                return work(session)
        return run

    first, median, summary = timed(read(lambda s: rates.summary(s, since, until, part=rollup.EVERYTHING)), runs)
    row("figures (rollup): summary", first, median, f"{summary.totals.received:,} requests received")
    first, median, before = timed(read(lambda s: rates.totals(s, *period.previous().span(), part=rollup.EVERYTHING)),
                                  runs)
    row("figures (rollup): the period before", first, median, f"{before.received:,} requests")
    first, median, channels = timed(read(lambda s: briefing._channels(s, since, until)), runs)
    row("by channel (from the requests)", first, median, ", ".join(f"{c.name} {c.count:,}" for c in channels))
    names = read(briefing._Names)()
    first, median, pool = timed(read(lambda s: briefing._listed(
        s, names, [Case.in_pool.is_(True), Case.status.in_(OPEN)], [Case.created_at, Case.id])), runs)
    row("difficult pool (count, the first 30)", first, median, f"{pool.total:,} in the pool")
    first, median, overdue = timed(read(lambda s: briefing._listed(
        s, names, [Case.due_at <= now], [Case.due_at, Case.id])), runs)
    row("overdue (count, the first 30)", first, median, f"{overdue.total:,} overdue")
    first, median, spots = timed(read(lambda s: find_hot_spots(s, since, until)), runs)
    row("hot spots", first, median, f"{len(spots):,} hot spots")


def whole(services: Services, actor: Any, kind: str, today: date, runs: int, folder: Path) -> None:
    service = services.street_report
    first, median, report = timed(lambda: service.report(actor, kind, today), runs)
    row("the content (report: every part above)", first, median,
        f"{report.totals.received:,} requests, {len(report.departments)} departments")
    pdf = folder / "report.pdf"
    first, median, pages = timed(lambda: render_street_report(report, pdf), runs)
    row("its PDF", first, median, f"{pages} pages, {pdf.stat().st_size / 1024:,.0f} KB")
    docx = folder / "report.docx"
    first, median, _ = timed(lambda: write_street_report(report, docx), runs)
    row("its .docx", first, median, f"{docx.stat().st_size / 1024:,.0f} KB")
    total = []
    for suffix in (".pdf", ".docx"):
        out = folder / f"written{suffix}"
        first, median, _ = timed(lambda o=out: service.write(actor, kind, today, o), runs)
        row(f"write to {suffix} (data + file)", first, median)
        total.append(median)
    print(f"  data + PDF + docx, as the desk makes both files: {sum(total):,.0f} ms (medians)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a copy of the benchmark's data folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    args = parser.parse_args()
    print(load())
    now = datetime.combine(args.today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=2)  # 10:00 in Beijing
    start = time.perf_counter()
    services = open_services(args.data, clock=FakeClock(now))
    print(f"opened in {time.perf_counter() - start:,.1f} s")
    try:
        actor = services.auth.login("admin", PASSWORD)
        with tempfile.TemporaryDirectory() as tmp:
            for kind in ("month", "week"):
                period = briefing.period_of(kind, args.today)
                print(f"\nThe {kind}: {period.name} ({period.first} to {period.last})")
                parts(services, period, now, args.runs)
                whole(services, actor, kind, args.today, args.runs, Path(tmp))
    finally:
        services.close()
    print(load())


if __name__ == "__main__":
    main()
