"""The escalation ladder on a fake clock: warnings, breaches, catching up, idempotence, suspended cases, a clock
that jumps backwards, rules per category and urgency, and the status bar's counts.

The test community's 张三 logs a LIFE-WATER request (水电维修: respond within 60 minutes, resolve within 24 hours)
at NOW = 10:00 Beijing time; warnings come 15 minutes before a limit.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import timedelta

import pytest

from app.models import Breach, EventKind
from app.services.cases.escalation import DueCounts, EscalationReport, RuleInput
from app.services.core.errors import PermissionDenied, ValidationError
from tests.unit import casework
from tests.unit.casework import Casework, at_once
from tests.unit.conftest import NOW

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


def ladder(cw: Casework, case_id: uuid.UUID) -> list[tuple[str, str]]:
    """The case's warnings and escalations as (kind, key), in timeline order."""
    return [(e["kind"], e["dedup_key"]) for e in cw.events(case_id) if e["kind"] in ("warned", "escalated")]


def run(cw: Casework, at: timedelta) -> EscalationReport:
    return cw.services.escalation.run(NOW + at)


def test_warning_then_escalation_to_the_director(cw: Casework) -> None:
    cid = cw.new_case()
    assert run(cw, 44 * MIN).items == []
    report = run(cw, 45 * MIN)
    assert [(i.breach, i.warning) for i in report.items] == [(Breach.RESPONSE, True)]
    assert report.items[0].note == "即将超过响应时限（11-20 11:00），请尽快响应"
    assert cw.services.escalation.counts(cw.clerk) == DueCounts(0, 0)  # the counts use the clock: still 10:00
    cw.clock.set(NOW + 50 * MIN)
    assert cw.services.escalation.counts(cw.clerk) == DueCounts(overdue=0, soon=1)
    report = run(cw, 60 * MIN)
    assert [(i.breach, i.warning) for i in report.items] == [(Breach.RESPONSE, False)]
    assert report.items[0].note == "超过响应时限（11-20 11:00）未响应，已上报社区主任"
    row = cw.case(cid)
    assert (row["escalated"], row["in_pool"], row["level"]) == (1, 0, "community")
    cw.clock.set(NOW + 61 * MIN)
    assert cw.services.escalation.counts(cw.director) == DueCounts(overdue=1, soon=0)
    assert ladder(cw, cid) == [("warned", "warn:response#0"), ("escalated", "response#0")]
    escalation = cw.events(cid)[-1]
    assert escalation["actor_id"] is None and escalation["created_at"].startswith("2026-11-20 03:00")


def test_not_resolved_in_24_hours_goes_to_the_difficult_pool_at_street_level(cw: Casework) -> None:
    cid = cw.new_case()
    cw.flow.dispatch(cw.clerk, cid)
    cw.flow.respond(cw.worker, cid, "已联系")
    assert run(cw, 23 * HOUR + 44 * MIN).items == []
    assert [i.warning for i in run(cw, 23 * HOUR + 50 * MIN).items] == [True]
    report = run(cw, DAY)
    assert [(i.breach, i.warning) for i in report.escalations] == [(Breach.RESOLVE, False)]
    assert report.pooled == 1 and "转入难点问题库，提级至街道" in report.items[0].note
    row = cw.case(cid)
    assert (row["in_pool"], row["level"], row["escalated"], row["status"]) == (1, "street", 0, "responded")
    assert ladder(cw, cid) == [("warned", "warn:resolve#0"), ("escalated", "resolve#0")]


def test_a_case_already_at_street_level_goes_to_the_pool_without_a_level_change(cw: Casework) -> None:
    cid = cw.new_case()
    cw.flow.dispatch(cw.clerk, cid)
    cw.flow.respond(cw.worker, cid)
    cw.flow.raise_level(cw.director, cid, "需街道协调")
    cw.flow.raise_level(cw.director, cid, "需区域联动")
    report = run(cw, 2 * DAY)
    assert report.items[0].note == "超过办结时限（11-21 10:00）未办结，转入难点问题库"
    assert cw.case(cid)["level"] == "regional"


