"""议事会: record the residents' council meetings and what they decided — each item a line of the problem list, the
responsibility list and the deadline list (问题清单-责任清单-时限清单) — follow each item's progress until it is done,
and make the council notice from here (the 公示 page previews, prints and records it)."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.councils import AttendeeKind, CouncilLevel, cycle_text
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.notices.board import CouncilOptions, ItemInfo, MeetingInfo, NewAttendee, NewItem, NewMeeting
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.operations import Operations
from app.views.resident_widgets import ResidentLookup
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.widgets import (
    STRETCH,
    Banner,
    FieldErrorsView,
    column,
    date_edit,
    day_of,
    icon,
    label_of,
    name_widget,
    row,
)

DEFAULT_DAYS = 30  # a new item's deadline: a month after the meeting, as the seed's 加装监控 was given


def _text_box(object_name: str, accessible: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(object_name)
    box.setAccessibleName(accessible)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)  # its error line right under it
    return box


def _fit_columns(table: QTableView, stretch: tuple[int, ...]) -> None:
    """The columns of free text share the width; the others are as wide as what they hold."""
    header = table.horizontalHeader()
    for n in range(header.count()):
        header.setSectionResizeMode(n, QHeaderView.ResizeMode.Stretch if n in stretch else
                                    QHeaderView.ResizeMode.ResizeToContents)


class AttendeesEditor(QWidget):
    """The attendees of a meeting: residents found in the register (the look-up), staff accounts, departments with
    their representative's name. A name typed in the look-up and added without choosing a match is kept as typed:
    the service refuses it under the field, saying to choose."""

    def __init__(self, services: Services, actor: Actor, options: CouncilOptions | None) -> None:
        super().__init__()
        self.rows: list[NewAttendee] = []
        self.kind = name_widget(QComboBox(), "attendee_kind", self.tr("Who attends"))
        for kind in AttendeeKind:
            self.kind.addItem(label_of(kind), kind.value)
        self.lookup = ResidentLookup(services, actor)
        self.lookup.setObjectName("attendee_lookup")
        self.choice = name_widget(QComboBox(), "attendee_choice", self.tr("Staff member or department"))
        self.rep_name = name_widget(QLineEdit(), "attendee_rep_name", self.tr("Representative's name"))
        self.rep_name.setPlaceholderText(self.tr("Representative's name"))
        self.representative = name_widget(QCheckBox(self.tr("Residents' representative")), "attendee_representative",
                                          self.tr("Attends as a residents' representative"))
        self.add_button = name_widget(QPushButton(icon("fa5s.user-plus"), self.tr("Add")), "attendee_add",
                                      self.tr("Add the attendee"))
        self.remove_button = name_widget(QPushButton(icon("fa5s.user-minus"), self.tr("Remove")), "attendee_remove",
                                         self.tr("Remove the chosen attendee"))
        self.list = name_widget(QListWidget(), "attendee_list", self.tr("Attendees"))
        self.list.setFixedHeight(self.list.fontMetrics().lineSpacing() * 5 + 12)
        self._staff = options.staff if options is not None else ()
        self._departments = options.departments if options is not None else ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(row(self.kind, self.representative, STRETCH))
        layout.addWidget(self.lookup)
        layout.addWidget(row(self.choice, self.rep_name))
        layout.addWidget(row(self.add_button, self.remove_button, STRETCH))
        layout.addWidget(self.list)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.add_button.clicked.connect(self.add_current)
        self.remove_button.clicked.connect(self.remove_current)
        self._on_kind()

    @property
    def current_kind(self) -> AttendeeKind:
        return AttendeeKind(self.kind.currentData())

    def _on_kind(self, *_: object) -> None:
        kind = self.current_kind
        # each is in this editor's layout (it has a parent): showing it again never opens a window of its own
        self.lookup.setVisible(kind is AttendeeKind.RESIDENT)
        self.representative.setVisible(kind is AttendeeKind.RESIDENT)
        self.choice.setVisible(kind is not AttendeeKind.RESIDENT)
        self.rep_name.setVisible(kind is AttendeeKind.DEPARTMENT)
        self.choice.clear()
        for choice in self._staff if kind is AttendeeKind.STAFF else self._departments:
            self.choice.addItem(choice.name, str(choice.id))

    def add_current(self) -> None:
        kind = self.current_kind
        if kind is AttendeeKind.RESIDENT:
            chosen = self.lookup.selected
            if chosen is not None:
                attendee = NewAttendee(kind, chosen.id, chosen.name, self.representative.isChecked())
            else:  # typed, not chosen: the service says so under the field
                attendee = NewAttendee(kind, None, self.lookup.edit.text(), self.representative.isChecked())
            self.lookup.edit.clear()
        else:
            data = self.choice.currentData()
            typed = self.rep_name.text() if kind is AttendeeKind.DEPARTMENT else self.choice.currentText()
            attendee = NewAttendee(kind, uuid.UUID(data) if data else None, typed)
            self.rep_name.clear()
        self.add(attendee, self.choice.currentText() if kind is AttendeeKind.DEPARTMENT else "")

    def add(self, attendee: NewAttendee, department: str = "") -> None:
        self.rows.append(attendee)
        text = f"{department} {attendee.name}".strip() if department else attendee.name
        if attendee.representative:
            text += self.tr(" (representative)")
        self.list.addItem(f"{label_of(attendee.kind)}: {text}")

    def remove_current(self) -> None:
        at = self.list.currentRow()
        if at >= 0:
            self.list.takeItem(at)
            del self.rows[at]


class MeetingDialog(FormDialog):
    """A new council meeting, or the correction of one: its level and the building or grid it belongs to, topic,
    date, place, attendees, the requests behind its topics and what was decided."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, existing: MeetingInfo | None = None,
                 parent: QWidget | None = None, level: CouncilLevel | None = None) -> None:
        super().__init__("meeting_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("New council meeting") if existing is None else
                            self.tr("Correct the meeting {title}").format(title=existing.title))
        today = local(services.clock.now()).date()
        notices = services.notices
        # Read on the GUI thread: the dialog needs its choices before it opens (buildings, grids, staff: a few rows).
        options = self.ops.now(lambda: notices.council_options(actor))
        self.level = name_widget(QComboBox(), "meeting_level", self.tr("Level"))
        for value in CouncilLevel:
            self.level.addItem(label_of(value), value.value)
        self.add_field("level", self.tr("Level"), self.level)
        self.building = name_widget(QComboBox(), "meeting_building", self.tr("Building"))
        self.building.addItem(self.tr("(choose the building)"), None)
        for b in options.buildings if options is not None else ():
            self.building.addItem(b.name, str(b.id))
        self.add_field("building", self.tr("Building"), self.building)
        self.grid = name_widget(QComboBox(), "meeting_grid", self.tr("Grid"))
        self.grid.addItem(self.tr("(choose the grid)"), None)
        for g in options.grids if options is not None else ():
            self.grid.addItem(g.name, str(g.id))
        self.add_field("grid", self.tr("Grid"), self.grid)
        self.title = name_widget(QLineEdit(), "meeting_title", self.tr("Topic"))
        self.title.setPlaceholderText(self.tr("e.g. parking in front of Building 3"))
        self.add_field("title", self.tr("Topic"), self.title)
        self.held_on = date_edit(existing.held_on if existing else today, "meeting_held_on", self.tr("Held on"))
        self.cycle = QLabel()
        self.cycle.setObjectName("meeting_cycle")
        self.add_field("held_on", self.tr("Held on"), row(self.held_on, self.cycle, STRETCH))
        self.place = name_widget(QLineEdit(), "meeting_place", self.tr("Place"))
        self.place.setPlaceholderText(self.tr("e.g. community meeting room"))
        self.add_field("place", self.tr("Place"), self.place)
        self.attendees = AttendeesEditor(services, actor, options)
        self.add_field("attendees", self.tr("Attendees"), self.attendees)
        self.topics = name_widget(QLineEdit(), "meeting_topics", self.tr("Requests behind the topics"))
        self.topics.setPlaceholderText(self.tr("Request numbers, separated by commas or spaces"))
        self.add_field("topics", self.tr("Requests"), self.topics)
        self.summary = _text_box("meeting_summary", self.tr("What was decided"), 3)
        self.summary.setPlaceholderText(self.tr("What the council agreed, as it may be posted"))
        self.add_field("summary", self.tr("Decided"), self.summary)
        if existing is not None:
            self.level.setCurrentIndex(self.level.findData(existing.level.value))
            self.building.setCurrentIndex(max(self.building.findData(str(existing.building_id)), 0))
            self.grid.setCurrentIndex(max(self.grid.findData(str(existing.grid_id)), 0))
            self.title.setText(existing.title)
            self.place.setText(existing.place)
            self.summary.setPlainText(existing.summary)
            self.topics.setText(" ".join(t.case_no for t in existing.topics))
            for a in existing.attendees:
                self.attendees.add(NewAttendee(a.kind, a.ref_id, a.name.split(" ", 1)[-1], a.representative),
                                   a.name.split(" ", 1)[0] if a.kind is AttendeeKind.DEPARTMENT else "")
        else:  # the community's by default, as every meeting was before the levels (issue 22)
            self.level.setCurrentIndex(self.level.findData((level or CouncilLevel.COMMUNITY).value))
        note = QLabel(self.tr("The items (problem, who answers for it, deadline) are added on the page after saving."))
        note.setWordWrap(True)
        self.layout_.insertWidget(self.layout_.indexOf(self.buttons), note)
        self.resize(640, 720)
        self.level.currentIndexChanged.connect(self._on_level)
        self.held_on.dateChanged.connect(self._on_level)
        self._on_level()

        def submit() -> Callable[[], MeetingInfo]:
            level_ = CouncilLevel(self.level.currentData())
            building, grid = self.building.currentData(), self.grid.currentData()
            meeting = NewMeeting(self.title.text(), day_of(self.held_on), self.place.text(),
                                 self.summary.toPlainText(), level_,
                                 uuid.UUID(building) if building and level_ is CouncilLevel.BUILDING else None,
                                 uuid.UUID(grid) if grid and level_ is CouncilLevel.GRID else None,
                                 tuple(self.attendees.rows), tuple(self.topics.text().replace("，", ",")
                                                                   .replace(",", " ").split()))
            if existing is None:
                return partial(notices.create_meeting, actor, meeting)
            return partial(notices.update_meeting, actor, existing.id, meeting)

        self.submit = submit

    @property
    def chosen_level(self) -> CouncilLevel:
        return CouncilLevel(self.level.currentData())

    def _on_level(self, *_: object) -> None:
        """The building or the grid as the level asks, and the meeting's place in its cycle."""
        level = self.chosen_level
        self.building.setEnabled(level is CouncilLevel.BUILDING)
        self.grid.setEnabled(level is CouncilLevel.GRID)
        self.cycle.setText(cycle_text(level, day_of(self.held_on)))


