"""Finding a resident from the keyboard, and adding a new one without leaving the form."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import TagKind
from app.services.core.auth import Actor, Permission
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.core.validation import digits_only
from app.services.documents.disclosure import REVEAL_SECONDS
from app.services.people.residents import NewResident, ResidentSummary
from app.services.people.tag_catalogue import DEFAULT_TAGS
from app.services.people.tag_names import TagInfo
from app.views import keys
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.tag_marks import checked, tag_boxes
from app.views.tasks import Task
from app.views.widgets import (
    STRETCH,
    Banner,
    FieldErrorsView,
    hidden_unless,
    icon,
    name_widget,
    render_error,
    row,
)

SEARCH_DELAY_MS = 200
SEARCH_LIMIT = 20
RESULTS_ROWS = 8  # the floating list of matches shows this many, then scrolls


def describe(r: ResidentSummary) -> str:
    """One line about a resident, as the clerk needs it at a glance."""
    parts = [r.name]
    if r.gender:
        parts.append(QCoreApplication.translate("residents", "male") if r.gender == "M"
                     else QCoreApplication.translate("residents", "female"))
    if r.age is not None:
        parts.append(QCoreApplication.translate("residents", "{age} yrs").format(age=r.age))
    if r.address:
        parts.append(r.address)
    if r.phone:
        parts.append(r.phone)
    return " · ".join(parts)


class IdReveal(QObject):
    """The whole ID number on demand (app.services.documents.disclosure): every screen gets it masked; a role that
    may reveal it has a 显示 button, the service records the reveal, and the number shows for ``REVEAL_SECONDS``, or
    until the screen shows someone else or is closed. ``changed`` says when to draw the number again."""

    changed = Signal()

    def __init__(self, services: Services, actor: Actor, ops: Operations, object_name: str,
                 refused: Callable[[DomainError], None] | None = None, parent: QObject | None = None, *,
                 long_label: bool = False) -> None:
        super().__init__(parent)
        self._services, self._actor, self._ops, self._refused = services, actor, ops, refused
        self._resident: ResidentSummary | None = None
        self._shown: dict[uuid.UUID, str] = {}
        # on a card next to the number: 显示 / 隐藏; in a page's row of buttons: 显示身份证号 / 隐藏身份证号
        self._labels = ((self.tr("Show ID number"), self.tr("Hide ID number")) if long_label
                        else (self.tr("Show"), self.tr("Hide")))
        self.button = name_widget(QPushButton(icon("fa5s.eye"), self._labels[0]), object_name,
                                  self.tr("Show the whole ID number"))
        self.button.setToolTip(self.tr("Shows the whole ID number for {n} seconds; the desk records who looked at "
                                       "whose number (操作记录).").format(n=REVEAL_SECONDS))
        if not actor.can(Permission.VIEW_ID_NUMBERS):  # the service checks again
            self.button.hide()  # (never setVisible(True) here: a button not yet in a window would open as one)
        self.button.setEnabled(False)
        self.button.clicked.connect(self._on_button_clicked)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REVEAL_SECONDS * 1000)
        self._timer.timeout.connect(self.hide_number)

    def number(self, r: ResidentSummary) -> str:
        """What to show: the whole number while revealed, the service's masked one otherwise."""
        return self._shown.get(r.id, r.id_number)

    def revealed(self) -> bool:
        return bool(self._shown)

    def set_resident(self, resident: ResidentSummary | None) -> None:
        """The screen now shows ``resident`` (None: nobody): a number revealed for someone else is hidden."""
        if resident is None or self._resident is None or resident.id != self._resident.id:
            self.hide_number()
        self._resident = resident
        self.button.setEnabled(resident is not None and bool(resident.id_number))

    def hide_number(self) -> None:
        self._timer.stop()
        was = bool(self._shown)
        self._shown.clear()
        self.button.setText(self._labels[0])
        self.button.setIcon(icon("fa5s.eye"))
        if was:
            self.changed.emit()

    def _on_button_clicked(self) -> None:
        resident = self._resident
        if resident is None:
            return
        if self._shown:
            self.hide_number()
            return
        call = functools.partial(self._services.residents.reveal_id_number, self._actor, resident.id)
        self._ops.write(call, functools.partial(self._on_revealed, resident.id), busy=[self.button],
                        refused=self._refused)

    def _on_revealed(self, resident_id: uuid.UUID, number: str) -> None:
        if self._resident is None or self._resident.id != resident_id:
            return  # the screen moved on while the reveal was on its way
        self._shown = {resident_id: number}
        self.button.setText(self._labels[1])
        self.button.setIcon(icon("fa5s.eye-slash"))
        self._timer.start()
        self.changed.emit()


