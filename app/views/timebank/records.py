"""The tab of service records (服务记录): record a service or a group activity, then verify, credit or reject."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import RecordStatus, VolunteerStatus
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.ledger.posting import CapExceeded, hours
from app.services.ledger.timebank import RecordFilter, RecordInfo, ServiceInput, VolunteerInfo
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.resident_widgets import ResidentLookup
from app.views.tables import Column, RowsModel, read_only_table
from app.views.timebank.common import fill_volunteers, selected_rows, service_type_combo, to_time, volunteer_combo
from app.views.timebank.dialogs import GroupDialog
from app.views.widgets import (
    STRETCH,
    Banner,
    FieldErrorsView,
    ask_reason,
    confirm,
    day_of,
    icon,
    label_of,
    name_widget,
    render_error,
    row,
)


class RecordsTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self._bus, self.banner = services, actor, bus, banner
        self._volunteers: list[VolunteerInfo] = []
        self.record_errors = FieldErrorsView()
        self._ops = Operations(self, bus, banner, self.record_errors)
        form = QFormLayout()
        self.record_volunteer = volunteer_combo("record_volunteer", self.tr("Volunteer"))
        self.record_errors.add_row(form, "volunteer", self.tr("Volunteer"), self.record_volunteer)
        self.record_recipient = ResidentLookup(services, actor)
        self.record_errors.add_row(form, "recipient", self.tr("Served resident (optional)"), self.record_recipient)
        self.record_type = service_type_combo("record_type", self.tr("Kind of service"))
        self.record_errors.add_row(form, "service_type", self.tr("Kind of service"), self.record_type)
        today = local(services.clock.now())
        self.record_day = name_widget(QDateEdit(QDate(today.year, today.month, today.day)), "record_day",
                                      self.tr("Date"))
        assert isinstance(self.record_day, QDateEdit)
        self.record_day.setCalendarPopup(True)
        self.record_day.setDisplayFormat("yyyy-MM-dd")
        self.record_errors.add_row(form, "day", self.tr("Date"), self.record_day)
        self.record_start = name_widget(QTimeEdit(QTime(9, 0)), "record_start", self.tr("From"))
        self.record_end = name_widget(QTimeEdit(QTime(10, 0)), "record_end", self.tr("To"))
        assert isinstance(self.record_start, QTimeEdit) and isinstance(self.record_end, QTimeEdit)
        self.record_errors.add_row(form, "start", self.tr("From"), self.record_start)
        self.record_errors.add_row(form, "end", self.tr("To"), self.record_end)
        self.record_notes = name_widget(QLineEdit(), "record_notes", self.tr("Notes"))
        assert isinstance(self.record_notes, QLineEdit)
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
        assert isinstance(self.record_filter, QComboBox)
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
        pl = QVBoxLayout(self)
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

    def set_volunteers(self, volunteers: list[VolunteerInfo]) -> None:
        self._volunteers = volunteers
        fill_volunteers(self.record_volunteer, volunteers, by_resident=False)

    def load_records(self) -> None:
        status = self.record_filter.currentData()
        records, actor = self._services.timebank.records, self._actor
        filters = RecordFilter(status=RecordStatus(status) if status else None)
        self._ops.read(lambda: records.records(actor, filters), self._show_records, key="records")

    def _show_records(self, found: list[RecordInfo]) -> None:
        self.records_model.set_rows(found)
        self.records_table.resizeColumnsToContents()

    def save_record(self) -> None:
        recipient = self.record_recipient.selected
        data = ServiceInput(self.record_volunteer.chosen(), str(self.record_type.currentData()),
                            day_of(self.record_day), to_time(self.record_start), to_time(self.record_end),
                            recipient_id=recipient.id if recipient else None, notes=self.record_notes.text())
        records, actor = self._services.timebank.records, self._actor
        self._ops.write(lambda: records.record(actor, data), self._on_recorded, busy=[self.record_save],
                        invalid=self.tr("Not saved: please correct the fields marked in red."))

    def _on_recorded(self, saved: RecordInfo) -> None:
        self.banner.say("ok", self.tr("Recorded {h} h of {kind} for {name}; it is credited once verified.").format(
            h=hours(saved.credit_minutes), kind=label_of(saved.service_type), name=saved.volunteer_name))
        self.record_notes.clear()
        self.record_recipient.clear()

    def _on_group_clicked(self) -> None:
        active = [v for v in self._volunteers if v.status is VolunteerStatus.ACTIVE]
        dialog = GroupDialog(self._services, self._actor, self._bus, active, self)
        if dialog.exec() and dialog.answer:
            self.banner.say("ok", self.tr("Recorded the activity for {n} volunteer(s); verify to credit them.")
                            .format(n=len(dialog.answer)))

    def selected_records(self) -> list[RecordInfo]:
        return [self.records_model.row_at(r) for r in selected_rows(self.records_table)]

    def _on_verify_clicked(self) -> None:
        records, actor, ids = self._services.timebank.records, self._actor, [r.id for r in self.selected_records()]
        self._ops.write(lambda: records.verify(actor, ids),
                        lambda done: self.banner.say("ok", self.tr("{n} record(s) verified.").format(n=len(done))),
                        busy=[self.verify_button])

    def _on_credit_clicked(self) -> None:
        self._credit([r.id for r in self.selected_records()], donate_overflow=False)

    def _credit(self, ids: list[uuid.UUID], donate_overflow: bool) -> None:
        records, actor = self._services.timebank.records, self._actor
        self._ops.write(lambda: records.credit(actor, ids, donate_overflow), self._on_credited,
                        busy=[self.credit_button], refused=lambda exc: self._on_credit_refused(ids, exc))

    def _on_credit_refused(self, ids: list[uuid.UUID], exc: DomainError) -> None:
        if not isinstance(exc, CapExceeded):
            self._ops.show_refusal(exc)
            return
        question = self.tr("{message}\n\nDonate what does not fit ({h} h) to the community pool?").format(
            message=render_error(exc), h=hours(exc.overflow))
        if confirm(self, self.tr("Storage cap reached"), question):
            self._credit(ids, donate_overflow=True)
        else:
            self.banner.say("warn", render_error(exc))

    def _on_credited(self, done: list[RecordInfo]) -> None:
        total = sum(r.credit_minutes for r in done)
        self.banner.say("ok", self.tr("{n} record(s) credited, {h} h in all.").format(n=len(done), h=hours(total)))

    def _on_reject_clicked(self) -> None:
        chosen = self.selected_records()
        if not chosen:
            self.banner.say("warn", self.tr("Select the records first."))
            return
        reason = ask_reason(self, self.tr("Reject records"), self.tr("Why are these {n} record(s) rejected?").format(
            n=len(chosen)))
        if reason is None:
            return
        records, actor, ids = self._services.timebank.records, self._actor, [r.id for r in chosen]
        self._ops.write(lambda: records.reject(actor, ids, reason),
                        lambda _: self.banner.say("ok", self.tr("{n} record(s) rejected.").format(n=len(chosen))),
                        busy=[self.reject_button])
