"""The points desk's form dialogs: a merchant, a reward, an earning rule, and revoking an award with its reason.
Each states its fields and its call (``FormDialog``); a refusal stays in the dialog under its field."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from app.domain.enums import EarnKind, MerchantCategory
from app.services.core.auth import Actor, Permission
from app.services.core.container import Services
from app.services.ledger.points.data import (
    MAX_POINTS,
    MAX_VALID_DAYS,
    AwardInfo,
    MerchantInfo,
    MerchantInput,
    RewardInfo,
    RewardInput,
    RuleInfo,
    RuleInput,
)
from app.services.ledger.points.data import yuan as yuan_text
from app.services.programmes.partner_data import PartnerRow
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.points.fields import date_or_none, optional_date_edit
from app.views.widgets import label_of, name_widget, spin


def _line(text: str, name: str, accessible: str) -> QLineEdit:
    edit = name_widget(QLineEdit(text), name, accessible)
    assert isinstance(edit, QLineEdit)
    return edit


def _check(text: str, name: str, checked: bool) -> QCheckBox:
    box = name_widget(QCheckBox(text), name, text)
    assert isinstance(box, QCheckBox)
    box.setChecked(checked)
    return box


def _yuan_to_fen(text: str) -> int:
    """What the clerk typed as yuan, in fen; -1 (refused by the service, under its field) when it is no number."""
    try:
        return round(float(text.strip()) * 100)
    except ValueError:
        return -1


class MerchantDialog(FormDialog):
    """A new partner merchant, or one to edit. A merchant is a partner of the resource list (one register): its name,
    contact, phone, address and note are its partner's; a new merchant may be a partner already on the list, picked
    here (its fields then come into the form)."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, merchant: MerchantInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("merchant_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Edit merchant") if merchant else self.tr("New merchant"))
        self.partner = name_widget(QComboBox(), "merchant_partner", self.tr("Partner on the resource list"))
        self.partner.addItem(self.tr("(a new partner)"), None)
        self._partners: dict[uuid.UUID, PartnerRow] = {}
        if merchant is None and actor.can(Permission.PARTNERS):
            self.add_field("partner", self.tr("On the resource list"), self.partner)
            partners = services.partners
            self.ops.read(lambda: [p for p in partners.partners(actor) if not p.merchant], self._set_partners,
                          key="merchant_partners")
            self.partner.currentIndexChanged.connect(self._on_partner)
        else:
            self.partner.hide()
        self.name = _line(merchant.name if merchant else "", "merchant_name", self.tr("Name"))
        self.add_field("name", self.tr("Name"), self.name)
        self.category = name_widget(QComboBox(), "merchant_category", self.tr("Category"))
        for c in MerchantCategory:
            self.category.addItem(label_of(c), c.value)
        if merchant:
            self.category.setCurrentIndex(self.category.findData(merchant.category.value))
        self.add_field("category", self.tr("Category"), self.category)
        self.rate = _line(yuan_text(merchant.rate_fen_per_100) if merchant else "1.00", "merchant_rate",
                          self.tr("Yuan per 100 points"))
        self.add_field("rate_fen_per_100", self.tr("Yuan per 100 points"), self.rate)
        self.contact = _line(merchant.contact if merchant else "", "merchant_contact", self.tr("Contact"))
        self.add_field("contact", self.tr("Contact"), self.contact)
        self.phone = _line(merchant.phone if merchant else "", "merchant_phone", self.tr("Phone"))
        self.add_field("phone", self.tr("Phone"), self.phone)
        self.address = _line(merchant.address if merchant else "", "merchant_address", self.tr("Address"))
        self.add_field("address", self.tr("Address"), self.address)
        self.active = _check(self.tr("Active partner"), "merchant_active", merchant.active if merchant else True)
        self.form.addRow("", self.active)
        self.note = _line(merchant.note if merchant else "", "merchant_note", self.tr("Note"))
        self.add_field("note", self.tr("Note"), self.note)
        catalogue = services.points.catalogue

        def submit() -> Callable[[], MerchantInfo]:
            data = MerchantInput(self.name.text(), str(self.category.currentData()), _yuan_to_fen(self.rate.text()),
                                 self.contact.text(), self.phone.text(), self.address.text(), self.active.isChecked(),
                                 self.note.text(), self.partner.currentData())
            if merchant is None:
                return partial(catalogue.create_merchant, actor, data)
            return partial(catalogue.update_merchant, actor, merchant.id, data)

        self.submit = submit

    def _set_partners(self, found: list[PartnerRow]) -> None:
        self._partners = {p.id: p for p in found}
        for p in found:
            self.partner.addItem(f"{p.name}（{label_of(p.kind)}）", p.id)

    def _on_partner(self) -> None:
        """A partner picked: its fields come into the form (saved on it as they stand when OK is pressed)."""
        p = self._partners.get(self.partner.currentData())
        if p is not None:
            for edit, value in ((self.name, p.name), (self.contact, p.contact), (self.phone, p.phone),
                                (self.address, p.address), (self.note, p.note)):
                edit.setText(value)


