"""Dated duties with a fake clock (issue 19): done on time, late, not done, several cycles missed; a year of weekly
visits; monthly on the 31st; yearly on Feb 29; bad input refused field by field with nothing written; the due list
and the home page's counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.models import Duty, DutyRecord
from app.services.care.duties import MISSED_NOTE, DueCounts, DutyInput
from app.services.core.auth import Actor
from app.services.core.clock import LOCAL_TZ, FakeClock
from app.services.core.container import Services
from app.services.core.errors import Conflict, ValidationError
from app.services.people.residents import ResidentSummary

TODAY = date(2026, 11, 20)  # NOW of tests/unit/conftest.py: Friday 20 November 2026, 10:00 in Beijing


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ).astimezone(UTC)


def visit(admin: Actor, residents: dict[str, ResidentSummary], first: date, cycle: str = "weekly",
          remind: int = 6, **changes: object) -> DutyInput:
    base = dict(title="一帮一走访", kind="visit", cycle=cycle, every=1, first_due=first, remind_days=remind,
                responsible_id=admin.user_id, household_id=residents["王芳"].household_id)
    base.update(changes)
    return DutyInput(**base)  # type: ignore[arg-type]


def without_tag_visits(services: Services, admin: Actor, residents: dict[str, ResidentSummary]) -> None:
    """The fixture's 空巢 and 独居 flats lose their tags, so the visits they promise leave the figures below."""
    for name in ("张秀兰", "王芳"):
        household = residents[name].household_id
        assert household is not None
        services.register.update_household(admin, household, None, (), "")


def counts(services: Services) -> tuple[int, int]:
    with services.db.reading() as s:
        return (s.scalar(select(func.count()).select_from(Duty).where(Duty.from_tag.is_(None))) or 0,
                s.scalar(select(func.count()).select_from(DutyRecord)) or 0)


def test_done_on_time_late_not_done_and_several_cycles_missed(services: Services, clock: FakeClock, admin: Actor,
                                                              residents: dict[str, ResidentSummary]) -> None:
    duties = services.duties
    duty = duties.add(admin, visit(admin, residents, date(2026, 11, 23)))  # a Monday
    assert duty.place == "3号楼2单元302室" and duty.next_due == date(2026, 11, 23)

    clock.set(at(date(2026, 11, 23)))
    on_time = duties.record_done(admin, duty.id, date(2026, 11, 23), date(2026, 11, 23), "老人身体不错")
    assert (on_time.late_days, on_time.missed, on_time.next_due) == (0, 0, date(2026, 11, 30))

    clock.set(at(date(2026, 12, 4)))  # Friday: the visit due on Monday was made today
    late = duties.record_done(admin, duty.id, date(2026, 11, 30), date(2026, 12, 4))
    assert (late.due_on, late.late_days, late.missed) == (date(2026, 11, 30), 4, 0)
    assert late.next_due == date(2026, 12, 7)  # from the due date: no drift to Fridays

    clock.set(at(date(2026, 12, 7)))
    with pytest.raises(ValidationError) as refused:
        duties.record_not_done(admin, duty.id, date(2026, 12, 7), "  ")
    assert set(refused.value.errors) == {"reason"}
    skipped = duties.record_not_done(admin, duty.id, date(2026, 12, 7), "家中无人，电话未接")
    assert (skipped.outcome, skipped.next_due) == ("skipped", date(2026, 12, 14))

    clock.set(at(date(2027, 1, 6)))  # a Wednesday, three Mondays later: the visit today answers Monday's
    behind = duties.record_done(admin, duty.id, date(2026, 12, 14), date(2027, 1, 6), "春节前走访")
    assert (behind.due_on, behind.late_days, behind.missed, behind.next_due) == (
        date(2027, 1, 4), 2, 3, date(2027, 1, 11))
    history = duties.records(admin, duty.id)
    assert [(r.due_on, r.outcome.value) for r in history] == [
        (date(2027, 1, 4), "done"), (date(2026, 12, 28), "skipped"), (date(2026, 12, 21), "skipped"),
        (date(2026, 12, 14), "skipped"), (date(2026, 12, 7), "skipped"), (date(2026, 11, 30), "done"),
        (date(2026, 11, 23), "done")]
    assert [r.note for r in history[1:4]] == [MISSED_NOTE] * 3

    with pytest.raises(Conflict):  # another desk recorded it meanwhile: the date shown is stale
        duties.record_done(admin, duty.id, date(2026, 12, 14), date(2027, 1, 6))


