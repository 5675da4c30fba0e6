"""发消息: a message to the resident about their request, filled from the administrator's template, copied to the
clipboard (to paste into a text message or WeChat) or printed on a slip; either is recorded on the timeline.

The case's messages are read once, every kind and channel filled (``MessageService.render``); choosing another
kind or channel shows its words at once. The message shown is the one the request's status calls for. The text is
read-only: what the template and the masking made is what leaves the desk (the resident addressed as 张先生, names
and numbers in the text masked), since a message may be forwarded.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import MessageChannel, MessageKind
from app.services.cases.message_service import CaseMessages
from app.services.cases.messages import SMS_LONG_PART, SMS_PART, Filled
from app.services.core import labels
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.files import Printout, save_printout
from app.services.documents.message_slip import SlipData, render_message_slip
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.pdf_preview import PdfPreviewDialog
from app.views.type_scale import set_role
from app.views.widgets import Banner, icon, label_of, name_widget, row

TEXT_HEIGHT = 200


class MessageDialog(QDialog):
    """Choose the message and the channel, see its words, copy or print them (see the module's text)."""

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, case_id: uuid.UUID, case_no: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_dialog")
        self.setWindowTitle(self.tr("Send a message · {no}").format(no=case_no))
        self.setMinimumWidth(620)
        self._services, self._actor, self._case_id = services, actor, case_id
        self.messages: CaseMessages | None = None
        self.preview: PdfPreviewDialog | None = None
        self.banner = Banner("message_banner")
        self.kind = name_widget(QComboBox(), "message_kind", self.tr("Which message"))
        for kind in MessageKind:
            self.kind.addItem(label_of(kind), kind)
        self.channels = QButtonGroup(self)
        channel_buttons = []
        for channel in MessageChannel:
            button = QRadioButton(label_of(channel))
            button.setObjectName(f"message_channel_{channel.value}")
            button.setProperty("value", channel.value)
            self.channels.addButton(button)
            channel_buttons.append(button)
        channel_buttons[0].setChecked(True)
        self.text = name_widget(QPlainTextEdit(), "message_text", self.tr("The message"))
        self.text.setReadOnly(True)
        self.text.setMinimumHeight(TEXT_HEIGHT)
        set_role(self.text, "emphasis")
        self.count = QLabel()
        self.count.setObjectName("message_count")
        self.count.setWordWrap(True)
        self.count.setStyleSheet("color:#555;")
        hint = QLabel(self.tr("The resident is addressed by surname only, and names and numbers in the text are "
                              "masked: a message may be forwarded."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555;")
        self.copy_button = name_widget(QPushButton(icon("fa5s.copy"), self.tr("Copy")), "message_copy",
                                       self.tr("Copy the message to the clipboard"))
        self.print_button = name_widget(QPushButton(icon("fa5s.print"), self.tr("Print…")), "message_print",
                                        self.tr("Print the message on a slip"))
        self.close_button = name_widget(QPushButton(self.tr("Close")), "message_close", self.tr("Close"))
        self.copy_button.setDefault(True)
        for action in (self.copy_button, self.print_button):
            action.setEnabled(False)  # until the messages are read

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Message"), self.kind)
        form.addRow(self.tr("Send as"), row(*channel_buttons, -1))
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.count)
        lay.addWidget(hint)
        lay.addLayout(buttons)

        self.ops = Operations(self, bus, self.banner)
        self.kind.currentIndexChanged.connect(lambda _i: self._show())
        self.channels.buttonToggled.connect(lambda _b, on: self._show() if on else None)
        self.copy_button.clicked.connect(self.copy)
        self.print_button.clicked.connect(self.print_slip)
        self.close_button.clicked.connect(self.accept)
        self.kind.setFocus()
        messages = services.messages
        self.ops.read(lambda: messages.render(actor, case_id), self._on_read, key="render")

    # --- what is shown ----------------------------------------------------------------------------------

    def chosen(self) -> tuple[MessageKind, MessageChannel]:
        button = self.channels.checkedButton()
        channel = MessageChannel(str(button.property("value"))) if button is not None else MessageChannel.SMS
        return MessageKind(self.kind.currentData()), channel

    def current(self) -> Filled | None:
        return self.messages.filled[self.chosen()] if self.messages is not None else None

    def _on_read(self, messages: CaseMessages) -> None:
        self.messages = messages
        self.kind.setCurrentIndex(max(self.kind.findData(messages.suggested), 0))
        for action in (self.copy_button, self.print_button):
            action.setEnabled(True)
        self._show()

    def _show(self) -> None:
        filled = self.current()
        if filled is None:
            return
        self.text.setPlainText(filled.text)
        if self.chosen()[1] is MessageChannel.SMS:
            self.count.setText(self.tr("{n} characters: {parts} text message(s). One holds {one} characters; a longer "
                                       "message goes in parts of {part}.").format(
                n=filled.chars, parts=filled.parts, one=SMS_PART, part=SMS_LONG_PART))
        else:
            self.count.setText(self.tr("{n} characters.").format(n=filled.chars))

    # --- sending ------------------------------------------------------------------------------------

    def copy(self) -> None:
        """The words onto the clipboard, then recorded on the timeline."""
        filled = self.current()
        if filled is None:
            return
        QGuiApplication.clipboard().setText(filled.text)
        self._record("copied", filled.text, self.tr("Copied: paste it into the text message or WeChat. The "
                                                    "timeline records it."))

    def print_slip(self) -> None:
        """The slip (告知单) written off the GUI thread, then its preview; printing or saving it records it."""
        messages, filled = self.messages, self.current()
        if messages is None or filled is None:
            return
        kind, channel = self.chosen()
        data = SlipData(messages.community, messages.desk_name, messages.desk_phone, messages.case_no,
                        labels.zh(kind), filled.text)
        printouts, day = self._services.paths.printouts, local(self._services.clock.now()).date()
        self.ops.read(lambda: save_printout(printouts, Printout.MESSAGE_SLIP, day,
                                            lambda out: render_message_slip(data, out)),
                      lambda path: self._open_preview(path, kind, channel, filled.text), key="slip")

    def _open_preview(self, path: Path, kind: MessageKind, channel: MessageChannel, text: str) -> None:
        self.preview = PdfPreviewDialog(path, self.tr("Message slip"), self)
        self.preview.delivered.connect(lambda _how: self._record("printed", text, self.tr(
            "Printed. The timeline records it."), (kind, channel)))
        self.preview.open()

    def _record(self, how: str, text: str, said: str,
                chosen: tuple[MessageKind, MessageChannel] | None = None) -> None:
        kind, channel = chosen or self.chosen()
        messages, actor, case_id = self._services.messages, self._actor, self._case_id
        self.ops.write(lambda: messages.record_sent(actor, case_id, kind, channel, how, text),
                       lambda _sent: self.banner.say("ok", said), busy=[self.copy_button, self.print_button])