def test_catching_up_after_days_switched_off(cw: Casework) -> None:
    """One pass after five days: each limit's escalation once, in order, and no warnings for limits already
    passed; a department called in is escalated too; the next pass has nothing left."""
    cid = cw.new_case()
    cw.flow.call_departments(cw.clerk, cid, [cw.department("物业服务中心")], hours=8)
    other = cw.new_case(resident="王芳")
    cw.flow.dispatch(cw.clerk, other)
    cw.flow.respond(cw.worker, other)
    cw.flow.resolve(cw.worker, other, "已修好")  # then nobody makes the follow-up call
    report = run(cw, 5 * DAY)
    assert report.warnings == []
    assert ladder(cw, cid) == [("escalated", "response#0"),
                               ("escalated", f"department:{cw.department('物业服务中心')}#1"),
                               ("escalated", "resolve#0")]
    assert ladder(cw, other) == [("escalated", "follow_up#0")]
    assert sorted(i.breach for i in report.items) == sorted(
        [Breach.RESPONSE, Breach.DEPARTMENT, Breach.RESOLVE, Breach.FOLLOW_UP])
    calls = cw.flow.detail(cw.clerk, cid).departments
    assert [d.overdue for d in calls] == [True]
    assert run(cw, 5 * DAY).items == [] and run(cw, 9 * DAY).items == []
    cw.assert_cache_is_the_fold()


def test_running_twice_gives_one_event_per_breach(cw: Casework) -> None:
    cid = cw.new_case()
    first = run(cw, 2 * HOUR)
    assert [i.case_id for i in first.items] == [cid]
    before = cw.snapshot()
    for _ in range(3):
        assert run(cw, 2 * HOUR).items == []
    assert cw.snapshot() == before


def test_two_desks_running_the_pass_at_once_record_each_breach_once(cw: Casework) -> None:
    ids = [cw.new_case(resident=name) for name in ("张三", "王芳", "张秀兰", "李建国")]
    reports: list[EscalationReport] = at_once(cw, *[lambda s: s.escalation.run(NOW + 3 * DAY)] * 2)
    assert sum(len(r.items) for r in reports) == 8  # response and resolve of four cases, between the two desks
    for cid in ids:
        assert ladder(cw, cid) == [("escalated", "response#0"), ("escalated", "resolve#0")]


def test_the_database_refuses_a_second_event_for_the_same_breach(cw: Casework) -> None:
    cid = cw.new_case()
    run(cw, 2 * HOUR)
    with sqlite3.connect(cw.services.paths.database) as conn, pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute("INSERT INTO case_event (id, desk_code, created_at, case_id, seq, kind, note, data, dedup_key) "
                     "VALUES (?, 'A01', '2026-11-20 05:00:00', ?, 99, 'escalated', '', '{}', 'response#0')",
                     (uuid.uuid4().hex, cid.hex))


def test_suspended_time_does_not_count(cw: Casework) -> None:
    cid = cw.new_case()
    cw.flow.dispatch(cw.clerk, cid)
    cw.clock.set(NOW + 30 * MIN)
    cw.flow.suspend(cw.director, cid, "居民住院，出院后再上门")
    assert cw.case(cid)["due_at"] is None and cw.case(cid)["next_check_at"] is None
    assert run(cw, 10 * DAY).items == []
    cw.clock.set(NOW + 10 * DAY)
    info = cw.flow.resume(cw.director, cid)
    assert info.due_at == NOW + 10 * DAY + 30 * MIN  # 30 of the 60 minutes were left
    assert run(cw, 10 * DAY + 14 * MIN).items == []
    assert [i.warning for i in run(cw, 10 * DAY + 15 * MIN).items] == [True]
    report = run(cw, 10 * DAY + 30 * MIN)
    assert [(i.breach, i.due_at) for i in report.items] == [(Breach.RESPONSE, NOW + 10 * DAY + 30 * MIN)]


