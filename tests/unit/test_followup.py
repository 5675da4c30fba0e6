"""回访 (issue 20): the list of resolved requests waiting for the follow-up call, each answer through the one
follow-up path, unanswered calls (回访未接通) and the rule that 无法联系 needs unanswered calls on three different days,
the fold, and the rates with 无法联系 in the mix. A real SQLite file through the real services
(tests/unit/casework.py)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.models import Channel, EventKind, Satisfaction, Scope
from app.services.cases import rates, rollup
from app.services.cases.followup import QUEUE_MAX, TRY_DAYS, Tries, script, station, tries_in
from app.services.cases.intake import IntakeForm
from app.services.cases.timeline import Event, Limits, fold
from app.services.cases.working_days import Span
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import Conflict, ValidationError
from tests.unit import casework
from tests.unit.casework import TEXT, Casework
from tests.unit.conftest import NOW

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

HOUR, DAY = timedelta(hours=1), timedelta(days=1)
NEIGHBOUR = "楼上李建国家卫生间漏水，水顺着墙流到我家，他电话13998765432一直不接。"


def phoned(cw: Casework, resident: str, text: str, caller: str) -> uuid.UUID:
    """A request taken on the telephone (来电), from the number ``caller``."""
    category_id, sub = cw.category("LIFE-PIPE")
    form = IntakeForm(channel=Channel.PHONE.value, resident_id=cw.residents[resident].id, category_id=category_id,
                      subcategory_id=sub, description=text, urgency=3, scope=Scope.HOUSEHOLD.value,
                      caller_phone=caller)
    return cw.services.intake.submit(cw.clerk, form).case_id


def resolved(cw: Casework, case_id: uuid.UUID, outcome: str = "已更换水管，居民确认不漏了") -> uuid.UUID:
    cw.flow.dispatch(cw.clerk, case_id, cw.worker.user_id)
    cw.flow.resolve(cw.worker, case_id, outcome)
    return case_id


def at(cw: Casework, when: timedelta) -> None:
    cw.clock.set(NOW + when)


def queue_ids(cw: Casework) -> list[uuid.UUID]:
    return [i.case_id for i in cw.services.followups.queue(cw.clerk).items]


# --- the list -------------------------------------------------------------------------------------------


def test_the_list_holds_the_resolved_requests_not_followed_up_oldest_resolution_first(cw: Casework) -> None:
    a = cw.new_case("张三")                                      # logged 10:00, resolved at 11:00
    at(cw, 10 * timedelta(minutes=1))
    b = phoned(cw, "王芳", NEIGHBOUR, "13900001111")            # logged 10:10, resolved at 10:30: the oldest
    c = cw.new_case("李建国")                                    # resolved at 12:00, then answered 满意
    d = cw.new_case("张秀兰")                                    # dispatched, never resolved
    e = cw.new_case("张秀兰", sub="LIFE-HEATING", text="暖气不热，屋里只有十四度。")  # resolved at 13:00
    cw.flow.dispatch(cw.clerk, d, cw.worker.user_id)
    at(cw, 30 * timedelta(minutes=1))
    resolved(cw, b, "已联系楼上住户维修，漏水已止住")
    at(cw, HOUR)
    resolved(cw, a)
    at(cw, 2 * HOUR)
    resolved(cw, c)
    cw.flow.follow_up(cw.clerk, c, Satisfaction.SATISFIED.value)
    at(cw, 3 * HOUR)
    resolved(cw, e, "已联系供热公司放气调试，室温升到十九度")

    found = cw.services.followups.queue(cw.clerk)
    assert [i.case_id for i in found.items] == [b, a, e]
    assert found.waiting == 3 and not found.abridged and found.today == date(2026, 11, 20)
    first, second, third = found.items
    # the caller's number first, the resident's own beside it; 张三 called from his own; 张秀兰 has none
    assert (first.resident, first.phone, first.other_phone) == ("王芳", "13900001111", cw.residents["王芳"].phone)
    assert (second.resident, second.phone, second.other_phone) == ("张三", cw.residents["张三"].phone, "")
    assert (third.resident, third.phone, third.other_phone) == ("张秀兰", "", "")
    # the public summary: the neighbour's name and number masked as on a notice board
    assert "李建国" not in first.summary and "13998765432" not in first.summary
    assert first.summary.startswith("楼上李**家卫生间漏水") and len(first.summary) <= 40
    assert first.script == ("您好，这里是幸福里社区服务站，您11月20日反映的“楼上李**家卫生间漏水，水顺着墙流到我家”"
                            "问题已办结，请问您对处理结果是否满意？")  # whole clauses, the neighbour masked
    assert second.summary == TEXT
    assert (first.outcome, second.outcome, third.outcome) == (
        "已联系楼上住户维修，漏水已止住", "已更换水管，居民确认不漏了", "已联系供热公司放气调试，室温升到十九度")
    assert (first.category, third.category) == ("管道疏通", "供暖")
    assert first.tries == Tries() and first.resolved_at == NOW + 30 * timedelta(minutes=1)
    assert first.due_at == first.resolved_at + timedelta(hours=72)  # the 回访时限 of the default rule
    assert third.script == ("您好，这里是幸福里社区服务站，您11月20日反映的“暖气不热，屋里只有十四度”问题已办结，"
                            "请问您对处理结果是否满意？")


def test_the_script_names_the_station_and_the_day_and_says_whole_clauses() -> None:
    assert station("鞍山市铁东区站前街道幸福里社区", "铁东区站前街道") == "幸福里社区服务站"  # no city, no street
    assert station("幸福里社区") == "幸福里社区服务站" and station("站前街道幸福里") == "幸福里社区服务站"
    said = script("幸福里社区", date(2026, 1, 5), "家里暖气片上半截热下半截凉，屋里只有十五度，老伴有关节炎怕冷。")
    assert said == ("您好，这里是幸福里社区服务站，您1月5日反映的“家里暖气片上半截热下半截凉，屋里只有十五度”"
                    "问题已办结，请问您对处理结果是否满意？")
    one_long_clause = script("幸福里社区", date(2026, 1, 5), "一二三四五六七八九十" * 3)
    assert "“一二三四五六七八九十一二三四五六七八九十一二三…”问题已办结" in one_long_clause


def test_the_list_shows_the_oldest_and_counts_them_all(cw: Casework) -> None:
    ids = []
    for i in range(3):
        at(cw, i * HOUR)
        ids.append(resolved(cw, cw.new_case("张三")))
    found = cw.services.followups.queue(cw.clerk, limit=2)
    assert [i.case_id for i in found.items] == ids[:2] and found.waiting == 3 and found.abridged
    assert QUEUE_MAX >= 100


# --- the answers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [Satisfaction.SATISFIED, Satisfaction.BASICALLY])
def test_a_satisfied_answer_takes_the_request_off_the_list(cw: Casework, answer: Satisfaction) -> None:
    case_id = resolved(cw, cw.new_case())
    cw.flow.follow_up(cw.clerk, case_id, answer.value, "居民认可")
    assert queue_ids(cw) == []
    row = cw.case(case_id)
    assert (row["status"], row["satisfaction"], row["cycle"]) == ("resolved", answer.value, 0)


def test_dissatisfied_reopens_and_the_next_resolution_waits_for_a_call_again_with_no_tries(cw: Casework) -> None:
    case_id = resolved(cw, cw.new_case())
    cw.flow.call_tried(cw.clerk, case_id)
    at(cw, HOUR)
    cw.flow.follow_up(cw.clerk, case_id, Satisfaction.DISSATISFIED.value, "还在漏")
    assert queue_ids(cw) == []
    row = cw.case(case_id)
    assert (row["status"], row["satisfaction"], row["cycle"]) == ("dispatched", None, 1)
    at(cw, 2 * HOUR)
    cw.flow.resolve(cw.worker, case_id, "换了整段水管")
    [item] = cw.services.followups.queue(cw.clerk).items
    assert item.case_id == case_id and item.tries == Tries() and item.outcome == "换了整段水管"


def test_an_unanswered_call_keeps_the_request_on_the_list_with_its_local_day(cw: Casework) -> None:
    case_id = resolved(cw, cw.new_case())
    at(cw, timedelta(hours=14, minutes=30))  # 00:30 on the 21st in Beijing, still the 20th in UTC
    info = cw.flow.call_tried(cw.clerk, case_id, "无人接听")
    assert info.status.value == "resolved" and info.satisfaction is None
    events = cw.events(case_id)
    assert events[-1]["kind"] == "call_tried" and events[-1]["note"] == "无人接听"
    assert '"tried_on": "2026-11-21"' in events[-1]["data"]
    [item] = cw.services.followups.queue(cw.clerk).items
    assert item.tries.on == (date(2026, 11, 21),) and (item.tries.count, item.tries.days) == (1, 1)
    assert cw.case(case_id)["due_at"] is not None  # the 回访时限 still runs
    cw.assert_cache_is_the_fold()


# --- 无法联系 ----------------------------------------------------------------------------------------------


def test_could_not_be_reached_needs_unanswered_calls_on_three_different_days(cw: Casework) -> None:
    case_id = resolved(cw, cw.new_case())
    unreachable = Satisfaction.UNREACHABLE.value
    expected = [(0, 0), (1, 1), (2, 1), (3, 2)]  # (calls, days) before each attempt: two on the first day
    calls = [HOUR, 3 * HOUR, DAY + HOUR]
    for i, (n, days) in enumerate(expected):
        before = cw.snapshot()
        with pytest.raises(ValidationError) as refused:
            cw.flow.follow_up(cw.clerk, case_id, unreachable)
        assert refused.value.errors["satisfaction"].params == {"n": TRY_DAYS, "tries": n, "days": days}
        assert "three" not in refused.value.errors["satisfaction"].template  # the number is a parameter
        assert cw.snapshot() == before  # nothing written
        if i < len(calls):
            at(cw, calls[i])
            cw.flow.call_tried(cw.clerk, case_id)
    at(cw, 2 * DAY + HOUR)
    cw.flow.call_tried(cw.clerk, case_id)  # the third day
    [item] = cw.services.followups.queue(cw.clerk).items
    assert (item.tries.count, item.tries.days, item.tries.enough) == (4, 3, True)
    info = cw.flow.follow_up(cw.clerk, case_id, unreachable, "三天均无人接听")
    assert (info.status.value, info.satisfaction, info.cycle) == ("resolved", Satisfaction.UNREACHABLE, 0)
    assert queue_ids(cw) == []
    assert cw.kinds(case_id)[-5:] == ["call_tried", "call_tried", "call_tried", "call_tried", "followed_up"]
    assert cw.case(case_id)["due_at"] is None  # the follow-up is over: no 回访时限 runs
    cw.assert_cache_is_the_fold()


def test_the_three_days_count_since_the_latest_resolution(cw: Casework) -> None:
    case_id = resolved(cw, cw.new_case())
    for day in range(3):
        at(cw, day * DAY)
        cw.flow.call_tried(cw.clerk, case_id)
    cw.flow.reopen(cw.director, case_id, "居民来电说又漏了")
    cw.flow.resolve(cw.worker, case_id, "再次维修")
    with pytest.raises(ValidationError) as refused:
        cw.flow.follow_up(cw.clerk, case_id, Satisfaction.UNREACHABLE.value)
    assert refused.value.errors["satisfaction"].params == {"n": 3, "tries": 0, "days": 0}


def test_a_request_answered_takes_no_other_answer_nor_an_unanswered_call(cw: Casework) -> None:
    case_id = resolved(cw, cw.new_case())
    for day in range(3):
        at(cw, day * DAY)
        cw.flow.call_tried(cw.clerk, case_id)
    cw.flow.follow_up(cw.clerk, case_id, Satisfaction.UNREACHABLE.value)
    before = cw.snapshot()
    with pytest.raises(Conflict) as again:
        cw.flow.follow_up(cw.clerk, case_id, Satisfaction.SATISFIED.value)
    assert again.value.message.params["answer"] == "无法联系"
    with pytest.raises(Conflict):
        cw.flow.call_tried(cw.clerk, case_id)
    assert cw.snapshot() == before


def test_bad_input_is_refused_with_a_message_and_nothing_written(cw: Casework) -> None:
    open_case = cw.new_case()
    done = resolved(cw, cw.new_case())
    before = cw.snapshot()
    with pytest.raises(ValidationError) as unknown:
        cw.flow.follow_up(cw.clerk, done, "maybe")
    assert list(unknown.value.errors) == ["satisfaction"]
    with pytest.raises(ValidationError) as none_chosen:
        cw.flow.follow_up(cw.clerk, done, "")
    assert list(none_chosen.value.errors) == ["satisfaction"]
    with pytest.raises(ValidationError) as long_note:
        cw.flow.call_tried(cw.clerk, done, "无人接听" * 600)
    assert list(long_note.value.errors) == ["note"]
    with pytest.raises(Conflict) as not_resolved:
        cw.flow.call_tried(cw.clerk, open_case)
    assert "has not been resolved yet" in not_resolved.value.message.template
    assert not_resolved.value.message.params["action"] == "回访未接通"
    assert cw.snapshot() == before
    cw.flow.close(cw.director, done)  # archived without its call: neither step applies any more
    closed = cw.snapshot()
    with pytest.raises(Conflict) as after_closing:
        cw.flow.call_tried(cw.clerk, done)
    assert "closed" in after_closing.value.message.template
    with pytest.raises(Conflict):
        cw.flow.follow_up(cw.clerk, done, Satisfaction.SATISFIED.value)
    assert cw.snapshot() == closed


# --- the fold -------------------------------------------------------------------------------------------


HANDLER = uuid.UUID(int=7)
LIMITS = Limits(timedelta(hours=1), Span.hours(24), Span.hours(72), timedelta(minutes=30))


def _story(*steps: tuple[EventKind, dict[str, str]]) -> list[Event]:
    events = [Event(1, EventKind.CREATED, NOW), Event(2, EventKind.DISPATCHED, NOW, {"assignee_id": str(HANDLER)}),
              Event(3, EventKind.RESOLVED, NOW + HOUR)]
    return events + [Event(4 + i, kind, NOW + (2 + i) * HOUR, data) for i, (kind, data) in enumerate(steps)]


def test_the_fold_ends_the_follow_up_on_could_not_be_reached_without_reopening() -> None:
    state = fold(NOW, LIMITS, _story((EventKind.FOLLOWED_UP, {"satisfaction": "unreachable"})))
    assert (state.status.value, state.satisfaction, state.followed_up, state.cycle) == (
        "resolved", Satisfaction.UNREACHABLE, True, 0)
    assert state.follow_up_due is None and state.due_at(LIMITS) is None and state.resolved_at == NOW + HOUR
    dissatisfied = fold(NOW, LIMITS, _story((EventKind.FOLLOWED_UP, {"satisfaction": "dissatisfied"})))
    assert (dissatisfied.status.value, dissatisfied.cycle) == ("dispatched", 1)  # the contrast: 不满意 reopens


def test_an_unanswered_call_changes_nothing_in_the_fold() -> None:
    before = fold(NOW, LIMITS, _story())
    after = fold(NOW, LIMITS, _story((EventKind.CALL_TRIED, {"tried_on": "2026-11-20"}),
                                     (EventKind.CALL_TRIED, {"tried_on": "2026-11-21"})))
    assert after.seq == before.seq + 2
    assert replace(after, seq=before.seq, last_at=before.last_at) == before
    assert after.follow_up_due == NOW + HOUR + timedelta(hours=72)


def test_tries_count_days_not_calls_and_start_again_at_each_resolution() -> None:
    day = NOW + HOUR
    events = [(EventKind.CALL_TRIED, {"tried_on": "2026-11-18"}, day), (EventKind.RESOLVED, {}, day),
              (EventKind.CALL_TRIED, {"tried_on": "2026-11-20"}, day),
              (EventKind.CALL_TRIED, {"tried_on": "2026-11-20"}, day),
              (EventKind.NOTE, {}, day), (EventKind.CALL_TRIED, {}, NOW + 20 * HOUR)]  # no day in it: its time's
    tries = tries_in(events)
    assert tries.on == (date(2026, 11, 20), date(2026, 11, 20), date(2026, 11, 21))
    assert (tries.count, tries.days, tries.enough) == (3, 2, False)


# --- the rates ------------------------------------------------------------------------------------------


def test_the_satisfaction_rate_leaves_could_not_be_reached_out_and_counts_it_apart(cw: Casework) -> None:
    """Four requests logged on the 20th: A 满意; B 不满意, put right, then 满意; C 无法联系 (three days of calls);
    D 基本满意. Answered calls: A, B twice, D = 4; satisfied: A, B's second, D = 3 (75 %); 无法联系: 1."""
    a, b, c, d = (cw.new_case(r) for r in ("张三", "王芳", "李建国", "张秀兰"))
    for case_id in (a, b, c, d):
        resolved(cw, case_id)
    cw.flow.follow_up(cw.clerk, a, "satisfied")
    cw.flow.follow_up(cw.clerk, b, "dissatisfied")
    cw.flow.resolve(cw.worker, b, "重新处理")
    cw.flow.follow_up(cw.clerk, b, "satisfied")
    cw.flow.follow_up(cw.clerk, d, "basically_satisfied")
    for day in range(3):
        at(cw, day * DAY + HOUR)
        cw.flow.call_tried(cw.clerk, c)
    cw.flow.follow_up(cw.clerk, c, "unreachable")
    since, until = rates.span(date(2026, 11, 20), date(2026, 11, 22))
    with cw.services.db.reading() as session:
        direct = rates.totals(session, since, until)
        from_rollup = rates.totals(session, since, until, part=rollup.EVERYTHING)
        with_edges = rates.totals(session, since - 5 * HOUR, until, part=rollup.EVERYTHING)  # a partial day too
    assert direct == from_rollup == with_edges
    assert (direct.received, direct.follow_ups, direct.satisfied, direct.fully_satisfied, direct.unreachable) == (
        4, 4, 3, 2, 1)
    assert direct.satisfaction_rate == 0.75
    with cw.services.db.engine.connect() as conn:
        assert rollup.differences(conn) == []
    summary = cw.services.rates.summary(cw.director, since, until)
    assert summary.totals == direct and summary.by_category[0].figures.unreachable == 1
    assert "无法联系" in rates.DEFINITIONS["satisfaction_rate"][1]
    assert local(NOW).date() == date(2026, 11, 20)


