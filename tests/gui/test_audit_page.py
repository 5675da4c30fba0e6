"""The administrator browses and filters the audit trail; nobody else sees it."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import Qt

from app.services.core.audit import AuditFilter
from app.services.core.changes import TOPIC_OF_TABLE
from app.services.core.container import Services
from app.services.core.errors import PermissionDenied
from app.services.people.register import ResidentChanges
from app.services.people.residents import NewResident
from app.views.audit_page import AuditPage
from app.views.main_window import MainWindow
from tests.gui.helpers import POPUP_NOISE, current_item_is_drawn, settle
from tests.unit.test_audit_words import ENGLISH_KEY, UUID_TEXT


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
    assert "刘晓燕 新建了 居民 审计查找" in page.detail.text()
    shown = [(page.changes.row_at(i).field, page.changes.row_at(i).new) for i in range(page.changes.rowCount())]
    assert ("电话", "139****2222") in shown  # masked, as everywhere the number is not needed whole
    assert "共" in page.count.text() or "条" in page.count.text()


def _cells(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(model.data(model.index(r, c))) for r in range(model.rowCount()) for c in range(model.columnCount())]


def test_the_page_after_a_real_edit_speaks_chinese(qtbot, services: Services) -> None:
    """A clerk corrects a phone; the administrator reads who changed what in one sentence, the 项目 / 原值 / 新值 of
    the change below, and nowhere a table name, a uuid, JSON or an English key."""
    clerk = services.auth.login("clerk1", "demo1234")
    resident = services.residents.browse(clerk, 1)[0]
    services.register.update_resident(clerk, resident.id, ResidentChanges(phone="13912341234"))
    admin = services.auth.login("admin", "demo1234")
    page = AuditPage(services, admin)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    settle(qtbot)
    old = resident.phone[:3] + "****" + resident.phone[-4:]
    sentence = f"刘晓燕 修改了 居民 {resident.name}：电话 由 {old} 改为 139****1234"
    edit = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).action == "update")
    assert page.model.data(page.model.index(edit, 5)) == sentence
    assert page.model.data(page.model.index(edit, 3)) == "修改" and page.model.data(page.model.index(edit, 4)) == "居民"
    cells = _cells(page.model)
    tables = {t for t in TOPIC_OF_TABLE if t not in ("case", "desk")}
    for cell in cells:
        assert not UUID_TEXT.search(cell) and not ENGLISH_KEY.search(cell) and '{"' not in cell, cell
        assert not any(re.search(rf"\b{t}\b", cell) for t in tables), cell
    page.table.selectRow(edit)
    assert sentence in page.detail.text()
    assert _cells(page.changes) == ["电话", old, "139****1234"]
    assert [page.entity.itemText(i) for i in range(page.entity.count())][1:] == \
        [name for _key, name in services.audit.entities(admin)]
    assert all(not ENGLISH_KEY.search(page.entity.itemText(i)) for i in range(page.entity.count()))


def test_the_filter_by_resident_lists_only_residents(qtbot, services: Services) -> None:
    admin = services.auth.login("admin", "demo1234")
    page = AuditPage(services, admin)
    qtbot.addWidget(page)
    settle(qtbot)
    index = page.entity.findText("居民")
    assert index > 0 and page.entity.itemData(index) == "resident"  # the words shown, the table behind them
    page.since.setDate(page.since.minimumDate())
    page.entity.setCurrentIndex(index)
    page.search()
    settle(qtbot)
    assert page.model.rowCount() > 0
    assert {page.model.row_at(i).thing for i in range(page.model.rowCount())} == {"居民"}


@pytest.mark.qt_log_ignore(POPUP_NOISE)
def test_the_chosen_entry_of_the_what_filter_is_drawn(qtbot, services: Services) -> None:
    """The open 对象 list marked its current entry as an empty white box (the style sheet's white painted it)."""
    page = AuditPage(services, services.auth.login("admin", "demo1234"))
    qtbot.addWidget(page)
    page.show()
    settle(qtbot)
    page.entity.setCurrentIndex(page.entity.findText("居民"))
    assert current_item_is_drawn(page.entity)


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


def test_check_the_data_names_a_tampered_row_in_words(qtbot, services: Services) -> None:
    """检查数据 on the audit page runs verify off the GUI thread; a phone changed in the file by hand is named by the
    resident's name and the field, never the table or the uuid."""
    admin = services.auth.login("admin", "demo1234")
    page = AuditPage(services, admin)
    qtbot.addWidget(page)
    page.show()
    settle(qtbot)
    page.check_data()
    settle(qtbot)
    assert page.findings == [] and page.banner.isVisible(), page.findings
    resident = services.residents.browse(admin, 1)[0]
    with closing(sqlite3.connect(services.paths.database)) as conn:  # someone with the file
        conn.execute("UPDATE resident SET phone = '13000000000' WHERE id = ?", (resident.id.hex,))
        conn.commit()
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.findings_dialog is not None and page.findings_dialog.list.count() == len(page.findings) >= 1
    found = "\n".join(page.findings)
    assert f"居民 {resident.name}" in found and "电话" in found, found
    assert "resident" not in found and not UUID_TEXT.search(found) and not ENGLISH_KEY.search(found), found
    assert str(len(page.findings)) in page.banner.text()
