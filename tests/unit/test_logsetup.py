"""The log file a support person reads: <data folder>/logs/desk.log, rotated, set up once, never fatal."""

from __future__ import annotations

import logging
import logging.handlers
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import logsetup
from app.logsetup import FILE_ONLY, configure_logging, current_log_file, reset_logging
from app.services.core.settings import Paths


@pytest.fixture(autouse=True)
def clean_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("DESK_LOG", raising=False)
    yield
    reset_logging()


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_desk_handler", False)]


def file_handlers() -> list[logging.handlers.RotatingFileHandler]:
    return [h for h in ours() if isinstance(h, logging.handlers.RotatingFileHandler)]


def test_the_log_file_is_in_the_data_folders_logs_with_time_level_logger_and_message(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "data")
    assert path == (tmp_path / "data" / "logs" / "desk.log").absolute() == Paths(tmp_path / "data").logs / "desk.log"
    assert path.is_file() and current_log_file() == path
    logging.getLogger("app.views.intake_page").warning("回执未能写入 %s", "receipt.pdf")
    logging.getLogger("app.services.core.db").debug("not at the default level")
    for handler in ours():
        handler.flush()
    line, = path.read_text(encoding="utf-8").splitlines()
    day, time, rest = line.split(" ", 2)
    assert len(day) == 10 and day[4] == day[7] == "-" and time[2] == time[5] == ":"  # 2026-11-20 10:00:00,123
    assert rest == "WARNING app.views.intake_page [MainThread] 回执未能写入 receipt.pdf"


def test_rotation_is_one_megabyte_times_five_utf8_files(tmp_path: Path) -> None:
    path = configure_logging(tmp_path)
    assert path is not None
    handler, = file_handlers()
    assert (handler.maxBytes, handler.backupCount, handler.encoding) == (1_000_000, 5, "utf-8")
    chatty = logging.getLogger("tests.chatty")
    for i in range(14_000):  # about 1.3 MB: one rollover
        chatty.info("第 %05d 行：居民诉求登记的测试日志，%s", i, "x" * 40)
    handler.flush()
    assert (path.parent / "desk.log.1").is_file()
    assert path.stat().st_size < 1_000_000 and (path.parent / "desk.log.1").stat().st_size <= 1_000_000
    assert "第 13999 行" in path.read_text(encoding="utf-8")


def test_configuring_twice_adds_no_second_handler_and_follows_the_data_folder(tmp_path: Path) -> None:
    first = configure_logging(tmp_path / "a")
    assert configure_logging(tmp_path / "a") == first
    assert len(file_handlers()) == 1 and len(ours()) == 2  # the file and stderr
    logging.getLogger("tests").warning("once")
    file_handlers()[0].flush()
    assert first is not None and first.read_text(encoding="utf-8").count("once") == 1
    second = configure_logging(tmp_path / "b")
    assert second == (tmp_path / "b" / "logs" / "desk.log").absolute()
    assert len(file_handlers()) == 1 and len(ours()) == 2
    reset_logging()
    assert ours() == [] and current_log_file() is None


def test_stderr_shows_warnings_but_not_file_only_records_and_desk_log_sets_the_level(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = configure_logging(tmp_path)
    log = logging.getLogger("tests.stderr")
    log.info("only in the file")
    log.warning("on stderr too")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.error("traceback for the file only", exc_info=True, extra=FILE_ONLY)
    err = capsys.readouterr().err
    assert "WARNING tests.stderr: on stderr too" in err
    assert "only in the file" not in err and "boom" not in err and "Traceback" not in err
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "only in the file" in text and "Traceback" in text and "RuntimeError: boom" in text

    monkeypatch.setenv("DESK_LOG", "debug")
    configure_logging(tmp_path)
    log.debug("debugging now")
    assert "DEBUG tests.stderr: debugging now" in capsys.readouterr().err
    assert "debugging now" in path.read_text(encoding="utf-8")
    configure_logging(tmp_path, level="ERROR")  # the argument sets the file's level
    log.warning("not for the file")
    assert "not for the file" not in path.read_text(encoding="utf-8")


def test_a_data_folder_that_cannot_hold_logs_falls_back_to_stderr(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert configure_logging(blocked / "data") is None  # logs/ cannot be made under a file
    assert current_log_file() is None and file_handlers() == [] and len(ours()) == 1
    logging.getLogger("tests").warning("still said")
    err = capsys.readouterr().err
    assert "No log file" in err and "still said" in err
    # A working folder later (the next command) gets its file again.
    assert configure_logging(tmp_path / "ok") is not None and len(file_handlers()) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_data_folder_falls_back_to_stderr(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o555)
    try:
        assert configure_logging(data) is None
        logging.getLogger("tests").error("nothing crashes")
    finally:
        data.chmod(0o755)


def test_a_log_folder_that_exists_as_a_file_is_no_crash_either(tmp_path: Path) -> None:
    (tmp_path / "logs").write_text("", encoding="utf-8")
    assert configure_logging(tmp_path) is None
    assert logsetup.current_log_file() is None
