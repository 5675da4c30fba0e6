"""常用回复: the ready progress notes the note dialog offers, for a sub-category, a class or any request; added,
changed, ordered (the dialog's numbers follow the order), retired and deleted, and the ready-made set added again
where it is missing (添加预置回复)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.domain.topics import Topic
from app.services.cases.canned_replies import TEXT_MAX, ReplyInfo, ReplyInput
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.settings.reference import ReferenceTab
from app.views.tables import Column
from app.views.widgets import Banner, name_widget


class CannedRepliesTab(ReferenceTab[ReplyInfo]):
    movable = True

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        self._services, self._actor = services, actor
        super().__init__("replies", bus, banner, [
            Column(self.tr("For"), lambda r: r.category or self.tr("Any request")),
            Column(self.tr("Canned reply"), lambda r: r.text),
            Column(self.tr("In use"), lambda r: self.tr("yes") if r.active else self.tr("retired")),
        ], 1, {Topic.RULES}, parent)
        self.defaults_button = self.extra_button("defaults", "fa5s.magic", self.tr("Add the ready-made replies"),
                                                 self.tr("Add the ready-made replies this community does not have"))
        self.defaults_button.clicked.connect(self._add_defaults)

    def load_call(self) -> Callable[[], list[ReplyInfo]]:
        return partial(self._services.replies.all, self._actor)

    def name_of(self, item: ReplyInfo) -> str:
        return str(item.id)

    def is_active(self, item: ReplyInfo) -> bool:
        return item.active

    def active_call(self, item: ReplyInfo, active: bool) -> Callable[[], Any]:
        return partial(self._services.replies.set_active, self._actor, item.id, active)

    def delete_call(self, item: ReplyInfo) -> Callable[[], Any]:
        return partial(self._services.replies.delete, self._actor, item.id)

    def move_call(self, item: ReplyInfo, delta: int) -> Callable[[], Any]:
        return partial(self._services.replies.move, self._actor, item.id, delta)

    def dialog_for(self, item: ReplyInfo | None) -> FormDialog:
        replies = self._services.replies
        dialog = FormDialog("reply_dialog", self.tr("Change canned reply") if item else self.tr("New canned reply"),
                            self._bus, self, save=True)
        dialog.say(self.tr("The progress-note dialog offers a request its sub-category's replies first, then its "
                           "class's, then those for any request, in this order. A note already written keeps its "
                           "words."))
        category = name_widget(QComboBox(), "reply_category", self.tr("For"))
        category.addItem(self.tr("Any request"), None)
        # Read on the GUI thread: the dialog needs its choices before it opens (the categories in use, a few rows).
        options = dialog.ops.now(lambda: self._services.intake.options(self._actor))
        chosen = self.current()
        for cls in options.children(None) if options is not None else []:
            category.addItem(cls.name, cls.id)
            for sub in options.children(cls.id) if options is not None else []:
                category.addItem("      " + sub.name, sub.id)
        wanted = item.category_id if item is not None else (chosen.category_id if chosen is not None else None)
        # by value: a UUID read by another call is an equal object, not the same one findData looks for
        category.setCurrentIndex(next((i for i in range(category.count()) if category.itemData(i) == wanted), 0))
        text = name_widget(QLineEdit(item.text if item else ""), "reply_text", self.tr("Canned reply"))
        text.setMaxLength(TEXT_MAX)
        dialog.add_field("category", self.tr("For"), category)
        dialog.add_field("text", self.tr("Words *"), text)

        def submit() -> Callable[[], Any]:
            data = ReplyInput(text.text(), category.currentData())
            if item is None:
                return partial(replies.create, self._actor, data)
            return partial(replies.update, self._actor, item.id, data)

        dialog.submit = submit
        return dialog

    def _add_defaults(self) -> None:
        self._ops.write(partial(self._services.replies.add_defaults, self._actor), lambda n: self.banner.say(
            "ok", self.tr("{n} ready-made replies added.").format(n=n) if n else self.tr(
                "Every ready-made reply is here already (a retired one stays retired).")),
            busy=[self.defaults_button])
