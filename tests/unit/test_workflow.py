"""The workflow of a request after intake: every action from every state, who may do it, what it records.

State is derived from events: after every step the cached columns of every case must equal a fresh fold of its
timeline, and a refused step must leave every case table and the audit trail exactly as they were.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.models import CaseStatus, EventKind, HandlingLevel, Satisfaction
from app.services.cases.timeline import TRANSITIONS
from app.services.cases.workflow import PERMISSION_OF
from app.services.core.container import Services
from app.services.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationError
from tests.unit import casework
from tests.unit.casework import Casework, at_once
from tests.unit.conftest import NOW

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

DEPT_A, DEPT_B = "物业服务中心", "街道城管科"
STATES = ("new", "dispatched", "responded", "suspended", "resolved", "followed_up", "closed", "merged")


def bring(cw: Casework, state: str, call: bool = True) -> uuid.UUID:
    """A fresh case (张三's) in ``state``; with ``call``, 物业服务中心 is called in at once and has not reported."""
    flow = cw.flow
    cid = cw.new_case()
    if call:
        flow.call_departments(cw.clerk, cid, [cw.department(DEPT_A)])
    if state == "merged":
        flow.merge(cw.clerk, cid, cw.new_case(resident="王芳"))
    if state in ("new", "merged"):
        return cid
    flow.dispatch(cw.clerk, cid)
    if state == "suspended":
        flow.suspend(cw.director, cid, "居民外出，约定下周上门")
    if state in ("dispatched", "suspended"):
        return cid
    flow.respond(cw.worker, cid, "已电话联系居民")
    if state == "responded":
        return cid
    flow.resolve(cw.worker, cid, "已更换水管接头，试水无渗漏")
    if state == "followed_up":
        flow.follow_up(cw.clerk, cid, "satisfied")
    if state == "closed":
        flow.close(cw.director, cid)
    return cid


Action = Callable[[Casework, uuid.UUID, uuid.UUID], Any]
ACTIONS: dict[str, Action] = {
    "dispatch": lambda cw, cid, spare: cw.flow.dispatch(cw.clerk, cid, cw.worker2.user_id),
    "respond": lambda cw, cid, spare: cw.flow.respond(cw.worker, cid, "已联系"),
    "note": lambda cw, cid, spare: cw.flow.add_note(cw.worker, cid, "已上门查看，需更换阀门"),
    "call": lambda cw, cid, spare: cw.flow.call_departments(cw.clerk, cid, [cw.department(DEPT_B)]),
    "report": lambda cw, cid, spare: cw.flow.department_report(cw.clerk, cid, cw.department(DEPT_A), "已派维修工"),
    "raise": lambda cw, cid, spare: cw.flow.raise_level(cw.director, cid, "需街道协调"),
    "suspend": lambda cw, cid, spare: cw.flow.suspend(cw.director, cid, "等待配件到货"),
    "resume": lambda cw, cid, spare: cw.flow.resume(cw.director, cid),
    "resolve": lambda cw, cid, spare: cw.flow.resolve(cw.worker, cid, "已修好"),
    "follow_up_ok": lambda cw, cid, spare: cw.flow.follow_up(cw.clerk, cid, "satisfied"),
    "follow_up_bad": lambda cw, cid, spare: cw.flow.follow_up(cw.clerk, cid, "dissatisfied", "仍然漏水"),
    "close": lambda cw, cid, spare: cw.flow.close(cw.director, cid),
    "reopen": lambda cw, cid, spare: cw.flow.reopen(cw.director, cid, "居民反映问题复发"),
    "merge": lambda cw, cid, spare: cw.flow.merge(cw.clerk, cid, spare),
}

_ = None  # refused
# (state, action) -> the status after it, or _ when it is refused. Written out by hand, not derived from the code.
EXPECTED: dict[str, dict[str, str | None]] = {
    "new": dict(dispatch="dispatched", respond=_, note="new", call="new", report="new", raise_="new",
                suspend="suspended", resume=_, resolve=_, follow_up_ok=_, follow_up_bad=_, close=_, reopen=_,
                merge="merged"),
    "dispatched": dict(dispatch="dispatched", respond="responded", note="dispatched", call="dispatched",
                       report="dispatched", raise_="dispatched", suspend="suspended", resume=_, resolve="resolved",
                       follow_up_ok=_, follow_up_bad=_, close=_, reopen=_, merge="merged"),
    "responded": dict(dispatch="responded", respond=_, note="responded", call="responded", report="responded",
                      raise_="responded", suspend="suspended", resume=_, resolve="resolved", follow_up_ok=_,
                      follow_up_bad=_, close=_, reopen=_, merge="merged"),
    "suspended": dict(dispatch=_, respond=_, note="suspended", call=_, report="suspended", raise_=_, suspend=_,
                      resume="dispatched", resolve=_, follow_up_ok=_, follow_up_bad=_, close=_, reopen=_,
                      merge="merged"),
    "resolved": dict(dispatch=_, respond=_, note="resolved", call=_, report=_, raise_=_, suspend=_, resume=_,
                     resolve=_, follow_up_ok="resolved", follow_up_bad="dispatched", close="closed",
                     reopen="dispatched", merge=_),
    "followed_up": dict(dispatch=_, respond=_, note="resolved", call=_, report=_, raise_=_, suspend=_, resume=_,
                        resolve=_, follow_up_ok=_, follow_up_bad=_, close="closed", reopen="dispatched", merge=_),
    "closed": dict(dispatch=_, respond=_, note="closed", call=_, report=_, raise_=_, suspend=_, resume=_, resolve=_,
                   follow_up_ok=_, follow_up_bad=_, close=_, reopen="dispatched", merge=_),
    "merged": dict(dispatch=_, respond=_, note=_, call=_, report=_, raise_=_, suspend=_, resume=_, resolve=_,
                   follow_up_ok=_, follow_up_bad=_, close=_, reopen=_, merge=_),
}
for row in EXPECTED.values():
    row["raise"] = row.pop("raise_")


def test_the_table_covers_every_state_and_action() -> None:
    assert set(EXPECTED) == set(STATES)
    assert all(set(row) == set(ACTIONS) for row in EXPECTED.values())


@pytest.mark.parametrize("state", STATES)
def test_every_action_from_every_state(cw: Casework, state: str) -> None:
    """Allowed: exactly one event (a merge: one on each case), the expected status, the cache equal to the fold.
    Refused: a Conflict naming the case, and not one row of any case table or of the audit trail changed."""
    for action, expected in EXPECTED[state].items():
        cid = bring(cw, state)
        spare = cw.new_case(resident="王芳")
        cw.clock.advance(timedelta(minutes=1))
        before_events, before = len(cw.events(cid)), cw.snapshot()
        case_no = cw.case(cid)["case_no"]
        if expected is None:
            with pytest.raises(Conflict) as refused:
                ACTIONS[action](cw, cid, spare)
            assert case_no in refused.value.render(), (state, action)
            assert cw.snapshot() == before, (state, action)
        else:
            ACTIONS[action](cw, cid, spare)
            assert cw.case(cid)["status"] == expected, (state, action)
            assert len(cw.events(cid)) == before_events + 1, (state, action)
            if action == "merge":
                assert cw.kinds(spare)[-1] == EventKind.ABSORBED
        cw.assert_cache_is_the_fold()


# ---- the refusals a clerk will meet, and what they say ---------------------------------------------------


def test_resolving_a_closed_case_says_it_is_closed_and_to_reopen(cw: Casework) -> None:
    cid = bring(cw, "closed")
    with pytest.raises(Conflict, match="is closed; reopen it") as refused:
        cw.flow.resolve(cw.worker, cid, "再次办结")
    assert refused.value.message.params["action"] == "办结"


def test_follow_up_before_resolution_is_refused(cw: Casework) -> None:
    cid = bring(cw, "responded")
    with pytest.raises(Conflict, match="has not been resolved yet"):
        cw.flow.follow_up(cw.clerk, cid, "satisfied")
    with pytest.raises(Conflict, match="already had its follow-up call"):
        cw.flow.follow_up(cw.clerk, bring(cw, "followed_up"), "satisfied")


def test_merge_into_itself_and_into_a_merged_or_closed_case(cw: Casework) -> None:
    a, b, c = cw.new_case(), cw.new_case(resident="王芳"), cw.new_case(resident="张秀兰")
    cw.flow.merge(cw.clerk, b, c)  # b now points to c
    closed = bring(cw, "closed")
    before = cw.snapshot()
    with pytest.raises(Conflict, match="cannot be merged into itself"):
        cw.flow.merge(cw.clerk, a, a)
    with pytest.raises(Conflict, match="was itself merged into") as refused:
        cw.flow.merge(cw.clerk, a, b)
    assert refused.value.message.params["other"] == cw.case(c)["case_no"]
    with pytest.raises(Conflict, match="merged only into an open one"):
        cw.flow.merge(cw.clerk, a, closed)
    with pytest.raises(NotFound):
        cw.flow.merge(cw.clerk, a, uuid.uuid4())
    assert cw.snapshot() == before


def test_a_refusal_for_a_condition_writes_nothing(cw: Casework) -> None:
    cid = bring(cw, "dispatched")
    before = cw.snapshot()
    with pytest.raises(Conflict, match="already with"):
        cw.flow.dispatch(cw.clerk, cid)  # the grid worker has it already
    with pytest.raises(Conflict, match="has already been called in"):
        cw.flow.call_departments(cw.clerk, cid, [cw.department(DEPT_A)])
    with pytest.raises(Conflict, match="has not been called in"):
        cw.flow.department_report(cw.clerk, cid, cw.department(DEPT_B), "已处理")
    with pytest.raises(ValidationError):
        cw.flow.suspend(cw.director, cid, " ")
    with pytest.raises(ValidationError):
        cw.flow.follow_up(cw.clerk, cid, "very happy")
    for _ in range(3):
        cw.flow.raise_level(cw.director, cid, "需上级协调")
    after_raises = cw.snapshot()
    with pytest.raises(Conflict, match="highest level"):
        cw.flow.raise_level(cw.director, cid, "还要再升")
    assert cw.snapshot() == after_raises
    assert before != after_raises


# ---- who may do what -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who, action, allowed", [
    ("worker", "dispatch", False), ("clerk", "dispatch", True), ("director", "dispatch", True),
    ("timebank", "respond", False), ("worker", "respond", True),
    ("worker", "follow_up_ok", False), ("clerk", "follow_up_ok", True),
    ("clerk", "close", False), ("director", "close", True),
    ("clerk", "suspend", False), ("worker", "raise", False), ("director", "raise", True),
    ("worker", "merge", False), ("clerk", "merge", True), ("admin", "reopen", True), ("clerk", "reopen", False),
])
def test_roles(cw: Casework, who: str, action: str, allowed: bool) -> None:
    state = {"follow_up_ok": "resolved", "close": "resolved", "reopen": "closed"}.get(action, "dispatched")
    if action == "respond":
        state = "dispatched"
    cid, spare = bring(cw, state), cw.new_case(resident="王芳")
    actor = getattr(cw, who)
    kind = {"dispatch": EventKind.DISPATCHED, "respond": EventKind.RESPONDED, "follow_up_ok": EventKind.FOLLOWED_UP,
            "close": EventKind.CLOSED, "suspend": EventKind.SUSPENDED, "raise": EventKind.LEVEL_RAISED,
            "merge": EventKind.MERGED, "reopen": EventKind.REOPENED}[action]
    calls = {
        "dispatch": lambda: cw.flow.dispatch(actor, cid, cw.worker2.user_id),
        "respond": lambda: cw.flow.respond(actor, cid),
        "follow_up_ok": lambda: cw.flow.follow_up(actor, cid, "satisfied"),
        "close": lambda: cw.flow.close(actor, cid),
        "suspend": lambda: cw.flow.suspend(actor, cid, "等待"),
        "raise": lambda: cw.flow.raise_level(actor, cid, "需协调"),
        "merge": lambda: cw.flow.merge(actor, cid, spare),
        "reopen": lambda: cw.flow.reopen(actor, cid, "复发"),
    }
    before = cw.snapshot()
    if allowed:
        calls[action]()
        assert cw.kinds(cid)[-1] == kind
    else:
        with pytest.raises(PermissionDenied, match=PERMISSION_OF[kind].value):
            calls[action]()
        assert cw.snapshot() == before


