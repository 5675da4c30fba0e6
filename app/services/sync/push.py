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

from sqlalchemy import Connection, Table, and_, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from app.models import AuditEntry, Base, CaseCounter, SyncConflict, new_id
from app.services.core.audit_names import HIDDEN_FIELDS
from app.services.core.audit_words import REDACTED, SECRET_COLUMNS
from app.services.sync.tables import LOCAL, PROJECTIONS, table
from app.services.sync.values import column_of, from_plain, plain

BATCH = 500
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


def _key_filter(t: Table, entity_id: str) -> Any:
    cols = list(t.primary_key.columns)
    parts = entity_id.split("/") if len(cols) > 1 else [entity_id]
    return and_(*(c == from_plain(c, v) for c, v in zip(cols, parts, strict=True)))


def _local_row(local: Session, t: Table, entity_id: str) -> Any:
    return local.execute(select(t).where(_key_filter(t, entity_id))).first()


def push_batch(local: Session, street: Connection, desk: str, above: int, result: Pushed) -> int:
    """Send the entries numbered above ``above`` (one batch) with their changes; returns the last number sent."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert  # the dialect brings asyncio: not at start-up

    entries = list(local.scalars(select(AuditEntry).where(AuditEntry.desk_code == desk, AuditEntry.seq > above)
                                 .order_by(AuditEntry.seq).limit(BATCH)))
    last = above
    accounts: set[Any] = set()
    rewards: set[Any] = set()
    for e in entries:
        values = {c: getattr(e, c) for c in _AUDIT_COLUMNS}
        fresh = street.execute(pg_insert(AuditEntry).values(**values).on_conflict_do_nothing()
                               .returning(AuditEntry.id)).first()
        last = e.seq
        if fresh is None or e.entity in LOCAL or e.entity not in Base.metadata.tables:
            continue  # on the street already (a sync cut after its commit), or a row that does not travel
        t = table(e.entity)
        if e.entity == "ledger_posting" and e.details:
            accounts.add(e.details.get("account_id"))
        elif e.entity == "points_stock_move" and e.details:
            rewards.add(e.details.get("reward_id"))
        if e.action == "insert":
            _insert(local, street, t, e)
        elif e.action == "update":
            result.conflicts += _update(local, street, t, e, desk)
        elif e.action == "delete":
            street.execute(delete(t).where(_key_filter(t, e.entity_id)))
        result.entries += 1
    from app.services.sync.pull import sum_history

    sum_history(street, {uuid.UUID(str(a)) for a in accounts if a}, {uuid.UUID(str(r)) for r in rewards if r})
    _counters(local, street, desk)
    return last


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


def _insert(local: Session, street: Connection, t: Table, e: AuditEntry) -> None:
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    row = _local_row(local, t, e.entity_id)
    if row is None:
        return  # deleted here since: its delete follows, and nothing of it need travel
    values: dict[str, Any] = {}
    derived = PROJECTIONS.get(t.name, frozenset())
    for key, value in (e.details or {}).items():
        column = column_of(t, key)
        if column is None:
            continue
        if key in SECRET_COLUMNS or column.name in derived or isinstance(getattr(row, column.name), bytes):
            values[column.name] = getattr(row, column.name)
        else:
            values[column.name] = from_plain(column, value)
    street.execute(pg_insert(t).values(**values).on_conflict_do_nothing())


def _update(local: Session, street: Connection, t: Table, e: AuditEntry, desk: str) -> int:
    current = street.execute(select(t).where(_key_filter(t, e.entity_id)).with_for_update()).first()
    if current is None:
        return 0  # removed on the street meanwhile: the removal stands
    row = None
    derived = PROJECTIONS.get(t.name, frozenset())
    changes: dict[str, Any] = {}
    conflicts = 0
    hlc = int(e.hlc or 0)
    for key, (old, new) in (e.details or {}).items():
        column = column_of(t, key)
        if column is None or key == "erasure_reason":
            continue
        if key in SECRET_COLUMNS or old == REDACTED or isinstance(getattr(current, column.name), bytes):
            row = row if row is not None else _local_row(local, t, e.entity_id)
            if row is not None:
                changes[column.name] = getattr(row, column.name)
            continue
        held = plain(getattr(current, column.name))
        if held == new:
            continue
        if held == old or column.name in derived:
            changes[column.name] = from_plain(column, new)
            _clock(street, t.name, e.entity_id, column.name, hlc, desk)
            continue
        theirs = street.execute(text("SELECT hlc, desk_code FROM street_field_clock WHERE entity = :t AND "
                                     "row_key = :k AND field = :f"),
                                {"t": t.name, "k": e.entity_id, "f": column.name}).first()
        their_hlc, their_desk = (int(theirs[0]), str(theirs[1])) if theirs else (0, str(current.desk_code))
        ours_wins = (hlc, desk) > (their_hlc, their_desk)
        if ours_wins:
            changes[column.name] = from_plain(column, new)
            _clock(street, t.name, e.entity_id, column.name, hlc, desk)
        if column.name in HIDDEN_FIELDS:
            continue  # a search aid (a phone's last four digits, a name's pinyin) follows its field, never listed
        kept, kept_desk, kept_hlc = (new, desk, hlc) if ours_wins else (held, their_desk, their_hlc)
        other, other_desk, other_hlc = (held, their_desk, their_hlc) if ours_wins else (new, desk, hlc)
        street.execute(insert(SyncConflict).values(
            id=new_id(), desk_code=desk, created_at=e.created_at, entity=t.name, entity_id=e.entity_id,
            field=key, kept=kept, kept_desk=kept_desk, kept_hlc=kept_hlc, other=other, other_desk=other_desk,
            other_hlc=other_hlc))
        conflicts += 1
    if changes:
        street.execute(update(t).where(_key_filter(t, e.entity_id)).values(**changes))
    return conflicts


def _clock(street: Connection, entity: str, key: str, field: str, hlc: int, desk: str) -> None:
    street.execute(text("INSERT INTO street_field_clock (entity, row_key, field, hlc, desk_code) "
                        "VALUES (:t, :k, :f, :h, :d) ON CONFLICT (entity, row_key, field) DO UPDATE "
                        "SET hlc = excluded.hlc, desk_code = excluded.desk_code "
                        "WHERE street_field_clock.hlc < excluded.hlc"),
                   {"t": entity, "k": key, "f": field, "h": hlc, "d": desk})
