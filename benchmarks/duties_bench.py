"""What is due at start-up, at the size of a large street's register: 100,000 residents in 40,000 households, the
visit tags' promises on about 15 % of the households (their visit duties made by ``sync_visit_duties``), and a few
thousand building duties (lifts, fire and gas checks) spread over the year.

    python benchmarks/duties_bench.py [--runs 15] [--data DIR]

Times, as medians of ``--runs`` runs in ms (the machine is shared: the load average is printed before and after):

- the home page's panel (本周到期 N 项，已逾期 M 项 and those inside their reminder): ``DutyService.counts`` as the
  desk (everyone's) and as a grid worker (their own), beside the naive way (load every active duty, filter in
  Python);
- the due list of the 事项与走访 page for the week, everyone's and one grid worker's;
- a grid worker's weekly sheet's rows, and which promised visits were missed by grid for a month;
- the visit duties made from the tags once (``sync_visit_duties`` over every household) and again (nothing to do).

The target is the home page's counts under 50 ms. Nothing is asserted: these are figures to read and report.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, text  # noqa: E402

from app.domain.enums import DutyCycle, DutyKind, Role  # noqa: E402
from app.models import Building, Duty, Grid, Household, HouseholdTagRow, Resident  # noqa: E402
from app.models.base import new_id  # noqa: E402
from app.services.care.visits import sync_visit_duties  # noqa: E402
from app.services.core.auth import Actor, Permission, require  # noqa: E402
from app.services.core.clock import LOCAL_TZ, FakeClock  # noqa: E402
from app.services.core.container import Services, open_services  # noqa: E402
from app.services.core.setup import InitialSetup  # noqa: E402
from benchmarks.timing import load, median_ms  # noqa: E402

PASSWORD = "bench2026"
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
GRIDS, BUILDINGS, UNITS, FLOORS, ROOMS = 40, 400, 5, 10, 2  # 400 x 100 = 40,000 households
RESIDENTS = 100_000
TAGGED = 0.15
VISIT_TAGS = ("empty_nest", "alone", "disabled", "rented")


def build(services: Services, rng: random.Random) -> tuple[Actor, Actor]:
    started = time.perf_counter()
    services.setup.initialize(InitialSetup("基准社区", "站前街道", "A01", "一号窗口", "0412-5581234", "admin",
                                           "管理员", PASSWORD))
    services.remember_desk()
    admin = services.auth.login("admin", PASSWORD)
    worker_info = services.auth.create_staff(admin, "grid", "网格员", Role.GRID_WORKER, PASSWORD)
    clerk_info = services.auth.create_staff(admin, "clerk", "前台", Role.CLERK, PASSWORD)
    worker = services.auth.login("grid", PASSWORD)
    clerk = services.auth.login("clerk", PASSWORD)
    workers = [worker_info.id] + [services.auth.create_staff(
        admin, f"grid{g}", f"网格员{g}", Role.GRID_WORKER, PASSWORD).id for g in range(1, 8)]
    stamp = {"desk_code": "A01", "created_at": NOW}
    with services.db.transaction() as session:
        grids = [{"id": new_id(), "code": f"G{g:02d}", "name": f"第{g}网格", "worker_id": workers[g % len(workers)],
                  **stamp} for g in range(GRIDS)]
        session.execute(insert(Grid), grids)
        buildings = [{"id": new_id(), "number": str(b), "grid_id": grids[b % GRIDS]["id"], "units": UNITS,
                      "floors": FLOORS, "rooms_per_floor": ROOMS, "note": "", "active": True, **stamp}
                     for b in range(1, BUILDINGS + 1)]
        session.execute(insert(Building), buildings)
        households = [{"id": new_id(), "building": str(b), "unit": str(u), "room": f"{f}0{r}",
                       "grid_id": grids[b % GRIDS]["id"], "notes": "", **stamp}
                      for b in range(1, BUILDINGS + 1) for u in range(1, UNITS + 1) for f in range(1, FLOORS + 1)
                      for r in range(1, ROOMS + 1)]
        session.execute(insert(Household), households)
        blank = dict.fromkeys(("phone", "phone_last4", "id_number", "pinyin_full", "pinyin_initials", "notes"), "")
        session.execute(insert(Resident), [
            {"id": new_id(), "name": f"居民{i}", "household_id": households[i % len(households)]["id"], **blank,
             **stamp} for i in range(RESIDENTS)])
        tagged = rng.sample(households, int(len(households) * TAGGED))
        session.execute(insert(HouseholdTagRow), [
            {"id": new_id(), "household_id": h["id"], "tag": rng.choice(VISIT_TAGS), **stamp} for h in tagged])
        duties = []
        for b in buildings:
            for title, kind, cycle, every, remind in (("电梯年检", DutyKind.INSPECTION, DutyCycle.YEARLY, 1, 30),
                                                      ("消防器材检查", DutyKind.FIRE, DutyCycle.MONTHLY, 1, 3),
                                                      ("燃气安全检查", DutyKind.GAS, DutyCycle.MONTHLY, 3, 7),
                                                      ("二次供水检查", DutyKind.OTHER, DutyCycle.MONTHLY, 6, 14),
                                                      ("楼顶防水检查", DutyKind.OTHER, DutyCycle.YEARLY, 1, 30)):
                due = TODAY + timedelta(days=rng.randint(-10, 365 if cycle is DutyCycle.YEARLY else 30 * every))
                duties.append({"id": new_id(), "title": f"{b['number']}号楼{title}", "kind": kind.value,
                               "building_id": b["id"], "cycle": cycle.value, "every": every, "next_due": due,
                               "anchor_on": due, "remind_days": remind, "responsible_id": clerk_info.id,
                               "note": "", "active": True, **stamp})
        session.execute(insert(Duty), duties)
    print(f"{len(households):,} households, {RESIDENTS:,} residents, {len(tagged):,} tagged, {len(duties):,} "
          f"building duties inserted in {time.perf_counter() - started:.1f} s")
    with services.db.transaction() as session:
        require(session, admin, Permission.MANAGE_SETTINGS)
        start = time.perf_counter()
        made = sync_visit_duties(session)
        print(f"sync_visit_duties over every household: {made.added:,} visit duties made in "
              f"{(time.perf_counter() - start) * 1000:.0f} ms")
    with services.db.transaction() as session:  # some visits were left behind: a few hundred overdue
        session.execute(text("UPDATE duty SET next_due = :day WHERE from_tag IS NOT NULL AND rowid % 20 = 0"),
                        {"day": TODAY - timedelta(days=3)})
    return clerk, worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data", type=Path, default=None, help="a folder to keep the database in (default: temp)")
    args = parser.parse_args()
    print(load())
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp)
        services = open_services(folder, clock=FakeClock(NOW))
        try:
            clerk, worker = build(services, random.Random(19))
            run(services, clerk, worker, args.runs)
        finally:
            services.close()
    print(load())


def naive_counts(services: Services, actor: Actor) -> tuple[int, int]:
    """The way without the index: every active duty loaded, the week's picked out in Python."""
    with services.db.reading() as session:
        require(session, actor, Permission.DUTIES)
        duties = list(session.scalars(select(Duty).where(Duty.active.is_(True))))
        overdue = sum(d.next_due < TODAY for d in duties)
        due = sum(TODAY <= d.next_due <= TODAY + timedelta(days=7) for d in duties)  # as the counts: day 7 in
        return overdue, due


