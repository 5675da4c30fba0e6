"""A second desk joins: the first start of a PC on a shared database whose community is already set up.

The database already has its community and administrator; this PC only needs a desk of its own (its code prefixes
the case numbers made here, its name and phone are printed on its receipts). An administrator registers it with
their password (a wrong one counts toward the lock-out like a log-in); the code is then kept in this PC's desk.json.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWidget

from app.services.core.container import Services
from app.views.form_dialog import FormDialog
from app.views.widgets import name_widget


class JoinDeskDialog(FormDialog):
    def __init__(self, services: Services, community_name: str, suggested_code: str,
                 parent: QWidget | None = None) -> None:
        super().__init__("join_desk_dialog", self.tr("A new desk"), None, parent,
                         ok_text=self.tr("Register this desk"))
        self._services = services
        self.say(self.tr("This database already has the community 「{community}」. An administrator registers a new "
                         "desk for this PC: its code starts the numbers of the requests logged here, its name and "
                         "phone are printed on its receipts.").format(community=community_name))

        def field(key: str, caption: str, text: str = "", placeholder: str = "") -> QLineEdit:
            edit = name_widget(QLineEdit(text), f"join_{key}", caption)
            edit.setPlaceholderText(placeholder)
            self.add_field(key, caption, edit)
            return edit

        self.desk_code = field("desk_code", self.tr("Desk code *"), suggested_code, self.tr("e.g. A02"))
        self.desk_name = field("desk_name", self.tr("Desk name *"), placeholder=self.tr("e.g. 二号窗口"))
        self.desk_phone = field("desk_phone", self.tr("Desk phone *"), placeholder=self.tr("printed on every receipt"))
        self.admin_username = field("admin_username", self.tr("Administrator user name *"), placeholder="admin")
        self.admin_password = field("admin_password", self.tr("Administrator password *"))
        self.admin_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.desk_name.setFocus()
        self.submit = self._call

    def _call(self) -> Callable[[], object]:
        return functools.partial(self._services.setup.join, self.admin_username.text(), self.admin_password.text(),
                                 self.desk_code.text(), self.desk_name.text(), self.desk_phone.text())
