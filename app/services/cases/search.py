"""Chinese full-text search over requests: their descriptions and the notes on their timelines.

One ``case_text`` row per case holds its searchable text (``body``: the description, then each note written by a
person) and ``grams``: every single character and every pair of neighbouring characters of it, space-separated
("漏 水 漏水"). Which index answers depends on the query's length and the database (docs/architecture.md, "Finding a
request"):

- SQLite, 3 or more characters: FTS5 with the trigram tokenizer over ``body`` (``case_text_tri``): any substring.
- SQLite, 1 or 2 characters: FTS5 over ``grams`` (``case_text_bi``, no positions): the term is one token there.
- PostgreSQL: a GIN index on ``string_to_array(grams, ' ')``; 1-2 characters are one element, longer queries
  need all their pairs and are then checked as a substring of ``body``. (pg_trgm ignores Chinese characters in a
  database with the C locale, which is what a default Debian cluster may well have.)

The index is written in the same transaction as the text, by a flush hook of the unit of work (``index_flush``):
every service that writes a case or an event (intake, workflow, escalation, erasure) is covered without knowing
about it. ``rebuild`` makes the whole index again from the cases and their timelines.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    cast,
    column,
    delete,
    func,
    insert,
    inspect,
    literal_column,
    select,
    update,
)
from sqlalchemy import table as sql_table
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import TableClause
from sqlalchemy.types import Text as TextType

from app.models import Case, CaseEvent, CaseText, EventKind

# Notes the escalation ladder writes by itself ("超过响应时限…") would make every request match "时限"; the intake
# event carries no text. Everything else a person wrote on the timeline is searchable.
# A message sent to the resident is template words (受理, 编号, 社区 ...) that would make every request match.
UNSEARCHED_KINDS = frozenset({EventKind.CREATED, EventKind.WARNED, EventKind.ESCALATED, EventKind.MESSAGE_SENT})
SHORT = 2         # queries of up to this many characters use the character/pair index
MAX_TERMS = 5     # words of one query (separated by spaces), all of which must occur
MAX_TERM = 64     # characters of one word
TRI_TABLE = "case_text_tri"
BI_TABLE = "case_text_bi"
REBUILD_BATCH = 5000


def grams(body: str) -> str:
    """Every character and every pair of neighbours within a run of letters and digits, lower-case, once each,
    in their first order: "楼道灯坏了" -> "楼 道 楼道 灯 道灯 ..."."""
    found: dict[str, None] = {}
    previous = ""
    for ch in body.lower():
        if not ch.isalnum():
            previous = ""
            continue
        found[ch] = None
        if previous:
            found[previous + ch] = None
        previous = ch
    return " ".join(found)


def terms(query: str) -> list[str]:
    """The words of a query, each at most MAX_TERM characters; words without a letter or digit are dropped."""
    words = [w[:MAX_TERM] for w in query.split() if any(ch.isalnum() for ch in w)]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def pairs(term: str) -> list[str]:
    """The ``grams`` tokens a word needs (PostgreSQL): itself when short, else the pairs within each of its runs
    of letters and digits (a run of one character: that character)."""
    runs = "".join(ch if ch.isalnum() else " " for ch in term.lower()).split()
    if len(term) <= SHORT:
        return runs
    found: dict[str, None] = {}
    for run in runs:
        for i in range(max(len(run) - 1, 1)):
            found[run[i:i + 2]] = None
    return list(found)


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def is_short(term: str) -> bool:
    return len(term) <= SHORT


# --- the query side -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """How a query finds ``case_text`` rows on this database.

    ``condition`` holds for exactly the matching ``case_text`` rows (both dialects). On SQLite ``driver`` is the
    same search as an FTS5 table to read from (its ``rowid`` is ``case_text.id``), its MATCH condition, and a
    condition for the words the other FTS5 table answers (None: there are none): the list can then be read in
    the index's order and stop after a page, whatever the number of matches.
    """

    condition: ColumnElement[bool]
    driver: tuple[TableClause, ColumnElement[bool], ColumnElement[bool] | None] | None = None


def _fts_match(table: str, words: Sequence[str]) -> ColumnElement[bool]:
    return literal_column(table).op("MATCH")(" AND ".join(_fts_phrase(w) for w in words))


def _fts_ids(table: str, words: Sequence[str]) -> ColumnElement[bool]:
    return CaseText.id.in_(select(literal_column("rowid")).select_from(sql_table(table)).where(
        _fts_match(table, words)))


def match(dialect: str, query: str) -> Match | None:
    """The condition for ``query`` (None: nothing to search for). All its words must occur, anywhere in the
    description or the notes."""
    words = terms(query)
    if not words:
        return None
    if dialect == "sqlite":
        groups = [(t, ws) for t, ws in ((TRI_TABLE, [w for w in words if not is_short(w)]),
                                        (BI_TABLE, [w for w in words if is_short(w)])) if ws]
        condition = and_(*(_fts_ids(t, ws) for t, ws in groups))
        (first, first_words), rest = groups[0], groups[1:]
        driver = sql_table(first, column("rowid"))
        others = [_fts_ids(t, ws) for t, ws in rest]
        return Match(condition, (driver, _fts_match(first, first_words), and_(*others) if others else None))
    from sqlalchemy.dialects.postgresql import ARRAY, array  # on PostgreSQL only (it brings asyncio along)

    conditions: list[ColumnElement[bool]] = []
    for word in words:
        tokens = pairs(word)
        # the index's own expression, with the separator written out, so the planner matches it to the index
        conditions.append(func.string_to_array(CaseText.grams, literal_column("' '"), type_=ARRAY(TextType()))
                          .op("@>")(cast(array(tokens), ARRAY(TextType()))))
        if not is_short(word):
            conditions.append(CaseText.body.icontains(word, autoescape=True))
    return Match(and_(*conditions))


# --- the writing side ---------------------------------------------------------------------------------


def _note_text(kind: EventKind, note: str) -> str:
    return "" if kind in UNSEARCHED_KINDS else note.strip()


def compose(description: str, notes: Iterable[str]) -> str:
    return "\n".join([description.strip(), *(n for n in notes if n)])


def _write(conn: Connection, case_id: uuid.UUID, body: str) -> None:
    """Put the case's whole text in the index (a new row, or the row replaced)."""
    updated = conn.execute(update(CaseText).where(CaseText.case_id == case_id).values(body=body, grams=grams(body)))
    if updated.rowcount == 0:
        conn.execute(insert(CaseText).values(case_id=case_id, body=body, grams=grams(body)))


