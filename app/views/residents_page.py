"""Look up residents the same way the intake form does, and add new ones."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ResidentStatus
from app.services.core.auth import Actor, Permission
from app.services.core.container import Services
from app.services.people.personal_data import ErasureResult
from app.services.people.residents import ResidentSummary
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.register_import import RegisterImportDialog, export_register, save_template
from app.views.resident_dialogs import Corrections, status_text
from app.views.resident_widgets import IdReveal, NewResidentPanel
from app.views.tables import Column, RowsModel, read_only_table
from app.views.widgets import Banner, ask_save_path, confirm, hidden_unless, icon, name_widget

LISTED = 200  # rows a search or the register by address shows at most


class ResidentsPage(QWidget):
    resident_opened = Signal(object)  # a resident's id: their page

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("residents_page")
        self._services = services
        self._actor = actor
        self._bus = bus
        self.search = name_widget(QLineEdit(), "residents_search", self.tr("Find resident"))
        self.search.setPlaceholderText(self.tr("Name, pinyin (zhangsan / zs), phone or last 4 digits, ID, "
                                               "or address (3-2-301)"))
        self.search.setClearButtonEnabled(True)
        self.add_button = name_widget(QPushButton(icon("fa5s.user-plus"), self.tr("New resident")),
                                      "residents_add", self.tr("Add a new resident"))
        # A resident's own data (issue 7): shown to those who may do it; the services check again.
        self.export_button = name_widget(QPushButton(icon("fa5s.file-export"), self.tr("Export this resident's data")),
                                         "residents_export_person", self.tr("Export everything stored about the "
                                                                            "selected resident, for them"))
        self.erase_button = name_widget(QPushButton(icon("fa5s.user-slash"), self.tr("Erase personal data")),
                                        "residents_erase", self.tr("Blank the selected resident's personal data, "
                                                                   "keeping their requests anonymised"))
        hidden_unless(self.export_button, actor.can(Permission.EXPORT))
        hidden_unless(self.erase_button, actor.can(Permission.ERASE_PERSONAL_DATA))
        self.export_button.setEnabled(False)
        self.erase_button.setEnabled(False)
        # The whole register at once (issue 17): spreadsheets in and out, and the blank template.
        self.import_register_button = name_widget(QPushButton(icon("fa5s.file-import"), self.tr("Import register")),
                                                  "residents_import_register", self.tr("Import residents from a "
                                                                                       "spreadsheet (xlsx or csv)"))
        self.export_register_button = name_widget(QPushButton(icon("fa5s.file-excel"), self.tr("Export register")),
                                                  "residents_export_register", self.tr("Export the register to xlsx"))
        self.template_button = name_widget(QPushButton(icon("fa5s.file-download"), self.tr("Download template")),
                                           "residents_register_template", self.tr("Save the blank register template"))
        hidden_unless(self.import_register_button, actor.can(Permission.IMPORT_REGISTER))
        hidden_unless(self.export_register_button, actor.can(Permission.EXPORT))
        hidden_unless(self.template_button, actor.can(Permission.IMPORT_REGISTER) or actor.can(Permission.EXPORT))
        self.count = QLabel()
        self.count.setObjectName("residents_count")
        self.banner = Banner("residents_banner")
        self._ops = Operations(self, bus, self.banner)
        self.reveal = IdReveal(services, actor, self._ops, "residents_reveal_id", parent=self, long_label=True)
        self.panel = NewResidentPanel(services, actor, bus)
        self.panel.hide()
        self.model: RowsModel[ResidentSummary] = RowsModel([
            Column(self.tr("Name"), lambda r: r.name),
            Column(self.tr("Gender"), lambda r: {"M": self.tr("male"), "F": self.tr("female")}.get(r.gender or "", "")),
            Column(self.tr("Age"), lambda r: r.age, align_right=True),
            Column(self.tr("Phone"), lambda r: r.phone),
            Column(self.tr("ID number"), self._id_text),
            Column(self.tr("Address"), lambda r: r.address),
            Column(self.tr("Grid"), lambda r: r.grid_name),
            Column(self.tr("Tags"), lambda r: "、".join(r.tag_names)),
            Column(self.tr("Open requests"), lambda r: r.open_cases, align_right=True),
            Column(self.tr("Status"), lambda r: status_text(r) if r.status != ResidentStatus.ACTIVE.value else ""),
        ], muted=lambda r: r.status != ResidentStatus.ACTIVE.value)
        self.table = read_only_table(self.model, "residents_table", self.tr("Residents found"), stretch_column=5)
        # Correcting the register (issue 17): edit, household, moved away / deceased, merge a duplicate.
        self.corrections = Corrections(services, actor, bus, self.banner, self._ops, self.selected,
                                       self._on_resident_changed, self)
        self.include_departed = name_widget(QCheckBox(self.tr("Include moved away and deceased")),
                                            "residents_include_departed",
                                            self.tr("Also find residents who moved away or died"))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.include_departed)
        top.addWidget(self.add_button)
        top.addWidget(self.export_button)
        top.addWidget(self.erase_button)
        self.profile_button = name_widget(QPushButton(icon("fa5s.id-card"), self.tr("Details")),
                                          "residents_profile", self.tr("Everything about the selected resident"))
        hidden_unless(self.profile_button, actor.can(Permission.REGISTER))
        self.profile_button.setEnabled(False)
        self.profile_button.clicked.connect(self._open_profile)
        fixes = QHBoxLayout()
        fixes.addWidget(self.profile_button)
        for button in self.corrections.buttons:
            fixes.addWidget(button)
        fixes.addStretch(1)
        for button in (self.import_register_button, self.export_register_button, self.template_button):
            fixes.addWidget(button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(fixes)
        lay.addWidget(self.banner)
        lay.addWidget(self.panel)
        counted = QHBoxLayout()  # the count, and 显示身份证号 for the selected row (the rows of buttons are full)
        counted.addWidget(self.count, 1)
        counted.addWidget(self.reveal.button)
        lay.addLayout(counted)
        lay.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.run_search)
        self._timer.timeout.connect(self.run_search)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.panel.resident_created.connect(self._on_panel_resident_created)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._on_selection_changed)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.erase_button.clicked.connect(self._on_erase_clicked)
        self.include_departed.toggled.connect(lambda _on: self.run_search())
        self.table.activated.connect(lambda _index: self.corrections.edit())  # double-click or Enter on a row
        self.import_register_button.clicked.connect(self.open_register_import)
        self.export_register_button.clicked.connect(lambda: export_register(self, self._ops, self._services,
                                                                            self._actor))
        self.template_button.clicked.connect(lambda: save_template(self, self._ops))
        self.reveal.changed.connect(self._on_reveal_changed)

    def open_register_import(self) -> RegisterImportDialog:
        dialog = RegisterImportDialog(self._services, self._actor, self._bus, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.choose_file()
        return dialog

    def _id_text(self, r: ResidentSummary) -> str:
        """The service's masked number, or the whole one while the clerk has it revealed (IdReveal)."""
        return self.reveal.number(r)

    def _on_reveal_changed(self) -> None:
        self.model.layoutChanged.emit()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        self.reveal.hide_number()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self.search.text().strip():
            self.run_search()  # the register as it is now (a resident may have been added elsewhere meanwhile)

    def run_search(self) -> None:
        self._timer.stop()
        query, departed = self.search.text(), self.include_departed.isChecked()
        residents, actor = self._services.residents, self._actor
        if query.strip():
            self._ops.read(lambda: residents.search(actor, query, limit=LISTED, include_departed=departed),
                           lambda found: self._show_found(query, found), key="search")
        else:  # nothing typed: the register by address, not a blank page
            self._ops.read(lambda: residents.browse(actor, LISTED, include_departed=departed),
                           lambda found: self._show_found(query, found), key="search")

    def _show_found(self, query: str, found: list[ResidentSummary]) -> None:
        self.model.set_rows(found)
        self.table.resizeColumnsToContents()
        if query.strip():
            self.count.setText(self.tr("{n} resident(s) found").format(n=len(found)))
        elif len(found) >= LISTED:
            self.count.setText(self.tr("The first {n} residents by address; type to find anyone.").format(n=LISTED))
        else:
            self.count.setText(self.tr("{n} resident(s) by address").format(n=len(found)))

    def selected(self) -> ResidentSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _on_selection_changed(self, *_: object) -> None:
        chosen = self.selected() is not None
        self.profile_button.setEnabled(chosen)
        self.export_button.setEnabled(chosen)
        self.erase_button.setEnabled(chosen)
        self.corrections.enable(self.selected())
        self.reveal.set_resident(self.selected())

    def _open_profile(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.resident_opened.emit(chosen.id)

    def _on_resident_changed(self, resident: ResidentSummary) -> None:
        """A correction went through: its row shows the new values (and stays selected)."""
        rows = [self.model.row_at(i) for i in range(self.model.rowCount())]
        at = next((i for i, r in enumerate(rows) if r.id == resident.id), None)
        rows = rows if at is None else [resident if i == at else r for i, r in enumerate(rows)]
        self.model.set_rows(rows if at is not None else [resident])
        self.table.selectRow(at if at is not None else 0)

    def _on_export_clicked(self) -> None:
        resident = self.selected()
        if resident is None:
            return
        day = self._services.clock.now().strftime("%Y%m%d")
        ask_save_path(self, "resident_export_dialog", self.tr("Export this resident's data"),
                      f"resident-{day}.json", [self.tr("JSON files (*.json)")],
                      lambda path: self.export_to(resident, path))

    def export_to(self, resident: ResidentSummary, path: Path) -> None:
        personal_data, actor = self._services.personal_data, self._actor
        self._ops.write(
            lambda: personal_data.export_resident(actor, resident.id, path),
            lambda result: self.banner.say("ok", self.tr(
                "{name}'s data ({cases} request(s)) was saved to {path}. It contains personal data: hand it only to "
                "the resident.").format(name=resident.name, cases=result.cases, path=result.path)),
            busy=[self.export_button])

    def _on_erase_clicked(self) -> None:
        resident = self.selected()
        if resident is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Erase personal data"), self.tr(
            "Why is {name}'s personal data erased (e.g. the resident's written request of today)?").format(
            name=resident.name))
        if not ok:
            return
        if not confirm(self, self.tr("Erase {name}'s personal data?").format(name=resident.name), self.tr(
                "Name, gender, birth date, phone, ID number and address link are blanked for good. Their requests "
                "stay, anonymised. This cannot be undone.")):
            return
        services, actor = self._services, self._actor

        def erase() -> tuple[ErasureResult, ResidentSummary]:
            result = services.personal_data.erase_resident(actor, resident.id, reason)
            return result, services.residents.get(actor, resident.id)

        self._ops.write(erase, lambda answer: self._on_erased(resident, *answer), busy=[self.erase_button])

    def _on_erased(self, resident: ResidentSummary, result: ErasureResult, now: ResidentSummary) -> None:
        text = self.tr("{name}'s personal data was erased; {n} request(s) are kept anonymised.").format(
            name=resident.name, n=result.cases_kept)
        if result.history_mentions:
            text += " " + self.tr("The case history of {cases} still mentions them and cannot be changed.").format(
                cases="、".join(result.history_mentions))
        self.banner.say("ok", text)
        self.model.set_rows([now])

    def _on_add_clicked(self) -> None:
        self.panel.start(self.search.text())

    def _on_panel_resident_created(self, resident: ResidentSummary) -> None:
        self.banner.say("ok", self.tr("{name} was added.").format(name=resident.name))
        self.model.set_rows([resident])
