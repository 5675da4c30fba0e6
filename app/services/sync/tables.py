"""Which tables travel between a desk and the street, and how each merges.

- **Local** tables never travel: this desk's sync state and what every desk derives for itself (the full-text index,
  the rates' daily rollup, the head of each audit chain, counted again from the chain after a pull).
- **History** (the append-only tables, the audit trail among them) merges as a union: a row is inserted once, by its
  key, and never changed (``INSERT ... ON CONFLICT DO NOTHING``).
- **Rows that change** (residents, households, settings, reference data) merge per field: each audit entry carries the
  field's old and new value and the hybrid logical clock of the change, so the street applies a change made on the
  value the desk saw, and when the field moved meanwhile on another desk, keeps the later change and lists the other
  (``sync_conflict``).
- **Projections** (a request's status and limits, its departments' report times, a balance) are caches of history:
  they are overwritten without a conflict, and every desk folds them again from the merged history after a pull.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, and_, select
from sqlalchemy.orm import Session

from app.models import APPEND_ONLY_TABLES, Base

LOCAL = frozenset({"sync_state", "case_text", "rates_day", "rates_day_department", "audit_head"})
HISTORY = frozenset(APPEND_ONLY_TABLES) | {"audit_log"}

#: Columns that are caches of history: folded again on every desk after a pull, never a conflict.
PROJECTIONS: dict[str, frozenset[str]] = {
    "case": frozenset({"status", "level", "assignee_id", "in_pool", "escalated", "responded_at", "resolved_at",
                       "closed_at", "satisfaction", "merged_into_id", "cycle", "paused_seconds", "due_at", "warn_at",
                       "next_check_at", "households_count"}),
    "case_department": frozenset({"called_at", "report_due_at", "reported_at", "overdue"}),
    "ledger_account": frozenset({"balance"}),
    "points_reward": frozenset({"stock"}),
    "case_counter": frozenset({"last"}),
}


#: Unique keys that hold within one community (a class's code, an account's user name, a flat): kept on every desk,
#: dropped on the street, which holds many communities. Two desks of one community making the same one make the
#: same row (app.models.natural).
COMMUNITY_UNIQUE: dict[str, frozenset[tuple[str, ...]]] = {
    "category": frozenset({("code",)}), "department": frozenset({("name",)}), "staff": frozenset({("username",)}),
    "grid": frozenset({("code",)}), "building": frozenset({("number",)}),
    "household": frozenset({("building", "unit", "room")}), "tag": frozenset({("code",), ("name",)}),
    "calendar_day": frozenset({("day",)}), "ledger_account": frozenset({("code",)}),
    "rule_set": frozenset({("scope", "version")}), "message_template": frozenset({("kind", "channel")}),
    "saved_list": frozenset({("name",)}), "points_earn_rule": frozenset({("name",)}),
    "partner": frozenset({("name",)}), "volunteer_team": frozenset({("name",)}),
}
#: Unique keys that hold in the whole street (a desk's code, a case number, which starts with it; keys made of row
#: keys, which are unique everywhere): kept on the street too.
STREET_UNIQUE: dict[str, frozenset[tuple[str, ...]]] = {
    "desk": frozenset({("code",)}), "audit_log": frozenset({("desk_code", "seq")}),
    "case": frozenset({("case_no",)}), "council_item": frozenset({("meeting_id", "seq")}),
    "ledger_entry": frozenset({("reverses_id",)}), "household_tag": frozenset({("household_id", "tag")}),
    "family_link": frozenset({("holder_id", "relative_id")}), "person_tag": frozenset({("resident_id", "tag")}),
    "points_award": frozenset({("entry_id",), ("reference",)}),
    "points_voucher": frozenset({("cancel_entry_id",), ("code",), ("entry_id",)}),
    "timebank_redemption": frozenset({("entry_id",)}), "volunteer": frozenset({("number",), ("resident_id",)}),
    "case_department": frozenset({("case_id", "department_id")}),
    "case_event": frozenset({("case_id", "dedup_key"), ("case_id", "seq", "desk_code")}),
    "case_reporter": frozenset({("case_id", "resident_id")}), "service_record": frozenset({("entry_id",)}),
    "points_merchant": frozenset({("partner_id",)}), "council_topic": frozenset({("meeting_id", "case_id")}),
    "job_case": frozenset({("case_id",)}),
}


def synced_tables() -> list[Table]:
    """Every table that travels, parents before children (the order inserts must take)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in LOCAL]


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def key_of(t: Table, row: object) -> str:
    """A row's key as the audit trail spells it (``entity_id``): its primary key's values joined by "/"."""
    from app.services.core.audit import plain

    return "/".join(str(plain(getattr(row, c.name))) for c in t.primary_key.columns)


def key_filter(t: Table, key: str) -> ColumnElement[bool]:
    """The row of ``t`` whose key the trail spells ``key``."""
    from app.services.sync.values import from_plain

    cols = list(t.primary_key.columns)
    parts = key.split("/") if len(cols) > 1 else [key]
    return and_(*(c == from_plain(c, v) for c, v in zip(cols, parts, strict=True)))


def rows_by_key(conn: Connection | Session, t: Table, keys: Sequence[str], lock: bool = False) -> dict[str, Any]:
    """The rows of ``t`` with these keys (as the trail spells them), by key; ``lock``: locked until the transaction
    ends (the street's rows a push merges into). A single-column key is read in chunks of an IN list."""
    from app.services.sync.values import from_plain

    cols = list(t.primary_key.columns)
    found: dict[str, Any] = {}
    wheres: list[ColumnElement[bool]]
    if len(cols) == 1:
        wheres = [cols[0].in_([from_plain(cols[0], k) for k in keys[start:start + 500]])
                  for start in range(0, len(keys), 500)]
    else:
        wheres = [key_filter(t, key) for key in keys]
    for where in wheres:
        query = select(t).where(where)
        for row in conn.execute(query.with_for_update() if lock else query):
            found[key_of(t, row)] = row
    return found
