"""The resource list's form dialogs: a partner, one of its offers, what it did or gave (贡献), and the referral of a
request to a suggested resource (转介资源). Each states its fields and its call (``FormDialog``); a refusal stays in
the dialog, its message under its field, everything typed still there."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from app.domain.enums import PartnerKind
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.programmes.partner_data import (
    PEOPLE_MAX,
    ContributionInfo,
    ContributionInput,
    OfferInfo,
    OfferInput,
    PartnerInput,
    PartnerRow,
    Suggestion,
)
from app.views.bus import ChangeBus
from app.views.case_dialogs import checked, checklist
from app.views.form_dialog import FormDialog
from app.views.widgets import date_edit, day_of, label_of, name_widget, spin


def _line(text: str, name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = name_widget(QLineEdit(text), name, accessible)
    assert isinstance(edit, QLineEdit)
    edit.setPlaceholderText(placeholder)
    return edit


class PartnerDialog(FormDialog):
    """A new partner of the resource list, or one to edit (a merchant's too: its points terms stay on the points
    page)."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, partner: PartnerRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("partner_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Edit partner") if partner else self.tr("New partner"))
        self.say(self.tr("A contact person or a phone number is needed: a resource nobody can reach cannot help."))
        self.name = _line(partner.name if partner else "", "partner_name", self.tr("Name"))
        self.add_field("name", self.tr("Name *"), self.name)
        self.kind = name_widget(QComboBox(), "partner_kind", self.tr("Kind"))
        for k in PartnerKind:
            self.kind.addItem(label_of(k), k.value)
        if partner:
            self.kind.setCurrentIndex(self.kind.findData(partner.kind.value))
        self.add_field("kind", self.tr("Kind"), self.kind)
        self.contact = _line(partner.contact if partner else "", "partner_contact", self.tr("Contact person"))
        self.add_field("contact", self.tr("Contact person"), self.contact)
        self.phone = _line(partner.phone if partner else "", "partner_phone", self.tr("Phone"))
        self.add_field("phone", self.tr("Phone"), self.phone)
        self.address = _line(partner.address if partner else "", "partner_address", self.tr("Address"))
        self.add_field("address", self.tr("Address"), self.address)
        self.note = _line(partner.note if partner else "", "partner_note", self.tr("Note"))
        self.add_field("note", self.tr("Note"), self.note)
        self.active = name_widget(QCheckBox(self.tr("Active partner (suggested for requests)")), "partner_active",
                                  self.tr("Active partner"))
        self.active.setChecked(partner.active if partner else True)
        self.form.addRow("", self.active)
        service = services.partners

        def submit() -> Callable[[], PartnerRow]:
            data = PartnerInput(self.name.text(), str(self.kind.currentData()), self.contact.text(),
                                self.phone.text(), self.address.text(), self.note.text(), self.active.isChecked())
            if partner is None:
                return partial(service.create_partner, actor, data)
            return partial(service.update_partner, actor, partner.id, data)

        self.submit = submit


