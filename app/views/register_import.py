"""Import the community's register from a spreadsheet: choose the file, say which column holds what, look at what
each row would do, then import the good rows or nothing. Also the register's export and the blank template.

The dialog has two steps. "Columns": the sheet (when the file has several) and, for each column of the file, its
header, a few of its values and what it holds (guessed from the header, or as chosen last time for the same
headers). "Check": every row as added, updated (what changes), unchanged or refused (its row number and every
reason), with the counts and a filter; "Import N rows" writes the good rows in one transaction, "Cancel" writes
nothing. Reading, checking and importing run off the GUI thread with a progress bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError
from app.services.people.register_export import RegisterExport
from app.services.people.register_import import ImportFile, ImportPreview, ImportRecord, RegisterImportService
from app.services.people.register_io import RegisterField
from app.services.people.register_plan import Outcome, RowResult
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, read_only_table
from app.views.widgets import Banner, ask_open_path, ask_save_path, name_widget

SHOWN_ROWS = 5000  # the check's table shows this many rows at most (the counts are of all of them)
OUTCOME_COLOURS = {Outcome.ADDED: "#0d5223", Outcome.UPDATED: "#1a3e72", Outcome.UNCHANGED: "#6b6b6b",
                   Outcome.REFUSED: "#8c1d18"}


FIELD_LABELS = {
    RegisterField.IGNORE: QT_TRANSLATE_NOOP("register", "(not imported)"),
    RegisterField.NAME: QT_TRANSLATE_NOOP("register", "Name"),
    RegisterField.GENDER: QT_TRANSLATE_NOOP("register", "Gender"),
    RegisterField.BIRTH_DATE: QT_TRANSLATE_NOOP("register", "Birth date"),
    RegisterField.ID_NUMBER: QT_TRANSLATE_NOOP("register", "ID number"),
    RegisterField.PHONE: QT_TRANSLATE_NOOP("register", "Phone"),
    RegisterField.ADDRESS: QT_TRANSLATE_NOOP("register", "Address (3-2-301)"),
    RegisterField.BUILDING: QT_TRANSLATE_NOOP("register", "Building"),
    RegisterField.UNIT: QT_TRANSLATE_NOOP("register", "Unit"),
    RegisterField.ROOM: QT_TRANSLATE_NOOP("register", "Room"),
    RegisterField.GRID: QT_TRANSLATE_NOOP("register", "Grid"),
    RegisterField.TAGS: QT_TRANSLATE_NOOP("register", "Household type"),
    RegisterField.NOTES: QT_TRANSLATE_NOOP("register", "Notes"),
}
OUTCOME_LABELS = {
    Outcome.ADDED: QT_TRANSLATE_NOOP("register", "Add"),
    Outcome.UPDATED: QT_TRANSLATE_NOOP("register", "Update"),
    Outcome.UNCHANGED: QT_TRANSLATE_NOOP("register", "No change"),
    Outcome.REFUSED: QT_TRANSLATE_NOOP("register", "Refused"),
}


def field_label(field: RegisterField) -> str:
    return QCoreApplication.translate("register", FIELD_LABELS[field])


def outcome_label(outcome: Outcome) -> str:
    return QCoreApplication.translate("register", OUTCOME_LABELS[outcome])


class _PreviewModel(RowsModel[RowResult]):
    """The rows of the check, the outcome in its colour (and in words: colour is never the only sign)."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 2:
            return QColor(OUTCOME_COLOURS[self.row_at(index.row()).outcome])
        return super().data(index, role)


