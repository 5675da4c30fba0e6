"""A community set up on PostgreSQL (issue 17): the same set-up screens' services as on SQLite, with the orders,
counts and retired flags PostgreSQL compares and sorts its own way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.enums import Role
from app.services.cases.categories import CategoryInput
from app.services.community.buildings import BuildingInput
from app.services.community.departments import DepartmentInput
from app.services.community.grids import GridInput
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.core.errors import Conflict
from tests.pg.test_postgres import NOW, ZHANG_SAN, request_form, set_up


@pytest.fixture
def services(tmp_path: Path, pg_url: str) -> Iterator[Services]:
    s = open_services(tmp_path, db_url=pg_url, clock=FakeClock(NOW))
    try:
        yield s
    finally:
        s.close()


def test_set_up_then_dispatch_on_postgres(services: Services) -> None:
    admin = set_up(services)
    setup = services.community
    assert {item.area for item in setup.readiness.checklist(admin)} == {"grids", "buildings", "accounts"}
    services.auth.create_staff(admin, "grid1", "赵网格", Role.GRID_WORKER, "grid2026ab")
    [worker] = setup.grids.workers(admin)
    grid = setup.grids.create(admin, GridInput("G1", "第一网格", worker.id))
    resident = services.residents.create(admin, ZHANG_SAN)  # building 3, unit 2, room 301
    case_id = services.intake.submit(admin, request_form(services, admin, resident.id, "楼道灯坏了")).case_id
    with pytest.raises(Conflict):
        services.workflow.dispatch(admin, case_id)
    assert [b.number for b in setup.buildings.unlisted(admin)] == ["3"]
    for number in ("10", "3", "2"):  # listed by number, not as text ("10" after "3")
        setup.buildings.create(admin, BuildingInput(number, grid.id, 2, 6, 2))
    assert [b.number for b in setup.buildings.all(admin)] == ["2", "3", "10"]
    assert services.workflow.dispatch(admin, case_id).assignee_id == worker.id
    assert [g.households for g in setup.grids.all(admin)] == [72]

    gas = setup.departments.create(admin, DepartmentInput("燃气公司", "utility", report_hours=6))
    setup.departments.move(admin, gas.id, -1)
    setup.departments.set_active(admin, gas.id, False)
    names = [d.name for d in setup.departments.all(admin)]
    assert names[-1] == "燃气公司" and not setup.departments.all(admin)[-1].active
    life = next(c for c in setup.categories.tree(admin) if c.code == "LIFE")
    sub = setup.categories.create(admin, CategoryInput("充电桩", life.id, 30, 48))
    setup.categories.move(admin, sub.id, -1)
    with pytest.raises(Conflict):
        setup.grids.delete(admin, grid.id)
    services.auth.create_staff(admin, "clerk1", "刘晓燕", Role.CLERK, "clerk2026x")
    assert setup.readiness.checklist(admin) == []
