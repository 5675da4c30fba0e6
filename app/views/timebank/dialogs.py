"""Dialogs of the time bank, each a ``FormDialog``: register or edit a volunteer, a group activity, the rules."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ServiceType, VolunteerStatus
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.ledger.timebank import GroupInput, NewVolunteer, RecordInfo, Rules, RulesInfo, VolunteerInfo
from app.services.ledger.timebank.teams import TeamInfo
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.resident_widgets import ResidentLookup
from app.views.timebank.common import service_type_combo, to_time
from app.views.widgets import day_of, label_of, name_widget


class SkillsBox(QWidget):
    """The service types a volunteer offers, as check boxes in two columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, kind in enumerate(ServiceType):
            box = QCheckBox(label_of(kind))
            box.setObjectName(f"skill_{kind.value}")
            self.boxes[kind.value] = box
            grid.addWidget(box, i // 3, i % 3)

    def values(self) -> tuple[str, ...]:
        return tuple(k for k, b in self.boxes.items() if b.isChecked())

    def set_values(self, values: tuple[str, ...]) -> None:
        for k, b in self.boxes.items():
            b.setChecked(k in values)


class VolunteerDialog(FormDialog):
    """Register a resident as a volunteer, or edit a volunteer's skills, availability and status."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, existing: VolunteerInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("volunteer_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Register a volunteer") if existing is None else
                            self.tr("Volunteer {name}").format(name=existing.name))
        self.lookup: ResidentLookup | None = None
        if existing is None:
            self.lookup = ResidentLookup(services, actor)
            self.add_field("resident", self.tr("Resident"), self.lookup)
        else:
            self.form.addRow(self.tr("Resident"), QLabel(f"{existing.name}  {existing.number}"))
        self.skills = SkillsBox()
        self.add_field("skills", self.tr("Can help with"), self.skills)
        self.availability = name_widget(QLineEdit(), "volunteer_availability", self.tr("Availability"))
        self.availability.setPlaceholderText(self.tr("e.g. weekday mornings, weekends"))
        self.add_field("availability", self.tr("Availability"), self.availability)
        self.status = name_widget(QComboBox(), "volunteer_status", self.tr("Status"))
        for s in VolunteerStatus:
            self.status.addItem(label_of(s), s.value)
        if existing is not None:
            self.skills.set_values(existing.skills)
            self.availability.setText(existing.availability)
            self.status.setCurrentIndex(self.status.findData(existing.status.value))
            self.add_field("status", self.tr("Status"), self.status)
        self.resize(620, 420)
        volunteers = services.timebank.volunteers

        def submit() -> Callable[[], VolunteerInfo]:
            skills, availability = self.skills.values(), self.availability.text()
            if existing is None:
                assert self.lookup is not None
                chosen = self.lookup.selected
                return partial(volunteers.register, actor, NewVolunteer(chosen.id if chosen else None, skills,
                                                                        availability))
            return partial(volunteers.update_volunteer, actor, existing.id, skills, availability,
                           str(self.status.currentData()))

        self.submit = submit


class GroupDialog(FormDialog):
    """A group activity in one go: what, when, and who took part (everyone credited the same time).
    ``answer`` is then the list of records saved."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, volunteers: list[VolunteerInfo],
                 parent: QWidget | None = None, team: TeamInfo | None = None) -> None:
        """``team``: a volunteer team's activity (记录团队活动): its active members listed and ticked (the officer
        unticks who was absent), its place, kind of service and hours filled in, the activity linked to it."""
        super().__init__("group_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Group activity") if team is None else
                            self.tr("Activity of {team}").format(team=team.name))
        self.answer: list[RecordInfo] = []
        if team is not None:
            team_label = QLabel(team.name)
            team_label.setObjectName("group_team")
            self.add_field("team", self.tr("Volunteer team"), team_label)
        self.title = name_widget(QLineEdit(), "group_title", self.tr("Activity"))
        self.title.setPlaceholderText(self.tr("e.g. stairwell clean-up, Building 3"))
        self.add_field("title", self.tr("Activity"), self.title)
        self.place = name_widget(QLineEdit(), "group_place", self.tr("Place"))
        self.add_field("place", self.tr("Place"), self.place)
        self.kind = service_type_combo("group_type", self.tr("Kind of service"))
        self.kind.setCurrentIndex(self.kind.findData(ServiceType.ACTIVITY.value))
        self.add_field("service_type", self.tr("Kind of service"), self.kind)
        today = local(services.clock.now())
        self.day = name_widget(QDateEdit(QDate(today.year, today.month, today.day)), "group_day", self.tr("Date"))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.add_field("day", self.tr("Date"), self.day)
        self.start = name_widget(QTimeEdit(QTime(9, 0)), "group_start", self.tr("From"))
        self.end = name_widget(QTimeEdit(QTime(11, 0)), "group_end", self.tr("To"))
        self.add_field("start", self.tr("From"), self.start)
        self.add_field("end", self.tr("To"), self.end)
        self.filter = name_widget(QLineEdit(), "group_filter", self.tr("Filter volunteers"))
        self.filter.setPlaceholderText(self.tr("Type to narrow the list; tick who took part"))
        self.people = name_widget(QListWidget(), "group_people", self.tr("Volunteers who took part"))
        assert isinstance(self.people, QListWidget)
        for v in volunteers:
            item = QListWidgetItem(f"{v.name}  {v.number}  {v.phone}")
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if team is not None else Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.count = QLabel()
        self.count.setObjectName("group_count")
        people_box = QWidget()
        pl = QVBoxLayout(people_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.filter)
        pl.addWidget(self.people)
        pl.addWidget(self.count)
        self.add_field("volunteers", self.tr("Who took part"), people_box)
        self.notes = name_widget(QLineEdit(), "group_notes", self.tr("Notes"))
        self.add_field("notes", self.tr("Notes"), self.notes)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.people.itemChanged.connect(lambda _i: self._update_count())
        self._update_count()
        self.resize(640, 720)
        if team is not None:
            self.place.setText(team.place)
            if team.service_types:
                self.kind.setCurrentIndex(self.kind.findData(team.service_types[0].value))
            if team.starts is not None and team.ends is not None:
                self.start.setTime(QTime(team.starts.hour, team.starts.minute))
                self.end.setTime(QTime(team.ends.hour, team.ends.minute))
        records, team_id = services.timebank.records, team.id if team is not None else None

        def submit() -> Callable[[], list[RecordInfo]]:
            data = GroupInput(self.title.text(), str(self.kind.currentData()),
                              day_of(self.day), to_time(self.start), to_time(self.end),
                              tuple(self.chosen()), self.place.text(), self.notes.text(), team_id)
            return partial(records.record_group, actor, data)

        self.submit = submit

    def _on_filter_text_changed(self, text: str) -> None:
        for i in range(self.people.count()):
            item = self.people.item(i)
            item.setHidden(bool(text.strip()) and text.strip() not in item.text())

    def chosen(self) -> list[uuid.UUID]:
        return [self.people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.CheckState.Checked]

    def _update_count(self) -> None:
        self.count.setText(self.tr("{n} volunteer(s) ticked").format(n=len(self.chosen())))