class OfferDialog(FormDialog):
    """What a partner offers, when, and the requests it serves: the classes ticked and the words of a request's
    description that call for it."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, partner: PartnerRow,
                 classes: list[tuple[str, str]], offer: OfferInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("offer_dialog", "", bus, parent, save=True)
        self.setWindowTitle((self.tr("Edit offer") if offer else self.tr("New offer")) + f" · {partner.name}")
        self.what = _line(offer.what if offer else "", "offer_what", self.tr("What is offered"),
                          self.tr("e.g. free clinic, open playground, 20% off housekeeping"))
        self.add_field("what", self.tr("What is offered *"), self.what)
        self.days = _line(offer.days if offer else "", "offer_days", self.tr("Days"), self.tr("e.g. every Tuesday"))
        self.add_field("days", self.tr("Days"), self.days)
        self.hours = _line(offer.hours if offer else "", "offer_hours", self.tr("Times"), "8:30-11:00")
        self.add_field("hours", self.tr("Times"), self.hours)
        self.classes = checklist("offer_classes", self.tr("Request classes served"), [(n, c) for c, n in classes])
        self.classes.setMaximumHeight(160)
        wanted = set(offer.classes) if offer else set()
        for i in range(self.classes.count()):
            item = self.classes.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in wanted:
                item.setCheckState(Qt.CheckState.Checked)
        self.add_field("classes", self.tr("Request classes served"), self.classes)
        self.words = _line(offer.words if offer else "", "offer_words", self.tr("Words of a request"),
                           self.tr("words in a request that call for it, separated by spaces"))
        self.add_field("words", self.tr("Words of a request"), self.words)
        self.active = name_widget(QCheckBox(self.tr("Offered now")), "offer_active", self.tr("Offered now"))
        self.active.setChecked(offer.active if offer else True)
        self.form.addRow("", self.active)
        service = services.partners

        def submit() -> Callable[[], OfferInfo]:
            data = OfferInput(self.what.text(), self.days.text(), self.hours.text(), tuple(checked(self.classes)),
                              self.words.text(), self.active.isChecked())
            return partial(service.save_offer, actor, partner.id, offer.id if offer else None, data)

        self.submit = submit


class ContributionDialog(FormDialog):
    """What a partner did or gave on a day; with a request's number it goes on that request's timeline too."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, partner: PartnerRow,
                 parent: QWidget | None = None) -> None:
        super().__init__("contribution_dialog", self.tr("What {name} gave").format(name=partner.name), bus, parent,
                         save=True)
        self.on = date_edit(local(services.clock.now()).date(), "contribution_on", self.tr("Day"))
        self.add_field("on", self.tr("Day"), self.on)
        self.offer = name_widget(QComboBox(), "contribution_offer", self.tr("Offer"))
        self.offer.addItem(self.tr("(none)"), None)
        for o in partner.offers:
            self.offer.addItem(o.what, o.id)
        self.add_field("offer", self.tr("Offer"), self.offer)
        self.what = _line("", "contribution_what", self.tr("What was done or given"),
                          self.tr("e.g. free clinic at the square, 86 people"))
        self.add_field("what", self.tr("What was done or given *"), self.what)
        self.offer.currentIndexChanged.connect(self._on_offer)
        self.people = spin("contribution_people", self.tr("People or times"), 0, PEOPLE_MAX, self.tr("not counted"))
        self.add_field("people", self.tr("People or times"), self.people)
        self.value_note = _line("", "contribution_value", self.tr("Value"), self.tr("e.g. 50 vegetable baskets"))
        self.add_field("value_note", self.tr("Value"), self.value_note)
        self.case_no = _line("", "contribution_case", self.tr("Request number"),
                             self.tr("when it helped on a request"))
        self.add_field("case_no", self.tr("Request number"), self.case_no)
        service = services.partners

        def submit() -> Callable[[], ContributionInfo]:
            data = ContributionInput(self.what.text(), day_of(self.on), self.people.value(), self.value_note.text(),
                                     self.offer.currentData(), self.case_no.text())
            return partial(service.record_contribution, actor, partner.id, data)

        self.submit = submit

    def _on_offer(self) -> None:
        if not self.what.text().strip() and self.offer.currentData() is not None:
            self.what.setText(self.offer.currentText())


class ReferDialog(FormDialog):
    """转介资源: the request referred to a suggested partner's offer, in one step (a note is optional)."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, case_id: uuid.UUID, case_no: str,
                 suggestion: Suggestion, parent: QWidget | None = None) -> None:
        super().__init__("refer_dialog", self.tr("Refer to a resource · {no}").format(no=case_no), bus, parent,
                         ok_text=self.tr("Refer"))
        reach = " ".join(p for p in (suggestion.contact, suggestion.phone) if p)
        self.say(self.tr("{partner}: {offer} {when}\nContact: {reach}. The referral goes on the request's "
                         "timeline and on the partner's record.").format(
            partner=suggestion.partner_name, offer=suggestion.offer_what, when=suggestion.when, reach=reach or "—"))
        self.note = _line("", "refer_note", self.tr("Note"), self.tr("e.g. called the contact, visit on Friday"))
        self.add_field("note", self.tr("Note"), self.note)
        service = services.partners

        def submit() -> Callable[[], ContributionInfo]:
            return partial(service.refer, actor, case_id, suggestion.partner_id, suggestion.offer_id,
                           self.note.text())

        self.submit = submit


def offer_list_text(offers: tuple[OfferInfo, ...]) -> str:
    """The partner's offers as the list shows them: 义诊（每月第一个周六 8:30-11:00）、开放操场."""
    return "、".join(f"{o.what}（{o.when()}）" if o.when() else o.what for o in offers if o.active)

