"""Up: this desk's audit chain is its outbox. Every row written through the unit of work has an entry, numbered
1, 2, 3 ... per desk, carrying the row's values (an insert), each changed field's old and new value (an update) and
the change's hybrid logical clock. The street holds the chain's copy; what goes up is every entry above the street's
last one for this desk, in order, each with its change, in transactions of ``BATCH`` entries.

Idempotent by construction: an entry already on the street (the same desk and number) is skipped with its change, so
a sync cut anywhere (the network, the app killed, the server restarted) is simply run again.

How a change lands on the street's row:
- an insert: the row as inserted (``INSERT ... ON CONFLICT DO NOTHING``: two desks folding one request make the same
  rows), with what the trail does not hold (a password's hash, a document's bytes) read from this desk's row;
- an update, per field: made on the value the street holds (the entry's old value) -> applied; the street already
  holds the new value -> nothing; the field moved meanwhile on another desk -> a conflict: the later change by the
  clock is kept, and both values are listed (``sync_conflict``) for the administrator; projections (a request's
  status, a balance) are written without a conflict, every desk folding them again from history;
- a delete: the row removed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from app.models import AuditEntry, Base, CaseCounter, SyncConflict, new_id
from app.services.core.audit_names import HIDDEN_FIELDS
from app.services.core.audit_words import REDACTED, SECRET_COLUMNS
from app.services.core.errors import DomainError
from app.services.sync.history import ALTERED, intact, sum_history
from app.services.sync.tables import LOCAL, PROJECTIONS, key_filter, rows_by_key, synced_tables, table
from app.services.sync.values import column_of, from_plain, plain

BATCH = 2000
CHECKED = 2000  # entries of this desk's chain already on the street checked again at each sync (a rolling check)
def check_pushed(local: Session, street: Connection, desk: str, start: int, head: int) -> int:
    """The next ``CHECKED`` entries of this desk's chain above ``start`` that the street holds: each must read as
    its hash says and equal the street's copy. Returns where the next sync goes on (0 again past the head)."""
    mine = list(local.scalars(select(AuditEntry).where(AuditEntry.desk_code == desk, AuditEntry.seq > start,
                                                       AuditEntry.seq <= head)
                              .order_by(AuditEntry.seq).limit(CHECKED)))
    if not mine:
        return 0
    theirs = dict(street.execute(select(AuditEntry.seq, AuditEntry.hash).where(
        AuditEntry.desk_code == desk, AuditEntry.seq > start, AuditEntry.seq <= mine[-1].seq)).all())
    for e in mine:
        if not intact(e) or theirs.get(e.seq) != e.hash:
            raise DomainError(ALTERED, seq=e.seq, desk=desk)
    return mine[-1].seq
_AUDIT_COLUMNS = ("id", "desk_code", "created_at", "seq", "actor_id", "actor_name", "action", "entity",
                  "entity_id", "details", "prev_hash", "hash", "hlc")


@dataclass
class Pushed:
    entries: int = 0
    conflicts: int = 0


def street_head(street: Connection, desk: str) -> tuple[int, str]:
    """The newest entry of this desk's chain the street holds: (its number, its hash); (0, "") for none."""
    row = street.execute(text("SELECT seq, hash FROM audit_log WHERE desk_code = :d ORDER BY seq DESC LIMIT 1"),
                         {"d": desk}).first()
    return (int(row[0]), str(row[1])) if row else (0, "")


def waiting(session: Session, desk: str, above: int) -> int:
    """How many entries of this desk's chain have not gone up yet."""

    return int(session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.desk_code == desk, AuditEntry.seq > above)) or 0)


