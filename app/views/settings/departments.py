"""部门: the bodies a request can involve, with their contact, phone and the hours they have to report (吹哨)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.domain.enums import DepartmentKind
from app.domain.topics import Topic
from app.services.community.departments import REPORT_HOURS_MAX, DepartmentInfo, DepartmentInput
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.settings.reference import ReferenceTab
from app.views.tables import Column
from app.views.widgets import Banner, label_of, name_widget, spin


class DepartmentsTab(ReferenceTab[DepartmentInfo]):
    movable = True

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        self._services, self._actor = services, actor
        super().__init__("departments", bus, banner, [
            Column(self.tr("Department"), lambda d: d.name),
            Column(self.tr("Kind"), lambda d: label_of(d.kind)),
            Column(self.tr("Contact"), lambda d: d.contact),
            Column(self.tr("Phone"), lambda d: d.phone),
            Column(self.tr("Reports within"), lambda d: self.tr("{n} h").format(n=d.report_hours), align_right=True),
            Column(self.tr("Called in"), lambda d: d.calls, align_right=True),
            Column(self.tr("In use"), lambda d: self.tr("yes") if d.active else self.tr("retired")),
        ], 0, {Topic.COMMUNITY}, parent)

    def load_call(self) -> Callable[[], list[DepartmentInfo]]:
        return partial(self._services.community.departments.all, self._actor)

    def name_of(self, item: DepartmentInfo) -> str:
        return item.name

    def is_active(self, item: DepartmentInfo) -> bool:
        return item.active

    def active_call(self, item: DepartmentInfo, active: bool) -> Callable[[], Any]:
        return partial(self._services.community.departments.set_active, self._actor, item.id, active)

    def delete_call(self, item: DepartmentInfo) -> Callable[[], Any]:
        return partial(self._services.community.departments.delete, self._actor, item.id)

    def move_call(self, item: DepartmentInfo, delta: int) -> Callable[[], Any]:
        return partial(self._services.community.departments.move, self._actor, item.id, delta)

    def dialog_for(self, item: DepartmentInfo | None) -> FormDialog:
        departments = self._services.community.departments
        dialog = FormDialog("department_dialog", self.tr("Change department") if item else self.tr("New department"),
                            self._bus, self, save=True)
        name = name_widget(QLineEdit(item.name if item else ""), "department_name", self.tr("Name"))
        kind = name_widget(QComboBox(), "department_kind", self.tr("Kind"))
        for k in DepartmentKind:
            kind.addItem(label_of(k), k.value)
        kind.setCurrentIndex(kind.findData((item.kind if item else DepartmentKind.STREET).value))
        contact = name_widget(QLineEdit(item.contact if item else ""), "department_contact", self.tr("Contact"))
        phone = name_widget(QLineEdit(item.phone if item else ""), "department_phone", self.tr("Phone"))
        hours = spin("department_hours", self.tr("Reports within (hours)"), 1, REPORT_HOURS_MAX)
        hours.setSuffix(self.tr(" hours"))
        hours.setValue(item.report_hours if item else 24)
        dialog.add_field("name", self.tr("Name *"), name)
        dialog.add_field("kind", self.tr("Kind *"), kind)
        dialog.add_field("contact", self.tr("Contact"), contact)
        dialog.add_field("phone", self.tr("Phone"), phone)
        dialog.add_field("report_hours", self.tr("Reports within *"), hours)

        def submit() -> Callable[[], Any]:
            data = DepartmentInput(name.text(), kind.currentData(), contact.text(), phone.text(), hours.value())
            if item is None:
                return partial(departments.create, self._actor, data)
            return partial(departments.update, self._actor, item.id, data)

        dialog.submit = submit
        return dialog
