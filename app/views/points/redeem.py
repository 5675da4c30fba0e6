"""The Redeem tab: the chosen resident's points and every reward with whether they can have it now, and if not why
(差 N 分, 库存不足, 已下架: the service's one rule, ``VoucherService.choice``, the same ``redeem`` enforces). The
兑换 button is enabled only for a reward they can have, with the reason beside it otherwise, before any question;
the confirmation says their points before and after. The new voucher goes to the printing folder and is previewed;
the resident's points statement likewise."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.core.anchors import PASSBOOK
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.core.files import Printout, save_printout
from app.services.ledger.points.data import PointsBalance, RedeemChoice, RewardOffer, VoucherInfo
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.pdf_preview import PdfPreviewDialog
from app.views.points.fields import validity
from app.views.points.vouchers import VoucherPrinter
from app.views.resident_widgets import ResidentLookup
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.type_scale import set_role
from app.views.widgets import Banner, FieldErrorsView, confirm, icon, name_widget, render_message, row


class RedeemTab(QWidget):
    resident_changed = Signal(object)  # (id, name) of the resident chosen, or None

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self.banner = services, actor, banner
        self.redeem_errors = FieldErrorsView()
        self._ops = Operations(self, bus, banner)
        self._redeem_ops = Operations(self, bus, banner, self.redeem_errors)
        self.printer = VoucherPrinter(self, services, actor, self._ops, banner)
        self.statement_preview: PdfPreviewDialog | None = None
        self.held: PointsBalance | None = None
        # the latest answer, as the clerk saw it in the banner
        self.redeemed: VoucherInfo | None = None

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
        self.rewards_model: RowsModel[RewardOffer] = RowsModel([
            Column(self.tr("Merchant"), lambda o: o.reward.merchant_name),
            Column(self.tr("Reward"), lambda o: o.reward.name),
            Column(self.tr("Points"), lambda o: o.reward.price, align_right=True),
            Column(self.tr("Stock"), lambda o: o.reward.stock, align_right=True),
            Column(self.tr("Valid"), lambda o: validity(o.reward)),
            Column(self.tr("Limit per resident"), lambda o: o.reward.per_resident_limit or "—", align_right=True),
            Column(self.tr("Can redeem?"), self.can_text),
        ], muted=lambda o: not o.redeemable)
        self.rewards_table = read_only_table(self.rewards_model, "rewards_table", self.tr("Rewards"), 1)
        self.redeem_errors.add_row(form, "reward", self.tr("Reward"), self.rewards_table)
        self.redeem_button = name_widget(QPushButton(icon("fa5s.gift"), self.tr("Redeem…")), "redeem_confirm",
                                         self.tr("Redeem the selected reward"))
        self.redeem_button.setEnabled(False)
        self.reason = QLabel()
        self.reason.setObjectName("redeem_reason")
        self.reason.setAccessibleName(self.tr("Why the reward cannot be redeemed"))
        self.reason.setWordWrap(True)
        self.statement_button = name_widget(QPushButton(icon("fa5s.book"), self.tr("Print statement…")),
                                            "points_statement", self.tr("Print the points statement"))
        box = QGroupBox(self.tr("Redeem a reward"))
        bl = QVBoxLayout(box)
        bl.addLayout(form, 1)
        bl.addWidget(row(self.redeem_button, (self.reason, 1), self.statement_button))
        QVBoxLayout(self).addWidget(box)
        self.redeem_resident.resident_chosen.connect(lambda _r: self._on_resident())
        self.redeem_resident.resident_cleared.connect(self._on_resident)
        self.rewards_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_can())
        self.redeem_button.clicked.connect(self._on_redeem_clicked)
        self.statement_button.clicked.connect(self._on_statement_clicked)

    # --- what is shown ------------------------------------------------------------------------------

    @property
    def preview(self) -> PdfPreviewDialog | None:
        return self.printer.preview

    @property
    def voucher_pdf(self) -> Path | None:
        return self.printer.pdf

    def _on_resident(self) -> None:
        resident = self.redeem_resident.selected
        self.resident_changed.emit((resident.id, resident.name) if resident is not None else None)
        self.refresh()

    def refresh(self) -> None:
        """The chosen resident's points and what they can have (every reward, with no one chosen)."""
        resident = self.redeem_resident.selected
        resident_id = resident.id if resident is not None else None
        desk, actor = self._services.points.vouchers, self._actor
        self._ops.read(lambda: desk.choice(actor, resident_id), self._show_choice, key="choice")

    load_rewards = refresh
    show_balance = refresh

    def _show_choice(self, choice: RedeemChoice) -> None:
        current = self.current_offer()
        self.held = held = choice.balance
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
        self.rewards_model.set_rows(choice.offers)
        self.rewards_table.resizeColumnsToContents()
        if current is not None:
            for i, o in enumerate(choice.offers):
                if o.reward.id == current.reward.id:
                    self.rewards_table.selectRow(i)
        self._show_can()

    def can_text(self, offer: RewardOffer) -> str:
        """The rewards list's last column: 可兑换, or why not in a few words (差 120 分, 库存不足, 已下架...)."""
        if offer.refusal is not None:
            return render_message(offer.refusal.short)
        return self.tr("Can redeem") if offer.balance is not None else self.tr("Offered")

    def _show_can(self) -> None:
        """The button is enabled only for a reward the chosen resident can have; otherwise the reason is beside it."""
        offer = self.current_offer()
        if self.redeem_resident.selected is None or self.held is None:
            reason, ok = self.tr("Find the resident first."), False
        elif offer is None:
            reason, ok = self.tr("Choose a reward in the list."), False
        elif offer.refusal is not None:
            reason, ok = render_message(offer.refusal.message), False
        else:
            reason, ok = self.tr("{points} points; {after} left after it.").format(
                points=offer.reward.price, after=offer.after), True
        self.redeem_button.setEnabled(ok)
        self.redeem_button.setToolTip(reason)
        self.reason.setText(reason)
        self.reason.setStyleSheet("" if ok else "color:#8c1d18;")

    def current_offer(self) -> RewardOffer | None:
        return current_row(self.rewards_table, self.rewards_model)

    def select_reward(self, name: str) -> RewardOffer:
        for i in range(self.rewards_model.rowCount()):
            if self.rewards_model.row_at(i).reward.name == name:
                self.rewards_table.selectRow(i)
                return self.rewards_model.row_at(i)
        raise KeyError(name)

    # --- redeem -------------------------------------------------------------------------------------

    def _on_redeem_clicked(self) -> None:
        resident, offer = self.redeem_resident.selected, self.current_offer()
        if resident is None or offer is None or offer.refusal is not None:
            return  # the button is disabled then, and the reason shown beside it
        reward = offer.reward
        if confirm(self, self.tr("Redeem"), self.tr(
                "Redeem {reward} ({merchant}) for {name}: {points} points.\n"
                "Points before: {before}; after: {after}.").format(
                reward=reward.name, merchant=reward.merchant_name, name=resident.name, points=reward.price,
                before=offer.balance, after=offer.after)):
            self.redeem()

    def redeem(self) -> None:
        """Redeem the chosen reward for the chosen resident, then preview its voucher for printing."""
        resident, offer = self.redeem_resident.selected, self.current_offer()
        resident_id: uuid.UUID | None = resident.id if resident else None
        reward_id = offer.reward.id if offer else None
        desk, actor = self._services.points.vouchers, self._actor
        self._redeem_ops.write(lambda: desk.redeem(actor, resident_id, reward_id), self._on_redeemed,
                               busy=[self.redeem_button], refused=self._on_redeem_refused)

    def _on_redeem_refused(self, exc: DomainError) -> None:
        """Refused after all (another desk took the last item or spent the points a moment ago): said as usual, and
        the list read again, so it says the same and the button follows it."""
        self._redeem_ops.show_refusal(exc)
        self.refresh()

    def _on_redeemed(self, voucher: VoucherInfo) -> None:
        self.redeemed = voucher
        said = self.tr("Voucher {code}: {reward} for {name}, {points} points.").format(
            code=voucher.code, reward=voucher.reward_name, name=voucher.resident_name, points=voucher.points)
        self.banner.say("ok", said)
        self.printer.print(voucher, said)

    # --- the statement ------------------------------------------------------------------------------

    def _on_statement_clicked(self) -> None:
        resident = self.redeem_resident.selected
        if resident is None:
            self.banner.say("warn", self.tr("Find the resident first."))
            return
        services, actor = self._services, self._actor
        settlement, anchors = services.points.settlement, services.anchors
        folder, day = services.paths.printouts, local(services.clock.now()).date()

        def make() -> Path:
            from app.services.documents.passbook import render_passbook

            statement = settlement.statement(actor, resident.id)
            out = save_printout(folder, Printout.POINTS_STATEMENT, day, lambda p: render_passbook(statement, p))
            anchors.note_printed(actor, PASSBOOK, f"积分对账单 {statement.number or '—'}", statement.anchor)
            return out

        title = self.tr("Points statement of {name}").format(name=resident.name)

        def made(out: Path) -> None:
            self.banner.say_printed("", out)
            self.statement_preview = PdfPreviewDialog(out, title, self)
            self.statement_preview.open()

        self._ops.read(make, made, key="print")
