"""The desk's administration from the app (issue 17): what a backup holds, backing up and restoring with the
caller checked, the chosen backup folder (a USB stick that may be missing), the desk's own settings, and a second
desk joining a shared database after an administrator's password."""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from app.services.cases.intake import IntakeForm
from app.services.core.auth import MAX_FAILED_LOGINS, Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.services.core.settings import LocalSettings
from app.services.people.residents import ResidentSummary
from tests.unit.conftest import ADMIN_PASSWORD, ADMIN_USER, CLERK_PASSWORD, CLERK_USER


def log_request(services: Services, actor: Actor, resident: ResidentSummary, text: str) -> str:
    options = services.intake.options(actor)
    sub = next(c for c in options.categories if c.code == "LIFE-WATER")
    return services.intake.submit(actor, IntakeForm(
        channel="walk_in", resident_id=resident.id, category_id=sub.parent_id, subcategory_id=sub.id,
        description=text, urgency=3, scope="household")).case_no


def count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


# --- backups -------------------------------------------------------------------------------------------


def test_a_backup_says_what_it_holds(services: Services, clerk: Actor, residents: dict[str, ResidentSummary],
                                     clock: FakeClock) -> None:
    log_request(services, clerk, residents["张三"], "厨房水管漏水，楼下天花板湿了")
    made = services.backups.back_up(clerk)  # any account may back up
    contents = services.backups.describe(made.path)
    assert (contents.residents, contents.requests) == (4, 1)
    assert contents.newest_request_at == clock.now()
    assert contents.revision == services.db.head_revision()
    overview = services.backups.overview(clerk)
    assert not overview.on_server and not overview.folder_missing and overview.is_default
    assert [e.info.path for e in overview.entries] == [made.path]
    assert overview.entries[0].contents == contents


def test_an_unreadable_file_in_the_folder_is_listed_as_such(services: Services, clerk: Actor) -> None:
    services.backups.back_up(clerk)
    (services.backups.folder / "desk-20261119-090000-manual.sqlite3").write_bytes(b"not a database" * 50)
    entries = services.backups.overview(clerk).entries
    assert [e.contents is None for e in entries] == [False, True] and entries[1].problem


def test_a_missing_usb_stick_is_refused_not_created_on_the_local_disk(services: Services, admin: Actor,
                                                                      clerk: Actor, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    assert services.desk_settings.set_backup_folder(admin, str(stick)) == stick
    assert LocalSettings.load(services.paths.data_dir).backup_dir == str(stick)
    assert services.backups.back_up(clerk).path.parent == stick  # applied at once
    stick.rename(tmp_path / "unplugged")
    overview = services.backups.overview(clerk)
    assert overview.folder_missing and overview.entries == ()
    with pytest.raises(Conflict) as info:
        services.backups.back_up(clerk)
    assert "USB" in info.value.render()
    with pytest.raises(Conflict):
        services.backups.backup_if_due()  # the daily one too: said at start (app.views.application.backup_quietly)
    assert not stick.exists()
    with pytest.raises(ValidationError) as chosen:  # nor can a folder that is not there be chosen
        services.desk_settings.set_backup_folder(admin, str(stick))
    assert list(chosen.value.errors) == ["backup_dir"]
    assert services.desk_settings.set_backup_folder(admin, "") == services.paths.backups  # back to the default


def test_restoring_needs_the_administrator_and_keeps_the_current_database(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary],
        clock: FakeClock) -> None:
    first = log_request(services, clerk, residents["张三"], "厨房水管漏水，楼下天花板湿了")
    backup = services.backups.back_up(clerk)
    clock.advance(timedelta(minutes=5))
    second = log_request(services, clerk, residents["王芳"], "楼道灯坏了一个星期")
    with pytest.raises(PermissionDenied):
        services.backups.restore_backup(clerk, backup.path)
    assert count(services.paths.database, "case") == 2
    safety = services.backups.restore_backup(admin, backup.path)
    services.close()
    reopened = open_services(services.paths.data_dir, clock=clock)
    try:
        assert [c.case_no for c in reopened.intake.recent(admin)] == [first]
        assert "before-restore" in safety.path.name and services.backups.describe(safety.path).requests == 2
        assert second != first and reopened.verify.run() == []
    finally:
        reopened.close()