class RegisterImportDialog(QDialog):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("register_import")
        self.setWindowTitle(self.tr("Import the register from a spreadsheet"))
        self.resize(1100, 680)
        self._register = services.register_import
        self._actor = actor
        self.opened: ImportFile | None = None
        self.preview: ImportPreview | None = None
        self.record: ImportRecord | None = None
        self.banner = Banner("register_import_banner")
        self.ops = Operations(self, bus, self.banner)
        self.file_label = QLabel()
        self.file_label.setObjectName("register_import_file")
        self.file_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("register_import_progress")
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.hide()
        self.steps = QStackedWidget()
        self.steps.addWidget(self._columns_step())
        self.steps.addWidget(self._check_step())
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.file_label)
        lay.addWidget(self.steps, 1)
        lay.addWidget(self.progress)
        lay.addLayout(self._buttons())

    # --- layout ---------------------------------------------------------------------------------

    def _columns_step(self) -> QWidget:
        page = QWidget()
        self.sheet = name_widget(QComboBox(), "register_import_sheet", self.tr("Sheet"))
        self.sheet_label = QLabel(self.tr("Sheet:"))
        self.mapping_note = QLabel()
        self.mapping_note.setObjectName("register_import_mapping_note")
        self.mapping_note.setWordWrap(True)
        self.mapping = QTableWidget(0, 3)
        self.mapping.setObjectName("register_import_mapping")
        self.mapping.setAccessibleName(self.tr("Columns of the file and what they hold"))
        self.mapping.setHorizontalHeaderLabels([self.tr("Column in the file"), self.tr("First values"),
                                                self.tr("Holds")])
        self.mapping.verticalHeader().hide()
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        top = QHBoxLayout()
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet, 1)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.mapping_note)
        lay.addWidget(self.mapping, 1)
        self.sheet.activated.connect(self._on_sheet_chosen)
        return page

    def _check_step(self) -> QWidget:
        page = QWidget()
        self.counts = QLabel()
        self.counts.setObjectName("register_import_counts")
        self.counts.setWordWrap(True)
        self.show_only = name_widget(QComboBox(), "register_import_filter", self.tr("Show"))
        self.show_only.addItem(self.tr("All rows"), None)
        for outcome in (Outcome.REFUSED, Outcome.ADDED, Outcome.UPDATED, Outcome.UNCHANGED):
            self.show_only.addItem(outcome_label(outcome), outcome)
        self.model = _PreviewModel([
            Column(self.tr("Row"), lambda r: r.row, align_right=True),
            Column(self.tr("Name"), lambda r: r.name),
            Column(self.tr("Result"), lambda r: outcome_label(r.outcome)),
            Column(self.tr("Reason or changes"), self._details),
        ])
        self.table = read_only_table(self.model, "register_import_rows", self.tr("What each row would do"),
                                     stretch_column=3)
        self.table.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.show_only)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        self.show_only.currentIndexChanged.connect(lambda _i: self._fill_rows())
        return page

    def _buttons(self) -> QHBoxLayout:
        self.back_button = name_widget(QPushButton(self.tr("Back to the columns")), "register_import_back",
                                       self.tr("Back to the columns"))
        self.check_button = name_widget(QPushButton(self.tr("Check the rows")), "register_import_check",
                                        self.tr("Check every row without importing anything"))
        self.import_button = name_widget(QPushButton(), "register_import_commit", self.tr("Import the good rows"))
        self.cancel_button = name_widget(QPushButton(self.tr("Cancel (import nothing)")), "register_import_cancel",
                                         self.tr("Close without importing anything"))
        self.check_button.setDefault(True)
        self.back_button.hide()
        self.import_button.hide()
        self.check_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.check_button)
        row.addWidget(self.import_button)
        row.addWidget(self.cancel_button)
        self.back_button.clicked.connect(self._on_back_clicked)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.commit)
        self.cancel_button.clicked.connect(self.reject)
        return row

    # --- step 1: the file and its columns -------------------------------------------------------

    def choose_file(self) -> None:
        ask_open_path(self, "register_import_file_dialog", self.tr("Choose the register spreadsheet"),
                      [self.tr("Spreadsheets (*.xlsx *.csv)")], self.open_path)

    def open_path(self, path: Path, sheet: str | None = None) -> None:
        self.file_label.setText(self.tr("Reading {file}…").format(file=path.name))
        self.banner.hide()
        self.progress.setRange(0, 0)  # reading a large workbook takes a few seconds: the bar says it is under way
        self.progress.show()
        register, actor = self._register, self._actor
        self.ops.read(lambda: register.open_file(actor, path, sheet), self._show_columns, key="open",
                      refused=self._refused)

    def _on_sheet_chosen(self, index: int) -> None:
        if self.opened is not None and self.sheet.itemText(index) != self.opened.sheet:
            self.open_path(self.opened.path, self.sheet.itemText(index))

    def _show_columns(self, opened: ImportFile) -> None:
        self.progress.hide()
        self.opened = opened
        self.file_label.setText(self.tr("{file}: {rows} rows under the headers on row {header}.").format(
            file=opened.file_name, rows=opened.rows, header=opened.header_row))
        self.sheet.clear()
        self.sheet.addItems(list(opened.sheets))
        self.sheet.setCurrentText(opened.sheet)
        several = len(opened.sheets) > 1
        self.sheet.setVisible(several)
        self.sheet_label.setVisible(several)
        self.mapping_note.setText(self.tr(
            "These columns were chosen last time for a file with the same headers. Check them, then press "
            "Check the rows.") if opened.remembered else self.tr(
            "Say what each column holds (the name is required). Columns not needed stay \"not imported\". "
            "Your choice is remembered for files with the same headers."))
        self.mapping.setRowCount(len(opened.columns))
        for i, column in enumerate(opened.columns):
            self.mapping.setItem(i, 0, QTableWidgetItem(column.header))
            self.mapping.setItem(i, 1, QTableWidgetItem("  |  ".join(column.samples)))
            combo = name_widget(QComboBox(), f"register_import_field_{i}",
                                self.tr("What column {header} holds").format(header=column.header))
            for field in RegisterField:
                combo.addItem(field_label(field), field)
            combo.setCurrentIndex(combo.findData(column.field))
            self.mapping.setCellWidget(i, 2, combo)
        self.mapping.resizeColumnToContents(0)
        self.mapping.setColumnWidth(2, 220)
        self.steps.setCurrentIndex(0)
        self.check_button.setEnabled(True)

    def fields(self) -> tuple[RegisterField, ...]:
        combos = [self.mapping.cellWidget(i, 2) for i in range(self.mapping.rowCount())]
        return tuple(RegisterField(c.currentData()) if isinstance(c, QComboBox) else RegisterField.IGNORE
                     for c in combos)

    def set_field(self, header: str, field: RegisterField) -> None:
        """Choose what the column ``header`` holds (as the user does with its list)."""
        for i in range(self.mapping.rowCount()):
            item, combo = self.mapping.item(i, 0), self.mapping.cellWidget(i, 2)
            if item is not None and item.text() == header and isinstance(combo, QComboBox):
                combo.setCurrentIndex(combo.findData(field))

    # --- step 2: the check, then the import -----------------------------------------------------

    def check(self) -> None:
        if self.opened is None:
            return
        register, actor, opened, fields = self._register, self._actor, self.opened, self.fields()
        self._start_progress(self.tr("Checking every row…"))
        self.ops.read_reporting(lambda report: register.preview(actor, opened.path, opened.sheet, fields, report),
                                self._show_preview, self._on_progress, key="check",
                                refused=self._refused)

    def _show_preview(self, preview: ImportPreview) -> None:
        self.progress.hide()
        self.preview = preview
        self.counts.setText(self.tr(
            "{added} to add, {updated} to update, {unchanged} already as in the register, {refused} refused. "
            "Nothing is written until you press Import.").format(
            added=preview.added, updated=preview.updated, unchanged=preview.unchanged, refused=preview.refused))
        good = preview.added + preview.updated
        self.import_button.setText(self.tr("Import {n} good rows").format(n=good))
        self.import_button.setEnabled(good > 0)
        self.show_only.setCurrentIndex(1 if preview.refused else 0)
        self._fill_rows()
        self.steps.setCurrentIndex(1)
        self.check_button.hide()
        self.back_button.show()
        self.import_button.show()
        self.file_label.setText(self.tr("{file}, sheet {sheet}").format(file=preview.file_name, sheet=preview.sheet))
        if preview.refused:
            self.banner.say("warn", self.tr(
                "{n} row(s) are refused and will not be imported; each says why. Correct them in the spreadsheet "
                "and import it again, or import the good rows now.").format(n=preview.refused))
        else:
            self.banner.hide()

    def _fill_rows(self) -> None:
        if self.preview is None:
            return
        wanted = self.show_only.currentData()
        rows = [r for r in self.preview.rows if wanted is None or r.outcome == wanted]  # Qt gives the value back
        self.model.set_rows(rows[:SHOWN_ROWS])
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(2)

    def _details(self, row: RowResult) -> str:
        preview = self.preview
        if preview is None:
            return ""
        if row.problems:
            return "；".join(preview.reason(p, QCoreApplication.translate) for p in row.problems)
        return "；".join(preview.change(c) for c in row.changes)

    def commit(self) -> None:
        if self.preview is None:
            return
        register, actor, preview = self._register, self._actor, self.preview
        self._start_progress(self.tr("Importing…"))
        self.ops.write_reporting(lambda report: register.commit(actor, preview, report), self._imported,
                                 self._on_progress, busy=[self.import_button, self.back_button, self.cancel_button],
                                 refused=self._refused, key="commit")

    def _imported(self, record: ImportRecord) -> None:
        self.progress.hide()
        self.record = record
        self.banner.say("ok", self.tr(
            "Imported: {added} added, {updated} updated. The {refused} refused row(s) were not imported.").format(
            added=record.added, updated=record.updated, refused=record.refused))
        self.import_button.hide()
        self.back_button.hide()
        self.cancel_button.setText(self.tr("Close"))

    def reject(self) -> None:
        """Cancel, Esc or the window's close: nothing is imported. While an import is writing, the dialog stays: its
        one transaction either finishes or writes nothing, and the user sees which."""
        if self.ops.running("commit"):
            return
        super().reject()

    def _on_back_clicked(self) -> None:
        self.steps.setCurrentIndex(0)
        self.back_button.hide()
        self.import_button.hide()
        self.check_button.show()
        self.banner.hide()

    # --- progress and refusals ------------------------------------------------------------------

    def _start_progress(self, text: str) -> None:
        self.banner.say("info", text)
        self.progress.setRange(0, 0)  # busy until the first report
        self.progress.show()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _refused(self, exc: DomainError) -> None:
        """A refusal (a bad file, the file changed since the check): said in the banner, the bar gone."""
        self.progress.hide()
        self.ops.show_refusal(exc)


