"""Repeat callers at the intake form, through the real widgets on the demo community: its repeat caller (app/demo/
repeats.py, three requests about the noise upstairs this month) is chosen, the panel shows their requests, the form
marks the same problem, Alt+R unmarks and marks it, the request is saved as a repeat; or Ctrl+J records the call on
the earlier open request, with no new request."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.models import Case, CaseEvent, EventKind, Resident
from app.services.core.container import Services
from app.views.main_window import MainWindow
from tests.gui.helpers import answer_next_question, focused, press, settle, type_text

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def repeat_caller(services: Services) -> tuple[Resident, list[str]]:
    """The demo's repeat caller, and their requests' numbers, newest first."""
    with services.db.reading() as session:
        resident_id = session.scalars(select(Case.resident_id).where(Case.repeat_of_id.is_not(None))).first()
        resident = session.get(Resident, resident_id)
        assert resident is not None
        session.expunge(resident)
        numbers = list(session.scalars(select(Case.case_no).where(Case.resident_id == resident_id)
                                       .order_by(Case.created_at.desc())))
    return resident, numbers


def cases(services: Services) -> int:
    with services.db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def choose_caller_and_noise(qtbot, window: MainWindow, resident: Resident) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+N, Tab, the name, Enter (the first match), 5 环境改善, Tab, 3 噪音扰民: the keys of a walk-in."""
    press(qtbot, Qt.Key.Key_N, CTRL)
    intake = window.intake
    assert intake is not None
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, resident.name)
    qtbot.waitUntil(lambda: intake.lookup.results.count() > 0, timeout=5000)
    press(qtbot, Qt.Key.Key_Return)
    assert intake.lookup.selected is not None and intake.lookup.selected.id == resident.id
    type_text(qtbot, "5")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "3")
    assert intake.subcategory.currentText() == "3 噪音扰民"
    settle(qtbot)  # the panel's read, off the GUI thread


def test_the_panel_marks_the_same_problem_alt_r_unmarks_it_and_the_repeat_is_saved(qtbot, window: MainWindow,
                                                                                     services: Services) -> None:
    resident, numbers = repeat_caller(services)
    assert len(numbers) == 3
    choose_caller_and_noise(qtbot, window, resident)
    intake = window.intake
    assert intake is not None
    shown = [intake.history.item(i).text().split(" · ")[0] for i in range(intake.history.count())]
    assert shown == numbers                                         # newest first
    assert numbers[2] in intake.history.item(1).text()             # the second was itself a repeat of the first
    # The newest one is open and the same problem: marked, and the mark is in view.
    assert intake.repeat.isVisibleTo(intake) and intake.repeat.isChecked() and numbers[0] in intake.repeat.text()
    assert intake.collect().repeat_of is not None
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is intake.description                          # the walk-in's Tab order is unchanged
    type_text(qtbot, "第四次反映楼上夜间噪音，昨晚又是一点多还在响，请尽快协调。")
    press(qtbot, Qt.Key.Key_R, ALT)                                 # one key unmarks it (the box's mnemonic: it
    qtbot.waitUntil(lambda: not intake.repeat.isChecked())          # clicks as a mouse would, a moment later) ...
    assert intake.collect().repeat_of is None
    press(qtbot, Qt.Key.Key_R, ALT)                                 # ... and marks it again
    qtbot.waitUntil(intake.repeat.isChecked)
    before = cases(services)
    press(qtbot, Qt.Key.Key_S, CTRL)
    settle(qtbot)
    saved = intake.last_saved
    assert saved is not None and not saved.repeated and cases(services) == before + 1
    with services.db.reading() as session:
        case = session.get(Case, saved.case_id)
        earlier = session.scalar(select(Case.id).where(Case.case_no == numbers[0]))
        assert case is not None and case.repeat_of_id == earlier
    # The form is empty again: no panel, no mark.
    assert intake.history.count() == 0 and not intake.repeat.isVisibleTo(intake)


def test_an_unmarked_request_is_saved_without_the_mark(qtbot, window: MainWindow, services: Services) -> None:
    resident, _numbers = repeat_caller(services)
    choose_caller_and_noise(qtbot, window, resident)
    intake = window.intake
    assert intake is not None
    intake.description.setPlainText("楼上装修电钻声，白天也很吵，询问装修时间规定。")
    press(qtbot, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: not intake.repeat.isChecked())
    press(qtbot, Qt.Key.Key_S, CTRL)
    settle(qtbot)
    saved = intake.last_saved
    assert saved is not None
    with services.db.reading() as session:
        case = session.get(Case, saved.case_id)
        assert case is not None and case.repeat_of_id is None


def test_ctrl_j_records_the_call_on_the_earlier_open_request(qtbot, window: MainWindow, services: Services) -> None:
    resident, numbers = repeat_caller(services)
    choose_caller_and_noise(qtbot, window, resident)
    intake = window.intake
    assert intake is not None
    press(qtbot, Qt.Key.Key_Tab)
    said = "又来电催问楼上噪音的事，说今天还没人联系她。"
    type_text(qtbot, said)
    before = cases(services)
    answer_next_question(yes=True)
    press(qtbot, Qt.Key.Key_J, CTRL)                                # the marked request is open: the call goes on it
    settle(qtbot)
    saved = intake.last_saved
    assert saved is not None and saved.repeated and saved.case_no == numbers[0]
    assert cases(services) == before                                # no new request
    assert numbers[0] in intake.banner.text()                       # the confirmation names the request
    assert intake.lookup.selected is None and intake.description.toPlainText() == ""  # the form is reset
    with services.db.reading() as session:
        last = session.scalars(select(CaseEvent).where(CaseEvent.case_id == saved.case_id)
                               .order_by(CaseEvent.seq.desc())).first()
        assert last is not None and last.kind is EventKind.REPEATED and last.note == said
        assert uuid.UUID(last.data["resident_id"]) == resident.id and last.data["channel"] == "walk_in"


def test_the_callers_number_alone_shows_their_requests(qtbot, window: MainWindow, services: Services) -> None:
    resident, numbers = repeat_caller(services)
    press(qtbot, Qt.Key.Key_N, CTRL)
    intake = window.intake
    assert intake is not None
    type_text(qtbot, "2")                                           # 来电
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, resident.phone)
    qtbot.waitUntil(lambda: intake.history.count() > 0, timeout=5000)
    # The two phone requests were logged with this number (the first was a walk-in).
    shown = [intake.history.item(i).text().split(" · ")[0] for i in range(intake.history.count())]
    assert shown == numbers[:2]
