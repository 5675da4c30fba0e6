"""Every service method that takes an Actor, called as every role and as a disabled account.

A call is allowed exactly when ROLE_PERMISSIONS gives the role the permission the table names; otherwise it
raises PermissionDenied and writes nothing (the audit trail, which records every write, does not grow).
The methods are found by introspection of ``Services``: a new method taking an Actor fails
``test_every_method_taking_an_actor_is_in_the_table`` until it has its row in ``CALLS``.
"""

from __future__ import annotations

import dataclasses
import inspect
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, get_type_hints

import pytest

from app.models import Channel, Role, Scope
from app.services.audit import AuditFilter
from app.services.auth import ROLE_PERMISSIONS, Actor, Permission
from app.services.clock import FakeClock
from app.services.container import Services, open_services
from app.services.errors import PermissionDenied
from app.services.intake import IntakeForm
from app.services.residents import NewResident, ResidentSummary
from tests.unit.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, NOW, TIMEBANK_PASSWORD, Community

PASSWORD = "passw0rd123"
DISABLED = "disabled"
ANY_ACCOUNT = None  # a method any active account may use (on its own account)

# Services whose methods are not in CALLS yet. Each needs its rows before it is removed from here.
SKIPPED_SERVICES = {
    # TODO(issue 4): services.timebank (app/services/timebank.py, app/services/ledger.py) is being written
    # at the same time; its author adds its rows to CALLS and removes this entry.
    "timebank",
}


@dataclasses.dataclass
class Ctx:
    """What the argument builders need: ids from the prepared community, a folder, the caller's password."""

    services: Services
    residents: dict[str, ResidentSummary]
    open_case_id: uuid.UUID
    spare_staff_id: uuid.UUID
    tmp: Path
    password: str = ""
    any_actor: Actor | None = None  # someone allowed to read the intake options (to build forms)

    def form(self, resident: str, description: str = "楼道灯坏了一个星期，晚上看不见") -> IntakeForm:
        assert self.any_actor is not None
        options = self.services.intake.options(self.any_actor)
        sub = next(c for c in options.categories if c.code == "LIFE-WATER")
        return IntakeForm(channel=Channel.WALK_IN.value, resident_id=self.residents[resident].id,
                          category_id=sub.parent_id, subcategory_id=sub.id, description=description,
                          urgency=3, scope=Scope.HOUSEHOLD.value)


Args = tuple[tuple[Any, ...], dict[str, Any]]


def a(*args: Any, **kwargs: Any) -> Args:
    return args, kwargs


# One line per method: "service.method": (permission it needs, arguments after the actor).
CALLS: dict[str, tuple[Permission | None, Callable[[Ctx], Args]]] = {
    "auth.create_staff": (Permission.MANAGE_ACCOUNTS, lambda c: a("newbie", "新同事", Role.CLERK, PASSWORD)),
    "auth.list_staff": (Permission.MANAGE_ACCOUNTS, lambda c: a()),
    "auth.set_active": (Permission.MANAGE_ACCOUNTS, lambda c: a(c.spare_staff_id, False)),
    "auth.reset_password": (Permission.MANAGE_ACCOUNTS, lambda c: a(c.spare_staff_id, "newpass2026")),
    "auth.change_own_password": (ANY_ACCOUNT, lambda c: a(c.password, "newpass2026")),
    "residents.search": (Permission.VIEW_CASES, lambda c: a("张三")),
    "residents.get": (Permission.VIEW_CASES, lambda c: a(c.residents["张三"].id)),
    "residents.create": (Permission.MANAGE_RESIDENTS, lambda c: a(NewResident(
        name="钱多多", phone="13700001111", building="4", unit="1", room="202"))),
    "intake.options": (Permission.VIEW_CASES, lambda c: a()),
    "intake.find_similar": (Permission.VIEW_CASES, lambda c: a(c.residents["王芳"].id, None, "楼道灯坏了")),
    "intake.submit": (Permission.INTAKE, lambda c: a(c.form("李建国"))),
    "intake.attach": (Permission.INTAKE, lambda c: a(c.open_case_id, c.form("王芳"))),
    "intake.receipt": (Permission.VIEW_CASES, lambda c: a(case_id=c.open_case_id)),
    "intake.recent": (Permission.VIEW_CASES, lambda c: a()),
    "intake.count_today": (Permission.VIEW_CASES, lambda c: a()),
    "export.export": (Permission.EXPORT, lambda c: a("json", c.tmp / "all.json")),
    "audit.entries": (Permission.VIEW_AUDIT, lambda c: a(AuditFilter())),
    "audit.entities": (Permission.VIEW_AUDIT, lambda c: a()),
    "personal_data.export_resident": (Permission.EXPORT, lambda c: a(c.residents["张三"].id, c.tmp / "p.json")),
    "personal_data.erase_resident": (Permission.ERASE_PERSONAL_DATA,
                                     lambda c: a(c.residents["李建国"].id, "本人书面申请")),
}

CALLERS = [*Role, DISABLED]


