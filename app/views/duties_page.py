"""事项与走访: what is due (overdue in red), recorded done or not done; the duties kept (MANAGE_DUTIES); the patrol
log (民情日记) with an entry made a request in one step; which promised visits were missed, by grid
(VIEW_STATISTICS); and a grid worker's weekly sheet, printed. Every read and write goes through Operations."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.domain.enums import Role
from app.domain.topics import Topic
from app.services.care.duties import DutyOptions, Recorded
from app.services.care.patrol import PatrolRow
from app.services.care.places import DutyRow
from app.services.care.visits import GridVisits
from app.services.cases.intake import SavedCase
from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.files import Printout, save_printout
from app.views.bus import ChangeBus
from app.views.duty_dialogs import DoneDialog, DutyDialog, NotDoneDialog, PatrolDialog, RequestDialog
from app.views.operations import Operations
from app.views.pdf_preview import PdfPreviewDialog
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.widgets import Banner, date_edit, day_of, hidden_unless, icon, label_of, name_widget, spin

OVERDUE = "#b00020"  # overdue rows: red, 6.4:1 on white


class DueModel(RowsModel[DutyRow]):
    """The due list; an overdue duty's row in red."""

    today = date.today()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and \
                self.row_at(index.row()).next_due < self.today:
            return QColor(OVERDUE)
        return super().data(index, role)


def _button(icon_name: str, text: str, name: str, accessible: str) -> QPushButton:
    return name_widget(QPushButton(icon(icon_name), text), name, accessible)


class DutiesPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duties_page")
        self._services, self._actor, self._bus = services, actor, bus
        self.options: DutyOptions | None = None
        self.preview: PdfPreviewDialog | None = None
        self.dialog: Any = None  # the dialog open now (tests drive it)
        self.banner = Banner("duties_banner")
        self._ops = Operations(self, bus, self.banner)
        self.tabs = name_widget(QTabWidget(), "duties_tabs", self.tr("Duties and visits"))
        self.tabs.addTab(self._due_tab(), icon("fa5s.bell"), self.tr("Due"))
        self.tabs.addTab(self._patrol_tab(), icon("fa5s.book"), self.tr("Patrol log"))
        if actor.can(Permission.VIEW_STATISTICS):
            self.tabs.addTab(self._visits_tab(), icon("fa5s.chart-bar"), self.tr("Visits done"))
        self.tabs.addTab(self._sheet_tab(), icon("fa5s.print"), self.tr("Weekly sheet"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        bus.subscribe({Topic.CARE, Topic.RESIDENTS, Topic.COMMUNITY}, self.refresh)
        self._ops.read(lambda: services.duties.options(actor), self._show_options, key="options")
        self.refresh()

    # --- 到期提醒 ---------------------------------------------------------------------------------------

    def _due_tab(self) -> QWidget:
        tab = QWidget()
        self.scope = name_widget(QComboBox(), "due_scope", self.tr("Whose duties"))
        self.scope.addItem(self.tr("Everyone's"), None)
        self.scope.addItem(self.tr("Mine"), self._actor.user_id)
        if self._actor.role is Role.GRID_WORKER:
            self.scope.setCurrentIndex(1)
        self.days = spin("due_days", self.tr("Days ahead"), 0, 366)
        self.days.setValue(7)
        self.summary = QLabel()
        self.summary.setObjectName("due_summary")
        self.due_model = DueModel([
            Column(self.tr("Due"), lambda r: r.next_due.isoformat()),
            Column(self.tr("Overdue"), lambda r: self.tr("{n} days").format(n=r.overdue_days(DueModel.today))
                   if r.next_due < DueModel.today else ""),
            Column(self.tr("Where"), lambda r: r.place),
            Column(self.tr("What"), lambda r: r.title),
            Column(self.tr("Kind"), lambda r: _kind_label(r.kind)),
            Column(self.tr("Comes due"), lambda r: self._cycle_text(r)),
            Column(self.tr("Responsible"), lambda r: r.responsible),
            Column(self.tr("Grid"), lambda r: r.grid_name),
        ])
        self.due_table = read_only_table(self.due_model, "due_table", self.tr("Duties due"), stretch_column=3)
        self.done_button = _button("fa5s.check", self.tr("Record done"), "due_done", self.tr("Record done"))
        self.not_done_button = _button("fa5s.times", self.tr("Not done"), "due_not_done", self.tr("Record not done"))
        self.visit_button = _button("fa5s.book", self.tr("Write up the visit"), "due_visit",
                                    self.tr("Write the visit in the patrol log"))
        self.add_button = _button("fa5s.plus", self.tr("New duty"), "due_add", self.tr("Add a duty"))
        self.edit_button = _button("fa5s.edit", self.tr("Change"), "due_edit", self.tr("Change the duty"))
        self.end_button = _button("fa5s.ban", self.tr("End"), "due_end", self.tr("End the duty"))
        self.sync_button = _button("fa5s.sync", self.tr("Visits from tags"), "due_sync",
                                   self.tr("Make the visit duties match the tags"))
        for button in (self.add_button, self.edit_button, self.end_button):
            hidden_unless(button, self._actor.can(Permission.MANAGE_DUTIES))
        hidden_unless(self.sync_button, self._actor.can(Permission.MANAGE_SETTINGS))
        filters = QHBoxLayout()
        filters.addWidget(self.scope)
        filters.addWidget(QLabel(self.tr("Days ahead")))
        filters.addWidget(self.days)
        filters.addWidget(self.summary, 1)
        actions = QHBoxLayout()
        for button in (self.done_button, self.not_done_button, self.visit_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.add_button, self.edit_button, self.end_button, self.sync_button):
            actions.addWidget(button)
        lay = QVBoxLayout(tab)
        lay.addLayout(filters)
        lay.addWidget(self.due_table, 1)
        lay.addLayout(actions)
        self.scope.currentIndexChanged.connect(self.refresh_due)
        self.days.valueChanged.connect(self.refresh_due)
        self.done_button.clicked.connect(self.record_done)
        self.due_table.doubleClicked.connect(self.record_done)
        self.not_done_button.clicked.connect(self.record_not_done)
        self.visit_button.clicked.connect(self.write_visit)
        self.add_button.clicked.connect(lambda: self.edit_duty(None))
        self.edit_button.clicked.connect(lambda: self.edit_duty(current_row(self.due_table, self.due_model)))
        self.end_button.clicked.connect(self.end_duty)
        self.sync_button.clicked.connect(self.sync_visits)
        return tab

    def _cycle_text(self, row: DutyRow) -> str:
        cycle = label_of(row.cycle)
        return cycle if row.every == 1 else self.tr("{cycle}, every {n}").format(cycle=cycle, n=row.every)

    def refresh(self) -> None:
        self.refresh_due()
        self.refresh_patrol()
        if hasattr(self, "visits_model"):
            self.refresh_visits()

    def refresh_due(self) -> None:
        duties, actor = self._services.duties, self._actor
        days, who = self.days.value(), self.scope.currentData()
        today = local(self._services.clock.now()).date()
        self._ops.read(lambda: (today, duties.due(actor, days, responsible_id=who)), self._show_due, key="due")

    def _show_due(self, answer: tuple[date, list[DutyRow]]) -> None:
        today, rows = answer
        DueModel.today = today
        self.due_model.set_rows(rows)
        self.due_table.resizeColumnsToContents()
        overdue = sum(r.next_due < today for r in rows)
        self.summary.setText(self.tr("{overdue} overdue, {due} coming").format(overdue=overdue,
                                                                               due=len(rows) - overdue))

    def _chosen_duty(self) -> DutyRow | None:
        row = current_row(self.due_table, self.due_model)
        if row is None:
            self.banner.say("warn", self.tr("Choose a duty in the list first."))
        return row

    def _open(self, dialog: Any, done: Any = None) -> None:
        self.dialog = dialog
        if done is not None:
            dialog.accepted.connect(lambda: done(dialog.answer))
        dialog.open()

    def record_done(self, *_: object) -> None:
        row = self._chosen_duty()
        if row is not None:
            self._open(DoneDialog(self._services, self._actor, self._bus, self, row,
                                  local(self._services.clock.now()).date()), self._say_recorded)

    def record_not_done(self) -> None:
        row = self._chosen_duty()
        if row is not None:
            self._open(NotDoneDialog(self._services, self._actor, self._bus, self, row), self._say_recorded)

    def _say_recorded(self, recorded: Recorded) -> None:
        parts = [self.tr("Recorded; next due {day}.").format(day=recorded.next_due.isoformat())]
        if recorded.late_days:
            parts.append(self.tr("Done {n} days late.").format(n=recorded.late_days))
        if recorded.missed:
            parts.append(self.tr("{n} earlier times nobody recorded are written as not done.").format(
                n=recorded.missed))
        self.banner.say("ok", " ".join(parts))

    def write_visit(self) -> None:
        row = self._chosen_duty()
        if row is None:
            return
        if row.kind != "visit":
            self.banner.say("warn", self.tr("Only a visit is written up in the patrol log; record this duty done."))
            return
        self._open(PatrolDialog(self._services, self._actor, self._bus, self, self._services.clock.now(), row),
                   lambda _entry: self.banner.say("ok", self.tr("The visit is in the patrol log and recorded done.")))

    def edit_duty(self, row: DutyRow | None) -> None:
        if self.options is None:
            self.banner.say("warn", self.tr("Still reading the choices; try again in a moment."))
            return
        today = local(self._services.clock.now()).date()
        self._open(DutyDialog(self._services, self._actor, self._bus, self, self.options, today, row),
                   lambda saved: self.banner.say("ok", self.tr("Saved: {title}, next due {day}.").format(
                       title=saved.title, day=saved.next_due.isoformat())))

    def end_duty(self) -> None:
        row = self._chosen_duty()
        if row is None:
            return
        from app.views.widgets import confirm

        if confirm(self, self.tr("End duty"), self.tr("End {title} at {place}? Its records are kept.").format(
                title=row.title, place=row.place)):
            duties, actor = self._services.duties, self._actor
            self._ops.write(lambda: duties.end(actor, row.id), lambda _: self.banner.say("ok", self.tr("Ended.")))

    def sync_visits(self) -> None:
        visits, actor = self._services.visits, self._actor
        self._ops.write(lambda: visits.sync_all(actor), lambda r: self.banner.say("ok", self.tr(
            "Visits from tags: {added} added, {changed} changed, {ended} ended.").format(
            added=r.added, changed=r.changed, ended=r.ended)), busy=[self.sync_button])

    def _show_options(self, options: DutyOptions) -> None:
        self.options = options
        self.worker.clear()
        for staff in options.staff:
            self.worker.addItem(staff.name, staff.id)
        self.worker.setCurrentIndex(max(self.worker.findData(self._actor.user_id), 0))
        self.patrol_grid.clear()
        self.patrol_grid.addItem(self.tr("All grids"), None)
        for grid in options.grids:
            self.patrol_grid.addItem(grid.name, grid.id)

    # --- 民情日记 ---------------------------------------------------------------------------------------

    def _patrol_tab(self) -> QWidget:
        tab = QWidget()
        today = local(self._services.clock.now()).date()
        self.patrol_from = date_edit(today - timedelta(days=13), "patrol_from", self.tr("From"))
        self.patrol_to = date_edit(today, "patrol_to", self.tr("To"))
        self.patrol_grid = name_widget(QComboBox(), "patrol_grid", self.tr("Grid"))
        self.patrol_grid.addItem(self.tr("All grids"), None)
        self.patrol_model: RowsModel[PatrolRow] = RowsModel([
            Column(self.tr("When"), lambda e: local(e.at).strftime("%m-%d %H:%M")),
            Column(self.tr("Grid"), lambda e: e.grid),
            Column(self.tr("By"), lambda e: e.by),
            Column(self.tr("Where"), lambda e: e.place),
            Column(self.tr("Seen"), lambda e: e.seen),
            Column(self.tr("What was found"), lambda e: e.found),
            Column(self.tr("Visit"), lambda e: e.visit),
            Column(self.tr("Request"), lambda e: e.case_no),
        ])
        self.patrol_table = read_only_table(self.patrol_model, "patrol_table", self.tr("Patrol log"), stretch_column=5)
        self.patrol_table.cap_column(5, 40)
        self.new_entry_button = _button("fa5s.pen", self.tr("New entry"), "patrol_new", self.tr("Write an entry"))
        self.to_request_button = _button("fa5s.share", self.tr("Make a request"), "patrol_to_request",
                                         self.tr("Make the problem found a request"))
        filters = QHBoxLayout()
        for widget in (QLabel(self.tr("From")), self.patrol_from, QLabel(self.tr("to")), self.patrol_to,
                       self.patrol_grid):
            filters.addWidget(widget)
        filters.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.new_entry_button)
        actions.addWidget(self.to_request_button)
        actions.addStretch(1)
        lay = QVBoxLayout(tab)
        lay.addLayout(filters)
        lay.addWidget(self.patrol_table, 1)
        lay.addLayout(actions)
        for edit in (self.patrol_from, self.patrol_to):
            edit.dateChanged.connect(self.refresh_patrol)
        self.patrol_grid.currentIndexChanged.connect(self.refresh_patrol)
        self.new_entry_button.clicked.connect(self.new_entry)
        self.to_request_button.clicked.connect(self.to_request)
        return tab

    def refresh_patrol(self) -> None:
        patrol, actor = self._services.patrol, self._actor
        start, end, grid = day_of(self.patrol_from), day_of(self.patrol_to), self.patrol_grid.currentData()
        self._ops.read(lambda: patrol.entries(actor, start, end, grid_id=grid), self._show_patrol, key="patrol")

    def _show_patrol(self, rows: list[PatrolRow]) -> None:
        self.patrol_model.set_rows(rows)
        self.patrol_table.resizeColumnsToContents()

    def new_entry(self) -> None:
        self._open(PatrolDialog(self._services, self._actor, self._bus, self, self._services.clock.now()),
                   lambda _e: self.banner.say("ok", self.tr("The entry is in the patrol log.")))

    def to_request(self) -> None:
        entry = current_row(self.patrol_table, self.patrol_model)
        if entry is None:
            self.banner.say("warn", self.tr("Choose an entry of the patrol log first."))
            return
        if entry.case_no:
            self.banner.say("warn", self.tr("This entry already became request {no}.").format(no=entry.case_no))
            return
        services, actor = self._services, self._actor
        self._ops.read(lambda: (services.patrol.people(actor, entry.id), services.intake.options(actor)),
                       lambda answer: self._open(RequestDialog(services, actor, self._bus, self, entry, *answer),
                                                 self._say_requested), key="request_choices")

    def _say_requested(self, saved: SavedCase) -> None:
        self.banner.say("ok", self.tr("Request {no} is logged (channel: volunteer collector) and linked to the "
                                      "entry.").format(no=saved.case_no))

    # --- 走访完成情况 -------------------------------------------------------------------------------------

    def _visits_tab(self) -> QWidget:
        tab = QWidget()
        today = local(self._services.clock.now()).date()
        self.visits_from = date_edit(today.replace(day=1), "visits_from", self.tr("From"))
        self.visits_to = date_edit(today, "visits_to", self.tr("To"))
        self.visits_model: RowsModel[GridVisits] = RowsModel([
            Column(self.tr("Grid"), lambda g: g.grid or self.tr("(no grid)")),
            Column(self.tr("Grid worker"), lambda g: g.worker),
            Column(self.tr("Promised visits due"), lambda g: g.due, align_right=True),
            Column(self.tr("Done"), lambda g: g.done, align_right=True),
            Column(self.tr("Not done or missed"), lambda g: g.not_done, align_right=True),
            Column(self.tr("Done %"), lambda g: "" if g.percent_done is None else f"{g.percent_done:.0f}%",
                   align_right=True),
        ])
        self.visits_table = read_only_table(self.visits_model, "visits_table", self.tr("Promised visits by grid"),
                                            stretch_column=1)
        note = QLabel(self.tr("Counted up to yesterday: a visit due today may still be made. Missed: overdue with "
                              "nobody recording it."))
        note.setWordWrap(True)
        filters = QHBoxLayout()
        for widget in (QLabel(self.tr("From")), self.visits_from, QLabel(self.tr("to")), self.visits_to):
            filters.addWidget(widget)
        filters.addStretch(1)
        lay = QVBoxLayout(tab)
        lay.addLayout(filters)
        lay.addWidget(self.visits_table, 1)
        lay.addWidget(note)
        for edit in (self.visits_from, self.visits_to):
            edit.dateChanged.connect(self.refresh_visits)
        return tab

    def refresh_visits(self) -> None:
        visits, actor = self._services.visits, self._actor
        start, end = day_of(self.visits_from), day_of(self.visits_to)
        self._ops.read(lambda: visits.missed_by_grid(actor, start, end), self._show_visits, key="visits")

    def _show_visits(self, rows: list[GridVisits]) -> None:
        self.visits_model.set_rows(rows)
        self.visits_table.resizeColumnsToContents()

    # --- 打印周表 ---------------------------------------------------------------------------------------

    def _sheet_tab(self) -> QWidget:
        tab = QWidget()
        today = local(self._services.clock.now()).date()
        self.worker = name_widget(QComboBox(), "sheet_worker", self.tr("Whose sheet"))
        self.sheet_start = date_edit(today, "sheet_start", self.tr("Week from"))
        self.sheet_button = _button("fa5s.file-pdf", self.tr("Make and preview"), "sheet_make",
                                    self.tr("Make the weekly sheet and preview it"))
        note = QLabel(self.tr("One line per visit or check, with a box to tick under each day of the week it falls "
                              "due, overdue ones first, and room for a note. Residents are printed masked (王*)."))
        note.setWordWrap(True)
        form = QHBoxLayout()
        for widget in (QLabel(self.tr("Grid worker")), self.worker, QLabel(self.tr("Week from")), self.sheet_start,
                       self.sheet_button):
            form.addWidget(widget)
        form.addStretch(1)
        lay = QVBoxLayout(tab)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addStretch(1)
        self.sheet_button.clicked.connect(self.make_sheet)
        return tab

    def make_sheet(self) -> None:
        worker = self.worker.currentData()
        if worker is None:
            self.banner.say("warn", self.tr("Choose whose sheet first."))
            return
        duties, actor, start = self._services.duties, self._actor, day_of(self.sheet_start)
        folder, day = self._services.paths.printouts, local(self._services.clock.now()).date()

        def make() -> Path:
            from app.services.documents.weekly_sheet import render_weekly_sheet

            sheet = duties.weekly_sheet(actor, worker, start)
            return save_printout(folder, Printout.WEEKLY_SHEET, day, lambda out: render_weekly_sheet(sheet, out))

        self._ops.read(make, self._preview, key="sheet")

    def _preview(self, path: Path) -> None:
        title = self.tr("Weekly sheet of {name}").format(name=self.worker.currentText())
        self.banner.say_printed(title, path)
        self.preview = PdfPreviewDialog(path, title, self)
        self.preview.open()


def _kind_label(kind: str) -> str:
    from app.domain.enums import DutyKind

    try:
        return label_of(DutyKind(kind))
    except ValueError:
        return kind