def test_a_clock_jumping_backwards_neither_creates_nor_cancels(cw: Casework) -> None:
    cid = cw.new_case()
    assert len(run(cw, 2 * HOUR).items) == 1  # the response breach
    before = cw.snapshot()
    assert run(cw, 10 * MIN).items == []  # the desk's clock jumped back to 10:10
    assert run(cw, -DAY).items == []
    assert cw.snapshot() == before
    assert cw.case(cid)["escalated"] == 1
    cw.clock.set(NOW + 5 * MIN)  # and someone acts while it is wrong: the fold keeps time moving forward
    cw.flow.dispatch(cw.clerk, cid)
    cw.flow.suspend(cw.director, cid, "等待配件")
    cw.clock.set(NOW + 3 * MIN)
    cw.flow.resume(cw.director, cid)
    assert cw.case(cid)["paused_seconds"] == 0
    assert run(cw, 2 * HOUR).items == []
    cw.assert_cache_is_the_fold()


def test_a_reopened_case_can_breach_again(cw: Casework) -> None:
    cid = cw.new_case()
    cw.flow.dispatch(cw.clerk, cid)
    run(cw, 2 * HOUR)
    cw.clock.set(NOW + 3 * HOUR)
    cw.flow.resolve(cw.worker, cid, "已修好")
    cw.flow.follow_up(cw.clerk, cid, "dissatisfied", "仍然漏水")
    report = run(cw, 5 * HOUR)
    assert [(i.breach, i.warning) for i in report.items] == [(Breach.RESPONSE, False)]
    assert ladder(cw, cid)[-1] == ("escalated", "response#1")


def test_rules_per_category_and_urgency(cw: Casework) -> None:
    water = cw.category("LIFE-WATER")[1]
    assert water is not None
    plain = cw.new_case(urgency=2)
    urgent = cw.new_case(resident="王芳", urgency=4)
    other = cw.new_case(resident="张秀兰", sub="ENV-NOISE", urgency=4)  # 噪音扰民: 30 minutes to respond
    svc = cw.services.escalation
    svc.set_rule(cw.admin, RuleInput(category_id=water, response_minutes=20, warn_minutes=5))
    svc.set_rule(cw.admin, RuleInput(category_id=water, urgency=4, response_minutes=10))
    svc.set_rule(cw.admin, RuleInput(urgency=4, followup_hours=12))
    # Open cases take the new limits at once (their next check moved).
    assert cw.case(plain)["next_check_at"].startswith("2026-11-20 02:15")    # 20 - 5 minutes
    assert cw.case(urgent)["next_check_at"].startswith("2026-11-20 02:05")   # 10 - min(5, 10/2)
    assert cw.case(other)["next_check_at"].startswith("2026-11-20 02:15")    # 30 - 15
    report = run(cw, 10 * MIN)
    assert [(i.case_id, i.warning) for i in report.items] == [(urgent, False)]
    assert [i.case_id for i in run(cw, 20 * MIN).escalations] == [plain]
    assert [i.case_id for i in run(cw, 30 * MIN).escalations] == [other]
    rules = svc.rules(cw.clerk)
    assert [(r.category_name, r.urgency) for r in rules] == [("", 4), ("水电维修", None), ("水电维修", 4)]
    with pytest.raises(PermissionDenied):
        svc.set_rule(cw.director, RuleInput(response_minutes=30))
    with pytest.raises(ValidationError):
        svc.set_rule(cw.admin, RuleInput(urgency=9, response_minutes=0))
    svc.delete_rule(cw.admin, next(r.id for r in rules if r.urgency == 4 and r.category_id == water))
    cw.assert_cache_is_the_fold()


