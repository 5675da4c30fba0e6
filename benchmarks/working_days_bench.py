"""Working days at scale: what the one deadline function costs, and what entering the coming year's holidays costs a
desk with a million requests.

    python benchmarks/working_days_bench.py --data DIR [--runs 5]

DIR is a WRITABLE copy of a benchmark database (``benchmarks/case_list_bench.py 1000000 --data DIR``, then copied:
this script changes it). The busiest sub-category is set to count its resolution in 5 working days; then, medians of
``--runs`` runs in ms (the deadline function in microseconds):

- the deadline function: 24 hours, 5 and 20 working days from a day before 国庆;
- the rules, the categories and the calendar read for one transaction (``RuleBook.load``);
- a request logged in that sub-category (its deadline counted on the calendar, its fold and cache written);
- the 2027 元旦 holiday entered and removed again: the open requests whose limits may run past 1 January folded again
  (how many is printed);
- a pass of the escalation ladder.

The load average is printed at the start and the end: the machine is shared, figures under load are noisy. Nothing is
asserted: these are figures to read and report.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from app.models import Case, Channel, Resident, Scope  # noqa: E402
from app.services.cases.categories import CategoryInput  # noqa: E402
from app.services.cases.escalation import RuleBook  # noqa: E402
from app.services.cases.intake import IntakeForm  # noqa: E402
from app.services.cases.timeline import OPEN  # noqa: E402
from app.services.cases.working_days import Span, WorkCalendar  # noqa: E402
from app.services.core.clock import LOCAL_TZ, FakeClock  # noqa: E402
from app.services.core.container import open_services  # noqa: E402
from benchmarks.timing import load, median_ms  # noqa: E402

PASSWORD = "bench2026"  # the benchmark database's accounts (case_list_bench)
NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 10:00 in Beijing, a December day: the 2027 notice is wanted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a writable copy of a benchmark database")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(load())
    calendar, start = WorkCalendar(), datetime(2026, 9, 30, 10, tzinfo=LOCAL_TZ)
    for name, span in (("24 hours", Span.hours(24)), ("5 working days", Span.days(5)),
                       ("20 working days", Span.days(20))):
        n = 20_000
        began = time.perf_counter()
        for _ in range(n):
            calendar.deadline(start, span)
        print(f"deadline function, {name}: {(time.perf_counter() - began) / n * 1e6:.2f} µs")

    services = open_services(args.data, clock=FakeClock(NOW))
    try:
        admin = services.auth.login("admin", PASSWORD)
        with services.db.reading() as session:
            busiest, cases = session.execute(
                select(Case.subcategory_id, func.count()).where(Case.subcategory_id.is_not(None))
                .group_by(Case.subcategory_id).order_by(func.count().desc()).limit(1)).one()
            open_cases = session.scalar(select(func.count()).select_from(Case).where(Case.status.in_(OPEN)))
            resident_id = session.scalar(select(Resident.id).limit(1))
        tree = services.community.categories.tree(admin)
        sub = next(c for c in tree if c.id == busiest)
        services.community.categories.update(admin, sub.id, CategoryInput(sub.name, sub.parent_id,
                                                                          sub.response_minutes, sub.resolve_hours, 5))
        print(f"{sub.name}: {cases} requests, counting 5 working days; {open_cases} requests open in all")

        def book() -> RuleBook:
            with services.db.reading() as session:
                return RuleBook.load(session)

        ms, _ = median_ms(book, args.runs * 4)
        print(f"rules, categories and calendar read (RuleBook.load): {ms:.1f} ms")
        form = IntakeForm(channel=Channel.WALK_IN.value, resident_id=resident_id, category_id=sub.parent_id,
                          subcategory_id=sub.id, description="楼道灯坏了一个多星期，老人晚上下楼看不清，希望尽快维修。",
                          urgency=3, scope=Scope.HOUSEHOLD.value)
        ms, saved = median_ms(lambda: services.intake.submit(admin, form), args.runs)
        due = saved.receipt.deadline_at.astimezone(LOCAL_TZ)
        print(f"a request logged in {sub.name}: {ms:.1f} ms (its deadline {due:%m-%d %H:%M})")
        with services.db.reading() as session:
            since = datetime(2027, 1, 1, tzinfo=LOCAL_TZ)
            moving = session.scalar(select(func.count()).select_from(Case).where(
                Case.status.in_(OPEN), Case.subcategory_id == sub.id,
                (Case.due_at >= since) | (Case.deadline_at >= since)))
        add, remove = [], []
        for _ in range(args.runs):
            began = time.perf_counter()
            services.holidays.add(admin, date(2027, 1, 1), date(2027, 1, 3), False, "元旦")
            add.append((time.perf_counter() - began) * 1000)
            ids = [d.id for d in services.holidays.overview(admin).days]
            began = time.perf_counter()
            services.holidays.remove(admin, ids)
            remove.append((time.perf_counter() - began) * 1000)
        print(f"2027 元旦 entered: {statistics.median(add):.1f} ms, removed: {statistics.median(remove):.1f} ms "
              f"({moving} open requests of {sub.name} may run past 1 January and are folded again)")
        ms, report = median_ms(lambda: services.escalation.run(NOW + timedelta(minutes=1)), 1)
        print(f"a pass of the escalation ladder: {ms:.0f} ms ({len(report.items)} events)")
    finally:
        services.close()
    print(load())


if __name__ == "__main__":
    main()
