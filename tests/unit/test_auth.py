"""Accounts, log-in and permissions, checked by the services themselves."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.models import LoginAttempt, Role
from app.services.core.auth import ROLE_PERMISSIONS, Actor, Permission
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.core.errors import Conflict, PermissionDenied, ValidationError

# As set up in conftest.py (community_template).
ADMIN_USER, ADMIN_PASSWORD = "admin", "admin2026"
CLERK_USER, CLERK_PASSWORD = "clerk1", "clerk2026"
DESK_CODE = "A01"

WRONG_ANSWER = ("Wrong user name or password. After 5 wrong passwords in a row the account locks for "
                "15 minutes.")


def password_hash(services: Services, username: str) -> str:
    assert services.paths.database.exists()
    with closing(sqlite3.connect(services.paths.database)) as conn:
        row = conn.execute("SELECT password_hash FROM staff WHERE username = ?", (username,)).fetchone()
    assert row is not None
    return str(row[0])


def test_login_returns_the_actor(services: Services, admin: Actor) -> None:
    actor = services.auth.login("  ADMIN ", ADMIN_PASSWORD)
    assert actor == admin
    assert (actor.username, actor.display_name, actor.role, actor.desk_code) == ("admin", "于海波", Role.ADMIN,
                                                                                 DESK_CODE)


def test_login_with_wrong_password_is_refused(services: Services) -> None:
    with pytest.raises(PermissionDenied) as info:
        services.auth.login(ADMIN_USER, ADMIN_PASSWORD + "x")
    assert str(info.value) == WRONG_ANSWER


def test_login_of_unknown_user_gives_the_same_answer(services: Services) -> None:
    with pytest.raises(PermissionDenied) as info:
        services.auth.login("nobody", ADMIN_PASSWORD)
    assert str(info.value) == WRONG_ANSWER


def test_disabled_account_cannot_log_in(services: Services, admin: Actor, clerk: Actor) -> None:
    services.auth.set_active(admin, clerk.user_id, False)
    with pytest.raises(PermissionDenied) as info:
        services.auth.login(CLERK_USER, CLERK_PASSWORD)
    assert "disabled" in str(info.value)
    services.auth.set_active(admin, clerk.user_id, True)
    assert services.auth.login(CLERK_USER, CLERK_PASSWORD) == clerk


def test_passwords_are_stored_as_argon2_hashes(services: Services) -> None:
    stored = password_hash(services, CLERK_USER)
    assert stored.startswith("$argon2")
    assert CLERK_PASSWORD not in stored


@pytest.mark.parametrize(
    ("password", "message_part"),
    [("ab12", "at least 8"), ("abcdefgh", "letters and digits"), ("12345678", "letters and digits"), ("", "at least")],
)
def test_password_rules(services: Services, admin: Actor, password: str, message_part: str) -> None:
    with pytest.raises(ValidationError) as info:
        services.auth.create_staff(admin, "newclerk", "新人", Role.CLERK, password)
    assert list(info.value.errors) == ["password"]
    assert message_part in info.value.errors["password"].render()
    assert "newclerk" not in {s.username for s in services.auth.list_staff(admin)}


def test_create_staff_reports_every_bad_field_at_once(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as info:
        services.auth.create_staff(admin, "9lives", "  ", Role.CLERK, "short")
    assert set(info.value.errors) == {"username", "display_name", "password"}


def test_admin_creates_a_clerk_who_can_log_in(services: Services, admin: Actor) -> None:
    info = services.auth.create_staff(admin, " Clerk2 ", " 孙佳琪 ", Role.CLERK, "sun12345", " 18642031579 ")
    assert (info.username, info.display_name, info.role, info.phone, info.active) == (
        "clerk2", "孙佳琪", Role.CLERK, "18642031579", True)
    actor = services.auth.login("clerk2", "sun12345")
    assert actor.user_id == info.id
    assert actor.can(Permission.INTAKE) and not actor.can(Permission.EXPORT)


def test_clerk_cannot_create_accounts(services: Services, admin: Actor, clerk: Actor) -> None:
    before = services.auth.list_staff(admin)
    with pytest.raises(PermissionDenied):
        services.auth.create_staff(clerk, "sneaky", "某人", Role.ADMIN, "sneaky123")
    assert services.auth.list_staff(admin) == before


def test_clerk_cannot_list_accounts(services: Services, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        services.auth.list_staff(clerk)


def test_staff_phone_is_checked(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as info:
        services.auth.create_staff(admin, "clerk3", "王丹", Role.CLERK, "wang12345", "12812345678")
    assert list(info.value.errors) == ["phone"]


def test_duplicate_username_is_a_field_error(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as info:
        services.auth.create_staff(admin, "CLERK1", "另一个", Role.CLERK, "other1234")
    assert list(info.value.errors) == ["username"]
    assert "clerk1" in info.value.errors["username"].render()
    assert [s.display_name for s in services.auth.list_staff(admin) if s.username == "clerk1"] == ["刘晓燕"]


def test_disabled_users_existing_actor_is_refused_at_once(services: Services, admin: Actor, clerk: Actor) -> None:
    assert [r.name for r in services.residents.search(clerk, "张三")] == ["张三"]
    services.auth.set_active(admin, clerk.user_id, False)
    with pytest.raises(PermissionDenied) as info:
        services.residents.search(clerk, "张三")
    assert "disabled" in str(info.value)
    with pytest.raises(PermissionDenied):
        services.intake.recent(clerk)


def test_timebank_officer_cannot_manage_accounts(services: Services, timebank: Actor) -> None:
    assert Permission.INTAKE not in ROLE_PERMISSIONS[Role.TIMEBANK_OFFICER]
    with pytest.raises(PermissionDenied) as info:
        services.auth.list_staff(timebank)
    assert "manage_accounts" in str(info.value)


def test_change_own_password(services: Services, clerk: Actor) -> None:
    services.auth.change_own_password(clerk, CLERK_PASSWORD, "newpass99")
    assert services.auth.login(CLERK_USER, "newpass99") == clerk
    with pytest.raises(PermissionDenied):
        services.auth.login(CLERK_USER, CLERK_PASSWORD)


def test_change_own_password_with_wrong_old_password(services: Services, clerk: Actor) -> None:
    before = password_hash(services, CLERK_USER)
    with pytest.raises(ValidationError) as info:
        services.auth.change_own_password(clerk, "not-the-password1", "newpass99")
    assert list(info.value.errors) == ["old_password"]
    assert password_hash(services, CLERK_USER) == before


def test_change_own_password_checks_the_new_one(services: Services, clerk: Actor) -> None:
    with pytest.raises(ValidationError) as info:
        services.auth.change_own_password(clerk, CLERK_PASSWORD, "12345678")
    assert list(info.value.errors) == ["new_password"]


def test_admin_resets_a_password(services: Services, admin: Actor, clerk: Actor) -> None:
    services.auth.reset_password(admin, clerk.user_id, "reset2026")
    assert services.auth.login(CLERK_USER, "reset2026") == clerk
    with pytest.raises(PermissionDenied):
        services.auth.login(CLERK_USER, CLERK_PASSWORD)
    assert password_hash(services, CLERK_USER).startswith("$argon2")


def test_clerk_cannot_reset_passwords(services: Services, admin: Actor, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        services.auth.reset_password(clerk, admin.user_id, "takeover1")
    assert services.auth.login(ADMIN_USER, ADMIN_PASSWORD) == admin


def test_admin_cannot_disable_own_account(services: Services, admin: Actor) -> None:
    with pytest.raises(Conflict):
        services.auth.set_active(admin, admin.user_id, False)
    assert [s.active for s in services.auth.list_staff(admin) if s.username == ADMIN_USER] == [True]


def test_list_staff_shows_every_account(services: Services, admin: Actor) -> None:
    staff = services.auth.list_staff(admin)
    assert {(s.username, s.role, s.active) for s in staff} == {
        ("admin", Role.ADMIN, True), ("clerk1", Role.CLERK, True), ("timebank", Role.TIMEBANK_OFFICER, True)}


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(services: Services, clock: FakeClock,
                                                                   admin: Actor, clerk: Actor) -> None:
    for _ in range(4):
        with pytest.raises(PermissionDenied) as info:
            services.auth.login(CLERK_USER, "not-it-1")
        assert str(info.value) == WRONG_ANSWER
    with pytest.raises(PermissionDenied) as info:
        services.auth.login(CLERK_USER, "not-it-1")
    assert "locked for 15 minutes" in str(info.value)
    with pytest.raises(PermissionDenied) as info:            # even the right password is refused now
        services.auth.login(CLERK_USER, CLERK_PASSWORD)
    assert "locked until" in str(info.value)
    clock.advance(timedelta(minutes=15, seconds=1))
    assert services.auth.login(CLERK_USER, CLERK_PASSWORD).user_id == clerk.user_id
    with services.db.reading() as session:
        attempts = session.execute(select(LoginAttempt.reason, LoginAttempt.success)
                                   .where(LoginAttempt.username == CLERK_USER)
                                   .order_by(LoginAttempt.created_at, LoginAttempt.id)).all()
    assert [r for r, _ in attempts][-7:] == ["wrong_password"] * 4 + ["locked", "locked", "ok"]
    assert [ok for _, ok in attempts][-1] is True


def test_a_right_password_resets_the_count_and_admin_reset_unlocks(services: Services, admin: Actor,
                                                                   clerk: Actor) -> None:
    for _ in range(4):
        with pytest.raises(PermissionDenied):
            services.auth.login(CLERK_USER, "not-it-1")
    services.auth.login(CLERK_USER, CLERK_PASSWORD)          # count back to zero
    for _ in range(4):
        with pytest.raises(PermissionDenied):
            services.auth.login(CLERK_USER, "not-it-1")
    assert services.auth.login(CLERK_USER, CLERK_PASSWORD).username == CLERK_USER   # still not locked
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            services.auth.login(CLERK_USER, "not-it-1")
    services.auth.reset_password(admin, clerk.user_id, "Fresh2026x")
    assert services.auth.login(CLERK_USER, "Fresh2026x").username == CLERK_USER


def test_login_attempts_cannot_be_rewritten(services: Services) -> None:
    with pytest.raises(PermissionDenied):
        services.auth.login("nobody", "whatever1")
    with pytest.raises(IntegrityError), services.db.engine.begin() as conn:
        conn.execute(text("UPDATE login_attempt SET success = 1"))
    with pytest.raises(IntegrityError), services.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM login_attempt"))
