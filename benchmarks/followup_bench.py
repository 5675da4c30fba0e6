"""The 回访 list at any size: reading it, recording an answer or an unanswered call, what 无法联系 adds to the rates.

    python benchmarks/followup_bench.py --data DIR [--runs 5]

DIR is a copy of a benchmark database (``benchmarks/case_list_bench.py 1000000 --data DIR``; the password of admin is
bench2026): this script writes to it (a few follow-up events, rolled forward on a fake clock), so never point it at
a database someone else reads. Medians of ``--runs`` runs, in ms:

- the list (``FollowUpService.queue``): how many requests wait, the oldest 200 with their residents, their
  resolutions and unanswered calls, the public summary scrubbed of every registered resident's name, the script;
  and its parts (the count, the page of requests, the name book the scrubbing reads);
- the steps: an unanswered call (``call_tried``), an answer (``follow_up``), 无法联系 refused (too early) and
  recorded (after calls on three days), each a whole transaction with the rates' rollup kept;
- the rates' counters with and without the 无法联系 column, counted directly over the year (the dashboard reads the
  rollup; the direct count is what a filter the rollup does not keep pays).

The load average is printed at the start and the end: the machine is shared, figures under load are noisy. Nothing is
asserted: these are figures to read and report.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text  # noqa: E402

from app.models import Case, CaseStatus, Channel, Resident, Scope  # noqa: E402
from app.services.cases import rates  # noqa: E402
from app.services.cases.counting import counters  # noqa: E402
from app.services.cases.followup import waiting_condition  # noqa: E402
from app.services.cases.intake import IntakeForm  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.container import open_services  # noqa: E402
from app.services.core.errors import ValidationError  # noqa: E402
from app.services.documents.disclosure import name_book  # noqa: E402
from benchmarks.timing import load, median_ms  # noqa: E402

PASSWORD = "bench2026"
NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # case_list_bench.NOW: 10:00 in Beijing


def once_ms(run: Callable[[], Any]) -> tuple[float, Any]:
    return median_ms(run, 1)


def row(label: str, ms: float, note: str = "") -> None:
    print(f"  {label:<58} {ms:>10,.1f} ms  {note}")


def prepare(services: Any) -> None:
    """``case_list_bench.py`` inserts its requests in bulk and leaves the cache of a resolved one without its
    resolution time (the fold would have written it): fill it from the timeline here, in this copy, so the list is
    ordered as on a real desk. The rollup does not read it for what is timed here."""
    with services.db.engine.begin() as conn:
        ms, done = once_ms(lambda: conn.execute(text(
            'UPDATE "case" SET resolved_at = (SELECT max(e.created_at) FROM case_event e WHERE e.case_id = "case".id '
            "AND e.kind = 'resolved') WHERE status = 'resolved' AND resolved_at IS NULL")).rowcount)
    if done:
        print(f"filled the resolution time of {done:,} resolved requests from their timelines in {ms:,.0f} ms")


def resolved_request(services: Any, admin: Any) -> Any:
    """A request of the first resident, taken through the real services to 已办结 (the benchmark's own timelines are
    bulk-inserted without the data a fold reads)."""
    options = services.intake.options(admin)
    sub = next(c for c in options.categories if c.parent_id is not None)
    with services.db.reading() as session:
        resident = session.scalar(select(Resident.id).order_by(Resident.id).limit(1))
    case_id = services.intake.submit(admin, IntakeForm(
        channel=Channel.WALK_IN.value, resident_id=resident, category_id=sub.parent_id, subcategory_id=sub.id,
        description="楼道灯坏了，晚上看不清。", urgency=3, scope=Scope.HOUSEHOLD.value)).case_id
    services.workflow.dispatch(admin, case_id, admin.user_id)
    services.workflow.resolve(admin, case_id, "已更换灯泡")
    return case_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a copy of a benchmark database's data folder")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(load())
    clock = FakeClock(NOW)
    ms, services = once_ms(lambda: open_services(args.data, clock=clock))
    print(f"opened in {ms:,.0f} ms (a database before the newest revision is migrated first)")
    try:
        admin = services.auth.login("admin", PASSWORD)
        prepare(services)
        with services.db.reading() as session:
            total = session.scalar(select(func.count()).select_from(Case)) or 0
        print(f"{total:,} requests")

        print("\nThe list (the oldest 200 of those waiting)")
        ms, queue = median_ms(lambda: services.followups.queue(admin), args.runs)
        row("FollowUpService.queue", ms, f"{queue.waiting:,} waiting, {len(queue.items)} listed")
        with services.db.reading() as session:
            ms, _ = median_ms(lambda: session.execute(
                select(Case.id, func.count().over()).where(*waiting_condition())
                .order_by(Case.resolved_at, Case.case_no).limit(200)).all(), args.runs)
            row("  of which: the oldest 200 and how many wait, one pass", ms)
            ms, n = median_ms(lambda: session.scalar(select(func.count()).select_from(Case)
                                                     .where(*waiting_condition())), args.runs)
            row("  (a count alone, for comparison)", ms, f"{n:,}")
            ms, _book = median_ms(lambda: name_book(session), args.runs)
            row("  of which: the name book the scrubbing reads", ms)

        print("\nThe steps on three requests logged, dispatched and resolved now (each one transaction, rollup kept)")
        flow = services.workflow
        later = NOW + timedelta(days=40)  # a day the bulk insert left no case numbers on (it keeps no counter)
        clock.set(later)
        ids = [resolved_request(services, admin) for _ in range(3)]
        ms, _ = once_ms(lambda: flow.call_tried(admin, ids[0], "无人接听"))
        row("call_tried (未接通)", ms)
        ms, _ = once_ms(lambda: flow.call_tried(admin, ids[2], "无人接听"))
        row("call_tried (未接通), another", ms)
        ms, _ = once_ms(lambda: flow.follow_up(admin, ids[1], "satisfied", "居民满意"))
        row("follow_up 满意", ms)
        ms, _ = once_ms(lambda: flow.follow_up(admin, ids[2], "basically_satisfied"))
        row("follow_up 基本满意", ms)

        def refused() -> None:
            try:
                flow.follow_up(admin, ids[0], "unreachable")
            except ValidationError:
                return
            raise AssertionError("无法联系 was recorded after one day of calls")

        ms, _ = median_ms(refused, args.runs)
        row("follow_up 无法联系, refused (one day of calls so far)", ms)
        for day in (1, 2):
            clock.set(later + timedelta(days=day))
            flow.call_tried(admin, ids[0])
        ms, info = once_ms(lambda: flow.follow_up(admin, ids[0], "unreachable", "三天均无人接听"))
        row("follow_up 无法联系, recorded (three days of calls)", ms, str(info.satisfaction))
        ms, after = median_ms(lambda: services.followups.queue(admin), args.runs)
        row("FollowUpService.queue again", ms, f"{after.waiting:,} waiting")

        print("\nThe rates' counters counted directly over the year, without and with the 无法联系 column")
        since, until = rates.span((NOW - timedelta(days=364)).date(), NOW.date())
        where = [Case.created_at >= since, Case.created_at < until, Case.status != CaseStatus.MERGED]
        with services.db.reading() as session:
            columns = counters()
            fewer = max(args.runs // 2, 1)
            ms, old = median_ms(lambda: session.execute(select(*columns[:-1]).where(*where)).one(), fewer)
            row("without (as before issue 20)", ms, f"{old[0]:,} received")
            ms, new = median_ms(lambda: session.execute(select(*columns).where(*where)).one(), fewer)
            row("with the 无法联系 column", ms, f"{new[-1]:,} 无法联系")
    finally:
        services.close()
        print(load())


if __name__ == "__main__":
    main()
