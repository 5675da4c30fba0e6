"""Down: the rows of this desk's community written on the street since the last pull.

The street's log has a line for each row written, with its transaction's id. The pull reads, in one snapshot, the
lines whose transaction id lies in ``[cursor, xmin)``, where ``xmin`` is the oldest transaction still running: every
transaction below it has ended, so no line can still appear there, and the next pull starts at ``xmin``. Lines of
transactions that ended after the snapshot have ids at or above ``xmin`` and come with the next pull. A line read twice
does no harm: the row is read as it stands and written here as it stands.

The rows are written here with plain statements (not through the unit of work: they are other desks' writes, with
their own audit entries, which come down too), in the order of the tables' keys, and then what this desk derives is
made again: the requests' folded state, their text in the search index, the rates' daily rollup, the balances and
stocks, and the head of each other desk's audit chain.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.models import AuditEntry, AuditHead, Case
from app.services.core.errors import DomainError
from app.services.sync.history import ALTERED, intact, sum_history
from app.services.sync.tables import HISTORY, LOCAL, key_filter, rows_by_key, synced_tables

CHUNK = 500


@dataclass
class Pulled:
    rows: int = 0
    removed: int = 0
    cursor: int = 0
    hlc_seen: int = 0
    cases: set[uuid.UUID] = field(default_factory=set)
    accounts: set[uuid.UUID] = field(default_factory=set)
    rewards: set[uuid.UUID] = field(default_factory=set)
    desks: set[str] = field(default_factory=set)
    rollup_before: tuple[set[Any], set[Any]] = (set(), set())


def changes(street: Connection, cursor: int) -> tuple[dict[str, set[str]], int]:
    """The rows written on the street since ``cursor`` (by table, their keys) and the next cursor. Run in a
    repeatable-read transaction, so the rows read after it are as of the same snapshot."""
    xmin = int(street.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")).scalar_one())
    found: dict[str, set[str]] = defaultdict(set)
    for entity, key in street.execute(text("SELECT DISTINCT entity, row_key FROM street_log "
                                           "WHERE xid >= CAST(:c AS xid8) AND xid < CAST(:x AS xid8)"),
                                      {"c": str(cursor), "x": str(xmin)}):
        found[str(entity)].add(str(key))
    return found, xmin


def apply(street: Connection, local: Session, desk: str, cursor: int) -> Pulled:
    """Read what changed since ``cursor`` and write it here (in ``local``'s transaction)."""
    from app.services.cases import rollup

    found, xmin = changes(street, cursor)
    result = Pulled(cursor=xmin)
    read: list[tuple[Table, list[Any], list[str]]] = []
    for t in synced_tables():
        keys = sorted(found.get(t.name, ()))
        if not keys or t.name in LOCAL:
            continue
        found_rows = rows_by_key(street, t, keys)
        rows = list(found_rows.values())
        read.append((t, rows, [k for k in keys if k not in found_rows and t.name not in HISTORY]))
        for row in rows:
            if t.name == "audit_log" and row.desk_code != desk:
                _check_entry(row)
            if t.name == "case":
                result.cases.add(row.id)
            elif t.name in ("case_event", "case_reporter", "case_department"):
                result.cases.add(row.case_id)
            elif t.name == "ledger_posting":
                result.accounts.add(row.account_id)
            elif t.name == "points_stock_move":
                result.rewards.add(row.reward_id)
    result.rollup_before = rollup.keys_of(local, result.cases)  # where the requests were counted until now
    conn = local.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # a row and the row it names may come in one pull
    for t, rows, _gone in read:
        for row in rows:
            if t.name in ("audit_log", "case_counter") and row.desk_code == desk:
                continue  # this desk's own chain and case-number counters are its own
            _write(conn, t, row)
            result.rows += 1
            if t.name == "audit_log":
                result.desks.add(row.desk_code)
                result.hlc_seen = max(result.hlc_seen, int(row.hlc or 0))
    for t, _rows, gone in reversed(read):
        for key in gone:
            conn.execute(delete(t).where(key_filter(t, key)))
            result.removed += 1
    return result


def _check_entry(row: Any) -> None:
    """Another desk's audit entry must read as its hash says: a changed one is refused, not taken in."""
    if not intact(row):
        raise DomainError(ALTERED, seq=row.seq, desk=row.desk_code)


def _write(conn: Connection, t: Table, row: Any) -> None:
    """A row as it stands on the street: history inserted once, a changing row inserted or brought up to date."""
    if conn.dialect.name == "sqlite":
        statement: Any = sqlite_insert(t)
    else:
        from sqlalchemy.dialects.postgresql import insert as pg_insert  # the dialect brings asyncio: not at start-up

        statement = pg_insert(t)
    values = dict(row._mapping)
    statement = statement.values(**values)
    keys = [c.name for c in t.primary_key.columns]
    if t.name in HISTORY:
        conn.execute(statement.on_conflict_do_nothing())
    else:
        conn.execute(statement.on_conflict_do_update(index_elements=keys, set_={
            k: v for k, v in values.items() if k not in keys}))


def derive(local: Session, pulled: Pulled) -> None:
    """Make again what this desk derives from the rows that came down."""
    from app.services.cases import rollup, search
    from app.services.cases.escalation import RuleBook, project

    conn = local.connection()
    for desk in sorted(pulled.desks):
        head = conn.execute(select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.desk_code == desk)
                            .order_by(AuditEntry.seq.desc()).limit(1)).first()
        if head is None:
            continue
        changed = conn.execute(update(AuditHead).where(AuditHead.desk_code == desk)
                               .values(seq=head.seq, hash=head.hash))
        if changed.rowcount == 0:
            conn.execute(insert(AuditHead).values(desk_code=desk, seq=head.seq, hash=head.hash))
    ids = sorted(pulled.cases)
    if ids:
        before = pulled.rollup_before
        book = RuleBook.load(local)
        for start in range(0, len(ids), CHUNK):
            cases = list(local.scalars(select(Case).where(Case.id.in_(ids[start:start + CHUNK]))))
            project(local, cases, book)
        local.flush()
        after = rollup.keys_of(local, set(ids))
        rollup.refresh(conn, before[0] | after[0], before[1] | after[1])
        search.reindex(conn, ids)
    sum_history(conn, pulled.accounts, pulled.rewards)
