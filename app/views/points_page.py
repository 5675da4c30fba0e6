"""The points (积分) desk: redeem a reward for a resident and print the voucher, honour or cancel vouchers, award
points (and revoke a mistaken award), keep merchants and their rewards, settle with a merchant, and, for the director
and the administrator, the earning rules and the expiry pass. Every rule is the service's; this page shows its answers
next to the field they concern."""

from __future__ import annotations

import tempfile
import uuid
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import EarnKind, MerchantCategory, VoucherStatus
from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.documents.vouchers import render_settlement, render_voucher
from app.services.ledger.points.data import (
    MAX_POINTS,
    MAX_VALID_DAYS,
    AwardInfo,
    AwardInput,
    ExpiryDue,
    ExpiryPreview,
    ExpiryRun,
    MerchantInfo,
    MerchantInput,
    RewardInfo,
    RewardInput,
    RuleInfo,
    RuleInput,
    Settlement,
    SettlementLine,
    VoucherInfo,
    yuan,
)
from app.services.people.residents import ResidentSummary
from app.views.bus import ChangeBus
from app.views.pdf_preview import PdfPreviewDialog
from app.views.resident_widgets import ResidentLookup
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.tasks import Task, run_task
from app.views.timebank_dialogs import ask_reason
from app.views.widgets import (
    STRETCH,
    Banner,
    FieldErrorsView,
    confirm,
    icon,
    label_of,
    name_widget,
    render_error,
    row,
)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date_edit(day: date | None, name: str, accessible: str, optional: bool = False) -> QDateEdit:
    edit = name_widget(QDateEdit(), name, accessible)
    assert isinstance(edit, QDateEdit)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if optional:
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setSpecialValueText("—")
    edit.setDate(_qdate(day) if day else edit.minimumDate())
    return edit


def _date_of(edit: QDateEdit) -> date | None:
    """None when an optional date edit shows its blank value."""
    if edit.specialValueText() and edit.date() == edit.minimumDate():
        return None
    return edit.date().toPython()  # type: ignore[no-any-return]


def _spin(name: str, accessible: str, low: int, high: int, special: str = "") -> QSpinBox:
    box = name_widget(QSpinBox(), name, accessible)
    assert isinstance(box, QSpinBox)
    box.setRange(low, high)
    if special:
        box.setSpecialValueText(special)
    return box


def _validity(r: RewardInfo) -> str:
    if r.valid_from is None and r.valid_to is None:
        return "—"
    start = f"{r.valid_from:%Y-%m-%d}" if r.valid_from else ""
    end = f"{r.valid_to:%Y-%m-%d}" if r.valid_to else ""
    return f"{start} ~ {end}"


