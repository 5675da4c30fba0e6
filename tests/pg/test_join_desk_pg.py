"""A second desk joins a shared PostgreSQL database (issue 17): desk A sets the community up, desk B (another data
folder, the same --db URL) finds it set up and registers itself with the administrator's password; each numbers
its own requests. A desk on the server has no backups of its own: the dialog says they are made on the server."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.core.clock import FakeClock
from app.services.core.container import open_services
from app.services.core.errors import PermissionDenied
from app.services.core.settings import LocalSettings
from tests.pg.test_postgres import LI_SI, NOW, PASSWORD, ZHANG_SAN, request_form, set_up


def test_a_second_desk_joins_and_numbers_its_own_requests(tmp_path: Path, pg_url: str) -> None:
    clock = FakeClock(NOW)
    desk_a = open_services(tmp_path / "a", db_url=pg_url, clock=clock)
    try:
        admin_a = set_up(desk_a)
        zhang = desk_a.residents.create(admin_a, ZHANG_SAN)
        desk_b = open_services(tmp_path / "b", db_url=pg_url, clock=clock)
        try:
            state = desk_b.setup.state()
            assert (state.initialized, state.desk_registered, state.community_name) == (True, False, "幸福里社区")
            with pytest.raises(PermissionDenied):
                desk_b.setup.join("admin", "wrong-pass1", "B01", "二号窗口", "0412-5581235")
            assert not desk_b.setup.state().desk_registered
            assert desk_b.setup.suggest_desk_code() == "A02"
            admin_b = desk_b.setup.join("admin", PASSWORD, "B01", "二号窗口", "0412-5581235")
            desk_b.remember_desk()
            assert LocalSettings.load(tmp_path / "b").desk_code == "B01" and admin_b.desk_code == "B01"
            assert desk_b.setup.community_info().desk_name == "二号窗口"
            li = desk_b.residents.create(admin_b, LI_SI)
            from_b = desk_b.intake.submit(admin_b, request_form(desk_b, admin_b, li.id, "二号窗口：楼道灯不亮"))
            from_a = desk_a.intake.submit(admin_a, request_form(desk_a, admin_a, zhang.id, "一号窗口：水管漏水"))
            assert from_a.case_no.startswith("A01-") and from_b.case_no.startswith("B01-")
            assert from_a.case_no.endswith("-0001") and from_b.case_no.endswith("-0001")  # a counter per desk
            assert from_b.receipt.desk_phone == "0412-5581235"
            assert desk_a.verify.run() == []
            overview = desk_b.backups.overview(admin_b)
            assert overview.on_server and overview.entries == ()
        finally:
            desk_b.close()
    finally:
        desk_a.close()


def test_the_backups_dialog_of_a_desk_on_the_server(qtbot, tmp_path: Path, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    from app.views.backups_dialog import BackupsDialog
    from app.views.bus import ChangeBus

    services = open_services(tmp_path, db_url=pg_url, clock=FakeClock(NOW))
    try:
        admin = set_up(services)
        dialog = BackupsDialog(services, admin, ChangeBus())
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.overview is not None, timeout=10_000)
        assert "pg_dump" in dialog.folder_label.text()
        assert not dialog.backup_button.isEnabled() and not dialog.restore_button.isEnabled()
    finally:
        services.close()
