"""The administrator makes a task key for a scheduled task on the accounts page: shown once, then usable by the
command line for that account only."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from app.services.core.container import Services
from app.views.accounts_page import AccountsPage
from app.views.bus import ChangeBus
from tests.gui.helpers import settle


def test_a_task_key_is_made_on_the_accounts_page_and_shown_once(qtbot, services: Services) -> None:  # type: ignore[no-untyped-def]
    admin = services.auth.login("admin", "demo1234")
    page = AccountsPage(services, admin, ChangeBus())
    qtbot.addWidget(page)
    settle(qtbot)
    assert page.key_shown.isHidden() and page.key_shown.isReadOnly()
    page.key_button.click()
    settle(qtbot)
    assert page.key_shown.text() == "" and page.banner.text() != ""          # no account chosen: nothing made
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).username == "director")
    page.table.selectRow(row)
    page.key_button.click()                                                  # no purpose given: refused at once
    settle(qtbot)
    assert page.key_shown.text() == ""
    page.key_label.setText("夜间导出")
    page.key_button.click()
    settle(qtbot)
    secret = page.key_shown.text()
    assert secret.startswith("dk1.") and page.key_label.text() == ""
    keyed = services.access.with_key(secret)
    assert keyed.actor.username == "director"
    assert services.db.sqlite_path is not None
    with closing(sqlite3.connect(services.db.sqlite_path)) as conn:
        assert secret not in "\n".join(conn.iterdump())                       # only its hash is stored
