"""The register import through the real wizard, as the director does it: Import register, the file, the columns
(one chosen by hand), the check with its refused row, Import; then Cancel imports nothing, and the export and the
template are saved where asked."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from app.services.core.container import Services
from app.services.people.register_io import RegisterField
from app.services.people.register_plan import Outcome
from app.views.bus import ChangeBus
from app.views.register_import import RegisterImportDialog
from app.views.residents_page import ResidentsPage
from tests.gui.conftest import DEMO_PASSWORD
from tests.gui.helpers import settle

FILE = ("姓名,性别,联系电话,住址,居民类别\n"
        "钱多多,男,13700001111,4-1-202,\n"
        "孙小美,女,1370000222,4-1-202,\n"     # ten digits: refused
        "周大福,1,13700004444,7-1-101,\n")


def page_for(qtbot, services: Services, username: str) -> ResidentsPage:  # type: ignore[no-untyped-def]
    page = ResidentsPage(services, services.auth.login(username, DEMO_PASSWORD), ChangeBus())
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    return page


def choose(qtbot, page: ResidentsPage, name: str, path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = page.findChild(QFileDialog, name)
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(path))
    dialog.accept()
    settle(qtbot)


def test_the_director_imports_the_good_rows_of_a_file(qtbot, services: Services, tmp_path: Path) -> None:
    path = tmp_path / "新住户.csv"
    path.write_bytes(FILE.encode("gbk"))
    page = page_for(qtbot, services, "director")
    assert page.import_register_button.isVisible() and page.export_register_button.isVisible()
    page.import_register_button.click()
    wizard = page.findChild(RegisterImportDialog, "register_import")
    assert wizard is not None and wizard.isVisible()
    files = wizard.findChild(QFileDialog, "register_import_file_dialog")
    assert files is not None
    files.selectFile(str(path))
    files.accept()
    settle(qtbot)
    assert wizard.opened is not None and wizard.mapping.rowCount() == 5
    assert wizard.fields()[:4] == (RegisterField.NAME, RegisterField.GENDER, RegisterField.PHONE,
                                   RegisterField.ADDRESS)
    assert wizard.fields()[4] is RegisterField.IGNORE  # 居民类别: the user says what it holds
    wizard.set_field("居民类别", RegisterField.TAGS)

    wizard.check_button.click()
    settle(qtbot)
    preview = wizard.preview
    assert preview is not None and (preview.added, preview.refused) == (2, 1)
    assert wizard.steps.currentIndex() == 1 and wizard.import_button.isVisible()
    assert "2" in wizard.import_button.text()
    assert wizard.model.rowCount() == 1  # refused rows shown first
    assert wizard.model.row_at(0).row == 3 and wizard.model.row_at(0).outcome is Outcome.REFUSED
    details = str(wizard.model.index(0, 3).data())
    assert details.startswith("联系电话：") and wizard.banner.isVisible()
    wizard.show_only.setCurrentIndex(0)
    assert wizard.model.rowCount() == 3

    wizard.import_button.click()
    settle(qtbot)
    assert wizard.record is not None and wizard.record.added == 2
    assert wizard.progress.isHidden() and not wizard.import_button.isVisible()
    director = services.auth.login("director", DEMO_PASSWORD)
    assert [r.name for r in services.residents.search(director, "钱多多")] == ["钱多多"]
    assert services.residents.search(director, "孙小美") == []
    wizard.cancel_button.click()  # now "Close"
    assert not wizard.isVisible()


def test_a_bad_file_is_said_and_cancel_imports_nothing(qtbot, services: Services, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("姓名,联系电话,住址\n吴小英,13700005555,4-1-204\n", encoding="utf-8")
    page = page_for(qtbot, services, "admin")
    wizard = page.open_register_import()
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"not a workbook")
    wizard.open_path(broken)
    settle(qtbot)
    assert "坏文件.xlsx" in wizard.banner.text() and wizard.progress.isHidden() and wizard.opened is None
    wizard.open_path(path)
    settle(qtbot)
    wizard.check_button.click()
    settle(qtbot)
    assert wizard.preview is not None and wizard.preview.added == 1
    wizard.cancel_button.click()
    settle(qtbot)
    admin = services.auth.login("admin", DEMO_PASSWORD)
    assert services.residents.search(admin, "吴小英") == []


def test_the_register_and_the_template_are_saved_where_asked(qtbot, services: Services, tmp_path: Path) -> None:
    page = page_for(qtbot, services, "director")
    page.export_register_button.click()
    choose(qtbot, page, "register_export_dialog", tmp_path / "花名册.xlsx")
    assert (tmp_path / "花名册.xlsx").exists() and "花名册.xlsx" in page.banner.text()
    rows = list(load_workbook(tmp_path / "花名册.xlsx").active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][:4] == ("姓名", "性别", "出生日期", "身份证号") and len(rows) > 100
    page.template_button.click()
    choose(qtbot, page, "register_template_dialog", tmp_path / "模板.xlsx")
    assert (tmp_path / "模板.xlsx").exists()
    clerk_page = page_for(qtbot, services, "clerk1")
    assert clerk_page.import_register_button.isHidden() and clerk_page.export_register_button.isHidden()
    assert clerk_page.template_button.isHidden()
