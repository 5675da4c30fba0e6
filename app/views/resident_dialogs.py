"""Correcting the register from the residents page: edit a resident, a household's grid, tags and notes, mark who moved
away or died, and merge a duplicate record into the one kept (the director's)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from app.domain.enums import HouseholdRole, ResidentStatus, TagKind
from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.ledger.posting import hours
from app.services.people.merge import MergePreview, MergeResult
from app.services.people.register import HouseholdInfo, ResidentChanges
from app.services.people.residents import ResidentSummary
from app.services.people.tag_names import TagInfo
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.operations import Operations
from app.views.resident_widgets import ResidentLookup, describe
from app.views.tag_marks import checked, tag_boxes
from app.views.widgets import (
    STRETCH,
    Banner,
    confirm,
    date_edit,
    day_of,
    grow_to_fit,
    hidden_unless,
    icon,
    label_of,
    name_widget,
    row,
)

ADDRESS = {"building": "address", "unit": "address", "room": "address"}


def status_text(r: ResidentSummary) -> str:
    """在册, or 已迁出 2026-11-01 / 已故 2026-10-03."""
    status = ResidentStatus(r.status)
    text = label_of(status)
    return f"{text} {r.status_on:%Y-%m-%d}" if r.status_on and status is not ResidentStatus.ACTIVE else text


def notes_edit(object_name: str, accessible: str, text: str) -> QPlainTextEdit:
    edit = name_widget(QPlainTextEdit(text), object_name, accessible)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(80)
    return edit


class EditResidentDialog(FormDialog):
    """Every field of a resident, pre-filled; a move to another flat keeps their requests and accounts."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, resident: ResidentSummary,
                 catalogue: Sequence[TagInfo], parent: QWidget | None = None) -> None:
        super().__init__("edit_resident_dialog", "", bus, parent, aliases=ADDRESS, save=True)
        self.setWindowTitle(self.tr("Edit {name}").format(name=resident.name))
        self.say(self.tr("The old values stay in the audit trail. A move to another flat keeps the resident's "
                         "requests and accounts."))
        self.name = name_widget(QLineEdit(resident.name), "edit_resident_name", self.tr("Name"))
        self.phone = name_widget(QLineEdit(resident.phone), "edit_resident_phone", self.tr("Phone"))
        # The number on file is never put in the form (the dialog shows it masked, like every screen): whoever may
        # correct it types the whole corrected number; left blank, the number on file stays.
        self.id_number: QLineEdit | None = None
        if actor.can(Permission.VIEW_ID_NUMBERS):
            self.id_number = name_widget(QLineEdit(), "edit_resident_id", self.tr("ID number"))
            self.id_number.setMaxLength(24)
            self.id_number.setPlaceholderText(
                self.tr("On file: {number} (leave blank to keep it)").format(number=resident.id_number)
                if resident.id_number else self.tr("None on file"))
            id_widget: QWidget = self.id_number
        else:
            id_widget = QLabel(resident.id_number or self.tr("none"))
            id_widget.setObjectName("edit_resident_id_hidden")
        self.gender = name_widget(QComboBox(), "edit_resident_gender", self.tr("Gender"))
        self.gender.addItem(self.tr("(from ID number)"), "")
        self.gender.addItem(self.tr("male"), "M")
        self.gender.addItem(self.tr("female"), "F")
        self.gender.setCurrentIndex(max(self.gender.findData(resident.gender or ""), 0))
        building, unit, room = _address_parts(resident)
        self.building = name_widget(QLineEdit(building), "edit_resident_building", self.tr("Building"))
        self.unit = name_widget(QLineEdit(unit), "edit_resident_unit", self.tr("Unit"))
        self.room = name_widget(QLineEdit(room), "edit_resident_room", self.tr("Room"))
        for edit in (self.building, self.unit, self.room):
            edit.setMaximumWidth(90)
        self.tags = tag_boxes("edit_resident", catalogue, TagKind.HOUSEHOLD, resident.tags)
        self.person_tags = tag_boxes("edit_resident_person", catalogue, TagKind.PERSON, resident.person_tags)
        self.relation = name_widget(QComboBox(), "edit_resident_relation", self.tr("Relation to the head"))
        self.relation.addItem(self.tr("(not said)"), "")
        for relation in HouseholdRole:
            self.relation.addItem(label_of(relation), relation.value)
        self.relation.setCurrentIndex(max(self.relation.findData(resident.relation or ""), 0))
        self.notes = notes_edit("edit_resident_notes", self.tr("Notes"), resident.notes)
        self.add_field("name", self.tr("Name *"), self.name)
        self.add_field("phone", self.tr("Phone"), self.phone)
        self.add_field("id_number", self.tr("ID number"), id_widget)
        self.add_field("gender", self.tr("Gender"), self.gender)
        self.add_field("address", self.tr("Address"), row(self.building, QLabel(self.tr("bldg")), self.unit,
                                                          QLabel(self.tr("unit")), self.room, QLabel(self.tr("room")),
                                                          STRETCH))
        self.add_field("relation", self.tr("Relation to the head"), self.relation)
        self.add_field("tags", self.tr("Household"), row(*self.tags.values(), STRETCH))
        if self.person_tags:
            self.add_field("person_tags", self.tr("Person"), row(*self.person_tags.values(), STRETCH))
        self.add_field("notes", self.tr("Notes"), self.notes)
        register = services.register

        def submit() -> Callable[[], ResidentSummary]:
            changes = ResidentChanges(
                name=self.name.text(), phone=self.phone.text(),
                id_number=(self.id_number.text().strip() or None) if self.id_number is not None else None,
                gender=str(self.gender.currentData()), building=self.building.text(), unit=self.unit.text(),
                room=self.room.text(), tags=checked(self.tags), notes=self.notes.toPlainText(),
                relation=str(self.relation.currentData() or ""), person_tags=checked(self.person_tags))
            return functools.partial(register.update_resident, actor, resident.id, changes)

        self.submit = submit


