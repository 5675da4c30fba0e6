"""The tab of spending hours: redeem them for a service (取出), give them to family or the community pool; and the
director's grant from the pool to an elderly resident."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.ledger.posting import hours
from app.services.ledger.timebank import Beneficiary, RedemptionInput, VolunteerInfo
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.resident_widgets import ResidentLookup
from app.views.timebank.common import fill_volunteers, hours_box, service_type_combo, volunteer_combo
from app.views.widgets import STRETCH, Banner, FieldErrorsView, day_of, hidden_unless, icon, label_of, name_widget, row


class SpendingTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self.banner = services, actor, banner
        self.spend_errors = FieldErrorsView()
        self._ops = Operations(self, bus, banner, self.spend_errors)
        form = QFormLayout()
        self.spend_holder = volunteer_combo("spend_holder", self.tr("Whose hours"))
        self.spend_errors.add_row(form, "holder", self.tr("Whose hours"), self.spend_holder)
        self.spend_balance = QLabel()
        self.spend_balance.setObjectName("spend_balance")
        form.addRow(self.tr("Balance"), self.spend_balance)
        self.spend_action = name_widget(QComboBox(), "spend_action", self.tr("What"))
        assert isinstance(self.spend_action, QComboBox)
        self.spend_action.addItem(self.tr("Redeem for a service"), "redeem")
        self.spend_action.addItem(self.tr("Transfer to a family member"), "transfer")
        self.spend_action.addItem(self.tr("Donate to the community pool"), "donate")
        form.addRow(self.tr("What"), self.spend_action)
        self.spend_beneficiary = name_widget(QComboBox(), "spend_beneficiary", self.tr("For whom"))
        assert isinstance(self.spend_beneficiary, QComboBox)
        self.spend_errors.add_row(form, "beneficiary", self.tr("For whom"), self.spend_beneficiary)
        self.spend_type = service_type_combo("spend_type", self.tr("Service received"))
        self.spend_errors.add_row(form, "service_type", self.tr("Service received"), self.spend_type)
        today = local(services.clock.now())
        self.spend_day = name_widget(QDateEdit(QDate(today.year, today.month, today.day)), "spend_day",
                                     self.tr("Date"))
        assert isinstance(self.spend_day, QDateEdit)
        self.spend_day.setDisplayFormat("yyyy-MM-dd")
        self.spend_errors.add_row(form, "day", self.tr("Date"), self.spend_day)
        self.spend_hours = hours_box("spend_hours", self.tr("Hours"))
        self.spend_errors.add_row(form, "minutes", self.tr("Hours"), self.spend_hours)
        self.spend_provider = name_widget(QLineEdit(), "spend_provider", self.tr("Served by"))
        self.spend_notes = name_widget(QLineEdit(), "spend_notes", self.tr("Notes"))
        assert isinstance(self.spend_provider, QLineEdit) and isinstance(self.spend_notes, QLineEdit)
        self.spend_errors.add_row(form, "provider", self.tr("Served by"), self.spend_provider)
        self.spend_errors.add_row(form, "notes", self.tr("Notes"), self.spend_notes)
        self.spend_button = name_widget(QPushButton(icon("fa5s.check"), self.tr("Confirm")), "spend_confirm",
                                        self.tr("Confirm"))
        box = QGroupBox(self.tr("Use hours"))
        bl = QVBoxLayout(box)
        bl.addLayout(form)
        bl.addWidget(row(self.spend_button, STRETCH))
        # Side by side: one above the other was taller than a 1366x768 desk has room for (the page scrolled).
        pl = QHBoxLayout(self)
        pl.addWidget(box, 3, Qt.AlignmentFlag.AlignTop)
        # The director grants pool hours to elderly residents who could never earn them.
        self.grant_errors = FieldErrorsView()
        self._grant_ops = Operations(self, bus, banner, self.grant_errors)
        gform = QFormLayout()
        self.grant_resident = ResidentLookup(services, actor)
        self.grant_errors.add_row(gform, "resident", self.tr("Elderly resident"), self.grant_resident)
        self.grant_hours = hours_box("grant_hours", self.tr("Hours"))
        self.grant_errors.add_row(gform, "minutes", self.tr("Hours"), self.grant_hours)
        self.grant_reason = name_widget(QLineEdit(), "grant_reason", self.tr("Reason"))
        assert isinstance(self.grant_reason, QLineEdit)
        self.grant_errors.add_row(gform, "reason", self.tr("Reason"), self.grant_reason)
        self.grant_button = name_widget(QPushButton(icon("fa5s.gift"), self.tr("Grant from the pool")),
                                        "grant_confirm", self.tr("Grant from the pool"))
        self.grant_box = QGroupBox(self.tr("Grant from the community pool"))
        gl = QVBoxLayout(self.grant_box)
        gl.addLayout(gform)
        gl.addWidget(row(self.grant_button, STRETCH))
        hidden_unless(self.grant_box, actor.can(Permission.TIMEBANK_GRANT))
        pl.addWidget(self.grant_box, 2, Qt.AlignmentFlag.AlignTop)
        self.spend_holder.currentIndexChanged.connect(lambda _i: self.show_holder())
        self.spend_holder.editTextChanged.connect(lambda _t: self.show_holder())  # a half-typed name: nobody
        self.spend_action.currentIndexChanged.connect(lambda _i: self.show_holder())
        self.spend_button.clicked.connect(self.spend)
        self.grant_button.clicked.connect(self.grant)

    def set_volunteers(self, volunteers: list[VolunteerInfo]) -> None:
        fill_volunteers(self.spend_holder, volunteers, by_resident=True)
        self.show_holder()

    def show_holder(self) -> None:
        """The chosen holder's balance, and who may receive the hours for the chosen action."""
        holder = self.spend_holder.chosen()
        action = self.spend_action.currentData()
        self.spend_beneficiary.clear()
        for w in (self.spend_type, self.spend_day, self.spend_provider):
            w.setEnabled(action == "redeem")
        self.spend_beneficiary.setEnabled(action != "donate")
        if holder is None:
            self._ops.forget("holder")
            self.spend_balance.setText("—")
            return
        bank, actor = self._services.timebank, self._actor
        self._ops.read(lambda: (bank.statements.balance(actor, holder), bank.family.beneficiaries(actor, holder)),
                       lambda answer: self._show_holder(action, *answer), key="holder")

    def _show_holder(self, action: str, balance: int, people: list[Beneficiary]) -> None:
        self.spend_balance.setText(self.tr("{h} h").format(h=hours(balance)))
        self.spend_beneficiary.clear()
        for p in people:
            if action == "transfer" and p.relation is None:
                continue
            text = p.name if p.relation is None else f"{p.name}（{label_of(p.relation)}）"
            self.spend_beneficiary.addItem(text, p.resident_id)

    def spend(self) -> None:
        holder: uuid.UUID | None = self.spend_holder.chosen()
        beneficiary: uuid.UUID | None = self.spend_beneficiary.currentData()
        minutes = round(self.spend_hours.value() * 60)
        notes, name = self.spend_notes.text(), self.spend_holder.chosen_name()
        spending, actor = self._services.timebank.spending, self._actor
        call: Callable[[], uuid.UUID]
        if self.spend_action.currentData() == "redeem":
            data = RedemptionInput(holder, beneficiary, str(self.spend_type.currentData()),
                                   day_of(self.spend_day), minutes, self.spend_provider.text(), notes)
            call = lambda: spending.redeem(actor, data)  # noqa: E731
        elif self.spend_action.currentData() == "transfer":
            call = lambda: spending.transfer(actor, holder, beneficiary, minutes, notes)  # noqa: E731
        else:
            call = lambda: spending.donate(actor, holder, minutes, notes)  # noqa: E731
        self._ops.write(call, lambda _: self._on_spent(minutes, name), busy=[self.spend_button],
                        invalid=self.tr("Not saved: please correct the fields marked in red."))

    def _on_spent(self, minutes: int, name: str) -> None:
        self.banner.say("ok", self.tr("Done: {h} h taken from {name}.").format(h=hours(minutes), name=name))
        self.spend_hours.setValue(0)
        self.spend_notes.clear()
        self.spend_provider.clear()

    def grant(self) -> None:
        resident = self.grant_resident.selected
        minutes, reason = round(self.grant_hours.value() * 60), self.grant_reason.text()
        spending, actor = self._services.timebank.spending, self._actor
        self._grant_ops.write(lambda: spending.grant(actor, resident.id if resident else None, minutes, reason),
                              lambda _: self._on_granted(minutes, resident.name if resident else ""),
                              busy=[self.grant_button],
                              invalid=self.tr("Not saved: please correct the fields marked in red."))

    def _on_granted(self, minutes: int, name: str) -> None:
        self.banner.say("ok", self.tr("Granted {h} h to {name} from the pool.").format(h=hours(minutes), name=name))
        self.grant_resident.clear()
        self.grant_hours.setValue(0)
        self.grant_reason.clear()
