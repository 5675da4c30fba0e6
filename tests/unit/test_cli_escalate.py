"""`main.py escalate`, the scheduled task of the escalation ladder, run as a real process on the demo community."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from tests.unit.test_cli import run


def escalations(folder: Path) -> int:
    with closing(sqlite3.connect(folder / "desk.sqlite3")) as conn:
        return int(conn.execute("SELECT count(*) FROM case_event WHERE kind IN ('warned', 'escalated')").fetchone()[0])


def test_escalate_records_what_is_due_once_and_says_so(demo_dir: Path) -> None:
    before = escalations(demo_dir)
    first = run("escalate", "--data-dir", str(demo_dir), "--at", "2026-11-23T10:00")
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    recorded = escalations(demo_dir) - before
    assert recorded > 0 and len(lines) == recorded + 2
    assert all(line.startswith("A01-") and ("时限" in line) for line in lines[:recorded])
    assert "未响应，已上报社区主任" in first.stdout or "转入难点问题库" in first.stdout
    again = run("escalate", "--data-dir", str(demo_dir), "--at", "2026-11-23T10:00", lang="en")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == "Escalation pass at 2026-11-23 10:00: nothing was due."
    assert "overdue" in again.stdout
    assert escalations(demo_dir) == before + recorded


def test_escalate_with_the_clock_behind_the_data_records_nothing(demo_dir: Path) -> None:
    before = escalations(demo_dir)
    result = run("escalate", "--data-dir", str(demo_dir), "--at", "2026-01-01T08:00", lang="en")
    assert result.returncode == 0, result.stderr
    assert "nothing was due" in result.stdout
    assert escalations(demo_dir) == before