def push_batch(local: Session, street: Connection, desk: str, above: int, result: Pushed) -> int:
    """Send the entries numbered above ``above`` (one batch) with their changes; returns the last number sent.

    A few statements a batch, not a few an entry: the chain in one insert (the street checks each entry's link as
    it goes in, and says which were new), the inserted rows table by table (parents first), the changed rows read
    once and written once each."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert  # the dialect brings asyncio: not at start-up

    # One push of a desk at a time (the desk app and a scheduled ``main.py sync`` may both try): the second waits,
    # then starts above what the first sent.
    street.execute(text("SELECT pg_advisory_xact_lock(hashtext(:d))"), {"d": desk})
    above = max(above, street_head(street, desk)[0])
    entries = list(local.scalars(select(AuditEntry).where(AuditEntry.desk_code == desk, AuditEntry.seq > above)
                                 .order_by(AuditEntry.seq).limit(BATCH)))
    if not entries:
        return above
    for e in entries:  # what goes up must read as its hash says: the street keeps it as the desk's word
        if not intact(e):
            raise DomainError(ALTERED, seq=e.seq, desk=desk)
    travelling = [e for e in entries if e.entity not in LOCAL and e.entity in Base.metadata.tables]
    inserts: dict[str, list[AuditEntry]] = {}
    for e in travelling:
        if e.action == "insert":
            inserts.setdefault(e.entity, []).append(e)
    for t in synced_tables():
        if t.name in inserts:
            _insert_all(local, street, t, inserts[t.name])
    rest = [e for e in travelling if e.action in ("update", "delete")]
    if rest:
        result.conflicts += _apply_changes(local, street, rest, desk)
    result.entries += len(travelling)
    accounts = {e.details.get("account_id") for e in travelling if e.entity == "ledger_posting" and e.details}
    rewards = {e.details.get("reward_id") for e in travelling if e.entity == "points_stock_move" and e.details}
    sum_history(street, {uuid.UUID(str(a)) for a in accounts if a}, {uuid.UUID(str(r)) for r in rewards if r})
    _counters(local, street, desk)
    # The chain last (its entries name the accounts that acted, which may have come in this batch); the street
    # checks each entry's link to the one before as it goes in.
    street.execute(pg_insert(AuditEntry), [{c: getattr(e, c) for c in _AUDIT_COLUMNS} for e in entries])
    return entries[-1].seq


def _insert_all(local: Session, street: Connection, t: Table, entries: list[AuditEntry]) -> None:
    """The rows as inserted (what the trail holds), with what it does not hold (a password's hash, a document's
    bytes, a cache) read from this desk's row; a row deleted here since does not travel (its delete follows)."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    rows = rows_by_key(local, t, [e.entity_id for e in entries])
    derived = PROJECTIONS.get(t.name, frozenset())
    batch = []
    for e in entries:
        row = rows.get(e.entity_id)
        if row is None:
            continue
        values = dict(row._mapping)
        for key, value in (e.details or {}).items():
            column = column_of(t, key)
            if column is None or key in SECRET_COLUMNS or column.name in derived or isinstance(values[column.name],
                                                                                              bytes):
                continue
            values[column.name] = from_plain(column, value)
        batch.append(values)
    if batch:
        street.execute(pg_insert(t).on_conflict_do_nothing(), batch)


