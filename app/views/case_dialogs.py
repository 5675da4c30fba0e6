"""The one dialog every step of a request's workflow uses: a few fields of its own, then a note, reason or outcome.

The page builds it with the fields the step needs and its call (``FormDialog.submit``). A refusal keeps the dialog
open with each message under its field (or in the dialog's banner) and everything typed still there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.widgets import name_widget

NOTE_HEIGHT = 110


class StepDialog(FormDialog):
    """A step of the workflow: optional fields of the step, then its text field (note, reason or outcome)."""

    def __init__(self, object_name: str, title: str, bus: ChangeBus | None, parent: QWidget | None = None) -> None:
        super().__init__(object_name, title, bus, parent)
        self.text: QPlainTextEdit | None = None
        self.public: QCheckBox | None = None

    def add_text(self, key: str, caption: str, required: bool, object_name: str,
                 placeholder: str = "") -> QPlainTextEdit:
        """The free text of the step (note, reason, outcome); marked with * when the service requires it."""
        edit = QPlainTextEdit()
        name_widget(edit, object_name, caption)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(NOTE_HEIGHT)
        edit.setPlaceholderText(placeholder)
        self.add_field(key, caption + (" *" if required else ""), edit)
        self.text = edit
        return edit

    def add_public_box(self, object_name: str) -> QCheckBox:
        box = QCheckBox(self.tr("Public: shown on the notice board (the resident is never named)"))
        name_widget(box, object_name, self.tr("Public note"))
        self.form.addRow("", box)
        self.public = box
        return box

    def text_value(self) -> str:
        return self.text.toPlainText() if self.text is not None else ""


def checklist(object_name: str, accessible: str, items: list[tuple[str, object]]) -> QListWidget:
    """Several choices at once (departments to call in), each a check box; the data in UserRole."""
    widget = QListWidget()
    name_widget(widget, object_name, accessible)
    widget.setMaximumHeight(200)
    for text, data in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def checked(widget: QListWidget) -> list[Any]:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]
