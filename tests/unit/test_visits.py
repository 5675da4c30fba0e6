"""The visits a tag promises (issue 19): a tag added to a household makes its visit duty, the grid worker
responsible; taken off, the duty ends; a person's tag makes a duty for the person; which promised visits were
missed, by grid."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.models import DutyRecord, PatrolEntry, Role
from app.services.care.patrol import PatrolInput
from app.services.care.visits import sync_visit_duties
from app.services.community.buildings import BuildingInput
from app.services.community.grids import GridInfo, GridInput
from app.services.core.auth import Actor
from app.services.core.clock import LOCAL_TZ, FakeClock
from app.services.core.container import Services
from app.services.core.errors import PermissionDenied
from app.services.people.residents import ResidentSummary

TODAY = date(2026, 11, 20)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=LOCAL_TZ).astimezone(UTC)


def grid_with_worker(services: Services, admin: Actor, name: str = "网格员小李") -> tuple[GridInfo, Actor]:
    info = services.auth.create_staff(admin, "gridli", name, Role.GRID_WORKER, "passw0rd123")
    worker = Actor(info.id, info.username, info.display_name, info.role, admin.desk_code)
    grid = services.community.grids.create(admin, GridInput("G1", "第一网格", info.id))
    services.community.buildings.create(admin, BuildingInput("3", grid.id, 2, 6, 2))
    return grid, worker


def test_a_tag_added_makes_a_visit_taken_off_ends_it(services: Services, admin: Actor, clock: FakeClock,
                                                     residents: dict[str, ResidentSummary]) -> None:
    grid, worker = grid_with_worker(services, admin)
    # 张秀兰's household is 空巢 (weekly), 王芳's 独居 (daily): their visits were made as they were registered, with
    # nobody responsible (no grid then); the grid made since has a worker, who takes them on
    report = services.visits.sync_all(admin)
    assert (report.added, report.changed, report.ended) == (0, 2, 0)
    rows = {r.place: r for r in services.duties.due(admin)}
    wang = rows["3号楼2单元302室"]
    assert wang.title == "日见面（独居）" and wang.cycle == "daily" and wang.next_due == TODAY
    assert wang.responsible_id == worker.user_id and wang.from_tag == "alone" and wang.grid_name == "第一网格"
    zhang = rows["3号楼2单元301室"]
    assert zhang.title == "一帮一（空巢）" and zhang.next_due == date(2026, 11, 26) and zhang.remind_days == 6
    assert services.visits.sync_all(admin) == type(report)(0, 0, 0)  # exactly one per household and tag

    household = residents["王芳"].household_id
    assert household is not None
    services.register.update_household(admin, household, None, ("alone", "disabled"), "")  # the register syncs
    titles = {r.title for r in services.duties.due(admin, days=40) if r.household_id == household}
    assert titles == {"日见面（独居）", "亲情上门（残疾）"}
    with services.db.transaction() as session:  # in the register's own transaction: nothing left to do
        assert sync_visit_duties(session, household) == type(report)(0, 0, 0)
    services.register.update_household(admin, household, None, ("disabled",), "")
    titles = {r.title for r in services.duties.due(admin, days=40) if r.household_id == household}
    assert titles == {"亲情上门（残疾）"}


def test_a_person_tag_with_a_visit_cycle_makes_a_duty_for_the_person(services: Services, admin: Actor,
                                                                      residents: dict[str, ResidentSummary]) -> None:
    from app.models import PersonTag, Tag

    grid_with_worker(services, admin)
    with services.db.transaction() as session:  # the administrator's tag settings page is the lead's; its rows here
        session.add(Tag(code="disabled_p", name="失能", colour="#555555", kind="person", service="上门照护",
                        visit_cycle="weekly", visit_every=2, sort_order=9, active=True))
        session.add(PersonTag(resident_id=residents["张三"].id, tag="disabled_p"))
    services.visits.sync_all(admin)
    [row] = [r for r in services.duties.due(admin, days=20) if r.resident_id == residents["张三"].id]
    assert row.place == "张*（3号楼2单元301室）" and row.every == 2 and row.next_due == date(2026, 12, 3)


def test_missed_visits_by_grid(services: Services, admin: Actor, clock: FakeClock,
                               residents: dict[str, ResidentSummary]) -> None:
    grid, worker = grid_with_worker(services, admin)
    services.visits.sync_all(admin)
    daily = next(r for r in services.duties.due(admin) if r.from_tag == "alone")
    for day in (20, 21, 22):  # three days visited, then nobody records it
        clock.set(at(date(2026, 11, day)))
        services.duties.record_done(worker, daily.id, date(2026, 11, day), date(2026, 11, day))
    clock.set(at(date(2026, 11, 23)))
    services.duties.record_not_done(worker, daily.id, date(2026, 11, 23), "老人去女儿家了")
    clock.set(at(date(2026, 11, 27)))  # 24, 25, 26 overdue, nobody recorded them; today's may still be done
    [row] = [g for g in services.visits.missed_by_grid(admin, date(2026, 11, 20), date(2026, 11, 30))
             if g.grid == "第一网格"]
    # 日见面: 3 done, 23rd not done, 24-26 missed; 一帮一 of the 空巢 household next door, due on the 26th, missed
    assert (row.done, row.not_done, row.due, row.worker) == (3, 5, 8, "网格员小李")
    assert row.percent_done == 37.5


def test_a_grid_worker_records_the_visits_of_their_own_grid_only(services: Services, admin: Actor, clock: FakeClock,
                                                                  residents: dict[str, ResidentSummary]) -> None:
    _grid, worker = grid_with_worker(services, admin)
    services.visits.sync_all(admin)  # 王芳's 日见面 is the worker's now
    other_info = services.auth.create_staff(admin, "gridwang", "网格员小王", Role.GRID_WORKER, "passw0rd123")
    other = Actor(other_info.id, other_info.username, other_info.display_name, other_info.role, admin.desk_code)
    [visit] = [r for r in services.duties.due(admin) if r.title == "日见面（独居）"]
    with pytest.raises(PermissionDenied) as refused:  # another grid's household: not theirs to tick off
        services.duties.record_done(other, visit.id, visit.next_due, visit.next_due, "看过了")
    assert "第一网格" in refused.value.message.render() and "网格员小李" in refused.value.message.render()
    with pytest.raises(PermissionDenied):
        services.patrol.write(other, PatrolInput(place="", seen="王芳", found="精神很好", visit_duty_id=visit.id))
    with services.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(DutyRecord)) == 0  # nothing written
        assert session.scalar(select(func.count()).select_from(PatrolEntry)) == 0
    services.duties.record_done(worker, visit.id, visit.next_due, visit.next_due, "精神很好")  # their own grid's
