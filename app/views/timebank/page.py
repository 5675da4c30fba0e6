"""The time-bank officer's page: one tab each for volunteers and passbooks, service records, spending hours, family
links and volunteer teams, with the pool's balance, the rules and the export above them. Every rule is the service's;
the tabs show its answers next to the field they concern. The page reads again after any write to the time bank, the
ledger or the residents, from this page or another."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.domain.topics import Topic
from app.services.core.auth import Actor, Permission
from app.services.core.container import Services
from app.services.ledger.posting import hours
from app.services.ledger.timebank import RulesInfo, VolunteerInfo
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.timebank.dialogs import RulesDialog
from app.views.timebank.family import FamilyTab
from app.views.timebank.passbooks import PassbooksTab
from app.views.timebank.records import RecordsTab
from app.views.timebank.spending import SpendingTab
from app.views.timebank.teams import TeamsTab
from app.views.widgets import Banner, hidden_unless, icon, name_widget


class TimeBankPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timebank_page")
        self._services, self._actor, self._bus = services, actor, bus
        self.banner = Banner("timebank_banner")
        self._ops = Operations(self, bus, self.banner)
        self.passbooks = PassbooksTab(services, actor, bus, self.banner)
        self.records = RecordsTab(services, actor, bus, self.banner)
        self.spending = SpendingTab(services, actor, bus, self.banner)
        self.family = FamilyTab(services, actor, bus, self.banner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("timebank_tabs")
        self.tabs.addTab(self.passbooks, icon("fa5s.hands-helping"), self.tr("Volunteers && passbooks"))
        self.tabs.addTab(self.records, icon("fa5s.clipboard-check"), self.tr("Service records"))
        self.tabs.addTab(self.spending, icon("fa5s.exchange-alt"), self.tr("Redeem && transfer"))
        self.tabs.addTab(self.family, icon("fa5s.user-friends"), self.tr("Family links"))
        self.teams: TeamsTab | None = None  # 志愿服务队 (issue 22), for who keeps the teams
        if actor.can(Permission.TEAMS):
            self.teams = TeamsTab(services, actor, bus, self.banner)
            self.tabs.addTab(self.teams, icon("fa5s.users"), self.tr("Volunteer teams"))
        self.rules_button = name_widget(QPushButton(icon("fa5s.sliders-h"), self.tr("Rules…")), "timebank_rules",
                                        self.tr("Time-bank rules"))
        hidden_unless(self.rules_button, actor.can(Permission.TIMEBANK_RULES))
        self.export_button = name_widget(QPushButton(icon("fa5s.file-excel"), self.tr("Export to Excel…")),
                                         "timebank_export", self.tr("Export accounts and movements"))
        self.pool_label = QLabel()
        self.pool_label.setObjectName("timebank_pool")
        top = QHBoxLayout()
        top.addWidget(self.pool_label, 1)
        top.addWidget(self.rules_button)
        top.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs, 1)
        self.rules_button.clicked.connect(self._on_rules_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        bus.subscribe({Topic.TIMEBANK, Topic.LEDGER, Topic.RESIDENTS}, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Read every tab again: the volunteers the forms choose from, the pool, the lists."""
        bank, actor = self._services.timebank, self._actor
        self._ops.read(lambda: (bank.volunteers.volunteers(actor, ""), bank.statements.pool_balance(actor)),
                       lambda answer: self._show(*answer), key="volunteers")

    def _show(self, volunteers: list[VolunteerInfo], pool: int) -> None:
        self.pool_label.setText(self.tr("Community pool: {h} h").format(h=hours(pool)))
        self.records.set_volunteers(volunteers)
        self.spending.set_volunteers(volunteers)
        self.family.set_volunteers(volunteers)
        if self.teams is not None:
            self.teams.set_volunteers(volunteers)
        self.passbooks.run_volunteer_search()
        self.records.load_records()
        self.family.load_links()

    def _on_rules_clicked(self) -> None:
        volunteers, actor = self._services.timebank.volunteers, self._actor
        self._ops.read(lambda: volunteers.rules(actor), self._edit_rules, key="rules")

    def _edit_rules(self, current: RulesInfo) -> None:
        if RulesDialog(self._services, self._actor, self._bus, current, self).exec():
            self.banner.say("ok", self.tr("The new rules apply from now on."))

    def _on_export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export the time bank"), "时间银行.xlsx",
                                              self.tr("Excel workbook (*.xlsx)"))
        if name:
            self.export_to(Path(name))

    def export_to(self, out: Path) -> None:
        statements, actor = self._services.timebank.statements, self._actor
        self._ops.write_file(out, lambda: statements.export_xlsx(actor, out), lambda counts: self.tr(
            "Exported {a} accounts and {m} movements to {path}. It contains residents' names: keep it within the "
            "community office.").format(a=counts[0], m=counts[1], path=str(out)), busy=[self.export_button])
