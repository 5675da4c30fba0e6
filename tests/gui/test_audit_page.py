"""The administrator browses and filters the audit trail; nobody else sees it."""

from __future__ import annotations

import pytest

from app.services.core.audit import AuditFilter
from app.services.core.container import Services
from app.services.core.errors import PermissionDenied
from app.services.people.residents import NewResident
from app.views.audit_page import AuditPage
from app.views.main_window import MainWindow
from tests.gui.helpers import settle


def test_admin_finds_who_added_a_resident(qtbot, services: Services) -> None:
    clerk = services.auth.login("clerk1", "demo1234")
    services.residents.create(clerk, NewResident(name="审计查找", phone="13904122222", building="2", unit="1",
                                                 room="402"))
    admin = services.auth.login("admin", "demo1234")
    page = AuditPage(services, admin)
    qtbot.addWidget(page)
    settle(qtbot)                                      # read off the GUI thread
    assert page.model.rowCount() > 0 and page.entity.findData("resident") > 0
    page.user.setText("clerk1")
    page.text.setText("审计查找")
    page.search()
    settle(qtbot)
    assert page.model.rowCount() >= 1
    first = page.model.row_at(0)
    assert first.actor_name == "clerk1" and first.entity == "resident" and first.action == "insert"
    page.table.selectRow(0)
    assert "13904122222" in page.detail.toPlainText()
    assert "共" in page.count.text() or "条" in page.count.text()


def test_only_the_administrator_sees_the_audit_trail(qtbot, services: Services) -> None:
    clerk = services.auth.login("clerk1", "demo1234")
    window = MainWindow(services, clerk)
    qtbot.addWidget(window)
    assert "audit" not in window.pages
    with pytest.raises(PermissionDenied):
        services.audit.entries(clerk, AuditFilter())
    admin_window = MainWindow(services, services.auth.login("admin", "demo1234"))
    qtbot.addWidget(admin_window)
    assert "audit" in admin_window.pages


def test_admin_saves_an_anchor_sheet_from_the_audit_page(qtbot, services: Services, tmp_path) -> None:
    """The button writes the PDF (the fingerprint in its text) and the JSON twin that `verify --anchor` reads."""
    import subprocess

    from app.services.core.anchors import read_anchor_file

    admin = services.auth.login("admin", "demo1234")
    page = AuditPage(services, admin)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    settle(qtbot)
    assert page.sheet_button.isVisible() and page.sheet_button.width() >= page.sheet_button.sizeHint().width()
    head = services.setup.community_info().chain_head
    page.save_sheet(tmp_path / "审计校验单.pdf")
    settle(qtbot)
    assert "审计校验单.pdf" in page.banner.text(), page.banner.text()
    text = subprocess.run(["pdftotext", str(tmp_path / "审计校验单.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert head in text and "审计校验单" in text
    anchors = read_anchor_file(tmp_path / "审计校验单.json").anchors
    assert anchors[0].head.fingerprint == head
    assert [p.place for p in services.anchors.published(admin)][0] == "sheet"
