"""``main.py due`` (issue 19), run as a real process on the demo community: the overdue duties and those due within
N days, one a line, a person masked; an account is needed (it names households, and is recorded); bad --days is
refused by argparse."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from tests.unit.test_cli import acting, run
from tests.unit.test_cli_access import recorded


def test_due_prints_the_overdue_and_the_coming_duties(demo_dir: Path) -> None:
    week = run("due", *acting("grid1"), "--data-dir", str(demo_dir), lang="en")
    assert week.returncode == 0, week.stderr
    lines = week.stdout.splitlines()
    assert lines[0].startswith("Duties on ") and "Overdue:" in lines
    assert any("日见面（独居）" in line and "号楼" in line and "单元" in line for line in lines)
    with closing(sqlite3.connect(demo_dir / "desk.sqlite3")) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM resident") if len(n) >= 2]
    assert not any(name in week.stdout for name in names)  # nobody named in full
    year = run("due", "--days", "366", *acting("grid1"), "--data-dir", str(demo_dir), lang="en")
    assert year.returncode == 0 and "电梯年检" in year.stdout and len(year.stdout) > len(week.stdout)
    assert recorded(demo_dir)[-1][:2] == ("grid1", "due") and recorded(demo_dir)[-1][3] == {"days": "366"}


def test_due_needs_an_account_that_keeps_duties(demo_dir: Path) -> None:
    nobody = run("due", "--data-dir", str(demo_dir), lang="en")
    assert nobody.returncode == 2 and "--as USER" in nobody.stderr and not nobody.stdout
    officer = run("due", *acting("timebank"), "--data-dir", str(demo_dir), lang="en")
    assert officer.returncode == 2 and "may not" in officer.stderr
    bad = run("due", "--days", "-3", *acting("grid1"), "--data-dir", str(demo_dir), lang="en")
    assert bad.returncode == 2 and "not a number of days" in bad.stderr
