"""One list of set-up items (grids, buildings, departments, request categories): the table, and the buttons every
such list has: add, change, retire or bring back, delete (refused with where it is used), and up / down where the
order matters. A tab states its columns, its calls and its dialog; the buttons, the reading and the messages are
here once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.domain.topics import Topic
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.widgets import Banner, confirm, hidden_unless, icon, name_widget

T = TypeVar("T")


class ReferenceTab(QWidget, Generic[T]):
    """A tab of set-up items. Subclasses give ``load_call`` (the service call listing them), ``dialog_for`` (a
    FormDialog adding one, or changing the one given), ``active_call``, ``delete_call``, ``name_of`` and
    ``is_active``; ``movable`` tabs also give ``move_call``."""

    movable = False

    def __init__(self, name: str, bus: ChangeBus, banner: Banner, columns: Sequence[Column[T]], stretch_column: int,
                 topics: set[Topic], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_tab")
        self._name, self._bus, self.banner = name, bus, banner
        self._ops = Operations(self, bus, banner)
        self.dialog: FormDialog | None = None
        self.model: RowsModel[T] = RowsModel(columns, muted=lambda item: not self.is_active(item))
        self.table = read_only_table(self.model, f"{name}_table", self.tr("List"), stretch_column)
        self.add_button = self._button("add", "fa5s.plus", self.tr("Add…"))
        self.edit_button = self._button("edit", "fa5s.edit", self.tr("Change…"))
        self.toggle_button = self._button("toggle", "fa5s.archive", self.tr("Retire"))
        self.delete_button = self._button("delete", "fa5s.trash-alt", self.tr("Delete"))
        self.up_button = self._button("up", "fa5s.arrow-up", self.tr("Up"))
        self.down_button = self._button("down", "fa5s.arrow-down", self.tr("Down"))
        hidden_unless(self.up_button, self.movable)
        hidden_unless(self.down_button, self.movable)
        self.button_row = QHBoxLayout()  # a tab may insert its own buttons (``extra_button``)
        for button in (self.add_button, self.edit_button, self.toggle_button, self.delete_button):
            self.button_row.addWidget(button)
        self.button_row.addStretch(1)
        self.button_row.addWidget(self.up_button)
        self.button_row.addWidget(self.down_button)
        lay = QVBoxLayout(self)
        lay.addLayout(self.button_row)
        lay.addWidget(self.table, 1)
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.table.doubleClicked.connect(self._on_edit_clicked)
        self.toggle_button.clicked.connect(self._on_toggle_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(+1))
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        bus.subscribe(topics, self.refresh)
        self._update_buttons()

    # --- what a tab gives ------------------------------------------------------------------------------

    def load_call(self) -> Callable[[], list[T]]:
        raise NotImplementedError

    def dialog_for(self, item: T | None) -> FormDialog:
        raise NotImplementedError

    def active_call(self, item: T, active: bool) -> Callable[[], Any]:
        raise NotImplementedError

    def delete_call(self, item: T) -> Callable[[], Any]:
        raise NotImplementedError

    def move_call(self, item: T, delta: int) -> Callable[[], Any]:
        raise NotImplementedError

    def name_of(self, item: T) -> str:
        raise NotImplementedError

    def is_active(self, item: T) -> bool:
        raise NotImplementedError

    # --- the list ----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._ops.read(self.load_call(), self._show, key=self._name)

    def _show(self, items: list[T]) -> None:
        chosen = self.current()
        self.model.set_rows(items)
        self.table.resizeColumnsToContents()
        if chosen is not None:
            key = self.name_of(chosen)
            for i, item in enumerate(items):
                if self.name_of(item) == key:
                    self.table.selectRow(i)
                    break
        self._update_buttons()

    def current(self) -> T | None:
        return current_row(self.table, self.model)

    def select(self, name: str) -> T:
        """Choose the row whose name (``name_of``) is ``name``, and give it back."""
        for i in range(self.model.rowCount()):
            if self.name_of(self.model.row_at(i)) == name:
                self.table.selectRow(i)
                return self.model.row_at(i)
        raise LookupError(name)

    def _update_buttons(self) -> None:
        item = self.current()
        for button in (self.edit_button, self.toggle_button, self.delete_button, self.up_button, self.down_button):
            button.setEnabled(item is not None)
        if item is not None and not self.is_active(item):
            self.toggle_button.setText(self.tr("Bring back"))
            self.toggle_button.setIcon(icon("fa5s.undo"))
            self.up_button.setEnabled(False)
            self.down_button.setEnabled(False)
        else:
            self.toggle_button.setText(self.tr("Retire"))
            self.toggle_button.setIcon(icon("fa5s.archive"))

    def _button(self, key: str, icon_name: str, text: str) -> QPushButton:
        return name_widget(QPushButton(icon(icon_name), text), f"{self._name}_{key}", text)

    def extra_button(self, key: str, icon_name: str, text: str, accessible: str) -> QPushButton:
        """A tab's own button, after the common ones."""
        button = name_widget(QPushButton(icon(icon_name), text), f"{self._name}_{key}", accessible)
        self.button_row.insertWidget(4, button)
        return button

    # --- changes --------------------------------------------------------------------------------------

    def open_dialog(self, item: T | None) -> FormDialog:
        self.dialog = self.dialog_for(item)
        self.dialog.accepted.connect(lambda: self.banner.say("ok", self.tr("Saved.")))
        self.dialog.open()
        return self.dialog

    def _chosen(self) -> T | None:
        item = self.current()
        if item is None:
            self.banner.say("warn", self.tr("Choose one in the list first."))
        return item

    def _on_edit_clicked(self, *_: object) -> None:
        item = self._chosen()
        if item is not None:
            self.open_dialog(item)

    def _on_toggle_clicked(self) -> None:
        item = self._chosen()
        if item is None:
            return
        active = not self.is_active(item)
        name = self.name_of(item)
        if not active and not confirm(self, self.tr("Retire"), self.tr(
                "Retire {name}? It stays on everything already recorded, and is no longer offered for new "
                "records. You can bring it back later.").format(name=name)):
            return
        said = (self.tr("{name} is in use again.") if active else self.tr("{name} is retired.")).format(name=name)
        self._ops.write(self.active_call(item, active), lambda _r: self.banner.say("ok", said),
                        busy=[self.toggle_button])

    def _on_delete_clicked(self) -> None:
        item = self._chosen()
        if item is None:
            return
        name = self.name_of(item)
        if not confirm(self, self.tr("Delete"), self.tr(
                "Delete {name}? Only something never used can be deleted; anything in use is retired "
                "instead.").format(name=name)):
            return
        self._ops.write(self.delete_call(item), lambda _r: self.banner.say("ok", self.tr("{name} is deleted.").format(
            name=name)), busy=[self.delete_button])

    def _move(self, delta: int) -> None:
        item = self._chosen()
        if item is not None:
            self._ops.write(self.move_call(item, delta), lambda _r: None, busy=[self.up_button, self.down_button])
