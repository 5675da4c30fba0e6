"""`verify`: a healthy database passes; each kind of tampering is found and named."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.services.core.container import Services

REPO = Path(__file__).resolve().parents[2]
PYTHON = Path("/tmp/venv/bin/python")


def tamper(services: Services, sql: str, *params: object) -> None:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        conn.execute(sql, params)
        conn.commit()


def some_case_no(services: Services, where: str = "1 = 1") -> str:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        row = conn.execute(f'SELECT case_no FROM "case" WHERE {where} ORDER BY case_no LIMIT 1').fetchone()
    assert row is not None
    return str(row[0])


def problems(services: Services) -> list[str]:
    return [m.render() for m in services.verify.run()]


def replayed(found: list[str], column: str) -> list[str]:
    """The problems besides the replay's (every edit of a row is also named by the replay of the audit trail)."""
    assert any(f"was altered ({column})" in p for p in found), found
    return [p for p in found if "no longer reads as the audit trail recorded it" not in p]


def test_healthy_demo_database(demo_services: Services) -> None:
    assert demo_services.verify.run() == []


def test_fresh_community_is_healthy(services: Services) -> None:
    assert services.verify.run() == []


def test_wrong_households_count_is_found(demo_services: Services) -> None:
    case_no = some_case_no(demo_services)
    tamper(demo_services, 'UPDATE "case" SET households_count = 9 WHERE case_no = ?', case_no)
    found = replayed(problems(demo_services), "涉及户数")
    assert len(found) == 2, found
    assert case_no in found[0] and "9 households" in found[0]
    # the dashboard's daily figures count households: the day of the request no longer matches a recount
    assert "daily figures of 1 day(s)" in found[1] and "--rebuild-figures" in found[1]


def test_wrong_priority_is_found(demo_services: Services) -> None:
    case_no = some_case_no(demo_services)
    tamper(demo_services, 'UPDATE "case" SET priority = priority + 1 WHERE case_no = ?', case_no)
    found = replayed(problems(demo_services), "优先级")
    assert len(found) == 1
    assert case_no in found[0] and "priority" in found[0]


def test_missing_append_only_trigger_is_found(demo_services: Services) -> None:
    tamper(demo_services, "DROP TRIGGER case_event_no_update")
    assert problems(demo_services) == ["The guard that stops 修改 of 诉求进展 records is missing: someone removed it "
                                       "from the database file."]


def test_malformed_case_number_is_found(demo_services: Services) -> None:
    case_no = some_case_no(demo_services)
    tamper(demo_services, 'UPDATE "case" SET case_no = ? WHERE case_no = ?', "X" + case_no.lower(), case_no)
    found = replayed(problems(demo_services), "诉求编号")
    assert len(found) == 1
    assert "X" + case_no.lower() in found[0] and "malformed" in found[0]


def test_case_number_beyond_its_counter_is_found(demo_services: Services) -> None:
    case_no = some_case_no(demo_services)
    beyond = case_no[:-4] + "9999"
    tamper(demo_services, 'UPDATE "case" SET case_no = ? WHERE case_no = ?', beyond, case_no)
    found = replayed(problems(demo_services), "诉求编号")
    assert len(found) == 1 and beyond in found[0]


def test_dangling_reference_is_found(demo_services: Services) -> None:
    case_no = some_case_no(demo_services)
    with closing(sqlite3.connect(demo_services.paths.database)) as conn:  # foreign_keys is off by default here
        conn.execute('UPDATE "case" SET resident_id = ? WHERE case_no = ?', ("0" * 32, case_no))
        conn.commit()
    found = problems(demo_services)
    assert any("of 诉求 points to a 居民 that no longer exists" in p for p in found), found


# ---- the command line -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class CliRuns:
    healthy: Run
    tampered: Run
    case_no: str


@pytest.fixture(scope="module")
def cli_runs(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliRuns]:
    """Both command-line runs at once: each process spends ~3 s importing Qt and the app."""
    source = demo_template
    base = tmp_path_factory.mktemp("cli")
    healthy, tampered = base / "healthy", base / "tampered"
    shutil.copytree(source, healthy)
    shutil.copytree(source, tampered)
    with closing(sqlite3.connect(tampered / "desk.sqlite3")) as conn:
        case_no = conn.execute('SELECT case_no FROM "case" ORDER BY case_no DESC LIMIT 1').fetchone()[0]
        conn.execute('UPDATE "case" SET households_count = 9 WHERE case_no = ?', (case_no,))
        conn.commit()
    python = str(PYTHON if PYTHON.exists() else Path(sys.executable))
    procs = [
        subprocess.Popen([python, "main.py", "--lang", "en", "verify", "--data-dir", str(folder)], cwd=REPO,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        for folder in (healthy, tampered)
    ]
    runs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        runs.append(Run(proc.returncode, out, err))
    yield CliRuns(runs[0], runs[1], case_no)


def test_cli_verify_healthy(cli_runs: CliRuns) -> None:
    assert cli_runs.healthy.returncode == 0, cli_runs.healthy.stderr
    assert "Healthy" in cli_runs.healthy.stdout
    assert cli_runs.healthy.stderr == ""


def test_cli_verify_tampered(cli_runs: CliRuns) -> None:
    assert cli_runs.tampered.returncode == 1
    assert cli_runs.case_no in cli_runs.tampered.stderr
    assert "9 households" in cli_runs.tampered.stderr
    assert "was altered (涉及户数)" in cli_runs.tampered.stderr  # the replay of the audit trail
    assert "daily figures of 1 day(s)" in cli_runs.tampered.stderr  # households are counted in the figures
    assert "3 problem(s) found." in cli_runs.tampered.stderr
