"""The rates on PostgreSQL: the same SQL (seconds from EXTRACT(EPOCH), the follow-up answer from the JSON data, the
correlated subqueries of suspended and reopened requests, the weekly buckets) gives the figures computed by hand.

On a fake clock from NOW = Tuesday 2026-03-10 10:00 Beijing time, three requests of 张三's (a grid of his own):

  A +0h  dispatched, responded +30m, resolved +5h, follow-up 满意
  B +1h  dispatched, suspended +10m, resumed +2h10m, responded +2h40m (40 m without the 2 h), resolved +9h (7 h),
         follow-up 基本满意
  C +2h  dispatched, responded +20m, resolved +4h, follow-up 不满意 (reopened), resolved again +8h, follow-up 满意

  received 3, responded 3, resolved 3; follow-up calls 4, satisfied 3 -> 75 %
  response (30 + 40 + 20) / 3 = 30 m; resolve (5 + 7 + 8) / 3 = 6 h 40 m
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from app.models import Grid, Household, Role
from app.services.cases import rates
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock, local
from app.services.core.container import Services, open_services
from app.services.core.setup import InitialSetup
from app.services.people.residents import NewResident

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
PASSWORD = "admin1234"


@pytest.fixture
def services(tmp_path: Path, pg_url: str) -> Iterator[Services]:
    s = open_services(tmp_path, db_url=pg_url, clock=FakeClock(NOW))
    try:
        yield s
    finally:
        s.close()


def test_the_rates_on_postgres(services: Services) -> None:
    clock = services.db.clock
    assert isinstance(clock, FakeClock)
    services.setup.initialize(InitialSetup("幸福里社区", "站前街道", "A01", "一号窗口", "0412-5581234", "admin",
                                           "王建国", PASSWORD))
    admin = services.auth.login("admin", PASSWORD)

    def staff(username: str, role: Role) -> Actor:
        services.auth.create_staff(admin, username, username, role, PASSWORD)
        return services.auth.act_as(username)

    director, worker = staff("director", Role.DIRECTOR), staff("grid1", Role.GRID_WORKER)
    resident = services.residents.create(admin, NewResident(name="张三", phone="13812345678", building="3",
                                                            unit="2", room="301"))
    with services.db.transaction() as session:
        grid = Grid(code="G1", name="第一网格", worker_id=worker.user_id)
        session.add(grid)
        session.flush()
        session.execute(update(Household).values(grid_id=grid.id))
    sub = next(c for c in services.intake.options(admin).categories if c.code == "LIFE-WATER")
    flow = services.workflow

    def story(start: timedelta, *steps: tuple[timedelta, Callable[[uuid.UUID], object]]) -> None:
        clock.set(NOW + start)
        case_id = services.intake.submit(admin, IntakeForm(
            channel="walk_in", resident_id=resident.id, category_id=sub.parent_id, subcategory_id=sub.id,
            description="厨房水管漏水，楼下天花板渗水。", urgency=3, scope="household")).case_id
        flow.dispatch(admin, case_id)
        for offset, step in steps:
            clock.set(NOW + start + offset)
            step(case_id)

    story(0 * HOUR, (30 * MIN, lambda c: flow.respond(worker, c)),
          (5 * HOUR, lambda c: flow.resolve(worker, c, "已修复")),
          (6 * HOUR, lambda c: flow.follow_up(admin, c, "satisfied")))
    story(1 * HOUR, (10 * MIN, lambda c: flow.suspend(director, c, "居民外出")),
          (2 * HOUR + 10 * MIN, lambda c: flow.resume(director, c)),
          (2 * HOUR + 40 * MIN, lambda c: flow.respond(worker, c)),
          (9 * HOUR, lambda c: flow.resolve(worker, c, "已修复")),
          (10 * HOUR, lambda c: flow.follow_up(admin, c, "basically_satisfied")))
    story(2 * HOUR, (20 * MIN, lambda c: flow.respond(worker, c)),
          (4 * HOUR, lambda c: flow.resolve(worker, c, "已修复")),
          (5 * HOUR, lambda c: flow.follow_up(admin, c, "dissatisfied")),
          (8 * HOUR, lambda c: flow.resolve(worker, c, "已彻底修复")),
          (9 * HOUR, lambda c: flow.follow_up(admin, c, "satisfied")))

    s = services.rates.summary(director, NOW, NOW + DAY)
    t = s.totals
    assert (t.received, t.responded, t.resolved, t.follow_ups, t.satisfied, t.fully_satisfied) == (3, 3, 3, 4, 3, 2)
    assert (t.response_rate, t.resolution_rate, t.satisfaction_rate) == (1.0, 1.0, 0.75)
    assert (t.response_time, t.resolve_time) == (30 * MIN, 6 * HOUR + 40 * MIN)
    assert [(g.name, g.figures.received) for g in s.by_grid] == [("第一网格", 3)]
    with services.db.reading() as session:
        assert rates.totals(session, NOW, NOW + DAY) == t
    trend = services.rates.trend(director, NOW, NOW + DAY)
    last = trend.weeks[-1]
    assert (last.start, last.total, last.resolved) == (local(NOW).date() - timedelta(days=1), 3, 3)  # Monday the 9th
