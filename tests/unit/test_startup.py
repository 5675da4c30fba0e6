"""Start-up (issue 18): ``main.py --exit-when-shown`` as a real process, what the log-in imports, the schema check
without alembic. The times themselves are figures of benchmarks/startup_bench.py, never asserted here."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from app.services.core.container import open_services
from app.services.core.db import HEAD_REVISION
from tests.conftest import ROOT

# What the first window does not need: none of it may be imported before the log-in (or the wizard) is painted.
NOT_AT_START = (
    "reportlab", "pypinyin", "rapidfuzz", "openpyxl", "qrcode", "alembic", "qtawesome", "qtpy",
    "PySide6.QtCharts", "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport",
    "sqlalchemy.dialects.postgresql", "app.services.documents.pdf", "app.services.documents.receipt",
    "app.views.main_window", "app.views.dashboard_page", "app.views.pdf_preview", "app.demo.build",
)

# The real start path up to the first window painted, then the names of every module it had imported.
SHOWN = """
import json, sys
sys.path.insert(0, sys.argv[1])
import app.cli
code = app.cli.main(sys.argv[2:] + ["--exit-when-shown"])
print(json.dumps(sorted(sys.modules)))
sys.exit(code)
"""


def env() -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen")


def start(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "--exit-when-shown"], cwd=ROOT,
                          env=env(), capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as conn:
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - our names
                for table in ("audit_log", "login_attempt", "staff", "case", "case_event", "command_run")}


def test_on_an_empty_folder_it_paints_the_wizard_and_exits_with_0(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = start(data)
    assert result.returncode == 0, result.stderr
    log = (data / "logs" / "desk.log").read_text(encoding="utf-8")
    assert "First window painted (first_start_dialog)" in log
    # What every first start writes (the empty database, its lock file and its clean-close marker, the folders, the
    # log), nothing more.
    assert files(data) == {"desk.sqlite3", "desk.sqlite3.lock", "desk.sqlite3.closed", "logs/desk.log"}
    assert {p.name for p in data.iterdir() if p.is_dir()} == {"backups", "drafts", "printouts", "logs"}
    services = open_services(data)
    try:
        assert not services.setup.state().initialized  # the wizard was shown, not filled
    finally:
        services.close()


def test_a_database_named_by_url_starts_the_desk_too(tmp_path: Path) -> None:
    """``--db URL`` (a desk on the street's PostgreSQL): its value is not taken for a command (it was: the desk
    started without a window system and stopped on an assertion)."""
    data = tmp_path / "data"
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    result = subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "--db", url, "--exit-when-shown"],
                            cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "First window painted (first_start_dialog)" in (data / "logs" / "desk.log").read_text(encoding="utf-8")


def test_on_a_set_up_folder_it_paints_the_login_and_exits_with_0(demo_dir: Path) -> None:
    database = demo_dir / "desk.sqlite3"
    services = open_services(demo_dir)
    try:  # today's backup, which a normal start makes (and records) when it is due, is made already
        services.backups.backup_if_due()
    finally:
        services.close()
    before, backups = counts(database), files(demo_dir / "backups")
    result = start(demo_dir)
    assert result.returncode == 0, result.stderr
    assert "First window painted (login_dialog)" in (demo_dir / "logs" / "desk.log").read_text(encoding="utf-8")
    assert counts(database) == before  # nobody logged in, nothing recorded
    assert files(demo_dir / "backups") == backups  # and no backup at exit


def test_the_login_window_shows_before_anything_it_does_not_need_is_imported(demo_dir: Path) -> None:
    result = subprocess.run([sys.executable, "-c", SHOWN, str(ROOT), "--data-dir", str(demo_dir)], cwd=ROOT,
                            env=env(), capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    modules = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "app.views.login" in modules  # it did show the log-in
    loaded = sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in NOT_AT_START))
    assert loaded == []


# On a PC that has logged in before, the log-in is painted before the database is opened: not even its modules.
NOT_BEFORE_A_KNOWN_LOGIN = ("sqlalchemy", "app.models", "app.services.core.container", "app.services.core.db",
                            "app.services.cases", "app.views.home_page")


def test_on_a_pc_that_logged_in_before_the_login_is_painted_before_the_database_is_opened(demo_dir: Path) -> None:
    from app.views.window_state import ViewState

    ViewState(demo_dir / "window.ini").set_community_name("幸福里社区")  # what a log-in on this PC remembers
    before = counts(demo_dir / "desk.sqlite3")
    result = subprocess.run([sys.executable, "-c", SHOWN, str(ROOT), "--data-dir", str(demo_dir)], cwd=ROOT,
                            env=env(), capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    modules = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "app.views.login" in modules
    loaded = sorted(m for m in modules
                    if any(m == name or m.startswith(name + ".") for name in NOT_BEFORE_A_KNOWN_LOGIN + NOT_AT_START))
    assert loaded == []
    assert "First window painted (login_dialog)" in (demo_dir / "logs" / "desk.log").read_text(encoding="utf-8")
    assert counts(demo_dir / "desk.sqlite3") == before


def test_the_schema_check_needs_no_alembic_and_its_head_is_alembics(services) -> None:  # type: ignore[no-untyped-def]
    assert services.db.head_revision() == HEAD_REVISION  # bump HEAD_REVISION with every new migration
    assert services.db.current_revision() == HEAD_REVISION
    assert services.db.needs_migration() is False