def test_a_file_that_is_not_a_desk_database_changes_nothing(services: Services, admin: Actor,
                                                            tmp_path: Path) -> None:
    bad = tmp_path / "desk-20261120-100000-manual.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    before = sorted(services.backups.folder.iterdir())
    with pytest.raises(ValidationError):
        services.backups.restore_backup(admin, bad)
    with pytest.raises(NotFound):
        services.backups.restore_backup(admin, tmp_path / "missing.sqlite3")
    assert sorted(services.backups.folder.iterdir()) == before  # not even a before-restore backup


# --- the desk's own settings ---------------------------------------------------------------------------


def test_the_desk_settings_are_saved_audited_and_logged(services: Services, admin: Actor, clerk: Actor,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    now = services.desk_settings.get(admin)
    assert (now.desk_code, now.values.community_name, now.values.desk_name) == ("A01", "幸福里社区", "一号窗口")
    assert (now.values.idle_lock_minutes, now.values.backup_dir) == (10, "")
    changed = dataclasses.replace(now.values, community_name="幸福里社区居委会", desk_phone="0412 558 1299",
                                  notice_large_print=True, notice_landscape=True, idle_lock_minutes=30)
    with caplog.at_level(logging.INFO, logger="app.services.community.desk"):
        saved = services.desk_settings.save(admin, changed)
    assert saved.values.desk_phone == "0412-5581299" and saved.values.community_name == "幸福里社区居委会"
    info = services.setup.community_info()
    assert (info.name, info.desk_phone) == ("幸福里社区居委会", "0412-5581299")  # receipts print these
    defaults = services.notices.defaults(clerk)
    assert defaults.large_print and defaults.landscape
    assert services.settings.idle_lock_minutes == 30
    assert LocalSettings.load(services.paths.data_dir).idle_lock_minutes == 30
    assert "admin changed idle_lock_minutes from 10 to 30" in caplog.text
    with closing(sqlite3.connect(services.paths.database)) as conn:
        audited = {row[0] for row in conn.execute(
            "SELECT entity FROM audit_log WHERE action = 'update' AND actor_name = 'admin'")}
    assert {"community", "desk"} <= audited


def test_wrong_desk_settings_are_named_and_nothing_changes(services: Services, admin: Actor) -> None:
    before = services.desk_settings.get(admin)
    wrong = dataclasses.replace(before.values, community_name="幸", desk_name="", desk_phone="12345",
                                reply_promise_hours=0, idle_lock_minutes=121, backup_dir="relative/folder")
    with pytest.raises(ValidationError) as info:
        services.desk_settings.save(admin, wrong)
    assert set(info.value.errors) == {"community_name", "desk_name", "desk_phone", "reply_promise_hours",
                                      "idle_lock_minutes", "backup_dir"}
    assert services.desk_settings.get(admin) == before
    assert LocalSettings.load(services.paths.data_dir).idle_lock_minutes == 10


# --- a second desk joins -------------------------------------------------------------------------------


@pytest.fixture
def second_pc(services: Services, tmp_path: Path, clock: FakeClock) -> Iterator[Services]:
    """Another PC on the same database: its own data folder (desk.json without a desk code, its own drafts)."""
    assert services.db.sqlite_path is not None
    other = open_services(tmp_path / "pc2", db_url=f"sqlite:///{services.db.sqlite_path}", clock=clock)
    yield other
    other.close()


def failed_logins(services: Services, username: str) -> int:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return int(conn.execute("SELECT failed_logins FROM staff WHERE username = ?", (username,)).fetchone()[0])


def test_a_new_desk_finds_the_community_and_joins_with_the_administrators_password(
        services: Services, second_pc: Services, residents: dict[str, ResidentSummary], clerk: Actor) -> None:
    state = second_pc.setup.state()
    assert (state.initialized, state.desk_registered, state.community_name) == (True, False, "幸福里社区")
    assert second_pc.setup.suggest_desk_code() == "A02"
    admin = second_pc.setup.join(ADMIN_USER, ADMIN_PASSWORD, "a02", "二号窗口", "0412-5581235")
    assert admin.desk_code == "A02" and second_pc.db.desk_code == "A02"
    second_pc.remember_desk()
    assert LocalSettings.load(second_pc.paths.data_dir).desk_code == "A02"
    assert second_pc.setup.state().desk_registered and second_pc.setup.community_info().desk_name == "二号窗口"
    assert second_pc.setup.suggest_desk_code() == "A03"
    clerk_there = second_pc.auth.login(CLERK_USER, CLERK_PASSWORD)
    assert log_request(second_pc, clerk_there, residents["张三"], "二号窗口登记的诉求").startswith("A02-")
    assert log_request(services, clerk, residents["王芳"], "一号窗口登记的诉求").startswith("A01-")
    assert services.verify.run() == []


def test_a_wrong_password_is_refused_and_counts_toward_the_lock_out(services: Services,
                                                                     second_pc: Services) -> None:
    with pytest.raises(PermissionDenied):
        second_pc.setup.join(ADMIN_USER, "wrong-password1", "A02", "二号窗口", "0412-5581235")
    assert failed_logins(services, ADMIN_USER) == 1
    assert not second_pc.setup.state().desk_registered and count(services.paths.database, "desk") == 1
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(PermissionDenied):
            second_pc.setup.join(ADMIN_USER, "wrong-password1", "A02", "二号窗口", "0412-5581235")
    with pytest.raises(PermissionDenied) as locked:  # now even the right password waits
        second_pc.setup.join(ADMIN_USER, ADMIN_PASSWORD, "A02", "二号窗口", "0412-5581235")
    assert "locked" in locked.value.render()
    assert count(services.paths.database, "desk") == 1 and second_pc.db.desk_code == ""


def test_only_an_administrator_registers_a_desk(services: Services, second_pc: Services) -> None:
    with pytest.raises(PermissionDenied):
        second_pc.setup.join(CLERK_USER, CLERK_PASSWORD, "A02", "二号窗口", "0412-5581235")
    assert count(services.paths.database, "desk") == 1 and second_pc.db.desk_code == ""


def test_a_taken_code_or_a_wrong_field_costs_no_password_attempt(services: Services, second_pc: Services) -> None:
    with pytest.raises(ValidationError) as taken:
        second_pc.setup.join(ADMIN_USER, "wrong-password1", "A01", "二号窗口", "0412-5581235")
    assert list(taken.value.errors) == ["desk_code"]
    with pytest.raises(ValidationError) as wrong:
        second_pc.setup.join(ADMIN_USER, "wrong-password1", "2", "", "123")
    assert set(wrong.value.errors) == {"desk_code", "desk_name", "desk_phone"}
    assert failed_logins(services, ADMIN_USER) == 0 and count(services.paths.database, "desk") == 1


def test_drafts_belong_to_each_pc(services: Services, second_pc: Services) -> None:
    services.drafts.save(CLERK_USER, "intake", {"description": "一号窗口没写完的"})
    assert second_pc.drafts.load(CLERK_USER, "intake") is None



def test_the_backup_before_a_restore_is_listed_and_never_rotated_away(services: Services, admin: Actor,
                                                                       clock: FakeClock) -> None:
    services.backups.keep = 2
    first = services.backups.back_up(admin)
    clock.advance(timedelta(minutes=1))
    safety = services.backups.restore_backup(admin, first.path)
    for _ in range(3):
        clock.advance(timedelta(hours=1))
        services.backups.backup_now(reason="manual")
    kinds = [e.info.reason for e in services.backups.overview(admin).entries]
    assert kinds == ["manual", "manual", "before-restore"] and safety.path.exists()