def export_register(page: QWidget, ops: Operations, services: Services, actor: Actor) -> None:
    """Ask where, then write the register in the template's columns (the residents page's 导出名册)."""
    day = services.clock.now().strftime("%Y%m%d")

    def write(path: Path) -> None:
        register = services.register_import

        def said(result: RegisterExport) -> str:
            text = QCoreApplication.translate("register", "The register ({n} residents) was saved to {path}.").format(
                n=result.residents, path=result.path)
            if not result.id_numbers:
                text += " " + QCoreApplication.translate(
                    "register", "Without ID numbers (your role may not see them): it cannot be imported back as it is.")
            return text

        ops.write_file(path, lambda: register.export_xlsx(actor, path), said)

    ask_save_path(page, "register_export_dialog", QCoreApplication.translate("register", "Export the register"),
                  f"居民花名册-{day}.xlsx", [QCoreApplication.translate("register", "Excel workbooks (*.xlsx)")], write)


def save_template(page: QWidget, ops: Operations) -> None:
    """Ask where, then write the blank register with its notes (the residents page's 下载模板)."""
    def write(path: Path) -> None:
        ops.write_file(path, lambda: RegisterImportService.write_template(path), lambda saved: QCoreApplication
                       .translate("register", "The template was saved to {path}.").format(path=saved))

    ask_save_path(page, "register_template_dialog", QCoreApplication.translate("register", "Save the template"),
                  "居民花名册模板.xlsx", [QCoreApplication.translate("register", "Excel workbooks (*.xlsx)")], write)
