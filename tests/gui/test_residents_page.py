"""The residents page: ID numbers as the role may see them; an administrator exports and erases a resident."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.people.residents import ERASED_NAME, NewResident
from app.views.bus import ChangeBus
from app.views.residents_page import ResidentsPage
from tests.gui.helpers import answer_next_question, settle

ID_NUMBER = "210302194501010052"


def page_for(qtbot, services: Services, actor: Actor) -> ResidentsPage:  # type: ignore[no-untyped-def]
    page = ResidentsPage(services, actor, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1366, 700)  # the page at the common desk screen's width, its buttons all in view
    page.show()
    return page


def find(qtbot, page: ResidentsPage, text: str) -> None:  # type: ignore[no-untyped-def]
    page.search.setText(text)
    page.run_search()
    settle(qtbot)
    assert page.model.rowCount() >= 1
    page.table.selectRow(0)


def id_cell(page: ResidentsPage) -> str:
    header = page.tr("ID number")
    column = next(c for c in range(page.model.columnCount())
                  if page.model.headerData(c, Qt.Orientation.Horizontal) == header)
    return str(page.model.index(0, column).data())


def answer_next_text_question(text: str) -> None:
    """When the next text question opens, type the answer and press OK, as the administrator would."""
    def answer(tries: int = 50) -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible()]
        if not dialogs:
            assert tries > 0, "no text question appeared"
            QTimer.singleShot(20, lambda: answer(tries - 1))
            return
        dialogs[0].setTextValue(text)
        dialogs[0].accept()
        answer_next_question(yes=True)  # then the confirmation
    QTimer.singleShot(0, answer)


def add_resident(services: Services) -> None:
    clerk = services.auth.login("clerk1", "demo1234")
    services.residents.create(clerk, NewResident(name="钱德顺", phone="13904120052", id_number=ID_NUMBER,
                                                 building="2", unit="1", room="402"))


def test_the_id_number_is_shown_as_the_role_may_see_it(qtbot, services: Services) -> None:
    add_resident(services)
    clerk_page = page_for(qtbot, services, services.auth.login("clerk1", "demo1234"))
    find(qtbot, clerk_page, "钱德顺")
    assert id_cell(clerk_page) == "2103**********0052"  # masked for everyone; the clerk has 显示身份证号
    assert clerk_page.reveal.button.isVisible()
    grid_page = page_for(qtbot, services, services.auth.login("grid1", "demo1234"))
    find(qtbot, grid_page, "钱德顺")
    assert id_cell(grid_page) == "2103**********0052" and grid_page.reveal.button.isHidden()
    # neither of them sees the administrator's actions
    assert clerk_page.export_button.isHidden() and clerk_page.erase_button.isHidden()
    assert grid_page.erase_button.isHidden()


def test_administrator_exports_then_erases_the_selected_resident(qtbot, services: Services, tmp_path: Path) -> None:
    add_resident(services)
    page = page_for(qtbot, services, services.auth.login("admin", "demo1234"))
    assert not page.erase_button.isEnabled()
    find(qtbot, page, "钱德顺")
    assert page.export_button.isVisible() and page.erase_button.isEnabled()

    out = tmp_path / "qiandeshun.json"
    page.export_button.click()
    dialog = page.findChild(QFileDialog, "resident_export_dialog")
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(out))
    dialog.accept()
    settle(qtbot)
    assert out.exists()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["resident"]["id_number"] == ID_NUMBER and "身份证号码" in data["personal_data"]
    assert str(out) in page.banner.text()

    answer_next_text_question("本人书面申请删除")
    page.erase_button.click()
    settle(qtbot)
    assert page.model.row_at(0).name == ERASED_NAME
    assert "钱德顺" in page.banner.text()  # names who was erased, from what the page showed
    resident = page.model.row_at(0)
    assert (resident.phone, resident.id_number, resident.address) == ("", "", "")
    admin = services.auth.login("admin", "demo1234")
    assert services.residents.search(admin, "钱德顺") == []
    assert services.verify.run() == []


def test_erasure_refused_for_open_requests_is_said_on_the_page(qtbot, services: Services) -> None:
    admin = services.auth.login("admin", "demo1234")
    newest = services.intake.recent(admin, limit=1)[0]  # every demo request is still open
    busy = next(r for r in services.residents.search(admin, newest.resident_name) if r.open_cases)
    page = page_for(qtbot, services, admin)
    page.model.set_rows([busy])
    page.table.selectRow(0)
    answer_next_text_question("本人申请")
    page.erase_button.click()
    settle(qtbot)
    assert page.banner.text() and busy.name in page.banner.text()
    assert services.residents.get(admin, busy.id).name == busy.name


def test_the_page_opens_on_the_register_by_address_not_a_blank_list(qtbot, services: Services) -> None:
    """居民查询 was blank until something was typed."""
    clerk = services.auth.login("clerk1", "demo1234")
    page = page_for(qtbot, services, clerk)
    settle(qtbot)
    rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
    assert len(rows) == 200 and "200" in page.count.text()                # the demo has more: the first 200
    assert rows == services.residents.browse(clerk)                         # flat by flat, as the service lists
    assert rows[0].address.startswith("1号楼")
    page.search.setText("wangl")
    page.run_search()
    settle(qtbot)
    assert 0 < page.model.rowCount() < 200 and all(r.name.startswith("王") for r in
                                                   (page.model.row_at(i) for i in range(page.model.rowCount())))
    page.search.setText("")
    page.run_search()
    settle(qtbot)
    assert page.model.rowCount() == 200                                      # cleared: the register again
