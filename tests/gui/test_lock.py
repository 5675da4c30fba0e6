"""A shared desk locks itself when left alone, keeps the work in place, and only its user unlocks it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel

from app.services.core.container import Services
from app.views.account_dialogs import ChangePasswordDialog
from app.views.main_window import MainWindow
from tests.gui.helpers import settle


def test_idle_desk_locks_keeps_the_form_and_unlocks_with_the_password(qtbot, window: MainWindow,
                                                                    services: Services) -> None:
    window.open_intake()
    intake = window.intake
    assert intake is not None
    intake.description.setPlainText("三号楼门口路灯不亮，晚上很黑。")
    window.idle.set_interval(300)
    window.idle.start()
    qtbot.waitUntil(lambda: window.lock is not None and window.lock.isVisible(), timeout=5000)
    lock = window.lock
    assert lock is not None
    settle(qtbot)  # the draft is written off the GUI thread (issue 18): its write, started before locking, lands
    found = services.drafts.load("clerk1", "intake")                          # saved before locking
    assert found is not None and found[1]["description"] == "三号楼门口路灯不亮，晚上很黑。"
    lock.reject()                                                              # Esc does not unlock
    assert lock.isVisible()
    lock.password.setText("wrong-one-1")
    lock.attempt()
    settle(qtbot)                                                              # checked off the GUI thread
    assert lock.isVisible() and lock.result() != QDialog.DialogCode.Accepted
    assert lock.error.isVisible() and "密码" in lock.error.text()
    lock.password.setText("demo1234")
    lock.attempt()
    settle(qtbot)
    assert lock.result() == QDialog.DialogCode.Accepted
    assert not lock.isVisible()
    assert intake.description.toPlainText() == "三号楼门口路灯不亮，晚上很黑。"    # the work is where it was
    assert not window.idle.paused


def test_locked_nothing_of_the_work_shows_and_unlocking_brings_it_back(qtbot, window: MainWindow) -> None:
    """The lock left the form, with a resident's whole ID number, visible behind it; Ctrl+L said the desk was
    locked for inactivity."""
    window.show()
    qtbot.waitExposed(window)
    card = QDialog(window)                          # an open dialog, e.g. a resident's card with the ID number
    card.setWindowTitle("居民信息")
    card.show()
    window.lock_action.trigger()                    # Ctrl+L
    lock = window.lock
    assert lock is not None and lock.isVisible()
    assert lock.findChild(QLabel, "lock_reason").text() == "您已锁定本服务台。"
    cover = window.findChild(QLabel, "lock_cover")
    assert cover.isVisible() and cover.geometry() == window.rect()
    shot = window.grab().toImage()                  # what is on the screen: the cover's colour, nothing else
    assert {shot.pixelColor(x, y).name() for x in (5, shot.width() // 3, shot.width() - 5)
            for y in (5, shot.height() // 2, shot.height() - 5)} == {"#2b4c7e"}
    assert not card.isVisible()
    window.resize(window.width() + 40, window.height() + 30)
    assert cover.geometry() == window.rect()        # it follows the window
    lock.password.setText("demo1234")
    lock.attempt()
    settle(qtbot)
    assert not lock.isVisible() and not cover.isVisible() and card.isVisible()


def test_ctrl_l_locks_and_another_person_logs_out(qtbot, window: MainWindow) -> None:
    lock = window.lock_desk()
    assert lock.isVisible() and window.lock_action.shortcut().toString() == "Ctrl+L"
    assert "一段时间" in lock.findChild(QLabel, "lock_reason").text()  # the idle timer's reason
    lock.switch_button.click()
    assert window.logout_requested and not window.isVisible()


def test_a_disabled_account_cannot_unlock(qtbot, window: MainWindow, services: Services) -> None:
    admin = services.auth.login("admin", "demo1234")
    lock = window.lock_desk()
    services.auth.set_active(admin, window.actor.user_id, False)
    lock.password.setText("demo1234")
    lock.attempt()
    settle(qtbot)
    assert lock.result() != QDialog.DialogCode.Accepted
    assert "停用" in lock.error.text() and lock.isVisible()


def test_change_my_password(qtbot, services: Services) -> None:
    clerk = services.auth.login("clerk1", "demo1234")
    dialog = ChangePasswordDialog(services, clerk)
    qtbot.addWidget(dialog)
    dialog.old.setText("demo1234")
    dialog.new.setText("Newpass2026")
    dialog.repeat.setText("Newpass2027")
    dialog.change()
    settle(qtbot)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.errors.message("repeat")
    dialog.old.setText("not-mine-1")
    dialog.repeat.setText("Newpass2026")
    dialog.change()
    settle(qtbot)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.errors.message("old_password")
    dialog.old.setText("demo1234")
    dialog.change()
    settle(qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.auth.login("clerk1", "Newpass2026").username == "clerk1"