class ResidentLookup(QWidget):
    """Type a name, pinyin, initials, phone (or its last 4 digits), ID number or address; pick with Enter."""

    resident_chosen = Signal(object)   # ResidentSummary
    resident_cleared = Signal()
    profile_requested = Signal(object)  # the chosen resident's id: their page

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None, *,
                 with_profile: bool = False) -> None:
        """``with_profile``: the card offers the resident's page (the intake form, which the main window listens
        to; a dialog's look-up has nobody to open it)."""
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.selected: ResidentSummary | None = None
        self.edit = name_widget(QLineEdit(), "resident_search", self.tr("Find resident"))
        self.edit.setPlaceholderText(self.tr("Name, pinyin (zhangsan / zs), phone or last 4 digits, ID, "
                                             "or address (3-2-301)"))
        self.edit.setClearButtonEnabled(True)
        # The matches float over what is below the search box, as a drop-down does (``_place_results``): in the
        # layout they pushed the form's fields down and squeezed the tables under them.
        self.results = name_widget(QListWidget(), "resident_results", self.tr("Matching residents"))
        self.results.hide()
        self._followed: set[int] = set()  # the scroll areas and windows the floating list follows
        self.card = QFrame()
        self.card.setObjectName("resident_card")
        self.card.setStyleSheet("QFrame#resident_card {background:#eef3fb; border:1px solid #b7c9e6; "
                                "border-radius:4px;}")
        self.card_text = QLabel()
        self.card_text.setObjectName("resident_card_text")
        self.card_text.setWordWrap(True)
        self.card_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._ops = Operations(self, None)  # reads, and the reveal (which only the audit page shows)
        self.reveal = IdReveal(services, actor, self._ops, "resident_reveal_id", self._show_refusal, self)
        card_lay = QHBoxLayout(self.card)
        card_lay.setContentsMargins(6, 4, 6, 4)
        self.profile_button = name_widget(QPushButton(icon("fa5s.id-card"), self.tr("Resident's page")),
                                          "resident_profile_button", self.tr("Everything about this resident"))
        hidden_unless(self.profile_button, with_profile and actor.can(Permission.REGISTER))
        self.profile_button.clicked.connect(
            lambda: self.profile_requested.emit(self.selected.id) if self.selected is not None else None)
        card_lay.addWidget(self.card_text, 1)
        card_lay.addWidget(self.profile_button, 0, Qt.AlignmentFlag.AlignBottom)
        card_lay.addWidget(self.reveal.button, 0, Qt.AlignmentFlag.AlignBottom)
        self.card.hide()
        self.hint = QLabel()
        self.hint.setObjectName("resident_hint")
        self.hint.setStyleSheet("color:#555;")
        self.hint.setWordWrap(True)  # one long line made the whole form wider than a 1366x768 screen
        self.hint.setStyleSheet("color:#333; background:#fffbe6; padding:2px 4px;")
        self.hint.hide()
        self.popup = QFrame()  # the hint line and the matches, floating under the search box
        self.popup.setObjectName("resident_popup")
        self.popup.setStyleSheet("QFrame#resident_popup {background:#ffffff; border:1px solid #9aa7b8;}")
        popup_lay = QVBoxLayout(self.popup)
        popup_lay.setContentsMargins(1, 1, 1, 1)
        popup_lay.setSpacing(0)
        popup_lay.addWidget(self.hint)
        popup_lay.addWidget(self.results)
        self.popup.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        lay.addWidget(self.edit)
        lay.addWidget(self.card)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._asked: str | None = None     # the text whose answer is on its way
        self._answered: str | None = None  # the text the list of matches answers
        self._waiting: str | None = None   # "enter" or "down" pressed before that answer came
        self._held: list[QKeyEvent] = []   # keys typed while it waits
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self._timer.timeout.connect(self.search_now)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.edit.installEventFilter(self)
        self.results.installEventFilter(self)
        self.reveal.changed.connect(self._show_card)

    def setFocus(self, reason: Qt.FocusReason = Qt.FocusReason.OtherFocusReason) -> None:  # noqa: N802 - Qt naming
        self.edit.setFocus(reason)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt naming
        self.reveal.hide_number()  # a revealed number does not wait behind another page or a closed dialog
        self.popup.hide()  # it floats in the window, not in this widget: it does not go with it by itself
        super().hideEvent(event)

    def _place_results(self) -> None:
        """Float the hint line and the matches under the search box, over the fields below, inside the window; or
        put them away when there is nothing to say."""
        showing = self.hint.isVisibleTo(self.popup) or self.results.isVisibleTo(self.popup)
        if not showing or not self.isVisible():
            self.popup.hide()
            return
        host = self.window()
        if self.popup.parentWidget() is not host:
            self.popup.setParent(host)
        self._follow(host)
        top_left = self.edit.mapTo(host, QPoint(0, self.edit.height() + 1))
        width = self.edit.width()
        rows = min(self.results.count(), RESULTS_ROWS) if self.results.isVisibleTo(self.popup) else 0
        self.results.setFixedHeight(self.results.sizeHintForRow(0) * rows + 2 * self.results.frameWidth() + 2
                                    if rows else 0)
        self.popup.setFixedWidth(width)
        height = min(self.popup.sizeHint().height(), max(host.height() - top_left.y() - 4, 60))
        self.popup.setGeometry(top_left.x(), top_left.y(), width, height)
        self.popup.show()
        self.popup.raise_()

    def _follow(self, host: QWidget) -> None:
        """Keep the floating list under the box when the form scrolls or the window is resized."""
        ancestor: QWidget | None = self.parentWidget()
        while ancestor is not None:
            if isinstance(ancestor, QAbstractScrollArea) and id(ancestor) not in self._followed:
                self._followed.add(id(ancestor))
                for bar in (ancestor.verticalScrollBar(), ancestor.horizontalScrollBar()):
                    bar.valueChanged.connect(self._on_moved)
            ancestor = ancestor.parentWidget()
        if id(host) not in self._followed:
            self._followed.add(id(host))
            host.installEventFilter(self)

    def _on_moved(self, *_args: object) -> None:
        if self.popup.isVisible():
            self._place_results()

    def _hide_results_if_left(self) -> None:
        if QApplication.focusWidget() not in (self.edit, self.results):
            self.popup.hide()

    def _on_edit_text_edited(self, _text: str) -> None:
        self._ops.forget("lookup")  # an answer still on its way is to an earlier question
        self._asked = None
        if self.selected is not None:
            self.selected = None
            self.reveal.set_resident(None)
            self.card.hide()
            self.resident_cleared.emit()
        self._timer.start()

    def search_now(self) -> Task:
        """Ask the service for what is typed, off the GUI thread; the answer to the latest question is shown (an
        earlier one still on its way is dropped, and so is any answer once the clerk types on)."""
        self._timer.stop()
        query = self.edit.text()
        self._asked = query
        search = functools.partial(self._services.residents.search, self._actor, query, limit=SEARCH_LIMIT)
        return self._ops.read(search, functools.partial(self._on_found, query), key="lookup",
                              refused=self._on_search_refused)

    def searching(self) -> bool:
        """True while a question is on its way or waiting for a pause in typing."""
        return self._timer.isActive() or self._ops.running("lookup")

    def matches(self) -> list[ResidentSummary]:
        """The residents the list shows, in its order."""
        return [self.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.results.count())]

    def _fresh(self) -> bool:
        """The list answers exactly what is typed: Enter and ↓ may act on it now."""
        return self._answered == self.edit.text() and not self.searching()

    def _on_found(self, query: str, found: list[ResidentSummary]) -> None:
        self._asked = None
        self._answered = query
        self.results.clear()
        self.results.setVisible(bool(found))
        for r in found:
            item = QListWidgetItem(describe(r))
            item.setData(Qt.ItemDataRole.UserRole, r)
            self.results.addItem(item)
        if len(found) >= SEARCH_LIMIT:
            self.results.setCurrentRow(0)
            self.hint.setText(self.tr("The first {n} shown: type more (the full name, or add the building) to narrow "
                                      "it down. ↓ to choose, Enter to take the first.").format(n=len(found)))
        elif found:
            self.results.setCurrentRow(0)
            self.hint.setText(self.tr("{n} found: ↓ to choose, Enter to take the first.").format(n=len(found)))
        elif query.strip():
            self.hint.setText(self.tr("Nobody found. Press {keys} to add a new resident.").format(
                keys=keys.keys_of("new_resident")))
        self.hint.setVisible(bool(query.strip()))
        self._place_results()
        action, self._waiting = self._waiting, None
        if action is not None and self._fresh() and self.results.count():
            self._act(action)
        self._release_held_keys()

    def _on_search_refused(self, exc: DomainError) -> None:
        self._asked = None
        self._waiting = None
        self._show_refusal(exc)
        self._release_held_keys()

    def _act(self, action: str) -> None:
        """Enter takes the first match; ↓ goes into the list."""
        if action == "enter":
            self._choose_item(self.results.item(0))
        else:
            self.results.setFocus()
            self.results.setCurrentRow(0)

    def _wait_for_answer(self, action: str) -> None:
        """Enter or ↓ pressed before the answer to what is typed has come back: act when it comes. The keys typed
        meanwhile are held and then sent on in order, to wherever the action put the cursor (the category after
        Enter), as if the answer had been there at once."""
        self._waiting = action
        if self._asked != self.edit.text() or self._timer.isActive():
            self.search_now()

    def _hold_key(self, event: QKeyEvent) -> None:
        self._held.append(QKeyEvent(event.type(), event.key(), event.modifiers(), event.text(),
                                    event.isAutoRepeat(), event.count()))

    def _release_held_keys(self) -> None:
        held, self._held = self._held, []
        for event in held:
            target = QApplication.focusWidget() or self.edit
            QApplication.sendEvent(target, event)
            QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyRelease, event.key(), event.modifiers(),
                                                     event.text()))

    def _show_refusal(self, exc: DomainError) -> None:
        self.hint.setText(render_error(exc))
        self.hint.show()
        self._place_results()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.Resize and watched is self.window():
            self._on_moved()
        elif event.type() == QEvent.Type.FocusOut and watched in (self.edit, self.results):
            QTimer.singleShot(0, self._hide_results_if_left)  # clicked elsewhere: the list does not stay over it
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.edit:
                if self._waiting is not None:
                    self._hold_key(event)  # typed ahead while Enter or ↓ waits for its answer
                    return True
                if key == Qt.Key.Key_Down or (key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is None):
                    action = "down" if key == Qt.Key.Key_Down else "enter"
                    if not self._fresh():
                        self._wait_for_answer(action)
                        return True
                    if self.results.count():
                        self._act(action)
                        return True
                    if action == "enter":
                        return True
            elif watched is self.results:
                if key == Qt.Key.Key_Escape:
                    self.popup.hide()
                    self.edit.setFocus()
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.results.currentItem() is not None:
                    self._choose_item(self.results.currentItem())
                    return True
        return super().eventFilter(watched, event)

    def _on_results_item_activated(self, item: QListWidgetItem) -> None:
        self._choose_item(item)

    def _choose_item(self, item: QListWidgetItem) -> None:
        self.choose(item.data(Qt.ItemDataRole.UserRole))

    def choose(self, resident: ResidentSummary) -> None:
        self.selected = resident
        self.edit.setText(resident.name)
        self.hint.hide()
        self.popup.hide()
        self.reveal.set_resident(resident)
        self._show_card()
        self.card.show()
        self.resident_chosen.emit(resident)

    def _show_card(self) -> None:
        if self.selected is not None:
            self.card_text.setText(self._card_text(self.selected))

    def _card_text(self, r: ResidentSummary) -> str:
        lines = [describe(r)]
        if r.id_number:  # masked, unless revealed just now (IdReveal)
            lines.append(self.tr("ID number {number}").format(number=self.reveal.number(r)))
        extra = []
        if r.grid_name:
            extra.append(r.grid_name)
        if r.tag_names:
            extra.append("、".join(r.tag_names))
        if r.open_cases:
            extra.append(self.tr("{n} open request(s)").format(n=r.open_cases))
        if extra:
            lines.append(" · ".join(extra))
        return "\n".join(lines)

    def clear(self) -> None:
        self.selected = None
        self.reveal.set_resident(None)
        self.edit.clear()
        self.results.clear()
        self.results.hide()
        self.hint.hide()
        self.popup.hide()
        self.card.hide()


