"""The Vouchers tab (兑换券): honouring (核销) a voucher by its code, and the latest vouchers (of the resident chosen on
the Redeem tab, or everyone's) to print again or cancel; and ``VoucherPrinter``, which writes a voucher into the
printing folder and previews it (the Redeem tab prints a new voucher with it). A tab of its own so the list has the
page's whole width: every column readable at 1366x768, nothing scrolled sideways."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import VoucherStatus
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.files import Printout, save_printout
from app.services.documents.vouchers import render_voucher
from app.services.ledger.points.data import VoucherInfo
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.pdf_preview import PdfPreviewDialog
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.widgets import STRETCH, Banner, ask_reason, icon, label_of, name_widget, row


class VoucherPrinter:
    """A voucher's PDF, written into the printing folder off the GUI thread, named in the banner, then previewed."""

    def __init__(self, owner: QWidget, services: Services, actor: Actor, ops: Operations, banner: Banner) -> None:
        self._owner, self._services, self._actor, self._ops, self._banner = owner, services, actor, ops, banner
        self.preview: PdfPreviewDialog | None = None
        self.pdf: Path | None = None

    def print(self, voucher: VoucherInfo, said: str = "") -> None:
        """Write and preview ``voucher``; the banner says ``said`` (may be empty) and the file's name."""
        desk, actor, services = self._services.points.vouchers, self._actor, self._services
        folder, day = services.paths.printouts, local(services.clock.now()).date()

        def make() -> Path:
            data = desk.voucher_print(actor, voucher.id)
            return save_printout(folder, Printout.VOUCHER, day, lambda out: render_voucher(data, out))

        def made(out: Path) -> None:
            self.pdf = out
            self._banner.say_printed(said, out)
            title = QCoreApplication.translate("VouchersTab", "Voucher {code}").format(code=voucher.code)
            self.preview = PdfPreviewDialog(out, title, self._owner)
            self.preview.open()

        self._ops.read(make, made, key="print")


class VouchersTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self.banner = services, actor, banner
        self._ops = Operations(self, bus, banner)
        self.printer = VoucherPrinter(self, services, actor, self._ops, banner)
        self._resident: tuple[uuid.UUID, str] | None = None
        # the latest answers, as the clerk saw them in the banner
        self.honoured: VoucherInfo | None = None
        self.cancelled: VoucherInfo | None = None

        self.code_edit = name_widget(QLineEdit(), "voucher_code", self.tr("Voucher code"))
        self.code_edit.setPlaceholderText(self.tr("Type or scan the code, e.g. 7KQ9-M3XA"))
        self.honour_button = name_widget(QPushButton(icon("fa5s.check"), self.tr("Honour")), "voucher_honour",
                                         self.tr("Honour the voucher"))
        honour_box = QGroupBox(self.tr("Honour a voucher the merchant reports used"))
        QVBoxLayout(honour_box).addWidget(row((self.code_edit, 1), self.honour_button))

        self.whose = QLabel()
        self.whose.setObjectName("vouchers_whose")
        self.whose.setWordWrap(True)
        self.vouchers_model: RowsModel[VoucherInfo] = RowsModel([
            Column(self.tr("Code"), lambda v: v.code),
            Column(self.tr("Issued"), lambda v: f"{local(v.issued_at):%Y-%m-%d %H:%M}"),
            Column(self.tr("Resident"), lambda v: v.resident_name),
            Column(self.tr("Merchant"), lambda v: v.merchant_name),
            Column(self.tr("Reward"), lambda v: v.reward_name),
            Column(self.tr("Points"), lambda v: v.points, align_right=True),
            Column(self.tr("Status"), lambda v: label_of(v.status)),
            Column(self.tr("Note"), lambda v: v.cancel_reason),
        ], muted=lambda v: v.status is VoucherStatus.CANCELLED)
        self.vouchers_table = read_only_table(self.vouchers_model, "vouchers_table", self.tr("Vouchers"), 7)
        self.reprint_button = name_widget(QPushButton(icon("fa5s.print"), self.tr("Print voucher…")),
                                          "voucher_print", self.tr("Print the selected voucher"))
        self.cancel_button = name_widget(QPushButton(icon("fa5s.undo"), self.tr("Cancel voucher…")),
                                         "voucher_cancel", self.tr("Cancel the selected voucher"))
        list_box = QGroupBox(self.tr("Vouchers"))
        ll = QVBoxLayout(list_box)
        ll.addWidget(self.whose)
        ll.addWidget(self.vouchers_table, 1)
        ll.addWidget(row(self.reprint_button, self.cancel_button, STRETCH))
        lay = QVBoxLayout(self)
        lay.addWidget(honour_box)
        lay.addWidget(list_box, 1)
        self.honour_button.clicked.connect(self.honour)
        self.code_edit.returnPressed.connect(self.honour)
        self.reprint_button.clicked.connect(self._on_reprint_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)

    @property
    def voucher_pdf(self) -> Path | None:
        return self.printer.pdf

    def show_for(self, resident: tuple[uuid.UUID, str] | None) -> None:
        """The vouchers of this resident (id, name), or everyone's latest when None."""
        self._resident = resident
        self.refresh()

    def refresh(self) -> None:
        resident_id = self._resident[0] if self._resident is not None else None
        desk, actor = self._services.points.vouchers, self._actor
        self._ops.read(lambda: desk.vouchers(actor, resident_id=resident_id, limit=50), self._show, key="vouchers")

    def _show(self, vouchers: list[VoucherInfo]) -> None:
        self.whose.setText(self.tr("Vouchers of {name} (the latest 50)").format(name=self._resident[1])
                           if self._resident is not None else self.tr("Everyone's latest vouchers (at most 50)"))
        self.vouchers_model.set_rows(vouchers)
        self.vouchers_table.resizeColumnsToContents()

    def current_voucher(self) -> VoucherInfo | None:
        return current_row(self.vouchers_table, self.vouchers_model)

    def _on_reprint_clicked(self) -> None:
        voucher = self.current_voucher()
        if voucher is None:
            self.banner.say("warn", self.tr("Select a voucher first."))
            return
        self.printer.print(voucher)

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
