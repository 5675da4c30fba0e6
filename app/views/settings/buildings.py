"""楼栋: the community's buildings, each with its units, floors and rooms, and its grid."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.domain.topics import Topic
from app.services.community.buildings import (
    MAX_FLOORS,
    MAX_ROOMS_PER_FLOOR,
    MAX_UNITS,
    BuildingInfo,
    BuildingInput,
    UnlistedBuilding,
)
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.settings.reference import ReferenceTab
from app.views.tables import Column
from app.views.widgets import Banner, name_widget, spin


class BuildingsTab(ReferenceTab[BuildingInfo]):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        self._services, self._actor = services, actor
        super().__init__("buildings", bus, banner, [
            Column(self.tr("Building"), lambda b: self.tr("Building {n}").format(n=b.number)),
            Column(self.tr("Grid"), lambda b: b.grid_name or self.tr("(no grid)")),
            Column(self.tr("Units"), lambda b: b.units, align_right=True),
            Column(self.tr("Floors"), lambda b: b.floors, align_right=True),
            Column(self.tr("Rooms per floor"), lambda b: b.rooms_per_floor, align_right=True),
            Column(self.tr("Households"), lambda b: b.households, align_right=True),
            Column(self.tr("Residents"), lambda b: b.residents, align_right=True),
            Column(self.tr("Note"), lambda b: b.note),
            Column(self.tr("In use"), lambda b: self.tr("yes") if b.active else self.tr("retired")),
        ], 7, {Topic.COMMUNITY, Topic.RESIDENTS}, parent)
        self.unlisted: list[UnlistedBuilding] = []
        self.register_button = self.extra_button("register", "fa5s.clipboard-check", "",
                                                 self.tr("List the buildings residents already live in"))
        self.register_button.hide()
        self.register_button.clicked.connect(self._on_register_clicked)

    def load_call(self) -> Callable[[], list[BuildingInfo]]:
        return partial(self._services.community.buildings.all, self._actor)

    def refresh(self) -> None:
        super().refresh()
        buildings, actor = self._services.community.buildings, self._actor
        self._ops.read(lambda: buildings.unlisted(actor), self._show_unlisted, key="unlisted")

    def _show_unlisted(self, unlisted: list[UnlistedBuilding]) -> None:
        self.unlisted = unlisted
        self.register_button.setText(self.tr("List {n} buildings residents live in").format(n=len(unlisted)))
        self.register_button.setToolTip("、".join(self.tr("Building {n}").format(n=b.number) for b in unlisted))
        self.register_button.setVisible(bool(unlisted))

    def _on_register_clicked(self) -> None:
        buildings, actor = self._services.community.buildings, self._actor
        self._ops.write(lambda: buildings.register_unlisted(actor), lambda made: self.banner.say("ok", self.tr(
            "{n} buildings are listed, their shape read from the addresses. Check each one's grid.").format(
            n=len(made))), busy=[self.register_button])

    def name_of(self, item: BuildingInfo) -> str:
        return item.number

    def is_active(self, item: BuildingInfo) -> bool:
        return item.active

    def active_call(self, item: BuildingInfo, active: bool) -> Callable[[], Any]:
        return partial(self._services.community.buildings.set_active, self._actor, item.id, active)

    def delete_call(self, item: BuildingInfo) -> Callable[[], Any]:
        return partial(self._services.community.buildings.delete, self._actor, item.id)

    def dialog_for(self, item: BuildingInfo | None) -> FormDialog:
        buildings = self._services.community.buildings
        dialog = FormDialog("building_dialog", self.tr("Change building") if item else self.tr("New building"),
                            self._bus, self, save=True)
        dialog.say(self.tr("Every household of the building is made at once: rooms 101, 102, … on each floor of "
                           "each unit. Units, floors and rooms can later grow, never shrink."))
        number = name_widget(QLineEdit(item.number if item else ""), "building_number", self.tr("Building number"))
        number.setPlaceholderText(self.tr("e.g. 3 for 3号楼"))
        number.setReadOnly(item is not None)
        grid = name_widget(QComboBox(), "building_grid", self.tr("Grid"))
        grid.addItem(self.tr("(no grid yet)"), None)
        # Read on the GUI thread: the dialog needs its choices before it opens (a few grids).
        for g in self._ops.now(lambda: self._services.community.grids.all(self._actor)) or []:
            if g.active or (item is not None and g.id == item.grid_id):
                grid.addItem(g.name, g.id)
        if item is not None and item.grid_id is not None:
            grid.setCurrentIndex(max(grid.findData(item.grid_id), 0))
        units = spin("building_units", self.tr("Units"), 1, MAX_UNITS)
        floors = spin("building_floors", self.tr("Floors"), 1, MAX_FLOORS)
        rooms = spin("building_rooms", self.tr("Rooms per floor"), 1, MAX_ROOMS_PER_FLOOR)
        units.setValue(item.units if item else 1)
        floors.setValue(item.floors if item else 6)
        rooms.setValue(item.rooms_per_floor if item else 2)
        note = name_widget(QLineEdit(item.note if item else ""), "building_note", self.tr("Note"))
        dialog.add_field("number", self.tr("Building number *"), number)
        dialog.add_field("grid", self.tr("Grid"), grid)
        dialog.add_field("units", self.tr("Units"), units)
        dialog.add_field("floors", self.tr("Floors"), floors)
        dialog.add_field("rooms_per_floor", self.tr("Rooms per floor"), rooms)
        dialog.add_field("note", self.tr("Note"), note)

        def submit() -> Callable[[], Any]:
            data = BuildingInput(number.text(), grid.currentData(), units.value(), floors.value(), rooms.value(),
                                 note.text())
            if item is None:
                return partial(buildings.create, self._actor, data)
            return partial(buildings.update, self._actor, item.id, data)

        dialog.submit = submit
        return dialog
