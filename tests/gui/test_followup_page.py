"""回访 on the demo community, by keyboard, through the real widgets and services: a digit chooses the answer, Enter
records it, the next request comes up at once; 未接通 keeps the request in its place; 无法联系 too early and nothing
chosen are refused under the answers with nothing written; a note; the request's page offers the same answers."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton

from app.domain.enums import EventKind, Satisfaction
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.case_page import CasePage
from app.views.followup_page import CHOICES, NO_ANSWER, FollowUpPage
from app.views.main_window import HELP_OF_PAGE, MainWindow
from tests.gui.helpers import settle


def open_list(qtbot, window: MainWindow) -> FollowUpPage:  # type: ignore[no-untyped-def]
    page = window.show_page("followup")
    assert isinstance(page, FollowUpPage)
    settle(qtbot)
    assert not page.loading
    page.table.setFocus()
    return page


def key(qtbot, page: FollowUpPage, k: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(page.table, k)


def rows(page: FollowUpPage) -> list[uuid.UUID]:
    return [page.model.row_at(i).case_id for i in range(page.model.rowCount())]


def kinds(services: Services, actor: Actor, case_id: uuid.UUID) -> list[EventKind]:
    return [e.kind for e in services.workflow.detail(actor, case_id).timeline]


def test_two_keystrokes_record_an_answer_and_the_next_request_comes_up(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, services: Services, clerk: Actor) -> None:
    page = open_list(qtbot, window)
    queue = services.followups.queue(clerk)
    assert rows(page) == [i.case_id for i in queue.items] and len(rows(page)) == queue.waiting
    heating, lights, after_lights = queue.items[0], queue.items[1], queue.items[2]
    assert heating.category == "供暖" and heating.tries.days == 3  # the demo's oldest: tried Tue, Wed and Thu
    assert page.current() == heating and heating.phone in page.phone.text()
    assert page.script.text() == heating.script and "无法联系" not in page.answer_error.text()

    key(qtbot, page, Qt.Key.Key_5)  # 无法联系: allowed after three days of calls
    assert page.chosen() == Satisfaction.UNREACHABLE.value
    assert page.answers.checkedButton().objectName() == "followup_answer_unreachable"
    key(qtbot, page, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.current() is not None and page.current().case_id == lights.case_id, timeout=10_000)
    assert page.chosen() == ""  # the next request starts with nothing chosen
    settle(qtbot)
    assert heating.case_id not in rows(page) and page.current().case_id == lights.case_id
    assert services.workflow.detail(clerk, heating.case_id).info.satisfaction is Satisfaction.UNREACHABLE
    assert page.table.hasFocus()

    # 未接通 on 水电维修 (tried Wed and Thu; today is Friday): it stays in its place, the cursor moves on
    key(qtbot, page, Qt.Key.Key_4)
    key(qtbot, page, Qt.Key.Key_Enter)  # the keypad's Enter records too
    qtbot.waitUntil(lambda: page.current().case_id == after_lights.case_id, timeout=10_000)
    settle(qtbot)
    assert rows(page)[0] == lights.case_id and page.model.row_at(0).tries.days == 3
    assert kinds(services, clerk, lights.case_id)[-1] is EventKind.CALL_TRIED

    # 满意 on the next: it leaves the list
    key(qtbot, page, Qt.Key.Key_1)
    key(qtbot, page, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: after_lights.case_id not in rows(page), timeout=10_000)
    settle(qtbot)
    assert services.workflow.detail(clerk, after_lights.case_id).info.satisfaction is Satisfaction.SATISFIED
    assert page.current().case_id == queue.items[3].case_id
    assert len(rows(page)) == queue.waiting - 2


def test_too_early_or_nothing_chosen_is_said_under_the_answers_and_nothing_is_written(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, services: Services, clerk: Actor) -> None:
    page = open_list(qtbot, window)
    pipe = next(i for i in services.followups.queue(clerk).items if i.category == "管道疏通")
    page._select(rows(page).index(pipe.case_id))
    before = kinds(services, clerk, pipe.case_id)
    key(qtbot, page, Qt.Key.Key_Return)  # nothing chosen
    settle(qtbot)
    assert page.answer_error.isVisibleTo(page) and page.answer_error.text()
    key(qtbot, page, Qt.Key.Key_5)  # two calls, both on Thursday: one day
    assert not page.answer_error.isVisibleTo(page)  # a new choice clears the message
    key(qtbot, page, Qt.Key.Key_Return)
    settle(qtbot)
    message = page.answer_error.text()
    assert page.answer_error.isVisibleTo(page) and "3" in message and "2" in message and "1" in message
    assert page.current().case_id == pipe.case_id and pipe.case_id in rows(page)  # still here, still current
    assert kinds(services, clerk, pipe.case_id) == before  # nothing written


def test_a_note_is_recorded_with_the_answer(qtbot, window: MainWindow, services: Services,  # type: ignore[no-untyped-def]
                                            clerk: Actor) -> None:
    page = open_list(qtbot, window)
    first = page.current()
    assert first is not None
    key(qtbot, page, Qt.Key.Key_2)
    page.note.setFocus()
    qtbot.keyClicks(page.note, "ok")
    qtbot.keyClick(page.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: first.case_id not in rows(page), timeout=10_000)
    settle(qtbot)
    last = services.workflow.detail(clerk, first.case_id).timeline[-1]
    assert (last.kind, last.note, last.data["satisfaction"]) == (EventKind.FOLLOWED_UP, "ok", "basically_satisfied")
    assert page.note.text() == ""


def test_the_list_has_its_nav_entry_help_page_and_opens_a_request(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    assert "followup" in window.pages and HELP_OF_PAGE["followup"] == "followup"
    page = open_list(qtbot, window)
    first = page.current()
    assert first is not None
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert window.stack.currentWidget() is window.case_page and window.case_page.case_id == first.case_id


def test_the_request_page_offers_the_same_answers_and_records_an_unanswered_call(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, services: Services, clerk: Actor) -> None:
    item = next(i for i in services.followups.queue(clerk).items if i.category == "管道疏通")
    window.open_case(item.case_id)
    page = window.case_page
    assert isinstance(page, CasePage)
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    dialog = page.start_step(EventKind.FOLLOWED_UP)
    radios = [b.objectName() for b in dialog.findChildren(QRadioButton)]
    assert radios == [f"step_satisfaction_{c}" for c in CHOICES]
    tried = dialog.intro.text().splitlines()[-1]  # the unanswered calls so far: two, on one day
    assert "2" in tried and "1" in tried
    count = len(kinds(services, clerk, item.case_id))
    dialog.findChild(QRadioButton, "step_satisfaction_unreachable").setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert dialog.isVisible() and dialog.errors.message("satisfaction")  # refused: two calls on one day
    assert len(kinds(services, clerk, item.case_id)) == count  # nothing written
    dialog.findChild(QRadioButton, f"step_satisfaction_{NO_ANSWER}").setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not dialog.isVisible()
    assert len(kinds(services, clerk, item.case_id)) == count + 1
    assert kinds(services, clerk, item.case_id)[-1] is EventKind.CALL_TRIED
