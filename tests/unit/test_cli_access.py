"""The command line authenticates (issue 15 §2): no account, a wrong password or a revoked key is refused; a task
key made by the administrator is shown once, stored as a hash, scoped to its account; every command that reads or
writes personal data is recorded (who, with which key, which command, what). Run as real processes."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from tests.unit.test_cli import acting, run


def recorded(data: Path) -> list[tuple[str, str, str | None, dict[str, str]]]:
    with closing(sqlite3.connect(data / "desk.sqlite3")) as conn:
        rows = conn.execute("SELECT s.username, c.command, c.task_key_id, c.details FROM command_run c "
                            "JOIN staff s ON s.id = c.staff_id ORDER BY c.created_at, c.rowid").fetchall()
    return [(u, c, k, json.loads(d)) for u, c, k, d in rows]


def audit_of(data: Path, table: str) -> list[str]:
    with closing(sqlite3.connect(data / "desk.sqlite3")) as conn:
        return [r[0] for r in conn.execute("SELECT actor_name FROM audit_log WHERE entity = ? ORDER BY seq",
                                           (table,))]


def test_no_account_or_a_wrong_password_reads_nothing(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "cases.json"
    nobody = run("export", "--out", str(out), "--data-dir", str(demo_dir), lang="en")
    assert nobody.returncode == 2 and "--as USER" in nobody.stderr and not out.exists()
    no_tty = run("export", "--out", str(out), "--as", "director", "--data-dir", str(demo_dir), lang="en")
    assert no_tty.returncode == 2 and "no terminal" in no_tty.stderr and not out.exists()
    wrong = run("export", "--out", str(out), *acting("director"), "--data-dir", str(demo_dir), lang="en",
                input="guess1234\n")
    assert wrong.returncode == 2 and "Wrong user name or password" in wrong.stderr and not out.exists()
    clerk = run("export", "--out", str(out), *acting("clerk1"), "--data-dir", str(demo_dir), lang="en")
    assert clerk.returncode == 2 and "may not" in clerk.stderr and not out.exists()  # EXPORT: director, admin
    with closing(sqlite3.connect(demo_dir / "desk.sqlite3")) as conn:
        attempts = conn.execute("SELECT username, success, reason FROM login_attempt ORDER BY created_at").fetchall()
    assert ("director", 0, "wrong_password") in attempts  # the wrong password counts towards the lock-out
    receipt = run("receipt", "A01-20261120-0001", "--out", str(tmp_path / "r.pdf"), "--data-dir", str(demo_dir))
    assert receipt.returncode == 2 and not (tmp_path / "r.pdf").exists()


def test_every_command_reading_personal_data_is_recorded(demo_dir: Path, tmp_path: Path) -> None:
    before = len(recorded(demo_dir))
    assert run("export", "--format", "csv", "--out", str(tmp_path / "c.csv"), "--grid", "第一网格",
               *acting("director"), "--data-dir", str(demo_dir)).returncode == 0
    assert run("receipt", "A01-20261120-0001", "--out", str(tmp_path / "r.pdf"), *acting("clerk1"),
               "--data-dir", str(demo_dir)).returncode == 0
    assert run("backup", "--out", str(tmp_path / "usb"), *acting("clerk1"), "--data-dir",
               str(demo_dir)).returncode == 0
    runs = recorded(demo_dir)[before:]
    assert [(u, c) for u, c, _, _ in runs] == [("director", "export"), ("clerk1", "receipt"), ("clerk1", "backup")]
    assert runs[0][3]["grid"] == "第一网格" and runs[0][3]["out"].endswith("c.csv")
    assert runs[1][3]["case_no"] == "A01-20261120-0001"
    assert all(k is None for _, _, k, _ in runs)
    assert audit_of(demo_dir, "command_run")[-3:] == ["director", "clerk1", "clerk1"]  # chained in the trail


def test_a_task_key_is_shown_once_scoped_to_its_account_and_revocable(demo_dir: Path, tmp_path: Path) -> None:
    made = run("task-key", "create", "--for", "director", "--label", "夜间导出", *acting("admin"),
               "--data-dir", str(demo_dir), lang="en")
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("dk1.")
    with closing(sqlite3.connect(demo_dir / "desk.sqlite3")) as conn:
        [(key_id, key_hash)] = conn.execute("SELECT id, key_hash FROM task_key").fetchall()
        dump = "\n".join(conn.iterdump())
    assert key_hash.startswith("$argon2") and secret not in dump  # only the hash is stored
    key_file = tmp_path / "nightly.key"
    key_file.write_text(secret + "\n", encoding="utf-8")

    out = tmp_path / "cases.json"
    done = run("export", "--out", str(out), "--key-file", str(key_file), "--data-dir", str(demo_dir))
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["cases"]
    user, command, used_key, _ = recorded(demo_dir)[-1]
    assert (user, command, used_key) == ("director", "export", key_id)

    other = run("export", "--out", str(out), "--key-file", str(key_file), "--as", "admin", "--data-dir",
                str(demo_dir), lang="en")
    assert other.returncode == 2 and "for the account director" in other.stderr
    forged = tmp_path / "forged.key"
    forged.write_text(secret[:-4] + "AAAA", encoding="utf-8")
    assert run("export", "--out", str(out), "--key-file", str(forged), "--data-dir", str(demo_dir)).returncode == 2
    clerk = run("task-key", "create", "--for", "clerk1", "--label", "x", *acting("clerk1"), "--data-dir",
                str(demo_dir), lang="en")
    assert clerk.returncode == 2 and "may not" in clerk.stderr

    listed = run("task-key", "list", *acting("admin"), "--data-dir", str(demo_dir))
    assert listed.returncode == 0 and "夜间导出" in listed.stdout and secret not in listed.stdout
    revoked = run("task-key", "revoke", "--key", listed.stdout.split()[0], *acting("admin"), "--data-dir",
                  str(demo_dir))
    assert revoked.returncode == 0, revoked.stderr
    out.unlink()
    refused = run("export", "--out", str(out), "--key-file", str(key_file), "--data-dir", str(demo_dir), lang="en")
    assert refused.returncode == 2 and "not valid" in refused.stderr and not out.exists()
    assert audit_of(demo_dir, "task_key") == ["admin", "admin"]  # made and revoked, both in the audit trail


def test_the_migration_goes_down_and_up_again(tmp_path: Path) -> None:
    """0013 on SQLite (tests/pg runs every migration down and up on PostgreSQL): the two tables and the guard of
    command_run come and go."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from app.services.core.container import open_services
    from app.services.core.db import MIGRATIONS

    services = open_services(tmp_path / "data")
    try:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with services.db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0012")
        tables = set(inspect(services.db.engine).get_table_names())
        assert "task_key" not in tables and "command_run" not in tables
        services.db.migrate()
        assert {"task_key", "command_run"} <= set(inspect(services.db.engine).get_table_names())
        with services.db.engine.connect() as conn:
            triggers = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"command_run_no_update", "command_run_no_delete"} <= triggers
    finally:
        services.close()
