"""Staff accounts, for the administrator: create, disable or enable, reset a password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.enums import Role
from app.services.auth import Actor, StaffInfo
from app.services.container import Services
from app.services.errors import DomainError, ValidationError
from app.views.bus import ChangeBus
from app.views.tables import Column, RowsModel, read_only_table
from app.views.widgets import Banner, FieldErrorsView, confirm, icon, label_of, name_widget, render_error


class AccountsPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accounts_page")
        self._services = services
        self._actor = actor
        self._bus = bus
        self.banner = Banner("accounts_banner")
        self.model: RowsModel[StaffInfo] = RowsModel([
            Column(self.tr("User name"), lambda s: s.username),
            Column(self.tr("Name"), lambda s: s.display_name),
            Column(self.tr("Role"), lambda s: label_of(s.role)),
            Column(self.tr("Phone"), lambda s: s.phone),
            Column(self.tr("Status"), lambda s: self.tr("active") if s.active else self.tr("disabled")),
        ], muted=lambda s: not s.active)
        self.table = read_only_table(self.model, "accounts_table", self.tr("Staff accounts"), stretch_column=1)
        self.toggle_button = name_widget(QPushButton(icon("fa5s.user-slash"), self.tr("Disable account")),
                                         "accounts_toggle", self.tr("Disable or enable the chosen account"))
        self.toggle_button.setEnabled(False)
        self.reset_password = name_widget(QLineEdit(), "accounts_reset_password", self.tr("New password"))
        self.reset_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reset_password.setPlaceholderText(self.tr("new password for the chosen account"))
        self.reset_button = name_widget(QPushButton(icon("fa5s.key"), self.tr("Reset password")), "accounts_reset",
                                        self.tr("Reset the chosen account's password"))
        row = QHBoxLayout()
        row.addWidget(self.toggle_button)
        row.addStretch(1)
        row.addWidget(self.reset_password)
        row.addWidget(self.reset_button)

        self.errors = FieldErrorsView()
        self.new_username = name_widget(QLineEdit(), "accounts_new_username", self.tr("User name"))
        self.new_name = name_widget(QLineEdit(), "accounts_new_name", self.tr("Name"))
        self.new_role = name_widget(QComboBox(), "accounts_new_role", self.tr("Role"))
        for role in Role:
            self.new_role.addItem(label_of(role), role.value)
        self.new_password = name_widget(QLineEdit(), "accounts_new_password", self.tr("Password"))
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_phone = name_widget(QLineEdit(), "accounts_new_phone", self.tr("Phone"))
        self.create_button = name_widget(QPushButton(icon("fa5s.user-plus"), self.tr("Create account")),
                                         "accounts_create", self.tr("Create the account"))
        box = QGroupBox(self.tr("New account"))
        form = QFormLayout(box)
        self.errors.add_row(form, "username", self.tr("User name *"), self.new_username)
        self.errors.add_row(form, "display_name", self.tr("Name *"), self.new_name)
        self.errors.add_row(form, "role", self.tr("Role *"), self.new_role)
        self.errors.add_row(form, "password", self.tr("Password *"), self.new_password)
        self.errors.add_row(form, "phone", self.tr("Phone"), self.new_phone)
        form.addRow("", self.create_button)

        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(box)
        self.toggle_button.clicked.connect(self._on_toggle_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        for edit in (self.new_username, self.new_name, self.new_password, self.new_phone):
            edit.returnPressed.connect(self._on_create_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.create_button.clicked.connect(self._on_create_clicked)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.model.set_rows(self._services.auth.list_staff(self._actor))
        except DomainError as exc:
            self.banner.say("error", render_error(exc))
        self.table.resizeColumnsToContents()

    def _on_table_current_changed(self, *_: object) -> None:
        index = self.table.currentIndex()
        self.toggle_button.setEnabled(index.isValid())
        if index.isValid():
            self.toggle_button.setText(self.tr("Disable account") if self.model.row_at(index.row()).active
                                       else self.tr("Enable account"))

    def _chosen(self) -> StaffInfo | None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.banner.say("warn", self.tr("Choose an account in the list first."))
            return None
        return self.model.row_at(index.row())

    def _on_toggle_clicked(self) -> None:
        staff = self._chosen()
        if staff is None:
            return
        if staff.active and not confirm(self, self.tr("Disable {name}?").format(name=staff.display_name), self.tr(
                "{name} will not be able to log in, and anything still open in their name stops working at "
                "once. You can enable the account again later.").format(name=staff.display_name)):
            return
        try:
            info = self._services.auth.set_active(self._actor, staff.id, not staff.active)
        except DomainError as exc:
            self.banner.say("error", render_error(exc))
            return
        self.banner.say("ok", (self.tr("{name} can log in again.") if info.active
                               else self.tr("{name} is disabled and can do nothing until enabled.")
                               ).format(name=info.display_name))
        self.refresh()
        self._on_table_current_changed()

    def _on_reset_clicked(self) -> None:
        staff = self._chosen()
        if staff is None:
            return
        try:
            self._services.auth.reset_password(self._actor, staff.id, self.reset_password.text())
        except DomainError as exc:
            self.banner.say("error", render_error(exc))
            return
        self.reset_password.clear()
        self.banner.say("ok", self.tr("The password of {name} was reset.").format(name=staff.display_name))

    def _on_create_clicked(self) -> None:
        self.errors.clear()
        try:
            info = self._services.auth.create_staff(
                self._actor, self.new_username.text(), self.new_name.text(), Role(self.new_role.currentData()),
                self.new_password.text(), self.new_phone.text())
        except ValidationError as exc:
            unplaced = self.errors.show(exc)
            self.banner.say("error", "\n".join([self.tr("Not created: please correct the fields marked in red.")]
                                               + unplaced))
            return
        except DomainError as exc:
            self.banner.say("error", render_error(exc))
            return
        for edit in (self.new_username, self.new_name, self.new_password, self.new_phone):
            edit.clear()
        self.banner.say("ok", self.tr("Account {username} created.").format(username=info.username))
        self._bus.accounts_changed.emit()
        self.refresh()
