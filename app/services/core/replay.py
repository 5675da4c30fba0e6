"""Replay of the audit trail: every row of every audited table must read as the trail last recorded it.

The unit of work records each flushed row: an insert with all its values, an update with each changed column's old
and new value, a delete. Folding a row's entries in order gives the values the row must hold now; ``check_replay``
compares them with the table, column by column, and names each row whose content differs, that is missing though the
trail never deleted it, or that is not in the trail at all (written with plain SQL). Edits of history (case notes,
ledger postings, published notices), of the rows that grant power (staff roles, rule sets, escalation and points
rules) and of ordinary rows (a resident's phone) are all found the same way.

What it cannot see alone: an attacker who also rewrites the trail's entries and recomputes the chain. That is what
the anchors are for (``anchors.py``): the chain's head printed on paper and carried in backups, checked by
``main.py verify --anchor FILE``.

Both sides are read in id order and merged (uuid primary keys sort alike as hex and as the trail's hyphenated text),
so memory stays flat whatever the number of rows; the few tables with another key are small and compared in memory.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ColumnElement, Integer, String, Table, case, func, select, type_coerce
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session
from sqlalchemy.types import Uuid

from app.models import AuditEntry, Base
from app.services.core.audit import plain, secret_fingerprint
from app.services.core.audit_words import REDACTED, SECRET_COLUMNS, Namer, field_word, thing
from app.services.core.errors import QT_TRANSLATE_NOOP, Message

#: The trail itself, the full-text index and the rates' daily rollup (derived from the cases: ``search.rebuild``,
#: ``rollup.rebuild``), the sync's own state and the conflicts the street lists (written by the street, in no desk's
#: trail).
NOT_REPLAYED = frozenset({"audit_log", "audit_head", "case_text", "rates_day", "rates_day_department", "sync_state",
                          "sync_conflict"})
#: Caches written by one SQL statement, not through the unit of work, and checked against their source by verify:
#: a balance against its postings (ledger.check), a stock against its moves (points check), a day's counter
#: against its case numbers (verify._cases).
DERIVED = {"ledger_account": frozenset({"balance"}), "points_reward": frozenset({"stock"}),
           "case_counter": frozenset({"last"})}
@dataclass
class _Recorded:
    """A row as the trail last recorded it."""

    values: dict[str, Any] = field(default_factory=dict)
    inserted: bool = False
    deleted: bool = False


def replayed_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_REPLAYED]


def _fold(entries: Iterator[Any], key_of: Any) -> Iterator[tuple[str, _Recorded]]:
    """(key, recorded row) for each row the trail speaks of, in the order the entries come (grouped by row)."""
    current: str | None = None
    row = _Recorded()
    for entity_id, action, details in entries:
        key = key_of(entity_id)
        if key != current:
            if current is not None:
                yield current, row
            current, row = key, _Recorded()
        if action == "insert":
            row = _Recorded(dict(details), inserted=True)
        elif action == "delete":
            row.deleted = True
        else:
            row.deleted = False
            for column, change in details.items():
                if isinstance(change, list) and len(change) == 2:  # "erasure_reason" and the like are notes
                    row.values[column] = change[1]
    if current is not None:
        yield current, row


def _plain(value: Any, column: str) -> Any:
    return secret_fingerprint(value) if column in SECRET_COLUMNS else plain(value)


#: (position in the row, column name, how to spell its value as the trail does: None when it already is)
_Spelling = tuple[int, str, Callable[[Any], Any] | None]


def _spellings(table: Table) -> list[_Spelling]:
    """Per column, the cheapest way to the trail's spelling: text, numbers, booleans and JSON are compared as read;
    only uuids, times, enums, documents and secrets are converted (a replay converts millions of values)."""
    skip = DERIVED.get(table.name, frozenset())
    spellings: list[_Spelling] = []
    for index, column in enumerate(table.columns):
        if column.key in skip:
            continue
        convert: Callable[[Any], Any] | None = None
        if column.key in SECRET_COLUMNS:
            convert = secret_fingerprint
        elif isinstance(column.type, Uuid):
            convert = _compact
        elif not isinstance(column.type, String | Integer | Boolean | JSON) or isinstance(column.type, SAEnum):
            convert = plain
        spellings.append((index, column.key, convert))
    return spellings


def _same(recorded: Any, actual: Any) -> bool:
    if recorded == actual:
        return True
    if isinstance(recorded, str) and isinstance(actual, str):
        try:  # a time the trail spelt in another zone (entries written before times were recorded in UTC)
            return datetime.fromisoformat(recorded) == datetime.fromisoformat(actual)
        except ValueError:
            return False
    return False


def _compact(value: Any) -> str:
    """A uuid as 32 hex digits, whether the database gave the text (SQLite, read as is: ``_read``) or a UUID."""
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "")


def _read(table: Table) -> list[Any]:
    """The table's columns to select: uuids as the database holds them (making a UUID of each costs more than
    the rest of the comparison)."""
    return [type_coerce(c, String) if isinstance(c.type, Uuid) else c for c in table.columns]


def _differences(spellings: list[_Spelling], recorded: _Recorded, row: Any) -> list[str]:
    changed = []
    values = recorded.values
    for index, name, convert in spellings:
        if name not in values:  # a column added after the row was written
            continue
        want, actual = values[name], row[index]
        if convert is not None and actual is not None:
            actual = convert(actual)
            if convert is _compact and isinstance(want, str):
                want = want.replace("-", "")
        if want != actual and not _same(want, actual) and want != REDACTED:  # "***": a secret recorded before
            changed.append(name)                                             # secrets were fingerprinted
    return changed


def _row_id(table: Table, row: Any) -> str:
    return "/".join(str(uuid.UUID(_compact(row[i])) if isinstance(c.type, Uuid) else _plain(row[i], c.key))
                    for i, c in enumerate(table.columns) if c.primary_key)


def check_replay(session: Session, tables: Sequence[str] = (), limit: int = 20) -> list[Message]:
    """Every row of the ``tables`` named (default: every audited table) against the trail's last record of it."""
    problems: list[Message] = []
    one_desk = (session.scalar(select(func.count(AuditEntry.desk_code.distinct()))) or 0) <= 1
    for table in [Base.metadata.tables[t] for t in tables] if tables else replayed_tables():
        problems += _check_table(session, table, one_desk, limit - len(problems))
        if len(problems) >= limit:
            break
    return problems