def _apply_changes(local: Session, street: Connection, entries: list[AuditEntry], desk: str) -> int:
    """Updates and deletes in their order: each row read once (locked), merged field by field in memory, written
    once; the field clocks and the conflicts written together at the end. Returns the conflicts listed."""
    wanted: dict[str, set[str]] = {}
    for e in entries:
        wanted.setdefault(e.entity, set()).add(e.entity_id)
    held: dict[tuple[str, str], dict[str, Any]] = {}
    for name, keys in wanted.items():
        t = table(name)
        for key, row in rows_by_key(street, t, sorted(keys), lock=True).items():
            held[(name, key)] = dict(row._mapping)
    clocks = {(r.entity, r.row_key, r.field): (int(r.hlc), str(r.desk_code)) for r in street.execute(
        text("SELECT entity, row_key, field, hlc, desk_code FROM street_field_clock WHERE entity = ANY(:e) AND "
             "row_key = ANY(:k)"), {"e": sorted(wanted), "k": sorted({k for ks in wanted.values() for k in ks})})}
    changed: dict[tuple[str, str], dict[str, Any]] = {}
    removed: list[tuple[str, str]] = []
    new_clocks: dict[tuple[str, str, str], tuple[int, str]] = {}
    conflicts: list[dict[str, Any]] = []
    for e in entries:
        where = (e.entity, e.entity_id)
        current = held.get(where)
        if current is None:
            continue  # removed on the street meanwhile: the removal stands
        if e.action == "delete":
            removed.append(where)
            del held[where]
            continue
        t = table(e.entity)
        derived = PROJECTIONS.get(t.name, frozenset())
        hlc = int(e.hlc or 0)
        for key, (old, new) in (e.details or {}).items():
            column = column_of(t, key)
            if column is None or key == "erasure_reason":
                continue
            name = column.name
            if key in SECRET_COLUMNS or old == REDACTED or isinstance(current.get(name), bytes):
                row = rows_by_key(local, t, [e.entity_id]).get(e.entity_id)
                if row is not None:
                    current[name] = getattr(row, name)
                    changed.setdefault(where, {})[name] = current[name]
                continue
            have = plain(current.get(name))
            if have == new:
                continue
            clock_key = (t.name, e.entity_id, name)
            if have == old or name in derived:
                current[name] = changed.setdefault(where, {})[name] = from_plain(column, new)
                new_clocks[clock_key] = clocks[clock_key] = (hlc, desk)
                continue
            their_hlc, their_desk = clocks.get(clock_key, (0, str(current.get("desk_code"))))
            ours_wins = (hlc, desk) > (their_hlc, their_desk)
            if ours_wins:
                current[name] = changed.setdefault(where, {})[name] = from_plain(column, new)
                new_clocks[clock_key] = clocks[clock_key] = (hlc, desk)
            if name in HIDDEN_FIELDS:
                continue  # a search aid (a phone's last four digits, a name's pinyin) follows its field, never listed
            kept, kept_desk, kept_hlc = (new, desk, hlc) if ours_wins else (have, their_desk, their_hlc)
            other, other_desk, other_hlc = (have, their_desk, their_hlc) if ours_wins else (new, desk, hlc)
            conflicts.append(dict(id=new_id(), desk_code=desk, created_at=e.created_at, entity=t.name,
                                  entity_id=e.entity_id, field=key, kept=kept, kept_desk=kept_desk, kept_hlc=kept_hlc,
                                  other=other, other_desk=other_desk, other_hlc=other_hlc))
    for (name, key), values in changed.items():
        if (name, key) not in removed:
            t = table(name)
            street.execute(update(t).where(key_filter(t, key)).values(**values))
    for name, key in removed:
        t = table(name)
        street.execute(delete(t).where(key_filter(t, key)))
    if new_clocks:  # through the street's function, which checks the row is of this desk's community
        gone = set(removed)
        kept = [{"t": t_, "k": k, "f": f, "h": h} for (t_, k, f), (h, _d) in new_clocks.items() if (t_, k) not in gone]
        if kept:
            street.execute(text("SELECT street_clock(:t, :k, :f, :h)"), kept)
    if conflicts:
        street.execute(insert(SyncConflict), conflicts)
    return len(conflicts)


def _counters(local: Session, street: Connection, desk: str) -> None:
    """This desk's case-number counters as they stand here (a counter moves by one SQL statement, past the trail):
    the street keeps the highest, so a desk that starts from the street's copy never numbers a request twice."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    theirs = {day: last for day, last in street.execute(
        select(CaseCounter.day, CaseCounter.last).where(CaseCounter.desk_code == desk))}
    for day, last in local.execute(select(CaseCounter.day, CaseCounter.last).where(CaseCounter.desk_code == desk)):
        if day in theirs and theirs[day] < last:
            street.execute(update(CaseCounter).where(CaseCounter.desk_code == desk, CaseCounter.day == day)
                           .values(last=last))
        elif day not in theirs:
            street.execute(pg_insert(CaseCounter).values(desk_code=desk, day=day, last=last)
                           .on_conflict_do_nothing())
