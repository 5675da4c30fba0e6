"""网格与网格员: the grids, the grid worker of each, and new grid-worker accounts."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.domain.enums import Role
from app.domain.topics import Topic
from app.services.community.grids import GridInfo, GridInput
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.settings.reference import ReferenceTab
from app.views.tables import Column
from app.views.widgets import Banner, name_widget


class GridsTab(ReferenceTab[GridInfo]):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        self._services, self._actor = services, actor
        super().__init__("grids", bus, banner, [
            Column(self.tr("Code"), lambda g: g.code),
            Column(self.tr("Grid"), lambda g: g.name),
            Column(self.tr("Grid worker"), lambda g: g.worker_name or self.tr("(none: requests cannot go there)")),
            Column(self.tr("Buildings"), lambda g: g.buildings, align_right=True),
            Column(self.tr("Households"), lambda g: g.households, align_right=True),
            Column(self.tr("Open requests"), lambda g: g.open_cases, align_right=True),
            Column(self.tr("In use"), lambda g: self.tr("yes") if g.active else self.tr("retired")),
        ], 1, {Topic.COMMUNITY, Topic.ACCOUNTS, Topic.RESIDENTS}, parent)
        self.new_worker_button = self.extra_button("new_worker", "fa5s.user-plus", self.tr("New grid worker…"),
                                                   self.tr("Create a grid worker's account"))
        self.new_worker_button.clicked.connect(self.open_worker_dialog)

    def load_call(self) -> Callable[[], list[GridInfo]]:
        return partial(self._services.community.grids.all, self._actor)

    def name_of(self, item: GridInfo) -> str:
        return item.name

    def is_active(self, item: GridInfo) -> bool:
        return item.active

    def active_call(self, item: GridInfo, active: bool) -> Callable[[], Any]:
        return partial(self._services.community.grids.set_active, self._actor, item.id, active)

    def delete_call(self, item: GridInfo) -> Callable[[], Any]:
        return partial(self._services.community.grids.delete, self._actor, item.id)

    def dialog_for(self, item: GridInfo | None) -> FormDialog:
        grids = self._services.community.grids
        dialog = FormDialog("grid_dialog", self.tr("Change grid") if item else self.tr("New grid"), self._bus, self,
                            save=True)
        dialog.say(self.tr("Requests from the grid's households go to its grid worker. A new grid worker takes new "
                           "requests; those already dispatched stay with whoever has them."))
        code = name_widget(QLineEdit(item.code if item else ""), "grid_code", self.tr("Code"))
        code.setPlaceholderText(self.tr("e.g. G01"))
        name = name_widget(QLineEdit(item.name if item else ""), "grid_name", self.tr("Name"))
        name.setPlaceholderText(self.tr("e.g. 第一网格"))
        worker = name_widget(QComboBox(), "grid_worker", self.tr("Grid worker"))
        worker.addItem(self.tr("(nobody yet)"), None)
        # Read on the GUI thread: the dialog needs its choices before it opens (a handful of accounts).
        for option in self._ops.now(lambda: grids.workers(self._actor)) or []:
            others = [g for g in option.grids if item is None or g != item.name]
            worker.addItem(option.name + (self.tr(" (also {grids})").format(grids="、".join(others)) if others else ""),
                           option.id)
        if item is not None and item.worker_id is not None:
            worker.setCurrentIndex(max(worker.findData(item.worker_id), 0))
        dialog.add_field("code", self.tr("Code *"), code)
        dialog.add_field("name", self.tr("Name *"), name)
        dialog.add_field("worker", self.tr("Grid worker"), worker)

        def submit() -> Callable[[], Any]:
            data = GridInput(code.text(), name.text(), worker.currentData())
            if item is None:
                return partial(grids.create, self._actor, data)
            return partial(grids.update, self._actor, item.id, data)

        dialog.submit = submit
        return dialog

    def open_worker_dialog(self) -> FormDialog:
        """A grid worker's account (the role is set; the administrator gives the first password)."""
        auth = self._services.auth
        dialog = FormDialog("worker_dialog", self.tr("New grid worker"), self._bus, self, save=True)
        dialog.say(self.tr("The grid worker logs in with this user name and password, and should change the "
                           "password at the first log-in."))
        username = name_widget(QLineEdit(), "worker_username", self.tr("User name"))
        username.setPlaceholderText(self.tr("e.g. zhaowg (letters and digits)"))
        display = name_widget(QLineEdit(), "worker_name", self.tr("Name"))
        phone = name_widget(QLineEdit(), "worker_phone", self.tr("Phone"))
        password = name_widget(QLineEdit(), "worker_password", self.tr("Password"))
        password.setEchoMode(QLineEdit.EchoMode.Password)
        dialog.add_field("username", self.tr("User name *"), username)
        dialog.add_field("display_name", self.tr("Name *"), display)
        dialog.add_field("phone", self.tr("Phone"), phone)
        dialog.add_field("password", self.tr("Password *"), password)
        dialog.submit = lambda: partial(auth.create_staff, self._actor, username.text(), display.text(),
                                        Role.GRID_WORKER, password.text(), phone.text())
        dialog.accepted.connect(lambda: self.banner.say("ok", self.tr(
            "The account of {name} is made; choose it as a grid's worker with Change….").format(name=display.text())))
        self.dialog = dialog
        dialog.open()
        return dialog