class RewardDialog(FormDialog):
    """A new reward of a merchant (with its first stock), or one to edit (stock moves by restocking)."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, merchant_id: uuid.UUID,
                 reward: RewardInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__("reward_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Edit reward") if reward else self.tr("New reward"))
        self.name = _line(reward.name if reward else "", "reward_name", self.tr("Name"))
        self.add_field("name", self.tr("Name"), self.name)
        self.price = spin("reward_price", self.tr("Points price"), 1, 100_000)
        self.price.setValue(reward.price if reward else 100)
        self.add_field("price", self.tr("Points price"), self.price)
        self.stock = spin("reward_stock", self.tr("Stock"), 0, 100_000)
        self.stock.setEnabled(reward is None)
        self.stock.setValue(reward.stock if reward else 0)
        self.add_field("stock", self.tr("Stock"), self.stock)
        self.valid_from = optional_date_edit(reward.valid_from if reward else None, "reward_from",
                                             self.tr("Valid from"))
        self.add_field("valid_from", self.tr("Valid from"), self.valid_from)
        self.valid_to = optional_date_edit(reward.valid_to if reward else None, "reward_to", self.tr("Valid until"))
        self.add_field("valid_to", self.tr("Valid until"), self.valid_to)
        self.limit = spin("reward_limit", self.tr("Limit per resident"), 0, 1000, self.tr("no limit"))
        self.limit.setValue(reward.per_resident_limit or 0 if reward else 0)
        self.add_field("per_resident_limit", self.tr("Limit per resident"), self.limit)
        self.active = _check(self.tr("Offered"), "reward_active", reward.active if reward else True)
        self.form.addRow("", self.active)
        self.description = _line(reward.description if reward else "", "reward_description", self.tr("Description"))
        self.add_field("description", self.tr("Description"), self.description)
        catalogue = services.points.catalogue

        def submit() -> Callable[[], RewardInfo]:
            data = RewardInput(merchant_id, self.name.text(), self.price.value(),
                               date_or_none(self.valid_from), date_or_none(self.valid_to), self.limit.value() or None,
                               self.active.isChecked(), self.description.text())
            if reward is None:
                return partial(catalogue.create_reward, actor, data, self.stock.value())
            return partial(catalogue.update_reward, actor, reward.id, data)

        self.submit = submit


class RuleDialog(FormDialog):
    """A new earning rule, or one to edit: what earns how many points, the caps, and how long points stay valid."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, rule: RuleInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("rule_dialog", "", bus, parent, save=True)
        self.setWindowTitle(self.tr("Edit earning rule") if rule else self.tr("New earning rule"))
        self.kind = name_widget(QComboBox(), "rule_kind", self.tr("Earned for"))
        for k in EarnKind:
            self.kind.addItem(label_of(k), k.value)
        if rule:
            self.kind.setCurrentIndex(self.kind.findData(rule.kind.value))
        self.add_field("kind", self.tr("Earned for"), self.kind)
        self.name = _line(rule.name if rule else "", "rule_name", self.tr("Name"))
        self.add_field("name", self.tr("Name"), self.name)
        self.points = spin("rule_points", self.tr("Points"), 1, MAX_POINTS)
        self.points.setValue(rule.points if rule else 10)
        self.add_field("points", self.tr("Points (per hour or per occasion)"), self.points)
        self.daily_cap = spin("rule_daily_cap", self.tr("Daily cap"), 0, MAX_POINTS * 100, self.tr("no cap"))
        self.daily_cap.setValue(rule.daily_cap or 0 if rule else 0)
        self.add_field("daily_cap", self.tr("Daily cap"), self.daily_cap)
        self.monthly_cap = spin("rule_monthly_cap", self.tr("Monthly cap"), 0, MAX_POINTS * 100, self.tr("no cap"))
        self.monthly_cap.setValue(rule.monthly_cap or 0 if rule else 0)
        self.add_field("monthly_cap", self.tr("Monthly cap"), self.monthly_cap)
        self.valid_days = spin("rule_valid_days", self.tr("Valid for (days)"), 0, MAX_VALID_DAYS,
                               self.tr("never expire"))
        self.valid_days.setValue(rule.valid_days or 0 if rule else 365)
        self.add_field("valid_days", self.tr("Valid for (days)"), self.valid_days)
        self.active = _check(self.tr("In force"), "rule_active", rule.active if rule else True)
        self.form.addRow("", self.active)
        self.note = _line(rule.note if rule else "", "rule_note", self.tr("Note"))
        self.add_field("note", self.tr("Note"), self.note)
        hint = QLabel(self.tr("A change applies to points awarded from now on; points already awarded keep theirs."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555;")
        self.layout_.insertWidget(self.layout_.indexOf(self.buttons), hint)
        rules = services.points.rules

        def submit() -> Callable[[], RuleInfo]:
            data = RuleInput(str(self.kind.currentData()), self.name.text(),
                             self.points.value(), self.daily_cap.value() or None, self.monthly_cap.value() or None,
                             self.valid_days.value() or None, self.active.isChecked(),
                             self.note.text())
            if rule is None:
                return partial(rules.create_rule, actor, data)
            return partial(rules.update_rule, actor, rule.id, data)

        self.submit = submit


class RevokeAwardDialog(FormDialog):
    """Take back a mistaken award, with the reason; refused (and the dialog kept open) if the points are spent."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, award: AwardInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__("revoke_dialog", "", bus, parent)
        self.setWindowTitle(self.tr("Revoke an award"))
        self.say(self.tr("{points} points to {name} for {rule} on {day}{event}.").format(
            points=award.points, name=award.resident_name, rule=award.rule_name, day=f"{award.earned_on:%Y-%m-%d}",
            event=f"（{award.event}）" if award.event else ""))
        self.intro.setObjectName("revoke_what")
        self.reason = _line("", "revoke_reason", self.tr("Reason"))
        self.add_field("reason", self.tr("Reason"), self.reason)
        self.reason.setPlaceholderText(self.tr("e.g. entered for the wrong resident"))
        self.revoke_button = self.ok_button
        self.revoke_button.setText(self.tr("Revoke"))
        self.revoke_button.setObjectName("revoke_confirm")
        rules = services.points.rules
        self.submit = lambda: partial(rules.revoke_award, actor, award.id, self.reason.text())
