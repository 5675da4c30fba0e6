"""标签: the tags of households and people (the five colours of seed 001 and the community's own), each with its
colour, what it marks, the service it promises and how often a visit is due."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QComboBox, QLineEdit, QPushButton, QSpinBox, QWidget

from app.domain.enums import DutyCycle, TagKind
from app.domain.topics import Topic
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.people.tag_names import TagInfo
from app.services.people.tags import EVERY_MAX, PALETTE, TagInput
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.settings.reference import ReferenceTab
from app.views.tables import Column
from app.views.tag_marks import swatch
from app.views.widgets import Banner, hidden_unless, label_of, name_widget, row


class TagsTab(ReferenceTab[TagInfo]):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        self._services, self._actor = services, actor
        super().__init__("tags", bus, banner, [
            Column(self.tr("Tag"), lambda t: t.name, decoration=lambda t: swatch(t.colour)),
            Column(self.tr("Marks"), lambda t: label_of(TagKind(t.kind))),
            Column(self.tr("Service promised"), lambda t: t.service),
            Column(self.tr("Visits"), self._visits),
            Column(self.tr("In use"), lambda t: self.tr("yes") if t.active else self.tr("retired")),
        ], 2, {Topic.CARE}, parent)
        hidden_unless(self.delete_button, False)  # a tag is retired, never deleted: the history keeps its meaning

    def _visits(self, t: TagInfo) -> str:
        if not t.visit_cycle:
            return self.tr("none")
        return self.tr("{cycle}, every {n}").format(cycle=label_of(DutyCycle(t.visit_cycle)), n=t.visit_every) \
            if t.visit_every > 1 else label_of(DutyCycle(t.visit_cycle))

    def load_call(self) -> Callable[[], list[TagInfo]]:
        return partial(self._services.tags.catalogue, self._actor, include_retired=True)

    def name_of(self, item: TagInfo) -> str:
        return item.name

    def is_active(self, item: TagInfo) -> bool:
        return item.active

    def active_call(self, item: TagInfo, active: bool) -> Callable[[], Any]:
        return partial(self._services.tags.set_active, self._actor, item.code, active)

    def delete_call(self, item: TagInfo) -> Callable[[], Any]:
        return partial(self._services.tags.set_active, self._actor, item.code, False)

    def dialog_for(self, item: TagInfo | None) -> FormDialog:
        tags = self._services.tags
        dialog = FormDialog("tag_dialog", self.tr("Change tag") if item else self.tr("New tag"), self._bus, self,
                            save=True)
        dialog.say(self.tr("A tag marks a household (空巢, 出租) or a person (失能, 低保). If it promises visits, "
                           "every household or person carrying it gets a visit due that often, for its grid "
                           "worker."))
        name = name_widget(QLineEdit(item.name if item else ""), "tag_name", self.tr("Name"))
        name.setPlaceholderText(self.tr("e.g. 失能"))
        colour = name_widget(QComboBox(), "tag_colour", self.tr("Colour"))
        for value in PALETTE:
            colour.addItem(swatch(value, 20), value, value)
        used = {self.model.row_at(i).colour.upper() for i in range(self.model.rowCount())}
        chosen = item.colour if item else _most_unlike(used)  # a new tag: the colour least like those in use
        if colour.findData(chosen) < 0:
            colour.addItem(swatch(chosen, 20), chosen, chosen)
        colour.setCurrentIndex(colour.findData(chosen))
        other = name_widget(QPushButton(self.tr("Other colour…")), "tag_colour_other", self.tr("Other colour"))

        def pick() -> None:
            picked = QColorDialog.getColor(QColor(str(colour.currentData())), dialog, self.tr("Colour"))
            if picked.isValid():
                value = picked.name().upper()
                if colour.findData(value) < 0:
                    colour.addItem(swatch(value, 20), value, value)
                colour.setCurrentIndex(colour.findData(value))

        other.clicked.connect(pick)
        kind = name_widget(QComboBox(), "tag_kind", self.tr("Marks"))
        for k in TagKind:
            kind.addItem(label_of(k), k.value)
        kind.setCurrentIndex(max(kind.findData(item.kind if item else TagKind.HOUSEHOLD.value), 0))
        service = name_widget(QLineEdit(item.service if item else ""), "tag_service", self.tr("Service promised"))
        service.setPlaceholderText(self.tr("e.g. 日见面"))
        cycle = name_widget(QComboBox(), "tag_cycle", self.tr("Visits"))
        cycle.addItem(self.tr("no visits"), "")
        for c in DutyCycle:
            cycle.addItem(label_of(c), c.value)
        cycle.setCurrentIndex(max(cycle.findData(item.visit_cycle or "" if item else ""), 0))
        every = name_widget(QSpinBox(), "tag_every", self.tr("Every"))
        every.setRange(1, EVERY_MAX)
        every.setValue(item.visit_every if item else 1)
        dialog.add_field("name", self.tr("Name *"), name)
        dialog.add_field("colour", self.tr("Colour *"), row(colour, other))
        dialog.add_field("kind", self.tr("Marks"), kind)
        dialog.add_field("service", self.tr("Service promised"), service)
        dialog.add_field("visit_cycle", self.tr("Visits"), cycle)
        dialog.add_field("visit_every", self.tr("Every (1 = each time)"), every)

        def submit() -> Callable[[], Any]:
            data = TagInput(name.text(), str(colour.currentData()), str(kind.currentData()), service.text(),
                            str(cycle.currentData() or ""), every.value())
            if item is None:
                return partial(tags.create, self._actor, data)
            return partial(tags.update, self._actor, item.code, data)

        dialog.submit = submit
        return dialog


def _most_unlike(used: set[str]) -> str:
    """The palette's colour farthest from every colour in use, so a new tag is told apart on the building's map (the
    orange of 空巢 and a darker orange were not)."""
    def distance(a: QColor, b: QColor) -> int:
        return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())

    taken = [QColor(c) for c in used]
    return max(PALETTE, key=lambda c: min((distance(QColor(c), t) for t in taken), default=999))