def test_not_done_for_weeks_the_next_due_is_today_or_later(services: Services, clock: FakeClock, admin: Actor,
                                                           residents: dict[str, ResidentSummary]) -> None:
    duty = services.duties.add(admin, visit(admin, residents, date(2026, 11, 23)))
    clock.set(at(date(2026, 12, 9)))
    answer = services.duties.record_not_done(admin, duty.id, date(2026, 11, 23), "住院")
    assert (answer.missed, answer.next_due) == (2, date(2026, 12, 14))  # 11-30 and 12-07 written as missed


def test_a_year_of_weekly_visits(services: Services, clock: FakeClock, admin: Actor,
                                 residents: dict[str, ResidentSummary]) -> None:
    without_tag_visits(services, admin, residents)
    first = date(2026, 11, 23)
    duty = services.duties.add(admin, visit(admin, residents, first))
    due, done = first, 0
    while due < first + timedelta(days=365):
        clock.set(at(due + timedelta(days=due.toordinal() % 3)))  # on the day, or a day or two late
        answer = services.duties.record_done(admin, duty.id, due, due + timedelta(days=due.toordinal() % 3))
        assert answer.missed == 0 and answer.due_on == due
        due, done = answer.next_due, done + 1
    assert done == 53 and due == date(2027, 11, 29) and due.weekday() == 0  # still Mondays
    assert counts(services) == (1, 53)


def test_monthly_on_the_31st_and_yearly_on_february_29(services: Services, clock: FakeClock, admin: Actor,
                                                       residents: dict[str, ResidentSummary]) -> None:
    monthly = services.duties.add(admin, visit(admin, residents, date(2027, 1, 31), cycle="monthly", remind=3,
                                              title="燃气检查", kind="gas"))
    seen = []
    due = date(2027, 1, 31)
    for _ in range(6):
        clock.set(at(due))
        due = services.duties.record_done(admin, monthly.id, due, due).next_due
        seen.append(due)
    assert seen == [date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30), date(2027, 5, 31), date(2027, 6, 30),
                    date(2027, 7, 31)]

    clock.set(at(TODAY))
    yearly = services.duties.add(admin, visit(admin, residents, date(2028, 2, 29), cycle="yearly", remind=30,
                                             title="电梯年检", kind="inspection"))
    due, seen = date(2028, 2, 29), []
    for _ in range(4):
        clock.set(at(due))
        due = services.duties.record_done(admin, yearly.id, due, due).next_due
        seen.append(due)
    assert seen == [date(2029, 2, 28), date(2030, 2, 28), date(2031, 2, 28), date(2032, 2, 29)]


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": "  "}, "title"),
    ({"every": 0}, "every"),
    ({"cycle": "hourly"}, "cycle"),
    ({"kind": "party"}, "kind"),
    ({"first_due": date(2026, 11, 19)}, "first_due"),
    ({"first_due": None}, "first_due"),
    ({"remind_days": -1}, "remind_days"),
    ({"remind_days": 400}, "remind_days"),
    ({"responsible_id": None}, "responsible"),
    ({"household_id": None}, "place"),
    ({"household_id": None, "address": "9-9-909"}, "place"),
])
def test_bad_input_is_refused_by_field_and_nothing_is_written(
        services: Services, admin: Actor, residents: dict[str, ResidentSummary], changes: dict[str, object],
        field: str) -> None:
    before = counts(services)
    with pytest.raises(ValidationError) as refused:
        services.duties.add(admin, visit(admin, residents, TODAY, **changes))
    assert field in refused.value.errors
    assert counts(services) == before


