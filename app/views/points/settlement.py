"""The Settlement tab (MERCHANTS): what the community owes a merchant for the vouchers it honoured in a period,
shown, then saved as PDF or as an Excel workbook."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.files import Printout, save_printout
from app.services.documents.vouchers import render_settlement
from app.services.ledger.points.data import MerchantInfo, Settlement, SettlementLine, yuan
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.pdf_preview import PdfPreviewDialog
from app.views.tables import Column, RowsModel, read_only_table
from app.views.type_scale import set_role
from app.views.widgets import Banner, date_edit, day_of, icon, name_widget, row


class SettlementTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self.banner = services, actor, banner
        self._ops = Operations(self, bus, banner)
        self.settlement: Settlement | None = None
        self.settlement_pdf: Path | None = None
        self.preview: PdfPreviewDialog | None = None
        self.settle_merchant = name_widget(QComboBox(), "settle_merchant", self.tr("Merchant"))
        today = local(services.clock.now()).date()
        self.settle_since = date_edit(today.replace(day=1), "settle_since", self.tr("From"))
        self.settle_until = date_edit(today, "settle_until", self.tr("To"))
        self.settle_show = name_widget(QPushButton(icon("fa5s.search"), self.tr("Show")), "settle_show",
                                       self.tr("Show the settlement"))
        self.settle_pdf = name_widget(QPushButton(icon("fa5s.print"), self.tr("Print settlement…")), "settle_pdf",
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
        self.settle_total.setStyleSheet("font-weight:bold;")
        set_role(self.settle_total, "emphasis")
        pl = QVBoxLayout(self)
        pl.addWidget(row(QLabel(self.tr("Merchant")), (self.settle_merchant, 1), QLabel(self.tr("From")),
                         self.settle_since, QLabel(self.tr("To")), self.settle_until, self.settle_show))
        pl.addWidget(self.settle_table, 1)
        pl.addWidget(row((self.settle_total, 1), self.settle_pdf, self.settle_xlsx))
        self.settle_show.clicked.connect(self.show_settlement)
        self.settle_pdf.clicked.connect(self._on_settle_pdf_clicked)
        self.settle_xlsx.clicked.connect(self._on_settle_xlsx_clicked)

    def refresh(self) -> None:
        """The merchants to choose from (the chosen one stays chosen)."""
        catalogue, actor = self._services.points.catalogue, self._actor
        self._ops.read(lambda: catalogue.merchants(actor), self._show_merchants, key="merchants")

    def _show_merchants(self, found: list[MerchantInfo]) -> None:
        current = self.settle_merchant.currentData()
        self.settle_merchant.clear()
        for m in found:
            self.settle_merchant.addItem(m.name, m.id)
        ids = [m.id for m in found]
        self.settle_merchant.setCurrentIndex(ids.index(current) if current in ids else 0)  # findData: not UUIDs

    def _period(self) -> tuple[uuid.UUID | None, date, date]:
        return self.settle_merchant.currentData(), day_of(self.settle_since), day_of(self.settle_until)

    def show_settlement(self) -> None:
        merchant, since, until = self._period()
        if merchant is None:
            self.banner.say("warn", self.tr("Choose a merchant first."))
            return
        settlement, actor = self._services.points.settlement, self._actor
        self._ops.read(lambda: settlement.settlement(actor, merchant, since, until), self._show, key="settlement")

    def _show(self, data: Settlement) -> None:
        self.settlement = data
        self.settle_model.set_rows(data.lines)
        self.settle_table.resizeColumnsToContents()
        text = self.tr("{n} voucher(s) honoured, {points} points, {amount} yuan owed").format(
            n=len(data.lines), points=data.total_points, amount=yuan(data.total_fen))
        if not data.reconciled:
            text += self.tr(" — does not match the ledger ({points} points)!").format(points=data.ledger_points)
        self.settle_total.setText(text)

    def _on_settle_pdf_clicked(self) -> None:
        self.print_settlement()

    def print_settlement(self) -> None:
        """The settlement as PDF in the printing folder, named in the banner, then previewed (print or save a copy)."""
        merchant, since, until = self._period()
        if merchant is None:
            self.banner.say("warn", self.tr("Choose a merchant first."))
            return
        settlement, actor = self._services.points.settlement, self._actor
        folder, day = self._services.paths.printouts, local(self._services.clock.now()).date()

        def make() -> tuple[Settlement, Path]:
            data = settlement.settlement(actor, merchant, since, until)
            return data, save_printout(folder, Printout.SETTLEMENT, day, lambda out: render_settlement(data, out))

        self._ops.read(make, lambda made: self._printed(*made), key="print")

    def _printed(self, data: Settlement, path: Path) -> None:
        self._show(data)
        self.settlement_pdf = path
        self.banner.say_printed("", path)
        self.preview = PdfPreviewDialog(path, self.tr("Settlement of {merchant}").format(
            merchant=data.merchant_name), self)
        self.preview.open()

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
        settlement, actor = self._services.points.settlement, self._actor
        self._ops.write_file(out, lambda: settlement.export_settlement_xlsx(actor, merchant, since, until, out),
                             lambda data: self._saved(data, out), busy=[self.settle_xlsx])

    def _saved(self, data: Settlement, out: Path) -> str:
        """What was saved is what the tab shows."""
        self._show(data)
        return self.tr("Saved: {name}").format(name=out.name)  # the file's name, not its path
