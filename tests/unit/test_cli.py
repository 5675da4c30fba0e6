"""The command line IT staff and scheduled tasks use, run as a real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from app import __version__
from tests.conftest import ROOT
from tests.screens import SCREENS

PASSWORD = "demo1234"  # every demo account's


def acting(user: str) -> tuple[str, str, str]:
    """The arguments that run a command as a demo account, its password piped in (run() pipes it)."""
    return ("--as", user, "--password-stdin")


def run(*args: str, lang: str | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "main.py", *args] + (["--lang", lang] if lang else [])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if input is None and "--password-stdin" in args:
        input = PASSWORD + "\n"
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, input=input,
                          stdin=None if input is not None else subprocess.DEVNULL)


def test_version_comes_from_pyproject() -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert __version__ == version
    result = run("--version")
    assert result.returncode == 0 and version in result.stdout


def test_verify_speaks_chinese_by_default_and_english_on_request(demo_dir: Path) -> None:
    zh = run("verify", "--data-dir", str(demo_dir))
    assert zh.returncode == 0, zh.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh.stdout)
    en = run("verify", "--data-dir", str(demo_dir), lang="en")
    assert en.returncode == 0 and en.stdout.startswith("Healthy")


def test_export_json_is_complete(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "cases.json"
    result = run("export", "--data-dir", str(demo_dir), "--format", "json", "--out", str(out), *acting("director"))
    assert result.returncode == 0, result.stderr
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["format"] == "community-desk/cases"
    cases = payload["cases"]
    assert len(cases) > 100
    assert all(c["events"] and c["events"][0]["kind"] == "created" for c in cases)
    assert all(c["reporters"] for c in cases)
    assert {c["channel"] for c in cases} == {"来访", "来电", "民情专员", "网上"}


def test_export_with_the_list_filters_and_the_figures(demo_dir: Path, tmp_path: Path) -> None:
    import csv
    from datetime import date

    from openpyxl import load_workbook

    from app.models import Case
    from app.services.cases import rates
    from app.services.core.container import open_services

    def rows(path: Path) -> list[dict[str, str]]:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            found = list(csv.reader(fh))
        return [dict(zip(found[1], r, strict=True)) for r in found[2:]]

    base = ("export", "--data-dir", str(demo_dir), "--format", "csv", *acting("director"))
    assert run(*base, "--out", str(tmp_path / "all.csv")).returncode == 0
    result = run(*base, "--out", str(tmp_path / "heating.csv"), "--category", "LIFE-HEATING", "--status", "closed",
                 "--status", "resolved", lang="en")
    assert result.returncode == 0, result.stderr
    heating, every = rows(tmp_path / "heating.csv"), rows(tmp_path / "all.csv")
    done = ("已归档", "已办结")
    assert heating and len(heating) == sum(1 for r in every if r["子类"] == "供暖" and r["状态"] in done)
    assert f"Exported {len(heating)} requests" in result.stdout

    out = tmp_path / "figures.xlsx"
    result = run("export", "--data-dir", str(demo_dir), "--format", "xlsx", "--out", str(out), "--figures",
                 "--from", "2026-10-01", "--to", "2026-11-20", "--grid", "第一网格", *acting("director"), lang="en")
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    try:
        overview = list(wb["总体"].iter_rows(values_only=True))
    finally:
        wb.close()
    services = open_services(demo_dir)
    try:
        grid = services.export.lookup("grid", "第一网格")
        since, until = rates.span(date(2026, 10, 1), date(2026, 11, 20))
        with services.db.reading() as session:
            expected = rates.totals(session, since, until, [Case.grid_id == grid])
    finally:
        services.close()
    assert overview[4][:5] == ("合计", expected.received, expected.households, expected.responded, expected.resolved)
    assert 0 < expected.received < len(every)
    bad = run("export", "--data-dir", str(demo_dir), "--out", str(tmp_path / "x.csv"), "--department", "无此部门",
              *acting("director"))
    assert bad.returncode == 2 and "无此部门" in bad.stderr


def test_demo_refuses_a_folder_that_already_has_a_community(demo_dir: Path) -> None:
    result = run("demo", "--data-dir", str(demo_dir), lang="en")
    assert result.returncode == 1 and "already holds a community" in result.stderr


def test_screenshot_renders_every_main_screen_without_touching_real_data(tmp_path: Path, demo_dir: Path) -> None:
    before = (demo_dir / "desk.sqlite3").stat().st_mtime_ns
    out = tmp_path / "shots"
    # At 1920x1080 with 150% scaling (1280x688 for a maximised window) in large print: the gallery as such a desk
    # sees it.
    result = run("screenshot", "--data-dir", str(demo_dir), "--out", str(out), "--size", "1280x688",
                 "--font-size", "large")
    assert result.returncode == 0, result.stderr
    shots = sorted(p.name for p in out.glob("*.png"))
    assert shots == SCREENS
    assert all((out / name).stat().st_size > 10_000 for name in shots)
    from PySide6.QtGui import QImage

    home = QImage(str(out / "03-home.png"))
    assert (home.width(), home.height()) == (1280, 688)  # the window kept the screen's size in large print
    assert (demo_dir / "desk.sqlite3").stat().st_mtime_ns == before
    shutil.rmtree(out)


def test_receipt_reprint_to_pdf_and_unknown_number(demo_dir: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "again.pdf"
    result = run("receipt", "a01-20261120-0001", "--data-dir", str(demo_dir), "--out", str(out), *acting("clerk1"))
    assert result.returncode == 0, result.stderr
    text = PdfReader(out).pages[0].extract_text()
    assert "A01-20261120-0001" in text and "居民诉求受理回执" in text
    missing = run("receipt", "A01-19990101-0001", "--data-dir", str(demo_dir), "--out", str(tmp_path / "x.pdf"),
                  *acting("clerk1"))
    assert missing.returncode == 2 and "A01-19990101-0001" in missing.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_version_needs_no_display() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, "main.py", "--version"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == f"community-desk {__version__}", result.stderr


# --- every command ends in a message and an exit code, never a traceback -------------------------------------


def test_a_file_that_cannot_be_written_is_named_in_chinese_with_exit_3(demo_dir: Path, tmp_path: Path) -> None:
    """A path refused before anything is opened is exit code 2 (test_cli_inputs.py); a file the system refuses
    while writing is exit code 3, said in Chinese, its traceback in the log only."""
    from tests.unit.faults import read_only, small_disk

    with small_disk(tmp_path) as usb, read_only(usb):  # a write-protected USB stick
        out = usb / "again.pdf"
        result = run("receipt", "A01-20261120-0001", "--data-dir", str(demo_dir), "--out", str(out),
                     *acting("clerk1"))
        assert list(usb.iterdir()) == []
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip().startswith(f"无法读写文件 {usb}")
    assert "只读" in result.stderr
    log = (demo_dir / "logs" / "desk.log").read_text(encoding="utf-8")
    assert "Command receipt started" in log and "Traceback" in log and "OSError" in log


def test_restoring_a_missing_backup_is_a_refusal_not_a_traceback(demo_dir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "desk-2026-11-19.sqlite3"
    result = run("restore", str(missing), "--data-dir", str(demo_dir), *acting("admin"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert str(missing) in result.stderr and any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr)


def test_an_unexpected_error_is_one_chinese_line_and_its_traceback_is_in_the_log(demo_dir: Path) -> None:
    (demo_dir / "desk.json").write_text('{"desk_code": "A01", ', encoding="utf-8")  # cut short: a damaged file
    result = run("verify", "--data-dir", str(demo_dir))
    assert result.returncode == 1
    log_file = demo_dir / "logs" / "desk.log"
    line, = result.stderr.strip().splitlines()
    assert line.startswith("意外错误：JSONDecodeError: ") and line.endswith(f"。详细信息已写入日志 {log_file}")
    log = log_file.read_text(encoding="utf-8")
    assert "ERROR app.cli [MainThread] Unexpected error in command verify" in log
    assert "Traceback (most recent call last)" in log and "json.decoder.JSONDecodeError" in log


def ctrl_c_as_at_a_terminal() -> None:
    """In the child: Ctrl+C as a terminal delivers it. A test run started in the background (``make test &``) has
    SIGINT ignored, and Python keeps it ignored in its children: nothing would raise KeyboardInterrupt."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_ends_a_command_with_a_short_message_and_exit_130(tmp_path: Path) -> None:
    import signal
    import time

    data = tmp_path / "fresh"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "main.py", "demo", "--data-dir", str(data)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=ctrl_c_as_at_a_terminal)
    log_file = data / "logs" / "desk.log"
    deadline = time.monotonic() + 60
    while not (log_file.exists() and "Command demo started" in log_file.read_text(encoding="utf-8")):
        assert child.poll() is None and time.monotonic() < deadline, child.communicate()
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)  # while the demo community is being built (it takes several seconds)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert err.strip() == "已中断。"
    assert "WARNING app.cli [MainThread] Command demo interrupted" in log_file.read_text(encoding="utf-8")


