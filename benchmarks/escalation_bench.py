"""The escalation ladder at scale: one pass and the status bar's counts, against the naive way.

    python benchmarks/escalation_bench.py [--requests 1000000] [--open-share 0.03] [--keep DIR] [--rates-only]

Builds a community with N requests over the last year and their timelines (created, dispatched, responded,
resolved, followed up, closed: six events each for a closed one), written with executemany straight into SQLite
(bulk inserts bypass the audit trail; benchmarks only). A share of them is still open, logged in the last
days, their cached state (due times, next check) filled by the app's own fold. Then it times:

  catch-up pass   the first pass, after the desk was off: records every breach and warning due
  timer pass      the next pass one minute later (what the app's timer does all day)
  status bar      the overdue / about-to-be-overdue counts
  naive pass      the same decisions made by loading every open case and its events into Python
  naive count     the counts made by loading every open case's limits into Python
  rates           the dashboard's figures (app.services.cases.rates: totals and breakdowns, the weekly trend) over the
                  year and over the last month, beside loading those requests into Python and counting there

With --rates-only only the rates are timed, on a database whose closed requests have no events and whose requests
past the first 50,000 are copies of them (the rates read the cached columns; a million is built in minutes).

Nothing is asserted: these are figures to read and report.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from app.models import Case, CaseStatus, EventKind  # noqa: E402
from app.services.cases import rates, rollup  # noqa: E402
from app.services.cases.escalation import RuleBook, due_checks, due_counts  # noqa: E402
from app.services.cases.timeline import OPEN, Event, fold, load_events  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.container import Services, open_services  # noqa: E402
from app.services.core.setup import InitialSetup  # noqa: E402

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
CHUNK = 20_000
DATA: dict[EventKind, dict[str, str]] = {EventKind.FOLLOWED_UP: {"satisfaction": "satisfied"}}
CLOSED_STORY = (EventKind.CREATED, EventKind.DISPATCHED, EventKind.RESPONDED, EventKind.RESOLVED,
                EventKind.FOLLOWED_UP, EventKind.CLOSED)


def ts(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def build(folder: Path, requests: int, open_share: float, seed: int, closed_events: bool = True) -> tuple[int, int]:
    """The community through the app (schema, catalogue, accounts), then requests and events in bulk. Without
    ``closed_events`` a closed request gets its cached columns only (what the rates read), which builds faster."""
    services = open_services(folder, clock=FakeClock(NOW))
    try:
        services.setup.initialize(InitialSetup("基准社区", "", "A01", "一号窗口", "0412-5581234", "admin", "管理员",
                                               "bench2026"))
        admin = services.auth.act_as("admin")
        subs = [(c.id, c.parent_id, c.response_minutes, c.resolve_hours)
                for c in services.intake.options(admin).categories if c.parent_id]
        staff_id = admin.user_id
        DATA[EventKind.DISPATCHED] = {"assignee_id": str(staff_id)}
        with services.db.reading() as session:
            book = RuleBook.load(session)
    finally:
        services.close()
    rng = random.Random(seed)
    path = folder / "desk.sqlite3"
    events = 0
    opened = 0
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA journal_mode=WAL")
        household, resident = fast_id(rng, NOW), fast_id(rng, NOW)
        conn.execute("INSERT INTO household (id, desk_code, created_at, building, unit, room) "
                     "VALUES (?, 'A01', ?, '1', '1', '101')", (household, ts(NOW)))
        conn.execute("INSERT INTO resident (id, desk_code, created_at, name, phone, phone_last4, id_number, "
                     "household_id, pinyin_full, pinyin_initials) VALUES (?, 'A01', ?, '基准居民', '', '', '', ?, "
                     "'jizhunjumin', 'jzjm')", (resident, ts(NOW), household))
        case_cols = ("id, desk_code, created_at, case_no, channel, resident_id, household_id, caller_phone, "
                     "category_id, subcategory_id, description, urgency, scope, priority, deadline_at, reply_due_at, "
                     "anonymous, status, households_count, created_by_id, level, in_pool, escalated, responded_at, "
                     "resolved_at, closed_at, satisfaction, cycle, paused_seconds, due_at, warn_at, next_check_at, "
                     "assignee_id")
        case_sql = f'INSERT INTO "case" ({case_cols}) VALUES ({", ".join("?" * len(case_cols.split(",")))})'
        event_sql = ("INSERT INTO case_event (id, desk_code, created_at, case_id, seq, kind, actor_id, note, data) "
                     "VALUES (?, 'A01', ?, ?, ?, ?, ?, '', ?)")
        for start in range(0, requests, CHUNK):
            cases, rows = [], []
            for n in range(start, min(start + CHUNK, requests)):
                is_open = rng.random() < open_share
                created = NOW - (timedelta(minutes=rng.randint(1, 4 * 24 * 60)) if is_open
                                 else timedelta(days=rng.uniform(5, 365)))
                sub_id, parent_id, response_minutes, resolve_hours = rng.choice(subs)
                deadline = created + timedelta(hours=resolve_hours)
                story = CLOSED_STORY if not is_open else CLOSED_STORY[:rng.choice((1, 2, 3))]
                case_id, at, timeline = fast_id(rng, created), created, []
                for seq, kind in enumerate(story, start=1):
                    data = DATA.get(kind, {})
                    timeline.append(Event(seq, kind, at, data))
                    if is_open or closed_events:
                        rows.append((fast_id(rng, at), ts(at), case_id, seq, kind.value, staff_id.hex,
                                     json.dumps(data)))
                    at += timedelta(minutes=rng.randint(5, 600) if is_open else rng.randint(5, 2000))
                if is_open:  # the app's own fold fills an open case's cache; a closed one's is known
                    limits = book.limits_of(uuid.UUID(parent_id.hex), sub_id, 3, created, deadline)
                    state = fold(created, limits, timeline)
                    cache = (state.status.value, _t(state.responded_at), None, None, None, _t(state.due_at(limits)),
                             _t(state.warn_at(limits)), _t(state.next_check_at(limits)),
                             state.assignee_id.hex if state.assignee_id else None)
                    opened += 1
                else:
                    times = [e.at for e in timeline]
                    cache = (CaseStatus.CLOSED.value, ts(times[2]), ts(times[3]), ts(times[5]), "satisfied", None,
                             None, None, staff_id.hex)
                status, responded, resolved, closed_at, satisfaction, due, warn, check, assignee = cache
                day = created.strftime("%Y%m%d")
                cases.append((case_id, "A01", ts(created), f"A01-{day}-{n:07d}", "walk_in", resident, household, "",
                              parent_id.hex, sub_id.hex, "基准诉求：楼道灯不亮，请尽快维修。", 3, "household", 3,
                              ts(deadline), ts(created + timedelta(hours=24)), 0, status, 1, staff_id.hex,
                              "community", 0, 0, responded, resolved, closed_at, satisfaction, 0, 0, due, warn, check,
                              assignee))
            conn.executemany(case_sql, cases)
            conn.executemany(event_sql, rows)
            conn.commit()
            events += len(rows)
            print(f"\r  {min(start + CHUNK, requests):>9,} requests, {events:>10,} events", end="", flush=True)
        print()
        conn.execute("ANALYZE")
        conn.commit()
    return events, opened


RATES_BASE = 50_000  # --rates-only: requests built one by one; the rest are copies of them (see ``multiply``)


def multiply(folder: Path, requests: int) -> None:
    """Copies of the requests already built (new ids and numbers, the same times and cached state) until there are
    ``requests``: the rates read only the cached columns, so a million is there in seconds, not an hour."""
    with closing(sqlite3.connect(folder / "desk.sqlite3")) as conn:
        cols = [r[1] for r in conn.execute('PRAGMA table_info("case")')]
        base = conn.execute('SELECT count(*) FROM "case"').fetchone()[0]
        copied = [("lower(hex(randomblob(16)))" if c == "id" else "case_no || '-{k}'" if c == "case_no"
                   else f'"{c}"') for c in cols]
        total, k = base, 1
        while total < requests:
            n = min(base, requests - total)
            select_list = ", ".join(copied).format(k=k)
            conn.execute(f'INSERT INTO "case" ({", ".join(cols)}) SELECT {select_list} FROM "case" '
                         f"WHERE case_no NOT LIKE '%-%-%-%' ORDER BY rowid LIMIT {n}")
            conn.commit()
            total, k = total + n, k + 1
            print(f"\r  {total:>9,} requests", end="", flush=True)
        print()
        conn.execute("ANALYZE")
        conn.commit()


def fast_id(rng: random.Random, at: datetime) -> str:
    """A UUIDv7-shaped key (time first, so indexes fill as the app's do) without uuid6's cost per call."""
    return f"{int(at.timestamp() * 1000):012x}7{rng.getrandbits(76):019x}"


def _t(at: datetime | None) -> str | None:
    return ts(at) if at is not None else None


def timed(label: str, run: object) -> object:
    start = time.perf_counter()
    result = run()  # type: ignore[operator]
    print(f"  {label:<44} {(time.perf_counter() - start) * 1000:>10.1f} ms")
    return result


def naive_pass(services: object, now: datetime) -> int:
    """Every open case and its events into Python, folded, checked: what the indexed pass avoids."""
    db = services.db  # type: ignore[attr-defined]
    with db.reading() as session:
        book = RuleBook.load(session)
        cases = list(session.scalars(select(Case).where(Case.status.in_([*OPEN, CaseStatus.RESOLVED]))))
        timelines = load_events(session, [c.id for c in cases])
        due = 0
        for case in cases:
            limits = book.limits(case)
            due += len(due_checks(fold(case.created_at, limits, timelines[case.id]), limits, now))
        return due


def naive_count(services: object, now: datetime) -> tuple[int, int]:
    db = services.db  # type: ignore[attr-defined]
    with db.reading() as session:
        rows = session.execute(select(Case.due_at, Case.warn_at).where(Case.status.in_(OPEN))).all()
    overdue = sum(1 for due, _warn in rows if due is not None and due <= now)
    soon = sum(1 for due, warn in rows if warn is not None and warn <= now and due is not None and due > now)
    return overdue, soon


def naive_rates(services: object, since: datetime, until: datetime) -> tuple[int, int, int, int, float]:
    """The totals the naive way: every request of the period into Python, counted there."""
    db = services.db  # type: ignore[attr-defined]
    with db.reading() as session:
        cases = list(session.scalars(select(Case).where(Case.created_at >= since, Case.created_at < until,
                                                        Case.status != CaseStatus.MERGED)))
        responded = [c for c in cases if c.responded_at is not None]
        resolved = sum(1 for c in cases if c.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED))
        satisfied = sum(1 for c in cases if c.satisfaction in ("satisfied", "basically_satisfied"))
        seconds = sum((c.responded_at - c.created_at).total_seconds() for c in responded)  # type: ignore[operator]
        return len(cases), len(responded), resolved, satisfied, seconds / max(len(responded), 1)


def _counts(f: object) -> tuple[int, ...]:
    return (f.received, f.responded, f.resolved, f.follow_ups, f.satisfied)  # type: ignore[attr-defined]


def rates_figures(services: object, now: datetime) -> None:
    """The dashboard's queries over a year and a month of requests, beside the naive way."""
    db = services.db  # type: ignore[attr-defined]
    for label, days in (("year", 366), ("month", 30)):
        since = now - timedelta(days=days)
        with db.reading() as session:
            summary = timed(f"rates summary, last {label} (SQL aggregates)", lambda s=session, a=since:
                            rates.summary(s, a, now))
            timed(f"rates weekly trend, last {label}", lambda s=session, a=since: rates.trend(s, a, now))
            totals = timed(f"rates totals only, last {label} (notice board)", lambda s=session, a=since:
                           rates.totals(s, a, now))
        t = summary.totals  # type: ignore[attr-defined]
        print(f"    {t.received:,} received, response {t.response_rate:.1%}, resolution {t.resolution_rate:.1%}, "
              f"satisfaction {t.satisfaction_rate:.1%}, {len(summary.by_category)} categories; "  # type: ignore[attr-defined]
              f"the totals-only query agrees: {_counts(totals) == _counts(t)}")
        naive = timed(f"naive rates, last {label} (load, count in Python)", lambda a=since:
                      naive_rates(services, a, now))
        print(f"    naive: {naive[0]:,} received, {naive[1]:,} responded, {naive[2]:,} resolved")  # type: ignore[index]


def plans(path: Path, now: datetime) -> Iterator[str]:
    with closing(sqlite3.connect(path)) as conn:
        for sql in ('SELECT id FROM "case" WHERE next_check_at <= ? ORDER BY next_check_at, id LIMIT 2000',
                    'SELECT count(*) FROM "case" WHERE due_at <= ?'):
            yield " / ".join(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, (ts(now),)))