# ---- what each step records --------------------------------------------------------------------------


def test_dispatch_goes_to_the_grid_worker_of_the_residents_grid(cw: Casework) -> None:
    cid = cw.new_case()
    info = cw.flow.dispatch(cw.clerk, cid)
    assert (info.status, info.assignee_id) == (CaseStatus.DISPATCHED, cw.worker.user_id)
    assert cw.events(cid)[-1]["data"] == (f'{{"assignee_id": "{cw.worker.user_id}", "assignee": "赵网格", '
                                          f'"auto": true}}')
    lonely = cw.new_case(resident="李建国")  # building 5: no grid
    with pytest.raises(Conflict, match="no grid worker"):
        cw.flow.dispatch(cw.clerk, lonely)
    assert cw.flow.dispatch(cw.clerk, lonely, cw.worker2.user_id).assignee_id == cw.worker2.user_id
    with pytest.raises(ValidationError):
        cw.flow.dispatch(cw.clerk, cid, cw.timebank.user_id)  # not a role that handles requests


def test_departments_are_tracked_each_on_its_own(cw: Casework) -> None:
    cid = cw.new_case()
    a, b = cw.department(DEPT_A), cw.department(DEPT_B)
    cw.flow.call_departments(cw.clerk, cid, [a, b], hours=4)
    cw.clock.advance(timedelta(hours=1))
    cw.flow.department_report(cw.clerk, cid, a, "已派维修工上门")
    calls = {d.name: d for d in cw.flow.detail(cw.clerk, cid).departments}
    assert calls[DEPT_A].reported_at == NOW + timedelta(hours=1) and calls[DEPT_A].report_due_at is None
    assert calls[DEPT_B].reported_at is None and calls[DEPT_B].report_due_at == NOW + timedelta(hours=4)
    cw.flow.call_departments(cw.clerk, cid, [a], hours=2)  # called again after its report: a new deadline
    calls = {d.name: d for d in cw.flow.detail(cw.clerk, cid).departments}
    assert calls[DEPT_A].report_due_at == NOW + timedelta(hours=3)


