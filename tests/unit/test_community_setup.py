"""Setting up a real community without the demo (issue 17): grids and their workers, buildings with their rooms,
departments, request classes, and the checklist of what is missing, on the real SQLite file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any

import pytest

from app.domain.enums import DepartmentKind, Role
from app.models import Channel, Scope
from app.services.cases.categories import CategoryInput
from app.services.cases.intake import IntakeForm
from app.services.community.buildings import BuildingInput
from app.services.community.departments import DepartmentInput
from app.services.community.grids import GridInput
from app.services.core.audit import AuditFilter
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import Conflict, PermissionDenied, ValidationError
from app.services.people.residents import ResidentSummary

WORKER_PASSWORD = "grid2026ab"


def rows(services: Services, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return list(conn.execute(query, params))


def audit_length(services: Services) -> int:
    return rows(services, "SELECT count(*) FROM audit_log")[0][0]


def areas(services: Services, admin: Actor) -> list[str]:
    return [item.area for item in services.community.readiness.checklist(admin)]


def worker(services: Services, admin: Actor, username: str = "grid1", name: str = "赵网格") -> Actor:
    services.auth.create_staff(admin, username, name, Role.GRID_WORKER, WORKER_PASSWORD)
    return services.auth.login(username, WORKER_PASSWORD)


def log_case(services: Services, clerk: Actor, resident: ResidentSummary) -> Any:
    options = services.intake.options(clerk)
    sub = next(c for c in options.categories if c.code == "LIFE-WATER")
    form = IntakeForm(channel=Channel.WALK_IN.value, resident_id=resident.id, category_id=sub.parent_id,
                      subcategory_id=sub.id, description="楼道灯不亮了，晚上看不见台阶", urgency=2,
                      scope=Scope.HOUSEHOLD.value)
    return services.intake.submit(clerk, form).case_id


def test_from_nothing_to_an_automatic_dispatch(services: Services, admin: Actor, clerk: Actor,
                                               residents: dict[str, ResidentSummary]) -> None:
    """The issue's story: a fresh community has no grids, so dispatch fails; the administrator adds a grid with its
    worker and building 3 in it, and the same request then goes to that worker."""
    case_id = log_case(services, clerk, residents["张三"])
    with pytest.raises(Conflict, match="no grid worker"):
        services.workflow.dispatch(clerk, case_id)
    assert "grids" in areas(services, admin) and "buildings" in areas(services, admin)

    zhao = worker(services, admin)
    grid = services.community.grids.create(admin, GridInput("g01", " 第一网格 ", zhao.user_id))
    assert (grid.code, grid.name, grid.worker_name) == ("G01", "第一网格", "赵网格")
    building = services.community.buildings.create(admin, BuildingInput("3", grid.id, units=8, floors=6,
                                                                        rooms_per_floor=2))
    assert (building.households, building.residents, building.grid_name) == (96, 3, "第一网格")  # 3-2-301 kept

    info = services.workflow.dispatch(clerk, case_id)
    assert info.assignee_id == zhao.user_id
    assert rows(services, "SELECT count(*) FROM household WHERE building = '3' AND grid_id IS NULL") == [(0,)]
    top = rows(services, "SELECT room FROM household WHERE building = '3' AND unit = '8' ORDER BY room")
    assert top[0] == ("101",) and top[-1] == ("602",)
    # 李建国 lives in building 5, which is not listed yet: the checklist says so; listing it settles it
    unlisted = services.community.buildings.unlisted(admin)
    assert [(b.number, b.households) for b in unlisted] == [("5", 1)]
    [five] = services.community.buildings.register_unlisted(admin)
    assert (five.number, five.units, five.floors, five.rooms_per_floor) == ("5", 1, 1, 1)
    services.community.buildings.update(admin, five.id, BuildingInput("5", grid.id, 1, 1, 1))
    services.auth.create_staff(admin, "clerk2", "孙前台", Role.CLERK, "clerk2026b")
    assert areas(services, admin) == []


def test_a_new_grid_worker_takes_new_requests_old_ones_keep_their_handler(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    zhao, qian = worker(services, admin), worker(services, admin, "grid2", "钱网格")
    grid = services.community.grids.create(admin, GridInput("G1", "第一网格", zhao.user_id))
    services.community.buildings.create(admin, BuildingInput("3", grid.id, 2, 6, 2))
    first = log_case(services, clerk, residents["张三"])
    services.workflow.dispatch(clerk, first)
    services.community.grids.update(admin, grid.id, GridInput("G1", "第一网格", qian.user_id))
    second = log_case(services, clerk, residents["王芳"])
    assert services.workflow.dispatch(clerk, second).assignee_id == qian.user_id
    assert services.workflow.detail(clerk, first).info.assignee_id == zhao.user_id
    [owner] = services.community.grids.all(admin)
    assert (owner.worker_name, owner.households, owner.buildings, owner.open_cases) == ("钱网格", 24, 1, 2)
    trail = services.audit.entries(admin, AuditFilter(entity="grid"))
    assert any(str(zhao.user_id) in str(e.details) and str(qian.user_id) in str(e.details) for e in trail)


def test_grid_refusals_name_their_field_and_write_nothing(services: Services, admin: Actor, clerk: Actor) -> None:
    zhao = worker(services, admin)
    grid = services.community.grids.create(admin, GridInput("G1", "第一网格", zhao.user_id))
    before = audit_length(services)
    cases: list[tuple[GridInput, str]] = [
        (GridInput("", "第二网格"), "code"), (GridInput("G 2", "第二网格"), "code"), (GridInput("G2", ""), "name"),
        (GridInput("G2", "网" * 41), "name"), (GridInput("g1", "第二网格"), "code"),
        (GridInput("G2", "第一网格"), "name"), (GridInput("G2", "第二网格", clerk.user_id), "worker"),
        (GridInput("G2", "第二网格", admin.user_id), "worker"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.community.grids.create(admin, data)
        assert field in refused.value.errors, data
    with pytest.raises(PermissionDenied):
        services.community.grids.create(clerk, GridInput("G2", "第二网格"))
    assert audit_length(services) == before
    assert [g.code for g in services.community.grids.all(admin)] == [grid.code]


def test_a_grid_in_use_is_retired_never_deleted(services: Services, admin: Actor, clerk: Actor,
                                                residents: dict[str, ResidentSummary]) -> None:
    zhao = worker(services, admin)
    grid = services.community.grids.create(admin, GridInput("G1", "第一网格", zhao.user_id))
    spare = services.community.grids.create(admin, GridInput("G9", "错建的网格"))
    services.community.grids.delete(admin, spare.id)  # never used: goes
    building = services.community.buildings.create(admin, BuildingInput("3", grid.id, 2, 6, 2))
    log_case(services, clerk, residents["张三"])
    with pytest.raises(Conflict) as refused:
        services.community.grids.delete(admin, grid.id)
    assert refused.value.message.params == {"name": "第一网格", "cases": 1, "buildings": 1, "households": 24}
    with pytest.raises(ValidationError, match="move them to another grid"):
        services.community.grids.set_active(admin, grid.id, False)
    other = services.community.grids.create(admin, GridInput("G2", "第二网格", zhao.user_id))
    services.community.buildings.update(admin, building.id, BuildingInput("3", other.id, 2, 6, 2))
    assert services.community.grids.set_active(admin, grid.id, False).active is False
    assert [w.grids for w in services.community.grids.workers(admin)] == [("第二网格",)]


def test_building_shape_grows_only_and_bad_shapes_are_refused(services: Services, admin: Actor) -> None:
    before = audit_length(services)
    for data, field in [(BuildingInput("", None), "number"), (BuildingInput("0", None), "number"),
                        (BuildingInput("3a", None), "number"), (BuildingInput("1000", None), "number"),
                        (BuildingInput("7", None, units=0), "units"), (BuildingInput("7", None, floors=61), "floors"),
                        (BuildingInput("7", None, rooms_per_floor=-1), "rooms_per_floor"),
                        (BuildingInput("7", None, note="备" * 61), "note")]:
        with pytest.raises(ValidationError) as refused:
            services.community.buildings.create(admin, data)
        assert field in refused.value.errors, data
    assert audit_length(services) == before
    made = services.community.buildings.create(admin, BuildingInput("１２号楼", None, 2, 3, 2))  # full-width, 号楼
    assert (made.number, made.households) == ("12", 12)
    with pytest.raises(ValidationError, match="already in the list"):
        services.community.buildings.create(admin, BuildingInput("12", None))
    with pytest.raises(ValidationError) as refused:
        services.community.buildings.update(admin, made.id, BuildingInput("12", None, 1, 3, 2))
    assert list(refused.value.errors) == ["units"]
    with pytest.raises(ValidationError) as renumbered:  # a changed number is refused by name, not ignored
        services.community.buildings.update(admin, made.id, BuildingInput("13", None, 2, 4, 2))
    assert list(renumbered.value.errors) == ["number"]
    assert services.community.buildings.all(admin)[-1].households == 12
    grown = services.community.buildings.update(admin, made.id, BuildingInput("12号楼", None, 2, 4, 2))
    assert grown.households == 16


def test_a_building_people_live_in_cannot_be_deleted(services: Services, admin: Actor) -> None:
    three = services.community.buildings.create(admin, BuildingInput("3", None, 2, 6, 2))
    with pytest.raises(Conflict) as refused:
        services.community.buildings.delete(admin, three.id)
    assert refused.value.message.params["residents"] == 3
    empty = services.community.buildings.create(admin, BuildingInput("9", None, 1, 2, 2))
    services.community.buildings.delete(admin, empty.id)
    assert rows(services, "SELECT count(*) FROM household WHERE building = '9'") == [(0,)]
    assert services.community.buildings.set_active(admin, three.id, False).active is False


def test_departments_added_changed_ordered_and_retired(services: Services, admin: Actor, clerk: Actor,
                                                       residents: dict[str, ResidentSummary]) -> None:
    departments = services.community.departments
    made = departments.create(admin, DepartmentInput("燃气公司", DepartmentKind.UTILITY.value, "周师傅",
                                                     "0412 556 0000", 4))
    assert (made.kind, made.phone, made.report_hours, made.calls) == (DepartmentKind.UTILITY, "0412-5560000", 4, 0)
    assert services.intake.options(clerk).departments[-1].name == "燃气公司"
    departments.move(admin, made.id, -1)
    assert [d.name for d in services.intake.options(clerk).departments][-2:] == ["燃气公司", "供电所"]
    # called in on a request: its own report time is the default, and it can no longer be deleted
    case_id = log_case(services, clerk, residents["张三"])
    services.workflow.call_departments(clerk, case_id, [made.id])
    [call] = services.workflow.detail(clerk, case_id).departments
    assert call.report_due_at is not None and call.called_at is not None
    assert (call.report_due_at - call.called_at).total_seconds() == 4 * 3600
    with pytest.raises(Conflict) as refused:
        departments.delete(admin, made.id)
    assert refused.value.message.params == {"name": "燃气公司", "cases": 1, "items": 0}
    renamed = departments.update(admin, made.id, DepartmentInput("市燃气公司", "utility", "周师傅", "", 6))
    assert (renamed.name, renamed.phone, renamed.calls) == ("市燃气公司", "", 1)
    departments.set_active(admin, made.id, False)
    assert "市燃气公司" not in [d.name for d in services.intake.options(clerk).departments]
    other = log_case(services, clerk, residents["王芳"])
    with pytest.raises(ValidationError, match="retired"):
        services.workflow.call_departments(clerk, other, [made.id])
    for data, field in [(DepartmentInput(""), "name"), (DepartmentInput("供电所"), "name"),
                        (DepartmentInput("新科室", "bureau"), "kind"), (DepartmentInput("新科室", phone="12"), "phone"),
                        (DepartmentInput("新科室", report_hours=0), "report_hours"),
                        (DepartmentInput("新科室", report_hours=721), "report_hours")]:
        with pytest.raises(ValidationError) as bad:
            departments.create(admin, data)
        assert field in bad.value.errors, data


def test_request_classes_and_sub_categories(services: Services, admin: Actor, clerk: Actor,
                                            residents: dict[str, ResidentSummary]) -> None:
    categories = services.community.categories
    tree = categories.tree(admin)
    life = next(c for c in tree if c.code == "LIFE")
    assert [c.name for c in tree if c.parent_id is None] == ["生活服务", "健康医疗", "就业帮扶", "权益保障", "环境改善"]
    sub = categories.create(admin, CategoryInput("充电桩", life.id, 30, 48))
    assert sub.code == "LIFE-N01" and not sub.built_in
    offered = [c for c in services.intake.options(clerk).categories if c.parent_id == life.id]
    assert offered[-1].name == "充电桩" and offered[-1].resolve_hours == 48
    categories.move(admin, sub.id, +1)  # already last: nothing moves
    categories.move(admin, sub.id, -1)
    offered = [c.name for c in services.intake.options(clerk).categories if c.parent_id == life.id]
    assert offered[-2:] == ["充电桩", "家政服务"]
    with pytest.raises(ValidationError, match="five classes"):
        categories.set_active(admin, life.id, False)
    with pytest.raises(ValidationError, match="five classes"):
        categories.delete(admin, life.id)
    new_class = categories.create(admin, CategoryInput("文体活动"))
    assert new_class.code == "C01"
    inner = categories.create(admin, CategoryInput("广场舞", new_class.id))
    with pytest.raises(ValidationError, match="Retire the sub-categories"):
        categories.set_active(admin, new_class.id, False)
    with pytest.raises(ValidationError, match="not to another sub-category"):
        categories.create(admin, CategoryInput("子子类", inner.id))
    # a retired category stays on old requests and leaves the intake form
    case_id = log_case(services, clerk, residents["张三"])
    water = next(c for c in tree if c.code == "LIFE-WATER")
    categories.set_active(admin, water.id, False)
    assert "水电维修" not in [c.name for c in services.intake.options(clerk).categories]
    assert services.workflow.detail(clerk, case_id).about.subcategory == "水电维修"
    with pytest.raises(Conflict) as refused:
        categories.delete(admin, water.id)
    assert refused.value.message.params["cases"] == 1
    categories.delete(admin, inner.id)
    for data, field in [(CategoryInput(""), "name"), (CategoryInput("生活服务"), "name"),
                        (CategoryInput("x", life.id, 4), "response_minutes"),
                        (CategoryInput("x", life.id, 60, 0), "resolve_hours")]:
        with pytest.raises(ValidationError) as bad:
            categories.create(admin, data)
        assert field in bad.value.errors, data