def test_file_errors_say_what_the_system_said_in_chinese(qapp) -> None:  # type: ignore[no-untyped-def]
    import errno

    from app.i18n import describe_os_error, install_translators

    translators = install_translators(qapp, "zh_CN")
    try:
        assert describe_os_error(PermissionError(errno.EACCES, "Permission denied", "E:\\回执.pdf")) == \
            "无法读写文件 E:\\回执.pdf：没有权限。"
        assert describe_os_error(OSError(errno.ENOSPC, "No space left on device")).startswith("无法读写文件：磁盘已满")
        assert describe_os_error(OSError(errno.EROFS, "Read-only file system", "/media/usb/x.pdf")) == \
            "无法读写文件 /media/usb/x.pdf：磁盘是只读的。"
    finally:
        for t in translators:
            qapp.removeTranslator(t)


CTRL_C_IN_A_FINALIZER = """
import sys
sys.path.insert(0, sys.argv[1])
from app import cli
sys.unraisablehook = cli._unraisable  # as main() sets it


class Closed:
    def __del__(self):  # Ctrl+C arriving while the garbage collector closes a connection
        raise KeyboardInterrupt


try:
    Closed()
    for _ in range(200_000_000):  # the command goes on: it must not run to its end
        pass
    print("lost")
except KeyboardInterrupt:
    print("delivered")
"""


def test_ctrl_c_swallowed_by_a_finalizer_is_delivered_to_the_command_again() -> None:
    """Python cannot raise an exception from a finalizer: Ctrl+C delivered there was lost and the command ran on
    (the Ctrl+C test above once ended with 0)."""
    result = subprocess.run([sys.executable, "-c", CTRL_C_IN_A_FINALIZER, str(ROOT)], capture_output=True, text=True,
                            timeout=120, preexec_fn=ctrl_c_as_at_a_terminal)
    assert result.stdout.strip() == "delivered", result.stderr
