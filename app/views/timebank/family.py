"""The tab of family links (亲属绑定): record a link between a volunteer and a relative; a second person decides."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import LinkStatus, Relation
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.ledger.timebank import LinkInfo, VolunteerInfo
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.resident_widgets import ResidentLookup
from app.views.tables import Column, RowsModel, read_only_table
from app.views.timebank.common import fill_volunteers, volunteer_combo
from app.views.widgets import STRETCH, Banner, FieldErrorsView, icon, label_of, name_widget, row


class FamilyTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self.banner = services, actor, banner
        self.link_errors = FieldErrorsView()
        self._ops = Operations(self, bus, banner, self.link_errors)
        form = QFormLayout()
        self.link_holder = volunteer_combo("link_holder", self.tr("Volunteer"))
        self.link_errors.add_row(form, "holder", self.tr("Volunteer"), self.link_holder)
        self.link_relative = ResidentLookup(services, actor)
        self.link_errors.add_row(form, "relative", self.tr("Family member"), self.link_relative)
        self.link_relation = name_widget(QComboBox(), "link_relation", self.tr("Relation"))
        assert isinstance(self.link_relation, QComboBox)
        for rel in Relation:
            self.link_relation.addItem(label_of(rel), rel.value)
        self.link_errors.add_row(form, "relation", self.tr("Relation"), self.link_relation)
        self.link_proof = name_widget(QLineEdit(), "link_proof", self.tr("Proof"))
        assert isinstance(self.link_proof, QLineEdit)
        self.link_proof.setPlaceholderText(self.tr("e.g. household register, marriage certificate No. …"))
        self.link_errors.add_row(form, "proof", self.tr("Proof"), self.link_proof)
        self.link_button = name_widget(QPushButton(icon("fa5s.link"), self.tr("Record the link")), "link_save",
                                       self.tr("Record the family link"))
        box = QGroupBox(self.tr("Link a family member (approved by a second person)"))
        bl = QVBoxLayout(box)
        bl.addLayout(form)
        bl.addWidget(row(self.link_button, STRETCH))
        self.links_model: RowsModel[LinkInfo] = RowsModel([
            Column(self.tr("Volunteer"), lambda x: x.holder_name),
            Column(self.tr("Family member"), lambda x: x.relative_name),
            Column(self.tr("Relation"), lambda x: label_of(x.relation)),
            Column(self.tr("Proof"), lambda x: x.proof),
            Column(self.tr("Status"), lambda x: label_of(x.status)),
            Column(self.tr("Recorded by"), lambda x: x.requested_by),
            Column(self.tr("Decided by"), lambda x: x.decided_by),
        ], muted=lambda x: x.status is LinkStatus.REJECTED)
        self.links_table = read_only_table(self.links_model, "links_table", self.tr("Family links"), 3)
        self.approve_button = name_widget(QPushButton(icon("fa5s.check"), self.tr("Approve")), "link_approve",
                                          self.tr("Approve the selected link"))
        self.refuse_button = name_widget(QPushButton(icon("fa5s.times"), self.tr("Do not approve")), "link_refuse",
                                         self.tr("Do not approve the selected link"))
        pl = QVBoxLayout(self)
        pl.addWidget(box)
        pl.addWidget(row(STRETCH, self.approve_button, self.refuse_button))
        pl.addWidget(self.links_table, 1)
        self.link_button.clicked.connect(self.save_link)
        self.approve_button.clicked.connect(lambda: self._decide(True))
        self.refuse_button.clicked.connect(lambda: self._decide(False))

    def set_volunteers(self, volunteers: list[VolunteerInfo]) -> None:
        fill_volunteers(self.link_holder, volunteers, by_resident=True)

    def load_links(self) -> None:
        family, actor = self._services.timebank.family, self._actor
        self._ops.read(lambda: family.links(actor), self._show_links, key="links")

    def _show_links(self, links: list[LinkInfo]) -> None:
        self.links_model.set_rows(links)
        self.links_table.resizeColumnsToContents()

    def save_link(self) -> None:
        relative = self.link_relative.selected
        holder, relation, proof = self.link_holder.chosen(), str(self.link_relation.currentData()), \
            self.link_proof.text()
        family, actor = self._services.timebank.family, self._actor
        self._ops.write(lambda: family.request_link(actor, holder, relative.id if relative else None, relation, proof),
                        self._on_linked, busy=[self.link_button],
                        invalid=self.tr("Not saved: please correct the fields marked in red."))

    def _on_linked(self, link: LinkInfo) -> None:
        self.banner.say("ok", self.tr("Link {a} – {b} recorded; a second person approves it.").format(
            a=link.holder_name, b=link.relative_name))
        self.link_relative.clear()
        self.link_proof.clear()

    def _decide(self, approve: bool) -> None:
        index = self.links_table.currentIndex()
        if not index.isValid():
            self.banner.say("warn", self.tr("Select a link first."))
            return
        link = self.links_model.row_at(index.row())
        family, actor = self._services.timebank.family, self._actor
        status = label_of(LinkStatus.APPROVED if approve else LinkStatus.REJECTED)
        self._ops.write(lambda: family.decide_link(actor, link.id, approve),
                        lambda _: self.banner.say("ok", self.tr("Link {a} – {b}: {status}.").format(
                            a=link.holder_name, b=link.relative_name, status=status)),
                        busy=[self.approve_button, self.refuse_button])