def _append(conn: Connection, case_id: uuid.UUID, note: str) -> None:
    row = conn.execute(select(CaseText.body).where(CaseText.case_id == case_id)).first()
    if row is None:  # a case indexed before this module existed and never rebuilt: index it whole
        _write(conn, case_id, case_text_of(conn, case_id))
        return
    body = compose(row.body, [note])
    conn.execute(update(CaseText).where(CaseText.case_id == case_id).values(body=body, grams=grams(body)))


def case_text_of(conn: Connection | Session, case_id: uuid.UUID) -> str:
    """The searchable text of one case, read from the case and its timeline."""
    description = conn.execute(select(Case.description).where(Case.id == case_id)).scalar_one()
    events = conn.execute(select(CaseEvent.kind, CaseEvent.note).where(CaseEvent.case_id == case_id)
                          .order_by(CaseEvent.seq, CaseEvent.desk_code))
    return compose(description, [_note_text(kind, note or "") for kind, note in events])


def reindex(conn: Connection, case_ids: Sequence[uuid.UUID]) -> None:
    """Make these cases' text again (their rows and events came from another desk, past the flush hook)."""
    for case_id in case_ids:
        _write(conn, case_id, case_text_of(conn, case_id))


def index_flush(session: Session, _ctx: object) -> None:
    """The unit of work's ``after_flush`` hook: index what this flush wrote, in the same transaction.

    A new case adds its description; a new event with a note written by a person appends it; a changed
    description (a resident's erasure redacts it) makes the case's text again.
    """
    new_cases = [o for o in session.new if isinstance(o, Case)]
    notes = [o for o in session.new if isinstance(o, CaseEvent) and _note_text(o.kind, o.note or "")]
    changed = [o for o in session.dirty if isinstance(o, Case) and inspect(o).attrs.description.history.has_changes()]
    if not (new_cases or notes or changed):
        return
    conn = session.connection()
    for case in new_cases:
        _write(conn, case.id, compose(case.description, []))
    for event in sorted(notes, key=lambda e: e.seq):
        _append(conn, event.case_id, _note_text(event.kind, event.note or ""))
    for case in changed:
        if case not in new_cases:
            _write(conn, case.id, case_text_of(conn, case.id))