def test_the_level_goes_up_one_step_at_a_time(cw: Casework) -> None:
    cid = bring(cw, "dispatched")
    levels = [cw.flow.raise_level(cw.director, cid, "需协调").level for _ in range(3)]
    assert levels == [HandlingLevel.STREET, HandlingLevel.REGIONAL, HandlingLevel.TASK_FORCE]


def test_suspension_stops_the_clock(cw: Casework) -> None:
    cid = bring(cw, "dispatched")
    due = cw.flow.detail(cw.clerk, cid).info.due_at
    cw.clock.advance(timedelta(minutes=10))
    assert cw.flow.suspend(cw.director, cid, "居民住院").due_at is None
    cw.clock.advance(timedelta(days=3))
    info = cw.flow.resume(cw.director, cid)
    assert info.status is CaseStatus.DISPATCHED
    assert info.due_at == due + timedelta(days=3)
    assert cw.case(cid)["paused_seconds"] == 3 * 86400


def test_dissatisfied_follow_up_reopens_for_a_new_round(cw: Casework) -> None:
    cid = bring(cw, "resolved", call=False)
    cw.clock.advance(timedelta(days=1))
    info = cw.flow.follow_up(cw.clerk, cid, "dissatisfied", "仍然漏水")
    assert (info.status, info.cycle, info.satisfaction) == (CaseStatus.DISPATCHED, 1, None)
    assert info.assignee_id == cw.worker.user_id
    assert info.due_at == cw.clock.now() + timedelta(hours=1)  # a fresh response limit
    cw.flow.respond(cw.worker, cid)
    cw.flow.resolve(cw.worker, cid, "更换整段水管")
    assert cw.flow.follow_up(cw.clerk, cid, "basically_satisfied").satisfaction is Satisfaction.BASICALLY