class RulesDialog(FormDialog):
    """The bank's rules; saving makes a new version, named by every entry posted under it."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, current: RulesInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__("rules_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Time-bank rules"))
        r = current.rules

        def spin(name: str, lo: int, hi: int, value: int, suffix: str) -> QSpinBox:
            box = name_widget(QSpinBox(), name, name)
            assert isinstance(box, QSpinBox)
            box.setRange(lo, hi)
            box.setValue(value)
            box.setSuffix(suffix)
            return box

        self.step = spin("rules_step", 1, 60, r.step_minutes, self.tr(" min"))
        self.cap = spin("rules_cap", 0, 100_000, r.cap_minutes // 60, self.tr(" h"))
        self.daily = spin("rules_daily", 0, 24 * 60, r.daily_max_minutes, self.tr(" min"))
        self.four_eyes = spin("rules_four_eyes", 0, 24 * 60, r.four_eyes_minutes, self.tr(" min"))
        self.age = spin("rules_age", 0, 120, r.grant_min_age, self.tr(" yrs"))
        self.add_field("step_minutes", self.tr("Round service time to"), self.step)
        self.add_field("cap_minutes", self.tr("Most hours one person may hold"), self.cap)
        self.add_field("daily_max_minutes", self.tr("Most service credited per day"), self.daily)
        self.add_field("four_eyes_minutes", self.tr("Records longer than this need a second person to verify"),
                       self.four_eyes)
        self.add_field("grant_min_age", self.tr("Pool grants from the age of"), self.age)
        since = (self.tr("Version {v}, since {at}").format(v=current.version,
                                                          at=f"{local(current.since):%Y-%m-%d %H:%M}")
                 if current.since else self.tr("Default rules (never changed)"))
        self.layout_.insertWidget(0, QLabel(since))
        volunteers = services.timebank.volunteers

        def submit() -> Callable[[], Any]:
            rules = Rules(self.step.value(), self.cap.value() * 60, self.daily.value(), self.four_eyes.value(),
                          self.age.value())
            return partial(volunteers.set_rules, actor, rules)

        self.submit = submit
