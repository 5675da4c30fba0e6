"""Start the desk app: fonts and style, first-start set-up, log-in, main window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThreadPool, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

from app import RESOURCES
from app.domain.enums import FontSize
from app.logsetup import configure_logging, current_log_file
from app.services.core.errors import DomainError
from app.views import type_scale
from app.views.collector import Collector
from app.views.crash import install_excepthook, report_unexpected
from app.views.first_paint import FirstPaint, leaving
from app.views.login import DEMO_RESULT, JOINED_RESULT, FirstStartDialog, LoginDialog
from app.views.tasks import run_progress_task, run_task
from app.views.window_state import ViewState

if TYPE_CHECKING:  # what the first window does not need is imported after it is shown (docs/architecture.md)
    from app.demo.build import DemoSummary
    from app.services.core.backup import BackupInfo
    from app.services.core.container import Services
    from app.views.main_window import MainWindow


def prepare_application(app: QApplication, size: FontSize = FontSize.STANDARD) -> None:
    """Application-wide look: the shipped CJK font (so Chinese renders on any PC), a calm style, text at ``size``."""
    app.setApplicationName("community-desk")
    app.setApplicationDisplayName(QCoreApplication.translate("app", "Community Desk"))
    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "community-desk.png")))
    font_id = QFontDatabase.addApplicationFont(str(RESOURCES / "fonts" / "wqy-microhei.ttc"))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    font = QFont(families[0]) if families else app.font()
    app.setFont(font)
    type_scale.apply(app, size)


def run_gui(data_dir: Path, db_url: str | None, language: str, exit_when_shown: bool = False) -> int:
    """The desk app. ``exit_when_shown`` (``main.py --exit-when-shown``): start as usual, and end with 0 once the
    first window (the log-in, or the first-start wizard) is painted, without the backup at exit: a start timed whole.

    On a PC that has logged in before, the log-in is on the screen first and the database is opened behind it (the
    clerk types meanwhile; 登录 pressed before it is open goes ahead once it is): the window does not wait for the
    database's modules and its opening. The community's name it shows is the one this PC showed last."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if exit_when_shown:
        from app.views.first_paint import exit_when_shown as quit_when_painted

        quit_when_painted(app)
    view_state = ViewState(data_dir / "window.ini")
    prepare_application(app, view_state.font_size())  # large print from the log-in on
    # From here an exception escaping a slot is logged and shown, not lost on a console the desk does not have.
    install_excepthook(current_log_file() or configure_logging(data_dir))
    Collector(app)  # cycles collected on the GUI thread only while no worker runs (see collector.py)
    login: LoginDialog | None = None
    if view_state.community_name():
        login = LoginDialog(None, view_state.community_name())
        login.show()
    opened = open_behind(login, data_dir, db_url)
    if opened is None or isinstance(opened, BaseException):
        if login is not None:
            login.close()
        return 0 if opened is None else say_cannot_start(opened, data_dir)
    services = opened
    try:
        while True:
            window = start_session(services, login)
            login = None
            if window is None:
                return 0
            window.view_state.restore(window, "main")  # as it was left on this PC, or fitted to its screen
            window.show()
            window.raise_()
            window.activateWindow()  # keyboard shortcuts work at once, without a click
            window.offer_drafts()
            code = app.exec()
            if window.restart_requested:  # a backup was restored: the database is opened afresh
                services = reopen_after_restore(services, db_url, window.restored)
                continue
            if not window.logout_requested:
                return code
    finally:  # the automatic backups ran in the background (app.views.background_backup); none runs now
        services.close()


START_AT_LATEST_MS = 1_000


def open_behind(shown: LoginDialog | None, data_dir: Path, db_url: str | None) -> Services | BaseException | None:
    """The services, opened (``open_services``, its integrity check in the background if one is due). With a window
    ``shown``, on a worker once that window is painted, the window answering meanwhile; None when the application
    was told to quit before they were open (``--exit-when-shown``: they are opened to the end and closed again, so
    the file is left as a clean stop leaves it), or when the window was closed meanwhile. Without a window, here
    and now. A failure is returned, not raised."""
    def work() -> Services:
        from app.services.core.container import open_services  # the database's modules: on the worker

        return open_services(data_dir, db_url, check_in_background=True)

    if shown is None:
        try:
            return work()
        except Exception as exc:  # noqa: BLE001 - said by the caller, whatever it is
            return exc
    outcome: list[object] = []
    loop = QEventLoop()

    def arrived(value: object) -> None:
        if not outcome:
            outcome.append(value)
        loop.quit()

    def kept() -> Services | None:  # kept here too: a quit before its delivery still closes what was opened
        if leaving():  # --exit-when-shown: the painted log-in was all there was to time
            return None
        services = work()
        outcome.append(services)
        return services

    def start() -> None:
        if not holder and not leaving():  # once: after the first paint, or the fallback below
            holder.append(run_task(kept, arrived, arrived))

    holder: list[object] = []
    app = QCoreApplication.instance()
    assert app is not None
    FirstPaint(app, lambda _window: QTimer.singleShot(0, start), lambda window: window is shown)
    QTimer.singleShot(START_AT_LATEST_MS, start)  # a window never painted (minimised by the system) waits no longer
    shown.finished.connect(loop.quit)  # closed (Esc, the window's ×) before the database was open: the app ends
    loop.exec()
    if not outcome or not shown.isVisible():  # quit meanwhile: let the opening end, then close what it opened
        QThreadPool.globalInstance().waitForDone()
        if outcome and not isinstance(outcome[0], BaseException):
            outcome[0].close()  # type: ignore[attr-defined]
        return None
    return outcome[0]  # type: ignore[return-value]


