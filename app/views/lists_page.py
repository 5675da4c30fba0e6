"""名单 (lists in a minute): tick conditions on the left, the count follows each tick, the first page of the list shows
on the right; print it (大字版 too), export it, save it by name; a saved list (the ready-made ones first) opens with
today's data.

The count is read off the GUI thread a moment after the last change (``COUNT_PAUSE_MS``), under one key, so only
the answer to the latest conditions lands. A contradiction (年龄 90 以上 and 60 以下) is said next to its field and
nothing is read or written. Tab reaches every control; Enter runs the list.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError, ValidationError
from app.services.people.list_conditions import MAX_AGE, MAX_DAYS, Departed, ListConditions, ListRow
from app.services.people.lists import ListChoices, ListFile, ListPage, OpenedList, SavedListInfo
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.paged_model import PagedRowsModel
from app.views.tables import Column, read_only_table
from app.views.widgets import (
    Banner,
    FieldErrorsView,
    ask_save_path,
    confirm,
    hidden_unless,
    icon,
    name_widget,
    row,
    spin,
)

COUNT_PAUSE_MS = 250
PAGE_ROWS = 50


class ListsPage(QWidget):
    resident_opened = Signal(object)  # a resident's id: their page (Enter or a double-click on their row)

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lists_page")
        self._services = services
        self._actor = actor
        self._conditions = ListConditions()
        self._valid = True
        self._opened: SavedListInfo | None = None
        self._filling = False
        self.banner = Banner("lists_banner")
        self._ops = Operations(self, bus, self.banner)
        self.errors = FieldErrorsView()

        # 年龄
        self.age_from = spin("lists_age_from", self.tr("Age from"), -1, MAX_AGE, self.tr("any"))
        self.age_to = spin("lists_age_to", self.tr("Age up to"), -1, MAX_AGE, self.tr("any"))
        for box in (self.age_from, self.age_to):
            box.setValue(-1)
            box.setSuffix(self.tr(" years"))
        self.gender = name_widget(QComboBox(), "lists_gender", self.tr("Gender"))
        for text, value in ((self.tr("any"), ""), (self.tr("Male"), "M"), (self.tr("Female"), "F")):
            self.gender.addItem(text, value)
        # 标签, 网格与楼栋: filled from the register (choices)
        self.tags_box = QWidget()
        self.tags_layout = QVBoxLayout(self.tags_box)
        self.tags_layout.setContentsMargins(0, 0, 0, 0)
        self.tag_checks: dict[str, QCheckBox] = {}
        self.grids_box = QWidget()
        self.grids_layout = QVBoxLayout(self.grids_box)
        self.grids_layout.setContentsMargins(0, 0, 0, 0)
        self.grid_checks: dict[str, QCheckBox] = {}
        self.buildings = name_widget(QLineEdit(), "lists_buildings", self.tr("Buildings"))
        self.buildings.setPlaceholderText(self.tr("e.g. 3, 5"))
        # 诉求
        self.open_requests = name_widget(QCheckBox(self.tr("Has open requests")), "lists_open_requests",
                                         self.tr("Has open requests"))
        self.recent = name_widget(QCheckBox(self.tr("Had a request in the last")), "lists_recent",
                                  self.tr("Had a request in the last N days"))
        self.recent_days = spin("lists_recent_days", self.tr("Days"), 0, MAX_DAYS + 1000)
        self.recent_days.setValue(30)
        self.recent_days.setSuffix(self.tr(" days"))
        # 志愿与积分
        self.volunteer = name_widget(QCheckBox(self.tr("Is a volunteer")), "lists_volunteer", self.tr("Is a volunteer"))
        self.hours = name_widget(QDoubleSpinBox(), "lists_hours", self.tr("Time-bank balance at least"))
        self.hours.setRange(-1, 1_000_000)
        self.hours.setDecimals(1)
        self.hours.setSpecialValueText(self.tr("any"))
        self.hours.setValue(-1)
        self.hours.setSuffix(self.tr(" hours"))
        self.points = spin("lists_points", self.tr("Points balance at least"), -1, 100_000_000, self.tr("any"))
        self.points.setValue(-1)
        # 其他
        self.departed = name_widget(QComboBox(), "lists_departed", self.tr("Who moved away"))
        for text, value in ((self.tr("Living here only"), Departed.HERE),
                            (self.tr("Also who moved away"), Departed.WITH),
                            (self.tr("Only who moved away"), Departed.ONLY)):
            self.departed.addItem(text, value)
        self.clear_button = name_widget(QPushButton(icon("fa5s.eraser"), self.tr("Clear conditions")),
                                        "lists_clear", self.tr("Clear conditions"))

        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.addWidget(self._group(self.tr("Age"), [("age_from", self.tr("From"), self.age_from),
                                                         ("age_to", self.tr("Up to"), self.age_to),
                                                         ("gender", self.tr("Gender"), self.gender)]))
        left_lay.addWidget(self._group(self.tr("Tags"), [("tags", "", self.tags_box)]))
        left_lay.addWidget(self._group(self.tr("Grids and buildings"), [
            ("grids", "", self.grids_box), ("buildings", self.tr("Buildings"), self.buildings)]))
        left_lay.addWidget(self._group(self.tr("Requests"), [
            ("open_requests", "", self.open_requests),
            ("requested_within_days", "", row(self.recent, self.recent_days, -1))]))
        left_lay.addWidget(self._group(self.tr("Volunteering and points"), [
            ("volunteer", "", self.volunteer),
            ("timebank_hours_at_least", self.tr("Time bank at least"), self.hours),
            ("points_at_least", self.tr("Points at least"), self.points)]))
        left_lay.addWidget(self._group(self.tr("Other"), [("departed", self.tr("Moved away"), self.departed)]))
        left_lay.addWidget(self.clear_button)
        left_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("lists_conditions")
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        scroll.setMinimumWidth(330)

        # right: the saved lists, the count, the table, the buttons
        self.saved_list = name_widget(QListWidget(), "lists_saved", self.tr("Saved lists"))
        self.saved_list.setMaximumHeight(150)
        self.open_button = name_widget(QPushButton(icon("fa5s.folder-open"), self.tr("Open with today's data")),
                                       "lists_open", self.tr("Open the saved list with today's data"))
        self.delete_button = name_widget(QPushButton(icon("fa5s.trash-alt"), self.tr("Delete")), "lists_delete",
                                         self.tr("Delete the saved list"))
        self.notes = QLabel()
        self.notes.setObjectName("lists_notes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color:#a05a00;")
        self.notes.hide()
        self.name = name_widget(QLineEdit(), "lists_name", self.tr("List name"))
        self.name.setPlaceholderText(self.tr("Name, e.g. 90岁以上老人（送奶）"))
        self.name.setMaxLength(60)
        self.name_error = QLabel()
        self.name_error.setObjectName("error_name")
        self.name_error.setStyleSheet("color:#b00020;")
        self.name_error.hide()
        self.errors.register("name", self.name, self.name_error)
        self.save_button = name_widget(QPushButton(icon("fa5s.save"), self.tr("Save list")), "lists_save",
                                       self.tr("Save list"))
        self.count = QLabel()
        self.count.setObjectName("lists_count")
        self.count.setStyleSheet("font-weight:600;")
        self.words = QLabel()
        self.words.setObjectName("lists_words")
        self.words.setWordWrap(True)
        self.model: PagedRowsModel[ListRow] = PagedRowsModel(self._columns(), self._fetch)
        self.table = read_only_table(self.model, "lists_table", self.tr("The list"), stretch_column=3)
        self.large_print = name_widget(QCheckBox(self.tr("Large print")), "lists_large_print",
                                       self.tr("Print in large type"))
        self.print_button = name_widget(QPushButton(icon("fa5s.print"), self.tr("Print")), "lists_print",
                                        self.tr("Print the list"))
        self.xlsx_button = name_widget(QPushButton(icon("fa5s.file-excel"), self.tr("Export Excel")), "lists_xlsx",
                                       self.tr("Export the list to Excel"))
        self.csv_button = name_widget(QPushButton(icon("fa5s.file-csv"), self.tr("Export CSV")), "lists_csv",
                                      self.tr("Export the list to CSV"))
        can_export = actor.can(Permission.EXPORT)
        hidden_unless(self.xlsx_button, can_export)
        hidden_unless(self.csv_button, can_export)

        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(QLabel(self.tr("Saved lists (ready-made first)")))
        right_lay.addWidget(row((self.saved_list, 1)))
        right_lay.addWidget(row(self.open_button, self.delete_button, -1))
        right_lay.addWidget(self.notes)
        right_lay.addWidget(row(QLabel(self.tr("List name")), (self.name, 1), self.save_button))
        right_lay.addWidget(self.name_error)
        right_lay.addWidget(self.count)
        right_lay.addWidget(self.words)
        right_lay.addWidget(self.table, 1)
        right_lay.addWidget(row(self.large_print, self.print_button, self.xlsx_button, self.csv_button, -1))

        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        body = QHBoxLayout()
        body.addWidget(scroll)
        body.addWidget(right, 1)
        lay.addLayout(body, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COUNT_PAUSE_MS)
        self._timer.timeout.connect(self.run)
        self._connect()
        self._ops.read(lambda: services.lists.choices(actor), self._add_choices, key="choices")
        self.reload_saved()

    # --- building ----------------------------------------------------------------------------------------------

    def _group(self, title: str, rows: list[tuple[str, str, QWidget]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for key, caption, editor in rows:
            if caption:
                self.errors.add_row(form, key, caption, editor)
            else:
                holder = QWidget()
                inner = QVBoxLayout(holder)
                inner.setContentsMargins(0, 0, 0, 0)
                inner.addWidget(editor)
                err = QLabel()
                err.setObjectName(f"error_{key}")
                err.setStyleSheet("color:#b00020;")
                err.setWordWrap(True)
                err.hide()
                inner.addWidget(err)
                form.addRow(holder)
                self.errors.register(key, editor, err)
        return box

    def _columns(self) -> list[Column[ListRow]]:
        return [
            Column(self.tr("Name"), lambda r: r.name + (self.tr(" (moved away)") if r.moved_away else "")),
            Column(self.tr("Gender"), lambda r: r.gender),
            Column(self.tr("Age"), lambda r: "" if r.age is None else str(r.age), align_right=True),
            Column(self.tr("Address"), lambda r: r.address),
            Column(self.tr("Phone"), lambda r: r.phone),
            Column(self.tr("Tags"), lambda r: r.tags),
            Column(self.tr("Grid"), lambda r: r.grid),
            Column(self.tr("Open requests"), lambda r: str(r.open_requests) if r.open_requests else "",
                   align_right=True),
        ]

    def _connect(self) -> None:
        for box in (self.age_from, self.age_to, self.recent_days, self.points):
            box.valueChanged.connect(self.changed)
        self.hours.valueChanged.connect(self.changed)
        for combo in (self.gender, self.departed):
            combo.currentIndexChanged.connect(self.changed)
        for check in (self.open_requests, self.recent, self.volunteer):
            check.toggled.connect(self.changed)
        self.buildings.textChanged.connect(self.changed)
        self.clear_button.clicked.connect(self.clear)
        self.save_button.clicked.connect(self.save)
        self.name.returnPressed.connect(self.save)
        self.open_button.clicked.connect(self.open_selected)
        self.saved_list.itemActivated.connect(lambda _item: self.open_selected())
        self.delete_button.clicked.connect(self.delete_selected)
        self.print_button.clicked.connect(self.print_list)
        self.xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        self.csv_button.clicked.connect(lambda: self._ask_export("csv"))
        self.model.failed.connect(self._refused)
        # fitted to what the first page holds: the address (the door the milk goes to) whole, not cut short
        self.model.page_loaded.connect(lambda rows: self.table.resizeColumnsToContents() if rows <= PAGE_ROWS else None)
        self.table.activated.connect(self._open_resident)

    def _add_choices(self, choices: ListChoices) -> None:
        self._filling = True
        for code, name in choices.tags:
            check = name_widget(QCheckBox(name), f"lists_tag_{code}", self.tr("Tag {name}").format(name=name))
            check.toggled.connect(self.changed)
            self.tags_layout.addWidget(check)
            self.tag_checks[code] = check
        for gid, name in choices.grids:
            check = name_widget(QCheckBox(name), f"lists_grid_{len(self.grid_checks)}",
                                self.tr("Grid {name}").format(name=name))
            check.setProperty("grid_id", gid)
            check.toggled.connect(self.changed)
            self.grids_layout.addWidget(check)
            self.grid_checks[gid] = check
        if choices.buildings:
            self.buildings.setToolTip(self.tr("Buildings of the register: {list}").format(
                list="、".join(choices.buildings)))
        self._filling = False
        if self._opened is not None:  # a list opened before the choices arrived: tick its tags and grids now
            self.set_conditions(self._opened.conditions)
        else:
            self.run()

    # --- conditions ------------------------------------------------------------------------------------------

    def conditions(self) -> ListConditions:
        buildings = tuple(dict.fromkeys(
            b for b in self.buildings.text().replace("，", ",").replace("、", ",").replace(" ", ",").split(",")
            if b.strip()))
        return ListConditions(
            age_from=self.age_from.value() if self.age_from.value() >= 0 else None,
            age_to=self.age_to.value() if self.age_to.value() >= 0 else None,
            tags=tuple(code for code, check in self.tag_checks.items() if check.isChecked()),
            grids=tuple(gid for gid, check in self.grid_checks.items() if check.isChecked()),
            buildings=tuple(b.strip().removesuffix("号楼") for b in buildings),
            open_requests=self.open_requests.isChecked(),
            requested_within_days=self.recent_days.value() if self.recent.isChecked() else None,
            volunteer=self.volunteer.isChecked(),
            timebank_hours_at_least=self.hours.value() if self.hours.value() >= 0 else None,
            points_at_least=self.points.value() if self.points.value() >= 0 else None,
            gender=str(self.gender.currentData() or ""),
            departed=str(self.departed.currentData() or Departed.HERE),
        )

    def set_conditions(self, c: ListConditions) -> None:
        """Put ``c`` on the controls (a saved list opened), then run it once."""
        self._filling = True
        try:
            self.age_from.setValue(c.age_from if c.age_from is not None else -1)
            self.age_to.setValue(c.age_to if c.age_to is not None else -1)
            self.gender.setCurrentIndex(max(self.gender.findData(c.gender), 0))
            for code, check in self.tag_checks.items():
                check.setChecked(code in c.tags)
            for gid, check in self.grid_checks.items():
                check.setChecked(gid in c.grids)
            self.buildings.setText("、".join(c.buildings))
            self.open_requests.setChecked(c.open_requests)
            self.recent.setChecked(c.requested_within_days is not None)
            if c.requested_within_days is not None:
                self.recent_days.setValue(c.requested_within_days)
            self.volunteer.setChecked(c.volunteer)
            self.hours.setValue(c.timebank_hours_at_least if c.timebank_hours_at_least is not None else -1)
            self.points.setValue(c.points_at_least if c.points_at_least is not None else -1)
            self.departed.setCurrentIndex(max(self.departed.findData(c.departed), 0))
        finally:
            self._filling = False
        self.run()

    def clear(self) -> None:
        self._opened = None
        self.notes.hide()
        self.set_conditions(ListConditions())

    def changed(self) -> None:
        if self._filling:
            return
        self._timer.start()

    def run(self) -> None:
        """Count the list and show its first page, off the GUI thread (only the latest answer lands)."""
        self._timer.stop()
        self.errors.clear()
        conditions = self.conditions()
        self._conditions = conditions
        lists, actor = self._services.lists, self._actor
        self.count.setText(self.tr("Counting…"))
        self._ops.read(lambda: (lists.count(actor, conditions), lists.describe(actor, conditions)), self._on_count,
                       key="count", refused=self._refused)

    def _on_count(self, answer: tuple[int, str]) -> None:
        n, words = answer
        self._valid = True
        self.count.setText(self.tr("{n} resident(s)").format(n=n))
        self.words.setText(words)
        self.model.reload()

    def _refused(self, exc: DomainError) -> None:
        if isinstance(exc, ValidationError):
            self._valid = False
            self.count.setText(self.tr("Please correct the conditions marked in red."))
            self.words.clear()
            self.model.set_rows([])  # the last list's rows no longer answer the conditions ticked
            unplaced = self.errors.show(exc)
            if unplaced:
                self.banner.say("error", "\n".join(unplaced))
            return
        self._ops.show_refusal(exc)

    def _open_resident(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < self.model.rowCount():
            self.resident_opened.emit(self.model.row_at(index.row()).id)

    def _fetch(self, offset: int) -> ListPage:
        conditions = self._conditions
        return self._services.lists.page(self._actor, conditions, offset, PAGE_ROWS)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Enter runs the list from any condition
            if not self.table.hasFocus():  # on a row of the list, Enter opened that resident's page
                self.run()
            return
        super().keyPressEvent(event)

    # --- saved lists -----------------------------------------------------------------------------------------

    def reload_saved(self, select: uuid.UUID | None = None) -> None:
        lists, actor = self._services.lists, self._actor
        self._ops.read(lambda: lists.saved(actor), lambda found: self._show_saved(found, select), key="saved")

    def _show_saved(self, found: list[SavedListInfo], select: uuid.UUID | None) -> None:
        self.saved_list.clear()
        for info in found:
            text = info.name + (self.tr(" (ready-made)") if info.ready_made else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, info)
            self.saved_list.addItem(item)
            if info.id == select:
                self.saved_list.setCurrentItem(item)
        if self.saved_list.currentRow() < 0 and self.saved_list.count():
            self.saved_list.setCurrentRow(0)

    def saved_infos(self) -> list[SavedListInfo]:
        return [self.saved_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.saved_list.count())]

    def save(self) -> None:
        name, conditions = self.name.text(), self.conditions()
        lists, actor = self._services.lists, self._actor
        self.errors.clear()
        self._ops.write(lambda: lists.save(actor, name, conditions), self._on_saved, busy=[self.save_button],
                        refused=self._save_refused)

    def _save_refused(self, exc: DomainError) -> None:
        """A name taken or missing is said under the name; refused conditions as the count says them."""
        if isinstance(exc, ValidationError) and set(exc.errors) <= {"name"}:
            self.errors.show(exc)
            return
        self._refused(exc)

    def _on_saved(self, info: SavedListInfo) -> None:
        self._opened = info
        self.banner.say("ok", self.tr("The list {name} is saved: open it any time to run it with that day's "
                                      "data.").format(name=info.name))
        self.reload_saved(info.id)

    def open_selected(self) -> None:
        item = self.saved_list.currentItem()
        if item is None:
            self.banner.say("warn", self.tr("Select a saved list first."))
            return
        self.open_list(item.data(Qt.ItemDataRole.UserRole).id)

    def open_list(self, list_id: uuid.UUID) -> None:
        lists, actor = self._services.lists, self._actor
        self._ops.read(lambda: lists.open(actor, list_id), self._on_opened, key="open")

    def _on_opened(self, opened: OpenedList) -> None:
        self._opened = opened.info
        self.name.setText(opened.info.name)
        if opened.notes:
            self.notes.setText("\n".join(opened.notes))
            self.notes.show()
        else:
            self.notes.hide()
        self.set_conditions(opened.info.conditions)

    def delete_selected(self) -> None:
        item = self.saved_list.currentItem()
        if item is None:
            return
        info: SavedListInfo = item.data(Qt.ItemDataRole.UserRole)
        question = (self.tr("Retire the ready-made list {name}? No desk will see it any more.") if info.ready_made
                    else self.tr("Delete the list {name}? It is the desk's: nobody will see it any more."))
        if not confirm(self, self.tr("Delete"), question.format(name=info.name)):
            return
        lists, actor = self._services.lists, self._actor
        self._ops.write(lambda: lists.delete(actor, info.id), lambda _none: self.reload_saved(),
                        busy=[self.delete_button])

    # --- paper and files -------------------------------------------------------------------------------------

    def title(self) -> str:
        return self.name.text().strip() or (self._opened.name if self._opened else "") or self.tr("List")

    def print_list(self) -> None:
        if not self._valid:
            self._say_correct_first()
            return
        lists, actor, conditions = self._services.lists, self._actor, self.conditions()
        title, large, folder = self.title(), self.large_print.isChecked(), self._services.paths.printouts
        self._ops.write(lambda: lists.print_pdf(actor, title, conditions, folder, large_print=large),
                        self._on_printed, busy=[self.print_button], refused=self._refused)

    def _say_correct_first(self) -> None:
        self.banner.say("warn", self.tr("Correct the conditions marked in red first: the list cannot be printed or "
                                        "exported as it is."))

    def _on_printed(self, made: ListFile) -> None:
        self.banner.say_printed(self.tr("{n} resident(s) on {pages} page(s).").format(n=made.rows, pages=made.pages),
                                made.path)
        from app.views.pdf_preview import PdfPreviewDialog

        self.preview = PdfPreviewDialog(made.path, self.title(), self)
        self.preview.open()

    def _ask_export(self, kind: str) -> None:
        day = local(self._services.clock.now()).strftime("%Y%m%d")
        filters = [self.tr("Excel workbooks (*.xlsx)")] if kind == "xlsx" else [self.tr("CSV files (*.csv)")]
        ask_save_path(self, f"lists_export_{kind}", self.tr("Export the list"), f"{self.title()}-{day}.{kind}",
                      filters, self.export_to)

    def export_to(self, path: Path) -> None:
        if not self._valid:
            self._say_correct_first()
            return
        lists, actor, conditions, title = self._services.lists, self._actor, self.conditions(), self.title()
        write = lists.export_csv if path.suffix.lower() == ".csv" else lists.export_xlsx
        self._ops.write_file(path, lambda: write(actor, title, conditions, path), self._exported,
                             busy=[self.xlsx_button, self.csv_button])

    def _exported(self, made: ListFile) -> str:
        return self.tr("{n} resident(s) were exported to {path}. The file holds residents' names, phone numbers and "
                       "addresses: keep it in the office.").format(n=made.rows, path=made.path.name)
