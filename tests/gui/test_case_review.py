"""Issue 15, section 2, through the real case page on the demo community: a grid worker is offered no handling step
on another grid's request, and a grid worker's public note is reviewed by the desk (approve, or send back with a
reason) before the notice board shows it."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QRadioButton

from app.domain.enums import EventKind
from app.services.cases.reach import APPROVED, PENDING, RETURNED
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.test_case_page import new_case, open_page, press_ok, shown_actions, step

NOTE = "已联系物业，楼道灯明天上午更换"
SECOND = "更换后又坏了，物业重新报修"


def test_another_grids_worker_is_offered_no_handling_step(qtbot, services: Services, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case_id = new_case(services, clerk)
    services.workflow.dispatch(clerk, case_id)  # to grid1, the worker of the resident's grid
    other = open_page(qtbot, services, services.auth.login("grid2", DEMO_PASSWORD), case_id)
    assert other.detail is not None and other.detail.assignee_name == "李志刚"
    assert shown_actions(other) == set() and other.no_actions.isVisibleTo(other)
    own = open_page(qtbot, services, services.auth.login("grid1", DEMO_PASSWORD), case_id)
    assert shown_actions(own) == {EventKind.RESPONDED, EventKind.NOTE, EventKind.RESOLVED}


def test_a_grid_workers_public_note_is_reviewed_on_the_page(qtbot, services: Services, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case_id = new_case(services, clerk)
    services.workflow.dispatch(clerk, case_id)
    worker = open_page(qtbot, services, services.auth.login("grid1", DEMO_PASSWORD), case_id)
    dialog = step(qtbot, worker, EventKind.NOTE, NOTE)
    dialog.findChild(QCheckBox, "step_public").setChecked(True)
    press_ok(qtbot, dialog)
    assert worker.detail is not None and worker.detail.timeline[-1].review == PENDING
    assert EventKind.NOTE_REVIEWED not in shown_actions(worker)  # a grid worker does not review
    shown = worker.timeline_model.data(worker.timeline_model.index(len(worker.detail.timeline) - 1, 2))
    assert "review" in shown or "审核" in shown

    desk = open_page(qtbot, services, clerk, case_id)
    assert EventKind.NOTE_REVIEWED in shown_actions(desk)
    dialog = step(qtbot, desk, EventKind.NOTE_REVIEWED)
    notes = dialog.findChild(QComboBox, "step_review_note")
    assert notes.count() == 1 and NOTE in notes.itemText(0)
    dialog.findChild(QRadioButton, "step_review_send_back").setChecked(True)
    before = len(services.workflow.detail(clerk, case_id).timeline)
    press_ok(qtbot, dialog)  # sent back without a reason
    assert dialog.isVisible() and dialog.errors.message("reason")
    assert len(services.workflow.detail(clerk, case_id).timeline) == before
    dialog.reject()

    dialog = step(qtbot, desk, EventKind.NOTE_REVIEWED)  # approved
    press_ok(qtbot, dialog)
    assert not dialog.isVisible() and desk.detail is not None
    assert [e.review for e in desk.detail.timeline if e.public] == [APPROVED]
    assert EventKind.NOTE_REVIEWED not in shown_actions(desk)  # nothing left to review

    worker.reload()
    qtbot.waitUntil(lambda: not worker.loading, timeout=10_000)
    dialog = step(qtbot, worker, EventKind.NOTE, SECOND)
    dialog.findChild(QCheckBox, "step_public").setChecked(True)
    press_ok(qtbot, dialog)
    desk.reload()
    qtbot.waitUntil(lambda: not desk.loading, timeout=10_000)
    dialog = step(qtbot, desk, EventKind.NOTE_REVIEWED, "写明了是哪位老人家里，请改写")
    dialog.findChild(QRadioButton, "step_review_send_back").setChecked(True)
    press_ok(qtbot, dialog)
    assert not dialog.isVisible() and desk.detail is not None
    assert [e.review for e in desk.detail.timeline if e.public] == [APPROVED, RETURNED]
    day = local(desk.detail.about.created_at).date()
    board = services.notices.board(clerk, day, day)
    [row] = [r for r in board.rows if r.case_no == desk.detail.info.case_no]
    assert row.progress.startswith(NOTE[:10])  # the approved note, not the one sent back


def test_the_desk_can_still_write_a_public_note_directly(qtbot, services: Services, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case_id = new_case(services, clerk)
    page = open_page(qtbot, services, clerk, case_id)
    dialog = step(qtbot, page, EventKind.NOTE, NOTE)
    dialog.findChild(QCheckBox, "step_public").setChecked(True)
    press_ok(qtbot, dialog)
    assert page.detail is not None and page.detail.timeline[-1].review == APPROVED
    assert EventKind.NOTE_REVIEWED not in shown_actions(page)

