"""A request's page on the demo community, through the real widgets and services: the whole workflow, a refusal
that changes nothing, the buttons each role gets, opening from the list, and the status bar after the ladder."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
)

from app.domain.enums import Breach, Channel, EventKind, Scope
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock, local
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.case_dialogs import StepDialog
from app.views.case_page import CasePage
from app.views.main_window import MainWindow
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import settle, settled_window

LAMP = "三号楼二单元楼道灯不亮，老人晚上下楼看不清"


def new_case(services: Services, clerk: Actor, description: str = LAMP) -> uuid.UUID:
    options = services.intake.options(clerk)
    sub = next(c for c in options.categories if c.parent_id is not None)
    resident = services.residents.search(clerk, "3-2")[0]
    form = IntakeForm(channel=Channel.WALK_IN.value, resident_id=resident.id, category_id=sub.parent_id,
                      subcategory_id=sub.id, description=description, urgency=3, scope=Scope.BUILDING.value)
    return services.intake.submit(clerk, form).case_id


def wait_loaded(qtbot, page: CasePage) -> None:  # type: ignore[no-untyped-def]
    """The page reads the case on the thread pool: wait for its answer to be shown."""
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)


def open_page(qtbot, services: Services, actor: Actor, case_id: uuid.UUID) -> CasePage:  # type: ignore[no-untyped-def]
    page = CasePage(services, actor, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.open_case(case_id)
    wait_loaded(qtbot, page)
    return page


def shown_actions(page: CasePage) -> set[EventKind]:
    return {k for k, b in page.buttons.items() if b.isVisibleTo(page)}


def step(qtbot, page: CasePage, kind: EventKind, text: str = "", ok: bool = True) -> StepDialog:  # type: ignore[no-untyped-def]
    """Click the step's button, type the text; with ``ok`` press OK (after the caller's ``fill``)."""
    qtbot.mouseClick(page.buttons[kind], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    if text:
        edit = dialog.findChild(QPlainTextEdit, "step_text")
        edit.setPlainText(text)
    return dialog


def press_ok(qtbot, dialog: StepDialog) -> None:  # type: ignore[no-untyped-def]
    """Press OK; the page reads the case again (after a step, or a conflict): wait until it has."""
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    page = dialog.parentWidget()
    assert isinstance(page, CasePage)
    settle(qtbot)  # the step is saved off the GUI thread
    wait_loaded(qtbot, page)


def done(qtbot, page: CasePage, kind: EventKind, text: str = "") -> None:  # type: ignore[no-untyped-def]
    dialog = step(qtbot, page, kind, text)
    press_ok(qtbot, dialog)
    assert not dialog.isVisible(), dialog.banner.text() + dialog.errors.message("note")


def kinds(page: CasePage) -> list[EventKind]:
    assert page.detail is not None
    return [e.kind for e in page.detail.timeline]


def test_the_whole_workflow_through_the_page(qtbot, services: Services, clerk: Actor) -> None:
    case_id = new_case(services, clerk)
    page = open_page(qtbot, services, clerk, case_id)
    assert page.case_no.text().startswith(services.db.desk_code)
    assert "楼道灯" in page.description.text() and page.timeline_model.rowCount() == 1
    assert EventKind.DISPATCHED in shown_actions(page) and EventKind.RESOLVED not in shown_actions(page)

    dialog = step(qtbot, page, EventKind.DISPATCHED)
    handler = dialog.findChild(QComboBox, "step_handler")
    assert handler.currentData() is None  # the grid worker of the resident's grid, by default
    press_ok(qtbot, dialog)
    assert page.detail is not None and page.detail.assignee_name == page.detail.about.grid_worker_name
    assert page.detail.assignee_name in page.assignee.text()

    done(qtbot, page, EventKind.RESPONDED, "已电话联系居民")
    dialog = step(qtbot, page, EventKind.NOTE, "已联系电工，明天上午维修")
    dialog.findChild(QCheckBox, "step_public").setChecked(True)
    press_ok(qtbot, dialog)
    assert page.detail.timeline[-1].public
    what = page.timeline_model.index(page.timeline_model.rowCount() - 1, 2).data()
    assert QCoreApplication.translate("CasePage", "Public") in what

    dialog = step(qtbot, page, EventKind.DEPARTMENTS_CALLED, "需要物业和供电配合")
    departments = dialog.findChild(QListWidget, "step_departments")
    for i in (0, 1):
        departments.item(i).setCheckState(Qt.CheckState.Checked)
    dialog.findChild(QSpinBox, "step_hours").setValue(12)
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert len(page.detail.departments) == 2 and page.departments_model.rowCount() == 2

    dialog = step(qtbot, page, EventKind.DEPARTMENT_REPORTED, "已派人到场")
    reporter = dialog.findChild(QComboBox, "step_department")
    assert reporter.count() == 2
    press_ok(qtbot, dialog)
    reported = [d for d in page.detail.departments if d.reported_at is not None]
    assert len(reported) == 1 and reported[0].department_id == reporter.currentData()

    done(qtbot, page, EventKind.RESOLVED, "灯已更换，现场试用正常")
    assert EventKind.FOLLOWED_UP in shown_actions(page)
    dialog = step(qtbot, page, EventKind.FOLLOWED_UP, "居民说楼上的灯还是不亮")
    assert "不满意" in dialog.intro.text() or "Dissatisfied" in dialog.intro.text()
    dialog.findChild(QRadioButton, "step_satisfaction_dissatisfied").setChecked(True)
    press_ok(qtbot, dialog)
    assert kinds(page)[-1] is EventKind.FOLLOWED_UP
    assert page.detail.info.status.value in ("dispatched", "responded")  # reopened: back with its handler
    assert EventKind.RESOLVED in shown_actions(page)

    done(qtbot, page, EventKind.RESOLVED, "楼上的灯也已更换")
    dialog = step(qtbot, page, EventKind.FOLLOWED_UP)
    dialog.findChild(QRadioButton, "step_satisfaction_satisfied").setChecked(True)
    press_ok(qtbot, dialog)
    assert page.detail.info.satisfaction is not None and page.detail.info.satisfaction.value == "satisfied"
    assert EventKind.CLOSED not in shown_actions(page)  # closing is the director's

    director = services.auth.login("director", DEMO_PASSWORD)
    boss = open_page(qtbot, services, director, case_id)
    done(qtbot, boss, EventKind.CLOSED, "")
    assert boss.detail is not None and boss.detail.info.status.value == "closed"
    assert kinds(boss) == [EventKind.CREATED, EventKind.DISPATCHED, EventKind.RESPONDED, EventKind.NOTE,
                           EventKind.DEPARTMENTS_CALLED, EventKind.DEPARTMENT_REPORTED, EventKind.RESOLVED,
                           EventKind.FOLLOWED_UP, EventKind.RESOLVED, EventKind.FOLLOWED_UP, EventKind.CLOSED]
    assert boss.timeline_model.rowCount() == len(kinds(boss))
    assert shown_actions(boss) == {EventKind.REOPENED, EventKind.NOTE}  # a note may still be added


def test_a_refusal_shows_the_message_keeps_the_text_and_changes_nothing(qtbot, services: Services,
                                                                       clerk: Actor) -> None:
    case_id = new_case(services, clerk)
    page = open_page(qtbot, services, clerk, case_id)
    services.workflow.dispatch(clerk, case_id)
    page.reload()
    wait_loaded(qtbot, page)
    before = len(kinds(page))

    dialog = step(qtbot, page, EventKind.RESOLVED, " ")  # an outcome is required
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.errors.message("outcome")
    assert len(services.workflow.detail(clerk, case_id).timeline) == before
    dialog.reject()

    other = new_case(services, clerk, "楼下垃圾桶满了三天没人清运，气味很大")
    dialog = step(qtbot, page, EventKind.MERGED, "重复反映")
    number = dialog.findChild(QLineEdit, "step_case_no")
    number.setText(page.detail.info.case_no if page.detail else "")  # into itself
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.banner.isVisible() and page.detail is not None
    assert page.detail.info.case_no in dialog.banner.text()
    assert dialog.findChild(QPlainTextEdit, "step_text").toPlainText() == "重复反映"  # nothing typed is lost
    number.setText("NO-SUCH-CASE")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.errors.message("case_no")
    assert len(services.workflow.detail(clerk, case_id).timeline) == before

    number.setText(services.workflow.detail(clerk, other).info.case_no.lower())
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert page.detail.info.status.value == "merged" and page.survivor_button.isVisibleTo(page)
    assert shown_actions(page) == set()


def test_the_buttons_follow_the_role(qtbot, services: Services, clerk: Actor) -> None:
    case_id = new_case(services, clerk)
    services.workflow.dispatch(clerk, case_id)
    worker = services.auth.login("grid1", DEMO_PASSWORD)
    director = services.auth.login("director", DEMO_PASSWORD)
    grid = open_page(qtbot, services, worker, case_id)
    boss = open_page(qtbot, services, director, case_id)
    handling = {EventKind.RESPONDED, EventKind.NOTE, EventKind.RESOLVED}
    assert shown_actions(grid) == handling  # no dispatch, departments, level, suspension or merge
    assert handling | {EventKind.DISPATCHED, EventKind.DEPARTMENTS_CALLED, EventKind.LEVEL_RAISED,
                       EventKind.SUSPENDED, EventKind.MERGED} <= shown_actions(boss)
    assert grid.detail is not None and grid.detail.actions == frozenset(shown_actions(grid))

    done(qtbot, boss, EventKind.SUSPENDED, "等待配件到货")
    grid.reload()
    wait_loaded(qtbot, grid)
    assert shown_actions(grid) == {EventKind.NOTE}  # a suspended request takes notes, nothing else
    assert shown_actions(boss) == {EventKind.RESUMED, EventKind.NOTE, EventKind.MERGED}


@pytest.fixture
def director_window(qtbot, services: Services) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    yield settled_window(qtbot, services, services.auth.login("director", DEMO_PASSWORD))
    QThreadPool.globalInstance().waitForDone()


def test_the_status_bar_counts_after_the_ladder_and_opens_the_overdue_list(qtbot, director_window: MainWindow,
                                                                           services: Services, clerk: Actor,
                                                                           clock: FakeClock) -> None:
    w = director_window
    counts = w.escalation.counts
    assert counts is not None and str(counts.overdue) in w.due_button.text()
    case_id = new_case(services, clerk)
    clock.advance(timedelta(days=30))  # the desk was off a month: no response, no resolution
    w.escalation.run_pass()
    qtbot.waitUntil(lambda: not w.escalation.busy and w.escalation.counts is not None
                    and w.escalation.counts.overdue > counts.overdue, timeout=20_000)
    assert str(w.escalation.counts.overdue) in w.due_button.text()
    detail = services.workflow.detail(clerk, case_id)
    assert detail.info.in_pool and EventKind.ESCALATED in {e.kind for e in detail.timeline}

    w.open_case(case_id)
    page = w.case_page
    wait_loaded(qtbot, page)
    assert page.pool_badge.isVisibleTo(page) and page.overdue_badge.isVisibleTo(page)
    ladder = [e for e in page.detail.timeline if e.kind is EventKind.ESCALATED] if page.detail else []
    assert ladder and all(e.actor_name == "" for e in ladder)
    row = page.detail.timeline.index(ladder[0]) if page.detail else 0
    assert page.timeline_model.index(row, 1).data() in ("系统", "System")

    qtbot.mouseClick(w.due_button, Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.case_list and w.case_list is not None and w.case_list.overdue.isChecked()


def test_a_double_click_in_the_list_opens_the_request(qtbot, window: MainWindow, services: Services,
                                                      clerk: Actor) -> None:
    assert window.case_list is not None
    window.show_page("cases")
    lst = window.case_list
    qtbot.waitUntil(lambda: not lst.model.loading and lst.model.rowCount() > 0, timeout=10_000)
    first = lst.model.row_at(0)
    index = lst.model.index(0, 0)
    lst.table.scrollTo(index)
    rect = lst.table.visualRect(index)
    qtbot.mouseClick(lst.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a real double click
    qtbot.mouseDClick(lst.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget() is window.case_page
    wait_loaded(qtbot, window.case_page)
    assert window.case_page.case_id == first.id and window.case_page.case_no.text() == first.case_no
    qtbot.mouseClick(window.case_page.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is lst
    QThreadPool.globalInstance().waitForDone()


def test_the_page_reads_the_case_off_the_gui_thread(qtbot, services: Services, clerk: Actor,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    first = new_case(services, clerk)
    second = new_case(services, clerk, "楼下垃圾桶满了三天没人清运，气味很大")
    threads: list[threading.Thread] = []
    read = services.workflow.detail

    def detail_noting_the_thread(actor: Actor, case_id: uuid.UUID) -> object:  # the real read, and where it ran
        threads.append(threading.current_thread())
        return read(actor, case_id)

    monkeypatch.setattr(services.workflow, "detail", detail_noting_the_thread)
    page = CasePage(services, clerk, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    page.open_case(first)
    assert page.loading and page.loading_label.isVisibleTo(page) and page.detail is None  # not read yet
    assert not page.body.isVisibleTo(page) and not page.empty_hint.isVisibleTo(page)
    page.open_case(second)  # asked again before the first answer: only the second is shown
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        pass
    wait_loaded(qtbot, page)
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)  # a late answer for the first request would have arrived by now
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert page.detail is not None and page.detail.info.id == second
    assert "垃圾桶" in page.description.text() and not page.loading_label.isVisibleTo(page)
    assert all(b.isEnabled() for b in page.buttons.values())

    dialog = step(qtbot, page, EventKind.DISPATCHED)
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # saved off the GUI thread, then the case read again
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert not dialog.ok_button.isEnabled() and dialog.isVisible()  # the step is on its way: OK waits
    wait_loaded(qtbot, page)
    assert page.detail.info.status.value == "dispatched" and EventKind.RESPONDED in shown_actions(page)
    assert page.buttons[EventKind.RESPONDED].isEnabled()


def test_the_page_names_each_time_limit_with_its_due_time(qtbot, services: Services, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: the page said 时限 and showed the 1-hour response limit without saying so, while the receipt
    promised a reply the next day. Each running limit is listed by its name, soonest first."""
    case_id = new_case(services, clerk)
    page = open_page(qtbot, services, clerk, case_id)
    assert page.detail is not None
    about, created = page.detail.about, page.detail.about.created_at
    fmt = lambda at: local(at).strftime("%Y-%m-%d %H:%M")  # noqa: E731
    lines = page.due.text().splitlines()
    response = next(x for x in about.limits if x.breach is Breach.RESPONSE)
    resolve = next(x for x in about.limits if x.breach is Breach.RESOLVE)
    assert created < response.due_at <= created + timedelta(hours=2)  # the category's response limit (1-2 h)
    assert about.reply_due_at is not None and about.reply_due_at > response.due_at
    assert lines == sorted([f"响应时限：{fmt(response.due_at)}", f"答复时限：{fmt(about.reply_due_at)}",
                            f"办结时限：{fmt(resolve.due_at)}"], key=lambda x: x.split("：")[1])
    captions = [w.text() for w in page.findChildren(QLabel)]
    assert "时限" in captions and "时限规则" not in captions
    # responded: the response limit stops; the reply and the resolution limits remain, still named
    done(qtbot, page, EventKind.DISPATCHED)
    done(qtbot, page, EventKind.RESPONDED, "已电话联系居民")
    lines = page.due.text().splitlines()
    assert {x.split("：")[0] for x in lines} == {"答复时限", "办结时限"}
