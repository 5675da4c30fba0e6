"""Balance reads and the ledger check of `main.py verify` with a million postings.

    python benchmarks/ledger_bench.py [--postings 1000000] [--accounts 5000] [--db FILE]

Builds a temporary migrated database and bulk-loads balanced two-posting entries between personal
accounts and the issue account, each posting and entry with the audit-trail row the app would have
written (the chain's hashes are not computed: this times the ledger's checks, not the chain's). Then
times a cached balance read against summing the account's postings (the naive way), and
``ledger.check`` (entries balance, cached balances equal postings, no account below zero) against loading
every posting into Python, and ``ledger.check_trail`` (every posting and entry as the audit trail recorded
it), which reads the whole trail and is timed apart. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from app.models import AccountKind, LedgerAccount, LedgerPosting  # noqa: E402
from app.models.base import new_id  # noqa: E402
from app.services.core.clock import FakeClock  # noqa: E402
from app.services.core.container import open_database  # noqa: E402
from app.services.core.db import Database, sqlite_url  # noqa: E402
from app.services.ledger import posting as ledger  # noqa: E402

START = datetime(2025, 1, 1, tzinfo=UTC)


def ms(values: list[float]) -> str:
    values = sorted(values)
    return f"median {statistics.median(values) * 1000:7.2f} ms   p95 {values[int(len(values) * 0.95)] * 1000:7.2f} ms"


def build(path: Path, postings: int, accounts: int) -> tuple[Database, list]:
    db = open_database(sqlite_url(path), FakeClock(START), "B01")
    db.migrate()
    staff_id, rule_id = new_id(), new_id()
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA foreign_keys=OFF")   # the staff row is inserted below; a bulk load checks at the end
    stamp = START.replace(tzinfo=None).isoformat(sep=" ")
    conn.execute("INSERT INTO staff (id, desk_code, created_at, username, display_name, role, phone, password_hash, "
                 "active, failed_logins) VALUES (?, 'B01', ?, 'bench', '压测', 'timebank', '', 'x', 1, 0)",
                 (staff_id.hex, stamp))
    conn.execute("INSERT INTO rule_set (id, desk_code, created_at, scope, version, \"values\") "
                 "VALUES (?, 'B01', ?, 'timebank', 1, '{}')", (rule_id.hex, stamp))
    issue = new_id()
    people = [new_id() for _ in range(accounts)]
    rows = [(issue.hex, "B01", stamp, "minutes:issue", "minutes", "issue", None, "服务时间发放", 0)]
    rows += [(a.hex, "B01", stamp, f"minutes:personal:{a}", "minutes", "personal", None, f"志愿者{i}", 0)
             for i, a in enumerate(people)]
    conn.executemany("INSERT INTO ledger_account (id, desk_code, created_at, code, unit, kind, resident_id, name, "
                     "balance) VALUES (?,?,?,?,?,?,?,?,?)", rows)
    balances = dict.fromkeys(people, 0)
    seq = 0
    batch_e, batch_p, batch_a = [], [], []

    def audit(entity: str, row_id: object, details: dict) -> None:
        nonlocal seq
        seq += 1
        batch_a.append((new_id().hex, "B01", stamp, seq, staff_id.hex, "bench", "insert", entity, str(row_id),
                        json.dumps(details, ensure_ascii=False), "", ""))

    def flush() -> None:
        conn.executemany("INSERT INTO ledger_entry (id, desk_code, created_at, unit, kind, memo, reason, actor_id, "
                         "approved_by_id, rule_set_id, reverses_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch_e)
        conn.executemany("INSERT INTO ledger_posting (id, desk_code, created_at, entry_id, account_id, amount) "
                         "VALUES (?,?,?,?,?,?)", batch_p)
        conn.executemany("INSERT INTO audit_log (id, desk_code, created_at, seq, actor_id, actor_name, action, "
                         "entity, entity_id, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch_a)
        batch_e.clear()
        batch_p.clear()
        batch_a.clear()

    for n in range(postings // 2):
        at = (START + timedelta(minutes=n)).replace(tzinfo=None).isoformat(sep=" ")
        who = people[rng.randrange(accounts)]
        amount = rng.choice((30, 45, 60, 90, 120))
        entry = new_id()
        memo = "服务存入：助洁"
        batch_e.append((entry.hex, "B01", at, "minutes", "service_credit", memo, "", staff_id.hex, None, rule_id.hex,
                        None))
        audit("ledger_entry", entry, {"unit": "minutes", "kind": "service_credit", "memo": memo,
                                      "actor_id": str(staff_id), "approved_by_id": None, "rule_set_id": str(rule_id),
                                      "reverses_id": None})
        for account, value in ((issue, -amount), (who, amount)):
            posting = new_id()
            batch_p.append((posting.hex, "B01", at, entry.hex, account.hex, value))
            audit("ledger_posting", posting, {"entry_id": str(entry), "account_id": str(account), "amount": value})
        balances[who] += amount
        if len(batch_e) >= 20_000:
            flush()
    flush()
    conn.executemany("UPDATE ledger_account SET balance = ? WHERE id = ?",
                     [(b, a.hex) for a, b in balances.items()])
    conn.execute("UPDATE ledger_account SET balance = ? WHERE id = ?", (-sum(balances.values()), issue.hex))
    conn.execute("INSERT INTO audit_head (desk_code, seq, hash) VALUES ('B01', ?, '')", (seq,))
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return db, people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=5000)
    parser.add_argument("--db", type=Path, help="keep the database here and reuse it on the next run "
                                                "(the build takes minutes); a temporary one otherwise")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "ledger.sqlite3"
        if path.exists():
            db = open_database(sqlite_url(path), FakeClock(START), "B01")
            with db.reading() as session:
                people = list(session.scalars(select(LedgerAccount.id).where(
                    LedgerAccount.kind == AccountKind.PERSONAL)))
            print(f"reusing {path} ({path.stat().st_size / 1e6:.0f} MB, {len(people):,} accounts)")
        else:
            t0 = time.perf_counter()
            db, people = build(path, args.postings, args.accounts)
            print(f"built {args.postings:,} postings over {args.accounts:,} accounts in "
                  f"{time.perf_counter() - t0:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
        rng = random.Random(1)
        cached, summed = [], []
        with db.reading() as session:
            for _ in range(300):
                account = rng.choice(people)
                t = time.perf_counter()
                value = ledger.balance(session, account)
                cached.append(time.perf_counter() - t)
                t = time.perf_counter()
                naive = session.scalar(select(func.sum(LedgerPosting.amount))
                                       .where(LedgerPosting.account_id == account))
                summed.append(time.perf_counter() - t)
                assert value == naive
        print(f"balance read, cached:             {ms(cached)}")
        print(f"balance read, summing postings:   {ms(summed)}   (naive, indexed)")
        with db.reading() as session:
            t = time.perf_counter()
            problems = ledger.check(session)
            check_s = time.perf_counter() - t
            t = time.perf_counter()
            problems += ledger.check_trail(session)
            trail_s = time.perf_counter() - t
        print(f"ledger check (verify's ledger part): {check_s:6.2f} s   (entries balance, cached balances = postings)")
        print(f"ledger rows against the audit trail: {trail_s:6.2f} s   (verify's audit part, with the chain check)")
        print(f"problems found: {len(problems)}")
        for p in problems[:3]:
            print("   ", p.render())
        with db.reading() as session:
            t = time.perf_counter()
            totals: dict[object, int] = {}
            for account, amount in session.execute(select(LedgerPosting.account_id, LedgerPosting.amount)):
                totals[account] = totals.get(account, 0) + amount
            naive_s = time.perf_counter() - t
        print(f"naive: load every posting and add them up in Python: {naive_s:6.2f} s "
              f"(balances only, no trail comparison)")
        db.dispose()


if __name__ == "__main__":
    main()
