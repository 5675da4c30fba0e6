"""The log-in on the screen before the database is open (issue 18), and the main window's pages built when first shown.

A PC that has logged in before shows the log-in with the community's name it remembers, then opens the database
behind it; 登录 pressed meanwhile goes ahead once the database is open. A remembered name that no longer fits the
folder (a new or replaced database) gives way to the set-up. The main window builds its home page at once, the
intake form after its first paint, every other page when it is first shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from app.services.core.container import Services, open_services
from app.views.application import open_behind, start_session
from app.views.dashboard_page import DashboardPage
from app.views.login import LoginDialog
from app.views.main_window import MainWindow
from app.views.window_state import ViewState
from tests.gui.helpers import settle


def test_a_log_in_pressed_before_the_database_is_open_goes_ahead_once_it_is(qtbot, demo_dir: Path) -> None:
    ViewState(demo_dir / "window.ini").set_community_name("幸福里社区（上次的名字）")
    login = LoginDialog(None, ViewState(demo_dir / "window.ini").community_name())
    qtbot.addWidget(login)
    login.show()
    pressed: list[bool] = []

    def press() -> None:  # the clerk is quicker than the database: 登录 before it is open
        login.username.setText("clerk1")
        login.password.setText("demo1234")
        login.login_button.click()
        pressed.append(login.opening.isVisible() and not login.error.isVisible())

    QTimer.singleShot(0, press)
    opened = open_behind(login, demo_dir, None)
    assert isinstance(opened, Services)
    services = opened
    try:
        assert pressed == [True]  # "正在打开数据库" was said, nothing refused
        assert login.actor is None and login.isVisible()
        window = _session(qtbot, services, login)
        assert window is not None and window.actor.username == "clerk1"
        assert login.title.text() == services.setup.state().community_name  # the real name replaced the remembered
        assert ViewState(demo_dir / "window.ini").community_name() == services.setup.state().community_name
        window.close()
    finally:
        services.close()


def test_a_wrong_password_typed_early_is_refused_once_the_database_is_open(qtbot, demo_dir: Path) -> None:
    login = LoginDialog(None, "幸福里社区")
    qtbot.addWidget(login)
    login.show()
    login.username.setText("clerk1")
    login.password.setText("not-the-password")
    assert login.attempt() is None and login.opening.isVisible()
    opened = open_behind(login, demo_dir, None)
    assert isinstance(opened, Services)
    try:
        login.set_services(opened)
        qtbot.waitUntil(login.error.isVisible, timeout=10_000)
        assert "密码" in login.error.text() and not login.opening.isVisible() and login.actor is None
    finally:
        settle(qtbot)
        opened.close()


def test_closing_the_early_log_in_while_the_database_opens_ends_the_start_cleanly(qtbot, demo_dir: Path) -> None:
    open_services(demo_dir).close()  # checked once here: the open behind the log-in has no check to run
    marker = demo_dir / "desk.sqlite3.closed"
    before = marker.stat().st_mtime_ns
    login = LoginDialog(None, "幸福里社区")
    qtbot.addWidget(login)
    login.show()

    def close_once_opening() -> None:  # the clerk closes the window while the database is being opened
        if QThreadPool.globalInstance().activeThreadCount():
            login.reject()
        else:
            QTimer.singleShot(1, close_once_opening)

    QTimer.singleShot(0, close_once_opening)
    assert open_behind(login, demo_dir, None) is None
    assert not login.isVisible()
    # what was opened meanwhile is closed again as a clean stop closes it: the marker is written anew
    assert marker.is_file() and marker.stat().st_mtime_ns > before


def test_a_remembered_name_of_another_database_gives_way_to_the_set_up(qtbot, tmp_path: Path) -> None:
    data = tmp_path / "new-folder"
    login = LoginDialog(None, "旧社区")  # this PC's window.ini speaks of a community this folder does not hold
    qtbot.addWidget(login)
    login.show()
    opened = open_behind(login, data, None)
    assert isinstance(opened, Services)
    shown: list[str] = []

    def close_the_wizard() -> None:
        dialog = QApplication.activeModalWidget()
        shown.append(dialog.objectName() if dialog is not None else "")
        if isinstance(dialog, QDialog):
            dialog.reject()

    try:
        QTimer.singleShot(200, close_the_wizard)
        assert start_session(opened, login) is None  # the wizard was closed: nobody logged in
        assert shown == ["first_start_dialog"] and not login.isVisible()
    finally:
        opened.close()


def _session(qtbot, services: Services, login: LoginDialog) -> MainWindow | None:  # type: ignore[no-untyped-def]
    """``start_session`` with the early log-in: its ``exec`` returns once the waiting log-in is accepted."""
    QTimer.singleShot(30_000, login.reject)  # a log-in that never came back fails the test, never hangs it
    window = start_session(services, login)
    if window is not None:
        qtbot.addWidget(window)
    return window


def test_pages_are_built_when_first_shown(qtbot, services: Services) -> None:
    admin = services.auth.login("admin", "demo1234")
    window = MainWindow(services, admin)
    qtbot.addWidget(window)
    assert set(window._built) == {"home"}  # only what is on the screen
    window.show()
    qtbot.waitUntil(lambda: "intake" in window._built, timeout=5_000)  # right after the first paint: Ctrl+N is next
    assert "dashboard" not in window._built and "dashboard" in window.pages
    window.nav.setCurrentRow(list(window.pages).index("dashboard"))  # the clerk clicks 统计
    page = window.stack.currentWidget()
    assert isinstance(page, DashboardPage) and window.pages["dashboard"] is page
    assert window.stack.count() == window.nav.count() == len(window.pages)
    assert window.help_id() == "dashboard"
    settle(qtbot)


class _WindowsShown(QObject):
    """Every widget shown as a window of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.names.append(watched.objectName() or type(watched).__name__)
        return False


