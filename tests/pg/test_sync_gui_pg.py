"""Sync at the desk with a real street (issue 21): 加入街道 in the first-start dialog takes the community's data and
leads to the log-in; 立即同步 (F9) brings another desk's request down, says what came, and the pages read again;
a conflict two desks made apart appears on the administrator's home page after a sync."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from sqlalchemy import select

from app.domain.topics import Topic
from app.models import Case, Resident
from app.services.core.clock import FakeClock
from app.services.people.register import ResidentChanges
from app.services.sync.service import SyncReport
from app.services.sync.street import Street
from app.views.join_street import JoinStreetDialog
from app.views.login import JOINED_RESULT, FirstStartDialog
from tests.gui.helpers import settled_window
from tests.pg.test_postgres import NOW, PASSWORD, ZHANG_SAN, request_form
from tests.pg.test_sync_pg import COMMUNITY, Desk, code, desks, joined_pair, street  # noqa: F401 - fixtures


def test_joining_the_street_in_the_first_start_dialog_takes_the_community(  # type: ignore[no-untyped-def]
        qtbot, street: Street, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    one, two = code(), code()
    a = Desk(tmp_path / "one", street.add_desk(one, COMMUNITY).url, FakeClock(NOW))
    b = Desk(tmp_path / "two", street.add_desk(two, COMMUNITY).url, FakeClock(NOW))
    try:
        admin = a.set_up(one)
        resident = a.services.residents.create(admin, ZHANG_SAN)
        saved = a.services.intake.submit(admin, request_form(a.services, admin, resident.id, "三号楼楼道灯不亮"))
        a.services.sync.join(a.url)

        first = FirstStartDialog(b.services)
        qtbot.addWidget(first)
        first.show()
        dialog = first.join_street()
        assert isinstance(dialog, JoinStreetDialog)
        dialog.address.setText(f"  {b.url}  ")  # pasted with spaces around it
        dialog.ok_button.click()
        assert dialog.progress.isVisible()  # says what it is doing while the join runs off the GUI thread
        qtbot.waitUntil(lambda: first.result() == JOINED_RESULT, timeout=60_000)
        assert not dialog.isVisible() and not first.isVisible()
        state = b.services.setup.state()
        assert state.initialized and state.desk_registered and state.community_name == COMMUNITY
        assert b.services.db.desk_code == two
        assert b.login().username == "admin"  # the accounts came down: the log-in follows
        with b.services.db.reading() as session:
            assert session.scalars(select(Case.case_no)).all() == [saved.case_no]
    finally:
        a.close()
        b.close()


def test_sync_now_brings_another_desk_s_request_and_the_home_page_shows_it(  # type: ignore[no-untyped-def]
        qtbot, desks: tuple[Desk, Desk, str, str]) -> None:  # noqa: F811 - the fixture
    a, b, _one, _two = desks
    admin_a, admin_b, _saved = joined_pair(desks)
    w = settled_window(qtbot, a.services, admin_a)
    qtbot.waitUntil(lambda: w.syncing.status is not None and w.syncing.status.last_sync is not None
                    and not w.syncing.busy, timeout=30_000)
    assert w.sync_action.isVisible() and w.sync_label.isVisible()
    tr = QCoreApplication.translate
    assert tr("SyncStatusLabel", "Synced {time}").format(time="01:30") in w.sync_label.toolTip()  # 17:30 UTC

    with b.services.db.reading() as session:
        resident_id = session.scalars(select(Resident.id)).one()
    b.clock.advance(timedelta(minutes=5))
    new = b.services.intake.submit(admin_b, request_form(b.services, admin_b, resident_id, "二号楼电梯停了"))
    b.services.register.update_resident(admin_b, resident_id, ResidentChanges(phone="13955556666"))
    b.services.sync.sync()
    heard: list[str] = []  # a page of residents, as the bus tells it: the pull wrote them with plain statements
    w.bus.subscribe({Topic.RESIDENTS}, lambda: heard.append("residents"))
    home_rows = lambda: [w.home.model.row_at(i).case_no for i in range(w.home.model.rowCount())]  # noqa: E731
    assert new.case_no not in home_rows()

    reports: list[Any] = []
    w.syncing.finished.connect(reports.append)
    qtbot.keyClick(w, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: bool(reports) and not w.syncing.busy, timeout=30_000)
    [report] = reports
    assert isinstance(report, SyncReport) and report.up == 0 and report.down > 0
    assert {"case", "case_event", "audit_log"} <= report.tables  # what the pull wrote, for the pages
    said = tr("SyncStatusLabel", "Sync done: {up} up, {down} down").format(up=0, down=report.down)
    assert w.sync_label.said == said
    qtbot.waitUntil(lambda: w.sync_label.toolTip().startswith(said), timeout=10_000)
    qtbot.waitUntil(lambda: new.case_no in home_rows(), timeout=10_000)  # the home page read again
    assert "resident" in report.tables and heard  # announced: without it no page of residents reads again
    settings = w.show_page("settings")  # a joined desk has its 同步冲突 tab, empty
    tab = w.settings_page.conflicts  # type: ignore[union-attr]
    tabs = w.settings_page.tabs  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: settings is not None and tabs.isTabVisible(tabs.indexOf(tab)), timeout=10_000)
    assert tab.model.rowCount() == 0


def test_a_conflict_made_apart_appears_on_the_administrator_s_home_page(  # type: ignore[no-untyped-def]
        qtbot, desks: tuple[Desk, Desk, str, str]) -> None:  # noqa: F811 - the fixture
    a, b, _one, _two = desks
    admin_a, admin_b, _saved = joined_pair(desks)
    with a.services.db.reading() as session:
        resident_id = session.scalars(select(Resident.id)).one()
    w = settled_window(qtbot, a.services, admin_a)
    qtbot.waitUntil(lambda: w.syncing.status is not None and w.syncing.status.last_sync is not None
                    and not w.syncing.busy, timeout=30_000)
    assert not w.home.conflicts_box.isVisible()
    a.services.register.update_resident(admin_a, resident_id, ResidentChanges(phone="13911112222"))
    b.clock.advance(timedelta(minutes=3))  # desk two's change is the later one: kept
    b.services.register.update_resident(admin_b, resident_id, ResidentChanges(phone="13933334444"))
    w.sync_now()  # desk one's change goes up first ...
    qtbot.waitUntil(lambda: not w.syncing.busy and w.sync_label.said != "", timeout=30_000)
    assert b.services.sync.sync().conflicts == 1  # ... desk two's later one wins on the street
    w.sync_now()  # and the conflict comes down to desk one
    qtbot.waitUntil(lambda: w.home.conflicts_box.isVisible(), timeout=30_000)
    assert w.home.conflicts_box.text.text() == QCoreApplication.translate(
        "ConflictsNotice", "Sync conflicts: {n} waiting for confirmation").format(n=1)
    w.home.conflicts_box.open_button.click()
    tab = w.settings_page.conflicts  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert [tab.model.index(0, c).data() for c in (0, 1, 2, 4)] == ["居民 张三", "电话", "139****4444", "139****2222"]
    assert PASSWORD