class MerchantDialog(QDialog):
    """A new partner merchant, or one to edit."""

    def __init__(self, services: Services, actor: Actor, merchant: MerchantInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("merchant_dialog")
        self.setWindowTitle(self.tr("Edit merchant") if merchant else self.tr("New merchant"))
        self._services, self._actor, self._merchant = services, actor, merchant
        self.result_info: MerchantInfo | None = None
        self.errors = FieldErrorsView()
        self.banner = Banner("merchant_banner")
        form = QFormLayout()
        self.name = name_widget(QLineEdit(merchant.name if merchant else ""), "merchant_name", self.tr("Name"))
        self.errors.add_row(form, "name", self.tr("Name"), self.name)
        self.category = name_widget(QComboBox(), "merchant_category", self.tr("Category"))
        for c in MerchantCategory:
            self.category.addItem(label_of(c), c.value)
        if merchant:
            self.category.setCurrentIndex(self.category.findData(merchant.category.value))
        self.errors.add_row(form, "category", self.tr("Category"), self.category)
        self.rate = name_widget(QLineEdit(yuan(merchant.rate_fen_per_100) if merchant else "1.00"), "merchant_rate",
                                self.tr("Yuan per 100 points"))
        self.errors.add_row(form, "rate_fen_per_100", self.tr("Yuan per 100 points"), self.rate)
        self.contact = name_widget(QLineEdit(merchant.contact if merchant else ""), "merchant_contact",
                                   self.tr("Contact"))
        self.errors.add_row(form, "contact", self.tr("Contact"), self.contact)
        self.phone = name_widget(QLineEdit(merchant.phone if merchant else ""), "merchant_phone", self.tr("Phone"))
        self.errors.add_row(form, "phone", self.tr("Phone"), self.phone)
        self.address = name_widget(QLineEdit(merchant.address if merchant else ""), "merchant_address",
                                   self.tr("Address"))
        self.errors.add_row(form, "address", self.tr("Address"), self.address)
        self.active = name_widget(QCheckBox(self.tr("Active partner")), "merchant_active", self.tr("Active partner"))
        self.active.setChecked(merchant.active if merchant else True)
        form.addRow("", self.active)
        self.note = name_widget(QLineEdit(merchant.note if merchant else ""), "merchant_note", self.tr("Note"))
        self.errors.add_row(form, "note", self.tr("Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def _rate_fen(self) -> int:
        text = self.rate.text().strip()
        try:
            return round(float(text) * 100)
        except ValueError:
            return -1

    def save(self) -> None:
        self.errors.clear()
        data = MerchantInput(self.name.text(), str(self.category.currentData()), self._rate_fen(),
                             self.contact.text(), self.phone.text(), self.address.text(), self.active.isChecked(),
                             self.note.text())
        try:
            if self._merchant is None:
                self.result_info = self._services.points.catalogue.create_merchant(self._actor, data)
            else:
                self.result_info = self._services.points.catalogue.update_merchant(self._actor, self._merchant.id, data)
        except DomainError as exc:
            self.banner.refuse(exc, self.errors)
            return
        self.accept()


class RewardDialog(QDialog):
    """A new reward of a merchant (with its first stock), or one to edit (stock moves by restocking)."""

    def __init__(self, services: Services, actor: Actor, merchant_id: uuid.UUID, reward: RewardInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reward_dialog")
        self.setWindowTitle(self.tr("Edit reward") if reward else self.tr("New reward"))
        self._services, self._actor, self._merchant_id, self._reward = services, actor, merchant_id, reward
        self.result_info: RewardInfo | None = None
        self.errors = FieldErrorsView()
        self.banner = Banner("reward_banner")
        form = QFormLayout()
        self.name = name_widget(QLineEdit(reward.name if reward else ""), "reward_name", self.tr("Name"))
        self.errors.add_row(form, "name", self.tr("Name"), self.name)
        self.price = _spin("reward_price", self.tr("Points price"), 1, 100_000)
        self.price.setValue(reward.price if reward else 100)
        self.errors.add_row(form, "price", self.tr("Points price"), self.price)
        self.stock = _spin("reward_stock", self.tr("Stock"), 0, 100_000)
        self.stock.setEnabled(reward is None)
        self.stock.setValue(reward.stock if reward else 0)
        self.errors.add_row(form, "stock", self.tr("Stock"), self.stock)
        self.valid_from = _date_edit(reward.valid_from if reward else None, "reward_from", self.tr("Valid from"),
                                     optional=True)
        self.errors.add_row(form, "valid_from", self.tr("Valid from"), self.valid_from)
        self.valid_to = _date_edit(reward.valid_to if reward else None, "reward_to", self.tr("Valid until"),
                                   optional=True)
        self.errors.add_row(form, "valid_to", self.tr("Valid until"), self.valid_to)
        self.limit = _spin("reward_limit", self.tr("Limit per resident"), 0, 1000, self.tr("no limit"))
        self.limit.setValue(reward.per_resident_limit or 0 if reward else 0)
        self.errors.add_row(form, "per_resident_limit", self.tr("Limit per resident"), self.limit)
        self.active = name_widget(QCheckBox(self.tr("Offered")), "reward_active", self.tr("Offered"))
        self.active.setChecked(reward.active if reward else True)
        form.addRow("", self.active)
        self.description = name_widget(QLineEdit(reward.description if reward else ""), "reward_description",
                                       self.tr("Description"))
        self.errors.add_row(form, "description", self.tr("Description"), self.description)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def save(self) -> None:
        self.errors.clear()
        data = RewardInput(self._merchant_id, self.name.text(), self.price.value(), _date_of(self.valid_from),
                           _date_of(self.valid_to), self.limit.value() or None, self.active.isChecked(),
                           self.description.text())
        try:
            if self._reward is None:
                self.result_info = self._services.points.catalogue.create_reward(self._actor, data, self.stock.value())
            else:
                self.result_info = self._services.points.catalogue.update_reward(self._actor, self._reward.id, data)
        except DomainError as exc:
            self.banner.refuse(exc, self.errors)
            return
        self.accept()


def _cap(value: int | None) -> str:
    return str(value) if value is not None else "—"


class RuleDialog(QDialog):
    """A new earning rule, or one to edit: what earns how many points, the caps, and how long points stay valid."""

    def __init__(self, services: Services, actor: Actor, rule: RuleInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rule_dialog")
        self.setWindowTitle(self.tr("Edit earning rule") if rule else self.tr("New earning rule"))
        self._services, self._actor, self._rule = services, actor, rule
        self.result_info: RuleInfo | None = None
        self.errors = FieldErrorsView()
        self.banner = Banner("rule_banner")
        form = QFormLayout()
        self.kind = name_widget(QComboBox(), "rule_kind", self.tr("Earned for"))
        for k in EarnKind:
            self.kind.addItem(label_of(k), k.value)
        if rule:
            self.kind.setCurrentIndex(self.kind.findData(rule.kind.value))
        self.errors.add_row(form, "kind", self.tr("Earned for"), self.kind)
        self.name = name_widget(QLineEdit(rule.name if rule else ""), "rule_name", self.tr("Name"))
        self.errors.add_row(form, "name", self.tr("Name"), self.name)
        self.points = _spin("rule_points", self.tr("Points"), 1, MAX_POINTS)
        self.points.setValue(rule.points if rule else 10)
        self.errors.add_row(form, "points", self.tr("Points (per hour or per occasion)"), self.points)
        self.daily_cap = _spin("rule_daily_cap", self.tr("Daily cap"), 0, MAX_POINTS * 100, self.tr("no cap"))
        self.daily_cap.setValue(rule.daily_cap or 0 if rule else 0)
        self.errors.add_row(form, "daily_cap", self.tr("Daily cap"), self.daily_cap)
        self.monthly_cap = _spin("rule_monthly_cap", self.tr("Monthly cap"), 0, MAX_POINTS * 100,
                                 self.tr("no cap"))
        self.monthly_cap.setValue(rule.monthly_cap or 0 if rule else 0)
        self.errors.add_row(form, "monthly_cap", self.tr("Monthly cap"), self.monthly_cap)
        self.valid_days = _spin("rule_valid_days", self.tr("Valid for (days)"), 0, MAX_VALID_DAYS,
                                self.tr("never expire"))
        self.valid_days.setValue(rule.valid_days or 0 if rule else 365)
        self.errors.add_row(form, "valid_days", self.tr("Valid for (days)"), self.valid_days)
        self.active = name_widget(QCheckBox(self.tr("In force")), "rule_active", self.tr("In force"))
        self.active.setChecked(rule.active if rule else True)
        form.addRow("", self.active)
        self.note = name_widget(QLineEdit(rule.note if rule else ""), "rule_note", self.tr("Note"))
        self.errors.add_row(form, "note", self.tr("Note"), self.note)
        hint = QLabel(self.tr("A change applies to points awarded from now on; points already awarded keep theirs."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addWidget(buttons)

    def save(self) -> None:
        self.errors.clear()
        data = RuleInput(str(self.kind.currentData()), self.name.text(), self.points.value(),
                         self.daily_cap.value() or None, self.monthly_cap.value() or None,
                         self.valid_days.value() or None, self.active.isChecked(), self.note.text())
        try:
            if self._rule is None:
                self.result_info = self._services.points.rules.create_rule(self._actor, data)
            else:
                self.result_info = self._services.points.rules.update_rule(self._actor, self._rule.id, data)
        except DomainError as exc:
            self.banner.refuse(exc, self.errors)
            return
        self.accept()


class RevokeAwardDialog(QDialog):
    """Take back a mistaken award, with the reason; refused (and the dialog kept open) if the points are spent."""

    def __init__(self, services: Services, actor: Actor, award: AwardInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revoke_dialog")
        self.setWindowTitle(self.tr("Revoke an award"))
        self._services, self._actor, self._award = services, actor, award
        self.errors = FieldErrorsView()
        self.banner = Banner("revoke_banner")
        what = QLabel(self.tr("{points} points to {name} for {rule} on {day}{event}.").format(
            points=award.points, name=award.resident_name, rule=award.rule_name, day=f"{award.earned_on:%Y-%m-%d}",
            event=f"（{award.event}）" if award.event else ""))
        what.setObjectName("revoke_what")
        what.setWordWrap(True)
        form = QFormLayout()
        self.reason = name_widget(QLineEdit(), "revoke_reason", self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("e.g. entered for the wrong resident"))
        self.errors.add_row(form, "reason", self.tr("Reason"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.revoke_button = buttons.addButton(self.tr("Revoke"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.revoke_button.setObjectName("revoke_confirm")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(what)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def save(self) -> None:
        self.errors.clear()
        try:
            self._services.points.rules.revoke_award(self._actor, self._award.id, self.reason.text())
        except DomainError as exc:
            self.banner.refuse(exc, self.errors)
            return
        self.accept()


class PointsPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("points_page")
        self._services, self._actor, self._bus = services, actor, bus
        self.banner = Banner("points_banner")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("points_tabs")
        self.tabs.addTab(self._redeem_tab(), icon("fa5s.gift"), self.tr("Redeem"))
        self.tabs.addTab(self._award_tab(), icon("fa5s.star"), self.tr("Award points"))
        self.tabs.addTab(self._merchants_tab(), icon("fa5s.store"), self.tr("Merchants && rewards"))
        self.settle_tab = self._settle_tab()
        self.tabs.addTab(self.settle_tab, icon("fa5s.file-invoice-dollar"), self.tr("Settlement"))
        self.tabs.setTabVisible(3, actor.can(Permission.MERCHANTS))
        self.rules_tab = self._rules_tab()
        self.tabs.addTab(self.rules_tab, icon("fa5s.sliders-h"), self.tr("Earning rules && expiry"))
        self.tabs.setTabVisible(4, actor.can(Permission.POINTS_RULES))
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs, 1)
        self.preview: PdfPreviewDialog | None = None
        self.voucher_pdf: Path | None = None
        self.settlement: Settlement | None = None
        self.refresh()

    def refresh(self) -> None:
        self.load_rewards()
        self.load_rules()
        self.load_awards()
        self.load_merchants()
        self._show_balance()
        if self._actor.can(Permission.POINTS_RULES):
            self.load_rule_table()
            self.load_expiry()

    # --- redeem, honour, cancel -----------------------------------------------------------------

    def _redeem_tab(self) -> QWidget:
        self.redeem_errors = FieldErrorsView()
        form = QFormLayout()
        self.redeem_resident = ResidentLookup(self._services, self._actor)
        self.redeem_errors.add_row(form, "resident", self.tr("Resident"), self.redeem_resident)
        self.balance_label = QLabel("—")
        self.balance_label.setObjectName("points_balance")
        self.balance_label.setStyleSheet("font-size:13pt; font-weight:bold;")
        form.addRow(self.tr("Balance"), self.balance_label)
        self.expiry_label = QLabel()
        self.expiry_label.setObjectName("points_expiring")
        self.expiry_label.setWordWrap(True)
        form.addRow(self.tr("Expires"), self.expiry_label)
        self.rewards_model: RowsModel[RewardInfo] = RowsModel([
            Column(self.tr("Merchant"), lambda r: r.merchant_name),
            Column(self.tr("Reward"), lambda r: r.name),
            Column(self.tr("Points"), lambda r: r.price, align_right=True),
            Column(self.tr("Stock"), lambda r: r.stock, align_right=True),
            Column(self.tr("Valid"), _validity),
            Column(self.tr("Limit per resident"), lambda r: r.per_resident_limit or "—", align_right=True),
            Column(self.tr("Offered"), lambda r: self.tr("yes") if r.redeemable else self.tr("no")),
        ], muted=lambda r: not r.redeemable)
        self.rewards_table = read_only_table(self.rewards_model, "rewards_table", self.tr("Rewards"), 1)
        self.redeem_errors.add_row(form, "reward", self.tr("Reward"), self.rewards_table)
        self.redeem_button = name_widget(QPushButton(icon("fa5s.gift"), self.tr("Redeem…")), "redeem_confirm",
                                         self.tr("Redeem the selected reward"))
        self.statement_button = name_widget(QPushButton(icon("fa5s.book"), self.tr("Print statement…")),
                                            "points_statement", self.tr("Print the points statement"))
        box = QGroupBox(self.tr("Redeem a reward"))
        bl = QVBoxLayout(box)
        bl.addLayout(form)
        bl.addWidget(row(self.redeem_button, self.statement_button, STRETCH))

        self.code_edit = name_widget(QLineEdit(), "voucher_code", self.tr("Voucher code"))
        self.code_edit.setPlaceholderText(self.tr("Type or scan the code, e.g. 7KQ9-M3XA"))
        self.honour_button = name_widget(QPushButton(icon("fa5s.check"), self.tr("Honour")), "voucher_honour",
                                         self.tr("Honour the voucher"))
        self.vouchers_model: RowsModel[VoucherInfo] = RowsModel([
            Column(self.tr("Code"), lambda v: v.code),
            Column(self.tr("Issued"), lambda v: f"{local(v.issued_at):%Y-%m-%d %H:%M}"),
            Column(self.tr("Resident"), lambda v: v.resident_name),
            Column(self.tr("Reward"), lambda v: f"{v.merchant_name} {v.reward_name}"),
            Column(self.tr("Points"), lambda v: v.points, align_right=True),
            Column(self.tr("Status"), lambda v: label_of(v.status)),
            Column(self.tr("Note"), lambda v: v.cancel_reason),
        ], muted=lambda v: v.status is VoucherStatus.CANCELLED)
        self.vouchers_table = read_only_table(self.vouchers_model, "vouchers_table", self.tr("Vouchers"), 3)
        self.reprint_button = name_widget(QPushButton(icon("fa5s.print"), self.tr("Print voucher…")),
                                          "voucher_print", self.tr("Print the selected voucher"))
        self.cancel_button = name_widget(QPushButton(icon("fa5s.undo"), self.tr("Cancel voucher…")),
                                         "voucher_cancel", self.tr("Cancel the selected voucher"))
        vbox = QGroupBox(self.tr("Vouchers"))
        vl = QVBoxLayout(vbox)
        vl.addWidget(row((self.code_edit, 1), self.honour_button))
        vl.addWidget(self.vouchers_table, 1)
        vl.addWidget(row(self.reprint_button, self.cancel_button, STRETCH))
        page = QWidget()
        pl = QHBoxLayout(page)
        pl.addWidget(box, 2)  # the rewards' seven columns need the room; the vouchers scroll sideways
        pl.addWidget(vbox, 1)
        self.redeem_resident.resident_chosen.connect(lambda _r: self._show_balance())
        self.redeem_resident.resident_cleared.connect(self._show_balance)
        self.redeem_button.clicked.connect(self._on_redeem_clicked)
        self.statement_button.clicked.connect(self._on_statement_clicked)
        self.honour_button.clicked.connect(self.honour)
        self.code_edit.returnPressed.connect(self.honour)
        self.reprint_button.clicked.connect(self._on_reprint_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        return page

    def load_rewards(self) -> None:
        try:
            found = self._services.points.catalogue.rewards(self._actor)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        current = self.current_reward()
        self.rewards_model.set_rows(found)
        self.rewards_table.resizeColumnsToContents()
        if current is not None:
            for i, r in enumerate(found):
                if r.id == current.id:
                    self.rewards_table.selectRow(i)

    def current_reward(self) -> RewardInfo | None:
        return current_row(self.rewards_table, self.rewards_model)

    def select_reward(self, name: str) -> RewardInfo:
        for i in range(self.rewards_model.rowCount()):
            if self.rewards_model.row_at(i).name == name:
                self.rewards_table.selectRow(i)
                return self.rewards_model.row_at(i)
        raise KeyError(name)

    def _show_balance(self) -> None:
        resident: ResidentSummary | None = self.redeem_resident.selected
        if resident is None:
            self.balance_label.setText("—")
            self.expiry_label.setText("")
            self.vouchers_model.set_rows(self._vouchers(None))
            return
        try:
            held = self._services.points.vouchers.balance(self._actor, resident.id)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        text = self.tr("{n} points").format(n=held.available)
        if held.expired_due:
            text += self.tr(" ({n} lapsed, not usable)").format(n=held.expired_due)
        self.balance_label.setText(text)
        self.expiry_label.setText("；".join(self.tr("{n} points valid until {day}").format(
            n=e.points, day=f"{e.last_day:%Y-%m-%d}") for e in held.expiring) or self.tr("Nothing expires."))
        self.vouchers_model.set_rows(self._vouchers(resident.id))
        self.vouchers_table.resizeColumnsToContents()

    def _vouchers(self, resident_id: uuid.UUID | None) -> list[VoucherInfo]:
        try:
            return self._services.points.vouchers.vouchers(self._actor, resident_id=resident_id, limit=50)
        except DomainError as exc:
            self.banner.refuse(exc)
            return []

    def _on_redeem_clicked(self) -> None:
        resident, reward = self.redeem_resident.selected, self.current_reward()
        if resident is not None and reward is not None and not confirm(
                self, self.tr("Redeem"), self.tr("Redeem {reward} ({merchant}) for {points} points for {name}?")
                .format(reward=reward.name, merchant=reward.merchant_name, points=reward.price, name=resident.name)):
            return
        self.redeem()

    def redeem(self) -> VoucherInfo | None:
        """Redeem the chosen reward for the chosen resident, then preview its voucher for printing."""
        self.redeem_errors.clear()
        resident, reward = self.redeem_resident.selected, self.current_reward()
        try:
            voucher = self._services.points.vouchers.redeem(self._actor, resident.id if resident else None,
                                                   reward.id if reward else None)
        except DomainError as exc:
            self.banner.refuse(exc, self.redeem_errors)
            return None
        self.banner.say("ok", self.tr("Voucher {code}: {reward} for {name}, {points} points.").format(
            code=voucher.code, reward=voucher.reward_name, name=voucher.resident_name, points=voucher.points))
        self.load_rewards()
        self._show_balance()
        self.print_voucher(voucher)
        return voucher

    def print_voucher(self, voucher: VoucherInfo) -> None:
        try:
            data = self._services.points.vouchers.voucher_print(self._actor, voucher.id)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        out = Path(tempfile.mkdtemp(prefix="voucher-")) / f"voucher-{voucher.code}.pdf"
        render_voucher(data, out)
        self.voucher_pdf = out
        self.preview = PdfPreviewDialog(out, self.tr("Voucher {code}").format(code=voucher.code), self)
        self.preview.open()

    def current_voucher(self) -> VoucherInfo | None:
        return current_row(self.vouchers_table, self.vouchers_model)

    def _on_reprint_clicked(self) -> None:
        voucher = self.current_voucher()
        if voucher is None:
            self.banner.say("warn", self.tr("Select a voucher first."))
            return
        self.print_voucher(voucher)

    def honour(self) -> VoucherInfo | None:
        try:
            voucher = self._services.points.vouchers.honour(self._actor, self.code_edit.text())
        except DomainError as exc:
            self.banner.refuse(exc)
            return None
        self.banner.say("ok", self.tr("Voucher {code} honoured: {reward} at {merchant}.").format(
            code=voucher.code, reward=voucher.reward_name, merchant=voucher.merchant_name))
        self.code_edit.clear()
        self._show_balance()
        return voucher

    def _on_cancel_clicked(self) -> None:
        voucher = self.current_voucher()
        if voucher is None:
            self.banner.say("warn", self.tr("Select a voucher first."))
            return
        reason = ask_reason(self, self.tr("Cancel a voucher"), self.tr("Why is voucher {code} cancelled?").format(
            code=voucher.code))
        if reason is not None:
            self.cancel(voucher, reason)

    def cancel(self, voucher: VoucherInfo, reason: str) -> VoucherInfo | None:
        try:
            done = self._services.points.vouchers.cancel(self._actor, voucher.id, reason)
        except DomainError as exc:
            self.banner.refuse(exc)
            return None
        self.banner.say("ok", self.tr("Voucher {code} cancelled: {points} points and the item are given back.").format(
            code=done.code, points=done.points))
        self.load_rewards()
        self._show_balance()
        return done

    def _on_statement_clicked(self) -> None:
        from app.services.documents.passbook import render_passbook

        resident = self.redeem_resident.selected
        if resident is None:
            self.banner.say("warn", self.tr("Find the resident first."))
            return
        try:
            st = self._services.points.settlement.statement(self._actor, resident.id)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        out = Path(tempfile.mkdtemp(prefix="points-")) / "points-statement.pdf"
        render_passbook(st, out)
        self.preview = PdfPreviewDialog(out, self.tr("Points statement of {name}").format(name=resident.name), self)
        self.preview.open()

    # --- award points ---------------------------------------------------------------------------

    def _award_tab(self) -> QWidget:
        self.award_errors = FieldErrorsView()
        form = QFormLayout()
        self.award_rule = name_widget(QComboBox(), "award_rule", self.tr("Rule"))
        self.award_errors.add_row(form, "rule", self.tr("Rule"), self.award_rule)
        self.award_lookup = ResidentLookup(self._services, self._actor)
        self.award_people = name_widget(QListWidget(), "award_people", self.tr("Residents"))
        self.award_people.setMaximumHeight(140)
        self.award_remove = name_widget(QPushButton(icon("fa5s.minus"), self.tr("Remove")), "award_remove",
                                        self.tr("Remove the selected resident"))
        people = QWidget()
        ppl = QVBoxLayout(people)
        ppl.setContentsMargins(0, 0, 0, 0)
        ppl.addWidget(self.award_lookup)
        ppl.addWidget(self.award_people)
        ppl.addWidget(row(self.award_remove, STRETCH))
        self.award_errors.add_row(form, "residents", self.tr("Residents"), people)
        self.award_quantity = _spin("award_quantity", self.tr("Quantity"), 1, 24)
        self.award_errors.add_row(form, "quantity", self.tr("Quantity (hours, times)"), self.award_quantity)
        self.award_day = _date_edit(local(self._services.clock.now()).date(), "award_day", self.tr("Date"))
        self.award_errors.add_row(form, "earned_on", self.tr("Date"), self.award_day)
        self.award_event = name_widget(QLineEdit(), "award_event", self.tr("Event"))
        self.award_event.setPlaceholderText(self.tr("e.g. the council meeting of March"))
        self.award_errors.add_row(form, "event", self.tr("Event"), self.award_event)
        self.award_note = name_widget(QLineEdit(), "award_note", self.tr("Note"))
        self.award_errors.add_row(form, "note", self.tr("Note"), self.award_note)
        self.award_button = name_widget(QPushButton(icon("fa5s.star"), self.tr("Award")), "award_confirm",
                                        self.tr("Award the points"))
        box = QGroupBox(self.tr("Award points to one resident or everyone at an event"))
        bl = QVBoxLayout(box)
        bl.addLayout(form)
        bl.addWidget(row(self.award_button, STRETCH))
        self.awards_model: RowsModel[AwardInfo] = RowsModel([
            Column(self.tr("Date"), lambda a: f"{a.earned_on:%Y-%m-%d}"),
            Column(self.tr("Resident"), lambda a: a.resident_name),
            Column(self.tr("Rule"), lambda a: a.rule_name),
            Column(self.tr("Points"), lambda a: a.points, align_right=True),
            Column(self.tr("Valid until"), lambda a: f"{a.expires_on:%Y-%m-%d}" if a.expires_on else "—"),
            Column(self.tr("Event"), lambda a: a.event or a.note),
            Column(self.tr("Awarded by"), lambda a: a.awarded_by),
            Column(self.tr("Status"), lambda a: self.tr("revoked") if a.revoked else ""),
        ], muted=lambda a: a.revoked)
        self.awards_table = read_only_table(self.awards_model, "awards_table", self.tr("Awards"), 5)
        self.awards_of = ResidentLookup(self._services, self._actor)
        self.awards_of.setObjectName("awards_of")
        self.awards_all = name_widget(QPushButton(self.tr("Everyone")), "awards_all",
                                      self.tr("Show the latest awards of everyone"))
        self.award_revoke = name_widget(QPushButton(icon("fa5s.undo"), self.tr("Revoke award…")), "award_revoke",
                                        self.tr("Revoke the selected award"))
        self.award_revoke.setEnabled(self._actor.can(Permission.POINTS_RULES))
        awards_box = QGroupBox(self.tr("Awards"))
        al = QVBoxLayout(awards_box)
        al.addWidget(row(QLabel(self.tr("Awards of")), (self.awards_of, 1, Qt.AlignmentFlag.AlignTop),
                         (self.awards_all, 0, Qt.AlignmentFlag.AlignTop)))
        al.addWidget(self.awards_table, 1)
        al.addWidget(row(self.award_revoke, STRETCH))
        page = QWidget()
        pl = QHBoxLayout(page)
        pl.addWidget(box, 1)
        pl.addWidget(awards_box, 1)
        self.awards_of.resident_chosen.connect(lambda _r: self.load_awards())
        self.awards_of.resident_cleared.connect(self.load_awards)
        self.awards_all.clicked.connect(self._on_awards_all_clicked)
        self.award_revoke.clicked.connect(self._on_revoke_clicked)
        self.award_lookup.resident_chosen.connect(self._add_award_person)
        self.award_remove.clicked.connect(self._remove_award_person)
        self.award_button.clicked.connect(self.award)
        return page

    def load_rules(self) -> None:
        try:
            rules = self._services.points.rules.rules(self._actor, active_only=True)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        current = self.award_rule.currentData()
        self.award_rule.clear()
        self.award_rule.addItem(self.tr("— choose a rule —"), None)
        for r in rules:
            self.award_rule.addItem(self.tr("{name} ({n} points)").format(name=r.name, n=r.points), r.id)
        offered = [self.award_rule.itemData(i) for i in range(self.award_rule.count())]
        self.award_rule.setCurrentIndex(offered.index(current) if current in offered else 0)  # findData: not UUIDs

    def load_awards(self) -> None:
        """The latest awards of everyone, or every award of the resident chosen under 'Awards of'."""
        resident = self.awards_of.selected
        try:
            found = self._services.points.rules.awards(self._actor, resident_id=resident.id if resident else None,
                                                 limit=100)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.awards_model.set_rows(found)
        self.awards_table.resizeColumnsToContents()

    def _on_awards_all_clicked(self) -> None:
        self.awards_of.clear()
        self.load_awards()

    def current_award(self) -> AwardInfo | None:
        return current_row(self.awards_table, self.awards_model)

    def _on_revoke_clicked(self) -> None:
        award = self.current_award()
        if award is None:
            self.banner.say("warn", self.tr("Select the award to revoke first."))
            return
        if award.revoked:
            self.banner.say("warn", self.tr("This award is already revoked."))
            return
        self.revoke_dialog = RevokeAwardDialog(self._services, self._actor, award, self)
        if self.revoke_dialog.exec():
            self.banner.say("ok", self.tr("The award of {points} points to {name} is revoked.").format(
                points=award.points, name=award.resident_name))
            self.load_awards()
            self._show_balance()
            if self._actor.can(Permission.POINTS_RULES):
                self.load_expiry()

    def _add_award_person(self, resident: ResidentSummary) -> None:
        ids = [self.award_people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.award_people.count())]
        if resident.id not in ids:
            item = QListWidgetItem(resident.name)
            item.setData(Qt.ItemDataRole.UserRole, resident.id)
            self.award_people.addItem(item)
        self.award_lookup.clear()

    def _remove_award_person(self) -> None:
        for item in self.award_people.selectedItems():
            self.award_people.takeItem(self.award_people.row(item))

    def award(self) -> list[AwardInfo] | None:
        self.award_errors.clear()
        ids = tuple(self.award_people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.award_people.count()))
        try:
            done = self._services.points.rules.award(self._actor, AwardInput(
                self.award_rule.currentData(), ids, self.award_day.date().toPython(), self.award_quantity.value(),
                self.award_event.text(), self.award_note.text()))
        except DomainError as exc:
            self.banner.refuse(exc, self.award_errors)
            return None
        self.banner.say("ok", self.tr("{points} points awarded to {n} resident(s).").format(
            points=sum(a.points for a in done), n=len(done)))
        self.award_people.clear()
        self.award_event.clear()
        self.award_note.clear()
        self.load_awards()
        self._show_balance()
        return done

    # --- merchants and rewards ------------------------------------------------------------------

    def _merchants_tab(self) -> QWidget:
        self.merchants_model: RowsModel[MerchantInfo] = RowsModel([
            Column(self.tr("Merchant"), lambda m: m.name),
            Column(self.tr("Category"), lambda m: label_of(m.category)),
            Column(self.tr("Yuan per 100 points"), lambda m: yuan(m.rate_fen_per_100), align_right=True),
            Column(self.tr("Contact"), lambda m: f"{m.contact} {m.phone}".strip()),
            Column(self.tr("Address"), lambda m: m.address),
            Column(self.tr("Active"), lambda m: self.tr("yes") if m.active else self.tr("no")),
            Column(self.tr("Rewards"), lambda m: m.rewards, align_right=True),
        ], muted=lambda m: not m.active)
        self.merchants_table = read_only_table(self.merchants_model, "merchants_table", self.tr("Merchants"), 4)
        self.merchant_new = name_widget(QPushButton(icon("fa5s.plus"), self.tr("New merchant…")), "merchant_new",
                                        self.tr("New merchant"))
        self.merchant_edit = name_widget(QPushButton(icon("fa5s.edit"), self.tr("Edit…")), "merchant_edit",
                                         self.tr("Edit the merchant"))
        self.mrewards_model: RowsModel[RewardInfo] = RowsModel([
            Column(self.tr("Reward"), lambda r: r.name),
            Column(self.tr("Points"), lambda r: r.price, align_right=True),
            Column(self.tr("Stock"), lambda r: r.stock, align_right=True),
            Column(self.tr("Valid"), _validity),
            Column(self.tr("Limit per resident"), lambda r: r.per_resident_limit or "—", align_right=True),
            Column(self.tr("Offered"), lambda r: self.tr("yes") if r.redeemable else self.tr("no")),
        ], muted=lambda r: not r.redeemable)
        self.mrewards_table = read_only_table(self.mrewards_model, "merchant_rewards_table", self.tr("Rewards"), 0)
        self.reward_new = name_widget(QPushButton(icon("fa5s.plus"), self.tr("New reward…")), "reward_new",
                                      self.tr("New reward"))
        self.reward_edit = name_widget(QPushButton(icon("fa5s.edit"), self.tr("Edit…")), "reward_edit",
                                       self.tr("Edit the reward"))
        self.reward_restock = name_widget(QPushButton(icon("fa5s.boxes"), self.tr("Restock…")), "reward_restock",
                                          self.tr("Restock the reward"))
        can = self._actor.can(Permission.MERCHANTS)
        for b in (self.merchant_new, self.merchant_edit, self.reward_new, self.reward_edit, self.reward_restock):
            b.setEnabled(can)
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.addWidget(row(STRETCH, self.merchant_new, self.merchant_edit))
        pl.addWidget(self.merchants_table, 1)
        pl.addWidget(row(STRETCH, self.reward_new, self.reward_edit, self.reward_restock))
        pl.addWidget(self.mrewards_table, 1)
        self.merchants_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.load_merchant_rewards())
        self.merchant_new.clicked.connect(lambda: self._edit_merchant(None))
        self.merchant_edit.clicked.connect(lambda: self._edit_merchant(self.current_merchant()))
        self.reward_new.clicked.connect(lambda: self._edit_reward(None))
        self.reward_edit.clicked.connect(lambda: self._edit_reward(self._current_mreward()))
        self.reward_restock.clicked.connect(self._on_restock_clicked)
        return page

    def load_merchants(self) -> None:
        try:
            found = self._services.points.catalogue.merchants(self._actor)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        current = self.current_merchant()
        self.merchants_model.set_rows(found)
        self.merchants_table.resizeColumnsToContents()
        rows = [i for i, m in enumerate(found) if current is not None and m.id == current.id]
        if found:
            self.merchants_table.selectRow(rows[0] if rows else 0)
        self.settle_merchant.clear()
        for m in found:
            self.settle_merchant.addItem(m.name, m.id)
        self.load_merchant_rewards()

    def current_merchant(self) -> MerchantInfo | None:
        return current_row(self.merchants_table, self.merchants_model)

    def _current_mreward(self) -> RewardInfo | None:
        return current_row(self.mrewards_table, self.mrewards_model)

    def load_merchant_rewards(self) -> None:
        m = self.current_merchant()
        if m is None:
            self.mrewards_model.set_rows([])
            return
        try:
            self.mrewards_model.set_rows(self._services.points.catalogue.rewards(self._actor, m.id))
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.mrewards_table.resizeColumnsToContents()

    def _edit_merchant(self, merchant: MerchantInfo | None) -> None:
        if MerchantDialog(self._services, self._actor, merchant, self).exec():
            self.banner.say("ok", self.tr("The merchant is saved."))
            self.load_merchants()
            self.load_rewards()

    def _edit_reward(self, reward: RewardInfo | None) -> None:
        m = self.current_merchant()
        if m is None:
            self.banner.say("warn", self.tr("Select a merchant first."))
            return
        if RewardDialog(self._services, self._actor, m.id, reward, self).exec():
            self.banner.say("ok", self.tr("The reward is saved."))
            self.load_merchant_rewards()
            self.load_rewards()

    def _on_restock_clicked(self) -> None:
        reward = self._current_mreward()
        if reward is None:
            self.banner.say("warn", self.tr("Select a reward first."))
            return
        delta, ok = QInputDialog.getInt(self, self.tr("Restock"), self.tr("How many items of {reward} come in "
                                                                          "(negative: taken out)?").format(
            reward=reward.name), 1, -100_000, 100_000)
        if ok:
            self.restock(reward, delta)

    def restock(self, reward: RewardInfo, delta: int, note: str = "") -> RewardInfo | None:
        try:
            done = self._services.points.catalogue.restock(self._actor, reward.id, delta, note)
        except DomainError as exc:
            self.banner.refuse(exc)
            return None
        self.banner.say("ok", self.tr("{reward}: {n} in stock now.").format(reward=done.name, n=done.stock))
        self.load_merchant_rewards()
        self.load_rewards()
        return done

    # --- settlement -----------------------------------------------------------------------------

    def _settle_tab(self) -> QWidget:
        self.settle_merchant = name_widget(QComboBox(), "settle_merchant", self.tr("Merchant"))
        today = local(self._services.clock.now()).date()
        self.settle_since = _date_edit(today.replace(day=1), "settle_since", self.tr("From"))
        self.settle_until = _date_edit(today, "settle_until", self.tr("To"))
        self.settle_show = name_widget(QPushButton(icon("fa5s.search"), self.tr("Show")), "settle_show",
                                       self.tr("Show the settlement"))
        self.settle_pdf = name_widget(QPushButton(icon("fa5s.file-pdf"), self.tr("Save as PDF…")), "settle_pdf",
                                      self.tr("Save the settlement as PDF"))
        self.settle_xlsx = name_widget(QPushButton(icon("fa5s.file-excel"), self.tr("Save as Excel…")),
                                       "settle_xlsx", self.tr("Save the settlement as Excel"))
        self.settle_model: RowsModel[SettlementLine] = RowsModel([
            Column(self.tr("Honoured"), lambda x: f"{local(x.honoured_at):%Y-%m-%d %H:%M}"),
            Column(self.tr("Code"), lambda x: x.code),
            Column(self.tr("Reward"), lambda x: x.reward_name),
            Column(self.tr("Resident"), lambda x: x.resident),
            Column(self.tr("Points"), lambda x: x.points, align_right=True),
            Column(self.tr("Amount (yuan)"), lambda x: yuan(x.amount_fen), align_right=True),
        ])
        self.settle_table = read_only_table(self.settle_model, "settle_table", self.tr("Settlement"), 2)
        self.settle_total = QLabel()
        self.settle_total.setObjectName("settle_total")
        self.settle_total.setStyleSheet("font-size:13pt; font-weight:bold;")
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.addWidget(row(QLabel(self.tr("Merchant")), (self.settle_merchant, 1), QLabel(self.tr("From")),
                         self.settle_since, QLabel(self.tr("To")), self.settle_until, self.settle_show))
        pl.addWidget(self.settle_table, 1)
        pl.addWidget(row((self.settle_total, 1), self.settle_pdf, self.settle_xlsx))
        self.settle_show.clicked.connect(self.show_settlement)
        self.settle_pdf.clicked.connect(self._on_settle_pdf_clicked)
        self.settle_xlsx.clicked.connect(self._on_settle_xlsx_clicked)
        return page

    def _period(self) -> tuple[uuid.UUID | None, date, date]:
        return (self.settle_merchant.currentData(), self.settle_since.date().toPython(),
                self.settle_until.date().toPython())

    def show_settlement(self) -> Settlement | None:
        merchant, since, until = self._period()
        if merchant is None:
            self.banner.say("warn", self.tr("Choose a merchant first."))
            return None
        try:
            data = self._services.points.settlement.settlement(self._actor, merchant, since, until)
        except DomainError as exc:
            self.banner.refuse(exc)
            return None
        self.settlement = data
        self.settle_model.set_rows(data.lines)
        self.settle_table.resizeColumnsToContents()
        text = self.tr("{n} voucher(s) honoured, {points} points, {amount} yuan owed").format(
            n=len(data.lines), points=data.total_points, amount=yuan(data.total_fen))
        if not data.reconciled:
            text += self.tr(" — does not match the ledger ({points} points)!").format(points=data.ledger_points)
        self.settle_total.setText(text)
        return data

    def _on_settle_pdf_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the settlement"), "积分结算单.pdf",
                                              self.tr("PDF files (*.pdf)"))
        if name:
            self.save_settlement_pdf(Path(name))

    def save_settlement_pdf(self, out: Path) -> None:
        data = self.show_settlement()
        if data is None:
            return
        render_settlement(data, out)
        self.banner.say("ok", self.tr("Saved to {path}.").format(path=str(out)))

    def _on_settle_xlsx_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the settlement"), "积分结算单.xlsx",
                                              self.tr("Excel workbook (*.xlsx)"))
        if name:
            self.save_settlement_xlsx(Path(name))

    def save_settlement_xlsx(self, out: Path) -> None:
        merchant, since, until = self._period()
        if merchant is None:
            self.banner.say("warn", self.tr("Choose a merchant first."))
            return
        try:
            self._services.points.settlement.export_settlement_xlsx(self._actor, merchant, since, until, out)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.banner.say("ok", self.tr("Saved to {path}.").format(path=str(out)))

    # --- earning rules and the expiry pass (POINTS_RULES) ---------------------------------------

    def _rules_tab(self) -> QWidget:
        self.rules_model: RowsModel[RuleInfo] = RowsModel([
            Column(self.tr("Earned for"), lambda r: label_of(r.kind)),
            Column(self.tr("Name"), lambda r: r.name),
            Column(self.tr("Points"), lambda r: r.points, align_right=True),
            Column(self.tr("Daily cap"), lambda r: _cap(r.daily_cap), align_right=True),
            Column(self.tr("Monthly cap"), lambda r: _cap(r.monthly_cap), align_right=True),
            Column(self.tr("Valid for"), lambda r: self.tr("{n} days").format(n=r.valid_days) if r.valid_days
                   else self.tr("never expire")),
            Column(self.tr("In force"), lambda r: self.tr("yes") if r.active else self.tr("no")),
            Column(self.tr("Note"), lambda r: r.note),
        ], muted=lambda r: not r.active)
        self.rules_table = read_only_table(self.rules_model, "rules_table", self.tr("Earning rules"), 7)
        self.rule_new = name_widget(QPushButton(icon("fa5s.plus"), self.tr("New rule…")), "rule_new",
                                    self.tr("New earning rule"))
        self.rule_edit = name_widget(QPushButton(icon("fa5s.edit"), self.tr("Edit…")), "rule_edit",
                                     self.tr("Edit the earning rule"))
        rules_box = QGroupBox(self.tr("Earning rules"))
        rl = QVBoxLayout(rules_box)
        rl.addWidget(self.rules_table, 1)
        rl.addWidget(row(self.rule_new, self.rule_edit, STRETCH))

        self.expiry_summary = QLabel()
        self.expiry_summary.setObjectName("expiry_summary")
        self.expiry_summary.setWordWrap(True)
        self.expiry_summary.setStyleSheet("font-size:12pt;")
        self.expiry_model: RowsModel[ExpiryDue] = RowsModel([
            Column(self.tr("Resident"), lambda x: x.name),
            Column(self.tr("Lapsed, to write off"), lambda x: x.lapsed or "", align_right=True),
            Column(self.tr("Lapsing soon"), lambda x: x.soon or "", align_right=True),
            Column(self.tr("Earliest expiry"), lambda x: f"{x.next_day:%Y-%m-%d}" if x.next_day else ""),
        ], muted=lambda x: not x.lapsed)
        self.expiry_table = read_only_table(self.expiry_model, "expiry_table", self.tr("Points lapsing"), 3)
        self.expiry_check = name_widget(QPushButton(icon("fa5s.sync"), self.tr("Check again")), "expiry_check",
                                        self.tr("Check what expires"))
        self.expiry_run = name_widget(QPushButton(icon("fa5s.hourglass-end"), self.tr("Run the expiry pass…")),
                                      "expiry_run", self.tr("Write off the lapsed points"))
        expiry_box = QGroupBox(self.tr("Expiry of points"))
        el = QVBoxLayout(expiry_box)
        el.addWidget(self.expiry_summary)
        el.addWidget(self.expiry_table, 1)
        el.addWidget(row(self.expiry_check, self.expiry_run, STRETCH))
        self.expiry: ExpiryPreview | None = None
        self.expiry_result: ExpiryRun | None = None
        self._expiry_task: Task | None = None
        page = QWidget()
        pl = QVBoxLayout(page)  # one above the other: each table has the page's width for its columns
        pl.addWidget(rules_box, 2)
        pl.addWidget(expiry_box, 3)
        self.rule_new.clicked.connect(lambda: self.edit_rule(None))
        self.rule_edit.clicked.connect(self._on_rule_edit_clicked)
        self.rules_table.doubleClicked.connect(lambda _i: self._on_rule_edit_clicked())
        self.expiry_check.clicked.connect(self.load_expiry)
        self.expiry_run.clicked.connect(self._on_expiry_run_clicked)
        return page

    def load_rule_table(self) -> None:
        try:
            found = self._services.points.rules.rules(self._actor)
        except DomainError as exc:
            self.banner.refuse(exc)
            return
        self.rules_model.set_rows(found)
        self.rules_table.resizeColumnsToContents()

    def current_rule(self) -> RuleInfo | None:
        return current_row(self.rules_table, self.rules_model)

    def _on_rule_edit_clicked(self) -> None:
        rule = self.current_rule()
        if rule is None:
            self.banner.say("warn", self.tr("Select a rule first."))
            return
        self.edit_rule(rule)

    def edit_rule(self, rule: RuleInfo | None) -> None:
        self.rule_dialog = RuleDialog(self._services, self._actor, rule, self)
        if self.rule_dialog.exec():
            saved = self.rule_dialog.result_info
            assert saved is not None
            self.banner.say("ok", self.tr("The earning rule {name} is saved.").format(name=saved.name))
            self.load_rule_table()
            self.load_rules()

    def load_expiry(self) -> ExpiryPreview | None:
        """What the expiry pass would write off now, and what lapses in the next 30 days."""
        try:
            preview = self._services.points.settlement.expiry_preview(self._actor)
        except DomainError as exc:
            self.banner.refuse(exc)
            return None
        self.expiry = preview
        self.expiry_model.set_rows(preview.lines)
        self.expiry_table.resizeColumnsToContents()
        due, coming = preview.due, preview.coming
        lapsed = self.tr("Lapsed and not yet written off: {points} points of {n} resident(s).").format(
            points=due.points, n=due.residents) if due.points else self.tr("No points have lapsed.")
        soon = self.tr("Lapsing by {day}: {points} points of {n} resident(s).").format(
            day=f"{preview.horizon:%Y-%m-%d}", points=coming.points, n=coming.residents)
        self.expiry_summary.setText(lapsed + "\n" + soon)
        self.expiry_run.setEnabled(due.points > 0 and self._expiry_task is None)
        return preview

    def _on_expiry_run_clicked(self) -> None:
        preview = self.load_expiry()
        if preview is None or not preview.due.points:
            return
        if confirm(self, self.tr("Expiry pass"), self.tr(
                "Write off {points} lapsed points of {n} resident(s)? Each resident's statement will show it; it "
                "cannot be undone.").format(points=preview.due.points, n=preview.due.residents)):
            self.run_expiry()

    def run_expiry(self) -> None:
        """The pass on the thread pool (it locks every account with lapsed points); the answer comes back here."""
        self.expiry_run.setEnabled(False)
        self.expiry_result = None
        self._expiry_task = run_task(lambda: self._services.points.settlement.expire(self._actor), self._on_expiry_done,
                                     self._on_expiry_failed)

    def _on_expiry_done(self, result: ExpiryRun) -> None:
        self._expiry_task = None
        self.expiry_result = result
        self.banner.say("ok", self.tr("Expiry pass done: {points} points of {n} resident(s) written off.").format(
            points=result.points, n=result.residents))
        self.load_expiry()
        self.load_awards()
        self._show_balance()

    def _on_expiry_failed(self, exc: BaseException) -> None:
        self._expiry_task = None
        if isinstance(exc, DomainError):
            self.banner.say("error", render_error(exc))
        else:
            self.banner.say("error", self.tr("The expiry pass failed: {error}").format(error=str(exc)))
        self.load_expiry()
