"""Typing in the intake form never waits for the database: the look-up's question and the home page's refresh go to
the thread pool, the latest question wins, and the keyboard walk-in still takes the first match with Enter."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.main_window import MainWindow
from tests.gui.helpers import focused, press, settle, type_text


class Spy:
    """The real service method, called through: notes the thread each call ran on, and holds the questions named in
    ``slow`` back a while (a look-up that happens to be slow, as under a big import)."""

    def __init__(self, real: Callable[..., Any], slow: dict[str, float] | None = None) -> None:
        self.real, self.slow = real, slow or {}
        self.threads: list[threading.Thread] = []
        self.asked: list[Any] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.threads.append(threading.current_thread())
        question = args[1] if len(args) > 1 else None
        self.asked.append(question)
        time.sleep(self.slow.get(question, 0.0) if isinstance(question, str) else 0.0)
        return self.real(*args, **kwargs)

    def on_gui_thread(self) -> bool:
        return any(t is threading.main_thread() for t in self.threads)


@pytest.fixture
def intake_window(window: MainWindow) -> MainWindow:
    window.open_intake()
    assert window.intake is not None
    window.intake.lookup.setFocus()
    return window


def test_the_lookup_asks_off_the_gui_thread_and_the_latest_question_wins(
        qtbot, intake_window: MainWindow, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    lookup = intake_window.intake.lookup  # type: ignore[union-attr]
    spy = Spy(services.residents.search, slow={"wang": 0.8})  # the earlier question answers last
    monkeypatch.setattr(services.residents, "search", spy)
    type_text(qtbot, "wang")
    lookup.search_now()                          # the pause in typing: "wang" is asked
    qtbot.waitUntil(lambda: spy.asked == ["wang"], timeout=3000)
    type_text(qtbot, "l")                        # the next keystroke: its answer is the one shown
    lookup.search_now()
    settle(qtbot)
    assert spy.asked == ["wang", "wangl"] and not spy.on_gui_thread()
    expected = [r.id for r in spy.real(clerk, "wangl", limit=20)]
    assert [r.id for r in lookup.matches()] == expected and expected
    assert all(r.name.startswith("王") for r in lookup.matches())
    assert "wangl" in lookup.edit.text()


def test_enter_before_the_answer_takes_the_first_match_and_keeps_what_is_typed_next(
        qtbot, intake_window: MainWindow, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk-in with a quick clerk: Enter right after the name (the answer still on its way), then the
    category's digit at once: Enter takes the first match when it comes, and the digit lands in the category."""
    intake = intake_window.intake
    assert intake is not None
    spy = Spy(services.residents.search, slow={"wangl": 0.5})
    monkeypatch.setattr(services.residents, "search", spy)
    type_text(qtbot, "wangl")
    press(qtbot, Qt.Key.Key_Return)              # before the pause in typing: nothing is shown yet
    type_text(qtbot, "1")                        # typed ahead: 1 生活服务
    assert intake.lookup.selected is None and intake.lookup.edit.text() == "wangl"  # nothing waited
    qtbot.waitUntil(lambda: intake.lookup.selected is not None, timeout=5000)
    settle(qtbot)
    first = spy.real(clerk, "wangl", limit=20)[0]
    assert intake.lookup.selected.id == first.id  # type: ignore[union-attr]
    assert focused() is intake.category and intake.category.currentText() == "1 生活服务"
    assert spy.asked == ["wangl"] and not spy.on_gui_thread()


def test_the_home_page_reads_after_a_save_off_the_gui_thread(
        qtbot, window: MainWindow, services: Services,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    recent = Spy(services.intake.recent)
    today = Spy(services.intake.count_today)
    monkeypatch.setattr(services.intake, "recent", recent)
    monkeypatch.setattr(services.intake, "count_today", today)
    window.open_intake()
    intake = window.intake
    assert intake is not None
    intake.lookup.setFocus()
    type_text(qtbot, "wangl")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: intake.lookup.selected is not None, timeout=5000)
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "1")
    intake.description.setPlainText("楼道灯不亮，晚上看不见台阶。")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert intake.last_saved is not None
    assert recent.threads and today.threads                   # the save had the home page read again ...
    assert not recent.on_gui_thread() and not today.on_gui_thread()  # ... on the pool
    assert window.home.model.rowCount() and window.home.model.row_at(0).case_no == intake.last_saved.case_no


def test_the_draft_is_written_off_the_gui_thread_and_a_late_save_never_brings_it_back(
        qtbot, intake_window: MainWindow, services: Services,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    intake = intake_window.intake
    assert intake is not None
    spy = Spy(services.drafts.save)
    monkeypatch.setattr(services.drafts, "save", spy)
    intake.description.setFocus()
    type_text(qtbot, "楼道灯不亮")
    qtbot.waitUntil(lambda: services.drafts.load("clerk1", "intake") is not None, timeout=5000)
    settle(qtbot)
    assert spy.threads and not spy.on_gui_thread()
    # A save whose ticket was taken before the discard finishes after it: the draft stays discarded.
    late = services.drafts.ticket()
    intake.discard_draft()
    settle(qtbot)
    assert spy.real("clerk1", "intake", {"description": "旧的"}, late) is False
    assert services.drafts.load("clerk1", "intake") is None
