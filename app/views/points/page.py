"""The points (积分) page: redeem a reward for a resident and print the voucher; honour, reprint or cancel vouchers;
award points (and revoke a mistaken award), keep merchants and their rewards, settle with a merchant, and, for the
director and the administrator, the earning rules and the expiry pass. One tab each (this package's modules); every
rule is the service's, and the page shows its answers next to the field they concern."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.domain.topics import Topic
from app.services.core.auth import Actor, Permission
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.points.award import AwardTab
from app.views.points.catalogue import CatalogueTab
from app.views.points.redeem import RedeemTab
from app.views.points.rules import RulesTab
from app.views.points.settlement import SettlementTab
from app.views.points.vouchers import VouchersTab
from app.views.widgets import Banner, icon


class PointsPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("points_page")
        self._actor = actor
        self.banner = Banner("points_banner")
        self.redeem_tab = RedeemTab(services, actor, bus, self.banner)
        self.vouchers_tab = VouchersTab(services, actor, bus, self.banner)
        self.redeem_tab.resident_changed.connect(self.vouchers_tab.show_for)
        self.award_tab = AwardTab(services, actor, bus, self.banner)
        self.catalogue_tab = CatalogueTab(services, actor, bus, self.banner)
        self.settle_tab = SettlementTab(services, actor, bus, self.banner)
        self.rules_tab = RulesTab(services, actor, bus, self.banner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("points_tabs")
        self.tabs.addTab(self.redeem_tab, icon("fa5s.gift"), self.tr("Redeem"))
        self.tabs.addTab(self.vouchers_tab, icon("fa5s.ticket-alt"), self.tr("Vouchers"))
        self.tabs.addTab(self.award_tab, icon("fa5s.star"), self.tr("Award points"))
        self.tabs.addTab(self.catalogue_tab, icon("fa5s.store"), self.tr("Merchants && rewards"))
        self.tabs.addTab(self.settle_tab, icon("fa5s.file-invoice-dollar"), self.tr("Settlement"))
        self.tabs.setTabVisible(self.tabs.indexOf(self.settle_tab), actor.can(Permission.MERCHANTS))
        self.tabs.addTab(self.rules_tab, icon("fa5s.sliders-h"), self.tr("Earning rules && expiry"))
        self.tabs.setTabVisible(self.tabs.indexOf(self.rules_tab), actor.can(Permission.POINTS_RULES))
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs, 1)
        # what this page shows changes with its own writes, the time bank's credits (they earn points) and residents
        bus.subscribe({Topic.POINTS, Topic.LEDGER, Topic.RESIDENTS, Topic.PROGRAMMES}, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Every tab the account may see reads again, off the GUI thread."""
        self.redeem_tab.refresh()
        self.vouchers_tab.refresh()
        self.award_tab.refresh()
        self.catalogue_tab.refresh()
        if self._actor.can(Permission.MERCHANTS):
            self.settle_tab.refresh()
        if self._actor.can(Permission.POINTS_RULES):
            self.rules_tab.refresh()
