"""`main.py verify` on a large desk: the demo community's requests copied until there are N, with their audit trail.

    python benchmarks/verify_bench.py DEMO_DIR [--requests 100000] [--data DIR]

DEMO_DIR holds a demo community (``main.py demo --data-dir DEMO_DIR``). Its requests, their events, reporters and
departments are copied with new ids and numbers, and so are their audit entries (the same values, the ids changed),
appended to the chain with the app's own ``entry_hash``: a desk with N requests whose trail reads as if the app had
written it, about 22 audit entries a request as in the demo. Then ``verify`` runs, whole and part by part, and the
times are printed. Nothing is asserted: these are figures to read and report. With --data DIR an existing copy in
DIR is reused.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services.core.audit import check_chains, entry_hash  # noqa: E402
from app.services.core.container import open_services  # noqa: E402
from app.services.core.replay import check_replay  # noqa: E402

TABLES = ("case", "case_event", "case_reporter", "case_department")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def grow(path: Path, requests: int) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA synchronous=OFF")
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name LIKE 'audit_log_%'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')  # the head is moved below; the guards come back at the end
        base = {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in TABLES}
        columns = {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in TABLES}
        ids = {row[columns[t].index("id")] for t in TABLES for row in base[t]}
        trail = conn.execute("SELECT created_at, actor_id, actor_name, action, entity, entity_id, details FROM "
                             "audit_log WHERE entity IN ('case', 'case_event', 'case_reporter', 'case_department') "
                             "ORDER BY seq").fetchall()
        desk, seq, prev = conn.execute("SELECT desk_code, seq, hash FROM audit_head").fetchone()
        have = len(base["case"])
        copies = max(0, (requests - have + have - 1) // have)
        print(f"{have} requests, {len(trail)} of their audit entries; {copies} copies to make")
        started = time.perf_counter()
        for k in range(1, copies + 1):
            remap = {old: uuid.uuid4().hex for old in ids}
            hyphen = {str(uuid.UUID(old)): str(uuid.UUID(new)) for old, new in remap.items()}

            def swap(value: Any, remap: dict[str, str] = remap, hyphen: dict[str, str] = hyphen) -> Any:
                if isinstance(value, str):
                    if value in remap:
                        return remap[value]
                    if "-" in value:
                        return UUID_RE.sub(lambda m: hyphen.get(m[0], m[0]), value)
                return value

            for t in TABLES:
                cols = columns[t]
                rows = []
                for row in base[t]:
                    values = [swap(v) for v in row]
                    if t == "case":
                        i = cols.index("case_no")
                        prefix, number = values[i].rsplit("-", 1)
                        values[i] = f"{prefix}-{k:03d}{int(number):04d}"
                    rows.append(values)
                marks = ", ".join("?" * len(cols))
                conn.executemany(f'INSERT INTO "{t}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                                 f"VALUES ({marks})", rows)
            entries = []
            for at, actor_id, actor_name, action, entity, entity_id, details in trail:
                seq += 1
                text = swap(details)
                if entity == "case" and action == "insert":
                    data = json.loads(text)
                    prefix, number = data["case_no"].rsplit("-", 1)
                    data["case_no"] = f"{prefix}-{k:03d}{int(number):04d}"
                    text = json.dumps(data, ensure_ascii=False)
                elif entity == "case" and "case_no" in text:
                    data = json.loads(text)
                    if "case_no" in data:
                        old, new = data["case_no"]
                        data["case_no"] = [old, f"{new.rsplit('-', 1)[0]}-{k:03d}{int(new.rsplit('-', 1)[1]):04d}"]
                    text = json.dumps(data, ensure_ascii=False)
                row_id = hyphen.get(entity_id, entity_id)
                when = datetime.fromisoformat(at).replace(tzinfo=UTC)
                digest = entry_hash(desk, seq, when, uuid.UUID(actor_id) if actor_id else None, actor_name, action,
                                    entity, row_id, json.loads(text), prev)
                entries.append((uuid.uuid4().hex, desk, at, seq, actor_id, actor_name, action, entity, row_id, text,
                                prev, digest))
                prev = digest
            conn.executemany("INSERT INTO audit_log (id, desk_code, created_at, seq, actor_id, actor_name, action, "
                             "entity, entity_id, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", entries)
            if k % 20 == 0 or k == copies:
                conn.commit()
                print(f"\r  {have * (k + 1):>9,} requests, {seq:>10,} audit entries, "
                      f"{time.perf_counter() - started:.0f} s", end="", flush=True)
        print()
        conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE desk_code = ?", (seq, prev, desk))
        conn.execute("UPDATE case_counter SET last = 99999999")  # the copies' numbers stay within the day's counter
        for action in ("update", "delete"):
            conn.execute(f"CREATE TRIGGER audit_log_no_{action} BEFORE {action.upper()} ON audit_log "
                         "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
        conn.commit()
        conn.execute("ANALYZE")


def timed(label: str, call: Any) -> Any:
    started = time.perf_counter()
    result = call()
    print(f"  {label:<34}{time.perf_counter() - started:>8.1f} s  ({len(result)} problem(s))")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("demo", type=Path)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--data", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp) / "desk"
        if not (folder / "desk.sqlite3").exists():
            shutil.copytree(args.demo, folder, dirs_exist_ok=True)
            grow(folder / "desk.sqlite3", args.requests)
        services = open_services(folder)
        try:
            with closing(sqlite3.connect(folder / "desk.sqlite3")) as conn:
                counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                          for t in ('"case"', "case_event", "audit_log")]
            size = (folder / "desk.sqlite3").stat().st_size / 2**20
            print(f"{counts[0]:,} requests, {counts[1]:,} events, {counts[2]:,} audit entries, {size:.0f} MB")
            with services.db.reading() as session:
                timed("chain (check_chains)", lambda: check_chains(session))
                timed("replay of the trail (check_replay)", lambda: check_replay(session))
            problems = timed("verify, whole", services.verify.run)
            for p in problems[:5]:
                print("   ", p.render())
        finally:
            services.close()


if __name__ == "__main__":
    main()