def ladder(services: Services) -> None:
    """The escalation pass and the status-bar counts, each beside the naive way."""
    for plan in plans(services.paths.database, NOW):
        print(f"  plan: {plan}")
    naive_due = timed("naive pass (load all open cases, fold, check)", lambda: naive_pass(services, NOW))
    report = timed("catch-up pass (first, after days off)", lambda: services.escalation.run(NOW))
    print(f"    recorded {len(report.items):,} events ({len(report.escalations):,} escalations, "  # type: ignore[attr-defined]
          f"{len(report.warnings):,} warnings); the naive pass found {naive_due:,} due")  # type: ignore[attr-defined]
    for minutes in (1, 2, 3):
        later = NOW + timedelta(minutes=minutes)
        tick = timed(f"timer pass {minutes} min later", lambda at=later: services.escalation.run(at))
        print(f"    recorded {len(tick.items)} events")  # type: ignore[attr-defined]
    with services.db.reading() as session:
        counts = timed("status bar count (index ranges)", lambda: due_counts(session, NOW))
    print(f"    {counts}")
    timed("naive count (load all open cases)", lambda: naive_count(services, NOW))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--open-share", type=float, default=0.03, help="share of requests still open")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database in this folder")
    parser.add_argument("--rates-only", action="store_true",
                        help="time only the rates (a database built for it has no events for closed requests, and "
                             f"copies of its first {RATES_BASE:,} requests make up the rest)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        fresh = not (folder / "desk.sqlite3").exists()
        if fresh:
            print(f"building {args.requests:,} requests ({args.open_share:.0%} open) in {folder} ...")
            start = time.perf_counter()
            built = min(args.requests, RATES_BASE) if args.rates_only else args.requests
            events, opened = build(folder, built, args.open_share, args.seed, not args.rates_only)
            if built < args.requests:
                multiply(folder, args.requests)
            print(f"  built in {time.perf_counter() - start:.0f} s: {events:,} events, {opened:,} open requests")
        services = open_services(folder, clock=FakeClock(NOW))
        try:
            if fresh:  # the bulk inserts bypassed the unit of work: the rates' rollup counted again
                with services.db.engine.begin() as conn:
                    rollup.rebuild(conn)
            if not args.rates_only:
                ladder(services)
            rates_figures(services, NOW)
        finally:
            services.close()


if __name__ == "__main__":
    main()