def run(services: Services, clerk: Actor, worker: Actor, runs: int) -> None:
    with services.db.reading() as session:
        total = session.scalar(select(func.count()).select_from(Duty).where(Duty.active.is_(True)))
        plan = session.execute(text("EXPLAIN QUERY PLAN SELECT count(*) FROM duty WHERE active = 1 AND "
                                    "next_due <= '2026-11-27'")).all()
    print(f"{total:,} active duties; the counts' plan: {' / '.join(str(p[-1]) for p in plan)}")
    duties, visits = services.duties, services.visits
    services.duties.counts(clerk)  # the first read pays for the connection and the statement cache

    def report(label: str, call: Callable[[], Any], shown: Callable[[Any], str] = str) -> None:
        ms, result = median_ms(call, runs)
        print(f"  {label:<58} {ms:8.1f} ms   {shown(result)}")

    print(f"medians of {runs} runs:")
    report("home page counts, the desk (everyone's)", lambda: duties.counts(clerk))
    report("home page counts, a grid worker (their own)", lambda: duties.counts(worker, 7, worker.user_id))
    report("naive: every active duty loaded, filtered in Python", lambda: naive_counts(services, clerk))
    report("due list for the week, everyone's", lambda: duties.due(clerk), lambda r: f"{len(r):,} rows")
    report("due list for the week, one grid worker's", lambda: duties.due(worker, 7, worker.user_id),
           lambda r: f"{len(r):,} rows")
    report("weekly sheet rows of one grid worker", lambda: duties.weekly_sheet(clerk, worker.user_id, TODAY),
           lambda s: f"{len(s.rows):,} rows")
    admin = services.auth.login("admin", PASSWORD)
    report("promised visits missed by grid, one month", lambda: visits.missed_by_grid(
        admin, TODAY.replace(day=1), TODAY), lambda r: f"{len(r)} grids")
    report("sync_visit_duties again (nothing to change)", lambda: visits.sync_all(admin),
           lambda r: f"added {r.added}, changed {r.changed}, ended {r.ended}")
    with services.db.reading() as session:  # what every change of one household's tags or people runs with it
        one = session.scalar(select(Duty.household_id).where(Duty.household_id.is_not(None)).limit(1))

    def one_household() -> object:
        with services.db.transaction() as session:
            return sync_visit_duties(session, one)

    report("sync_visit_duties for one household (a tag edited)", one_household,
           lambda r: f"added {r.added}, changed {r.changed}, ended {r.ended}")


if __name__ == "__main__":
    main()
