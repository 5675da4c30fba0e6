"""Dialogs of the time bank: register a volunteer, a group activity, the bank's rules, a reason to give."""

from __future__ import annotations

import uuid
from datetime import time

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QInputDialog,
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
from app.services.core.errors import DomainError
from app.services.ledger.timebank import GroupInput, NewVolunteer, RecordInfo, Rules, RulesInfo, VolunteerInfo
from app.views.resident_widgets import ResidentLookup
from app.views.widgets import Banner, FieldErrorsView, label_of, name_widget


def service_type_combo(object_name: str, accessible: str) -> QComboBox:
    combo = name_widget(QComboBox(), object_name, accessible)
    assert isinstance(combo, QComboBox)
    for kind in ServiceType:
        combo.addItem(label_of(kind), kind.value)
    return combo


def to_time(edit: QTimeEdit) -> time:
    t = edit.time()
    return time(t.hour(), t.minute())


def ask_reason(parent: QWidget, title: str, prompt: str) -> str | None:
    """A reason in words (rejections, reversals); None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, prompt)
    return text if ok else None


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


class VolunteerDialog(QDialog):
    """Register a resident as a volunteer, or edit a volunteer's skills, availability and status."""

    def __init__(self, services: Services, actor: Actor, existing: VolunteerInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("volunteer_dialog")
        self.setWindowTitle(self.tr("Register a volunteer") if existing is None else
                            self.tr("Volunteer {name}").format(name=existing.name))
        self._services, self._actor, self._existing = services, actor, existing
        self.result_info: VolunteerInfo | None = None
        self.errors = FieldErrorsView()
        self.banner = Banner("volunteer_banner")
        form = QFormLayout()
        self.lookup: ResidentLookup | None = None
        if existing is None:
            self.lookup = ResidentLookup(services, actor)
            self.errors.add_row(form, "resident", self.tr("Resident"), self.lookup)
        else:
            form.addRow(self.tr("Resident"), QLabel(f"{existing.name}  {existing.number}"))
        self.skills = SkillsBox()
        self.errors.add_row(form, "skills", self.tr("Can help with"), self.skills)
        self.availability = name_widget(QLineEdit(), "volunteer_availability", self.tr("Availability"))
        self.availability.setPlaceholderText(self.tr("e.g. weekday mornings, weekends"))
        self.errors.add_row(form, "availability", self.tr("Availability"), self.availability)
        self.status = name_widget(QComboBox(), "volunteer_status", self.tr("Status"))
        for s in VolunteerStatus:
            self.status.addItem(label_of(s), s.value)
        if existing is not None:
            self.skills.set_values(existing.skills)
            self.availability.setText(existing.availability)
            self.status.setCurrentIndex(self.status.findData(existing.status.value))
            self.errors.add_row(form, "status", self.tr("Status"), self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.resize(620, 420)

    def save(self) -> None:
        self.errors.clear()
        try:
            if self._existing is None:
                assert self.lookup is not None
                chosen = self.lookup.selected
                self.result_info = self._services.timebank.volunteers.register(self._actor, NewVolunteer(
                    chosen.id if chosen else None, self.skills.values(), self.availability.text()))
            else:
                self.result_info = self._services.timebank.volunteers.update_volunteer(
                    self._actor, self._existing.id, self.skills.values(), self.availability.text(),
                    str(self.status.currentData()))
        except DomainError as exc:
            self.banner.refuse(exc, self.errors)
            return
        self.accept()


class GroupDialog(QDialog):
    """A group activity in one go: what, when, and who took part (everyone credited the same time)."""

    def __init__(self, services: Services, actor: Actor, volunteers: list[VolunteerInfo],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("group_dialog")
        self.setWindowTitle(self.tr("Group activity"))
        self._services, self._actor = services, actor
        self.saved: list[RecordInfo] = []
        self.errors = FieldErrorsView()
        self.banner = Banner("group_banner")
        form = QFormLayout()
        self.title = name_widget(QLineEdit(), "group_title", self.tr("Activity"))
        self.title.setPlaceholderText(self.tr("e.g. stairwell clean-up, Building 3"))
        self.errors.add_row(form, "title", self.tr("Activity"), self.title)
        self.place = name_widget(QLineEdit(), "group_place", self.tr("Place"))
        self.errors.add_row(form, "place", self.tr("Place"), self.place)
        self.kind = service_type_combo("group_type", self.tr("Kind of service"))
        self.kind.setCurrentIndex(self.kind.findData(ServiceType.ACTIVITY.value))
        self.errors.add_row(form, "service_type", self.tr("Kind of service"), self.kind)
        today = local(services.clock.now())
        self.day = name_widget(QDateEdit(QDate(today.year, today.month, today.day)), "group_day", self.tr("Date"))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.errors.add_row(form, "day", self.tr("Date"), self.day)
        self.start = name_widget(QTimeEdit(QTime(9, 0)), "group_start", self.tr("From"))
        self.end = name_widget(QTimeEdit(QTime(11, 0)), "group_end", self.tr("To"))
        self.errors.add_row(form, "start", self.tr("From"), self.start)
        self.errors.add_row(form, "end", self.tr("To"), self.end)
        self.filter = name_widget(QLineEdit(), "group_filter", self.tr("Filter volunteers"))
        self.filter.setPlaceholderText(self.tr("Type to narrow the list; tick who took part"))
        self.people = name_widget(QListWidget(), "group_people", self.tr("Volunteers who took part"))
        for v in volunteers:
            item = QListWidgetItem(f"{v.name}  {v.number}  {v.phone}")
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.count = QLabel()
        self.count.setObjectName("group_count")
        people_box = QWidget()
        pl = QVBoxLayout(people_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.filter)
        pl.addWidget(self.people)
        pl.addWidget(self.count)
        self.errors.add_row(form, "volunteers", self.tr("Who took part"), people_box)
        self.notes = name_widget(QLineEdit(), "group_notes", self.tr("Notes"))
        self.errors.add_row(form, "notes", self.tr("Notes"), self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.people.itemChanged.connect(lambda _i: self._update_count())
        self._update_count()
        self.resize(640, 720)

    def _on_filter_text_changed(self, text: str) -> None:
        for i in range(self.people.count()):
            item = self.people.item(i)
            item.setHidden(bool(text.strip()) and text.strip() not in item.text())

    def chosen(self) -> list[uuid.UUID]:
        return [self.people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.CheckState.Checked]

    def _update_count(self) -> None:
        self.count.setText(self.tr("{n} volunteer(s) ticked").format(n=len(self.chosen())))

    def save(self) -> None:
        self.errors.clear()
        d = self.day.date()
        data = GroupInput(self.title.text(), str(self.kind.currentData()), d.toPython(), to_time(self.start),
                          to_time(self.end), tuple(self.chosen()), self.place.text(), self.notes.text())
        try:
            self.saved = self._services.timebank.records.record_group(self._actor, data)
        except DomainError as exc:
            self.banner.refuse(exc, self.errors)
            return
        self.accept()


class RulesDialog(QDialog):
    """The bank's rules; saving makes a new version, named by every entry posted under it."""

    def __init__(self, services: Services, actor: Actor, current: RulesInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rules_dialog")
        self.setWindowTitle(self.tr("Time-bank rules"))
        self._services, self._actor = services, actor
        self.errors = FieldErrorsView()
        self.banner = Banner("rules_banner")
        r = current.rules
        form = QFormLayout()

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
        self.errors.add_row(form, "step_minutes", self.tr("Round service time to"), self.step)
        self.errors.add_row(form, "cap_minutes", self.tr("Most hours one person may hold"), self.cap)
        self.errors.add_row(form, "daily_max_minutes", self.tr("Most service credited per day"), self.daily)
        self.errors.add_row(form, "four_eyes_minutes",
                            self.tr("Records longer than this need a second person to verify"), self.four_eyes)
        self.errors.add_row(form, "grant_min_age", self.tr("Pool grants from the age of"), self.age)
        since = (self.tr("Version {v}, since {at}").format(v=current.version,
                                                          at=f"{local(current.since):%Y-%m-%d %H:%M}")
                 if current.since else self.tr("Default rules (never changed)"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(since))
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def save(self) -> None:
        self.errors.clear()
        rules = Rules(self.step.value(), self.cap.value() * 60, self.daily.value(), self.four_eyes.value(),
                      self.age.value())
        try:
            self._services.timebank.volunteers.set_rules(self._actor, rules)
        except DomainError as exc:
            self.banner.refuse(exc, self.errors)
            return
        self.accept()
