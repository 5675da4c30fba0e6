"""系统设置: the administrator's set-up of the community, one tab each, with the checklist of what is missing."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.domain.topics import Topic
from app.services.community.readiness import ReadinessItem
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.settings.buildings import BuildingsTab
from app.views.settings.categories import CategoriesTab
from app.views.settings.conflicts import SyncConflictsTab
from app.views.settings.departments import DepartmentsTab
from app.views.settings.desk_panel import DeskSettingsPanel
from app.views.settings.grids import GridsTab
from app.views.settings.messages import MessageTemplatesTab
from app.views.settings.reference import ReferenceTab
from app.views.settings.replies import CannedRepliesTab
from app.views.settings.tags import TagsTab
from app.views.widgets import Banner, render_message

CHECKLIST_TOPICS = {Topic.COMMUNITY, Topic.ACCOUNTS, Topic.RESIDENTS}


class SettingsPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_page")
        self._services, self._actor = services, actor
        self.banner = Banner("settings_banner")
        self.checklist = QLabel()
        self.checklist.setObjectName("settings_checklist")
        self.checklist.setWordWrap(True)
        self.checklist.setStyleSheet("background:#fff4e5; color:#7a4100; border:1px solid #f0c27b; padding:8px;")
        self.checklist.hide()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        self.grids = GridsTab(services, actor, bus, self.banner)
        self.buildings = BuildingsTab(services, actor, bus, self.banner)
        self.departments = DepartmentsTab(services, actor, bus, self.banner)
        self.categories = CategoriesTab(services, actor, bus, self.banner)
        self.tags = TagsTab(services, actor, bus, self.banner)
        self.tabs.addTab(self.grids, self.tr("Grids and grid workers"))
        self.tabs.addTab(self.buildings, self.tr("Buildings"))
        self.tabs.addTab(self.departments, self.tr("Departments"))
        self.tabs.addTab(self.categories, self.tr("Request categories"))
        self.tabs.addTab(self.tags, self.tr("Tags"))
        self.templates = MessageTemplatesTab(services, actor, bus, self.banner)  # words to residents (issue 20)
        self.replies = CannedRepliesTab(services, actor, bus, self.banner)
        self.tabs.addTab(self.templates, self.tr("Message templates"))
        self.tabs.addTab(self.replies, self.tr("Canned replies"))
        self.desk = DeskSettingsPanel(services, actor, bus)  # the community's and this desk's own settings
        self.tabs.addTab(self.desk, self.tr("This desk"))
        self.conflicts = SyncConflictsTab(services, actor, bus, self.banner)  # 同步冲突 (issue 21)
        self.tabs.addTab(self.conflicts, self.tr("Sync conflicts"))
        self.tabs.setTabVisible(self.tabs.indexOf(self.conflicts), False)  # a desk that never joined: no such tab
        self.conflicts.wanted.connect(lambda shown: self.tabs.setTabVisible(self.tabs.indexOf(self.conflicts), shown))
        self.areas: dict[str, ReferenceTab[Any]] = {
            "grids": self.grids, "buildings": self.buildings, "departments": self.departments,
            "categories": self.categories, "tags": self.tags}
        lay = QVBoxLayout(self)
        lay.addWidget(self.checklist)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs, 1)
        self._ops = Operations(self, bus, self.banner)
        bus.subscribe(CHECKLIST_TOPICS, self.refresh_checklist)
        self.refresh()

    def refresh(self) -> None:
        for tab in self.areas.values():
            tab.refresh()
        self.templates.refresh()
        self.replies.refresh()
        self.conflicts.refresh()
        self.refresh_checklist()

    def refresh_checklist(self) -> None:
        readiness, actor = self._services.community.readiness, self._actor
        self._ops.read(lambda: readiness.checklist(actor), self._show_checklist, key="checklist")

    def _show_checklist(self, items: list[ReadinessItem]) -> None:
        self.checklist.setText(checklist_text(self.tr("Before this desk can dispatch requests:"), items))
        self.checklist.setVisible(bool(items))

    def show_area(self, area: str) -> None:
        """The tab that settles a checklist item (grids, buildings, departments, categories), or this desk's."""
        if area in self.areas:
            self.tabs.setCurrentWidget(self.areas[area])
        elif area == "desk":
            self.tabs.setCurrentWidget(self.desk)
        elif area == "conflicts":
            self.tabs.setTabVisible(self.tabs.indexOf(self.conflicts), True)
            self.tabs.setCurrentWidget(self.conflicts)


def checklist_text(heading: str, items: list[ReadinessItem]) -> str:
    """The checklist as shown on the settings page and the administrator's home page."""
    return heading + "".join(f"\n  • {render_message(item.message)}" for item in items)