class ItemDialog(FormDialog):
    """One decided matter of a meeting: the problem, the department or person answering for it, the deadline."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, meeting: MeetingInfo,
                 existing: ItemInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__("item_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("New item of {title}").format(title=meeting.title) if existing is None else
                            self.tr("Correct item {seq} of {title}").format(seq=existing.seq, title=meeting.title))
        self.problem = _text_box("item_problem", self.tr("Problem"), 3)
        self.problem.setPlaceholderText(self.tr("The problem as the council put it, e.g. the east gate's lamps are "
                                                "out"))
        self.add_field("problem", self.tr("Problem"), self.problem)
        self.department = name_widget(QComboBox(), "item_department", self.tr("Department responsible"))
        self.department.addItem(self.tr("(none: name the person or unit below)"), None)
        # Read on the GUI thread: the dialog needs its choices before it opens (the departments, a few rows).
        options = self.ops.now(lambda: services.intake.options(actor))
        for d in options.departments if options is not None else ():
            self.department.addItem(d.name, str(d.id))
        self.add_field("department", self.tr("Department"), self.department)
        self.responsible = name_widget(QLineEdit(), "item_responsible", self.tr("Person or unit responsible"))
        self.responsible.setPlaceholderText(self.tr("e.g. property manager, community director"))
        self.add_field("responsible", self.tr("Responsible"), self.responsible)
        deadline = existing.deadline if existing else max(meeting.held_on, local(services.clock.now()).date()) \
            + timedelta(days=DEFAULT_DAYS)
        self.deadline = date_edit(deadline, "item_deadline", self.tr("Deadline"))
        self.add_field("deadline", self.tr("Deadline"), self.deadline)
        if existing is not None:
            self.problem.setPlainText(existing.problem)
            self.department.setCurrentIndex(max(self.department.findText(existing.department), 0)
                                            if existing.department else 0)
            self.responsible.setText(existing.responsible)
        self.layout_.insertWidget(self.layout_.indexOf(self.intro), QLabel(self.tr(
            "Meeting: {title}, held on {day}").format(title=meeting.title, day=meeting.held_on.isoformat())))
        self.resize(560, 380)
        notices = services.notices

        def submit() -> Callable[[], ItemInfo]:
            department = self.department.currentData()
            item = NewItem(self.problem.toPlainText(), day_of(self.deadline),
                           uuid.UUID(department) if department else None, self.responsible.text())
            if existing is None:
                return partial(notices.add_item, actor, meeting.id, item)
            return partial(notices.update_item, actor, existing.id, item)

        self.submit = submit


class DutyDialog(FormDialog):
    """转为待办: who answers for the item on the duties list; it is due on the item's deadline."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, meeting: MeetingInfo, item: ItemInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__("duty_from_item_dialog", self.tr("Make a to-do of item {seq}").format(seq=item.seq), bus,
                         parent, save=True)
        notices = services.notices
        # Read on the GUI thread: the dialog needs its choices before it opens (the staff accounts, a few rows).
        options = self.ops.now(lambda: notices.council_options(actor))
        self.say(self.tr("Item {seq} of {title}: {problem}. It goes on the duties list, due on its deadline {day}, "
                         "and comes again each week until it is recorded done there.").format(
            seq=item.seq, title=meeting.title, problem=item.problem, day=item.deadline.isoformat()))
        self.responsible = name_widget(QComboBox(), "duty_responsible", self.tr("Responsible"))
        self.responsible.addItem(self.tr("(choose who answers for it)"), None)
        for s in options.staff if options is not None else ():
            self.responsible.addItem(s.name, str(s.id))
        self.add_field("responsible", self.tr("Responsible"), self.responsible)

        def submit() -> Callable[[], ItemInfo]:
            chosen = self.responsible.currentData()
            return partial(notices.make_duty, actor, item.id, uuid.UUID(chosen) if chosen else None)

        self.submit = submit


