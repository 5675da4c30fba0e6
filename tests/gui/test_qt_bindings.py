"""The Qt bindings keep Python's count of references to None (PySide6 6.12.0 lost one per void call and the desk
aborted after a day's work): the probe in the source tree, the check-qt command, and a soak of the main window."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main as cli_main
from app.views.qt_probe import TOLERANCE, none_drift
from tests.conftest import ROOT


def test_thousands_of_void_qt_calls_leave_the_count_of_none_where_it_was(qapp) -> None:  # type: ignore[no-untyped-def]
    drifts = none_drift(3000)
    assert [d.what for d in drifts] == ["setObjectName", "setText", "QLineEdit.clear", "show/hide", "signal emit",
                                        "model reset"]
    for drift in drifts:
        assert drift.calls == 3000
        assert drift.change > -TOLERANCE, f"{drift.what} lost {-drift.change} references to None in 3000 calls"


def test_check_qt_command_reports_each_kind_and_exits_0(qapp, capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    assert cli_main(["--data-dir", str(tmp_path), "check-qt", "--calls", "500"]) == 0  # its log: not this PC's
    assert "Command check-qt started" in (tmp_path / "logs" / "desk.log").read_text(encoding="utf-8")
    out = capsys.readouterr().out  # in Chinese, as the GUI tests' translator is installed
    assert "每类调用 500 次" in out and "正常：None 的引用计数保持不变。" in out
    for what in ("setObjectName", "setText", "show/hide", "signal emit", "model reset"):
        line = next(line for line in out.splitlines() if line.strip().startswith(what))
        assert int(line.split()[-1]) > -TOLERANCE


@pytest.mark.soak
def test_a_day_at_the_desk_keeps_the_process_alive_and_none_counted(demo_dir: Path) -> None:
    """Run by `pytest --soak`: 400 rounds of every page, a list reload, a home refresh, and a save every tenth."""
    rounds = 400
    result = subprocess.run([sys.executable, "-m", "tests.gui.soak_child", str(demo_dir), str(rounds)], cwd=ROOT,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(figures)  # the closing note's figures: pytest --soak -s
    assert figures["rounds"] == rounds and figures["saves"] == rounds // 10
    assert figures["page_switches"] >= rounds * 7 and figures["list_reloads"] == rounds
    counts = figures["none_counts"]
    assert len(counts) == 11
    assert min(counts) > counts[0] - TOLERANCE, counts
    memory = figures["rss_mb"]
    assert memory[-1] - memory[1] < 50, memory  # after the first 10 %: no growth with the day's work
