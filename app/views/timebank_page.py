"""The time-bank officer's page: volunteers and passbooks, service records to verify and credit, spending hours,
and family links. Every rule is the service's; this page shows its answers next to the field they concern."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import EntryKind, LinkStatus, RecordStatus, Relation, ServiceType, VolunteerStatus
from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.documents.passbook import render_passbook
from app.services.ledger.posting import CapExceeded, Line, hours
from app.services.ledger.timebank import (
    LinkInfo,
    RecordFilter,
    RecordInfo,
    RedemptionInput,
    ServiceInput,
    VolunteerInfo,
)
from app.views.bus import ChangeBus
from app.views.pdf_preview import PdfPreviewDialog
from app.views.resident_widgets import ResidentLookup
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.timebank_dialogs import (
    GroupDialog,
    RulesDialog,
    VolunteerDialog,
    ask_reason,
    service_type_combo,
    to_time,
)
from app.views.widgets import STRETCH, Banner, FieldErrorsView, confirm, icon, label_of, name_widget, render_error, row


def _selected_rows(table: QTableView) -> list[int]:
    return sorted({i.row() for i in table.selectionModel().selectedRows()})


def _hours_box(name: str, accessible: str) -> QDoubleSpinBox:
    box = name_widget(QDoubleSpinBox(), name, accessible)
    assert isinstance(box, QDoubleSpinBox)
    box.setRange(0, 1500)
    box.setDecimals(2)
    box.setSingleStep(0.25)
    box.setSuffix(QCoreApplication.translate("TimeBankPage", " h"))
    return box


class TimeBankPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timebank_page")
        self._services, self._actor, self._bus = services, actor, bus
        self.banner = Banner("timebank_banner")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("timebank_tabs")
        self.tabs.addTab(self._volunteers_tab(), icon("fa5s.hands-helping"), self.tr("Volunteers && passbooks"))
        self.tabs.addTab(self._records_tab(), icon("fa5s.clipboard-check"), self.tr("Service records"))
        self.tabs.addTab(self._spend_tab(), icon("fa5s.exchange-alt"), self.tr("Redeem && transfer"))
        self.tabs.addTab(self._links_tab(), icon("fa5s.user-friends"), self.tr("Family links"))
        self.rules_button = name_widget(QPushButton(icon("fa5s.sliders-h"), self.tr("Rules…")), "timebank_rules",
                                        self.tr("Time-bank rules"))
        self.rules_button.setVisible(actor.can(Permission.TIMEBANK_RULES))
        self.export_button = name_widget(QPushButton(icon("fa5s.file-excel"), self.tr("Export to Excel…")),
                                         "timebank_export", self.tr("Export accounts and movements"))
        self.pool_label = QLabel()
        self.pool_label.setObjectName("timebank_pool")
        top = QHBoxLayout()
        top.addWidget(self.pool_label, 1)
        top.addWidget(self.rules_button)
        top.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs, 1)
        self.rules_button.clicked.connect(self._on_rules_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.preview: PdfPreviewDialog | None = None
        self.refresh()

    # --- helpers ------------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            self._volunteers = self._services.timebank.volunteers.volunteers(self._actor, "")
            pool = self._services.timebank.statements.pool_balance(self._actor)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.pool_label.setText(self.tr("Community pool: {h} h").format(h=hours(pool)))
        for combo in (self.record_volunteer, self.spend_holder, self.link_holder):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("— choose a volunteer —"), None)
            for v in self._volunteers:
                combo.addItem(f"{v.name}  {v.number}", v.resident_id if combo is not self.record_volunteer else v.id)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.run_volunteer_search()
        self.load_records()
        self._on_spend_holder_changed()
        self.load_links()

    def _volunteer_combo(self, name: str, accessible: str) -> QComboBox:
        combo = name_widget(QComboBox(), name, accessible)
        assert isinstance(combo, QComboBox)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        return combo

    # --- volunteers and passbooks ---------------------------------------------------------------

    def _volunteers_tab(self) -> QWidget:
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
        self.passbook_title.setStyleSheet("font-size:13pt; font-weight:bold;")
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
        page = QWidget()
        pl = QHBoxLayout(page)
        pl.addWidget(left, 1)
        pl.addWidget(right, 1)
        self.volunteer_search.textChanged.connect(lambda _t: self.run_volunteer_search())
        self.volunteer_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_passbook())
        self.register_button.clicked.connect(self._on_register_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.passbook_button.clicked.connect(self._on_passbook_clicked)
        self.reverse_button.clicked.connect(self._on_reverse_clicked)
        return page

    def run_volunteer_search(self) -> None:
        try:
            found = self._services.timebank.volunteers.volunteers(self._actor, self.volunteer_search.text())
        except DomainError as exc:
            self.banner.refuse(exc)
            return
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
            self.passbook_title.setText(self.tr("Choose a volunteer to see the passbook"))
            self.lines_model.set_rows([])
            return
        try:
            st = self._services.timebank.statements.statement(self._actor, v.resident_id)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.passbook_title.setText(self.tr("{name}  {no}  balance {h} h").format(name=v.name, no=v.number,
                                                                                  h=hours(st.balance)))
        self.lines_model.set_rows(st.lines)
        self.lines_table.resizeColumnsToContents()
        self.lines_table.scrollToBottom()

    def _on_register_clicked(self) -> None:
        dialog = VolunteerDialog(self._services, self._actor, parent=self)
        if dialog.exec() and dialog.result_info is not None:
            self.banner.say("ok", self.tr("{name} is registered as volunteer {no}.").format(
                name=dialog.result_info.name, no=dialog.result_info.number))
            self.refresh()

    def _on_edit_clicked(self) -> None:
        v = self.current_volunteer()
        if v is None:
            self.banner.say("warn", self.tr("Select a volunteer first."))
            return
        if VolunteerDialog(self._services, self._actor, v, self).exec():
            self.refresh()

    def _on_passbook_clicked(self) -> None:
        v = self.current_volunteer()
        if v is None:
            self.banner.say("warn", self.tr("Select a volunteer first."))
            return
        try:
            st = self._services.timebank.statements.statement(self._actor, v.resident_id)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        out = Path(tempfile.mkdtemp(prefix="passbook-")) / f"passbook-{v.number}.pdf"
        render_passbook(st, out)
        self.preview = PdfPreviewDialog(out, self.tr("Passbook of {name}").format(name=v.name), self)
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
        try:
            self._services.timebank.records.reverse(self._actor, line.entry_id, reason)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.banner.say("ok", self.tr("Reversed: {memo}").format(memo=line.memo))
        self.refresh()

    # --- service records ------------------------------------------------------------------------

    def _records_tab(self) -> QWidget:
        self.record_errors = FieldErrorsView()
        form = QFormLayout()
        self.record_volunteer = self._volunteer_combo("record_volunteer", self.tr("Volunteer"))
        self.record_errors.add_row(form, "volunteer", self.tr("Volunteer"), self.record_volunteer)
        self.record_recipient = ResidentLookup(self._services, self._actor)
        self.record_errors.add_row(form, "recipient", self.tr("Served resident (optional)"), self.record_recipient)
        self.record_type = service_type_combo("record_type", self.tr("Kind of service"))
        self.record_errors.add_row(form, "service_type", self.tr("Kind of service"), self.record_type)
        today = local(self._services.clock.now())
        self.record_day = name_widget(QDateEdit(QDate(today.year, today.month, today.day)), "record_day",
                                      self.tr("Date"))
        self.record_day.setCalendarPopup(True)
        self.record_day.setDisplayFormat("yyyy-MM-dd")
        self.record_errors.add_row(form, "day", self.tr("Date"), self.record_day)
        self.record_start = name_widget(QTimeEdit(QTime(9, 0)), "record_start", self.tr("From"))
        self.record_end = name_widget(QTimeEdit(QTime(10, 0)), "record_end", self.tr("To"))
        self.record_errors.add_row(form, "start", self.tr("From"), self.record_start)
        self.record_errors.add_row(form, "end", self.tr("To"), self.record_end)
        self.record_notes = name_widget(QLineEdit(), "record_notes", self.tr("Notes"))
        self.record_errors.add_row(form, "notes", self.tr("Notes"), self.record_notes)
        self.record_save = name_widget(QPushButton(icon("fa5s.save"), self.tr("Save record")), "record_save",
                                       self.tr("Save the service record"))
        self.group_button = name_widget(QPushButton(icon("fa5s.users"), self.tr("Group activity…")),
                                        "record_group", self.tr("Record a group activity"))
        box = QGroupBox(self.tr("Record a service"))
        bl = QVBoxLayout(box)
        bl.addLayout(form)
        bl.addWidget(row(self.record_save, self.group_button, STRETCH))

        self.record_filter = name_widget(QComboBox(), "record_filter", self.tr("Show"))
        self.record_filter.addItem(self.tr("All records"), None)
        for s in RecordStatus:
            self.record_filter.addItem(label_of(s), s.value)
        self.record_filter.setCurrentIndex(self.record_filter.findData(RecordStatus.PENDING.value))
        self.records_model: RowsModel[RecordInfo] = RowsModel([
            Column(self.tr("Date"), lambda r: f"{r.day:%Y-%m-%d}"),
            Column(self.tr("Time"), lambda r: f"{local(r.start_at):%H:%M}-{local(r.end_at):%H:%M}"),
            Column(self.tr("Volunteer"), lambda r: r.volunteer_name),
            Column(self.tr("Service"), lambda r: label_of(r.service_type) + (f"（{r.activity_title}）"
                                                                             if r.activity_title else "")),
            Column(self.tr("Served"), lambda r: r.recipient_name),
            Column(self.tr("Credit (h)"), lambda r: hours(r.credit_minutes), align_right=True),
            Column(self.tr("Status"), lambda r: label_of(r.status)),
            Column(self.tr("Recorded by"), lambda r: r.recorded_by),
            Column(self.tr("Verified by"), lambda r: r.verified_by),
            Column(self.tr("Note"), lambda r: r.reject_reason or r.notes),
        ], muted=lambda r: r.status in (RecordStatus.REJECTED, RecordStatus.REVERSED))
        self.records_table = read_only_table(self.records_model, "records_table", self.tr("Service records"), 9)
        self.records_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.verify_button = name_widget(QPushButton(icon("fa5s.check"), self.tr("Verify")), "records_verify",
                                         self.tr("Verify the selected records"))
        self.credit_button = name_widget(QPushButton(icon("fa5s.piggy-bank"), self.tr("Credit")), "records_credit",
                                         self.tr("Credit the selected records"))
        self.reject_button = name_widget(QPushButton(icon("fa5s.times"), self.tr("Reject…")), "records_reject",
                                         self.tr("Reject the selected records"))
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.addWidget(box)
        pl.addWidget(row(QLabel(self.tr("Show")), self.record_filter, STRETCH, self.verify_button, self.credit_button,
                         self.reject_button))
        pl.addWidget(self.records_table, 1)
        self.record_save.clicked.connect(self.save_record)
        self.group_button.clicked.connect(self._on_group_clicked)
        self.record_filter.currentIndexChanged.connect(lambda _i: self.load_records())
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.credit_button.clicked.connect(self._on_credit_clicked)
        self.reject_button.clicked.connect(self._on_reject_clicked)
        return page

    def load_records(self) -> None:
        status = self.record_filter.currentData()
        try:
            found = self._services.timebank.records.records(self._actor, RecordFilter(
                status=RecordStatus(status) if status else None))
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.records_model.set_rows(found)
        self.records_table.resizeColumnsToContents()

    def save_record(self) -> RecordInfo | None:
        self.record_errors.clear()
        recipient = self.record_recipient.selected
        data = ServiceInput(self.record_volunteer.currentData(), str(self.record_type.currentData()),
                            self.record_day.date().toPython(), to_time(self.record_start), to_time(self.record_end),
                            recipient_id=recipient.id if recipient else None, notes=self.record_notes.text())
        try:
            saved = self._services.timebank.records.record(self._actor, data)
        except DomainError as exc:
            self.banner.refuse(exc, self.record_errors)
            return None
        self.banner.say("ok", self.tr("Recorded {h} h of {kind} for {name}; it is credited once verified.").format(
            h=hours(saved.credit_minutes), kind=label_of(saved.service_type), name=saved.volunteer_name))
        self.record_notes.clear()
        self.record_recipient.clear()
        self.load_records()
        return saved

    def _on_group_clicked(self) -> None:
        active = [v for v in self._volunteers if v.status is VolunteerStatus.ACTIVE]
        dialog = GroupDialog(self._services, self._actor, active, self)
        if dialog.exec() and dialog.saved:
            self.banner.say("ok", self.tr("Recorded the activity for {n} volunteer(s); verify to credit them.")
                            .format(n=len(dialog.saved)))
            self.load_records()

    def selected_records(self) -> list[RecordInfo]:
        return [self.records_model.row_at(r) for r in _selected_rows(self.records_table)]

    def _on_verify_clicked(self) -> None:
        chosen = self.selected_records()
        try:
            done = self._services.timebank.records.verify(self._actor, [r.id for r in chosen])
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.banner.say("ok", self.tr("{n} record(s) verified.").format(n=len(done)))
        self.load_records()

    def _on_credit_clicked(self) -> None:
        chosen = self.selected_records()
        ids = [r.id for r in chosen]
        try:
            done = self._services.timebank.records.credit(self._actor, ids)
        except CapExceeded as exc:
            question = self.tr("{message}\n\nDonate what does not fit ({h} h) to the community pool?").format(
                message=render_error(exc), h=hours(exc.overflow))
            if not confirm(self, self.tr("Storage cap reached"), question):
                self.banner.say("warn", render_error(exc))
                return
            try:
                done = self._services.timebank.records.credit(self._actor, ids, donate_overflow=True)
            except DomainError as again:
                self.banner.refuse(again)
                return
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        total = sum(r.credit_minutes for r in done)
        self.banner.say("ok", self.tr("{n} record(s) credited, {h} h in all.").format(n=len(done), h=hours(total)))
        self.refresh()

    def _on_reject_clicked(self) -> None:
        chosen = self.selected_records()
        if not chosen:
            self.banner.say("warn", self.tr("Select the records first."))
            return
        reason = ask_reason(self, self.tr("Reject records"), self.tr("Why are these {n} record(s) rejected?").format(
            n=len(chosen)))
        if reason is None:
            return
        try:
            self._services.timebank.records.reject(self._actor, [r.id for r in chosen], reason)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.banner.say("ok", self.tr("{n} record(s) rejected.").format(n=len(chosen)))
        self.load_records()

    # --- spending hours -------------------------------------------------------------------------

    def _spend_tab(self) -> QWidget:
        self.spend_errors = FieldErrorsView()
        form = QFormLayout()
        self.spend_holder = self._volunteer_combo("spend_holder", self.tr("Whose hours"))
        self.spend_errors.add_row(form, "holder", self.tr("Whose hours"), self.spend_holder)
        self.spend_balance = QLabel()
        self.spend_balance.setObjectName("spend_balance")
        form.addRow(self.tr("Balance"), self.spend_balance)
        self.spend_action = name_widget(QComboBox(), "spend_action", self.tr("What"))
        self.spend_action.addItem(self.tr("Redeem for a service"), "redeem")
        self.spend_action.addItem(self.tr("Transfer to a family member"), "transfer")
        self.spend_action.addItem(self.tr("Donate to the community pool"), "donate")
        form.addRow(self.tr("What"), self.spend_action)
        self.spend_beneficiary = name_widget(QComboBox(), "spend_beneficiary", self.tr("For whom"))
        self.spend_errors.add_row(form, "beneficiary", self.tr("For whom"), self.spend_beneficiary)
        self.spend_type = service_type_combo("spend_type", self.tr("Service received"))
        self.spend_errors.add_row(form, "service_type", self.tr("Service received"), self.spend_type)
        today = local(self._services.clock.now())
        self.spend_day = name_widget(QDateEdit(QDate(today.year, today.month, today.day)), "spend_day",
                                     self.tr("Date"))
        self.spend_day.setDisplayFormat("yyyy-MM-dd")
        self.spend_errors.add_row(form, "day", self.tr("Date"), self.spend_day)
        self.spend_hours = _hours_box("spend_hours", self.tr("Hours"))
        self.spend_errors.add_row(form, "minutes", self.tr("Hours"), self.spend_hours)
        self.spend_provider = name_widget(QLineEdit(), "spend_provider", self.tr("Served by"))
        self.spend_errors.add_row(form, "provider", self.tr("Served by"), self.spend_provider)
        self.spend_notes = name_widget(QLineEdit(), "spend_notes", self.tr("Notes"))
        self.spend_errors.add_row(form, "notes", self.tr("Notes"), self.spend_notes)
        self.spend_button = name_widget(QPushButton(icon("fa5s.check"), self.tr("Confirm")), "spend_confirm",
                                        self.tr("Confirm"))
        box = QGroupBox(self.tr("Use hours"))
        bl = QVBoxLayout(box)
        bl.addLayout(form)
        bl.addWidget(row(self.spend_button, STRETCH))
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.addWidget(box)
        # The director grants pool hours to elderly residents who could never earn them.
        self.grant_errors = FieldErrorsView()
        gform = QFormLayout()
        self.grant_resident = ResidentLookup(self._services, self._actor)
        self.grant_errors.add_row(gform, "resident", self.tr("Elderly resident"), self.grant_resident)
        self.grant_hours = _hours_box("grant_hours", self.tr("Hours"))
        self.grant_errors.add_row(gform, "minutes", self.tr("Hours"), self.grant_hours)
        self.grant_reason = name_widget(QLineEdit(), "grant_reason", self.tr("Reason"))
        self.grant_errors.add_row(gform, "reason", self.tr("Reason"), self.grant_reason)
        self.grant_button = name_widget(QPushButton(icon("fa5s.gift"), self.tr("Grant from the pool")),
                                        "grant_confirm", self.tr("Grant from the pool"))
        self.grant_box = QGroupBox(self.tr("Grant from the community pool"))
        gl = QVBoxLayout(self.grant_box)
        gl.addLayout(gform)
        gl.addWidget(row(self.grant_button, STRETCH))
        self.grant_box.setVisible(self._actor.can(Permission.TIMEBANK_GRANT))
        pl.addWidget(self.grant_box)
        pl.addStretch(1)
        self.spend_holder.currentIndexChanged.connect(lambda _i: self._on_spend_holder_changed())
        self.spend_action.currentIndexChanged.connect(lambda _i: self._on_spend_holder_changed())
        self.spend_button.clicked.connect(self.spend)
        self.grant_button.clicked.connect(self.grant)
        return page

    def _on_spend_holder_changed(self) -> None:
        holder = self.spend_holder.currentData()
        action = self.spend_action.currentData()
        self.spend_beneficiary.clear()
        for w in (self.spend_type, self.spend_day, self.spend_provider):
            w.setEnabled(action == "redeem")
        self.spend_beneficiary.setEnabled(action != "donate")
        if holder is None:
            self.spend_balance.setText("—")
            return
        try:
            balance = self._services.timebank.statements.balance(self._actor, holder)
            people = self._services.timebank.family.beneficiaries(self._actor, holder)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.spend_balance.setText(self.tr("{h} h").format(h=hours(balance)))
        for p in people:
            if action == "transfer" and p.relation is None:
                continue
            text = p.name if p.relation is None else f"{p.name}（{label_of(p.relation)}）"
            self.spend_beneficiary.addItem(text, p.resident_id)

    def spend(self) -> None:
        self.spend_errors.clear()
        holder = self.spend_holder.currentData()
        action = self.spend_action.currentData()
        minutes = round(self.spend_hours.value() * 60)
        try:
            if action == "redeem":
                self._services.timebank.spending.redeem(self._actor, RedemptionInput(
                    holder, self.spend_beneficiary.currentData(), str(self.spend_type.currentData()),
                    self.spend_day.date().toPython(), minutes, self.spend_provider.text(), self.spend_notes.text()))
            elif action == "transfer":
                self._services.timebank.spending.transfer(self._actor, holder, self.spend_beneficiary.currentData(),
                                                          minutes, self.spend_notes.text())
            else:
                self._services.timebank.spending.donate(self._actor, holder, minutes, self.spend_notes.text())
        except DomainError as exc:
            self.banner.refuse(exc, self.spend_errors)
            return
        self.banner.say("ok", self.tr("Done: {h} h taken from {name}.").format(
            h=hours(minutes), name=self.spend_holder.currentText().split()[0]))
        self.spend_hours.setValue(0)
        self.spend_notes.clear()
        self.spend_provider.clear()
        self.refresh()

    def grant(self) -> None:
        self.grant_errors.clear()
        resident = self.grant_resident.selected
        minutes = round(self.grant_hours.value() * 60)
        try:
            self._services.timebank.spending.grant(self._actor, resident.id if resident else None, minutes,
                                          self.grant_reason.text())
        except DomainError as exc:
            self.banner.refuse(exc, self.grant_errors)
            return
        self.banner.say("ok", self.tr("Granted {h} h to {name} from the pool.").format(
            h=hours(minutes), name=resident.name if resident else ""))
        self.grant_resident.clear()
        self.grant_hours.setValue(0)
        self.grant_reason.clear()
        self.refresh()

    # --- family links ---------------------------------------------------------------------------

    def _links_tab(self) -> QWidget:
        self.link_errors = FieldErrorsView()
        form = QFormLayout()
        self.link_holder = self._volunteer_combo("link_holder", self.tr("Volunteer"))
        self.link_errors.add_row(form, "holder", self.tr("Volunteer"), self.link_holder)
        self.link_relative = ResidentLookup(self._services, self._actor)
        self.link_errors.add_row(form, "relative", self.tr("Family member"), self.link_relative)
        self.link_relation = name_widget(QComboBox(), "link_relation", self.tr("Relation"))
        for rel in Relation:
            self.link_relation.addItem(label_of(rel), rel.value)
        self.link_errors.add_row(form, "relation", self.tr("Relation"), self.link_relation)
        self.link_proof = name_widget(QLineEdit(), "link_proof", self.tr("Proof"))
        self.link_proof.setPlaceholderText(self.tr("e.g. household register, marriage certificate No. …"))
        self.link_errors.add_row(form, "proof", self.tr("Proof"), self.link_proof)
        self.link_button = name_widget(QPushButton(icon("fa5s.link"), self.tr("Record the link")), "link_save",
                                       self.tr("Record the family link"))
        box = QGroupBox(self.tr("Link a family member (approved by a second person)"))
        bl = QVBoxLayout(box)
        bl.addLayout(form)
        bl.addWidget(row(self.link_button, STRETCH))
        self.links_model: RowsModel[LinkInfo] = RowsModel([
            Column(self.tr("Volunteer"), lambda x: x.holder_name),
            Column(self.tr("Family member"), lambda x: x.relative_name),
            Column(self.tr("Relation"), lambda x: label_of(x.relation)),
            Column(self.tr("Proof"), lambda x: x.proof),
            Column(self.tr("Status"), lambda x: label_of(x.status)),
            Column(self.tr("Recorded by"), lambda x: x.requested_by),
            Column(self.tr("Decided by"), lambda x: x.decided_by),
        ], muted=lambda x: x.status is LinkStatus.REJECTED)
        self.links_table = read_only_table(self.links_model, "links_table", self.tr("Family links"), 3)
        self.approve_button = name_widget(QPushButton(icon("fa5s.check"), self.tr("Approve")), "link_approve",
                                          self.tr("Approve the selected link"))
        self.refuse_button = name_widget(QPushButton(icon("fa5s.times"), self.tr("Do not approve")), "link_refuse",
                                         self.tr("Do not approve the selected link"))
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.addWidget(box)
        pl.addWidget(row(STRETCH, self.approve_button, self.refuse_button))
        pl.addWidget(self.links_table, 1)
        self.link_button.clicked.connect(self.save_link)
        self.approve_button.clicked.connect(lambda: self._decide(True))
        self.refuse_button.clicked.connect(lambda: self._decide(False))
        return page

    def load_links(self) -> None:
        try:
            self.links_model.set_rows(self._services.timebank.family.links(self._actor))
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.links_table.resizeColumnsToContents()

    def save_link(self) -> None:
        self.link_errors.clear()
        relative = self.link_relative.selected
        try:
            link = self._services.timebank.family.request_link(
                self._actor, self.link_holder.currentData(), relative.id if relative else None,
                str(self.link_relation.currentData()), self.link_proof.text())
        except DomainError as exc:
            self.banner.refuse(exc, self.link_errors)
            return
        self.banner.say("ok", self.tr("Link {a} – {b} recorded; a second person approves it.").format(
            a=link.holder_name, b=link.relative_name))
        self.link_relative.clear()
        self.link_proof.clear()
        self.load_links()

    def _decide(self, approve: bool) -> None:
        index = self.links_table.currentIndex()
        if not index.isValid():
            self.banner.say("warn", self.tr("Select a link first."))
            return
        link = self.links_model.row_at(index.row())
        try:
            self._services.timebank.family.decide_link(self._actor, link.id, approve)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.banner.say("ok", self.tr("Link {a} – {b}: {status}.").format(
            a=link.holder_name, b=link.relative_name,
            status=label_of(LinkStatus.APPROVED if approve else LinkStatus.REJECTED)))
        self.refresh()

    # --- rules and export -----------------------------------------------------------------------

    def _on_rules_clicked(self) -> None:
        try:
            current = self._services.timebank.volunteers.rules(self._actor)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        if RulesDialog(self._services, self._actor, current, self).exec():
            self.banner.say("ok", self.tr("The new rules apply from now on."))

    def _on_export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export the time bank"), "时间银行.xlsx",
                                              self.tr("Excel workbook (*.xlsx)"))
        if name:
            self.export_to(Path(name))

    def export_to(self, out: Path) -> None:
        try:
            accounts, moves = self._services.timebank.statements.export_xlsx(self._actor, out)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.banner.say("ok", self.tr("Exported {a} accounts and {m} movements to {path}. It contains residents' "
                                      "names: keep it within the community office.").format(
            a=accounts, m=moves, path=str(out)))

