"""Dialogs of the volunteer teams (志愿服务队, issue 22): a team with its members, leader, speciality and weekly
schedule; and the request page's step 交给志愿服务队 (which team takes the request). The team's activity is the time
bank's group dialog, filled from the team (dialogs.GroupDialog)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import VolunteerStatus
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.ledger.timebank import VolunteerInfo
from app.services.ledger.timebank.team_cases import TeamChoice
from app.services.ledger.timebank.teams import TeamInfo, TeamInput
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.timebank.common import to_time
from app.views.timebank.dialogs import SkillsBox
from app.views.widgets import label_of, name_widget


def weekday_names() -> list[str]:
    """Monday first, as ``date.isoweekday`` counts (1 = Monday)."""
    return [QCoreApplication.translate("TeamsTab", "Mon"), QCoreApplication.translate("TeamsTab", "Tue"),
            QCoreApplication.translate("TeamsTab", "Wed"), QCoreApplication.translate("TeamsTab", "Thu"),
            QCoreApplication.translate("TeamsTab", "Fri"), QCoreApplication.translate("TeamsTab", "Sat"),
            QCoreApplication.translate("TeamsTab", "Sun")]


def schedule_text(team: TeamInfo) -> str:
    """When the team meets, in words: "Every Wed 09:00–11:30, 社区活动室"; "" when it meets on request."""
    if not team.weekdays:
        return QCoreApplication.translate("TeamsTab", "when asked")
    names = weekday_names()
    days = "、".join(names[d - 1] for d in team.weekdays)
    span = f" {team.starts:%H:%M}–{team.ends:%H:%M}" if team.starts and team.ends else ""
    text = QCoreApplication.translate("TeamsTab", "Every {days}").format(days=days) + span
    return f"{text}, {team.place}" if team.place else text


class WeekdaysBox(QWidget):
    """Seven check boxes, Monday to Sunday."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for i, name in enumerate(weekday_names(), start=1):
            box = QCheckBox(name)
            box.setObjectName(f"team_day_{i}")
            self.boxes.append(box)
            lay.addWidget(box)
        lay.addStretch(1)

    def values(self) -> tuple[int, ...]:
        return tuple(i for i, b in enumerate(self.boxes, start=1) if b.isChecked())

    def set_values(self, days: tuple[int, ...]) -> None:
        for i, b in enumerate(self.boxes, start=1):
            b.setChecked(i in days)


class MembersBox(QWidget):
    """The volunteers as a list to tick, with a filter above it and the count below."""

    def __init__(self, volunteers: list[VolunteerInfo], ticked: set[uuid.UUID], prefix: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = name_widget(QLineEdit(), f"{prefix}_filter", self.tr("Filter volunteers"))
        self.filter.setPlaceholderText(self.tr("Type to narrow the list"))
        self.list = name_widget(QListWidget(), f"{prefix}_people", self.tr("Members"))
        for v in volunteers:
            text = f"{v.name}  {v.number}"
            if v.status is not VolunteerStatus.ACTIVE:
                text += f"（{label_of(v.status)}）"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if v.id in ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setMinimumHeight(140)
        self.count = QLabel()
        self.count.setObjectName(f"{prefix}_count")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.filter)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.count)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.list.itemChanged.connect(lambda _i: self._update_count())
        self._update_count()

    def _on_filter_text_changed(self, text: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(text.strip()) and text.strip() not in item.text())

    def chosen(self) -> list[uuid.UUID]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_ticked(self, volunteer_id: uuid.UUID, ticked: bool) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == volunteer_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _update_count(self) -> None:
        self.count.setText(self.tr("{n} ticked").format(n=len(self.chosen())))