def test_merge_counts_the_residents_on_the_survivor(cw: Casework) -> None:
    survivor, dup = cw.new_case(), cw.new_case(resident="王芳")  # 301 and 302: two households
    info = cw.flow.merge(cw.clerk, dup, survivor, "同一处漏水")
    assert (info.id, info.households_count) == (survivor, 2)
    merged = cw.case(dup)
    assert (merged["status"], merged["merged_into_id"]) == ("merged", survivor.hex)
    assert cw.kinds(survivor)[-1] == "absorbed" and cw.kinds(dup)[-1] == "merged"
    reporters = cw.sql("SELECT count(*) AS n FROM case_reporter WHERE case_id = ?", survivor.hex)
    assert reporters[0]["n"] == 2
    with pytest.raises(Conflict, match="was merged into"):
        cw.flow.add_note(cw.worker, dup, "补充")


def test_public_notes_and_the_timeline(cw: Casework) -> None:
    cid = bring(cw, "responded")
    cw.flow.add_note(cw.worker, cid, "已联系物业，明日上午维修", public=True)
    cw.flow.add_note(cw.worker, cid, "居民情绪激动，注意沟通")
    detail = cw.flow.detail(cw.worker, cid)
    assert [e.kind for e in detail.timeline] == ["created", "departments_called", "dispatched", "responded",
                                                  "note", "note"]
    assert [e.public for e in detail.timeline[-2:]] == [True, False]
    assert detail.timeline[2].actor_name == "刘晓燕"
    assert EventKind.RESOLVED in detail.actions and EventKind.CLOSED not in detail.actions
    assert EventKind.DISPATCHED not in detail.actions  # a grid worker does not dispatch


