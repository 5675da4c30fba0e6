"""消息模板: the administrator's words for each message to a resident (received, dispatched, progress, resolved,
the follow-up) by text message and by WeChat, with the fields a template may use, a preview on a sample request and
恢复默认.

The list on the left is every kind x channel; the editor on the right shows the chosen one's words. A field button
puts its 【field】 where the cursor is. As the words are typed the editor says what is wrong (a field not in the
list, a marker not closed, no words), naming the field and the fields allowed, and the preview shows the message
filled for a made-up request with this community's name and phone, with its length (and text-message parts).
Saving checks again in the service: nothing wrong is written.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import MessageChannel
from app.domain.topics import Topic
from app.services.cases.message_service import TemplateBook, TemplateInfo
from app.services.cases.messages import (
    CLOSE_MARK,
    FIELDS,
    OPEN_MARK,
    SMS_LONG_PART,
    SMS_PART,
    fill,
    problem,
    sample_facts,
)
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import DomainError, ValidationError
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.type_scale import set_role
from app.views.widgets import ERROR_STYLE, Banner, confirm, icon, label_of, name_widget, render_message

FIELD_COLUMNS = 5


class MessageTemplatesTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_templates_tab")
        self._services, self._actor, self.banner = services, actor, banner
        self.book: TemplateBook | None = None
        self.shown: TemplateInfo | None = None  # the template in the editor, as stored
        self.model: RowsModel[TemplateInfo] = RowsModel([
            Column(self.tr("Message"), lambda t: label_of(t.kind)),
            Column(self.tr("Sent as"), lambda t: label_of(t.channel)),
            Column(self.tr("Words"), lambda t: self.tr("changed") if t.custom else self.tr("built-in")),
        ])
        self.table = read_only_table(self.model, "message_templates_table", self.tr("Message templates"), 2)
        self.editor = name_widget(QPlainTextEdit(), "template_body", self.tr("The words of the message"))
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(140)
        self.problem = QLabel()
        self.problem.setObjectName("template_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        self.field_buttons: dict[str, QPushButton] = {}
        fields = QGridLayout()
        for i, name in enumerate(FIELDS):
            button = name_widget(QPushButton(f"{OPEN_MARK}{name}{CLOSE_MARK}"), f"template_field_{i}",
                                 self.tr("Insert the field {name}").format(name=name))
            button.clicked.connect(partial(self.insert_field, name))
            fields.addWidget(button, i // FIELD_COLUMNS, i % FIELD_COLUMNS)
            self.field_buttons[name] = button
        how = QLabel(self.tr("Fields are written in 【】 as on the buttons and filled from the request when the "
                             "message is sent; the resident is addressed by surname only (张先生 / 张女士), and names "
                             "and numbers in the request's words are masked. Any other 【 or 】 is refused."))
        how.setWordWrap(True)
        how.setStyleSheet("color:#555;")
        self.preview = QLabel()
        self.preview.setObjectName("template_preview")
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("background:#f4f6f9; padding:8px; border-radius:4px;")
        set_role(self.preview, "emphasis")
        self.count = QLabel()
        self.count.setObjectName("template_count")
        self.count.setWordWrap(True)
        self.count.setStyleSheet("color:#555;")
        self.save_button = name_widget(QPushButton(icon("fa5s.save"), self.tr("Save")), "template_save",
                                       self.tr("Save these words"))
        self.reset_button = name_widget(QPushButton(icon("fa5s.undo"), self.tr("Restore the built-in words")),
                                        "template_reset", self.tr("Restore the built-in words"))

        editing = QVBoxLayout()
        editing.addWidget(self.editor, 1)
        editing.addWidget(self.problem)
        editing.addLayout(fields)
        editing.addWidget(how)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        editing.addLayout(buttons)
        preview_box = QGroupBox(self.tr("Preview on a sample request"))
        preview_lay = QVBoxLayout(preview_box)
        preview_lay.addWidget(self.preview)
        preview_lay.addWidget(self.count)
        editing.addWidget(preview_box)
        lay = QHBoxLayout(self)
        lay.addWidget(self.table, 2)
        lay.addLayout(editing, 3)

        self._ops = Operations(self, bus, banner)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._on_row_changed())
        self.editor.textChanged.connect(self.check)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        bus.subscribe({Topic.RULES}, self.refresh)
        self._enable(False)

    # --- the list -----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        messages, actor = self._services.messages, self._actor
        self._ops.read(lambda: messages.templates(actor), self._show, key="templates")

    def _show(self, book: TemplateBook) -> None:
        chosen = self.shown
        self.book = book
        self.model.set_rows(book.templates)
        self.table.resizeColumnsToContents()
        row = 0
        if chosen is not None:
            row = next((i for i, t in enumerate(book.templates)
                        if (t.kind, t.channel) == (chosen.kind, chosen.channel)), 0)
        self.table.selectRow(row)
        self._load(book.templates[row] if book.templates else None)

    def select(self, kind: str, channel: str) -> None:
        for i in range(self.model.rowCount()):
            t = self.model.row_at(i)
            if (t.kind.value, t.channel.value) == (kind, channel):
                self.table.selectRow(i)
                return
        raise LookupError((kind, channel))

    def _on_row_changed(self) -> None:
        chosen = current_row(self.table, self.model)
        if chosen is None or (self.shown is not None and (chosen.kind, chosen.channel)
                              == (self.shown.kind, self.shown.channel)):
            return
        if self.dirty() and not confirm(self, self.tr("Message templates"), self.tr(
                "The words of the message you were editing are not saved. Leave them?")):
            if self.shown is not None:  # back to the row being edited
                self.table.selectionModel().blockSignals(True)
                self.select(self.shown.kind.value, self.shown.channel.value)
                self.table.selectionModel().blockSignals(False)
            return
        self._load(chosen)

    def _load(self, template: TemplateInfo | None) -> None:
        self.shown = template
        self._enable(template is not None)
        self.editor.setPlainText(template.body if template is not None else "")
        self.check()

    def _enable(self, on: bool) -> None:
        for widget in (self.editor, self.save_button, self.reset_button, *self.field_buttons.values()):
            widget.setEnabled(on)

    def dirty(self) -> bool:
        return self.shown is not None and self.editor.toPlainText().strip() != self.shown.body

    # --- editing ------------------------------------------------------------------------------------------

    def insert_field(self, name: str) -> None:
        """The field's marker where the cursor is (over what is selected)."""
        self.editor.insertPlainText(f"{OPEN_MARK}{name}{CLOSE_MARK}")
        self.editor.setFocus()

    def check(self) -> None:
        """What is wrong with the words as typed (under the editor), else the preview and the length."""
        body = self.editor.toPlainText()
        wrong = problem(body.strip()) if self.shown is not None else None
        self.problem.setText(render_message(wrong) if wrong is not None else "")
        self.problem.setVisible(wrong is not None)
        if self.shown is None or self.book is None or wrong is not None:
            self.preview.setText("")
            self.count.setText("")
            return
        channel = self.shown.channel
        filled = fill(body.strip(), sample_facts(self.book.community, self.book.phone), channel)
        self.preview.setText(filled.text)
        if channel is MessageChannel.SMS:
            self.count.setText(self.tr("{n} characters: {parts} text message(s). One holds {one} characters; a longer "
                                       "message goes in parts of {part}. The request's own words make it longer or "
                                       "shorter.").format(n=filled.chars, parts=filled.parts, one=SMS_PART,
                                                          part=SMS_LONG_PART))
        else:
            self.count.setText(self.tr("{n} characters.").format(n=filled.chars))
        self.reset_button.setEnabled(self.shown.custom or self.dirty())

    def save(self) -> None:
        shown = self.shown
        if shown is None:
            return
        messages, actor, body = self._services.messages, self._actor, self.editor.toPlainText()
        self._ops.write(lambda: messages.set_template(actor, shown.kind, shown.channel, body), self._saved,
                        busy=[self.save_button], refused=self._refused)

    def reset(self) -> None:
        shown = self.shown
        if shown is None or not confirm(self, self.tr("Restore the built-in words"), self.tr(
                "Use the built-in words for this message again? The words written here are dropped.")):
            return
        messages, actor = self._services.messages, self._actor
        self._ops.write(lambda: messages.reset_template(actor, shown.kind, shown.channel), self._saved,
                        busy=[self.reset_button], refused=self._refused)

    def _saved(self, template: TemplateInfo) -> None:
        self.shown = template
        self.editor.setPlainText(template.body)
        self.banner.say("ok", self.tr("Saved: {kind} by {channel}.").format(kind=label_of(template.kind),
                                                                           channel=label_of(template.channel)))

    def _refused(self, exc: DomainError) -> None:
        if isinstance(exc, ValidationError) and "body" in exc.errors:
            self.problem.setText(render_message(exc.errors["body"]))
            self.problem.show()
        else:
            self._ops.show_refusal(exc)
