"""诉求分类: the request classes and their sub-categories, with the time limits new requests get."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.domain.topics import Topic
from app.services.cases.categories import (
    RESOLVE_HOURS_MAX,
    RESPONSE_MINUTES_MAX,
    CategoryInfo,
    CategoryInput,
)
from app.services.cases.working_days import MAX_WORKDAYS
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.settings.reference import ReferenceTab
from app.views.tables import Column
from app.views.widgets import Banner, name_widget, spin


class CategoriesTab(ReferenceTab[CategoryInfo]):
    movable = True

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        self._services, self._actor = services, actor
        self.classes: dict[object, str] = {}
        super().__init__("categories", bus, banner, [
            Column(self.tr("Category"), lambda c: c.name if c.parent_id is None else "      " + c.name),
            Column(self.tr("Class or sub-category"), lambda c: self.tr("class") if c.parent_id is None
                   else self.tr("sub-category of {name}").format(name=self.classes.get(c.parent_id, ""))),
            Column(self.tr("Respond within"), lambda c: self.tr("{n} min").format(n=c.response_minutes),
                   align_right=True),
            Column(self.tr("Resolve within"), lambda c: self.tr("{n} working days").format(n=c.resolve_workdays)
                   if c.resolve_workdays else self.tr("{n} h").format(n=c.resolve_hours), align_right=True),
            Column(self.tr("Requests"), lambda c: c.cases, align_right=True),
            Column(self.tr("In use"), lambda c: self.tr("yes") if c.active else self.tr("retired")),
        ], 0, {Topic.RULES}, parent)

    def load_call(self) -> Callable[[], list[CategoryInfo]]:
        return partial(self._services.community.categories.tree, self._actor)

    def _show(self, items: list[CategoryInfo]) -> None:
        self.classes = {c.id: c.name for c in items if c.parent_id is None}
        super()._show(items)

    def name_of(self, item: CategoryInfo) -> str:
        return item.code

    def is_active(self, item: CategoryInfo) -> bool:
        return item.active

    def active_call(self, item: CategoryInfo, active: bool) -> Callable[[], Any]:
        return partial(self._services.community.categories.set_active, self._actor, item.id, active)

    def delete_call(self, item: CategoryInfo) -> Callable[[], Any]:
        return partial(self._services.community.categories.delete, self._actor, item.id)

    def move_call(self, item: CategoryInfo, delta: int) -> Callable[[], Any]:
        return partial(self._services.community.categories.move, self._actor, item.id, delta)

    def dialog_for(self, item: CategoryInfo | None) -> FormDialog:
        categories = self._services.community.categories
        dialog = FormDialog("category_dialog", self.tr("Change category") if item else self.tr("New category"),
                            self._bus, self, save=True)
        dialog.say(self.tr("The time limits apply to requests logged from now on; the time-limit rules can still "
                           "shorten them."))
        parent = name_widget(QComboBox(), "category_parent", self.tr("Belongs to"))
        parent.addItem(self.tr("(a class of its own)"), None)
        chosen = self.current()
        for class_id, class_name in self.classes.items():
            parent.addItem(class_name, class_id)
        if item is not None:
            parent.setCurrentIndex(max(parent.findData(item.parent_id), 0))
            parent.setEnabled(False)  # a category keeps its place; retire it and add a new one elsewhere
        elif chosen is not None:  # a new sub-category of the class chosen (or of the chosen one's class)
            parent.setCurrentIndex(max(parent.findData(chosen.parent_id or chosen.id), 0))
        name = name_widget(QLineEdit(item.name if item else ""), "category_name", self.tr("Name"))
        response = spin("category_response", self.tr("Respond within (minutes)"), 5, RESPONSE_MINUTES_MAX)
        response.setSuffix(self.tr(" minutes"))
        response.setValue(item.response_minutes if item else 60)
        resolve = spin("category_resolve", self.tr("Resolve within (hours)"), 1, RESOLVE_HOURS_MAX)
        resolve.setSuffix(self.tr(" hours"))
        resolve.setValue(item.resolve_hours if item else 24)
        dialog.add_field("parent", self.tr("Belongs to"), parent)
        dialog.add_field("name", self.tr("Name *"), name)
        dialog.add_field("response_minutes", self.tr("Respond within *"), response)
        workdays = spin("category_resolve_workdays", self.tr("Or resolve within working days"), 0, MAX_WORKDAYS)
        workdays.setSpecialValueText(self.tr("— (the hours above)"))
        workdays.setSuffix(self.tr(" working days"))
        workdays.setValue(item.resolve_workdays or 0 if item else 0)
        dialog.add_field("resolve_hours", self.tr("Resolve within *"), resolve)
        dialog.add_field("resolve_workdays", self.tr("Or in working days"), workdays)

        def submit() -> Callable[[], Any]:
            data = CategoryInput(name.text(), parent.currentData(), response.value(), resolve.value(),
                                 workdays.value() or None)
            if item is None:
                return partial(categories.create, self._actor, data)
            return partial(categories.update, self._actor, item.id, data)

        dialog.submit = submit
        return dialog
