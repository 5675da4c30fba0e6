"""Employment help at the size of a large street: 100,000 residents, 20,000 job seekers' files over three years (each
with a plan and a referral with its result; 60 % closed as re-employed, a business or without a job; a third with a
return visit), as in seed 000's 案例二 with more communities and more years.

    python benchmarks/employment_bench.py [--runs 15] [--data DIR]

Times, as medians of ``--runs`` runs in ms (the machine is shared: the load average is printed before and after):

- the dashboard's line (``year_counts``: helped, re-employed, businesses, jobs created this year);
- the 就业帮扶 page's list: the open files, all files (the newest 500), and a search by a part of a name;
- one file's whole history (``detail``), read when a row is chosen;
- the writes a clerk makes: a file opened (with the one-open-file check) and a referral recorded (with the stage).

Targets: the dashboard's line and a file's history under 50 ms, the list under 200 ms, a write under 100 ms.
Nothing is asserted: these are figures to read and report.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from app.domain.employment import InterviewResult, JobOutcome, JobStage  # noqa: E402
from app.domain.enums import Role  # noqa: E402
from app.models import Household, Resident  # noqa: E402
from app.models.base import new_id  # noqa: E402
from app.models.employment import JobOutcomeRow, JobPlan, JobReferral, JobSeeker, JobVisit  # noqa: E402
from app.services.core.auth import Actor  # noqa: E402
from app.services.core.clock import LOCAL_TZ, FakeClock  # noqa: E402
from app.services.core.container import Services, open_services  # noqa: E402
from app.services.core.setup import InitialSetup  # noqa: E402
from app.services.programmes.employment_data import ReferralInput, SeekerInput  # noqa: E402
from benchmarks.timing import load, median_ms  # noqa: E402

PASSWORD = "bench2026"
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
RESIDENTS, HOUSEHOLDS, FILES = 100_000, 40_000, 20_000
OUTCOMES = (JobOutcome.REEMPLOYED, JobOutcome.REEMPLOYED, JobOutcome.REEMPLOYED, JobOutcome.BUSINESS, JobOutcome.NONE)


def build(services: Services, rng: random.Random) -> tuple[Actor, Actor, list[object]]:
    started = time.perf_counter()
    services.setup.initialize(InitialSetup("基准社区", "站前街道", "A01", "一号窗口", "0412-5581234", "admin",
                                           "管理员", PASSWORD))
    services.remember_desk()
    admin = services.auth.login("admin", PASSWORD)
    clerk_info = services.auth.create_staff(admin, "clerk", "前台", Role.CLERK, PASSWORD)
    clerk = services.auth.login("clerk", PASSWORD)
    stamp = {"desk_code": "A01", "created_at": NOW}
    by = {"by_id": clerk_info.id}
    with services.db.transaction() as session:
        households = [{"id": new_id(), "building": str(1 + i // 100), "unit": str(1 + i // 20 % 5),
                       "room": str(101 + i % 20), "notes": "", **stamp} for i in range(HOUSEHOLDS)]
        session.execute(insert(Household), households)
        blank = dict.fromkeys(("phone", "phone_last4", "id_number", "pinyin_full", "pinyin_initials", "notes"), "")
        residents = [{"id": new_id(), "name": f"居民{i}", "household_id": households[i % HOUSEHOLDS]["id"],
                      "birth_date": date(1960 + i % 40, 1 + i % 12, 1 + i % 28), **blank, **stamp}
                     for i in range(RESIDENTS)]
        session.execute(insert(Resident), residents)
        seekers, plans, referrals, visits, outcomes = [], [], [], [], []
        for i, resident in enumerate(rng.sample(residents, FILES)):
            opened = TODAY - timedelta(days=rng.randint(0, 3 * 365))
            closed = rng.random() < 0.6 and opened < TODAY - timedelta(days=30)
            outcome = rng.choice(OUTCOMES) if closed else None
            closed_on = opened + timedelta(days=rng.randint(20, 200)) if closed else None
            closed_on = min(closed_on, TODAY) if closed_on else None
            jobs = rng.randint(0, 6) if outcome == JobOutcome.BUSINESS else 0
            stage = JobStage.CLOSED if closed else JobStage.FOLLOWING
            seeker = {"id": new_id(), "resident_id": resident["id"], "age": None, "skills": f"技能{i % 50}",
                      "certificates": "", "wishes": "保洁、保安", "family": "", "started_on": opened,
                      "created_by_id": clerk_info.id, "stage": stage.value,
                      "outcome": outcome.value if outcome else None, "closed_on": closed_on, "jobs_created": jobs,
                      **stamp}
            seekers.append(seeker)
            plans.append({"id": new_id(), "seeker_id": seeker["id"], "planned_on": opened, "jobs": True,
                          "training": False, "startup": False, "note": "", **by, **stamp})
            first = new_id()
            referrals.append({"id": first, "seeker_id": seeker["id"], "follows_id": None, "employer": "物业公司",
                              "position": "保洁员", "referred_on": opened, "result": InterviewResult.PENDING.value,
                              "result_on": None, "fit": "", "why": "", "next_step": "", **by, **stamp})
            referrals.append({"id": new_id(), "seeker_id": seeker["id"], "follows_id": first, "employer": "物业公司",
                              "position": "保洁员", "referred_on": opened, "result": InterviewResult.HIRED.value,
                              "result_on": opened, "fit": "适应良好", "why": "", "next_step": "", **by, **stamp})
            if i % 3 == 0:
                visits.append({"id": new_id(), "seeker_id": seeker["id"], "visited_on": opened, "agreement": True,
                               "wage_ok": True, "insurance_ok": True, "note": "", **by, **stamp})
            if outcome is not None:
                outcomes.append({"id": new_id(), "seeker_id": seeker["id"], "outcome": outcome.value,
                                 "decided_on": closed_on, "employer": "", "jobs_created": jobs,
                                 "reason": "暂不求职" if outcome == JobOutcome.NONE else "", **by, **stamp})
        for model, rows in ((JobSeeker, seekers), (JobPlan, plans), (JobReferral, referrals), (JobVisit, visits),
                            (JobOutcomeRow, outcomes)):
            session.execute(insert(model), rows)
    print(f"{RESIDENTS:,} residents, {FILES:,} files ({len(outcomes):,} closed), {len(referrals):,} referral rows "
          f"inserted in {time.perf_counter() - started:.1f} s")
    taken = {s["resident_id"] for s in seekers}
    free = [r["id"] for r in residents if r["id"] not in taken]
    return admin, clerk, free


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
            admin, clerk, free = build(services, random.Random(22))
            job = services.employment
            counts = job.year_counts(admin)
            print(f"this year: {counts.helped:,} helped, {counts.reemployed:,} re-employed, {counts.business:,} "
                  f"businesses, {counts.jobs_created:,} jobs created")
            newest = job.files(clerk, "all")[0]
            for label, call in (
                    ("dashboard line (year_counts)", lambda: job.year_counts(admin)),
                    ("list: open files", lambda: job.files(clerk, "open")),
                    ("list: all files (newest 500)", lambda: job.files(clerk, "all")),
                    ("list: search 居民12", lambda: job.files(clerk, "all", "居民12")),
                    ("one file's history (detail)", lambda: job.detail(clerk, newest.id))):
                ms, result = median_ms(call, args.runs)
                size = f"{len(result):,} rows" if isinstance(result, list) else ""
                print(f"  {label:<36} {ms:>8.1f} ms  {size}")
            people = iter(free)
            ms, seeker = median_ms(lambda: job.open_file(clerk, SeekerInput(next(people))), args.runs)  # type: ignore[arg-type]
            print(f"  {'write: open a file':<36} {ms:>8.1f} ms")
            ms, _ = median_ms(lambda: job.refer(clerk, seeker, ReferralInput("物业公司", "保安")), args.runs)
            print(f"  {'write: a referral':<36} {ms:>8.1f} ms")
        finally:
            services.close()
    print(load())


if __name__ == "__main__":
    main()