class TeamDialog(FormDialog):
    """A new team, or a team changed: who is ticked joins today, who is unticked leaves today."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, volunteers: list[VolunteerInfo],
                 existing: TeamInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__("team_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("New volunteer team") if existing is None else
                            self.tr("Volunteer team {name}").format(name=existing.name))
        members = {m.volunteer_id for m in existing.members} if existing else set()
        # Who may be ticked: the active volunteers, and the members the team has (a paused one may stay).
        shown = [v for v in volunteers if v.status is VolunteerStatus.ACTIVE or v.id in members]
        self.name = name_widget(QLineEdit(), "team_name", self.tr("Name"))
        self.name.setPlaceholderText(self.tr("e.g. 银发互助队"))
        self.add_field("name", self.tr("Name"), self.name)
        self.kinds = SkillsBox()
        self.add_field("service_types", self.tr("Kinds of service"), self.kinds)
        self.speciality = name_widget(QLineEdit(), "team_speciality", self.tr("What the team does"))
        self.speciality.setPlaceholderText(self.tr("e.g. younger retirees helping the very old"))
        self.add_field("speciality", self.tr("What the team does"), self.speciality)
        self.days = WeekdaysBox()
        self.add_field("weekdays", self.tr("Meets every"), self.days)
        self.starts = name_widget(QTimeEdit(QTime(9, 0)), "team_starts", self.tr("From"))
        self.ends = name_widget(QTimeEdit(QTime(11, 0)), "team_ends", self.tr("To"))
        self.starts.setDisplayFormat("HH:mm")
        self.ends.setDisplayFormat("HH:mm")
        times = QWidget()
        tl = QHBoxLayout(times)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.starts)
        tl.addWidget(QLabel("–"))
        tl.addWidget(self.ends)
        tl.addStretch(1)
        self.errors.add_row(self.form, "ends", self.tr("Time"), times)
        self.place = name_widget(QLineEdit(), "team_place", self.tr("Place"))
        self.add_field("place", self.tr("Place"), self.place)
        self.members = MembersBox(shown, members, "team_members")
        self.add_field("members", self.tr("Members"), self.members)
        self.leader = name_widget(QComboBox(), "team_leader", self.tr("Leader"))
        self.leader.addItem(self.tr("(no leader yet)"), None)
        for v in shown:
            self.leader.addItem(f"{v.name}  {v.number}", v.id)
        self.add_field("leader", self.tr("Leader (a member)"), self.leader)
        self.active = name_widget(QCheckBox(self.tr("Active: takes requests and records activities")),
                                  "team_active", self.tr("Active"))
        self.active.setChecked(True)
        if existing is not None:
            self.name.setText(existing.name)
            self.kinds.set_values(tuple(k.value for k in existing.service_types))
            self.speciality.setText(existing.speciality)
            self.days.set_values(existing.weekdays)
            if existing.starts is not None and existing.ends is not None:
                self.starts.setTime(QTime(existing.starts.hour, existing.starts.minute))
                self.ends.setTime(QTime(existing.ends.hour, existing.ends.minute))
            self.place.setText(existing.place)
            # findData does not match a Python uuid held by the combo: look for it by hand
            self.leader.setCurrentIndex(next((i for i in range(self.leader.count())
                                              if self.leader.itemData(i) == existing.leader_id), 0))
            self.active.setChecked(existing.active)
            self.add_field("active", self.tr("Status"), self.active)
        self.resize(680, 660)
        teams = services.timebank.teams

        def submit() -> Callable[[], TeamInfo]:
            data = TeamInput(self.name.text(), self.kinds.values(), self.speciality.text(), self.days.values(),
                             to_time(self.starts), to_time(self.ends), self.place.text(),
                             tuple(self.members.chosen()), self.leader.currentData(), self.active.isChecked())
            if existing is None:
                return partial(teams.create, actor, data)
            return partial(teams.update, actor, existing.id, data)

        self.submit = submit


def fill_team_step(dialog: FormDialog, services: Services, actor: Actor, case_id: uuid.UUID,
                   choices: list[TeamChoice]) -> QComboBox:
    """The request page's step 交给志愿服务队: which active team takes the request, and a note for it."""
    team = name_widget(QComboBox(), "step_team", QCoreApplication.translate("TeamsTab", "Volunteer team"))
    team.addItem(QCoreApplication.translate("TeamsTab", "(choose a team)"), None)
    for c in choices:
        what = "、".join(label_of(k) for k in c.service_types)
        extra = "；".join(p for p in (what, c.speciality) if p)
        team.addItem(f"{c.name}（{extra}）" if extra else c.name, c.id)
    dialog.say(QCoreApplication.translate(
        "TeamsTab", "A volunteer team takes the request. The desk records what the team does, as for any handler."))
    dialog.add_field("team", QCoreApplication.translate("TeamsTab", "Volunteer team"), team)
    note = name_widget(QLineEdit(), "step_team_note", QCoreApplication.translate("TeamsTab", "Note"))
    dialog.add_field("note", QCoreApplication.translate("TeamsTab", "Note"), note)
    give = services.timebank.team_cases.give
    dialog.submit = lambda: partial(give, actor, case_id, team.currentData(), note.text())
    return team
