"""Every command with every kind of bad value (issue 15 §4): one clear line, exit code 2, nothing written, no
traceback, no control character echoed raw. Run in-process through ``main()`` (the same code path as the process,
without starting Python 60 times); test_cli.py runs the real process for the paths that write."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main

ESC = "\x1b[2J\x1b[31m"  # clear the screen, then red: what a raw echo would do to the terminal

#: Each command with valid values; {out}, {day}, {at}, {folder}, {file}, {arg} are the slots a bad value goes into.
COMMANDS: dict[str, list[str]] = {
    "export": ["export", "--from", "{day}", "--to", "2026-11-30", "--out", "{out}", "--text", "{arg}"],
    "export-figures": ["export", "--figures", "--format", "csv", "--to", "{day}", "--out", "{out}"],
    "resident-export": ["resident-export", "{arg}", "--out", "{out}", "--as", "admin"],
    "resident-erase": ["resident-erase", "{arg}", "--reason", "本人申请", "--as", "admin"],
    "import-residents": ["import-residents", "{file}", "--as", "director"],
    "receipt": ["receipt", "{arg}", "--out", "{out}"],
    "notice": ["notice", "--from", "2026-11-01", "--to", "{day}", "--out", "{out}"],
    "report": ["report", "--week", "--to", "{day}", "--out", "{out}"],
    "backup": ["backup", "--out", "{folder}"],
    "restore": ["restore", "{arg}"],
    "escalate": ["escalate", "--at", "{at}"],
    "screenshot": ["screenshot", "--out", "{folder}", "--size", "{size}"],
    "verify": ["verify", "--db", "{arg}"],
}


def bad_values(tmp: Path) -> dict[str, list[tuple[str, str]]]:
    """slot -> (what, value) of the bad values that slot can get."""
    a_file = tmp / "a-file.txt"
    a_file.write_text("x", encoding="utf-8")
    return {
        "day": [("year 1", "0001-01-01"), ("year 9999", "9999-12-31"), ("not a day", "2026-13-45")],
        "at": [("year 1", "0001-01-01T00:00"), ("year 9999", "9999-12-31T23:59"), ("not a time", "yesterday")],
        "out": [("a folder", str(tmp)), ("/dev/full", "/dev/full"), ("a missing folder", str(tmp / "nope" / "x")),
                ("under a file", str(a_file / "x.pdf"))],
        "folder": [("an existing file", str(a_file))],
        "file": [("missing", str(tmp / "missing.xlsx")), ("a folder", str(tmp))],
        "arg": [("control characters", f"A01{ESC}")],
        "size": [("too small", "10x10"), ("not a size", "big"), ("one number", "1366"), ("negative", "-1366x768"),
                 ("too large", "99999x99999"), ("three numbers", "1366x768x2"),
                 ("control characters", f"1366x768{ESC}")],
    }


SLOTS = ("day", "at", "out", "folder", "file", "arg", "size")


def cases() -> list[tuple[str, str]]:
    """(command, slot) for every slot of every command."""
    return sorted({(name, slot) for name, argv in COMMANDS.items() for slot in SLOTS
                   if any("{" + slot + "}" in part for part in argv)})


def _fill(argv: list[str], tmp: Path, slot: str, value: str) -> list[str]:
    good = {"day": "2026-11-20", "at": "2026-11-20T10:00", "out": str(tmp / "ok.out"), "folder": str(tmp / "usb"),
            "file": str(tmp / "a-file.txt"), "arg": "A01-20261120-0001", "size": "1366x728"}
    return [part.replace("{" + slot + "}", value).format(**good) if "{" in part else part for part in argv]


@pytest.mark.parametrize(("name", "slot"), cases())
def test_every_bad_value_is_one_clear_line_and_exit_code_2(name: str, slot: str, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    work = tmp_path / "work"
    work.mkdir()
    tried = 0
    for what, value in bad_values(work)[slot]:
        before = sorted(p.name for p in work.rglob("*"))
        argv = _fill(COMMANDS[name], work, slot, value) + ["--data-dir", str(data), "--lang", "en"]
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == 2, (what, argv, err)
        assert "Traceback" not in err and "\x1b" not in err and "\x1b" not in out, (what, err)
        last = err.strip().splitlines()[-1]
        # English as asked, or Chinese when an earlier test left the desk's translator installed in this process
        assert len(last) < 300 and ("error:" in last or "control characters" in last or "控制字符" in last), (
            what, last)
        assert sorted(p.name for p in work.rglob("*")) == before, what   # nothing written
        assert not (data / "desk.sqlite3").exists(), what                  # nothing even opened
        tried += 1
    assert tried


def test_the_bad_inputs_of_the_issue_are_all_covered(tmp_path: Path) -> None:
    """The 16 of the report and more: years 1 and 9999, an output that is a folder, /dev/full or in a missing
    folder, backup --out an existing file, control characters; over every command that takes such a value."""
    values = bad_values(tmp_path)
    assert sum(len(values[slot]) for _, slot in cases()) >= 40


def test_what_a_command_prints_from_a_file_cannot_drive_the_terminal(demo_dir: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A register whose names hold terminal escapes: the preview names the refused row, escaped."""
    import io

    register = tmp_path / "register.csv"
    register.write_text(f"姓名,联系电话,住址\n张{ESC}三,1370000,4-1-202\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("demo1234\n"))
    code = main(["import-residents", str(register), "--as", "director", "--password-stdin", "--data-dir",
                 str(demo_dir), "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert "\x1b" not in out + err and "张\\x1b[2J\\x1b[31m三" in out


def test_a_window_size_is_read_as_a_person_writes_it_and_refused_in_chinese(capsys: pytest.CaptureFixture[str],
                                                                            tmp_path: Path) -> None:
    from app.cli_checks import screen_size

    assert screen_size("1366x768") == (1366, 768) == screen_size("1366×768") == screen_size("１３６６Ｘ７６８")
    assert screen_size(" 1920 x 1080 ") == (1920, 1080)
    code = main(["screenshot", "--out", str(tmp_path / "shots"), "--size", "大屏", "--data-dir", str(tmp_path / "d"),
                 "--lang", "zh_CN"])
    assert code == 2
    assert "大屏 不是窗口大小" in capsys.readouterr().err and not (tmp_path / "shots").exists()
