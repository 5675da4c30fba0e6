"""`main.py verify`: the database is sound and the app's own invariants hold."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.models import APPEND_ONLY_TABLES, Case, CaseCounter, CaseEvent, EventKind
from app.services.cases import rollup
from app.services.cases.escalation import check as check_cases
from app.services.cases.intake import households_by_case
from app.services.core.anchors import AnchorFile, check_anchors, check_published
from app.services.core.audit import check_chains
from app.services.core.audit_words import thing
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Message
from app.services.core.replay import check_replay
from app.services.ledger import posting as ledger
from app.services.ledger.points.check import check as check_points

DAYS_SHOWN = 5
CASE_NO_RE = re.compile(r"^(?P<desk>[A-Z][A-Z0-9]{1,7})-(?P<day>\d{8})-(?P<seq>\d{4,})$")


class VerifyService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def run(self, anchors: Sequence[AnchorFile] = ()) -> list[Message]:
        """Every problem found, each naming what is wrong; an empty list means healthy. ``anchors``: heads of the
        audit chain published outside the database (``anchors.read_anchor_file``), each proved still in the chain."""
        return self._run(None, anchors)

    def check(self, actor: Actor) -> list[Message]:
        """The same checks for the administrator in the app (操作记录 > 检查数据), in the same words."""
        return self._run(actor, ())

    def _run(self, actor: Actor | None, anchors: Sequence[AnchorFile]) -> list[Message]:
        problems: list[Message] = []
        if self._db.needs_migration():
            problems.append(Message(QT_TRANSLATE_NOOP("errors", "The database schema is at revision {have}, "
                                                      "the app expects {want}."),
                                    {"have": self._db.current_revision(), "want": self._db.head_revision()}))
            return problems
        with self._db.reading() as session:
            if actor is not None:  # the command line is IT staff at the desk's PC; the app asks for the right
                require(session, actor, Permission.VIEW_AUDIT)
            problems += self._storage(session)
            problems += self._cases(session)
            problems += check_cases(session)
            problems += check_chains(session)
            problems += check_published(session)
            problems += check_anchors(session, anchors)
            problems += check_replay(session)  # every audited row as the trail last recorded it
            problems += ledger.check(session)
            problems += check_points(session)
            problems += _figures(session)
        return problems

    def rebuild_figures(self) -> int:
        """Count the dashboard's daily figures (the rates' rollup) again from the requests, after writes that
        bypassed the app (``main.py verify --rebuild-figures``); returns the number of day rows."""
        with self._db.transaction() as session:
            return rollup.rebuild(session.connection())

    def _storage(self, session: Session) -> list[Message]:
        problems = []
        if self._db.is_sqlite:
            result = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
            if result != ["ok"]:
                problems.append(Message(QT_TRANSLATE_NOOP("errors", "SQLite integrity check failed: {detail}"),
                                        {"detail": "; ".join(result[:5])}))
            for table, rowid, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
                problems.append(Message(QT_TRANSLATE_NOOP("errors", "Record {rowid} of {thing} points to a {parent} "
                                                          "that no longer exists."),
                                        {"rowid": rowid, "thing": thing(table), "parent": thing(parent)}))
            triggers = {r[0] for r in session.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))}
            for table in APPEND_ONLY_TABLES:
                for trigger, against in ((f"{table}_no_update", "修改"), (f"{table}_no_delete", "删除")):
                    if trigger not in triggers:
                        problems.append(_no_guard(table, against))
        else:
            for table in APPEND_ONLY_TABLES:
                # On this table (not one of the same name elsewhere), and in force: unlike SQLite's, a
                # PostgreSQL trigger can be switched off (ALTER TABLE ... DISABLE TRIGGER) and then guards nothing.
                found = session.scalar(text("SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass(:t) "
                                            "AND tgname = :n AND tgenabled IN ('O', 'A')"),
                                       {"t": table, "n": f"{table}_append_only"})
                if not found:
                    problems.append(_no_guard(table, "修改和删除"))
        return problems

    def _cases(self, session: Session) -> list[Message]:
        problems = []
        counters = {(c.desk_code, c.day.strftime("%Y%m%d")): c.last for c in session.scalars(select(CaseCounter))}
        first_events = dict(session.execute(
            select(CaseEvent.case_id, func.count()).where(CaseEvent.kind == EventKind.CREATED)
            .group_by(CaseEvent.case_id)
        ).all())
        households = households_by_case(session)
        for case in session.scalars(select(Case)):
            m = CASE_NO_RE.match(case.case_no)
            if not m:
                problems.append(Message(QT_TRANSLATE_NOOP("errors", "Case {no} has a malformed number."),
                                        {"no": case.case_no}))
            elif int(m["seq"]) > counters.get((m["desk"], m["day"]), 0):
                problems.append(Message(QT_TRANSLATE_NOOP("errors", "Case {no} is beyond its desk's counter; "
                                                          "the next number could repeat it."), {"no": case.case_no}))
            if first_events.get(case.id, 0) != 1:
                problems.append(Message(QT_TRANSLATE_NOOP("errors", "Case {no} has {n} intake events instead of "
                                                          "one."), {"no": case.case_no,
                                                                    "n": first_events.get(case.id, 0)}))
            if case.priority != case.urgency * case.scope.weight:
                problems.append(Message(QT_TRANSLATE_NOOP("errors", "Case {no}: priority {p} is not urgency "
                                                          "times scope."), {"no": case.case_no, "p": case.priority}))
            count = households.get(case.id, 0)
            if count != case.households_count:
                problems.append(Message(QT_TRANSLATE_NOOP("errors", "Case {no} says {n} households but its "
                                                          "reporters come from {m}."),
                                        {"no": case.case_no, "n": case.households_count, "m": count}))
        return problems


def _figures(session: Session) -> list[Message]:
    """The rates' daily rollup against a recount of the requests (it is derived data: a difference is mended by
    counting it again, nothing is lost)."""
    days = rollup.differences(session.connection())
    if not days:
        return []
    shown = "、".join(d.isoformat() for d in days[:DAYS_SHOWN]) + ("…" if len(days) > DAYS_SHOWN else "")
    return [Message(QT_TRANSLATE_NOOP("errors", "The dashboard's daily figures of {n} day(s) ({days}) differ from a "
                                                "recount of the requests. Count them again with: main.py verify "
                                                "--rebuild-figures"), {"n": len(days), "days": shown})]


def _no_guard(table: str, against: str) -> Message:
    """A guard trigger of an append-only table is gone: named by what it keeps (积分记账) and what it stops (删除)."""
    return Message(QT_TRANSLATE_NOOP("errors", "The guard that stops {against} of {thing} records is missing: someone "
                                               "removed it from the database file."),
                   {"thing": thing(table), "against": against})
