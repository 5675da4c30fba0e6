"""常用回复 in the progress-note dialog: the case's canned replies, numbered, above the note; a number key (or the
arrows and Enter, or a double-click) puts the reply in the note, where the handler may add to it before saving."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from app.services.cases.canned_replies import ReplyInfo
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.case_dialogs import StepDialog
from app.views.widgets import name_widget

NUMBERED = 9  # the replies a number key reaches (1-9); the rest by the arrows
ROWS_SHOWN = 6


class RepliesList(QListWidget):
    """The replies, numbered 1-9; ``chosen`` gives the words of the one picked."""

    chosen = Signal(str)

    def __init__(self, replies: list[ReplyInfo]) -> None:
        super().__init__()
        name_widget(self, "step_replies", self.tr("Canned replies"))
        for i, reply in enumerate(replies):
            number = f"{i + 1}  " if i < NUMBERED else "    "
            item = QListWidgetItem(number + reply.text)
            item.setData(Qt.ItemDataRole.UserRole, reply.text)
            item.setToolTip(reply.category or self.tr("For any request"))
            self.addItem(item)
        self.setCurrentRow(0)
        rows = min(len(replies), ROWS_SHOWN)
        self.setMaximumHeight(self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 4 if rows else 0)
        self.itemActivated.connect(self._pick)  # Enter, or a double-click

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            row = key - Qt.Key.Key_1
            if row < self.count():
                self.setCurrentRow(row)
                self._pick(self.item(row))
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None:
                self._pick(item)
            event.accept()  # Enter picks a reply here; it does not save the note
            return
        super().keyPressEvent(event)

    def _pick(self, item: QListWidgetItem) -> None:
        self.chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))


def add_replies(dialog: StepDialog, services: Services, actor: Actor, case_id: uuid.UUID) -> RepliesList | None:
    """The case's replies as the dialog's first field (none: no field). Add it before the note: a reply picked goes
    into the note (after what is typed there already), and the cursor follows it."""
    # Read on the GUI thread: the dialog needs its choices before it opens (a few rows, by an indexed category).
    replies = dialog.ops.now(lambda: services.replies.for_case(actor, case_id)) or []
    if not replies:
        return None
    listing = RepliesList(replies)
    dialog.add_field("replies", QCoreApplication.translate("RepliesList", "Canned replies (1-9)"), listing)

    def put(text: str) -> None:
        note = dialog.text
        if note is None:
            return
        typed = note.toPlainText().rstrip()
        note.setPlainText(f"{typed}，{text}" if typed else text)
        note.moveCursor(QTextCursor.MoveOperation.End)
        note.setFocus()

    listing.chosen.connect(put)
    return listing
