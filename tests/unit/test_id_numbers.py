"""ID numbers in full only for the roles that need them (Permission.VIEW_ID_NUMBERS); masked for the rest."""

from __future__ import annotations

import pytest

from app.models import Role
from app.services.core.auth import ROLE_PERMISSIONS, Actor, Permission
from app.services.core.container import Services
from app.services.people.residents import NewResident, ResidentSummary
from tests.unit.conftest import ZHANG_SAN_ID


def staff_actor(services: Services, admin: Actor, role: Role) -> Actor:
    """An account of ``role`` (no log-in needed: services re-read the account by its id)."""
    username = f"t_{role.value}"
    info = services.auth.create_staff(admin, username, f"测试{role.value}", role, "passw0rd123")
    return Actor(info.id, info.username, info.display_name, info.role, services.db.desk_code)


def test_the_roles_that_see_id_numbers_in_full() -> None:
    sees = {role for role, perms in ROLE_PERMISSIONS.items() if Permission.VIEW_ID_NUMBERS in perms}
    assert sees == {Role.CLERK, Role.DIRECTOR, Role.ADMIN}


@pytest.mark.parametrize("role", [Role.CLERK, Role.DIRECTOR, Role.ADMIN])
def test_roles_with_the_permission_see_the_whole_number(services: Services, admin: Actor, role: Role) -> None:
    actor = staff_actor(services, admin, role)
    (found,) = services.residents.search(actor, "张三")
    assert (found.id_number, found.id_number_hidden) == (ZHANG_SAN_ID, False)
    assert services.residents.get(actor, found.id).id_number == ZHANG_SAN_ID


@pytest.mark.parametrize("role", [Role.GRID_WORKER, Role.TIMEBANK_OFFICER])
def test_other_roles_get_it_masked(services: Services, admin: Actor, role: Role,
                                   residents: dict[str, ResidentSummary]) -> None:
    actor = staff_actor(services, admin, role)
    (found,) = services.residents.search(actor, "张三")
    assert (found.id_number, found.id_number_hidden) == ("", True)
    assert found.phone == "13812345678"  # only the ID number is withheld
    got = services.residents.get(actor, residents["张三"].id)
    assert (got.id_number, got.id_number_hidden) == ("", True)


def test_a_resident_without_an_id_number_is_not_marked_hidden(services: Services, admin: Actor) -> None:
    grid = staff_actor(services, admin, Role.GRID_WORKER)
    services.residents.create(admin, NewResident(name="钱多多", phone="13700001111", building="4", unit="1",
                                                 room="202"))
    (found,) = services.residents.search(grid, "钱多多")
    assert (found.id_number, found.id_number_hidden) == ("", False)


def test_whole_id_number_finds_the_resident_for_everyone_but_shows_it_masked(services: Services,
                                                                              admin: Actor) -> None:
    grid = staff_actor(services, admin, Role.GRID_WORKER)
    (found,) = services.residents.search(grid, ZHANG_SAN_ID)
    assert (found.name, found.id_number) == ("张三", "")
    (x_found,) = services.residents.search(grid, "11010519491231002x")  # ends in X: not all digits
    assert (x_found.name, x_found.id_number) == ("王芳", "")


def test_id_prefixes_find_nobody_for_roles_that_see_it_masked(services: Services, admin: Actor,
                                                              clerk: Actor) -> None:
    """Otherwise trying 2103021955031, 2103021955032, ... would read the number out digit by digit."""
    grid = staff_actor(services, admin, Role.GRID_WORKER)
    prefix = ZHANG_SAN_ID[:12]
    assert [r.name for r in services.residents.search(clerk, prefix)] == ["张三"]
    assert services.residents.search(grid, prefix) == []
    assert [r.name for r in services.residents.search(grid, "138123")] == ["张三"]  # phone prefixes still work


def test_the_new_resident_is_returned_masked_to_a_time_bank_officer(services: Services, timebank: Actor) -> None:
    new = services.residents.create(timebank, NewResident(name="赵德顺", id_number="210302194501010052",
                                                          building="4", unit="1", room="201"))
    assert (new.id_number, new.id_number_hidden, new.gender, new.age) == ("", True, "M", 81)


def test_a_demoted_clerk_loses_the_full_number_at_once(services: Services, admin: Actor) -> None:
    """The account is re-read on every call: the Actor's own role field is not trusted."""
    clerk = staff_actor(services, admin, Role.CLERK)
    with services.db.transaction() as session:
        from app.models import Staff

        staff = session.get(Staff, clerk.user_id)
        assert staff is not None
        staff.role = Role.GRID_WORKER
    (found,) = services.residents.search(clerk, "张三")
    assert found.id_number == ""
