"""Log-in and first-start set-up dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.services.core.errors import DomainError
from app.views.integrity_status import IntegrityStatus
from app.views.operations import Operations
from app.views.tasks import Task
from app.views.type_scale import set_role
from app.views.widgets import Banner, FieldErrorsView, confirm, icon, name_widget, render_error

if TYPE_CHECKING:  # the database's modules: the log-in is on the screen before they are imported
    from app.services.core.auth import Actor
    from app.services.core.container import Services
    from app.services.core.setup import InitialSetup

DEMO_RESULT = 2  # FirstStartDialog's result when the user chose the demo community
JOINED_RESULT = 3  # ... when this desk joined a street and took its community's data from there (issue 21)


class LoginDialog(QDialog):
    logged_in = Signal(object)  # Actor

    def __init__(self, services: Services | None, community_name: str, parent: QWidget | None = None) -> None:
        """``services`` None: the dialog is shown while the database is still being opened (the name is the one
        this PC showed last time); ``set_services`` follows, and a log-in asked for meanwhile goes ahead then."""
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.setWindowTitle(self.tr("Log in"))
        self._services: Services | None = None
        self._waiting = False  # 登录 pressed before the database was open
        self.actor: Actor | None = None
        self.title = QLabel(community_name)
        title = self.title
        title.setObjectName("login_title")
        title.setStyleSheet("font-weight:600; color:#2b4c7e;")
        set_role(title, "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel(self.tr("Community Desk {version}").format(version=__version__))
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.username = name_widget(QLineEdit(), "login_username", self.tr("User name"))
        self.password = name_widget(QLineEdit(), "login_password", self.tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("login_error")
        self.error.setStyleSheet("color:#b3261e; font-weight:600;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.opening = QLabel(self.tr("Opening the database, please wait…"))
        self.opening.setObjectName("login_opening")
        self.opening.setWordWrap(True)
        self.opening.hide()
        self.integrity = IntegrityStatus(None, self, wrap=True)  # a check after an unclean stop
        # No icon: the first window shows before the icon font is loaded (docs/architecture.md, start-up).
        self.login_button = name_widget(QPushButton(self.tr("Log in")), "login_button", self.tr("Log in"))
        self.login_button.setDefault(True)
        self.login_button.setStyleSheet("background:#2b4c7e; color:white; font-weight:600; padding:8px;")
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(subtitle)
        lay.addSpacing(12)
        lay.addLayout(form)
        lay.addWidget(self.integrity)
        lay.addWidget(self.opening)
        lay.addWidget(self.error)
        lay.addWidget(self.login_button)
        self.setMinimumWidth(420)
        self._ops = Operations(self, None)
        self.login_button.clicked.connect(self.attempt)
        self.password.returnPressed.connect(self.attempt)
        self.username.returnPressed.connect(self.password.setFocus)
        if services is not None:
            self.set_services(services)

    def set_services(self, services: Services) -> None:
        """The database is open: the log-in can be checked (at once, if 登录 was pressed meanwhile)."""
        self._services = services
        self.integrity.watch(services.integrity)
        self.opening.hide()
        if self._waiting:
            self._waiting = False
            self.attempt()

    def attempt(self) -> Task | None:
        """Log in off the GUI thread (the password hash takes a moment); ``logged_in`` follows, or the reason."""
        if self._ops.busy:
            return None
        if self._services is None:  # said, and done as soon as the database is open
            self._waiting = True
            self.error.hide()
            self.opening.show()
            return None
        auth, username, password = self._services.auth, self.username.text(), self.password.text()
        return self._ops.write(lambda: auth.login(username, password), self._on_logged_in,
                               busy=[self.login_button], refused=self._on_refused)

    def _on_refused(self, exc: DomainError) -> None:
        self.error.setText(render_error(exc))
        self.error.show()
        self.password.selectAll()
        self.password.setFocus()

    def _on_logged_in(self, actor: Actor) -> None:
        self.actor = actor
        self.logged_in.emit(actor)
        self.accept()


class FirstStartDialog(QDialog):
    """Name the community and this desk, create the administrator — or load a demo community."""

    demo_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_start_dialog")
        self.setWindowTitle(self.tr("First start"))
        self._services = services
        self.errors = FieldErrorsView()
        intro = QLabel(self.tr("Welcome. This PC has no community yet. Enter your community and this desk, and "
                               "create the administrator account. To look around first, load the demo community."))
        intro.setWordWrap(True)
        self.banner = Banner("first_start_banner")

        def field(key: str, accessible: str, placeholder: str = "", password: bool = False) -> QLineEdit:
            edit = name_widget(QLineEdit(), f"setup_{key}", accessible)
            edit.setPlaceholderText(placeholder)
            if password:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            return edit

        self.community_name = field("community_name", self.tr("Community name"), self.tr("e.g. 幸福里社区"))
        self.street = field("street", self.tr("Street office"), self.tr("e.g. 站前街道"))
        self.desk_code = field("desk_code", self.tr("Desk code"), self.tr("e.g. A01 (prefix of case numbers)"))
        self.desk_name = field("desk_name", self.tr("Desk name"), self.tr("e.g. 一号窗口"))
        self.desk_phone = field("desk_phone", self.tr("Desk phone"), self.tr("printed on every receipt"))
        self.admin_username = field("admin_username", self.tr("Administrator user name"), "admin")
        self.admin_display_name = field("admin_display_name", self.tr("Administrator's name"))
        self.admin_password = field("admin_password", self.tr("Password"), self.tr("at least 8, letters and digits"),
                                    password=True)
        self.admin_password2 = field("admin_password2", self.tr("Repeat password"), password=True)

        community = QGroupBox(self.tr("Community"))
        cf = QFormLayout(community)
        self.errors.add_row(cf, "community_name", self.tr("Name *"), self.community_name)
        self.errors.add_row(cf, "street", self.tr("Street office"), self.street)
        desk = QGroupBox(self.tr("This desk"))
        df = QFormLayout(desk)
        self.errors.add_row(df, "desk_code", self.tr("Desk code *"), self.desk_code)
        self.errors.add_row(df, "desk_name", self.tr("Desk name *"), self.desk_name)
        self.errors.add_row(df, "desk_phone", self.tr("Desk phone *"), self.desk_phone)
        admin = QGroupBox(self.tr("Administrator"))
        af = QFormLayout(admin)
        self.errors.add_row(af, "admin_username", self.tr("User name *"), self.admin_username)
        self.errors.add_row(af, "admin_display_name", self.tr("Name *"), self.admin_display_name)
        self.errors.add_row(af, "admin_password", self.tr("Password *"), self.admin_password)
        self.errors.add_row(af, "admin_password2", self.tr("Repeat *"), self.admin_password2)

        self.finish_button = name_widget(QPushButton(icon("fa5s.check", "white"), self.tr("Finish set-up")),
                                         "setup_finish", self.tr("Finish set-up"))
        self.finish_button.setDefault(True)
        self.finish_button.setStyleSheet("background:#2b4c7e; color:white; font-weight:600; padding:8px;")
        self.demo_button = name_widget(QPushButton(icon("fa5s.flask"), self.tr("Load the demo community…")),
                                       "setup_demo", self.tr("Load the demo community"))
        self.join_button = name_widget(QPushButton(icon("fa5s.network-wired"), self.tr(
            "Join the street (take this community's data from the street's server)…")), "setup_join_street",
            self.tr("Join the street"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.join_button)
        buttons.addStretch(1)
        buttons.addWidget(self.finish_button)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.banner)
        lay.addWidget(community)
        lay.addWidget(desk)
        lay.addWidget(admin)
        lay.addStretch(1)
        lay.addLayout(buttons)
        lay.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grow when error lines appear
        self.setMinimumWidth(560)
        self._ops = Operations(self, None, self.banner, self.errors)
        self.finish_button.clicked.connect(self.finish)
        self.demo_button.clicked.connect(self._on_demo_clicked)
        self.join_button.clicked.connect(self.join_street)

    def _data(self) -> InitialSetup:
        from app.services.core.setup import InitialSetup  # the first start opens the database before this window

        return InitialSetup(
            community_name=self.community_name.text(), street=self.street.text(), desk_code=self.desk_code.text(),
            desk_name=self.desk_name.text(), desk_phone=self.desk_phone.text(),
            admin_username=self.admin_username.text(), admin_display_name=self.admin_display_name.text(),
            admin_password=self.admin_password.text(), admin_password_repeat=self.admin_password2.text(),
        )

    def finish(self) -> Task | None:
        """Check every field at once (each message under its field), then set up in one go, off the GUI thread."""
        if self._ops.busy:
            return None
        self.banner.hide()
        setup, data = self._services.setup, self._data()
        return self._ops.write(lambda: setup.initialize(data), lambda _: self._on_set_up(), busy=[self.finish_button],
                               invalid=self.tr("Please correct the fields marked in red."))

    def _on_set_up(self) -> None:
        self._services.remember_desk()  # this PC's desk.json, a small local file
        self.accept()

    def join_street(self) -> QDialog:
        """加入街道: the street's address, the community's data taken from there, then the log-in."""
        from app.views.join_street import JoinStreetDialog

        dialog = JoinStreetDialog(self._services, self)
        dialog.accepted.connect(lambda: self.done(JOINED_RESULT))
        dialog.open()
        return dialog

    def _on_demo_clicked(self) -> None:
        if not confirm(self, self.tr("Load the demo community?"), self.tr(
                "The demo community (about 300 residents and 200 requests, all invented) is written into this "
                "data folder instead of your own community. Use it to look around; set up your own community "
                "in a fresh data folder later. Continue?")):
            return
        self.demo_requested.emit()
        self.done(DEMO_RESULT)