def test_a_rule_is_refused_with_a_message_per_field_and_nothing_written(cw: Casework) -> None:
    svc = cw.services.escalation
    water = cw.category("LIFE-WATER")[1]
    with pytest.raises(ValidationError) as info:
        svc.set_rule(cw.admin, RuleInput(category_id=water, response_minutes=366 * 24 * 60 + 1, resolve_hours=0,
                                         followup_hours=366 * 24 + 1, warn_minutes=-5))
    messages = {k: m.render() for k, m in info.value.errors.items()}
    assert set(messages) == {"response_minutes", "resolve_hours", "followup_hours", "warn_minutes"}
    assert "minutes" in messages["response_minutes"] and "527040" in messages["response_minutes"]
    assert "hours" in messages["resolve_hours"] and "8784" in messages["resolve_hours"]
    assert "minutes" in messages["warn_minutes"] and "hours" in messages["followup_hours"]
    with pytest.raises(ValidationError) as info:
        svc.set_rule(cw.admin, RuleInput(category_id=water))  # no limit at all: it would change nothing
    assert list(info.value.errors) == ["limits"]
    assert svc.rules(cw.admin) == []

    first = svc.set_rule(cw.admin, RuleInput(category_id=water, urgency=4, response_minutes=30), new=True)
    with pytest.raises(ValidationError) as info:  # "add" never silently replaces a rule
        svc.set_rule(cw.admin, RuleInput(category_id=water, urgency=4, response_minutes=5), new=True)
    assert list(info.value.errors) == ["category_id"]
    assert svc.rules(cw.admin) == [first]
    changed = svc.set_rule(cw.admin, RuleInput(category_id=water, urgency=4, response_minutes=5))  # an edit
    assert changed.id == first.id and changed.response_minutes == 5


def test_the_categories_own_limits_are_the_defaults_a_rule_overrides(cw: Casework) -> None:
    limits = cw.services.escalation.category_limits(cw.clerk)
    top, water = cw.category("LIFE-WATER")
    tops = [c for c in limits if c.parent_id is None]
    assert len(tops) == 5 and limits[0].parent_id is None
    at = {c.id: i for i, c in enumerate(limits)}
    assert at[top] < at[water]  # each class before its sub-categories
    assert all(at[c.parent_id] < at[c.id] for c in limits if c.parent_id is not None)
    row = limits[at[water]]
    assert (row.name, row.parent_name, row.response_minutes, row.resolve_hours) == ("水电维修", "生活服务", 60, 24)


def test_a_rules_resolution_limit_shortens_the_deadline_never_lengthens_it(cw: Casework) -> None:
    house = cw.category("LIFE-HOUSE")[1]  # 房屋维修: 72 hours
    cid = cw.new_case(sub="LIFE-HOUSE")
    cw.services.escalation.set_rule(cw.admin, RuleInput(category_id=house, resolve_hours=48))
    assert cw.flow.detail(cw.clerk, cid).info.due_at == NOW + HOUR
    cw.flow.dispatch(cw.clerk, cid)
    cw.flow.respond(cw.worker, cid)
    assert cw.flow.detail(cw.clerk, cid).info.due_at == NOW + 48 * HOUR
    cw.services.escalation.set_rule(cw.admin, RuleInput(category_id=house, resolve_hours=100))
    assert cw.flow.detail(cw.clerk, cid).info.due_at == NOW + 72 * HOUR


def test_escalation_events_are_timeline_events(cw: Casework) -> None:
    cid = cw.new_case()
    run(cw, 30 * HOUR)
    detail = cw.flow.detail(cw.clerk, cid)
    assert [e.kind for e in detail.timeline] == [EventKind.CREATED, EventKind.ESCALATED, EventKind.ESCALATED]
    assert detail.timeline[-1].data["level_to"] == "street" and detail.timeline[-1].actor_name == ""
    assert detail.info.in_pool