# ---- two desks at once ---------------------------------------------------------------------------------


def test_two_clerks_acting_on_one_case_at_once_both_land(cw: Casework) -> None:
    """Two processes' worth of sessions (two engines) on one SQLite file, released together, each adding notes
    and one a dispatch: every action is on the timeline, numbered without a gap, and the cache is their fold."""
    cid = cw.new_case()

    def desk(name: str, dispatch: bool) -> Callable[[Services], None]:
        def work(services: Services) -> None:
            for i in range(8):
                services.workflow.add_note(cw.clerk, cid, f"{name}第{i}条")
                if dispatch and i == 3:
                    services.workflow.dispatch(cw.clerk, cid)
        return work

    at_once(cw, desk("甲", True), desk("乙", False))
    events = cw.events(cid)
    assert [e["seq"] for e in events] == list(range(1, 19))
    assert sorted(e["note"] for e in events if e["kind"] == "note") == sorted(
        [f"甲第{i}条" for i in range(8)] + [f"乙第{i}条" for i in range(8)])
    assert cw.case(cid)["status"] == "dispatched"
    cw.assert_cache_is_the_fold()


def test_the_timeline_is_append_only(cw: Casework) -> None:
    import sqlite3

    cid = bring(cw, "dispatched")
    with sqlite3.connect(cw.services.paths.database) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE case_event SET kind = 'resolved' WHERE case_id = ?", (cid.hex,))


# ---- random walks ------------------------------------------------------------------------------------


def model_step(status: str, before_suspension: str, action: str) -> tuple[str | None, str]:
    """An independent model of the status machine: (status after, status before suspension); None = refused."""
    running = status in ("new", "dispatched", "responded")
    table = {
        "dispatch": "dispatched" if status == "new" else status if running else None,
        "respond": "responded" if status == "dispatched" else None,
        "note": status if status != "merged" else None,
        "suspend": "suspended" if running else None,
        "resume": before_suspension if status == "suspended" else None,
        "resolve": "resolved" if status in ("dispatched", "responded") else None,
        "close": "closed" if status == "resolved" else None,
        "reopen": "dispatched" if status in ("resolved", "closed") else None,
        "merge": "merged" if running or status == "suspended" else None,
    }
    after = table[action]
    return after, status if action == "suspend" and after else before_suspension


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["dispatch", "respond", "note", "suspend", "resume", "resolve", "close", "reopen",
                                 "merge", "follow_up_ok", "follow_up_bad"]), min_size=1, max_size=14))
def test_random_walks_follow_the_model(cw: Casework, steps: list[str]) -> None:
    cid = cw.new_case()
    status, before_suspension, followed, assigned = "new", "new", False, False
    for step in steps:
        cw.clock.advance(timedelta(minutes=7))
        spare = cw.new_case(resident="王芳")
        if step.startswith("follow_up"):
            expected = None if status != "resolved" or followed else (
                "resolved" if step == "follow_up_ok" else "dispatched")
            new_before = before_suspension
        elif step == "dispatch" and assigned and status in ("dispatched", "responded"):
            expected, new_before = None, before_suspension  # to the same grid worker again
        else:
            expected, new_before = model_step(status, before_suspension, step)
        before = cw.snapshot()
        try:
            if step == "dispatch":  # to the default handler, so a second dispatch is refused
                cw.flow.dispatch(cw.clerk, cid)
            else:
                ACTIONS[step](cw, cid, spare)
        except DomainError:
            assert expected is None, (steps, step, status)
            assert cw.snapshot() == before
            continue
        assert expected is not None, (steps, step, status)
        assigned = assigned or step == "dispatch"
        followed = step == "follow_up_ok" or (followed and step not in ("reopen", "resolve"))
        status, before_suspension = expected, new_before
        assert cw.case(cid)["status"] == status, (steps, step)
    cw.assert_cache_is_the_fold()


def test_transitions_table_names_every_action_kind() -> None:
    assert set(TRANSITIONS) == set(PERMISSION_OF)
