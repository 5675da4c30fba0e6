"""The tab of volunteers and passbooks (存折): find a volunteer, register or edit one, read, print and correct the
passbook."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import EntryKind, ServiceType
from app.services.core.anchors import PASSBOOK
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.files import Printout, save_printout
from app.services.documents.passbook import Statement, render_passbook
from app.services.ledger.posting import Line, hours
from app.services.ledger.timebank import VolunteerInfo
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.pdf_preview import PdfPreviewDialog
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.timebank.dialogs import VolunteerDialog
from app.views.type_scale import set_role
from app.views.widgets import STRETCH, Banner, ask_reason, icon, label_of, name_widget, row


class PassbooksTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self._bus, self.banner = services, actor, bus, banner
        self._ops = Operations(self, bus, banner)
        self.volunteer_search = name_widget(QLineEdit(), "volunteer_search", self.tr("Find volunteer"))
        self.volunteer_search.setPlaceholderText(self.tr("Name, pinyin, phone or last 4 digits, ID, or address"))
        self.volunteer_search.setClearButtonEnabled(True)
        self.register_button = name_widget(QPushButton(icon("fa5s.user-plus"), self.tr("Register volunteer…")),
                                           "volunteer_register", self.tr("Register a volunteer"))
        self.edit_button = name_widget(QPushButton(icon("fa5s.user-edit"), self.tr("Edit…")), "volunteer_edit",
                                       self.tr("Edit the volunteer"))
        self.passbook_button = name_widget(QPushButton(icon("fa5s.book"), self.tr("Print passbook…")),
                                           "volunteer_passbook", self.tr("Print the passbook"))
        self.volunteer_model: RowsModel[VolunteerInfo] = RowsModel([
            Column(self.tr("No."), lambda v: v.number),
            Column(self.tr("Name"), lambda v: v.name),
            Column(self.tr("Age"), lambda v: v.age, align_right=True),
            Column(self.tr("Phone"), lambda v: v.phone),
            Column(self.tr("Can help with"), lambda v: "、".join(label_of(ServiceType(s)) for s in v.skills)),
            Column(self.tr("Status"), lambda v: label_of(v.status)),
            Column(self.tr("Balance (h)"), lambda v: hours(v.balance), align_right=True),
        ])
        self.volunteer_table = read_only_table(self.volunteer_model, "volunteer_table", self.tr("Volunteers"), 4)
        self.passbook_title = QLabel()
        self.passbook_title.setObjectName("passbook_title")
        self.passbook_title.setStyleSheet("font-weight:bold;")
        set_role(self.passbook_title, "emphasis")
        self.lines_model: RowsModel[Line] = RowsModel([
            Column(self.tr("Date"), lambda ln: f"{local(ln.at):%Y-%m-%d}"),
            Column(self.tr("Description"), lambda ln: ln.memo),
            Column(self.tr("In (h)"), lambda ln: hours(ln.amount_in) if ln.amount_in else "", align_right=True),
            Column(self.tr("Out (h)"), lambda ln: hours(ln.amount_out) if ln.amount_out else "", align_right=True),
            Column(self.tr("Balance (h)"), lambda ln: hours(ln.balance), align_right=True),
            Column(self.tr("Note"), lambda ln: self.tr("reversed") if ln.reversed_by else ""),
        ], muted=lambda ln: ln.reversed_by is not None or ln.kind is EntryKind.REVERSAL)
        self.lines_table = read_only_table(self.lines_model, "passbook_table", self.tr("Passbook lines"), 1)
        self.reverse_button = name_widget(QPushButton(icon("fa5s.undo"), self.tr("Reverse this entry…")),
                                          "entry_reverse", self.tr("Reverse the selected entry"))
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(row((self.volunteer_search, 1), self.register_button, self.edit_button))
        ll.addWidget(self.volunteer_table, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(row((self.passbook_title, 1), self.passbook_button))
        rl.addWidget(self.lines_table, 1)
        rl.addWidget(row(self.reverse_button, STRETCH))
        pl = QHBoxLayout(self)
        pl.addWidget(left, 1)
        pl.addWidget(right, 1)
        self.preview: PdfPreviewDialog | None = None
        self.volunteer_search.textChanged.connect(lambda _t: self.run_volunteer_search())
        self.volunteer_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_passbook())
        self.register_button.clicked.connect(self._on_register_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.passbook_button.clicked.connect(self._on_passbook_clicked)
        self.reverse_button.clicked.connect(self._on_reverse_clicked)

    def run_volunteer_search(self) -> None:
        volunteers, actor, query = self._services.timebank.volunteers, self._actor, self.volunteer_search.text()
        self._ops.read(lambda: volunteers.volunteers(actor, query), self._show_found, key="search")

    def _show_found(self, found: list[VolunteerInfo]) -> None:
        self.volunteer_model.set_rows(found)
        self.volunteer_table.resizeColumnsToContents()
        if found:
            self.volunteer_table.selectRow(0)
        self._show_passbook()

    def current_volunteer(self) -> VolunteerInfo | None:
        return current_row(self.volunteer_table, self.volunteer_model)

    def _show_passbook(self) -> None:
        v = self.current_volunteer()
        if v is None:
            self._ops.forget("passbook")
            self.passbook_title.setText(self.tr("Choose a volunteer to see the passbook"))
            self.lines_model.set_rows([])
            return
        statements, actor = self._services.timebank.statements, self._actor
        self._ops.read(lambda: statements.statement(actor, v.resident_id), lambda st: self._show_statement(v, st),
                       key="passbook")

    def _show_statement(self, v: VolunteerInfo, st: Statement) -> None:
        self.passbook_title.setText(self.tr("{name}  {no}  balance {h} h").format(name=v.name, no=v.number,
                                                                                  h=hours(st.balance)))
        self.lines_model.set_rows(st.lines)
        self.lines_table.resizeColumnsToContents()
        self.lines_table.scrollToBottom()

    def _on_register_clicked(self) -> None:
        dialog = VolunteerDialog(self._services, self._actor, self._bus, parent=self)
        if dialog.exec() and dialog.answer is not None:
            self.banner.say("ok", self.tr("{name} is registered as volunteer {no}.").format(
                name=dialog.answer.name, no=dialog.answer.number))

    def _on_edit_clicked(self) -> None:
        v = self.current_volunteer()
        if v is None:
            self.banner.say("warn", self.tr("Select a volunteer first."))
            return
        VolunteerDialog(self._services, self._actor, self._bus, v, self).exec()

    def _on_passbook_clicked(self) -> None:
        v = self.current_volunteer()
        if v is None:
            self.banner.say("warn", self.tr("Select a volunteer first."))
            return
        statements, anchors, actor = self._services.timebank.statements, self._services.anchors, self._actor
        folder, day = self._services.paths.printouts, local(self._services.clock.now()).date()

        def make() -> Path:
            statement = statements.statement(actor, v.resident_id)
            out = save_printout(folder, Printout.PASSBOOK, day, lambda p: render_passbook(statement, p))
            anchors.note_printed(actor, PASSBOOK, f"存折 {v.number}", statement.anchor)
            return out

        self._ops.read(make, lambda path: self._preview(v, path), key="print")

    def _preview(self, v: VolunteerInfo, path: Path) -> None:
        self.banner.say_printed("", path)
        self.preview = PdfPreviewDialog(path, self.tr("Passbook of {name}").format(name=v.name), self)
        self.preview.open()

    def _on_reverse_clicked(self) -> None:
        index = self.lines_table.currentIndex()
        if not index.isValid():
            self.banner.say("warn", self.tr("Select the passbook line to reverse first."))
            return
        line = self.lines_model.row_at(index.row())
        reason = ask_reason(self, self.tr("Reverse an entry"), self.tr("Why is “{memo}” reversed?").format(
            memo=line.memo))
        if reason is None:
            return
        records, actor = self._services.timebank.records, self._actor
        self._ops.write(lambda: records.reverse(actor, line.entry_id, reason),
                        lambda _: self.banner.say("ok", self.tr("Reversed: {memo}").format(memo=line.memo)),
                        busy=[self.reverse_button])
