"""The one dialog every step of a request's workflow uses: a few fields of its own, then a note, reason or outcome.

The page builds it with the fields the step needs and a function that calls the service. A refusal keeps the
dialog open with each message under its field (or in the dialog's banner) and everything typed still there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.errors import DomainError, ValidationError
from app.views.widgets import Banner, FieldErrorsView, name_widget

NOTE_HEIGHT = 110
DIALOG_POINT_SIZE = 13


class StepDialog(QDialog):
    """A step of the workflow: optional fields of the step, the text field, OK runs ``submit``.

    ``submit`` calls the service; a ``DomainError`` it raises is shown here and the dialog stays open.
    ``refused`` is called with the error too (the page reloads after a conflict: the case may have moved on).
    """

    def __init__(self, object_name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        # a size up from the pages (older eyes); a style sheet, since the application's one stops font propagation
        self.setStyleSheet(f"QWidget{{font-size:{DIALOG_POINT_SIZE}pt;}}")
        self.submit: Callable[[], object] = lambda: None
        self.refused: Callable[[DomainError], None] = lambda exc: None
        self.errors = FieldErrorsView()
        self.banner = Banner(f"{object_name}_banner")
        self.intro = QLabel()
        self.intro.setObjectName(f"{object_name}_intro")
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.text: QPlainTextEdit | None = None
        self.public: QCheckBox | None = None
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName(f"{object_name}_ok")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.intro)
        lay.addLayout(self.form)
        lay.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)

    def say(self, text: str, warn: bool = False) -> None:
        """A sentence above the fields: what the step does (and, for 不满意, what follows)."""
        self.intro.setText(text)
        self.intro.setStyleSheet("color:#7a4100; font-weight:600;" if warn else "color:#333;")
        self.intro.show()

    def add_field(self, key: str, caption: str, editor: QWidget) -> QWidget:
        """A field of the step; ``key`` is the service's field name, so its message shows under it."""
        self.errors.add_row(self.form, key, caption, editor)
        return editor

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

    def _on_accepted(self) -> None:
        self.errors.clear()
        self.banner.hide()
        try:
            self.submit()
        except DomainError as exc:
            self.banner.refuse(exc, self.errors)
            if not isinstance(exc, ValidationError):
                self.refused(exc)
            return
        self.accept()


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


def checked(widget: QListWidget) -> list[object]:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]