def test_both_a_building_and_a_household_is_refused(services: Services, admin: Actor,
                                                    residents: dict[str, ResidentSummary]) -> None:
    building = services.community.buildings.create(admin, _building("3"))
    with pytest.raises(ValidationError) as refused:
        services.duties.add(admin, visit(admin, residents, TODAY, building_id=building.id))
    assert set(refused.value.errors) == {"place"}


def test_a_household_typed_as_its_address(services: Services, admin: Actor,
                                          residents: dict[str, ResidentSummary]) -> None:
    row = services.duties.add(admin, visit(admin, residents, TODAY, household_id=None, address="3号楼2单元301室"))
    assert row.place == "3号楼2单元301室" and row.household_id == residents["张三"].household_id


def _building(number: str):  # type: ignore[no-untyped-def]
    from app.services.community.buildings import BuildingInput

    return BuildingInput(number, None, 2, 6, 2)


def test_recording_refuses_the_future_and_what_is_not_due_yet(services: Services, clock: FakeClock, admin: Actor,
                                                              residents: dict[str, ResidentSummary]) -> None:
    duty = services.duties.add(admin, visit(admin, residents, date(2026, 12, 20), remind=7))
    before = counts(services)
    with pytest.raises(ValidationError) as early:  # shows from 12-13
        services.duties.record_done(admin, duty.id, date(2026, 12, 20), TODAY)
    assert set(early.value.errors) == {"done_on"}
    clock.set(at(date(2026, 12, 14)))
    with pytest.raises(ValidationError) as future:
        services.duties.record_done(admin, duty.id, date(2026, 12, 20), date(2026, 12, 15))
    assert set(future.value.errors) == {"done_on"}
    assert counts(services) == before
    early_done = services.duties.record_done(admin, duty.id, date(2026, 12, 20), date(2026, 12, 14))
    assert (early_done.due_on, early_done.late_days, early_done.next_due) == (
        date(2026, 12, 20), 0, date(2026, 12, 27))


def test_the_due_list_and_the_counts(services: Services, clock: FakeClock, admin: Actor,
                                     residents: dict[str, ResidentSummary]) -> None:
    without_tag_visits(services, admin, residents)
    building = services.community.buildings.create(admin, _building("3"))
    lift = services.duties.add(admin, DutyInput("1号电梯年检", "inspection", "yearly", 1, date(2026, 12, 15), 30,
                                                admin.user_id, building_id=building.id))
    far = services.duties.add(admin, DutyInput("消防器材检查", "fire", "monthly", 1, date(2026, 12, 15), 3,
                                               admin.user_id, building_id=building.id))
    person = services.duties.add(admin, visit(admin, residents, date(2026, 11, 21), remind=0,
                                               household_id=None, resident_id=residents["王芳"].id))
    clock.set(at(date(2026, 11, 24)))
    rows = services.duties.due(admin)
    assert [r.id for r in rows] == [person.id, lift.id]  # overdue first; the lift inside its month's reminder
    assert rows[0].place == "王*（3号楼2单元302室）" and rows[0].overdue_days(date(2026, 11, 24)) == 3
    assert rows[1].place == "3号楼" and far.id not in {r.id for r in rows}
    assert services.duties.counts(admin) == DueCounts(overdue=1, due=0, reminded=1)  # the lift, next month
    clock.set(at(date(2026, 12, 10)))
    assert services.duties.counts(admin).due == 2  # the lift and the fire check fall in the coming week
    clock.set(at(date(2026, 12, 8)))  # both due exactly seven days on: the home page's count and the list agree
    counted = services.duties.counts(admin)
    assert counted.overdue + counted.due + counted.reminded == len(services.duties.due(admin)) == 3  # and the visit
    services.duties.end(admin, far.id)
    assert services.duties.counts(admin).due == 1
