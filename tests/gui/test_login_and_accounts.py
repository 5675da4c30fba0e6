"""Log-in, first start and account administration through the real dialogs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.domain.enums import Role
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.core.errors import PermissionDenied
from app.views.accounts_page import AccountsPage
from app.views.bus import ChangeBus
from app.views.login import FirstStartDialog, LoginDialog
from app.views.main_window import MainWindow
from tests.gui.helpers import answer_next_question, settle
from tests.unit.faults import damage_deep_pages


def test_wrong_password_is_refused_in_chinese_and_right_one_logs_in(qtbot, services: Services) -> None:
    dialog = LoginDialog(services, "幸福里社区")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("clerk1")
    dialog.password.setText("wrong-pass1")
    assert dialog.attempt() is not None                                      # checked off the GUI thread
    settle(qtbot)
    assert dialog.actor is None and dialog.isVisible()
    assert dialog.error.isVisible() and "密码" in dialog.error.text()
    dialog.password.setText("demo1234")
    dialog.attempt()
    settle(qtbot)
    actor = dialog.actor
    assert actor is not None and dialog.result() == QDialog.DialogCode.Accepted
    assert actor.username == "clerk1" and actor.role == Role.CLERK


def test_first_start_checks_each_field_then_creates_the_community(qtbot, tmp_path: Path) -> None:
    services = open_services(tmp_path, clock=FakeClock(datetime(2026, 11, 22, 1, 0, tzinfo=UTC)))
    try:
        dialog = FirstStartDialog(services)
        qtbot.addWidget(dialog)
        dialog.community_name.setText("团结路社区")
        dialog.desk_code.setText("1")
        dialog.desk_name.setText("一号窗口")
        dialog.desk_phone.setText("12345")
        dialog.admin_username.setText("admin")
        dialog.admin_display_name.setText("赵敏")
        dialog.admin_password.setText("short")
        dialog.admin_password2.setText("short")
        dialog.finish()
        settle(qtbot)
        assert dialog.result() != QDialog.DialogCode.Accepted
        for key in ("desk_code", "desk_phone", "admin_password"):
            assert dialog.errors.message(key), key
        assert not services.setup.state().initialized                       # nothing written
        assert dialog.community_name.text() == "团结路社区"                  # nothing lost
        dialog.desk_code.setText("b02")
        dialog.desk_phone.setText("0412-5520000")
        dialog.admin_password.setText("Secret2026")
        dialog.admin_password2.setText("Secret2027")
        dialog.finish()
        settle(qtbot)
        assert dialog.result() != QDialog.DialogCode.Accepted and dialog.errors.message("admin_password2")
        dialog.admin_password2.setText("Secret2026")
        dialog.finish()
        settle(qtbot)
        assert dialog.result() == QDialog.DialogCode.Accepted
        state = services.setup.state()
        assert state.initialized and state.desk_registered and state.community_name == "团结路社区"
        assert services.settings.desk_code == "B02"
        assert services.auth.login("admin", "Secret2026").role == Role.ADMIN
    finally:
        services.close()


def test_the_demo_box_shows_real_progress_stays_until_done_and_the_desk_goes_on(qtbot, tmp_path: Path) -> None:
    """加载演示社区 once hung: the box stayed for minutes (the work's task was not kept, so its answer never came)
    and closing it left a process with no window. Now the box moves with the work, refuses to close half-way,
    and the start goes on with the demo written."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from app.views.application import load_demo_with_progress

    services = open_services(tmp_path, clock=FakeClock(datetime(2026, 11, 22, 1, 0, tzinfo=UTC)))
    seen: list[int] = []
    tried_to_close: list[bool] = []

    def watch() -> None:
        box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)
                    and w.objectName() == "demo_progress" and w.isVisible()), None)
        if box is None:
            return
        seen.append(box.value())
        if not tried_to_close and box.value() > 20:  # half-way: the clerk presses Esc and the window's ×
            qtbot.keyClick(box, Qt.Key.Key_Escape)
            box.close()
            tried_to_close.append(box.isVisible())

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(50)
    try:
        summary = load_demo_with_progress(services)
        timer.stop()
        assert summary is not None and summary.cases > 100
        assert services.setup.state().initialized
        assert tried_to_close == [True]                      # the box stayed up
        assert seen == sorted(seen) and len(set(seen)) > 5  # it moved forward, step by step
        assert max(seen) >= 85
        assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    finally:
        timer.stop()
        services.close()


def test_administrator_creates_and_disables_an_account(qtbot, services: Services) -> None:
    admin = services.auth.login("admin", "demo1234")
    page = AccountsPage(services, admin, ChangeBus())
    qtbot.addWidget(page)
    settle(qtbot)                                                            # the list is read off the GUI thread
    rows_before = page.model.rowCount()
    page.new_username.setText("clerk3")
    page.new_name.setText("周婷")
    page.new_role.setCurrentIndex(page.new_role.findData(Role.CLERK.value))
    page.new_password.setText("1234")
    page.create_button.click()
    settle(qtbot)
    assert page.errors.message("password")                                   # too short, shown at the field
    page.new_password.setText("Desk2026ok")
    page.create_button.click()
    settle(qtbot)
    assert page.model.rowCount() == rows_before + 1
    clerk3 = services.auth.login("clerk3", "Desk2026ok")
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).username == "clerk3")
    page.table.selectRow(row)
    assert page.toggle_button.text() == "停用账号"
    answer_next_question(yes=False)
    page.toggle_button.click()
    settle(qtbot)
    assert page.model.row_at(row).active                                     # "No" changes nothing
    page.table.selectRow(row)
    answer_next_question(yes=True)
    page.toggle_button.click()
    settle(qtbot)
    assert not page.model.row_at(row).active
    # The session clerk3 already had is refused at once.
    with pytest.raises(PermissionDenied):
        services.residents.search(clerk3, "wang")


def test_navigation_shows_only_areas_the_role_may_use(qtbot, services: Services) -> None:
    officer = services.auth.login("timebank", "demo1234")
    window = MainWindow(services, officer)
    qtbot.addWidget(window)
    keys = set(window.pages)
    assert "intake" not in keys and "accounts" not in keys and "residents" in keys
    admin_window = MainWindow(services, services.auth.login("admin", "demo1234"))
    qtbot.addWidget(admin_window)
    assert {"home", "intake", "residents", "accounts"} <= set(admin_window.pages)
    assert "刘晓燕" not in admin_window.user_label.text() and "于海波" in admin_window.user_label.text()
    assert "A01" in admin_window.desk_label.text()


def test_a_database_found_damaged_by_the_check_at_start_is_said_on_the_log_in_and_nothing_is_written(
        qtbot, demo_dir: Path, clock: FakeClock) -> None:
    open_services(demo_dir, clock=clock).close()    # closed cleanly: the marker vouches for the file as it is
    database = demo_dir / "desk.sqlite3"
    damage_deep_pages(database)                     # then a failing disk scribbles on pages the start does not read
    before = database.read_bytes()
    services = open_services(demo_dir, clock=clock, check_in_background=True)
    try:
        dialog = LoginDialog(services, "幸福里社区")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: "已损坏" in dialog.integrity.text(), timeout=30_000)  # the check's verdict, in words
        assert dialog.integrity.isVisible()
        dialog.username.setText("clerk1")
        dialog.password.setText("demo1234")
        dialog.attempt()
        settle(qtbot)
        assert dialog.actor is None and dialog.error.isVisible()
        assert "已损坏" in dialog.error.text() and "main.py restore" in dialog.error.text()
    finally:
        services.close()
    assert database.read_bytes() == before          # the log-in wrote nothing into the damaged file
