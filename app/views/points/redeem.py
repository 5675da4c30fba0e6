"""The Redeem tab: a reward for a resident, its voucher previewed for printing; honouring (核销) a voucher by its
code, cancelling or reprinting one; the resident's points statement."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import VoucherStatus
from app.services.core.anchors import PASSBOOK
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.documents.vouchers import render_voucher
from app.services.ledger.points.data import PointsBalance, RewardInfo, VoucherInfo
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.pdf_preview import PdfPreviewDialog
from app.views.points.fields import validity
from app.views.resident_widgets import ResidentLookup
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.type_scale import set_role
from app.views.widgets import STRETCH, Banner, FieldErrorsView, ask_reason, confirm, icon, label_of, name_widget, row


class RedeemTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self.banner = services, actor, banner
        self.redeem_errors = FieldErrorsView()
        self._ops = Operations(self, bus, banner)
        self._redeem_ops = Operations(self, bus, banner, self.redeem_errors)
        self.preview: PdfPreviewDialog | None = None
        self.voucher_pdf: Path | None = None
        # the latest answers, as the clerk saw them in the banner
        self.redeemed: VoucherInfo | None = None
        self.honoured: VoucherInfo | None = None
        self.cancelled: VoucherInfo | None = None

        form = QFormLayout()
        self.redeem_resident = ResidentLookup(services, actor)
        self.redeem_errors.add_row(form, "resident", self.tr("Resident"), self.redeem_resident)
        self.balance_label = QLabel("—")
        self.balance_label.setObjectName("points_balance")
        self.balance_label.setStyleSheet("font-weight:bold;")
        set_role(self.balance_label, "emphasis")
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
            Column(self.tr("Valid"), validity),
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
        pl = QHBoxLayout(self)
        pl.addWidget(box, 2)  # the rewards' seven columns need the room; the vouchers scroll sideways
        pl.addWidget(vbox, 1)
        self.redeem_resident.resident_chosen.connect(lambda _r: self.show_balance())
        self.redeem_resident.resident_cleared.connect(self.show_balance)
        self.redeem_button.clicked.connect(self._on_redeem_clicked)
        self.statement_button.clicked.connect(self._on_statement_clicked)
        self.honour_button.clicked.connect(self.honour)
        self.code_edit.returnPressed.connect(self.honour)
        self.reprint_button.clicked.connect(self._on_reprint_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)

    def refresh(self) -> None:
        self.load_rewards()
        self.show_balance()

    # --- what is shown ------------------------------------------------------------------------------

    def load_rewards(self) -> None:
        catalogue, actor = self._services.points.catalogue, self._actor
        self._ops.read(lambda: catalogue.rewards(actor), self._show_rewards, key="rewards")

    def _show_rewards(self, found: list[RewardInfo]) -> None:
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

    def show_balance(self) -> None:
        """The chosen resident's points and vouchers (everyone's latest vouchers when no one is chosen)."""
        resident = self.redeem_resident.selected
        resident_id = resident.id if resident is not None else None
        desk, actor = self._services.points.vouchers, self._actor

        def read() -> tuple[PointsBalance | None, list[VoucherInfo]]:
            held = desk.balance(actor, resident_id) if resident_id is not None else None
            return held, desk.vouchers(actor, resident_id=resident_id, limit=50)

        self._ops.read(read, self._show_held, key="balance")

    def _show_held(self, answer: tuple[PointsBalance | None, list[VoucherInfo]]) -> None:
        held, vouchers = answer
        if held is None:
            self.balance_label.setText("—")
            self.expiry_label.setText("")
        else:
            text = self.tr("{n} points").format(n=held.available)
            if held.expired_due:
                text += self.tr(" ({n} lapsed, not usable)").format(n=held.expired_due)
            self.balance_label.setText(text)
            self.expiry_label.setText("；".join(self.tr("{n} points valid until {day}").format(
                n=e.points, day=f"{e.last_day:%Y-%m-%d}") for e in held.expiring) or self.tr("Nothing expires."))
        self.vouchers_model.set_rows(vouchers)
        if held is not None:
            self.vouchers_table.resizeColumnsToContents()

    def current_voucher(self) -> VoucherInfo | None:
        return current_row(self.vouchers_table, self.vouchers_model)

    # --- redeem -------------------------------------------------------------------------------------

    def _on_redeem_clicked(self) -> None:
        resident, reward = self.redeem_resident.selected, self.current_reward()
        if resident is not None and reward is not None and not confirm(
                self, self.tr("Redeem"), self.tr("Redeem {reward} ({merchant}) for {points} points for {name}?")
                .format(reward=reward.name, merchant=reward.merchant_name, points=reward.price, name=resident.name)):
            return
        self.redeem()

    def redeem(self) -> None:
        """Redeem the chosen reward for the chosen resident, then preview its voucher for printing."""
        resident, reward = self.redeem_resident.selected, self.current_reward()
        resident_id, reward_id = resident.id if resident else None, reward.id if reward else None
        desk, actor = self._services.points.vouchers, self._actor
        self._redeem_ops.write(lambda: desk.redeem(actor, resident_id, reward_id), self._on_redeemed,
                               busy=[self.redeem_button])

    def _on_redeemed(self, voucher: VoucherInfo) -> None:
        self.redeemed = voucher
        self.banner.say("ok", self.tr("Voucher {code}: {reward} for {name}, {points} points.").format(
            code=voucher.code, reward=voucher.reward_name, name=voucher.resident_name, points=voucher.points))
        self.print_voucher(voucher)

    # --- printing -----------------------------------------------------------------------------------

    def print_voucher(self, voucher: VoucherInfo) -> None:
        """The voucher's PDF, made off the GUI thread, then its preview."""
        desk, actor = self._services.points.vouchers, self._actor

        def make() -> Path:
            out = Path(tempfile.mkdtemp(prefix="voucher-")) / f"voucher-{voucher.code}.pdf"
            render_voucher(desk.voucher_print(actor, voucher.id), out)
            return out

        def made(out: Path) -> None:
            self.voucher_pdf = out
            self._preview(out, self.tr("Voucher {code}").format(code=voucher.code))

        self._ops.read(make, made, key="print")

    def _on_reprint_clicked(self) -> None:
        voucher = self.current_voucher()
        if voucher is None:
            self.banner.say("warn", self.tr("Select a voucher first."))
            return
        self.print_voucher(voucher)

    def _on_statement_clicked(self) -> None:
        resident = self.redeem_resident.selected
        if resident is None:
            self.banner.say("warn", self.tr("Find the resident first."))
            return
        settlement, anchors, actor = self._services.points.settlement, self._services.anchors, self._actor

        def make() -> Path:
            from app.services.documents.passbook import render_passbook

            out = Path(tempfile.mkdtemp(prefix="points-")) / "points-statement.pdf"
            statement = settlement.statement(actor, resident.id)
            render_passbook(statement, out)
            anchors.note_printed(actor, PASSBOOK, f"积分对账单 {statement.number or '—'}", statement.anchor)
            return out

        title = self.tr("Points statement of {name}").format(name=resident.name)
        self._ops.read(make, lambda out: self._preview(out, title), key="print")

    def _preview(self, out: Path, title: str) -> None:
        self.preview = PdfPreviewDialog(out, title, self)
        self.preview.open()

    # --- honour and cancel --------------------------------------------------------------------------

    def honour(self) -> None:
        if self._ops.running("honour"):
            return  # Enter and the button at once: the first is on its way
        desk, actor, code = self._services.points.vouchers, self._actor, self.code_edit.text()
        self._ops.write(lambda: desk.honour(actor, code), self._on_honoured, busy=[self.honour_button],
                        key="honour")

    def _on_honoured(self, voucher: VoucherInfo) -> None:
        self.honoured = voucher
        self.banner.say("ok", self.tr("Voucher {code} honoured: {reward} at {merchant}.").format(
            code=voucher.code, reward=voucher.reward_name, merchant=voucher.merchant_name))
        self.code_edit.clear()

    def _on_cancel_clicked(self) -> None:
        voucher = self.current_voucher()
        if voucher is None:
            self.banner.say("warn", self.tr("Select a voucher first."))
            return
        reason = ask_reason(self, self.tr("Cancel a voucher"), self.tr("Why is voucher {code} cancelled?").format(
            code=voucher.code))
        if reason is not None:
            self.cancel(voucher, reason)

    def cancel(self, voucher: VoucherInfo, reason: str) -> None:
        desk, actor = self._services.points.vouchers, self._actor
        self._ops.write(lambda: desk.cancel(actor, voucher.id, reason), self._on_cancelled,
                        busy=[self.cancel_button])

    def _on_cancelled(self, done: VoucherInfo) -> None:
        self.cancelled = done
        self.banner.say("ok", self.tr("Voucher {code} cancelled: {points} points and the item are given back.").format(
            code=done.code, points=done.points))