def _address_parts(r: ResidentSummary) -> tuple[str, str, str]:
    """The flat's building, unit and room from its address (3号楼2单元301室)."""
    if not r.address:
        return "", "", ""
    building, rest = r.address.split("号楼", 1)
    unit, rest = rest.split("单元", 1)
    return building, unit, rest.removesuffix("室")


class HouseholdDialog(FormDialog):
    """The flat's grid, tags (空巢, 独居 ...) and notes; for everyone who lives there."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, info: HouseholdInfo,
                 catalogue: Sequence[TagInfo], parent: QWidget | None = None) -> None:
        super().__init__("household_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Household {address}").format(address=info.address))
        self.say(self.tr("Living here: {names}").format(names="、".join(info.residents) or self.tr("nobody now")))
        self.grid = name_widget(QComboBox(), "household_grid", self.tr("Grid"))
        # Ids as text: a combo box finds its data by value only for Qt's own types.
        self.grid.addItem(self.tr("(no grid)"), "")
        for grid_id, name in services.residents.grids():
            self.grid.addItem(name, str(grid_id))
        self.grid.setCurrentIndex(max(self.grid.findData(str(info.grid_id) if info.grid_id else ""), 0))
        self.tags = tag_boxes("household", catalogue, TagKind.HOUSEHOLD, info.tags)
        self.notes = notes_edit("household_notes", self.tr("Notes"), info.notes)
        self.add_field("grid", self.tr("Grid"), self.grid)
        self.add_field("tags", self.tr("Household"), row(*self.tags.values(), STRETCH))
        self.add_field("notes", self.tr("Notes"), self.notes)
        register = services.register

        def submit() -> Callable[[], HouseholdInfo]:
            chosen = str(self.grid.currentData() or "")
            grid_id = uuid.UUID(chosen) if chosen else None
            return functools.partial(register.update_household, actor, info.id, grid_id, checked(self.tags),
                                     self.notes.toPlainText())

        self.submit = submit


class StatusDialog(FormDialog):
    """Moved away or deceased on a day (kept, out of look-ups), or back again."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, resident: ResidentSummary,
                 today: date, parent: QWidget | None = None) -> None:
        super().__init__("resident_status_dialog", "", bus, parent)
        self.setWindowTitle(self.tr("Moved away or deceased: {name}").format(name=resident.name))
        text = self.tr("{name} is kept with their requests and accounts, but no longer found by the look-up unless "
                       "\"Include moved away and deceased\" is ticked.").format(name=resident.name)
        if resident.open_cases:
            text += " " + self.tr("{n} of their requests are still open; they stay open and are handled as "
                                  "usual.").format(n=resident.open_cases)
        self.say(text, warn=bool(resident.open_cases))
        self.status = name_widget(QComboBox(), "resident_status", self.tr("Status"))
        for status in (ResidentStatus.MOVED_AWAY, ResidentStatus.DECEASED, ResidentStatus.ACTIVE):
            self.status.addItem(label_of(status), status.value)
        if resident.status != ResidentStatus.ACTIVE.value:
            self.status.setCurrentIndex(max(self.status.findData(ResidentStatus.ACTIVE.value), 0))
        self.on = date_edit(today, "resident_status_on", self.tr("Date"))
        self.note = name_widget(QLineEdit(), "resident_status_note", self.tr("Note"))
        self.note.setPlaceholderText(self.tr("e.g. moved to the daughter's in Shenyang"))
        self.add_field("status", self.tr("Status"), self.status)
        self.add_field("status_on", self.tr("Date"), self.on)
        self.add_field("note", self.tr("Note"), self.note)
        self.ok_button.setText(self.tr("Mark"))
        register = services.register

        def submit() -> Callable[[], ResidentSummary]:
            status = str(self.status.currentData())
            on = day_of(self.on) if status != ResidentStatus.ACTIVE.value else None
            return functools.partial(register.set_status, actor, resident.id, status, on, self.note.text())

        self.submit = submit