def takes_actor(function: Callable[..., Any]) -> bool:
    return any("Actor" in str(p.annotation) for p in inspect.signature(function).parameters.values())


def discovered() -> set[str]:
    """Every public method of every service in Services with a parameter annotated Actor (or Actor | None)."""
    found = set()
    for name, kind in get_type_hints(Services).items():
        if name in SKIPPED_SERVICES or not inspect.isclass(kind):
            continue
        for method, function in inspect.getmembers(kind, inspect.isfunction):
            if not method.startswith("_") and takes_actor(function):
                found.add(f"{name}.{method}")
    return found


def test_every_method_taking_an_actor_is_in_the_table() -> None:
    found = discovered()
    missing = sorted(found - set(CALLS))
    assert not missing, f"add a line to CALLS in {__file__} for: {', '.join(missing)}"
    assert sorted(set(CALLS) - found) == [], "CALLS names methods that no longer take an Actor"


def test_the_discovery_sees_the_services() -> None:
    found = discovered()
    assert {"residents.search", "intake.submit", "auth.create_staff", "personal_data.erase_resident"} <= found
    assert "auth.login" not in found and "verify.run" not in found  # no Actor: nothing to check here


# ---- the matrix ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Prepared:
    folder: Path
    actors: dict[str, Actor]
    passwords: dict[str, str]
    residents: dict[str, ResidentSummary]
    open_case_id: uuid.UUID
    spare_staff_id: uuid.UUID


def actor_of(info: Any, desk: str) -> Actor:
    return Actor(info.id, info.username, info.display_name, info.role, desk)


@pytest.fixture(scope="session")
def prepared(community_template: Community, tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """The test community plus an account of every role, a disabled administrator, a spare account to
    disable or reset, and an open request (张三's) to attach to. Built once; each test gets a copy."""
    folder = tmp_path_factory.mktemp("permissions") / "data"
    shutil.copytree(community_template.folder, folder)
    services = open_services(folder, clock=FakeClock(NOW))
    try:
        admin, desk = community_template.admin, services.db.desk_code
        actors: dict[str, Actor] = {Role.ADMIN: admin, Role.CLERK: community_template.clerk,
                                    Role.TIMEBANK_OFFICER: community_template.timebank}
        passwords = {Role.ADMIN: ADMIN_PASSWORD, Role.CLERK: CLERK_PASSWORD, Role.TIMEBANK_OFFICER: TIMEBANK_PASSWORD}
        for role in Role:
            if role not in actors:
                actors[role] = actor_of(services.auth.create_staff(admin, f"m_{role.value}", "测试", role, PASSWORD),
                                        desk)
                passwords[role] = PASSWORD
        disabled = services.auth.create_staff(admin, "m_disabled", "停用管理员", Role.ADMIN, PASSWORD)
        services.auth.set_active(admin, disabled.id, False)
        actors[DISABLED], passwords[DISABLED] = actor_of(disabled, desk), PASSWORD
        spare = services.auth.create_staff(admin, "m_spare", "备用账号", Role.CLERK, PASSWORD)
        residents = community_template.residents
        ctx = Ctx(services, residents, uuid.uuid4(), spare.id, folder, any_actor=admin)
        case = services.intake.submit(community_template.clerk, ctx.form("张三"))
    finally:
        services.close()
    return Prepared(folder, actors, passwords, residents, case.case_id, spare.id)


@pytest.fixture
def matrix_services(prepared: Prepared, tmp_path: Path) -> Iterator[Services]:
    folder = tmp_path / "data"
    shutil.copytree(prepared.folder, folder)
    svc = open_services(folder, clock=FakeClock(NOW))
    try:
        yield svc
    finally:
        svc.close()


def audit_size(services: Services) -> int:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def files_in(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def may(caller: str, permission: Permission | None) -> bool:
    if caller == DISABLED:
        return False
    return permission is ANY_ACCOUNT or permission in ROLE_PERMISSIONS[Role(caller)]


@pytest.mark.parametrize("caller", CALLERS, ids=str)
@pytest.mark.parametrize("call", sorted(CALLS))
def test_allowed_exactly_when_the_role_has_the_permission(call: str, caller: str, prepared: Prepared,
                                                          matrix_services: Services, tmp_path: Path) -> None:
    permission, build = CALLS[call]
    service_name, method_name = call.split(".")
    actor = prepared.actors[caller]
    out = tmp_path / "out"
    out.mkdir()
    ctx = Ctx(matrix_services, prepared.residents, prepared.open_case_id, prepared.spare_staff_id, out,
              prepared.passwords[caller], any_actor=prepared.actors[Role.ADMIN])
    args, kwargs = build(ctx)
    method = getattr(getattr(matrix_services, service_name), method_name)
    before = audit_size(matrix_services)
    if may(caller, permission):
        method(actor, *args, **kwargs)  # allowed: the call goes through (any refusal fails the test)
    else:
        with pytest.raises(PermissionDenied):
            method(actor, *args, **kwargs)
        assert audit_size(matrix_services) == before, "a refused call wrote something"
        assert files_in(out) == set(), "a refused call wrote a file"
