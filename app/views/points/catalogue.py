"""The Merchants & rewards tab: the partner merchants, the chosen merchant's rewards, and (MERCHANTS) adding or
editing either and restocking a reward."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QPushButton, QVBoxLayout, QWidget

from app.services.core.auth import Actor, Permission
from app.services.core.container import Services
from app.services.ledger.points.data import MerchantInfo, RewardInfo, yuan
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.operations import Operations
from app.views.points.dialogs import MerchantDialog, RewardDialog
from app.views.points.fields import validity
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.widgets import STRETCH, Banner, icon, label_of, name_widget, render_message, row


class CatalogueTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self._bus, self.banner = services, actor, bus, banner
        self._ops = Operations(self, bus, banner)
        self.dialog: FormDialog | None = None
        self.restocked: RewardInfo | None = None
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
            Column(self.tr("Valid"), validity),
            Column(self.tr("Limit per resident"), lambda r: r.per_resident_limit or "—", align_right=True),
            Column(self.tr("Offered now"), lambda r: render_message(r.not_offered) if r.not_offered
                   else self.tr("On offer")),  # or why not, in the service's words (已下架, 库存不足...)
        ], muted=lambda r: not r.redeemable)
        self.mrewards_table = read_only_table(self.mrewards_model, "merchant_rewards_table", self.tr("Rewards"), 0)
        self.reward_new = name_widget(QPushButton(icon("fa5s.plus"), self.tr("New reward…")), "reward_new",
                                      self.tr("New reward"))
        self.reward_edit = name_widget(QPushButton(icon("fa5s.edit"), self.tr("Edit…")), "reward_edit",
                                       self.tr("Edit the reward"))
        self.reward_restock = name_widget(QPushButton(icon("fa5s.boxes"), self.tr("Restock…")), "reward_restock",
                                          self.tr("Restock the reward"))
        can = actor.can(Permission.MERCHANTS)
        for b in (self.merchant_new, self.merchant_edit, self.reward_new, self.reward_edit, self.reward_restock):
            b.setEnabled(can)
        pl = QVBoxLayout(self)
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

    def refresh(self) -> None:
        self.load_merchants()

    # --- what is shown ------------------------------------------------------------------------------

    def load_merchants(self) -> None:
        catalogue, actor = self._services.points.catalogue, self._actor
        self._ops.read(lambda: catalogue.merchants(actor), self._show_merchants, key="merchants")

    def _show_merchants(self, found: list[MerchantInfo]) -> None:
        current = self.current_merchant()
        self.merchants_model.set_rows(found)
        self.merchants_table.resizeColumnsToContents()
        rows = [i for i, m in enumerate(found) if current is not None and m.id == current.id]
        if found:
            self.merchants_table.selectRow(rows[0] if rows else 0)
        self.load_merchant_rewards()

    def current_merchant(self) -> MerchantInfo | None:
        return current_row(self.merchants_table, self.merchants_model)

    def _current_mreward(self) -> RewardInfo | None:
        return current_row(self.mrewards_table, self.mrewards_model)

    def load_merchant_rewards(self) -> None:
        m = self.current_merchant()
        if m is None:
            self._ops.forget("merchant_rewards")
            self.mrewards_model.set_rows([])
            return
        catalogue, actor = self._services.points.catalogue, self._actor
        self._ops.read(lambda: catalogue.rewards(actor, m.id), self._show_merchant_rewards, key="merchant_rewards")

    def _show_merchant_rewards(self, found: list[RewardInfo]) -> None:
        self.mrewards_model.set_rows(found)
        self.mrewards_table.resizeColumnsToContents()

    # --- changes ------------------------------------------------------------------------------------

    def _open(self, dialog: FormDialog, saved: str) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.banner.say("ok", saved))
        dialog.open()

    def _edit_merchant(self, merchant: MerchantInfo | None) -> None:
        self._open(MerchantDialog(self._services, self._actor, self._bus, merchant, self),
                   self.tr("The merchant is saved."))

    def _edit_reward(self, reward: RewardInfo | None) -> None:
        m = self.current_merchant()
        if m is None:
            self.banner.say("warn", self.tr("Select a merchant first."))
            return
        self._open(RewardDialog(self._services, self._actor, self._bus, m.id, reward, self),
                   self.tr("The reward is saved."))

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

    def restock(self, reward: RewardInfo, delta: int, note: str = "") -> None:
        catalogue, actor = self._services.points.catalogue, self._actor
        self._ops.write(lambda: catalogue.restock(actor, reward.id, delta, note), self._on_restocked,
                        busy=[self.reward_restock])

    def _on_restocked(self, done: RewardInfo) -> None:
        self.restocked = done
        self.banner.say("ok", self.tr("{reward}: {n} in stock now.").format(reward=done.name, n=done.stock))
