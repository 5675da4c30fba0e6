"""居民户籍: the register at a glance. Buildings on the left; the chosen building drawn as its rooms (floors up, units
across), each room coloured by its household's tag, so a grid worker sees where the people who need visits live;
the chosen household's members, relations and tags on the right, and a resident's page one key away."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.topics import Topic
from app.services.core.auth import Actor, Permission
from app.services.core.container import Services
from app.services.people.households import BuildingCard, BuildingPlan, Flat, HouseholdCard, Member, number_order
from app.services.people.tag_names import TagInfo
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.operations import Operations
from app.views.resident_dialogs import HouseholdDialog
from app.views.resident_profile import members_model
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.tag_marks import TagChips, readable_on, swatch
from app.views.widgets import Banner, hidden_unless, icon, name_widget

EMPTY_ROOM = "#EEEEEE"   # a room of the building's shape where nobody is registered
NO_TAG = "#FFFFFF"


class RegisterPage(QWidget):
    resident_opened = Signal(object)  # a resident's id: their page

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("register_page")
        self._services, self._actor, self._bus = services, actor, bus
        self.catalogue: dict[str, TagInfo] = {}
        self.plan: BuildingPlan | None = None
        self.card: HouseholdCard | None = None
        self.dialog: FormDialog | None = None  # the one open (tests reach it here)
        self.banner = Banner("register_banner")

        self.buildings_model: RowsModel[BuildingCard] = RowsModel([
            Column(self.tr("Building"), lambda b: self.tr("Building {n}").format(n=b.number)),
            Column(self.tr("Households"), lambda b: b.households, align_right=True),
            Column(self.tr("Marked"), self._marked, align_right=True),
        ])
        self.buildings = read_only_table(self.buildings_model, "register_buildings", self.tr("Buildings"), 0)
        self.highlight = name_widget(QComboBox(), "register_highlight", self.tr("Colour the rooms by"))
        self.highlight.addItem(self.tr("every tag"), "")
        self.legend = TagChips("register_legend")

        self.rooms = name_widget(QTableWidget(), "register_rooms", self.tr("The building's rooms"))
        self.rooms.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rooms.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rooms.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.rooms.horizontalHeader().setMinimumSectionSize(24)  # a building of many units still fits the screen
        self.rooms.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rooms.setWordWrap(True)
        self.rooms.setItemDelegate(FramedChoice(self.rooms))
        self.building_title = QLabel()
        self.building_title.setObjectName("register_building_title")
        self.building_title.setWordWrap(True)

        self.household_box = QGroupBox(self.tr("Household"))
        self.address = QLabel(self.tr("Choose a room."))
        self.address.setObjectName("register_address")
        self.address.setWordWrap(True)
        self.household_tags = TagChips("register_household_tags")
        self.members_model: RowsModel[Member] = members_model()
        self.members = read_only_table(self.members_model, "register_members", self.tr("Who lives here"), 0)
        self.profile_button = name_widget(QPushButton(icon("fa5s.id-card"), self.tr("Resident's page")),
                                          "register_profile", self.tr("Everything about the chosen resident"))
        self.edit_household = name_widget(QPushButton(icon("fa5s.home"), self.tr("Household…")),
                                          "register_edit_household", self.tr("The household's grid, tags and notes"))
        hidden_unless(self.edit_household, actor.can(Permission.MANAGE_RESIDENTS))
        box = QVBoxLayout(self.household_box)
        box.addWidget(self.address)
        box.addWidget(self.household_tags)
        box.addWidget(self.members, 1)
        box.addWidget(self.profile_button)
        box.addWidget(self.edit_household)

        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.buildings, 1)
        left_lay.addWidget(QLabel(self.tr("Colour by")))
        left_lay.addWidget(self.highlight)
        centre = QWidget()
        centre_lay = QVBoxLayout(centre)
        centre_lay.setContentsMargins(0, 0, 0, 0)
        centre_lay.addWidget(self.building_title)
        centre_lay.addWidget(self.legend)
        centre_lay.addWidget(self.rooms, 1)
        body = QHBoxLayout()
        body.addWidget(left, 3)
        body.addWidget(centre, 8)
        body.addWidget(self.household_box, 5)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(body, 1)

        self._ops = Operations(self, bus, self.banner)
        self.buildings.selectionModel().currentRowChanged.connect(lambda _c, _p: self._open_building())
        self.rooms.currentCellChanged.connect(lambda r, c, _r, _c: self._open_room(r, c))
        self.highlight.currentIndexChanged.connect(lambda _i: self._draw())
        self.members.doubleClicked.connect(lambda _i: self._open_profile())
        self.profile_button.clicked.connect(self._open_profile)
        self.edit_household.clicked.connect(self._edit_household)
        self.members.selectionModel().currentRowChanged.connect(lambda _c, _p: self._enable())
        bus.subscribe({Topic.RESIDENTS, Topic.CARE, Topic.COMMUNITY}, self.refresh)
        self._enable()
        self.refresh()

    # --- reading ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        households, tags, actor = self._services.households, self._services.tags, self._actor
        self._ops.read(lambda: (households.buildings(actor), tags.catalogue(actor, include_retired=True)),
                       self._show_buildings, key="buildings")

    def _show_buildings(self, answer: tuple[list[BuildingCard], list[TagInfo]]) -> None:
        cards, catalogue = answer
        self.catalogue = {t.code: t for t in catalogue}
        chosen = current_row(self.buildings, self.buildings_model)
        self.buildings_model.set_rows(cards)
        self.buildings.resizeColumnsToContents()
        highlight = self.highlight.currentData()
        self.highlight.blockSignals(True)
        self.highlight.clear()
        self.highlight.addItem(self.tr("every tag"), "")
        for tag in catalogue:
            if tag.active:
                self.highlight.addItem(swatch(tag.colour), tag.name, tag.code)
        self.highlight.setCurrentIndex(max(self.highlight.findData(highlight), 0))
        self.highlight.blockSignals(False)
        self.legend.show_tags([(t.name, t.colour) for t in catalogue if t.active])
        numbers = [c.number for c in cards]
        index = numbers.index(chosen.number) if chosen is not None and chosen.number in numbers else 0
        if cards:
            self.buildings.selectionModel().setCurrentIndex(
                self.buildings_model.index(index, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self._open_building()
        else:
            self.banner.say("info", self.tr("No buildings yet: add them in Set-up, or import the register."))

    def _marked(self, card: BuildingCard) -> int:
        """Households carrying a tag that promises a service (空巢, 独居, …): who needs visits."""
        return sum(n for code, n in card.tags.items() if code in self.catalogue and self.catalogue[code].visit_cycle)

    def _open_building(self) -> None:
        card = current_row(self.buildings, self.buildings_model)
        if card is None:
            return
        households, actor, number = self._services.households, self._actor, card.number
        self._ops.read(lambda: households.building(actor, number), self._show_plan, key="building")

    def _show_plan(self, plan: BuildingPlan) -> None:
        same = self.plan is not None and self.plan.number == plan.number
        place = (self.rooms.currentRow(), self.rooms.currentColumn())
        self.plan = plan
        card = current_row(self.buildings, self.buildings_model)
        counts = self.tr("{h} households, {p} residents").format(h=card.households, p=card.residents) \
            if card is not None and card.number == plan.number else ""
        self.building_title.setText(" · ".join(part for part in (self.tr("Building {n}").format(n=plan.number),
                                                                  plan.grid_name, counts) if part))
        self._draw()
        if same and place[0] >= 0:
            self.rooms.setCurrentCell(*place)
        elif not same:  # another building: the last one's household no longer shows as if it were chosen here
            self.card = None
            self.address.setText(self.tr("Choose a room."))
            self.household_tags.show_tags([])
            self.members_model.set_rows([])
            self._enable()

    # --- the building drawn -------------------------------------------------------------------------------

    def columns(self, plan: BuildingPlan) -> list[tuple[str, str]]:
        """(unit, the room's place on its floor): units across, each unit's rooms side by side."""
        seen: dict[tuple[str, str], None] = {}
        for flat in plan.flats:
            seen[(flat.unit, _place_on_floor(flat))] = None
        return sorted(seen, key=lambda k: (number_order(k[0]), number_order(k[1])))

    def floors(self, plan: BuildingPlan) -> list[int]:
        """Top floor first; 0 (a room whose number says no floor) last."""
        found = sorted({f.floor for f in plan.flats if f.floor > 0}, reverse=True)
        return found + ([0] if any(f.floor == 0 for f in plan.flats) else [])

    def _draw(self) -> None:
        plan = self.plan
        if plan is None:
            return
        columns, floors = self.columns(plan), self.floors(plan)
        self.rooms.blockSignals(True)
        self.rooms.clear()
        self.rooms.setColumnCount(len(columns))
        self.rooms.setRowCount(len(floors))
        self.rooms.setHorizontalHeaderLabels([self.tr("Unit {u}").format(u=u) for u, _p in columns])
        self.rooms.setVerticalHeaderLabels([self.tr("Floor {n}").format(n=f) if f else self.tr("Other")
                                            for f in floors])
        for flat in plan.flats:
            r, c = floors.index(flat.floor), columns.index((flat.unit, _place_on_floor(flat)))
            self.rooms.setItem(r, c, self._room_item(flat))
        self.rooms.blockSignals(False)
        self.rooms.resizeRowsToContents()

    def _room_item(self, flat: Flat) -> QTableWidgetItem:
        highlight = str(self.highlight.currentData() or "")
        tags = [self.catalogue[c] for c in flat.tags if c in self.catalogue]
        names = "、".join(t.name for t in tags)
        if flat.household_id is None:
            empty = self.tr("(empty)")  # not inside an f-string: lupdate would not find it there
            text, colour = f"{flat.room}\n{empty}", EMPTY_ROOM
        else:
            people = self.tr("{n} people").format(n=flat.residents)
            text = "\n".join(part for part in (flat.room, people, names) if part)
            shown = [t for t in tags if not highlight or t.code == highlight]
            colour = shown[0].colour if shown else NO_TAG
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setBackground(QBrush(QColor(colour)))
        item.setForeground(QBrush(QColor(readable_on(colour))))
        item.setData(Qt.ItemDataRole.UserRole, str(flat.household_id) if flat.household_id else "")
        item.setToolTip(self.tr("Unit {u}, room {r}").format(u=flat.unit, r=flat.room)
                        + (f"：{names}" if names else "")
                        + (self.tr(" · {n} open request(s)").format(n=flat.open_requests) if flat.open_requests
                           else ""))
        return item

    # --- a household ------------------------------------------------------------------------------------

    def _open_room(self, r: int, c: int) -> None:
        item = self.rooms.item(r, c)
        household = str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""
        if not household:
            self.card = None
            self.address.setText(self.tr("Nobody is registered in this room."))
            self.household_tags.show_tags([])
            self.members_model.set_rows([])
            self._enable()
            return
        households, actor, household_id = self._services.households, self._actor, uuid.UUID(household)
        self._ops.read(lambda: households.household(actor, household_id), self._show_card, key="household")

    def _show_card(self, card: HouseholdCard) -> None:
        self.card = card
        text = card.address + (f" · {card.grid_name}" if card.grid_name else "")
        if card.open_requests:
            text += " · " + self.tr("{n} open request(s)").format(n=card.open_requests)
        if card.notes:
            text += "\n" + card.notes
        self.address.setText(text)
        self.household_tags.show_tags([(self.catalogue[c].name, self.catalogue[c].colour)
                                       for c in card.tags if c in self.catalogue])
        self.members_model.set_rows(list(card.members))
        self.members.resizeColumnsToContents()
        if card.members:
            self.members.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        self.profile_button.setEnabled(current_row(self.members, self.members_model) is not None)
        self.edit_household.setEnabled(self.card is not None)

    def _open_profile(self) -> None:
        member = current_row(self.members, self.members_model)
        if member is not None:
            self.resident_opened.emit(member.id)

    def _edit_household(self) -> None:
        card = self.card
        if card is None:
            return
        register, tags, actor = self._services.register, self._services.tags, self._actor
        self._ops.read(lambda: (register.household(actor, card.id), tags.catalogue(actor, include_retired=True)),
                       lambda answer: self._open_household_dialog(HouseholdDialog(
                           self._services, actor, self._bus, answer[0], answer[1], self)), key="edit")

    def _open_household_dialog(self, dialog: FormDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.banner.say("ok", self.tr("The household was saved.")))
        dialog.open()

    def choose_building(self, number: str) -> None:
        """Show a building (tests, and the lists' 'where do they live')."""
        for i in range(self.buildings_model.rowCount()):
            if self.buildings_model.row_at(i).number == number:
                self.buildings.selectRow(i)
                return
        raise LookupError(number)

    def room_cells(self) -> Sequence[tuple[str, str, str]]:
        """(floor header, unit header, text) of every drawn room, for tests and screen readers."""
        cells = []
        for r in range(self.rooms.rowCount()):
            for c in range(self.rooms.columnCount()):
                item = self.rooms.item(r, c)
                if item is not None:
                    v, h = self.rooms.verticalHeaderItem(r), self.rooms.horizontalHeaderItem(c)
                    cells.append((v.text() if v else "", h.text() if h else "", item.text()))
        return cells


class FramedChoice(QStyledItemDelegate):
    """The room chosen is framed, not filled: its colour is what it says."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
              ) -> None:
        plain = QStyleOptionViewItem(option)
        chosen = bool(plain.state & QStyle.StateFlag.State_Selected)
        plain.state &= ~QStyle.StateFlag.State_Selected
        plain.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, plain, index)
        if chosen:
            painter.save()
            painter.setPen(QPen(QColor("#1F3A93"), 4))
            painter.drawRect(plain.rect.adjusted(2, 2, -2, -2))
            painter.restore()


def _place_on_floor(flat: Flat) -> str:
    return flat.room[-2:] if flat.floor > 0 else flat.room
