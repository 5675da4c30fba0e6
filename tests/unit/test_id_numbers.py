"""ID numbers on screen (issue 16): one rule for every role and every screen. The services hand out the number
masked (2103**********0010) whoever asks; a role that needs the whole number (clerk, director, administrator) reveals
it one resident at a time, and each reveal is recorded (who, whose, when) in the audit trail."""

from __future__ import annotations

import pytest

from app.models import Role
from app.services.core.audit import AuditFilter
from app.services.core.auth import ROLE_PERMISSIONS, Actor, Permission
from app.services.core.container import Services
from app.services.core.errors import NotFound, PermissionDenied
from app.services.documents.disclosure import REVEAL_COMMAND, REVEAL_ID_ROLES
from app.services.people.residents import NewResident, ResidentSummary
from tests.unit.conftest import ZHANG_SAN_ID

MASKED = "2103**********0010"


def staff_actor(services: Services, admin: Actor, role: Role) -> Actor:
    """An account of ``role`` (no log-in needed: services re-read the account by its id)."""
    username = f"t_{role.value}"
    info = services.auth.create_staff(admin, username, f"测试{role.value}", role, "passw0rd123")
    return Actor(info.id, info.username, info.display_name, info.role, services.db.desk_code)


def reveals(services: Services, admin: Actor) -> list[tuple[str, str]]:
    """The reveals the audit trail holds: (who, whose resident id), newest first."""
    rows = services.audit.entries(admin, AuditFilter(entity="command_run"))
    return [(r.actor_name, r.details["details"]["resident_id"]) for r in rows
            if r.action == "insert" and r.details.get("command") == REVEAL_COMMAND]


def test_the_roles_that_may_reveal_the_whole_number() -> None:
    sees = {role for role, perms in ROLE_PERMISSIONS.items() if Permission.VIEW_ID_NUMBERS in perms}
    assert sees == REVEAL_ID_ROLES == {Role.CLERK, Role.DIRECTOR, Role.ADMIN}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_the_number_masked(services: Services, admin: Actor, role: Role,
                                           residents: dict[str, ResidentSummary]) -> None:
    actor = staff_actor(services, admin, role)
    (found,) = services.residents.search(actor, "张三")
    assert found.id_number == MASKED and ZHANG_SAN_ID not in repr(found)
    assert found.phone == "13812345678"  # only the ID number is masked
    assert services.residents.get(actor, residents["张三"].id).id_number == MASKED
    assert services.residents.browse(actor)[0].id_number.count("*") in (0, 10)


@pytest.mark.parametrize("role", [Role.CLERK, Role.DIRECTOR, Role.ADMIN])
def test_a_reveal_gives_the_whole_number_and_is_recorded(services: Services, admin: Actor, role: Role,
                                                         residents: dict[str, ResidentSummary]) -> None:
    actor = staff_actor(services, admin, role)
    assert services.residents.reveal_id_number(actor, residents["张三"].id) == ZHANG_SAN_ID
    assert reveals(services, admin)[0] == (actor.username, str(residents["张三"].id))
    # the reveal shows nothing more afterwards: a later look-up is masked again
    assert services.residents.get(actor, residents["张三"].id).id_number == MASKED


@pytest.mark.parametrize("role", [Role.GRID_WORKER, Role.TIMEBANK_OFFICER])
def test_other_roles_are_refused_the_reveal_and_nothing_is_recorded(services: Services, admin: Actor, role: Role,
                                                                   residents: dict[str, ResidentSummary]) -> None:
    actor = staff_actor(services, admin, role)
    with pytest.raises(PermissionDenied) as refused:
        services.residents.reveal_id_number(actor, residents["张三"].id)
    assert "view_id_numbers" in refused.value.message.render(lambda _ctx, text: text)
    assert reveals(services, admin) == []


def test_no_number_on_file_is_said_and_not_recorded(services: Services, admin: Actor, clerk: Actor) -> None:
    new = services.residents.create(admin, NewResident(name="钱多多", phone="13700001111", building="4", unit="1",
                                                       room="202"))
    assert new.id_number == ""
    with pytest.raises(NotFound):
        services.residents.reveal_id_number(clerk, new.id)
    assert reveals(services, admin) == []


def test_whole_id_number_finds_the_resident_for_everyone_but_shows_it_masked(services: Services,
                                                                              admin: Actor) -> None:
    grid = staff_actor(services, admin, Role.GRID_WORKER)
    (found,) = services.residents.search(grid, ZHANG_SAN_ID)
    assert (found.name, found.id_number) == ("张三", MASKED)
    (x_found,) = services.residents.search(grid, "11010519491231002x")  # ends in X: not all digits
    assert (x_found.name, x_found.id_number) == ("王芳", "1101**********002X")


def test_id_prefixes_find_nobody_for_roles_that_may_not_reveal(services: Services, admin: Actor,
                                                               clerk: Actor) -> None:
    """Otherwise trying 2103021955031, 2103021955032, ... would read the number out digit by digit."""
    grid = staff_actor(services, admin, Role.GRID_WORKER)
    prefix = ZHANG_SAN_ID[:12]
    assert [r.name for r in services.residents.search(clerk, prefix)] == ["张三"]
    assert services.residents.search(grid, prefix) == []
    assert [r.name for r in services.residents.search(grid, "138123")] == ["张三"]  # phone prefixes still work


def test_the_new_resident_is_returned_masked(services: Services, timebank: Actor, clerk: Actor) -> None:
    for actor, number in ((timebank, "210302194501010052"), (clerk, "210302194501010036")):
        name = "赵德" + ("顺" if actor is timebank else "明")
        new = services.residents.create(actor, NewResident(name=name, id_number=number, building="4", unit="1",
                                                           room="201"))
        assert (new.id_number, new.gender, new.age) == (number[:4] + "*" * 10 + number[-4:], "M", 81)


def test_a_demoted_clerk_loses_the_reveal_at_once(services: Services, admin: Actor,
                                                  residents: dict[str, ResidentSummary]) -> None:
    """The account is re-read on every call: the Actor's own role field is not trusted."""
    clerk = staff_actor(services, admin, Role.CLERK)
    with services.db.transaction() as session:
        from app.models import Staff

        staff = session.get(Staff, clerk.user_id)
        assert staff is not None
        staff.role = Role.GRID_WORKER
    with pytest.raises(PermissionDenied):
        services.residents.reveal_id_number(clerk, residents["张三"].id)
