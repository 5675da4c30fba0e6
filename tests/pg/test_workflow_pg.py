"""The workflow's row locks on PostgreSQL: two desks acting on the same requests at the same moment.

Every action locks its case (SELECT ... FOR UPDATE) and folds the events it then reads; under READ COMMITTED the
second desk waits for the first's lock and folds the first's committed event too, so both actions land with
consecutive sequence numbers. A merge locks both cases in id order, so two opposite merges cannot deadlock: one
wins, the other is refused. Two escalation passes at once record each breach once (the second waits for the
first's locks, then finds those cases no longer due).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import Row, select

from app.models import Case, CaseEvent, CaseStatus, EventKind
from app.services.cases.escalation import RuleBook
from app.services.cases.timeline import cached, fold, folded, load_events
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import Conflict
from tests.pg.desks import at_once
from tests.pg.test_postgres import LI_SI, NOW, PASSWORD, ZHANG_SAN, request_form

ROUNDS = 6


def new_case(services: Services, admin: Actor, description: str) -> uuid.UUID:
    resident = services.residents.search(admin, "张三")
    rid = resident[0].id if resident else services.residents.create(admin, ZHANG_SAN).id
    return services.intake.submit(admin, request_form(services, admin, rid, description)).case_id


def events_of(services: Services, case_id: uuid.UUID) -> list[Row[Any]]:
    """(seq, kind, note, dedup_key) of each event of the case, in order."""
    with services.db.reading() as session:
        return list(session.execute(select(CaseEvent.seq, CaseEvent.kind, CaseEvent.note, CaseEvent.dedup_key)
                                    .where(CaseEvent.case_id == case_id).order_by(CaseEvent.seq)))


def test_two_desks_acting_on_one_case_at_once_both_land(desks: tuple[Services, Services]) -> None:
    one, two = desks
    admin = one.auth.login("admin", PASSWORD)
    handler = one.workflow.handlers(admin)[0].id
    cid = new_case(one, admin, "五号楼门口路灯不亮，晚上出入不安全")

    def desk(services: Services, name: str, dispatch: bool) -> Callable[[], None]:
        def work() -> None:
            for i in range(ROUNDS):
                services.workflow.add_note(admin, cid, f"{name}第{i}条")
                if dispatch and i == 2:
                    services.workflow.dispatch(admin, cid, handler)
        return work

    assert at_once(desk(one, "甲", True), desk(two, "乙", False)) == [None, None]
    events = events_of(one, cid)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))  # numbered without a gap
    notes = sorted(e.note for e in events if e.kind is EventKind.NOTE)
    assert notes == sorted([f"甲第{i}条" for i in range(ROUNDS)] + [f"乙第{i}条" for i in range(ROUNDS)])
    assert [e.kind for e in events].count(EventKind.DISPATCHED) == 1
    with one.db.reading() as session:
        case = session.get(Case, cid)
        assert case is not None and case.status is CaseStatus.DISPATCHED and case.assignee_id == handler
        limits = RuleBook.load(session).limits(case)
        assert cached(case) == folded(fold(case.created_at, limits, load_events(session, [cid])[cid]), limits)


def test_opposite_merges_at_once_one_wins_and_nothing_deadlocks(desks: tuple[Services, Services]) -> None:
    one, two = desks
    admin = one.auth.login("admin", PASSWORD)
    for n in range(ROUNDS):
        a = new_case(one, admin, f"{n + 1}号楼楼道堆满杂物，消防通道堵了")
        b = new_case(one, admin, f"{n + 1}号楼楼道有人堆放旧家具，堵住消防通道")
        outcome = at_once(lambda a=a, b=b: one.workflow.merge(admin, a, b, "同一件事"),
                          lambda a=a, b=b: two.workflow.merge(admin, b, a, "同一件事"))
        refused = [o for o in outcome if isinstance(o, Conflict)]
        assert len(refused) == 1 and len(outcome) - len(refused) == 1, outcome
        merged = [cid for cid in (a, b) if any(e.kind is EventKind.MERGED for e in events_of(one, cid))]
        assert len(merged) == 1  # exactly one of the two points to the other


def test_two_escalation_passes_at_once_record_each_breach_once(desks: tuple[Services, Services]) -> None:
    one, two = desks
    admin = one.auth.login("admin", PASSWORD)
    one.residents.create(admin, LI_SI)
    ids = [new_case(one, admin, f"{n + 1}号楼地下室进水，请尽快处理") for n in range(4)]
    later = NOW + timedelta(days=3)
    reports = at_once(lambda: one.escalation.run(later), lambda: two.escalation.run(later))
    assert not any(isinstance(r, Exception) for r in reports), reports
    recorded = [(item.case_id, item.breach, item.warning) for r in reports for item in r.items]
    assert len(recorded) == len(set(recorded))  # no breach recorded by both desks
    for cid in ids:
        keys = [e.dedup_key for e in events_of(one, cid) if e.dedup_key]
        assert sorted(keys) == sorted(set(keys)) and {"response#0", "resolve#0"} <= set(keys), keys
    assert len(recorded) == sum(len([e for e in events_of(one, c) if e.dedup_key]) for c in ids)
    again = at_once(lambda: one.escalation.run(later), lambda: two.escalation.run(later))
    assert [r.items for r in again] == [[], []]
