"""Restore, disk and file-system faults (issue 15 §4), each on the real thing: a second process writing, a file
with damaged pages, a database and backups from a newer program, a full disk (a small tmpfs filled up), a
read-only data folder (the tmpfs remounted read-only)."""

from __future__ import annotations

import os
import pty
import re
import select
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from app.services.cases.intake import IntakeForm
from app.services.core.clock import FakeClock
from app.services.core.container import DatabaseDamaged, Services, open_services
from app.services.core.db import SchemaTooNew
from app.services.core.errors import Conflict, ValidationError
from app.services.core.storage import StorageFault
from tests.conftest import ROOT
from tests.unit.faults import copy_folder, damage_pages, fill, read_only, small_disk
from tests.unit.test_cli import PASSWORD, acting, run


def cases_in(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {row[0] for row in conn.execute('SELECT case_no FROM "case"')}


def make_backup(folder: Path) -> Path:
    services = open_services(folder)
    try:
        return services.backups.backup_now(reason="manual").path
    finally:
        services.close()


# --- restore while the desk is writing ------------------------------------------------------------------------


def test_restore_is_refused_while_another_process_writes_and_no_confirmed_request_is_lost(
        demo_folder: Path, tmp_path: Path) -> None:
    backup = make_backup(demo_folder)
    stop = tmp_path / "stop"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-m", "tests.unit.writer_child", str(demo_folder), str(stop)], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    confirmed: list[str] = []
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
        while len(confirmed) < 20:
            confirmed.append(child.stdout.readline().strip())
        refused = run("restore", str(backup), "--data-dir", str(demo_folder), *acting("admin"), lang="en")
        for _ in range(20):  # the desk goes on saving after the refused restore
            confirmed.append(child.stdout.readline().strip())
    finally:
        stop.touch()
        rest, err = child.communicate(timeout=120)
    confirmed += [line for line in rest.split() if line != "closed"]
    assert child.returncode == 0, err
    assert refused.returncode == 2, refused.stderr
    assert "open in another program" in refused.stderr and "Nothing was changed" in refused.stderr
    assert "Traceback" not in refused.stderr
    stored = cases_in(demo_folder / "desk.sqlite3")
    lost = [no for no in confirmed if no not in stored]
    print(f"restore refused while writing: {len(confirmed)} confirmed requests, {len(lost)} lost")
    assert len(confirmed) >= 40 and lost == []

    done = run("restore", str(backup), "--data-dir", str(demo_folder), *acting("admin"), lang="en")  # all closed now
    assert done.returncode == 0, done.stderr
    kept = Path(re.search(r"kept in (\S+?\.sqlite3)", done.stdout)[1])  # type: ignore[index]
    assert not set(confirmed) - cases_in(kept)        # the replaced database, with every request, is kept
    assert not set(confirmed) & cases_in(demo_folder / "desk.sqlite3")


def test_the_desk_app_itself_may_restore_while_it_holds_the_database(demo_folder: Path) -> None:
    """The lock is the process's: the app's own restore (File > Backup and restore) takes it alone and gives it
    back; a second set of services in the same process is another holder and refuses it."""
    services = open_services(demo_folder)
    try:
        backup = services.backups.backup_now(reason="manual").path
        other = open_services(demo_folder)
        with pytest.raises(Conflict):
            services.backups.restore(backup)
        other.close()
        safety = services.backups.restore(backup)
        assert safety.path.exists()
    finally:
        services.close()


# --- a damaged database ------------------------------------------------------------------------------------


def answer_prompts(argv: list[str], answers: dict[str, str], timeout: float = 180) -> tuple[int, str]:
    """Run ``argv`` on a real terminal (a pseudo-terminal), typing each answer when its prompt appears."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its terminal is the pty
        os.chdir(ROOT)
        os.execve(argv[0], argv, dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT)))
    seen, pending = "", dict(answers)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                chunk = os.read(fd, 4096).decode("utf-8", "replace")
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            for prompt in list(pending):
                if prompt in seen:
                    os.write(fd, (pending.pop(prompt) + "\n").encode())
    else:  # the deadline passed with the command still waiting (a prompt not answered): end it, never hang the run
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), seen


def test_a_damaged_database_is_refused_and_the_advised_restore_command_works(demo_folder: Path) -> None:
    backup = make_backup(demo_folder)
    database = demo_folder / "desk.sqlite3"
    before = cases_in(database)
    damage_pages(database)
    refused = run("verify", "--data-dir", str(demo_folder), lang="en")
    assert refused.returncode == 2 and "damaged" in refused.stderr and "Traceback" not in refused.stderr
    advice = refused.stderr.strip().split("with: ")[-1]
    assert advice.startswith(f"main.py restore {backup}")
    argv = [sys.executable, *shlex.split(advice)]
    # The terminal speaks the desk's language (Chinese unless --lang says otherwise): its prompts in either.
    code, screen = answer_prompts(argv, {"Account: ": "admin", "Password of admin: ": PASSWORD,
                                         "账号：": "admin", "admin 的密码：": PASSWORD})
    assert code == 0, screen
    assert "before-restore.sqlite3" in screen  # where the damaged file is kept
    with closing(sqlite3.connect(database)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert cases_in(database) == before
    assert run("verify", "--data-dir", str(demo_folder)).returncode == 0
    kept = [p for p in (demo_folder / "backups").glob("desk-*-before-restore.sqlite3")]
    assert len(kept) == 1 and kept[0].stat().st_size > 100_000  # the damaged file is kept, not thrown away
    with closing(sqlite3.connect(database)) as conn:
        who = conn.execute("SELECT s.username, c.details FROM command_run c JOIN staff s ON s.id = c.staff_id "
                           "WHERE c.command = 'restore'").fetchall()
    assert [w[0] for w in who] == ["admin"] and '"damaged": "True"' in who[0][1]


# --- a newer program's schema; copies rotated --------------------------------------------------------------


def set_revision(path: Path, revision: str) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()


def test_a_backup_from_a_newer_program_is_refused_with_what_to_do(demo_services: Services, tmp_path: Path) -> None:
    newer = demo_services.backups.backup_now(tmp_path).path
    set_revision(newer, "0099")
    before = cases_in(demo_services.paths.database)
    with pytest.raises(ValidationError) as info:
        demo_services.backups.restore(newer)
    message = info.value.render()
    assert "newer version" in message and "0099" in message and "Nothing was changed" in message
    assert cases_in(demo_services.paths.database) == before
    assert not list(demo_services.paths.backups.glob("*before-restore*"))


def test_a_database_from_a_newer_program_never_starts_and_makes_no_copies(demo_folder: Path) -> None:
    own = make_backup(demo_folder)
    set_revision(demo_folder / "desk.sqlite3", "0099")
    for _ in range(4):
        with pytest.raises(SchemaTooNew) as info:
            open_services(demo_folder)
    assert "newer version" in info.value.render() and "main.py restore" in info.value.render()
    assert not list((demo_folder / "backups").glob("before-upgrade-*"))
    restored = run("restore", str(own), "--data-dir", str(demo_folder), *acting("admin"), lang="en")
    assert restored.returncode == 0, restored.stderr   # the desk can go back to its own backup
    assert run("verify", "--data-dir", str(demo_folder)).returncode == 0


def test_a_start_that_fails_again_and_again_keeps_only_three_upgrade_copies(demo_folder: Path) -> None:
    set_revision(demo_folder / "desk.sqlite3", "0010")  # 0011's tables are there: its upgrade fails every time
    clock = FakeClock(__import__("datetime").datetime(2026, 11, 20, 8, 0, tzinfo=__import__("datetime").UTC))
    for _ in range(6):
        with pytest.raises(Exception):  # noqa: B017 - whatever the failed upgrade raises
            open_services(demo_folder, clock=clock)
        clock.advance(__import__("datetime").timedelta(minutes=1))
    assert len(list((demo_folder / "backups").glob("before-upgrade-*"))) == 3


def test_safety_copies_of_restores_are_rotated(demo_services: Services, demo_clock: FakeClock) -> None:
    from datetime import timedelta

    from app.services.core.backup import SAFETY_KEPT

    backup = demo_services.backups.backup_now(reason="manual").path
    for _ in range(SAFETY_KEPT + 3):
        demo_clock.advance(timedelta(minutes=1))
        demo_services.backups.restore(backup)
    assert len([b for b in demo_services.backups.list() if b.reason == "before-restore"]) == SAFETY_KEPT


# --- a full disk ---------------------------------------------------------------------------------------------


def count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def test_a_full_disk_under_the_database_is_said_and_nothing_is_half_written(demo_template: Path,
                                                                           tmp_path: Path) -> None:
    with small_disk(tmp_path, "48m") as disk:
        data = copy_folder(demo_template, disk / "data")
        services = open_services(data)
        try:
            clerk = services.auth.login("clerk1", PASSWORD)
            residents = services.residents.search(clerk, "wang", limit=5)
            options = services.intake.options(clerk)
            top = options.children(None)[0]
            form = IntakeForm(channel="walk_in", resident_id=residents[0].id, category_id=top.id,
                              subcategory_id=options.children(top.id)[0].id, description="楼道灯不亮。" * 200,
                              urgency=2, scope="household")
            ballast = fill(disk)
            before = count(data / "desk.sqlite3", "case")
            faults = []
            for attempt in (lambda: services.intake.submit(clerk, form),          # intake
                            lambda: services.auth.login("clerk1", PASSWORD)):     # log-in (records the attempt)
                with pytest.raises(StorageFault) as info:
                    for _ in range(50):  # until a page is needed that the disk no longer has
                        attempt()
                faults.append(info.value.render())
            assert all("disk is full" in f and "Free some space" in f for f in faults)
            backups_before = sorted(p.name for p in (data / "backups").iterdir())
            with pytest.raises(OSError):
                services.backups.backup_now(reason="manual")                      # backup
            assert sorted(p.name for p in (data / "backups").iterdir()) == backups_before  # no partial file
            ballast.unlink()
            after = count(data / "desk.sqlite3", "case")
            assert after >= before  # what was confirmed is there; the refused save left nothing
            saved = services.intake.submit(clerk, form)                           # space again: the same form saves
            assert saved.case_no in cases_in(data / "desk.sqlite3")
        finally:
            services.close()
        with closing(sqlite3.connect(data / "desk.sqlite3")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_full_disk_at_start_is_said_not_a_traceback(tmp_path: Path) -> None:
    with small_disk(tmp_path, "1m") as disk:
        (disk / "data").mkdir()
        fill(disk)
        result = run("demo", "--data-dir", str(disk / "data"), lang="en")
    assert result.returncode == 2, result.stderr
    assert "disk is full" in result.stderr and "Traceback" not in result.stderr and "Logging error" not in result.stderr


@pytest.mark.parametrize("command", [
    ("receipt", "A01-20261120-0001", "--out", "{out}/回执.pdf", *acting("clerk1")),
    ("export", "--format", "xlsx", "--out", "{out}/台账.xlsx", *acting("director")),
    ("export", "--format", "csv", "--figures", "--out", "{out}/figures.csv", *acting("director")),
    ("notice", "--from", "2026-11-01", "--to", "2026-11-20", "--out", "{out}/公示.pdf", *acting("clerk1")),
    ("resident-export", "张", "--out", "{out}/本人.json", *acting("admin")),
    ("backup", "--out", "{out}", *acting("clerk1")),
], ids=lambda c: c[0] + ("-figures" if "--figures" in c else ""))
def test_a_full_disk_for_the_output_is_said_in_chinese_and_leaves_no_file(demo_dir: Path, tmp_path: Path,
                                                                          command: tuple[str, ...]) -> None:
    with small_disk(tmp_path, "1m") as usb:
        fill(usb)
        args = [a.format(out=usb) for a in command]
        if command[0] == "resident-export":
            from tests.unit.test_cli_personal_data import quiet_resident

            args[1] = quiet_resident(demo_dir)[0]
        result = run(*args, "--data-dir", str(demo_dir), lang="en")
        left = sorted(p.name for p in usb.iterdir())
    assert result.returncode == 3, result.stderr
    assert "the disk is full" in result.stderr and "Free some space" in result.stderr
    assert "Traceback" not in result.stderr
    assert left == ["ballast.bin"]  # nothing half-written


# --- a read-only data folder ------------------------------------------------------------------------------


def test_a_read_only_data_folder_is_said_as_such_not_as_a_damaged_database(demo_template: Path,
                                                                           tmp_path: Path) -> None:
    with small_disk(tmp_path, "48m") as disk:
        data = copy_folder(demo_template, disk / "data")
        with read_only(disk):
            with pytest.raises(StorageFault) as info:
                open_services(data)
            result = run("verify", "--data-dir", str(data), lang="en")
    assert not isinstance(info.value, DatabaseDamaged)
    assert "read-only" in info.value.render() and "not damaged" in info.value.render()
    assert result.returncode == 2 and "read-only" in result.stderr and "damaged database" not in result.stderr
    assert "Traceback" not in result.stderr
