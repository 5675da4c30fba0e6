"""Staff accounts, for the administrator: create, disable or enable, reset a password, make a task key (a key a
scheduled task uses on the command line instead of the account's password: shown once here, stored as a hash)."""

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

from app.domain.enums import Role
from app.domain.topics import Topic
from app.services.core.access import NewTaskKey
from app.services.core.auth import Actor, StaffInfo
from app.services.core.container import Services
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, read_only_table
from app.views.widgets import Banner, FieldErrorsView, confirm, icon, label_of, name_widget


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
        self.key_label = name_widget(QLineEdit(), "accounts_key_label", self.tr("What the task key is for"))
        self.key_label.setPlaceholderText(self.tr("task, e.g. nightly export"))
        self.key_button = name_widget(QPushButton(icon("fa5s.robot"), self.tr("Make task key")), "accounts_key",
                                      self.tr("Make a key for the chosen account, for a scheduled task"))
        self.key_shown = name_widget(QLineEdit(), "accounts_key_shown", self.tr("The new task key"))
        self.key_shown.setReadOnly(True)
        self.key_shown.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.toggle_button)
        row.addStretch(1)
        row.addWidget(self.reset_password)
        row.addWidget(self.reset_button)
        keys = QHBoxLayout()
        keys.addWidget(self.key_label)
        keys.addWidget(self.key_button)
        keys.addWidget(self.key_shown, 1)

        self.errors = FieldErrorsView()
        self._ops = Operations(self, bus, self.banner, self.errors)
        bus.subscribe({Topic.ACCOUNTS}, self.refresh)
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
        lay.addLayout(keys)
        lay.addWidget(box)
        self.toggle_button.clicked.connect(self._on_toggle_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        for edit in (self.new_username, self.new_name, self.new_password, self.new_phone):
            edit.returnPressed.connect(self._on_create_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.create_button.clicked.connect(self._on_create_clicked)
        self.key_button.clicked.connect(self._on_key_clicked)
        self.refresh()

    def refresh(self) -> None:
        auth, actor = self._services.auth, self._actor
        self._ops.read(lambda: auth.list_staff(actor), self._show, key="staff")

    def _show(self, staff: list[StaffInfo]) -> None:
        self.model.set_rows(staff)
        self.table.resizeColumnsToContents()
        self._on_table_current_changed()

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
        auth, actor = self._services.auth, self._actor
        self._ops.write(lambda: auth.set_active(actor, staff.id, not staff.active), self._on_toggled,
                        busy=[self.toggle_button])

    def _on_toggled(self, info: StaffInfo) -> None:
        self.banner.say("ok", (self.tr("{name} can log in again.") if info.active
                               else self.tr("{name} is disabled and can do nothing until enabled.")
                               ).format(name=info.display_name))

    def _on_reset_clicked(self) -> None:
        staff = self._chosen()
        if staff is None:
            return
        auth, actor, password = self._services.auth, self._actor, self.reset_password.text()
        self._ops.write(lambda: auth.reset_password(actor, staff.id, password),
                        lambda _: self._on_reset(staff), busy=[self.reset_button])

    def _on_reset(self, staff: StaffInfo) -> None:
        self.reset_password.clear()
        self.banner.say("ok", self.tr("The password of {name} was reset.").format(name=staff.display_name))

    def _on_create_clicked(self) -> None:
        auth, actor = self._services.auth, self._actor
        username, name, role = self.new_username.text(), self.new_name.text(), Role(self.new_role.currentData())
        password, phone = self.new_password.text(), self.new_phone.text()
        self._ops.write(lambda: auth.create_staff(actor, username, name, role, password, phone), self._on_created,
                        busy=[self.create_button],
                        invalid=self.tr("Not created: please correct the fields marked in red."))

    def _on_created(self, info: StaffInfo) -> None:
        for edit in (self.new_username, self.new_name, self.new_password, self.new_phone):
            edit.clear()
        self.banner.say("ok", self.tr("Account {username} created.").format(username=info.username))

    def _on_key_clicked(self) -> None:
        staff = self._chosen()
        if staff is None:
            return
        access, actor, label = self._services.access, self._actor, self.key_label.text()
        self._ops.write(lambda: access.create_key(actor, staff.username, label), self._on_key_made,
                        busy=[self.key_button])

    def _on_key_made(self, made: NewTaskKey) -> None:
        self.key_label.clear()
        self.key_shown.setText(made.secret)
        self.key_shown.setVisible(True)
        self.key_shown.selectAll()
        self.key_shown.setFocus()
        self.banner.say("ok", self.tr(
            "Task key for {username} ({label}) made. Copy it now into a file only the scheduled task can read: it is "
            "shown only this once. Revoke it with main.py task-key revoke.").format(
            username=made.username, label=made.label))