def _check_table(session: Session, table: Table, one_desk: bool, limit: int) -> list[Message]:
    pk = list(table.primary_key.columns)
    by_uuid = len(pk) == 1 and isinstance(pk[0].type, Uuid)
    order: ColumnElement[str] = AuditEntry.entity_id.expression
    if session.get_bind().dialect.name == "postgresql":
        order = order.collate("C")  # byte order, as uuid sorts; a locale collation could order strings otherwise
    # One desk's entries are in the order written by their number; entries of several desks by their hybrid logical
    # clock, the order the street merges changes in (sync, issue 21), after those written before it had one.
    then = (AuditEntry.seq,) if one_desk else (case((AuditEntry.hlc.is_(None), 0), else_=1), AuditEntry.hlc,
                                               AuditEntry.created_at, AuditEntry.desk_code, AuditEntry.seq)
    entries = session.execute(
        select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.details).where(AuditEntry.entity == table.name)
        .order_by(order, *then).execution_options(yield_per=5_000))
    rows = session.execute(select(*_read(table)).order_by(*pk).execution_options(yield_per=5_000))
    if by_uuid:
        trail = _fold(iter(entries), lambda entity_id: entity_id.replace("-", ""))
        at = list(table.columns).index(pk[0])
        actual = ((_compact(row[at]), row) for row in rows)
        return _merge(Namer(session), table, trail, actual, limit)
    recorded = dict(_fold(iter(entries), str))  # small tables keyed otherwise (a desk's day counter)
    current = {_row_id(table, row): row for row in rows}
    merged = sorted(set(recorded) | set(current))
    return _merge(Namer(session), table, ((k, recorded[k]) for k in merged if k in recorded),
                  ((k, current[k]) for k in merged if k in current), limit)


def _merge(namer: Namer, table: Table, trail: Iterator[tuple[str, _Recorded]], actual: Iterator[tuple[str, Any]],
           limit: int) -> list[Message]:
    problems: list[Message] = []
    spellings = _spellings(table)
    rec, act = next(trail, None), next(actual, None)
    while (rec is not None or act is not None) and len(problems) < limit:
        if act is None or (rec is not None and rec[0] < act[0]):
            assert rec is not None
            if not rec[1].deleted:
                problems.append(Message(QT_TRANSLATE_NOOP(
                    "errors", "{thing} {name} was deleted outside the app: the audit trail recorded it and never "
                              "its deletion."), _named(namer, table, rec[0])))
            rec = next(trail, None)
        elif rec is None or act[0] < rec[0]:
            problems.append(_outside(namer, table, act[0]))
            act = next(actual, None)
        else:
            recorded, row = rec[1], act[1]
            if recorded.deleted or not recorded.inserted:
                problems.append(_outside(namer, table, act[0]))
            else:
                changed = _differences(spellings, recorded, row)
                if changed:
                    problems.append(Message(QT_TRANSLATE_NOOP(
                        "errors", "{thing} {name} was altered ({fields}): it no longer reads as the audit trail "
                                  "recorded it."),
                        {**_named(namer, table, act[0]),
                         "fields": "、".join(field_word(table.name, c) for c in changed)}))
            rec, act = next(trail, None), next(actual, None)
    return problems


def _outside(namer: Namer, table: Table, key: str) -> Message:
    return Message(QT_TRANSLATE_NOOP("errors", "{thing} {name} is not in the audit trail: it was written outside "
                                               "the app."), _named(namer, table, key))


def _named(namer: Namer, table: Table, key: str) -> dict[str, str]:
    """The row as a person knows it (居民 张三, 诉求 A01-20261203-0004), never a table name or a uuid."""
    return {"thing": thing(table.name), "name": namer.name_of(table.name, key) or "（无名称）"}