# --- the demo -------------------------------------------------------------------------------------------


def test_the_demo_has_requests_waiting_for_the_call_some_tried_one_on_three_days(demo_services: Services,
                                                                                demo_clerk: Actor) -> None:
    """app/demo/followups.py, counted by hand: five requests resolved Monday to Thursday of the demo's week (it is
    Friday 10:00), tried on Tue+Wed+Thu, Wed+Thu, twice on Thu, this morning, and not at all; the requests the demo's
    stories resolved lately and have not called yet wait too, none of them tried."""
    found = demo_services.followups.queue(demo_clerk)
    tried = {i.category: i for i in found.items if i.tries.count}
    assert sorted(tried) == ["供暖", "垃圾清运", "水电维修", "管道疏通"]
    assert [(i.tries.count, i.tries.days) for i in (tried["供暖"], tried["水电维修"], tried["管道疏通"],
                                                      tried["垃圾清运"])] == [(3, 3), (2, 2), (2, 1), (1, 1)]
    assert tried["供暖"].tries.on == (date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 19))
    assert tried["水电维修"].phone == "13604127788" and tried["水电维修"].other_phone  # a daughter's number
    mine = [i for i in found.items if i.outcome.startswith(("供热公司已上门", "物业已更换楼道灯", "已安排师傅上门疏通",
                                                            "已协调环卫清运", "已上门讲解申请条件"))]
    assert len(mine) == 5 and [i.resolved_at for i in mine] == sorted(i.resolved_at for i in mine)
    assert len(found.items) == found.waiting >= 5
    assert [i.resolved_at for i in found.items] == sorted(i.resolved_at for i in found.items)
    flow = demo_services.workflow
    with pytest.raises(ValidationError) as two_days:
        flow.follow_up(demo_clerk, tried["水电维修"].case_id, "unreachable")
    assert two_days.value.errors["satisfaction"].params == {"n": 3, "tries": 2, "days": 2}
    with pytest.raises(ValidationError) as one_day:
        flow.follow_up(demo_clerk, tried["管道疏通"].case_id, "unreachable")
    assert one_day.value.errors["satisfaction"].params == {"n": 3, "tries": 2, "days": 1}
    assert flow.follow_up(demo_clerk, tried["供暖"].case_id, "unreachable").satisfaction is Satisfaction.UNREACHABLE
    assert demo_services.followups.queue(demo_clerk).waiting == found.waiting - 1