def rebuild(conn: Connection, batch: int = REBUILD_BATCH) -> int:
    """Make the whole index again from the cases and their timelines, in the order of intake; returns the
    number of cases indexed. The FTS5 tables are rebuilt from ``case_text`` by SQLite itself."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # emptied first, then filled without the per-row triggers, then rebuilt once: far faster
        for table in (TRI_TABLE, BI_TABLE):
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        _triggers(conn, enabled=False)
    conn.execute(delete(CaseText))
    total = 0
    last: tuple[Any, Any] | None = None
    while True:
        query = select(Case.id, Case.description, Case.created_at).order_by(Case.created_at, Case.id).limit(batch)
        if last is not None:
            query = query.where((Case.created_at > last[0]) | and_(Case.created_at == last[0], Case.id > last[1]))
        cases = conn.execute(query).all()
        if not cases:
            break
        ids = [c.id for c in cases]
        notes: dict[uuid.UUID, list[str]] = {cid: [] for cid in ids}
        events = conn.execute(select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.note)
                              .where(CaseEvent.case_id.in_(ids), CaseEvent.kind.not_in(UNSEARCHED_KINDS),
                                     CaseEvent.note != "")
                              .order_by(CaseEvent.case_id, CaseEvent.seq, CaseEvent.desk_code))
        for cid, kind, note in events:
            notes[cid].append(_note_text(kind, note))
        rows = []
        for c in cases:
            body = compose(c.description, notes[c.id])
            rows.append({"case_id": c.id, "body": body, "grams": grams(body)})
        conn.execute(insert(CaseText), rows)
        total += len(cases)
        last = (cases[-1].created_at, cases[-1].id)
    if sqlite:
        for table in (TRI_TABLE, BI_TABLE):
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        _triggers(conn, enabled=True)
    return total


# --- the SQLite full-text tables (created by migration 0008; also used by rebuild) -------------------------

SQLITE_TABLES = (
    f"CREATE VIRTUAL TABLE {TRI_TABLE} USING fts5(body, content='case_text', content_rowid='id', "
    "tokenize='trigram')",
    f"CREATE VIRTUAL TABLE {BI_TABLE} USING fts5(grams, content='case_text', content_rowid='id', detail='none')",
)


def _trigger_sql() -> list[str]:
    """External-content FTS5 tables are kept in step with ``case_text`` by these (the pattern of SQLite's docs)."""
    cols = {TRI_TABLE: "body", BI_TABLE: "grams"}
    inserts = " ".join(f"INSERT INTO {t}(rowid, {c}) VALUES (new.id, new.{c});" for t, c in cols.items())
    deletes = " ".join(f"INSERT INTO {t}({t}, rowid, {c}) VALUES ('delete', old.id, old.{c});" for t, c in cols.items())
    return [
        f"CREATE TRIGGER case_text_ai AFTER INSERT ON case_text BEGIN {inserts} END",
        f"CREATE TRIGGER case_text_ad AFTER DELETE ON case_text BEGIN {deletes} END",
        f"CREATE TRIGGER case_text_au AFTER UPDATE ON case_text BEGIN {deletes} {inserts} END",
    ]


SQLITE_TRIGGERS = ("case_text_ai", "case_text_ad", "case_text_au")


def _triggers(conn: Connection, enabled: bool) -> None:
    if enabled:
        for sql in _trigger_sql():
            conn.exec_driver_sql(sql)
    else:
        for name in SQLITE_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def create_sqlite_index(conn: Connection) -> None:
    for sql in SQLITE_TABLES:
        conn.exec_driver_sql(sql)
    _triggers(conn, enabled=True)


PG_INDEX = ("CREATE INDEX ix_case_text_grams ON case_text USING gin ((string_to_array(grams, ' ')))")
