"""资源清单: the community's partner units (hospitals, schools, companies, property companies, legal and counselling
services, volunteer teams, social organisations, merchants), what each offers and when, how to reach it, and what it
did or gave over the year (records, requests helped, people served).

The list on top (filtered by words and the year counted); under it the partner's offers and its records of the year.
Points merchants are on this list too (one register): their name and contact are edited here or on the points page;
their points terms only there. Every read and write goes through ``Operations``; the page hears every change of the
resource list (``Topic.PROGRAMMES``) and of the requests (a referral made on a request's page).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.topics import Topic
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.programmes.partner_data import ContributionInfo, OfferInfo, PartnerRow
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.operations import Operations
from app.views.partner_dialogs import ContributionDialog, OfferDialog, PartnerDialog, offer_list_text
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.type_scale import set_role
from app.views.widgets import STRETCH, Banner, icon, label_of, name_widget, row, spin


class PartnersPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partners_page")
        self._services, self._actor, self._bus = services, actor, bus
        self.rows: list[PartnerRow] = []
        self.classes: list[tuple[str, str]] = []  # the request classes an offer may serve (read once)
        self.dialog: FormDialog | None = None
        self.banner = Banner("partners_banner")
        self._ops = Operations(self, bus, self.banner)
        self._build()
        bus.subscribe({Topic.PROGRAMMES, Topic.CASES}, self.refresh)
        self._ops.read(lambda: services.partners.request_classes(actor), self._set_classes, key="partner_classes")
        self.refresh()

    # --- construction -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = name_widget(QLineEdit(), "partners_search", self.tr("Find a partner"))
        self.search.setPlaceholderText(self.tr("Name, contact, phone or offer"))
        self.search.setClearButtonEnabled(True)
        self.year = spin("partners_year", self.tr("Year counted"), 2000, 2100)
        self.year.setValue(local(self._services.clock.now()).year)
        self.year.setPrefix(self.tr("Year "))
        self.active_only = name_widget(QCheckBox(self.tr("Active only")), "partners_active_only",
                                       self.tr("Active partners only"))
        self.new_button = name_widget(QPushButton(icon("fa5s.plus"), self.tr("New partner…")), "partners_new",
                                      self.tr("New partner"))
        self.edit_button = name_widget(QPushButton(icon("fa5s.edit"), self.tr("Edit…")), "partners_edit",
                                       self.tr("Edit the partner"))
        self.give_button = name_widget(QPushButton(icon("fa5s.hand-holding-heart"), self.tr("Record a contribution…")),
                                       "partners_give", self.tr("Record what the partner did or gave"))
        self.count = QLabel()
        self.count.setObjectName("partners_count")
        set_role(self.count, "emphasis")
        self.model: RowsModel[PartnerRow] = RowsModel([
            Column(self.tr("Partner"), lambda p: p.name),
            Column(self.tr("Kind"), lambda p: label_of(p.kind) + (self.tr(" · points") if p.merchant else "")),
            Column(self.tr("Contact"), lambda p: " ".join(x for x in (p.contact, p.phone) if x)),
            Column(self.tr("Offers"), lambda p: offer_list_text(p.offers)),
            Column(self.tr("Records"), lambda p: p.records),
            Column(self.tr("Requests helped"), lambda p: p.cases),
            Column(self.tr("People"), lambda p: p.people),
        ], muted=lambda p: not p.active)
        self.table = read_only_table(self.model, "partners_table", self.tr("Partners"), stretch_column=3)
        self.table.cap_column(3, 40)

        self.offers_model: RowsModel[OfferInfo] = RowsModel([
            Column(self.tr("Offer"), lambda o: o.what),
            Column(self.tr("When"), lambda o: o.when()),
            Column(self.tr("Serves"), lambda o: self._classes_text(o.classes, o.words)),
        ], muted=lambda o: not o.active)
        self.offers_table = read_only_table(self.offers_model, "partner_offers", self.tr("Offers"), stretch_column=2)
        self.offer_new = name_widget(QPushButton(icon("fa5s.plus"), self.tr("New offer…")), "offer_new",
                                     self.tr("New offer"))
        self.offer_edit = name_widget(QPushButton(icon("fa5s.edit"), self.tr("Edit offer…")), "offer_edit",
                                      self.tr("Edit the offer"))
        self.given_model: RowsModel[ContributionInfo] = RowsModel([
            Column(self.tr("Day"), lambda c: f"{c.on:%Y-%m-%d}"),
            Column(self.tr("What"), lambda c: c.what),
            Column(self.tr("People"), lambda c: c.people or ""),
            Column(self.tr("Request"), lambda c: c.case_no),
            Column(self.tr("Value"), lambda c: c.value_note),
        ])
        self.given_table = read_only_table(self.given_model, "partner_given", self.tr("What it gave this year"),
                                           stretch_column=1)
        offers_box = QWidget()
        offers_lay = QVBoxLayout(offers_box)
        offers_lay.setContentsMargins(0, 0, 0, 0)
        offers_lay.addWidget(row(self._heading(self.tr("What it offers")), STRETCH, self.offer_new, self.offer_edit))
        offers_lay.addWidget(self.offers_table, 1)
        given_box = QWidget()
        given_lay = QVBoxLayout(given_box)
        given_lay.setContentsMargins(0, 0, 0, 0)
        self.given_heading = self._heading(self.tr("What it gave"))
        given_lay.addWidget(row(self.given_heading, STRETCH, self.give_button))
        given_lay.addWidget(self.given_table, 1)

        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(row((self.search, 2), self.year, self.active_only, STRETCH, self.new_button, self.edit_button))
        lay.addWidget(self.count)
        lay.addWidget(self.table, 3)
        lay.addWidget(row((offers_box, 1), (given_box, 1)), 2)

        self.search.textChanged.connect(self.refresh)
        self.year.valueChanged.connect(self.refresh)
        self.active_only.toggled.connect(self.refresh)
        self.new_button.clicked.connect(lambda: self.edit_partner(None))
        self.edit_button.clicked.connect(lambda: self.edit_partner(self.current()))
        self.offer_new.clicked.connect(lambda: self.edit_offer(None))
        self.offer_edit.clicked.connect(lambda: self.edit_offer(current_row(self.offers_table, self.offers_model)))
        self.give_button.clicked.connect(self.record_given)
        self.table.doubleClicked.connect(lambda _index: self.edit_partner(self.current()))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        set_role(label, "emphasis")
        return label

    def _classes_text(self, codes: tuple[str, ...], words: str) -> str:
        names = dict(self.classes)
        parts = [names.get(c, c) for c in codes]
        if words:
            parts.append(self.tr("words: {words}").format(words=words))
        return "；".join(parts)

    # --- reading ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        service, actor = self._services.partners, self._actor
        year, text, active = self.year.value(), self.search.text(), self.active_only.isChecked()
        self._ops.read(lambda: service.partners(actor, year, text, active), self._show, key="partners")

    def _set_classes(self, classes: list[tuple[str, str]]) -> None:
        self.classes = classes
        p = self.current()
        self.offers_model.set_rows(list(p.offers) if p is not None else [])

    def _show(self, rows: list[PartnerRow]) -> None:
        wanted = self.current()
        self.rows = rows
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        records = sum(r.records for r in rows)
        self.count.setText(self.tr("{n} partners · {records} records in {year}").format(
            n=len(rows), records=records, year=self.year.value()))
        at = next((i for i, r in enumerate(rows) if wanted is not None and r.id == wanted.id), 0 if rows else -1)
        if at >= 0:
            self.table.selectRow(at)
        self._show_current()

    def current(self) -> PartnerRow | None:
        return current_row(self.table, self.model)

    def _show_current(self) -> None:
        p = self.current()
        for button in (self.edit_button, self.offer_new, self.offer_edit, self.give_button):
            button.setEnabled(p is not None)
        if p is None:
            self.offers_model.set_rows([])
            self.given_model.set_rows([])
            self._ops.forget("partner_given")
            return
        self.offers_model.set_rows(list(p.offers))
        self.offers_table.resizeColumnsToContents()
        self.given_heading.setText(self.tr("What {name} gave in {year}").format(name=p.name, year=self.year.value()))
        service, actor, year = self._services.partners, self._actor, self.year.value()
        self._ops.read(lambda: service.contributions(actor, p.id, year), self._show_given, key="partner_given")

    def _show_given(self, found: list[ContributionInfo]) -> None:
        self.given_model.set_rows(found)
        self.given_table.resizeColumnsToContents()

    # --- changes ------------------------------------------------------------------------------------

    def _open(self, dialog: FormDialog, saved: str) -> FormDialog:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.banner.say("ok", saved))
        dialog.open()
        return dialog

    def edit_partner(self, partner: PartnerRow | None) -> FormDialog:
        return self._open(PartnerDialog(self._services, self._actor, self._bus, partner, self),
                          self.tr("The partner is saved."))

    def edit_offer(self, offer: OfferInfo | None) -> FormDialog | None:
        p = self.current()
        if p is None:
            self.banner.say("warn", self.tr("Select a partner first."))
            return None
        return self._open(OfferDialog(self._services, self._actor, self._bus, p, self.classes, offer, self),
                          self.tr("The offer is saved."))

    def record_given(self) -> FormDialog | None:
        p = self.current()
        if p is None:
            self.banner.say("warn", self.tr("Select a partner first."))
            return None
        return self._open(ContributionDialog(self._services, self._actor, self._bus, p, self),
                          self.tr("Recorded."))