def test_a_page_built_after_the_window_is_shown_opens_no_window_and_keeps_the_focus(qtbot, services: Services) -> None:
    """A button made visible before it was in a window opened as a window of its own and took the desk's focus:
    Ctrl+N then left the intake form without a cursor."""
    admin = services.auth.login("admin", "demo1234")
    window = MainWindow(services, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    shown = _WindowsShown()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(shown)
    try:
        for key in list(window.pages):
            window.show_page(key)
            qtbot.wait(20)
            assert QApplication.activeWindow() is window, key
    finally:
        app.removeEventFilter(shown)
    assert shown.names == []
    window.open_intake()
    assert window.intake is not None and window.intake.channel.hasFocus()
    settle(qtbot)


def test_a_page_first_opened_after_the_account_was_disabled_says_so_and_stays(qtbot, services: Services) -> None:
    """The clerk's account is disabled by the administrator before the intake form was built: the form built ahead
    after the first paint is refused quietly, Ctrl+N and a click on 诉求登记 say why in a message box, and the page on
    show stays."""
    clerk = services.auth.login("clerk1", "demo1234")
    window = MainWindow(services, clerk)
    qtbot.addWidget(window)
    services.auth.set_active(services.auth.login("admin", "demo1234"), clerk.user_id, False)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot)
    assert "intake" not in window._built  # its first read was refused: not built ahead, nothing said yet
    said: list[str] = []

    def read_and_close(tries: int = 100) -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            if tries:
                QTimer.singleShot(20, lambda: read_and_close(tries - 1))
            return
        said.append(boxes[0].text())
        boxes[0].accept()

    QTimer.singleShot(0, read_and_close)
    window.new_action.trigger()  # Ctrl+N
    assert len(said) == 1 and "停用" in said[0]
    assert window.stack.currentIndex() == window.nav.currentRow() == 0
    QTimer.singleShot(0, read_and_close)
    window.nav.setCurrentRow(list(window.pages).index("intake"))  # the clerk clicks 诉求登记
    assert len(said) == 2 and "intake" not in window._built
    assert window.stack.currentIndex() == window.nav.currentRow() == 0
    settle(qtbot)
