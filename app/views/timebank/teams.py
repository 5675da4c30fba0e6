"""The tab of volunteer teams (志愿服务队, issue 22): the teams with their leader, schedule and this year's hours;
a team's members, activities, requests and who joined and left. A team's activity (记录团队活动) opens the group
record with the team's active members ticked; the records then go through the usual verify and credit."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.domain.enums import ServiceType, VolunteerStatus
from app.domain.topics import Topic
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.ledger.posting import hours
from app.services.ledger.timebank import VolunteerInfo
from app.services.ledger.timebank.team_cases import TeamRequest
from app.services.ledger.timebank.teams import MemberInfo, MembershipChange, TeamActivity, TeamDetail, TeamInfo
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.timebank.dialogs import GroupDialog
from app.views.timebank.team_dialogs import TeamDialog, schedule_text
from app.views.type_scale import set_role
from app.views.widgets import STRETCH, Banner, icon, label_of, name_widget, row


class TeamsTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self._bus, self.banner = services, actor, bus, banner
        self._ops = Operations(self, bus, banner)
        self._volunteers: list[VolunteerInfo] = []
        self.dialog: FormDialog | None = None  # the dialog open now (a team, or its activity)
        self.new_button = name_widget(QPushButton(icon("fa5s.plus"), self.tr("New team…")), "team_new",
                                      self.tr("New volunteer team"))
        self.edit_button = name_widget(QPushButton(icon("fa5s.edit"), self.tr("Edit team && members…")),
                                       "team_edit", self.tr("Edit the team and its members"))
        self.activity_button = name_widget(QPushButton(icon("fa5s.users"), self.tr("Record team activity…")),
                                           "team_activity", self.tr("Record the team's activity"))
        self.model: RowsModel[TeamInfo] = RowsModel([
            Column(self.tr("Team"), lambda t: t.name),
            Column(self.tr("Leader"), lambda t: t.leader_name),
            Column(self.tr("Members"), lambda t: len(t.members), align_right=True),
            Column(self.tr("Meets"), schedule_text),
            Column(self.tr("Hours this year"), lambda t: hours(t.minutes_this_year), align_right=True),
            Column(self.tr("Activities"), lambda t: t.activities_this_year, align_right=True),
            Column(self.tr("Open requests"), lambda t: t.requests_open, align_right=True),
            Column(self.tr("Status"), lambda t: self.tr("active") if t.active else self.tr("inactive")),
        ], muted=lambda t: not t.active)
        self.table = read_only_table(self.model, "team_table", self.tr("Volunteer teams"), 3)
        self.title = QLabel()
        self.title.setObjectName("team_title")
        self.title.setWordWrap(True)
        set_role(self.title, "emphasis")
        self.members_model: RowsModel[MemberInfo] = RowsModel([
            Column(self.tr("Name"), lambda m: m.name + (self.tr(" (leader)") if m.leader else "")),
            Column(self.tr("No."), lambda m: m.number),
            Column(self.tr("Phone"), lambda m: m.phone),
            Column(self.tr("Joined"), lambda m: f"{m.joined_on:%Y-%m-%d}"),
            Column(self.tr("Volunteer"), lambda m: "" if m.active else self.tr("not active")),
        ], muted=lambda m: not m.active)
        self.activities_model: RowsModel[TeamActivity] = RowsModel([
            Column(self.tr("Date"), lambda a: f"{local(a.start_at):%Y-%m-%d %H:%M}"),
            Column(self.tr("Activity"), lambda a: a.title),
            Column(self.tr("People"), lambda a: a.people, align_right=True),
            Column(self.tr("Credited (h)"), lambda a: hours(a.credited_minutes), align_right=True),
            Column(self.tr("Waiting"), lambda a: a.waiting or "", align_right=True),
        ])
        self.requests_model: RowsModel[TeamRequest] = RowsModel([
            Column(self.tr("Request"), lambda r: r.case_no),
            Column(self.tr("Class"), lambda r: r.category),
            Column(self.tr("What"), lambda r: r.description),
            Column(self.tr("Status"), lambda r: label_of(r.status)),
            Column(self.tr("Given"), lambda r: f"{local(r.given_at):%Y-%m-%d}"),
            Column(self.tr("With the team"), lambda r: self.tr("yes") if r.with_team else self.tr("passed on")),
        ], muted=lambda r: not r.with_team)
        self.history_model: RowsModel[MembershipChange] = RowsModel([
            Column(self.tr("Date"), lambda c: f"{c.day:%Y-%m-%d}"),
            Column(self.tr("Volunteer"), lambda c: f"{c.name}  {c.number}"),
            Column(self.tr("Change"), lambda c: self.tr("joined") if c.joined else self.tr("left")),
            Column(self.tr("Recorded by"), lambda c: c.by),
        ])
        self.members_table = read_only_table(self.members_model, "team_members_table", self.tr("Members"), 0)
        self.activities_table = read_only_table(self.activities_model, "team_activities_table",
                                                self.tr("Activities this year"), 1)
        self.requests_table = read_only_table(self.requests_model, "team_requests_table", self.tr("Requests"), 2)
        self.history_table = read_only_table(self.history_model, "team_history_table", self.tr("Membership history"),
                                             1)
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setObjectName("team_detail_tabs")
        self.detail_tabs.addTab(self.members_table, self.tr("Members"))
        self.detail_tabs.addTab(self.activities_table, self.tr("Activities this year"))
        self.detail_tabs.addTab(self.requests_table, self.tr("Requests"))
        self.detail_tabs.addTab(self.history_table, self.tr("Joined and left"))
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.title)
        rl.addWidget(self.detail_tabs, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(row(self.new_button, self.edit_button, self.activity_button, STRETCH))
        lay.addWidget(self.table, 2)
        lay.addWidget(right, 3)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.show_team())
        self.new_button.clicked.connect(self._on_new_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.activity_button.clicked.connect(self._on_activity_clicked)
        bus.subscribe({Topic.PROGRAMMES, Topic.TIMEBANK, Topic.LEDGER, Topic.CASES}, self.load)
        self.load()

    def set_volunteers(self, volunteers: list[VolunteerInfo]) -> None:
        self._volunteers = volunteers

    def load(self) -> None:
        teams, actor = self._services.timebank.teams, self._actor
        self._ops.read(lambda: teams.teams(actor), self._show_teams, key="teams")

    def _show_teams(self, found: list[TeamInfo]) -> None:
        chosen = self.current_team()
        self.model.set_rows(found)
        self.table.resizeColumnsToContents()
        ids = [t.id for t in found]
        if found:
            self.table.selectRow(ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0)
        self.show_team()

    def current_team(self) -> TeamInfo | None:
        return current_row(self.table, self.model)

    def show_team(self) -> None:
        team = self.current_team()
        if team is None:
            self._ops.forget("team")
            self.title.setText(self.tr("No volunteer team yet: press New team to set one up."))
            for model in (self.members_model, self.activities_model, self.requests_model, self.history_model):
                model.set_rows([])
            return
        bank, actor = self._services.timebank, self._actor
        self._ops.read(lambda: (bank.teams.detail(actor, team.id), bank.team_cases.requests(actor, team.id)),
                       lambda answer: self._show_detail(*answer), key="team")

    def _show_detail(self, detail: TeamDetail, requests: list[TeamRequest]) -> None:
        t = detail.team
        kinds = "、".join(label_of(ServiceType(k)) for k in t.service_types)
        what = "；".join(p for p in (kinds, t.speciality) if p)
        self.title.setText(self.tr("{name}: {what}. Meets {when}. {h} h this year in {n} activities.").format(
            name=t.name, what=what or "—", when=schedule_text(t), h=hours(t.minutes_this_year),
            n=t.activities_this_year))
        self.members_model.set_rows(list(t.members))
        self.activities_model.set_rows(detail.activities)
        self.requests_model.set_rows(requests)
        self.history_model.set_rows(detail.history)
        for table in (self.members_table, self.activities_table, self.requests_table, self.history_table):
            table.resizeColumnsToContents()

    def _on_new_clicked(self) -> TeamDialog:
        dialog = TeamDialog(self._services, self._actor, self._bus, self._volunteers, parent=self)
        dialog.accepted.connect(lambda: self.banner.say("ok", self.tr("Team {name} set up with {n} member(s).")
                                                        .format(name=dialog.answer.name,
                                                                n=len(dialog.answer.members))))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_edit_clicked(self) -> TeamDialog | None:
        team = self.current_team()
        if team is None:
            self.banner.say("warn", self.tr("Select a team first."))
            return None
        dialog = TeamDialog(self._services, self._actor, self._bus, self._volunteers, team, self)
        dialog.accepted.connect(lambda: self.banner.say("ok", self.tr("Team {name} saved.").format(
            name=dialog.answer.name)))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_activity_clicked(self) -> GroupDialog | None:
        """记录团队活动: the group record with the team's members who are active volunteers, all ticked."""
        team = self.current_team()
        if team is None:
            self.banner.say("warn", self.tr("Select a team first."))
            return None
        members = {m.volunteer_id for m in team.members if m.active}
        people = [v for v in self._volunteers if v.id in members and v.status is VolunteerStatus.ACTIVE]
        dialog = GroupDialog(self._services, self._actor, self._bus, people, self, team=team)
        dialog.accepted.connect(lambda: self.banner.say("ok", self.tr(
            "Recorded the activity of {team} for {n} volunteer(s); verify to credit them.").format(
            team=team.name, n=len(dialog.answer))))
        self.dialog = dialog
        dialog.open()
        return dialog