class MergeDialog(FormDialog):
    """The selected record is a duplicate: choose the record to keep; its requests, points and hours move there."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, duplicate: ResidentSummary,
                 parent: QWidget | None = None) -> None:
        super().__init__("merge_dialog", "", bus, parent, ok_text=self.tr("Merge"))
        self.setWindowTitle(self.tr("Merge a duplicate record"))
        self.setMinimumWidth(680)
        self._services, self._actor, self._duplicate = services, actor, duplicate
        self.say(self.tr("The duplicate {who} is kept, marked merged, and drops out of the look-up. Its requests, "
                         "points and time-bank hours move to the record you keep; nothing is deleted.").format(
            who=describe(duplicate)))
        self.survivor = ResidentLookup(services, actor)
        self.survivor.setObjectName("merge_survivor")
        self.summary = QLabel()
        self.summary.setObjectName("merge_summary")
        self.summary.setWordWrap(True)
        self.reason = name_widget(QLineEdit(), "merge_reason", self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("e.g. registered twice, once without the ID number"))
        self.add_field("survivor", self.tr("Record to keep"), self.survivor)
        self.add_field("summary", self.tr("What moves"), self.summary)
        self.add_field("reason", self.tr("Reason *"), self.reason)
        self.ok_button.setIcon(icon("fa5s.compress-alt"))
        self.ok_button.setEnabled(False)
        self.preview: MergePreview | None = None
        self._reads = Operations(self, None, self.banner, self.errors)
        self.survivor.resident_chosen.connect(self._on_survivor_chosen)
        self.survivor.resident_cleared.connect(self._on_survivor_cleared)
        register = services.register

        def submit() -> Callable[[], MergeResult]:
            chosen = self.survivor.selected
            survivor_id = chosen.id if chosen is not None else duplicate.id  # the service names the field
            return functools.partial(register.merge, actor, duplicate.id, survivor_id, self.reason.text())

        self.submit = submit

    def _on_survivor_chosen(self, survivor: ResidentSummary) -> None:
        register, actor, dup = self._services.register, self._actor, self._duplicate
        self._reads.read(lambda: register.merge_preview(actor, dup.id, survivor.id), self.show_preview, key="preview")

    def _on_survivor_cleared(self) -> None:
        self.preview = None
        self.summary.clear()
        self.ok_button.setEnabled(False)

    def show_preview(self, preview: MergePreview) -> None:
        self.preview = preview
        text = self.tr("{cases} request(s), {points} points and {hours} time-bank hours move to {name}.").format(
            cases=preview.cases, points=preview.points, hours=hours(preview.minutes), name=preview.survivor.name)
        if preview.volunteer:
            text += " " + self.tr("The volunteer record {number} goes with them.").format(number=preview.volunteer)
        if preview.problem is not None:
            text = preview.problem.render(QCoreApplication.translate)
        self.summary.setText(text)
        self.summary.setStyleSheet("color:#a8000b; font-weight:600;" if preview.problem else "")
        self.ok_button.setEnabled(preview.problem is None)
        grow_to_fit(self)  # the chosen record's card and the summary wrap to more lines

    def _on_accepted(self) -> None:
        p = self.preview
        if p is None or self.ops.busy:
            return
        if not confirm(self, self.tr("Merge {dup} into {keep}?").format(dup=p.duplicate.name, keep=p.survivor.name),
                       self.summary.text() + "\n" + self.tr("This cannot be undone.")):
            return
        super()._on_accepted()


class Corrections(QObject):
    """The residents page's buttons for correcting the register, and what they open. The page gives the selected
    resident and takes back the rows changed."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner, ops: Operations,
                 selected: Callable[[], ResidentSummary | None], changed: Callable[[ResidentSummary], None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._services, self._actor, self._bus, self._banner, self._ops = services, actor, bus, banner, ops
        self._selected, self._changed, self._parent = selected, changed, parent
        self.dialog: FormDialog | None = None  # the one open (tests reach it here)
        self.edit_button = name_widget(QPushButton(icon("fa5s.user-edit"), self.tr("Edit")), "residents_edit",
                                       self.tr("Edit the selected resident (or double-click the row)"))
        self.household_button = name_widget(QPushButton(icon("fa5s.home"), self.tr("Household")),
                                            "residents_household", self.tr("The selected resident's household: "
                                                                           "grid, tags and notes"))
        self.status_button = name_widget(QPushButton(icon("fa5s.user-clock"), self.tr("Moved away / deceased")),
                                         "residents_status", self.tr("Mark the selected resident moved away or "
                                                                     "deceased, or back again"))
        self.merge_button = name_widget(QPushButton(icon("fa5s.compress-alt"), self.tr("Merge duplicate")),
                                        "residents_merge", self.tr("Merge the selected duplicate record into the "
                                                                   "record kept"))
        may_edit = actor.can(Permission.MANAGE_RESIDENTS)
        for button in (self.edit_button, self.household_button, self.status_button):
            hidden_unless(button, may_edit)
        hidden_unless(self.merge_button, actor.can(Permission.MERGE_RESIDENTS))
        self.buttons = (self.edit_button, self.household_button, self.status_button, self.merge_button)
        self.edit_button.clicked.connect(self.edit)
        self.household_button.clicked.connect(self.household)
        self.status_button.clicked.connect(self.status)
        self.merge_button.clicked.connect(self.merge)
        self.enable(None)

    def enable(self, chosen: ResidentSummary | None) -> None:
        current = chosen is not None and chosen.status != ResidentStatus.MERGED.value
        for button in (self.edit_button, self.status_button, self.merge_button):
            button.setEnabled(current)
        self.household_button.setEnabled(current and chosen is not None and chosen.household_id is not None)

    def edit(self) -> None:
        chosen = self._chosen()
        if chosen is not None and self._actor.can(Permission.MANAGE_RESIDENTS):
            tags, actor = self._services.tags, self._actor
            self._ops.read(lambda: tags.catalogue(actor, include_retired=True), lambda catalogue: self._open(
                EditResidentDialog(self._services, self._actor, self._bus, chosen, catalogue, self._parent),
                lambda r: self.tr("{name} was saved.").format(name=r.name)), key="edit")

    def household(self) -> None:
        chosen = self._chosen()
        if chosen is None or chosen.household_id is None:
            return
        register, tags, actor, household_id = (self._services.register, self._services.tags, self._actor,
                                               chosen.household_id)
        self._ops.read(lambda: (register.household(actor, household_id), tags.catalogue(actor, include_retired=True)),
                       lambda answer: self._open(
            HouseholdDialog(self._services, self._actor, self._bus, answer[0], answer[1], self._parent),
            lambda h: self.tr("The household {address} was saved.").format(address=h.address)), key="household")

    def status(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            today = local(self._services.clock.now()).date()
            self._open(StatusDialog(self._services, self._actor, self._bus, chosen, today, self._parent),
                       lambda r: self.tr("{name}: {status}.").format(name=r.name, status=status_text(r)))

    def merge(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self._open(MergeDialog(self._services, self._actor, self._bus, chosen, self._parent),
                       lambda m: self.tr("Merged into {name}: {cases} request(s), {points} points and {hours} hours "
                                         "moved.").format(name=m.survivor.name, cases=m.cases, points=m.points,
                                                          hours=hours(m.minutes)))

    def _chosen(self) -> ResidentSummary | None:
        chosen = self._selected()
        if chosen is None:
            self._banner.say("warn", self.tr("Select a resident first."))
        return chosen

    def _open(self, dialog: FormDialog, said: Callable[[Any], str]) -> None:
        self.dialog = dialog
        chosen = self._selected()

        def done() -> None:
            answer = dialog.answer
            self._banner.say("ok", said(answer))
            summary = answer.survivor if isinstance(answer, MergeResult) else answer
            if isinstance(summary, ResidentSummary):
                self._changed(summary)
            elif isinstance(answer, HouseholdInfo) and chosen is not None:  # the row shows the flat's new tags
                residents, actor, resident_id = self._services.residents, self._actor, chosen.id
                self._ops.read(lambda: residents.get(actor, resident_id), self._changed, key="changed")

        dialog.accepted.connect(done)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.open()