class NewResidentPanel(QGroupBox):
    """Inline form for a resident who is not on file yet."""

    resident_created = Signal(object)  # ResidentSummary
    cancelled = Signal()
    tags_changed = Signal()  # a household tag ticked or unticked (the boxes follow the catalogue)

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("New resident"))
        self.setObjectName("new_resident_panel")
        self._services = services
        self._actor = actor
        self.errors = FieldErrorsView(aliases={"building": "address", "unit": "address", "room": "address"})
        self.name = name_widget(QLineEdit(), "new_resident_name", self.tr("Name"))
        self.phone = name_widget(QLineEdit(), "new_resident_phone", self.tr("Phone"))
        self.id_number = name_widget(QLineEdit(), "new_resident_id", self.tr("ID number"))
        self.id_number.setMaxLength(24)
        self.gender = name_widget(QComboBox(), "new_resident_gender", self.tr("Gender"))
        self.gender.addItem(self.tr("(from ID number)"), "")
        self.gender.addItem(self.tr("male"), "M")
        self.gender.addItem(self.tr("female"), "F")
        self.building = name_widget(QLineEdit(), "new_resident_building", self.tr("Building"))
        self.unit = name_widget(QLineEdit(), "new_resident_unit", self.tr("Unit"))
        self.room = name_widget(QLineEdit(), "new_resident_room", self.tr("Room"))
        for w, ph in ((self.building, self.tr("Building")), (self.unit, self.tr("Unit")), (self.room, self.tr("Room"))):
            w.setPlaceholderText(ph)
            w.setMaximumWidth(110)
        # The five tags of a new community at once; the community's own when the panel opens (start()).
        self.tag_boxes: dict[str, QCheckBox] = {}
        self._restored_tags: set[str] = set()  # a draft's tags, ticked once the community's catalogue has come
        tags_row = QWidget()
        self._tags_layout = QHBoxLayout(tags_row)
        self._tags_layout.setContentsMargins(0, 0, 0, 0)
        self._set_catalogue([TagInfo(t.code, t.name, t.colour, t.kind, t.service, t.visit_cycle, t.visit_every, True)
                             for t in DEFAULT_TAGS])
        addr = row(self.building, QLabel(self.tr("bldg")), self.unit, QLabel(self.tr("unit")), self.room,
                   QLabel(self.tr("room")), STRETCH)

        form = QFormLayout()
        self.errors.add_row(form, "name", self.tr("Name *"), self.name)
        self.errors.add_row(form, "phone", self.tr("Phone"), self.phone)
        self.errors.add_row(form, "id_number", self.tr("ID number"), self.id_number)
        self.errors.add_row(form, "gender", self.tr("Gender"), self.gender)
        self.errors.add_row(form, "address", self.tr("Address *"), addr)
        self.errors.add_row(form, "tags", self.tr("Household"), tags_row)
        self.save_button = name_widget(QPushButton(icon("fa5s.user-plus"), self.tr("Save resident")),
                                       "new_resident_save", self.tr("Save resident"))
        self.cancel_button = name_widget(QPushButton(self.tr("Cancel")), "new_resident_cancel", self.tr("Cancel"))
        self.banner = Banner("new_resident_banner")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addLayout(buttons)
        self._ops = Operations(self, bus, self.banner, self.errors)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        for edit in (self.name, self.phone, self.id_number, self.building, self.unit, self.room):
            edit.returnPressed.connect(self.save)

    def start(self, hint: str = "") -> None:
        """Open the panel, pre-filling what the clerk already typed into the search box."""
        self.reset()
        hint = hint.strip()
        if hint:
            if digits_only(hint).isdigit() and len(digits_only(hint)) >= 7:
                self.phone.setText(hint)
            elif not hint.isascii():
                self.name.setText(hint)
        self.show()
        self.name.setFocus()
        tags, actor = self._services.tags, self._actor
        self._ops.read(lambda: tags.catalogue(actor), self._set_catalogue, key="tags")

    def _set_catalogue(self, catalogue: list[TagInfo]) -> None:
        """One box per household tag in use, keeping what is ticked."""
        ticked = set(checked(self.tag_boxes)) | self._restored_tags
        if [(c, b.text()) for c, b in self.tag_boxes.items()] == [(t.code, t.name) for t in catalogue
                                                                  if t.kind == TagKind.HOUSEHOLD.value]:
            return
        while self._tags_layout.count():
            item = self._tags_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.tag_boxes = tag_boxes("new_resident", catalogue, TagKind.HOUSEHOLD, ticked)
        for box in self.tag_boxes.values():
            box.toggled.connect(self.tags_changed)
            self._tags_layout.addWidget(box)
        self._tags_layout.addStretch(1)

    def reset(self) -> None:
        for edit in (self.name, self.phone, self.id_number, self.building, self.unit, self.room):
            edit.clear()
        self.gender.setCurrentIndex(0)
        self._restored_tags = set()
        for box in self.tag_boxes.values():
            box.setChecked(False)
        self.errors.clear()
        self.banner.hide()

    def fields(self) -> dict[str, object]:
        """What is typed in the panel, for the draft (a crash must not lose a half-typed resident either)."""
        return {"name": self.name.text(), "phone": self.phone.text(), "id_number": self.id_number.text(),
                "gender": self.gender.currentData() or "", "building": self.building.text(),
                "unit": self.unit.text(), "room": self.room.text(),
                "tags": list(checked(self.tag_boxes))}

    def restore(self, fields: dict[str, object]) -> None:
        self.reset()
        for key, edit in (("name", self.name), ("phone", self.phone), ("id_number", self.id_number),
                          ("building", self.building), ("unit", self.unit), ("room", self.room)):
            edit.setText(str(fields.get(key) or ""))
        index = self.gender.findData(fields.get("gender") or "")
        self.gender.setCurrentIndex(max(index, 0))
        tags = fields.get("tags") or []
        self._restored_tags = {str(t) for t in tags} if isinstance(tags, list) else set()
        for code, box in self.tag_boxes.items():
            box.setChecked(code in self._restored_tags)
        self.show()

    def editors_changed(self) -> list[SignalInstance]:
        """Signals that say the panel's content changed."""
        return [e.textChanged for e in (self.name, self.phone, self.id_number, self.building, self.unit, self.room)] \
            + [self.gender.currentIndexChanged, self.tags_changed]

    def save(self) -> Task | None:
        """Save the resident off the GUI thread; ``resident_created`` follows. None while a save is on its way (the
        read of the tags' catalogue, when the panel opens, does not hold a save up)."""
        if self._ops.running("save"):
            return None
        data = NewResident(
            name=self.name.text(), phone=self.phone.text(), id_number=self.id_number.text(),
            gender=self.gender.currentData() or "", building=self.building.text(), unit=self.unit.text(),
            room=self.room.text(), tags=checked(self.tag_boxes),
        )
        self.banner.hide()
        residents, actor = self._services.residents, self._actor
        return self._ops.write(lambda: residents.create(actor, data), self._on_created, busy=[self.save_button],
                               key="save")

    def _on_created(self, created: ResidentSummary) -> None:
        self.hide()
        self.resident_created.emit(created)

    def _on_cancel_clicked(self) -> None:
        self.hide()
        self.cancelled.emit()
