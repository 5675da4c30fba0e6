"""Volunteer teams (志愿服务队, issue 22) through the real widgets on the demo community: the team tab, a team's
activity recorded, verified and credited with the members' balances checked, bad input shown under its field with
nothing written, and a request given to a team from the request page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QComboBox

from app.demo.data import DEMO_PASSWORD
from app.domain.enums import CaseStatus, EventKind
from app.models import RecordStatus
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.main_window import MainWindow
from app.views.timebank import TimeBankPage
from app.views.timebank.dialogs import GroupDialog
from app.views.timebank.team_dialogs import TeamDialog
from app.views.timebank.teams import TeamsTab
from tests.gui.helpers import settle
from tests.gui.test_case_page import new_case, open_page


def _officer(services: Services) -> Actor:
    return services.auth.login("timebank", DEMO_PASSWORD)


@pytest.fixture
def tab(qtbot, services: Services) -> tuple[TimeBankPage, TeamsTab]:  # type: ignore[no-untyped-def]
    window = MainWindow(services, _officer(services))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("timebank")
    assert isinstance(page, TimeBankPage) and page.teams is not None
    page.tabs.setCurrentWidget(page.teams)
    settle(qtbot)
    return page, page.teams


def _select(qtbot, tab: TeamsTab, name: str) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i in range(tab.model.rowCount()) if tab.model.row_at(i).name == name)
    tab.table.selectRow(row)
    settle(qtbot)


def test_the_teams_tab_shows_the_demo_teams(qtbot, tab: tuple[TimeBankPage, TeamsTab]) -> None:  # type: ignore[no-untyped-def]
    _page, teams = tab
    assert sorted(teams.model.row_at(i).name for i in range(teams.model.rowCount())) == [
        "邻里帮帮团", "银发互助队", "青年突击队"]
    _select(qtbot, teams, "青年突击队")
    assert teams.members_model.rowCount() == 4
    assert teams.activities_model.rowCount() == 1
    assert teams.requests_model.rowCount() == 1 and teams.requests_model.row_at(0).with_team
    assert teams.history_model.rowCount() == 4
    assert "12" in teams.title.text() and "青年突击队" in teams.title.text()


def test_a_team_activity_through_the_widgets_credits_its_members(  # type: ignore[no-untyped-def]
        qtbot, services: Services, tab: tuple[TimeBankPage, TeamsTab]) -> None:
    page, teams = tab
    officer = _officer(services)
    _select(qtbot, teams, "银发互助队")
    team = teams.current_team()
    assert team is not None and len(team.members) == 5
    before = {m.volunteer_id: services.timebank.volunteers.volunteer(officer, m.volunteer_id).balance
              for m in team.members}
    qtbot.mouseClick(teams.activity_button, Qt.MouseButton.LeftButton)
    dialog = teams.dialog
    assert isinstance(dialog, GroupDialog) and dialog.isVisible()
    # The team's members, all ticked; its place and meeting hours filled in.
    assert dialog.people.count() == 5 and len(dialog.chosen()) == 5
    assert dialog.place.text() == "社区日间照料中心"
    assert (dialog.start.time(), dialog.end.time()) == (QTime(9, 0), QTime(11, 0))
    absent = dialog.people.item(4).data(Qt.ItemDataRole.UserRole)
    dialog.people.item(4).setCheckState(Qt.CheckState.Unchecked)  # the officer unticks who did not come
    dialog.title.setText("重阳节前探访高龄老人")
    dialog.end.setTime(QTime(10, 30))  # 1.5 h each
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert len(dialog.answer) == 4
    # The usual path: the records tab verifies and credits them.
    page.tabs.setCurrentWidget(page.records)
    page.records.record_filter.setCurrentIndex(page.records.record_filter.findData(RecordStatus.PENDING.value))
    settle(qtbot)

    def select_ours() -> None:
        model = page.records.records_model
        page.records.records_table.clearSelection()
        for i in range(model.rowCount()):
            if model.row_at(i).activity_title == "重阳节前探访高龄老人":
                page.records.records_table.selectionModel().select(
                    model.index(i, 0), page.records.records_table.selectionModel().SelectionFlag.Select
                    | page.records.records_table.selectionModel().SelectionFlag.Rows)

    select_ours()
    assert len(page.records.selected_records()) == 4
    qtbot.mouseClick(page.records.verify_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    page.records.record_filter.setCurrentIndex(page.records.record_filter.findData(RecordStatus.VERIFIED.value))
    settle(qtbot)
    select_ours()
    assert len(page.records.selected_records()) == 4
    qtbot.mouseClick(page.records.credit_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    after = {vid: services.timebank.volunteers.volunteer(officer, vid).balance for vid in before}
    assert {vid: after[vid] - before[vid] for vid in before} == {vid: 0 if vid == absent else 90 for vid in before}
    page.tabs.setCurrentWidget(teams)
    settle(qtbot)
    _select(qtbot, teams, "银发互助队")
    assert teams.current_team().minutes_this_year == 1080 + 4 * 90  # type: ignore[union-attr]
    assert teams.activities_model.rowCount() == 3
    assert teams.activities_model.row_at(0).credited_minutes == 360


def test_editing_a_team_shows_it_as_saved_and_members_leave_with_history(  # type: ignore[no-untyped-def]
        qtbot, services: Services, tab: tuple[TimeBankPage, TeamsTab]) -> None:
    _page, teams = tab
    _select(qtbot, teams, "青年突击队")
    team = teams.current_team()
    assert team is not None
    qtbot.mouseClick(teams.edit_button, Qt.MouseButton.LeftButton)
    dialog = teams.dialog
    assert isinstance(dialog, TeamDialog) and dialog.isVisible()
    assert (dialog.name.text(), dialog.leader.currentData(), dialog.days.values()) == (
        "青年突击队", team.leader_id, (6,))
    assert (dialog.starts.time(), dialog.ends.time(), dialog.place.text()) == (QTime(8, 30), QTime(11, 30),
                                                                               "社区服务站")
    assert sorted(dialog.members.chosen()) == sorted(m.volunteer_id for m in team.members)
    leaving = next(m for m in team.members if not m.leader)
    dialog.members.set_ticked(leaving.volunteer_id, False)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not dialog.isVisible()
    _select(qtbot, teams, "青年突击队")
    assert teams.members_model.rowCount() == 3
    assert teams.history_model.rowCount() == 5
    newest = teams.history_model.row_at(0)
    assert (newest.name, newest.joined) == (leaving.name, False)


def test_bad_team_input_is_shown_under_its_field_and_nothing_is_written(  # type: ignore[no-untyped-def]
        qtbot, services: Services, tab: tuple[TimeBankPage, TeamsTab]) -> None:
    _page, teams = tab
    officer = _officer(services)
    qtbot.mouseClick(teams.new_button, Qt.MouseButton.LeftButton)
    dialog = teams.dialog
    assert isinstance(dialog, TeamDialog) and dialog.isVisible()
    dialog.name.setText("  ")
    dialog.days.boxes[2].setChecked(True)
    dialog.starts.setTime(QTime(11, 0))
    dialog.ends.setTime(QTime(9, 0))
    dialog.leader.setCurrentIndex(1)  # someone not ticked as a member
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert dialog.isVisible()
    assert dialog.errors.message("name") == "此项必填。"
    assert dialog.errors.message("ends") == "结束时间必须晚于开始时间。"
    assert dialog.errors.message("leader") != ""
    assert len(services.timebank.teams.teams(officer)) == 3
    # A duplicate name, with a leader among the members: refused at the name only.
    dialog.name.setText("银发互助队")
    dialog.ends.setTime(QTime(12, 0))
    dialog.members.set_ticked(dialog.leader.currentData(), True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert dialog.errors.message("name") != "" and dialog.errors.message("leader") == ""
    assert len(services.timebank.teams.teams(officer)) == 3
    dialog.name.setText("护河志愿队")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert not dialog.isVisible()
    made = {t.name: t for t in services.timebank.teams.teams(officer)}["护河志愿队"]
    assert (made.weekdays, len(made.members), made.leader_name != "") == ((3,), 1, True)
    assert teams.model.rowCount() == 4


def test_a_request_given_to_a_team_from_the_request_page(qtbot, services: Services, clerk: Actor) -> None:  # type: ignore[no-untyped-def]
    case_id = new_case(services, clerk)
    page = open_page(qtbot, services, clerk, case_id)
    assert page.team_button.isVisibleTo(page)
    qtbot.mouseClick(page.team_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=10_000)
    dialog = page.dialog
    assert dialog is not None
    combo = dialog.findChild(QComboBox, "step_team")
    assert combo.count() == 4  # the prompt and the three active teams
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no team chosen: refused under the field
    settle(qtbot)
    assert dialog.isVisible() and dialog.errors.message("team") != ""
    assert services.workflow.detail(clerk, case_id).info.status is CaseStatus.NEW
    combo.setCurrentIndex(combo.findText("青年突击队", Qt.MatchFlag.MatchStartsWith))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.info.status is CaseStatus.DISPATCHED,
                    timeout=10_000)
    assert "青年突击队" in page.assignee.text()
    last = page.timeline_model.row_at(page.timeline_model.rowCount() - 1)
    assert last.kind is EventKind.DISPATCHED and "青年突击队" in page.what_happened(last)
    officer = _officer(services)
    team_id = {t.name: t.id for t in services.timebank.teams.teams(officer)}["青年突击队"]
    newest = services.timebank.team_cases.requests(officer, team_id)[0]  # the team's list, newest first
    assert (newest.case_id, newest.with_team, newest.given_by) == (case_id, True, "刘晓燕")
