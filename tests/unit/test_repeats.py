"""Repeat callers (重复诉求, issue 20) on a real SQLite file: the caller's requests of the last 90 days (by resident
and by the caller's number), the same problem among them, a request marked as a repeat and what the check refuses, a
call attached to an earlier open request, the count of repeats (the rollup and the direct count, the list's filter)
and the residents with three or more requests in a month."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime, timedelta

import pytest

from app.models import CaseStatus, Channel, Scope
from app.services.cases import rates, rollup
from app.services.cases.intake import IntakeForm, SavedCase
from app.services.cases.listing import CaseQuery
from app.services.cases.repeats import REPEAT_DAYS, PastRequest, same_problem
from app.services.core.clock import local
from app.services.core.errors import Conflict, ValidationError
from tests.unit import casework
from tests.unit.casework import Casework
from tests.unit.conftest import NOW

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

NUMBER = "13800001111"
AGAIN = "我上次反映的厨房水管还在漏，楼下又湿了，请再派人看看。"


def form(cw: Casework, resident: str = "张三", sub: str = "LIFE-WATER", **changes: object) -> IntakeForm:
    category_id, subcategory_id = cw.category(sub)
    base = IntakeForm(channel=Channel.WALK_IN.value, resident_id=cw.residents[resident].id, category_id=category_id,
                      subcategory_id=subcategory_id, description=casework.TEXT, urgency=3, scope=Scope.HOUSEHOLD.value)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def log(cw: Casework, at: datetime, resident: str = "张三", sub: str = "LIFE-WATER", **changes: object) -> SavedCase:
    cw.clock.set(at)
    saved = cw.services.intake.submit(cw.clerk, form(cw, resident, sub, **changes))
    cw.clock.set(NOW)
    return saved


def history(cw: Casework, resident: str | None = "张三", number: str = "") -> list[PastRequest]:
    rid = cw.residents[resident].id if resident else None
    return cw.services.repeats.history(cw.clerk, rid, number).requests


# --- the history --------------------------------------------------------------------------------------------


def test_the_history_reaches_back_exactly_90_days_newest_first(cw: Casework) -> None:
    days = timedelta(days=REPEAT_DAYS)
    too_old = log(cw, NOW - days - timedelta(minutes=1))
    edge = log(cw, NOW - days)
    later = log(cw, NOW - timedelta(days=3), sub="LIFE-HEATING")
    log(cw, NOW - timedelta(days=2), resident="李建国")  # someone else's
    found = history(cw)
    assert [r.case_no for r in found] == [later.case_no, edge.case_no]
    assert too_old.case_no not in {r.case_no for r in found}
    assert (found[0].category, found[1].category) == ("生活服务 / 供暖", "生活服务 / 水电维修")
    assert found[1].status is CaseStatus.NEW and found[1].open and not found[1].by_number
    cw.clock.set(NOW + timedelta(minutes=1))  # a minute later the edge is 90 days and a minute old
    assert [r.case_no for r in history(cw)] == [later.case_no]


def test_a_phone_number_finds_the_requests_logged_with_it_whoever_was_chosen(cw: Casework) -> None:
    by_phone = log(cw, NOW - timedelta(days=10), resident="李建国", channel=Channel.PHONE.value, caller_phone=NUMBER)
    own = log(cw, NOW - timedelta(days=5))
    assert [r.case_no for r in history(cw, None, "138 0000 1111")] == [by_phone.case_no]  # written another way
    both = history(cw, "张三", NUMBER)
    assert [(r.case_no, r.by_number) for r in both] == [(own.case_no, False), (by_phone.case_no, True)]
    assert history(cw, None, "1380000") == []  # not a number yet: nothing, no error
    assert history(cw, None, "") == []


def test_the_same_problem_is_the_same_sub_category_open_first(cw: Casework) -> None:
    water_old = log(cw, NOW - timedelta(days=20))
    heating = log(cw, NOW - timedelta(days=15), sub="LIFE-HEATING")
    water_resolved = log(cw, NOW - timedelta(days=10))
    cw.flow.dispatch(cw.clerk, water_resolved.case_id)
    cw.flow.resolve(cw.worker, water_resolved.case_id, "已修复")
    found = history(cw)
    water, heat = cw.category("LIFE-WATER"), cw.category("LIFE-HEATING")
    other_class = cw.category("HEALTH-ESCORT")
    # the newest open one first (the call can be attached to it), though a newer one was resolved
    assert same_problem(found, *water) == next(r for r in found if r.case_no == water_old.case_no)
    assert same_problem(found, *heat) == next(r for r in found if r.case_no == heating.case_no)
    assert same_problem(found, *other_class) is None
    assert same_problem(found, water[0], None) is not None  # no sub-category chosen yet: the same class
    assert same_problem(found, None, None) is None
    cw.flow.merge(cw.director, water_old.case_id, heating.case_id)  # merged: no longer a problem of its own
    found = history(cw)
    assert same_problem(found, *water) == next(r for r in found if r.case_no == water_resolved.case_no)


# --- logging a repeat, and what the check refuses -----------------------------------------------------------


def test_a_request_marked_as_a_repeat_keeps_the_earlier_one(cw: Casework) -> None:
    first = log(cw, NOW - timedelta(days=30))
    again = cw.services.intake.submit(cw.clerk, form(cw, repeat_of=first.case_id, description=AGAIN))
    assert cw.case(again.case_id)["repeat_of_id"] == first.case_id.hex
    assert cw.events(again.case_id)[0]["data"].count(first.case_no) == 1
    [row] = [r for r in history(cw) if r.case_no == again.case_no]
    assert row.repeat_of_no == first.case_no


def test_a_repeat_by_the_same_number_is_allowed_for_another_resident_record(cw: Casework) -> None:
    first = log(cw, NOW - timedelta(days=10), resident="李建国", channel=Channel.PHONE.value, caller_phone=NUMBER)
    again = cw.services.intake.submit(cw.clerk, form(cw, "王芳", channel=Channel.PHONE.value,
                                                     caller_phone="138-0000-1111", repeat_of=first.case_id))
    assert cw.case(again.case_id)["repeat_of_id"] == first.case_id.hex


@pytest.mark.parametrize("what", ["unknown", "another resident", "91 days", "merged"])
def test_a_bad_repeat_of_is_a_field_error_and_nothing_is_written(cw: Casework, what: str) -> None:
    earlier = log(cw, NOW - timedelta(days=REPEAT_DAYS, hours=1) if what == "91 days" else NOW - timedelta(days=5),
                  resident="李建国" if what == "another resident" else "张三")
    if what == "merged":
        survivor = log(cw, NOW - timedelta(days=4))
        cw.flow.merge(cw.director, earlier.case_id, survivor.case_id)
    repeat_of = uuid.uuid4() if what == "unknown" else earlier.case_id
    before = cw.snapshot()
    with pytest.raises(ValidationError) as refused:
        cw.services.intake.submit(cw.clerk, form(cw, repeat_of=repeat_of))
    assert list(refused.value.errors) == ["repeat_of"]
    message = refused.value.errors["repeat_of"]
    expected = {"unknown": "was not found", "another resident": "another resident", "91 days": "90 days old",
                "merged": "was merged"}[what]
    assert expected in message.template.format(**message.params)
    assert cw.snapshot() == before


# --- attaching the call to the earlier open request ---------------------------------------------------------


def test_a_call_attached_to_an_open_request_opens_nothing_and_is_on_its_timeline(cw: Casework) -> None:
    first = log(cw, NOW - timedelta(days=2))
    cases_before = cw.sql('SELECT count(*) AS n FROM "case"')[0]["n"]
    saved = cw.services.intake.attach_repeat(cw.clerk, first.case_id, form(
        cw, channel=Channel.PHONE.value, caller_phone="138 1234 5678", description=AGAIN))
    assert (saved.case_id, saved.case_no, saved.attached, saved.repeated) == (first.case_id, first.case_no, True, True)
    assert saved.receipt.case_no == first.case_no
    assert cw.sql('SELECT count(*) AS n FROM "case"')[0]["n"] == cases_before
    last = cw.events(first.case_id)[-1]
    assert (last["kind"], last["note"]) == ("repeated", AGAIN)
    assert '"phone"' in last["data"]
    assert str(cw.residents["张三"].id) in last["data"] and "13812345678" in last["data"]
    assert cw.case(first.case_id)["status"] == "new"  # the fold is unchanged
    cw.assert_cache_is_the_fold()


def test_attaching_is_refused_for_a_resolved_request_a_blank_note_or_another_resident(cw: Casework) -> None:
    done = log(cw, NOW - timedelta(days=6))
    cw.flow.dispatch(cw.clerk, done.case_id)
    cw.flow.resolve(cw.worker, done.case_id, "已修复")
    theirs = log(cw, NOW - timedelta(days=3), resident="李建国")
    mine = log(cw, NOW - timedelta(days=2))
    before = cw.snapshot()
    with pytest.raises(Conflict):
        cw.services.intake.attach_repeat(cw.clerk, done.case_id, form(cw, description=AGAIN))
    with pytest.raises(ValidationError) as blank:
        cw.services.intake.attach_repeat(cw.clerk, mine.case_id, form(cw, description="  "))
    assert list(blank.value.errors) == ["description"]
    with pytest.raises(ValidationError) as other:
        cw.services.intake.attach_repeat(cw.clerk, theirs.case_id, form(cw, description=AGAIN))
    assert list(other.value.errors) == ["repeat_of"]
    assert cw.snapshot() == before


# --- counting ----------------------------------------------------------------------------------------------


def test_repeats_are_counted_on_their_intake_day_by_the_rollup_and_directly_and_listed(cw: Casework) -> None:
    first = log(cw, NOW - timedelta(days=40))
    second = log(cw, NOW - timedelta(days=1, hours=2), repeat_of=first.case_id)
    third = log(cw, NOW - timedelta(hours=3), repeat_of=second.case_id)
    log(cw, NOW - timedelta(hours=2), resident="李建国")
    cw.services.intake.attach_repeat(cw.clerk, third.case_id, form(cw, description=AGAIN))  # not a request
    today = local(NOW).date()
    with cw.services.db.reading() as session:
        for first_day, expected in ((today, (2, 1)), (today - timedelta(days=1), (3, 2)),
                                    (today - timedelta(days=60), (4, 2))):
            since, until = rates.span(first_day, today)
            direct = rates.summary(session, since, until)
            assert (direct.totals.received, direct.repeats) == expected
            assert rates.summary(session, since, until, part=rollup.EVERYTHING) == direct
        since, until = rates.span(today - timedelta(days=1), today)
        assert rates.totals(session, since, until).repeat_share == pytest.approx(2 / 3)
    with cw.services.db.engine.connect() as conn:
        assert rollup.differences(conn) == []
    page = cw.services.case_list.page(cw.clerk, CaseQuery(repeats=True))
    assert [(r.case_no, r.repeat_of_no) for r in page.rows] == [(third.case_no, second.case_no),
                                                                 (second.case_no, first.case_no)]
    assert cw.services.case_list.count(cw.clerk, CaseQuery(repeats=True)).n == 2


def test_three_requests_in_a_month_flag_the_resident_to_the_director(cw: Casework) -> None:
    # NOW is 2026-11-20: this month is November, last month October.
    first = log(cw, NOW - timedelta(days=15))
    log(cw, NOW - timedelta(days=9), repeat_of=first.case_id)
    latest = log(cw, NOW - timedelta(days=2), sub="LIFE-HEATING")
    cw.services.intake.attach_repeat(cw.clerk, first.case_id, form(cw, description=AGAIN))
    wang = log(cw, NOW - timedelta(days=3), resident="王芳")
    log(cw, NOW - timedelta(days=1), resident="王芳")  # two: not flagged
    for day in (3, 12, 30):  # 李建国 three times in October (10:00 in Beijing)
        log(cw, datetime(2026, 10, day, 2, 0, tzinfo=NOW.tzinfo), resident="李建国")
    log(cw, datetime(2026, 9, 30, 15, 59, tzinfo=NOW.tzinfo), resident="李建国")  # 23:59 on 30 September: not
    found = cw.services.repeats.frequent(cw.director)
    assert [(f.month.isoformat(), f.name, f.requests, f.repeats, f.attached) for f in found] == [
        ("2026-11-01", "张三", 3, 1, 1), ("2026-10-01", "李建国", 3, 0, 0)]
    assert (found[0].latest_no, found[0].latest_category.endswith("供暖")) == (latest.case_no, True)
    assert [f.flagged for f in found] == [1, 1]  # residents flagged in each month in all
    # a call recorded on the earlier open request counts as asking again: 王芳's two requests and one call
    cw.services.intake.attach_repeat(cw.clerk, wang.case_id, form(cw, resident="王芳", description=AGAIN))
    found = cw.services.repeats.frequent(cw.director)
    assert [(f.month.isoformat(), f.name, f.requests, f.repeats, f.attached) for f in found] == [
        ("2026-11-01", "张三", 3, 1, 1), ("2026-11-01", "王芳", 2, 0, 1), ("2026-10-01", "李建国", 3, 0, 0)]
