"""The desk's own-account dialogs: change my password, and the lock screen after idle time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError, ValidationError
from app.views.form_dialog import FormDialog
from app.views.operations import Operations
from app.views.tasks import Task
from app.views.type_scale import set_role
from app.views.widgets import icon, name_widget, render_error

INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
                QEvent.Type.TouchBegin}


def password_edit(object_name: str, accessible: str) -> QLineEdit:
    edit = name_widget(QLineEdit(), object_name, accessible)
    assert isinstance(edit, QLineEdit)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class ChangePasswordDialog(FormDialog):
    """The account's own password: the current one, the new one twice."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__("change_password_dialog", "", None, parent)
        self.setWindowTitle(self.tr("Change my password"))
        self.say(self.tr("At least 8 characters, with letters and digits."))
        self.old = password_edit("password_old", self.tr("Current password"))
        self.new = password_edit("password_new", self.tr("New password"))
        self.repeat = password_edit("password_repeat", self.tr("Repeat the new password"))
        self.add_field("old_password", self.tr("Current password"), self.old)
        self.add_field("new_password", self.tr("New password"), self.new)
        self.add_field("repeat", self.tr("Repeat"), self.repeat)
        self.ok_button.setText(self.tr("Change password"))
        self.ok_button.setIcon(icon("fa5s.key"))
        auth = services.auth

        def submit() -> Callable[[], None]:
            old, new, repeat = self.old.text(), self.new.text(), self.repeat.text()

            def change() -> None:  # hashing takes a moment: off the GUI thread, as every call
                if new != repeat:
                    raise ValidationError.single("repeat", QT_TRANSLATE_NOOP("errors", "The two passwords differ."))
                auth.change_own_password(actor, old, new)

            return change

        self.submit = submit

    def change(self) -> None:
        """What OK does: the password changes off the GUI thread, and the dialog closes once it has."""
        self.buttons.accepted.emit()


class IdleWatcher(QObject):
    """Says ``went_idle`` when nobody has touched the keyboard or mouse for ``interval_ms``."""

    went_idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.went_idle)
        self.paused = False

    def start(self) -> None:
        self._timer.start()

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in INPUT_EVENTS and not self.paused:
            self._timer.start()
        return False


class LockDialog(QDialog):
    """Covers the desk until the same user types the password again; their open work stays as it was."""

    unlocked = Signal()
    switch_user = Signal()

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None, idle: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("lock_dialog")
        self.setWindowTitle(self.tr("Desk locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self._services = services
        self._actor = actor
        title = QLabel(self.tr("This desk was locked because nobody used it for a while.") if idle
                       else self.tr("You locked this desk."))
        title.setObjectName("lock_reason")
        title.setWordWrap(True)
        title.setStyleSheet("font-weight:600; color:#2b4c7e;")
        set_role(title, "heading")
        who = QLabel(self.tr("{name}, please type your password to go on. Your open work is kept.").format(
            name=actor.display_name))
        who.setWordWrap(True)
        self.password = password_edit("lock_password", self.tr("Password"))
        self.error = QLabel()
        self.error.setObjectName("lock_error")
        self.error.setStyleSheet("color:#b3261e; font-weight:600;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.unlock_button = name_widget(QPushButton(icon("fa5s.unlock", "white"), self.tr("Unlock")),
                                         "lock_unlock", self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.setStyleSheet("background:#2b4c7e; color:white; font-weight:600; padding:8px;")
        self.switch_button = name_widget(QPushButton(self.tr("Another person: log out")), "lock_switch",
                                         self.tr("Log out so another person can log in"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(who)
        lay.addWidget(self.password)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        self.setMinimumWidth(460)
        self._ops = Operations(self, None)
        self.unlock_button.clicked.connect(self.attempt)
        self.password.returnPressed.connect(self.attempt)
        self.switch_button.clicked.connect(self._on_switch_clicked)

    def attempt(self) -> Task | None:
        """The same checks as logging in (lockout, disabled account): a lock cannot be a way around them. Checked
        off the GUI thread (the password hash takes a moment); the desk unlocks when the answer comes."""
        if self._ops.busy:
            return None
        auth, username, password = self._services.auth, self._actor.username, self.password.text()
        self.password.clear()
        return self._ops.write(lambda: auth.login(username, password), lambda _: self._on_unlocked(),
                               busy=[self.unlock_button], refused=self._on_refused)

    def _on_refused(self, exc: DomainError) -> None:
        self.error.setText(render_error(exc))
        self.error.show()
        self.password.setFocus()

    def _on_unlocked(self) -> None:
        self.error.hide()
        self.accept()
        self.unlocked.emit()

    def reject(self) -> None:  # Esc must not unlock
        pass

    def _on_switch_clicked(self) -> None:
        self.done(QDialog.DialogCode.Accepted)
        self.switch_user.emit()
