"""The rates' daily rollup on PostgreSQL: the same property as tests/unit/test_rollup.py (random stories through the
real services, figures read with the rollup equal to the direct count, fewer examples), and two desks writing the
same day's key at the same moment: each counts after taking the key's row lock, so the last one stores the sum of
both, not a stale one."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from app.models import Grid, Household, RatesDay, Role
from app.services.cases import rates, rollup
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock, local
from app.services.core.container import Services
from app.services.people.residents import NewResident
from tests.pg.desks import at_once
from tests.pg.test_postgres import NOW, PASSWORD, set_up
from tests.unit.rollup_story import NO_SHRINKING, Cast, period, story

CASTS: dict[int, Cast] = {}  # the test's desk, set up by its first example


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


def cast_of(services: Services) -> Cast:
    clock = services.db.clock
    assert isinstance(clock, FakeClock)
    admin = set_up(services)

    def staff(username: str, role: Role) -> Actor:
        services.auth.create_staff(admin, username, username, role, PASSWORD)
        return services.auth.act_as(username)

    director, worker = staff("director", Role.DIRECTOR), staff("grid1", Role.GRID_WORKER)
    residents = [services.residents.create(admin, NewResident(name=name, phone="", building=building, unit="1",
                                                              room="101")).id
                 for name, building in (("张三", "3"), ("李建国", "5"), ("王芳", "3"))]
    with services.db.transaction() as session:
        grid = Grid(code="G1", name="第一网格", worker_id=worker.user_id)
        session.add(grid)
        session.flush()
        session.execute(update(Household).where(Household.building == "3").values(grid_id=grid.id))
        grid_id = grid.id
    departments = [d.id for d in services.intake.options(admin).departments[:2]]
    return Cast(services, clock, admin, director, worker, residents, departments, grid_id)


@settings(phases=NO_SHRINKING, max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=story, periods=st.lists(period, min_size=1, max_size=3))
def test_the_rollup_gives_the_figures_counted_from_the_requests(services: Services,
                                                                steps: list[tuple[str, int, int, int]],
                                                                periods: list[tuple[int, int, bool]]) -> None:
    if id(services) not in CASTS:  # set up once; the requests accumulate from one example to the next
        CASTS[id(services)] = cast_of(services)
    cast = CASTS[id(services)]
    cast.cases = []
    start = cast.tell(steps)
    cast.check(start, periods)


def test_two_desks_counting_the_same_day_at_once_store_the_sum_of_both(desks: tuple[Services, Services]) -> None:
    """Both desks respond to a request of the same day, class, grid and level at the same moment: each recounts that
    key before its commit. Counted before the other committed and stored after it, one would store 1 responded."""
    first, second = desks
    admin = first.auth.login("admin", PASSWORD)
    resident = first.residents.create(admin, NewResident(name="张三", phone="", building="3", unit="1", room="101"))
    sub = next(c for c in first.intake.options(admin).categories if c.code == "LIFE-WATER")
    form = IntakeForm(channel="walk_in", resident_id=resident.id, category_id=sub.parent_id, subcategory_id=sub.id,
                      description="厨房水管漏水。", urgency=3, scope="household")
    handler = first.workflow.handlers(admin)[0].id
    for round_ in range(1, 5):
        cases = [first.intake.submit(admin, form).case_id for _desk in desks]
        for case_id in cases:
            first.workflow.dispatch(admin, case_id, handler)
        outcome = at_once(*(lambda d=desk, c=case_id: d.workflow.respond(d.auth.act_as("admin"), c)
                            for desk, case_id in zip(desks, cases, strict=True)))
        assert not [o for o in outcome if isinstance(o, Exception)], outcome
        with first.db.engine.connect() as conn:
            assert conn.execute(select(RatesDay.received, RatesDay.responded)).all() == [(2 * round_, 2 * round_)]
            assert rollup.differences(conn) == []
    day: date = local(NOW).date()
    with second.db.reading() as session:
        since, until = rates.span(day, day)
        assert rates.totals(session, since, until, part=rollup.EVERYTHING) == rates.totals(session, since, until)
