"""The one form dialog: a dialog states its fields and its call, and nothing else.

``FormDialog`` lays out a banner, an optional sentence of what the dialog does, the fields (each with its error
line under it, keyed by the service's field name) and OK / Cancel. ``submit`` is the dialog's call: it runs on the
GUI thread when OK is pressed, reads the fields, and returns the service call to run, with the values bound
(``lambda: partial(service.method, actor, field.text())``); that call then runs off the GUI thread through
``app.views.operations``. A refusal keeps the dialog open with each message under its field (or in the banner) and
everything typed still there; success stores the answer in ``answer`` and accepts the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.services.core.errors import DomainError, ValidationError
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.widgets import Banner, FieldErrorsView, focus_target

Submit = Callable[[], Callable[[], Any]]


class FormDialog(QDialog):
    """Fields, a banner and OK / Cancel; OK runs ``submit``'s call off the GUI thread (see the module's text).

    ``refused`` is also called with a refusal that is not about a field (a page may reload: the data moved on).
    """

    def __init__(self, object_name: str, title: str, bus: ChangeBus | None, parent: QWidget | None = None,
                 ok_text: str | None = None, aliases: dict[str, str] | None = None, save: bool = False) -> None:
        """``save`` makes the button 保存 (Save) rather than 确定 (OK): for a dialog that records something."""
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.submit: Submit = lambda: lambda: None
        self.refused: Callable[[DomainError], None] = lambda exc: None
        self.answer: Any = None  # what the call gave back, once it went through
        self.initial_focus: QWidget | None = None  # where the cursor goes when the dialog opens (else the first field)
        self.errors = FieldErrorsView(aliases)
        self.banner = Banner(f"{object_name}_banner")
        self.intro = QLabel()
        self.intro.setObjectName(f"{object_name}_intro")
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        accept = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
        self.buttons = QDialogButtonBox(accept | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(accept)
        self.ok_button.setObjectName(f"{object_name}_ok")
        if ok_text is not None:
            self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.banner)
        self.layout_.addWidget(self.intro)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.buttons)
        self.ops = Operations(self, bus, self.banner, self.errors)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        # Under a window manager the dialog is activated after it shows, and Qt then hands the keyboard to the OK
        # button (seen under Xvfb with openbox: a note typed at once was lost). The cursor goes to the first field,
        # unless the caller put it in a field already.
        QTimer.singleShot(0, self._focus_first_field)

    def _focus_first_field(self) -> None:
        if self.initial_focus is not None:  # a field that is not the first one (the note under its canned replies)
            if self.focusWidget() is not self.initial_focus:
                self.initial_focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
            return
        current = self.focusWidget()
        if current is not None and current is not self and not isinstance(current, QAbstractButton):
            return
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            target = focus_target(widget) if widget is not None else None
            if target is not None:
                target.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
                return

    def say(self, text: str, warn: bool = False) -> None:
        """A sentence above the fields: what the dialog does (and what follows, when it matters)."""
        self.intro.setText(text)
        self.intro.setStyleSheet("color:#7a4100; font-weight:600;" if warn else "color:#333;")
        self.intro.show()

    def add_field(self, key: str, caption: str, editor: QWidget) -> QWidget:
        """A field; ``key`` is the service's field name, so its message shows under it."""
        self.errors.add_row(self.form, key, caption, editor)
        return editor

    def _on_accepted(self) -> None:
        if self.ops.busy:
            return  # OK pressed twice: the first call is on its way
        self.banner.hide()
        call = self.submit()  # the fields are read here, on the GUI thread
        self.ops.write(call, self._on_done, busy=[self.ok_button], refused=self._on_refused)

    def _on_done(self, result: Any) -> None:
        self.answer = result
        self.accept()

    def _on_refused(self, exc: DomainError) -> None:
        self.ops.show_refusal(exc)
        if not isinstance(exc, ValidationError):
            self.refused(exc)
