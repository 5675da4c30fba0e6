"""The time-bank officer at work through the real widgets: one service credited, a group activity, a redemption."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QComboBox

from app.demo.data import DEMO_PASSWORD
from app.models import RecordStatus
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.ledger.posting import hours
from app.services.ledger.timebank import RecordFilter
from app.views.main_window import MainWindow
from app.views.timebank_dialogs import GroupDialog
from app.views.timebank_page import TimeBankPage


def _officer(services: Services) -> Actor:
    return services.auth.login("timebank", DEMO_PASSWORD)


@pytest.fixture
def bank_window(qtbot, services: Services) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(services, _officer(services))
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    return window


def _page(window: MainWindow) -> TimeBankPage:
    page = window.show_page("timebank")
    assert isinstance(page, TimeBankPage)
    return page


def _choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index > 0, text
    combo.setCurrentIndex(index)


def test_record_verify_and_credit_one_service(qtbot, services: Services, bank_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _page(bank_window)
    volunteer = page.volunteer_model.row_at(0)
    page.tabs.setCurrentIndex(1)
    _choose(page.record_volunteer, volunteer.name)
    page.record_start.setTime(QTime(8, 0))
    page.record_end.setTime(QTime(9, 40))    # 100 minutes: credited as 1.75 h (quarter hours, halves up)
    qtbot.mouseClick(page.record_save, Qt.MouseButton.LeftButton)
    assert "1.75" in page.banner.text() and volunteer.name in page.banner.text()
    # The pending list now shows it first (newest first); verify it, then credit it.
    row = next(i for i in range(page.records_model.rowCount()) if page.records_model.row_at(i).volunteer_name
               == volunteer.name and page.records_model.row_at(i).credit_minutes == 105)
    page.records_table.selectRow(row)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert "已核实 1 条记录" in page.banner.text()
    page.record_filter.setCurrentIndex(page.record_filter.findData(RecordStatus.VERIFIED.value))
    page.records_table.selectRow(0)
    qtbot.mouseClick(page.credit_button, Qt.MouseButton.LeftButton)
    assert "已入账 1 条记录，共 1.75 小时" in page.banner.text()
    after = services.timebank.statements.balance(_officer(services), volunteer.resident_id)
    assert after == volunteer.balance + 105
    page.tabs.setCurrentIndex(0)
    page.volunteer_search.setText(volunteer.number)
    page.volunteer_search.setText(volunteer.name)
    assert f"结余 {hours(after)} 小时" in page.passbook_title.text()


def test_wrong_times_are_shown_next_to_the_field(qtbot, services: Services, bank_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _page(bank_window)
    page.tabs.setCurrentIndex(1)
    before = len(services.timebank.records.records(_officer(services), RecordFilter()))
    _choose(page.record_volunteer, page.volunteer_model.row_at(1).name)
    page.record_start.setTime(QTime(9, 0))
    page.record_end.setTime(QTime(8, 0))
    qtbot.mouseClick(page.record_save, Qt.MouseButton.LeftButton)
    assert page.record_errors.message("end") == "结束时间必须晚于开始时间。"
    assert len(services.timebank.records.records(_officer(services), RecordFilter())) == before


def test_group_activity_for_several_volunteers(qtbot, services: Services, bank_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _page(bank_window)
    volunteers = [page.volunteer_model.row_at(i) for i in range(page.volunteer_model.rowCount())]
    dialog = GroupDialog(services, _officer(services), list(volunteers), page)
    qtbot.addWidget(dialog)
    dialog.title.setText("银杏树下捡落叶")
    dialog.start.setTime(QTime(7, 0))
    dialog.end.setTime(QTime(8, 30))
    dialog.filter.setText(volunteers[2].name)
    assert sum(not dialog.people.item(i).isHidden() for i in range(dialog.people.count())) >= 1
    dialog.filter.clear()
    for i in range(3):
        dialog.people.item(i).setCheckState(Qt.CheckState.Checked)
    assert dialog.count.text() == "已勾选 3 名志愿者"
    dialog.save()
    assert [r.activity_title for r in dialog.saved] == ["银杏树下捡落叶"] * 3
    assert all(r.credit_minutes == 90 for r in dialog.saved)
    page.load_records()
    titles = [page.records_model.row_at(i).activity_title for i in range(page.records_model.rowCount())]
    assert titles.count("银杏树下捡落叶") == 3


def test_redeem_hours_and_refuse_more_than_the_balance(qtbot, services: Services, bank_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _page(bank_window)
    volunteer = max((page.volunteer_model.row_at(i) for i in range(page.volunteer_model.rowCount())),
                    key=lambda v: v.balance)
    page.tabs.setCurrentIndex(2)
    _choose(page.spend_holder, volunteer.name)
    assert page.spend_balance.text() == f"{hours(volunteer.balance)} 小时"
    page.spend_action.setCurrentIndex(page.spend_action.findData("redeem"))
    page.spend_type.setCurrentIndex(page.spend_type.findText("助浴"))
    page.spend_hours.setValue(1.5)
    page.spend_provider.setText("李阿姨")
    qtbot.mouseClick(page.spend_button, Qt.MouseButton.LeftButton)
    assert "取出 1.5 小时" in page.banner.text()
    _choose(page.spend_holder, volunteer.name)
    assert page.spend_balance.text() == f"{hours(volunteer.balance - 90)} 小时"
    page.spend_hours.setValue(volunteer.balance / 60 + 1)
    qtbot.mouseClick(page.spend_button, Qt.MouseButton.LeftButton)
    assert "不能低于零" in page.banner.text()
    assert services.timebank.statements.balance(_officer(services), volunteer.resident_id) == volunteer.balance - 90
    st = services.timebank.statements.statement(_officer(services), volunteer.resident_id)
    assert st.lines[-1].memo.startswith("兑换：助浴") and st.lines[-1].amount_out == 90
