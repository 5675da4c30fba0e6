"""Look up residents the same way the intake form does, and add new ones."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.enums import HouseholdTag
from app.services.auth import Actor
from app.services.container import Services
from app.services.errors import DomainError
from app.services.residents import ResidentSummary
from app.views.bus import ChangeBus
from app.views.resident_widgets import NewResidentPanel
from app.views.tables import Column, RowsModel, read_only_table
from app.views.widgets import Banner, icon, label_of, name_widget, render_error


class ResidentsPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("residents_page")
        self._services = services
        self._actor = actor
        self._bus = bus
        self.search = name_widget(QLineEdit(), "residents_search", self.tr("Find resident"))
        self.search.setPlaceholderText(self.tr("Name, pinyin (zhangsan / zs), phone or last 4 digits, ID, "
                                               "or address (3-2-301)"))
        self.search.setClearButtonEnabled(True)
        self.add_button = name_widget(QPushButton(icon("fa5s.user-plus"), self.tr("New resident")),
                                      "residents_add", self.tr("Add a new resident"))
        self.count = QLabel()
        self.count.setObjectName("residents_count")
        self.banner = Banner("residents_banner")
        self.panel = NewResidentPanel(services, actor)
        self.panel.hide()
        self.model: RowsModel[ResidentSummary] = RowsModel([
            Column(self.tr("Name"), lambda r: r.name),
            Column(self.tr("Gender"), lambda r: {"M": self.tr("male"), "F": self.tr("female")}.get(r.gender or "", "")),
            Column(self.tr("Age"), lambda r: r.age, align_right=True),
            Column(self.tr("Phone"), lambda r: r.phone),
            Column(self.tr("ID number"), self._id_text),
            Column(self.tr("Address"), lambda r: r.address),
            Column(self.tr("Grid"), lambda r: r.grid_name),
            Column(self.tr("Household"), lambda r: "、".join(label_of(HouseholdTag(x)) for x in r.tags)),
            Column(self.tr("Open requests"), lambda r: r.open_cases, align_right=True),
        ])
        self.table = read_only_table(self.model, "residents_table", self.tr("Residents found"), stretch_column=5)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addWidget(self.panel)
        lay.addWidget(self.count)
        lay.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.run_search)
        self._timer.timeout.connect(self.run_search)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.panel.resident_created.connect(self._on_panel_resident_created)

    def _id_text(self, r: ResidentSummary) -> str:
        """What the service gave: the number in full, or (for roles that may not see it) that one is on file."""
        return self.tr("on file (hidden)") if r.id_number_hidden else r.id_number

    def run_search(self) -> None:
        self._timer.stop()
        try:
            found = self._services.residents.search(self._actor, self.search.text(), limit=200)
        except DomainError as exc:
            self.banner.say("error", render_error(exc))
            return
        self.model.set_rows(found)
        self.table.resizeColumnsToContents()
        self.count.setText(self.tr("{n} resident(s) found").format(n=len(found)) if self.search.text().strip()
                           else "")

    def _on_add_clicked(self) -> None:
        self.panel.start(self.search.text())

    def _on_panel_resident_created(self, resident: ResidentSummary) -> None:
        self.banner.say("ok", self.tr("{name} was added.").format(name=resident.name))
        self.model.set_rows([resident])
        self._bus.residents_changed.emit()
