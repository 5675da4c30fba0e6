"""The street's view (街道总览) on a street of 50 desks and 1,000,000 requests (issue 21: under 2 s).

    python benchmarks/street_view_bench.py [--db POSTGRESQL-URL] [--requests 1000000] [--desks 50]
                                           [--communities 20] [--runs 9]

Builds the street (once: ``street-init``'s schema, then bulk COPY) and times ``StreetViewService.view`` for 本月 and
本季度: median and 95th percentile of the runs, with the load average. With --db the street goes into that
PostgreSQL database (empty the first time; a database already holding the benchmark's street is reused). Without it
a throwaway cluster is started (as tests/pg does: initdb + pg_ctl, PostgreSQL from Debian's package) and removed
at the end.

The street: one desk's setup (the catalogue, departments, the administrator), 50 desks in ``street_desk`` spread
over the communities, each community with departments of its own; 1,000,000 requests over two years ending at NOW,
spread over the desks, with their timelines (登记, 派单, 办结, 回访: about three events a request), a follow-up answer
on the closed ones, some reopened (their answers counted from the events), some suspended, the open ones past a limit
and in the pool in the usual shares, and a department called on one request in five. The rows are written with COPY
with the triggers off (``session_replication_role = replica``: the street's change log and the foreign-key checks
are skipped, which a real street fills one sync at a time); the counts do not read the change log.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import URL, make_url  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from app.models import Category, Department, Staff  # noqa: E402
from app.models.base import new_id  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.container import open_services  # noqa: E402
from app.services.core.setup import InitialSetup  # noqa: E402
from app.services.sync.street import Street  # noqa: E402
from app.services.sync.street_view import StreetViewService  # noqa: E402
from benchmarks.intake_bench import timed  # noqa: E402
from benchmarks.timing import load  # noqa: E402

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
YEARS = 2
BATCH = 50_000
DEPARTMENTS = ("物业", "城管", "供水", "供电", "燃气", "派出所", "市场监管所")
# status, weight; the open ones are the latest mostly (see below)
STATUSES = (("closed", 62), ("resolved", 20), ("responded", 6), ("dispatched", 5), ("new", 3), ("suspended", 2),
            ("merged", 2))
ANSWERS = (("satisfied", 70), ("basically_satisfied", 18), ("dissatisfied", 7), ("unreachable", 5))


def naive(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None)


def build(url: URL, requests: int, desks: int, communities: int, rng: random.Random, years: float) -> None:
    started = time.perf_counter()
    Street(url).init()
    with _tmp() as folder:
        services = open_services(folder, db_url=url.render_as_string(hide_password=False), clock=FakeClock(NOW))
        try:
            services.setup.initialize(InitialSetup("基准社区一", "站前街道", "D001", "一号窗口", "0412-5581234",
                                                   "admin", "管理员", "bench2026"))
        finally:
            services.close()
    engine = create_engine(url, poolclass=NullPool)
    codes = [f"D{d:03d}" for d in range(1, desks + 1)]
    community = {c: f"第{(i % communities) + 1:02d}社区" for i, c in enumerate(codes)}
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO street_desk (desk_code, role_name, community_name) VALUES (:c, :r, :n)"),
                     [{"c": c, "r": f"bench_{c.lower()}", "n": n} for c, n in community.items()])
        admin = conn.scalar(select(Staff.id).where(Staff.username == "admin"))
        subs = [(r[0], r[1]) for r in conn.execute(select(Category.id, Category.parent_id)
                                                    .where(Category.parent_id.is_not(None)))]
        first_desk = {}
        for c in codes:
            first_desk.setdefault(community[c], c)
        depts: dict[str, list[uuid.UUID]] = {}
        rows = []
        for name, desk in first_desk.items():
            for d in DEPARTMENTS:
                rows.append({"id": new_id(), "desk_code": desk, "created_at": NOW, "name": f"{name}{d}",
                             "level": "street", "report_hours": 24, "active": True, "sort_order": 0})
                depts.setdefault(name, []).append(rows[-1]["id"])
        conn.execute(Department.__table__.insert(), rows)
    raw: Any = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET session_replication_role = replica")
        residents: dict[str, list[tuple[uuid.UUID, uuid.UUID]]] = {}
        with cur.copy("COPY household (id, desk_code, created_at, building, unit, room) FROM STDIN") as cp_h:
            for c in codes:
                for i in range(60):
                    h = new_id()
                    cp_h.write_row((h, c, naive(NOW), f"{c}-{i // 6 + 1}", str(i % 6 + 1), "101"))  # unique street-wide
                    residents.setdefault(c, []).append((new_id(), h))
        with cur.copy("COPY resident (id, desk_code, created_at, name, household_id, phone, phone_last4, id_number, "
                      "pinyin_full, pinyin_initials) FROM STDIN") as cp_r:
            for c in codes:
                for i, (r, h) in enumerate(residents[c]):
                    cp_r.write_row((r, c, naive(NOW), f"居民{c}{i}", h, "", "", "", "", ""))
        raw.commit()
        _requests(cur, raw, requests, codes, community, residents, depts, subs, admin, rng, years)
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    print(f"street built: {desks} desks in {communities} communities, {requests:,} requests in "
          f"{time.perf_counter() - started:.0f} s")


CASE_COLUMNS = ("id", "desk_code", "created_at", "case_no", "channel", "resident_id", "household_id", "caller_phone",
                "category_id", "subcategory_id", "description", "urgency", "scope", "priority", "deadline_at",
                "reply_due_at", "anonymous", "status", "households_count", "created_by_id", "level", "in_pool",
                "escalated", "responded_at", "resolved_at", "closed_at", "satisfaction", "cycle", "paused_seconds",
                "due_at")
EVENT_COLUMNS = ("id", "desk_code", "created_at", "case_id", "seq", "kind", "actor_id", "note", "data")
CALL_COLUMNS = ("id", "desk_code", "created_at", "case_id", "department_id", "called_at", "report_due_at",
                "reported_at", "overdue")


def _requests(cur: Any, raw: Any, requests: int, codes: list[str], community: dict[str, str],
              residents: dict[str, list[tuple[uuid.UUID, uuid.UUID]]], depts: dict[str, list[uuid.UUID]],
              subs: list[tuple[uuid.UUID, uuid.UUID]], admin: uuid.UUID, rng: random.Random, years: float) -> None:
    span = timedelta(days=365 * years).total_seconds()
    start = NOW - timedelta(days=365 * years)
    statuses, weights = zip(*STATUSES, strict=True)
    answers, answer_weights = zip(*ANSWERS, strict=True)
    numbers: dict[str, int] = {}
    done = 0
    while done < requests:
        n = min(BATCH, requests - done)
        cases, events, calls = [], [], []
        for i in range(done, done + n):
            at = start + timedelta(seconds=span * (i + rng.random() * 0.5) / requests)
            desk = codes[rng.randrange(len(codes))]
            numbers[desk] = numbers.get(desk, 0) + 1
            resident, household = residents[desk][rng.randrange(len(residents[desk]))]
            sub, cat = subs[rng.randrange(len(subs))]
            age = NOW - at
            status = rng.choices(statuses, weights)[0]
            if age > timedelta(days=60) and status in ("new", "dispatched", "responded") and rng.random() < 0.9:
                status = "closed"  # old requests are mostly done
            open_ = status in ("new", "dispatched", "responded", "suspended")
            done_ = status in ("resolved", "closed")
            responded = at + timedelta(hours=rng.uniform(0.2, 20)) if status not in ("new", "merged") else None
            resolved = (responded or at) + timedelta(hours=rng.uniform(1, 90)) if done_ else None
            answer = rng.choices(answers, answer_weights)[0] if status == "closed" else None
            cycle = 1 if done_ and rng.random() < 0.03 else 0
            in_pool = open_ and age > timedelta(days=5) and rng.random() < 0.6
            due = at + timedelta(days=rng.choice((1, 3, 5, 10))) if open_ and status != "suspended" else None
            case_id = new_id()
            cases.append((case_id, desk, naive(at), f"{desk}-{numbers[desk]:07d}", rng.choice(
                ("walk_in", "phone", "online")), resident, household, "", cat, sub, "楼道灯不亮，请尽快处理。",
                3, "household", 3, naive(at + timedelta(days=3)), naive(at + timedelta(hours=24)), False, status, 1,
                admin, "street" if in_pool else "community", in_pool, in_pool, responded and naive(responded),
                resolved and naive(resolved), naive(resolved + timedelta(days=2)) if resolved and status == "closed"
                else None, None if cycle else answer, cycle, 0, due and naive(due)))
            kinds = [("created", at, {})]
            if status not in ("new", "merged"):
                kinds.append(("dispatched", at + timedelta(minutes=10), {"assignee_id": str(admin)}))
            if done_ and resolved is not None:
                kinds.append(("resolved", resolved, {}))
                if answer is not None:
                    kinds.append(("followed_up", resolved + timedelta(days=1), {"satisfaction": answer}))
            for seq, (kind, when, data) in enumerate(kinds, 1):
                events.append((new_id(), desk, naive(when), case_id, seq, kind, admin, "", json.dumps(data)))
            if rng.random() < 0.2:
                called = at + timedelta(hours=1)
                reported = called + timedelta(hours=rng.uniform(1, 40)) if rng.random() < 0.85 else None
                late = reported is None and age > timedelta(days=2) or (
                    reported is not None and reported - called > timedelta(hours=24))
                calls.append((new_id(), desk, naive(called), case_id, rng.choice(depts[community[desk]]),
                              naive(called), naive(called + timedelta(hours=24)), reported and naive(reported),
                              late))
        for table, columns, rows in (("case", CASE_COLUMNS, cases), ("case_event", EVENT_COLUMNS, events),
                                     ("case_department", CALL_COLUMNS, calls)):
            with cur.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as cp:
                for row in rows:
                    cp.write_row(row)
        raw.commit()
        done += n
        print(f"  {done:,} requests", flush=True)


class _tmp:
    def __enter__(self) -> Path:
        import tempfile

        self.path = Path(tempfile.mkdtemp(prefix="street-bench-"))
        return self.path

    def __exit__(self, *_exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def built(url: URL, requests: int) -> bool:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            if not conn.scalar(text("SELECT to_regclass('street_desk') IS NOT NULL")):
                return False
            return int(conn.scalar(text('SELECT count(*) FROM "case"')) or 0) >= requests
    finally:
        engine.dispose()


def run(url: URL, runs: int) -> None:
    service = StreetViewService(url, FakeClock(NOW))
    try:
        for label, kind in (("本月 (month)", "month"), ("本季度 (quarter)", "quarter")):
            first, last = service.period(kind)
            view = service.view(first, last)  # warm the cache once, as a director's second look is
            median, p95 = timed([lambda f=first, la=last: service.view(f, la) for _ in range(runs)])
            totals = view.totals
            print(f"{label} {first}..{last}: {len(view.communities)} communities, "
                  f"{totals.figures.received:,} received, {totals.pool:,} in the pool, {totals.overdue:,} overdue, "
                  f"{len(view.ranking)} departments ranked: median {median:.0f} ms, p95 {p95:.0f} ms "
                  f"({runs} runs; {load()})")
    finally:
        service.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a PostgreSQL database for the street (built once, then reused)")
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--desks", type=int, default=50)
    parser.add_argument("--communities", type=int, default=20)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--years", type=float, default=YEARS, help="the span the requests are spread over, to NOW "
                        "(fewer requests over a shorter span keep a month's and a quarter's share of them)")
    args = parser.parse_args()
    cluster = None
    if args.db:
        url = make_url(args.db).set(drivername="postgresql+psycopg")
    else:
        from benchmarks.pg_cluster import start

        cluster, url = start("street_bench")
    try:
        if not built(url, args.requests):
            build(url, args.requests, args.desks, args.communities, random.Random(21), args.years)
        run(url, args.runs)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