class CouncilPage(QWidget):
    """The meetings on the left; on the right the chosen meeting's items and the progress of the chosen item."""

    notice_requested = Signal(object, bool)  # (meeting id, large print): the 公示 page makes and previews it

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("council_page")
        self._services, self._actor, self._bus = services, actor, bus
        self.dialog: MeetingDialog | ItemDialog | DutyDialog | None = None
        self.banner = Banner("council_banner")

        self.meetings_model: RowsModel[MeetingInfo] = RowsModel([
            Column(self.tr("Held on"), lambda m: m.held_on.isoformat()),
            Column(self.tr("Level"), lambda m: " ".join(p for p in (label_of(m.level), m.of) if p)),
            Column(self.tr("Topic"), lambda m: m.title),
            Column(self.tr("Items done"), lambda m: f"{sum(i.done for i in m.items)} / {len(m.items)}",
                   align_right=True),
        ])
        self.meetings = read_only_table(self.meetings_model, "meetings_table", self.tr("Council meetings"),
                                        stretch_column=2)
        _fit_columns(self.meetings, stretch=(2,))
        self.new_meeting_button = name_widget(QPushButton(icon("fa5s.plus"), self.tr("New meeting…")),
                                              "meeting_new", self.tr("Record a new council meeting"))
        self.edit_meeting_button = name_widget(QPushButton(icon("fa5s.pen"), self.tr("Correct…")),
                                               "meeting_edit", self.tr("Correct the chosen meeting"))
        left = column(QLabel(self.tr("Council meetings (议事会)")), (self.meetings, 1),
                      row(self.new_meeting_button, self.edit_meeting_button, STRETCH))

        self.heading = QLabel()
        self.heading.setObjectName("meeting_heading")
        self.heading.setWordWrap(True)
        self.items_model: RowsModel[ItemInfo] = RowsModel([
            Column(self.tr("No."), lambda i: i.seq, align_right=True),
            Column(self.tr("Problem"), lambda i: i.problem),
            Column(self.tr("Responsible"), lambda i: " / ".join(p for p in (i.department, i.responsible) if p)),
            Column(self.tr("Deadline"), lambda i: i.deadline.isoformat()),
            Column(self.tr("State"), self._state),
            Column(self.tr("Latest progress"), lambda i: i.progress),
            Column(self.tr("To-do"), self._duty_state),
        ], muted=lambda i: i.done)
        self.items = read_only_table(self.items_model, "items_table", self.tr("Items of the meeting"),
                                     stretch_column=1)
        self.items.setWordWrap(True)
        _fit_columns(self.items, stretch=(1, 5))
        self.items.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.items.setColumnWidth(2, 150)  # 物业服务中心 / 物业经理 on two lines
        self.add_item_button = name_widget(QPushButton(icon("fa5s.plus"), self.tr("Add item…")), "item_add",
                                           self.tr("Add an item to the meeting"))
        self.edit_item_button = name_widget(QPushButton(icon("fa5s.pen"), self.tr("Correct item…")), "item_edit",
                                            self.tr("Correct the chosen item"))
        self.duty_button = name_widget(QPushButton(icon("fa5s.tasks"), self.tr("Make a to-do…")), "item_duty",
                                       self.tr("Put the chosen item on the duties list with its deadline"))
        self.large = name_widget(QCheckBox(self.tr("Large print")), "council_large", self.tr("Large print"))
        self.preview_button = name_widget(QPushButton(icon("fa5s.file-pdf"), self.tr("Council notice: preview")),
                                          "council_preview", self.tr("Make the council notice and preview it"))

        self.progress_errors = FieldErrorsView()
        self._ops = Operations(self, bus, self.banner)
        self._progress_ops = Operations(self, bus, self.banner, self.progress_errors)
        progress_box = QGroupBox(self.tr("Progress of the chosen item"))
        progress_form = QFormLayout(progress_box)
        self.chosen = QLabel(self.tr("Choose an item in the list."))
        self.chosen.setObjectName("item_chosen")
        self.chosen.setWordWrap(True)
        progress_form.addRow(self.chosen)
        self.progress = _text_box("item_progress", self.tr("Progress"), 2)
        self.progress.setPlaceholderText(self.tr("What has been done so far, as residents may read it"))
        self.progress_errors.add_row(progress_form, "progress", self.tr("Progress"), self.progress)
        self.done = name_widget(QCheckBox(self.tr("Done")), "item_done", self.tr("The item is done"))
        self.record_button = name_widget(QPushButton(icon("fa5s.check"), self.tr("Record progress")),
                                         "item_record", self.tr("Record the item's progress"))
        progress_form.addRow("", row(self.done, STRETCH, self.record_button))

        right = column(self.heading, (self.items, 1),
                       row(self.add_item_button, self.edit_item_button, self.duty_button, STRETCH, self.large,
                           self.preview_button),
                       progress_box)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 4)
        split.setSizes([520, 680])  # the list shows its date, level and topic in full (three levels, issue 22)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)

        self.new_meeting_button.clicked.connect(self.new_meeting)
        self.edit_meeting_button.clicked.connect(self.edit_meeting)
        self.add_item_button.clicked.connect(self.add_item)
        self.edit_item_button.clicked.connect(self.edit_item)
        self.duty_button.clicked.connect(self.make_duty)
        self.items.doubleClicked.connect(self.edit_item)
        self.meetings.doubleClicked.connect(self.edit_meeting)
        self.record_button.clicked.connect(self.record_progress)
        self.preview_button.clicked.connect(self.request_notice)
        self.meetings.selectionModel().currentRowChanged.connect(lambda *_: self._show_meeting())
        self.items.selectionModel().currentRowChanged.connect(lambda *_: self._show_item())
        self.refresh()

    # --- what is shown ---------------------------------------------------------------------------------

    def _state(self, item: ItemInfo) -> str:
        if item.done:
            return self.tr("Done")
        return self.tr("Overdue") if item.deadline < local(self._services.clock.now()).date() else \
            self.tr("In progress")

    def _duty_state(self, item: ItemInfo) -> str:
        if item.duty_id is None:
            return ""
        if item.duty_open and item.duty_due is not None:
            return self.tr("On the duties list, due {day}").format(day=item.duty_due.isoformat())
        return self.tr("Done on the duties list") if item.done else self.tr("Ended on the duties list")

    @property
    def meeting(self) -> MeetingInfo | None:
        return current_row(self.meetings, self.meetings_model)

    @property
    def item(self) -> ItemInfo | None:
        return current_row(self.items, self.items_model) if self.meeting is not None else None

    def refresh(self, meeting_id: uuid.UUID | None = None, item_id: uuid.UUID | None = None) -> None:
        """The meetings again, newest first; the chosen meeting and item stay chosen (or the ones named)."""
        chosen, item = self.meeting, self.item
        meeting_id = meeting_id or (chosen.id if chosen else None)
        item_id = item_id or (item.id if item else None)
        notices, actor = self._services.notices, self._actor
        self._ops.read(lambda: notices.meetings(actor), lambda meetings: self._show(meetings, meeting_id, item_id),
                       key="meetings")

    def _show(self, meetings: list[MeetingInfo], meeting_id: uuid.UUID | None, item_id: uuid.UUID | None) -> None:
        self.meetings_model.set_rows(meetings)
        at = next((n for n, m in enumerate(meetings) if m.id == meeting_id), 0 if meetings else -1)
        if at >= 0:
            self.meetings.selectRow(at)
        self._show_meeting(item_id)

    def _show_meeting(self, item_id: uuid.UUID | None = None) -> None:
        meeting = self.meeting
        has = meeting is not None
        for button in (self.edit_meeting_button, self.add_item_button, self.preview_button):
            button.setEnabled(has)
        if meeting is None:
            self.heading.setText(self.tr("No council meeting recorded yet: record one with “New meeting…”."))
            self.items_model.set_rows([])
        else:
            where = self.tr(", {place}").format(place=meeting.place) if meeting.place else ""
            text = self.tr("<b>{title}</b> — {level}, {cycle}, held on {day}{where}").format(
                title=html.escape(meeting.title), level=html.escape(" ".join(
                    p for p in (label_of(meeting.level), meeting.of) if p)), cycle=meeting.cycle,
                day=meeting.held_on.isoformat(), where=html.escape(where))
            if meeting.attendees:
                text += "<br>" + self.tr("Attendees ({n}): {names}").format(n=len(meeting.attendees), names=html.escape(
                    "、".join(a.name + ("*" if a.representative else "") for a in meeting.attendees)))
            if meeting.topics:
                text += "<br>" + self.tr("Requests behind the topics: {numbers}").format(
                    numbers=html.escape("、".join(f"{t.case_no} {t.summary}" for t in meeting.topics)))
            if meeting.summary:
                text += "<br>" + self.tr("Decided: {summary}").format(summary=meeting.summary)
            self.heading.setText(text)
            self.items_model.set_rows(meeting.items)
            self.items.resizeRowsToContents()
            at = next((n for n, i in enumerate(meeting.items) if i.id == item_id), -1)
            if at >= 0:
                self.items.selectRow(at)
        self._show_item()

    def _show_item(self) -> None:
        item = self.item
        self.progress_errors.clear()
        for widget in (self.progress, self.done, self.record_button, self.edit_item_button):
            widget.setEnabled(item is not None)
        self.duty_button.setEnabled(item is not None and item.duty_id is None and not item.done)
        if item is None:
            self.chosen.setText(self.tr("Choose an item in the list."))
            self.progress.clear()
            self.done.setChecked(False)
            return
        self.chosen.setText(self.tr("Item {seq}: {problem}").format(seq=item.seq, problem=item.problem))
        self.progress.setPlainText(item.progress)
        self.done.setChecked(item.done)

    # --- changes ------------------------------------------------------------------------------------------

    def _open(self, dialog: MeetingDialog | ItemDialog | DutyDialog) -> MeetingDialog | ItemDialog | DutyDialog:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._on_saved(dialog))
        dialog.open()
        return dialog

    def _on_saved(self, dialog: MeetingDialog | ItemDialog | DutyDialog) -> None:
        saved = dialog.answer
        if isinstance(dialog, DutyDialog) and isinstance(saved, ItemInfo):
            self.banner.say("ok", self.tr("Item {seq} is on the duties list, due {day}.").format(
                seq=saved.seq, day=saved.deadline.isoformat()))
            self.refresh(item_id=saved.id)
        elif isinstance(saved, MeetingInfo):
            self.banner.say("ok", self.tr("Meeting saved: {title}. Add its items now.").format(title=saved.title))
            self.refresh(meeting_id=saved.id)
        elif isinstance(saved, ItemInfo):
            self.banner.say("ok", self.tr("Item {seq} saved.").format(seq=saved.seq))
            self.refresh(item_id=saved.id)

    def new_meeting(self) -> MeetingDialog:
        dialog = self._open(MeetingDialog(self._services, self._actor, self._bus, parent=self))
        assert isinstance(dialog, MeetingDialog)
        return dialog

    def edit_meeting(self, *_: object) -> MeetingDialog | None:
        meeting = self.meeting
        if meeting is None:
            return None
        dialog = self._open(MeetingDialog(self._services, self._actor, self._bus, meeting, parent=self))
        assert isinstance(dialog, MeetingDialog)
        return dialog

    def add_item(self) -> ItemDialog | None:
        meeting = self.meeting
        if meeting is None:
            return None
        dialog = self._open(ItemDialog(self._services, self._actor, self._bus, meeting, parent=self))
        assert isinstance(dialog, ItemDialog)
        return dialog

    def edit_item(self, *_: object) -> ItemDialog | None:
        meeting, item = self.meeting, self.item
        if meeting is None or item is None:
            return None
        dialog = self._open(ItemDialog(self._services, self._actor, self._bus, meeting, item, parent=self))
        assert isinstance(dialog, ItemDialog)
        return dialog

    def make_duty(self) -> DutyDialog | None:
        """转为待办: the chosen item onto the duties list, due on its deadline, for the account chosen."""
        meeting, item = self.meeting, self.item
        if meeting is None or item is None:
            return None
        dialog = self._open(DutyDialog(self._services, self._actor, self._bus, meeting, item, parent=self))
        assert isinstance(dialog, DutyDialog)
        return dialog

    def record_progress(self) -> None:
        item = self.item
        if item is None:
            self.banner.say("warn", self.tr("Choose an item in the list first."))
            return
        self.progress_errors.clear()
        done = self.done.isChecked()
        notices, actor, progress = self._services.notices, self._actor, self.progress.toPlainText()
        self._progress_ops.write(lambda: notices.record_progress(actor, item.id, progress, done),
                                 self._on_progress_recorded, busy=[self.record_button])

    def _on_progress_recorded(self, saved: ItemInfo) -> None:
        self.banner.say("ok", (self.tr("Item {seq} is done.") if saved.done else
                               self.tr("Progress of item {seq} recorded.")).format(seq=saved.seq))
        self.refresh(item_id=saved.id)

    def request_notice(self) -> None:
        meeting = self.meeting
        if meeting is not None:
            self.notice_requested.emit(meeting.id, self.large.isChecked())

    def set_busy(self, busy: bool) -> None:
        """While a notice is being made, another cannot be asked for."""
        self.preview_button.setEnabled(not busy and self.meeting is not None)

