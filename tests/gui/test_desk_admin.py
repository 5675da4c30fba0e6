"""The desk's administration through the real widgets (issue 17): 文件 > 备份与恢复 with the real SQLite file, the
restart at the log-in after a restore, the desk's own settings, and a new PC joining a database already set up."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.enums import Channel, Scope
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.core.settings import LocalSettings
from app.views.application import reopen_after_restore, start_session
from app.views.backups_dialog import BackupsDialog
from app.views.bus import ChangeBus
from app.views.join_desk import JoinDeskDialog
from app.views.login import LoginDialog
from app.views.main_window import MainWindow
from app.views.notices_page import NoticesPage
from app.views.settings.desk_panel import DeskSettingsPanel
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import answer_next_question, settle, settled_window


def log_request(services: Services, actor: Actor, description: str) -> str:
    options = services.intake.options(actor)
    sub = next(c for c in options.categories if c.parent_id is not None)
    resident = services.residents.search(actor, "3-2")[0]
    return services.intake.submit(actor, IntakeForm(
        channel=Channel.WALK_IN.value, resident_id=resident.id, category_id=sub.parent_id, subcategory_id=sub.id,
        description=description, urgency=3, scope=Scope.BUILDING.value)).case_no


def case_nos(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {row[0] for row in conn.execute('SELECT case_no FROM "case"')}


def open_dialog(qtbot, window: MainWindow) -> BackupsDialog:  # type: ignore[no-untyped-def]
    """File > 备份与恢复…, as the menu does it; the list comes from the thread pool."""
    assert window.backups_action.text().startswith("备份与恢复")
    window.backups_action.trigger()
    dialog = window.findChild(BackupsDialog, "backups_dialog")
    assert isinstance(dialog, BackupsDialog)
    settle(qtbot)
    return dialog


def choose(dialog: BackupsDialog, reason: str) -> None:
    rows = [i for i in range(dialog.model.rowCount()) if dialog.model.row_at(i).info.reason == reason]
    assert rows, f"no {reason} backup listed"
    dialog.table.selectRow(rows[0])


def when_shown(kind: type, act: Callable[[Any], None], tries: int = 200) -> None:
    """Once a dialog of ``kind`` is on screen (a modal one started with exec), do what the user would."""
    def look(left: int) -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if found:
            act(found[0])
        elif left > 0:
            QTimer.singleShot(25, lambda: look(left - 1))
    QTimer.singleShot(0, lambda: look(tries))


# --- backups -------------------------------------------------------------------------------------------


def test_restore_through_the_dialog_starts_again_at_the_log_in(qtbot, services: Services,  # type: ignore[no-untyped-def]
                                                                clock: FakeClock) -> None:
    admin = services.auth.login("admin", DEMO_PASSWORD)
    first = log_request(services, admin, "恢复测试：备份之前登记的诉求")
    window = settled_window(qtbot, services, admin)
    dialog = open_dialog(qtbot, window)
    dialog.backup_button.click()
    settle(qtbot)
    assert "已备份" in dialog.banner.text()
    choose(dialog, "manual")
    entry = dialog.chosen()
    assert entry is not None and entry.contents is not None
    assert entry.contents.requests == len(case_nos(services.paths.database))  # what it holds, read from the file
    assert dialog.model.data(dialog.model.index(dialog.table.currentIndex().row(), 1)) == "手动"
    clock.advance(timedelta(minutes=3))
    second = log_request(services, admin, "恢复测试：备份之后登记的诉求")
    assert dialog.restore_button.isEnabled()
    answer_next_question(yes=True)
    dialog.restore_button.click()
    settle(qtbot)
    assert window.restart_requested and not window.isVisible()
    assert window.restored is not None and "before-restore" in window.restored.path.name
    assert second in case_nos(window.restored.path)                  # the database as it was is kept
    answer_next_question(yes=True)                                   # "restored, please log in again"
    reopened = reopen_after_restore(services, None, window.restored)
    try:
        assert first in case_nos(reopened.paths.database) and second not in case_nos(reopened.paths.database)
        again = reopened.auth.login("admin", DEMO_PASSWORD)           # the fresh services work
        assert reopened.workflow.detail(again, reopened.workflow.find(again, first)).info.case_no == first
        assert reopened.verify.run() == []
    finally:
        reopened.close()


def test_a_file_that_is_no_longer_a_desk_database_is_refused_and_nothing_changes(  # type: ignore[no-untyped-def]
        qtbot, services: Services) -> None:
    admin = services.auth.login("admin", DEMO_PASSWORD)
    made = services.backups.back_up(admin)
    window = settled_window(qtbot, services, admin)
    dialog = open_dialog(qtbot, window)
    choose(dialog, "manual")
    made.path.write_bytes(b"the USB stick went bad" * 200)  # between the listing and the restore
    before = case_nos(services.paths.database)
    files = sorted(services.backups.folder.iterdir())
    answer_next_question(yes=True)
    dialog.restore_button.click()
    settle(qtbot)
    assert dialog.isVisible() and not window.restart_requested and window.isVisible()
    assert dialog.banner.isVisible() and "不是" in dialog.banner.text()  # …不是可读的服务台数据库…
    assert case_nos(services.paths.database) == before and sorted(services.backups.folder.iterdir()) == files
    assert window.escalation.timer.isActive()  # the timed work is back
    refreshed = [dialog.model.row_at(i) for i in range(dialog.model.rowCount())]
    assert [e.contents for e in refreshed if e.info.path == made.path] == [None]  # now listed as unreadable
    choose(dialog, "manual")
    assert not dialog.restore_button.isEnabled()


def test_a_missing_usb_stick_is_said_and_a_clerk_may_only_back_up(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path) -> None:
    admin = services.auth.login("admin", DEMO_PASSWORD)
    stick = tmp_path / "usb"
    stick.mkdir()
    window = settled_window(qtbot, services, admin)
    dialog = open_dialog(qtbot, window)
    chooser = dialog.choose_folder()
    assert chooser is not None and chooser.objectName() == "backups_folder_dialog"
    chooser.fileSelected.emit(str(stick))  # as if the administrator picked it
    settle(qtbot)
    assert services.backups.folder == stick and str(stick) in dialog.folder_label.text()
    dialog.backup_button.click()
    settle(qtbot)
    assert len(list(stick.glob("desk-*.sqlite3"))) == 1
    stick.rename(tmp_path / "unplugged")
    dialog.refresh()
    settle(qtbot)
    assert dialog.folder_warning.isVisible() and "U 盘" in dialog.folder_warning.text()
    assert not dialog.backup_button.isEnabled() and dialog.model.rowCount() == 0
    dialog.close()

    desk = BackupsDialog(services, clerk, ChangeBus())
    qtbot.addWidget(desk)
    desk.show()
    settle(qtbot)
    assert desk.folder_button.isHidden() and not desk.restore_button.isEnabled()
    assert desk.choose_folder() is None


# --- the desk's own settings ---------------------------------------------------------------------------


def test_the_desk_settings_panel_names_wrong_fields_then_saves(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    admin = services.auth.login("admin", DEMO_PASSWORD)
    clerk = services.auth.login("clerk1", DEMO_PASSWORD)
    bus = ChangeBus()
    panel = DeskSettingsPanel(services, admin, bus)
    qtbot.addWidget(panel)
    panel.resize(1000, 760)
    panel.show()
    settle(qtbot)
    assert panel.desk_code.text() == "A01" and panel.community_name.text()
    before = services.setup.community_info()
    panel.desk_phone.setText("12345")
    panel.community_name.setText("幸")
    panel.save_button.click()
    settle(qtbot)
    assert panel.errors.message("desk_phone") and panel.errors.message("community_name")
    assert "标红" in panel.banner.text()
    assert services.setup.community_info() == before                              # nothing written
    panel.community_name.setText("幸福里社区居委会")
    panel.desk_phone.setText("0412 558 1299")
    panel.notice_large_print.setChecked(True)
    panel.idle_lock_minutes.setValue(0)
    assert panel.idle_lock_minutes.text() == "从不"
    notices = NoticesPage(services, clerk, bus)  # a clerk's notices page, open meanwhile
    qtbot.addWidget(notices)
    settle(qtbot)
    assert not notices.large.isChecked()
    panel.save_button.click()
    settle(qtbot)
    assert panel.banner.text() == "已保存。" and not panel.errors.message("desk_phone")
    info = services.setup.community_info()
    assert (info.name, info.desk_phone) == ("幸福里社区居委会", "0412-5581299")
    assert panel.desk_phone.text() == "0412-5581299"
    assert LocalSettings.load(services.paths.data_dir).idle_lock_minutes == 0
    assert notices.large.isChecked() and not notices.landscape.isChecked()  # the new default reached it


# --- a second desk joins -------------------------------------------------------------------------------


def test_a_new_pc_registers_its_desk_with_the_administrators_password(qtbot, services: Services,  # type: ignore[no-untyped-def]
                                                                      tmp_path: Path, clock: FakeClock) -> None:
    assert services.db.sqlite_path is not None
    second = open_services(tmp_path / "pc2", db_url=f"sqlite:///{services.db.sqlite_path}", clock=clock)
    seen: dict[str, str] = {}

    def join(dialog: JoinDeskDialog) -> None:
        seen["intro"] = dialog.intro.text()
        seen["code"] = dialog.desk_code.text()
        dialog.desk_name.setText("二号窗口")
        dialog.desk_phone.setText("0412-5581235")
        dialog.admin_username.setText("admin")
        dialog.admin_password.setText("wrong-pass1")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: dialog.banner.isVisible() and dialog.ok_button.isEnabled(), timeout=10_000)
        seen["refused"] = dialog.banner.text()
        dialog.admin_password.setText(DEMO_PASSWORD)
        dialog.ok_button.click()
        when_shown(LoginDialog, log_in)

    def log_in(dialog: LoginDialog) -> None:
        dialog.username.setText("clerk1")
        dialog.password.setText(DEMO_PASSWORD)
        dialog.attempt()

    try:
        assert second.setup.state().initialized and not second.setup.state().desk_registered
        when_shown(JoinDeskDialog, join)
        window = start_session(second)
        assert window is not None
        qtbot.addWidget(window)
        assert "已有社区" in seen["intro"] and seen["code"] == "A02"
        assert "密码" in seen["refused"]
        assert LocalSettings.load(second.paths.data_dir).desk_code == "A02"
        assert window.actor.desk_code == "A02" and "二号窗口" in window.desk_label.text()
        assert log_request(second, window.actor, "二号窗口登记").startswith("A02-")
        window.close()
    finally:
        second.close()


def test_giving_up_at_the_join_dialog_starts_nothing(qtbot, services: Services, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     clock: FakeClock) -> None:
    assert services.db.sqlite_path is not None
    second = open_services(tmp_path / "pc2", db_url=f"sqlite:///{services.db.sqlite_path}", clock=clock)
    try:
        when_shown(JoinDeskDialog, lambda d: d.reject())
        assert start_session(second) is None
        assert not second.setup.state().desk_registered and LocalSettings.load(second.paths.data_dir).desk_code == ""
    finally:
        second.close()




def test_the_settings_name_the_printing_folder_and_open_it(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    """The settings say in words where printed files go, and a button opens that folder (its path is not shown)."""
    from PySide6.QtGui import QDesktopServices

    from tests.gui.test_points_page import _UrlCatcher

    admin = services.auth.login("admin", DEMO_PASSWORD)
    panel = DeskSettingsPanel(services, admin, ChangeBus())
    qtbot.addWidget(panel)
    panel.resize(1000, 760)
    panel.show()
    settle(qtbot)
    shown = " ".join(label.text() for label in panel.findChildren(QLabel))
    assert "打印文件夹" in shown and str(services.paths.printouts) not in shown
    opened: list[Any] = []
    catcher = _UrlCatcher(opened)  # kept alive while it is the handler
    QDesktopServices.setUrlHandler("file", catcher, "open_url")
    try:
        qtbot.mouseClick(panel.printouts_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in opened] == [services.paths.printouts]
