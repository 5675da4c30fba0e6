"""可用资源 on a request's page: once the request is dispatched or whistled (吹哨), the partners of the resource list
whose offers fit it (its sub-category, its class, words of its description), best first, each saying why; 转介资源
refers the request to the one under the cursor in one step (``ReferDialog``: a note, then 转介), recorded on the
request's timeline and on the partner's record. Shown only to those who keep the resource list, and only when
something fits."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import CaseStatus
from app.services.core.auth import Actor, Permission
from app.services.core.container import Services
from app.services.programmes.partner_data import Suggestion
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.partner_dialogs import ReferDialog
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.widgets import STRETCH, Banner, icon, name_widget, row

# Dispatched (派单) or whistled (吹哨, the departments called in while it runs), not yet resolved.
SUGGESTED = frozenset({CaseStatus.DISPATCHED, CaseStatus.RESPONDED, CaseStatus.SUSPENDED})
ROWS_SHOWN = 4


class ResourcePanel(QGroupBox):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Resources that fit (resource list)"), parent)
        self.setObjectName("case_resources")
        self._services, self._actor, self._bus = services, actor, bus
        self._ops = Operations(self, bus, banner)
        self.case_id: uuid.UUID | None = None
        self.case_no = ""
        self.dialog: ReferDialog | None = None
        self.model: RowsModel[Suggestion] = RowsModel([
            Column(self.tr("Partner"), lambda s: s.partner_name + (self.tr(" (referred)") if s.referred else "")),
            Column(self.tr("Offer"), lambda s: " ".join(p for p in (s.offer_what, s.when) if p)),
            Column(self.tr("Why"), lambda s: "；".join(s.reasons)),
            Column(self.tr("Contact"), lambda s: " ".join(p for p in (s.contact, s.phone) if p)),
        ], muted=lambda s: s.referred)
        self.table = read_only_table(self.model, "case_resources_table", self.tr("Resources that fit"),
                                     stretch_column=3)
        self.table.cap_column(0, 14)
        self.table.cap_column(1, 18)
        self.table.cap_column(2, 14)
        self.refer_button = name_widget(QPushButton(icon("fa5s.share-square"), self.tr("Refer to this resource…")),
                                        "case_refer", self.tr("Refer the request to the resource selected"))
        self.hint = QLabel(self.tr("Partners whose offers fit this request's class or its words."))
        self.hint.setStyleSheet("color:#555;")
        lay = QVBoxLayout(self)
        lay.addWidget(row(self.hint, STRETCH, self.refer_button))
        lay.addWidget(self.table)
        self.refer_button.clicked.connect(self.refer_current)
        self.table.doubleClicked.connect(lambda _index: self.refer_current())
        self.hide()

    def show_case(self, case_id: uuid.UUID, case_no: str, status: CaseStatus) -> None:
        """Read the suggestions of the request shown; the panel stays hidden when none fits or none is due."""
        self.case_id, self.case_no = case_id, case_no
        if not self._actor.can(Permission.PARTNERS) or status not in SUGGESTED:
            self._ops.forget("case_resources")
            self.model.set_rows([])
            self.hide()
            return
        service, actor = self._services.partners, self._actor
        self._ops.read(lambda: service.suggestions(actor, case_id), self._show, key="case_resources")

    def _show(self, found: list[Suggestion]) -> None:
        self.model.set_rows(found)
        self.setVisible(bool(found))
        if found:
            self.table.resizeColumnsToContents()
            self.table.selectRow(0)
            frame = (self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
                     + self.table.horizontalScrollBar().sizeHint().height())  # room for it when the text is wide
            self.table.setFixedHeight(frame + self.table.rowHeight(0) * min(len(found), ROWS_SHOWN))

    def refer_current(self) -> ReferDialog | None:
        chosen = current_row(self.table, self.model)
        if chosen is None or self.case_id is None:
            return None
        self.dialog = ReferDialog(self._services, self._actor, self._bus, self.case_id, self.case_no, chosen, self)
        self.dialog.open()
        return self.dialog