def say_cannot_start(exc: BaseException, data_dir: Path) -> int:
    """The database could not be opened: why, and what to do, in a message box; the exit code 1."""
    from app.services.core.container import DatabaseDamaged

    if isinstance(exc, DatabaseDamaged):  # the message says what to do
        QMessageBox.critical(None, QCoreApplication.translate("app", "Cannot start"),
                             exc.render(QCoreApplication.translate))
        return 1
    QMessageBox.critical(
        None,
        QCoreApplication.translate("app", "Cannot start"),
        QCoreApplication.translate(
            "app",
            "The database could not be opened or upgraded:\n{error}\n\nThe data folder is {path}. "
            "Ask IT staff to run 'main.py verify' or restore the latest backup.",
        ).format(error=exc, path=data_dir),
    )
    return 1


def reopen_after_restore(services: Services, db_url: str | None, safety: BackupInfo | None) -> Services:
    """The services again on the restored file (migrated if the backup was older); the log-in follows."""
    from app.services.core.container import open_services

    services.close()
    reopened = open_services(services.paths.data_dir, db_url, services.clock)
    QMessageBox.information(None, QCoreApplication.translate("app", "Backup restored"), QCoreApplication.translate(
        "app", "The backup is restored. The database as it was before is kept in {path}. Please log in again."
    ).format(path=safety.path if safety is not None else "-"))
    return reopened


class _DemoProgress(QProgressDialog):
    """The demo's progress box: it stays until the demo is written (closing it half-way would leave the desk
    with no window while the work goes on), and shows how far it is."""

    def __init__(self) -> None:
        super().__init__(QCoreApplication.translate("app", "Generating the demo community…"), "", 0, 100)
        self.setObjectName("demo_progress")
        self.setCancelButton(None)
        self.setWindowTitle(QCoreApplication.translate("app", "Demo community"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        self.setMinimumWidth(420)
        self.setValue(0)

    def reject(self) -> None:  # Esc: the work cannot be stopped half-way, so the box stays
        pass

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()


def load_demo_with_progress(services: Services) -> DemoSummary | None:
    """Build the demo community off the GUI thread while a progress box shows how far it is."""
    from app.demo.build import build_demo

    progress = _DemoProgress()
    loop = QEventLoop()
    outcome: list[DemoSummary | BaseException] = []

    def done(result: object) -> None:
        outcome.append(result)  # type: ignore[arg-type]
        loop.quit()

    # The task is kept until its answer came: a task no one holds can be collected with its signals before it
    # delivers, and the loop below would then wait for ever.
    task = run_progress_task(lambda report: build_demo(services, report=report), done, done,
                             lambda value, _total: progress.setValue(value))
    progress.show()
    loop.exec()
    del task
    progress.hide()
    progress.deleteLater()
    result = outcome[0]
    if isinstance(result, DomainError):
        QMessageBox.critical(None, QCoreApplication.translate("app", "Demo community"), QCoreApplication.translate(
            "app", "The demo community could not be built: {error}").format(error=result.render(
                QCoreApplication.translate)))
        return None
    if isinstance(result, BaseException):
        report_unexpected(result).exec()  # logged with its traceback; the start-up waits until it is read
        return None
    return result


def start_session(services: Services, early: LoginDialog | None = None) -> MainWindow | None:
    """First start if needed, then log-in; returns the main window or None if the user gave up. The main window's
    modules are imported after the password, on the GUI thread: importing them on a worker while the log-in waited
    ended in a segmentation fault once (docs/architecture.md, start-up). ``early``: the log-in already on the screen
    (shown before the database was opened), used if the database is ready for a log-in at this desk."""
    state = services.setup.state()  # before any window: what to show first (set-up, or log-in)
    if early is not None and not (state.initialized and state.desk_registered):
        early.close()  # this PC remembered another database (a restored or replaced folder): the set-up comes first
        early = None
    if not state.initialized:
        dialog = FirstStartDialog(services)
        result = dialog.exec()
        if result == DEMO_RESULT:
            summary = load_demo_with_progress(services)
            if summary is None:
                return None
            QMessageBox.information(None, QCoreApplication.translate("app", "Demo community"),
                                    QCoreApplication.translate("app", "The demo community is ready. Log in as clerk1 "
                                                               "(reception clerk) or admin, password {password}."
                                                               ).format(password=summary.password))
        elif result not in (QDialog.DialogCode.Accepted, JOINED_RESULT):  # joined: the community came down
            return None
        state = services.setup.state()
    elif not state.desk_registered:  # a new PC on a shared database whose community is set up: a desk of its own
        from app.views.join_desk import JoinDeskDialog

        join = JoinDeskDialog(services, state.community_name, services.setup.suggest_desk_code())
        if join.exec() != QDialog.DialogCode.Accepted:
            return None
        services.remember_desk()  # this PC's desk.json
    if early is not None:
        login = early
        login.title.setText(state.community_name)  # renamed since this PC last showed it
        login.set_services(services)
    else:
        login = LoginDialog(services, state.community_name)
    if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
        return None
    ViewState(services.paths.data_dir / "window.ini").set_community_name(state.community_name)  # for the next start
    from app.views.main_window import MainWindow

    return MainWindow(services, login.actor)
