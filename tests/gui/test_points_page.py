"""The points desk through the real widgets: a redemption from search to printed voucher, and one refused; the
director's settlement; earning rules with their messages under the fields, revoking an award with its reason, and
the expiry pass shown before it is confirmed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from app.demo import data as dd
from app.models import VoucherStatus
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.ledger.points.data import AwardInput, ExpiryRun, RewardInput, RuleInput, normalise_code
from app.views.main_window import MainWindow
from app.views.points_page import PointsPage, RevokeAwardDialog, RuleDialog
from tests.gui.helpers import answer_next_question, pdf_text


def _page(window: MainWindow) -> PointsPage:
    page = window.show_page("points")
    assert isinstance(page, PointsPage)
    return page


def _find(page: PointsPage, name: str) -> None:
    page.redeem_resident.edit.setText(name)
    found = page.redeem_resident.search_now()
    match = next(r for r in found if r.name == name)
    page.redeem_resident.choose(match)


def _richest(services: Services, clerk: Actor) -> tuple[str, uuid.UUID]:
    vouchers = services.points.vouchers.vouchers(clerk)
    ids = list({v.resident_id for v in vouchers})
    held = services.points.vouchers.balances(clerk, ids)
    rid = max(ids, key=lambda i: (held.get(i, 0), str(i)))
    return services.points.vouchers.balance(clerk, rid).name, rid


def test_redeem_from_search_to_printed_voucher(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                               window: MainWindow) -> None:
    page = _page(window)
    name, rid = _richest(services, clerk)
    before = services.points.vouchers.balance(clerk, rid)
    _find(page, name)
    assert page.balance_label.text().startswith(str(before.available))
    reward = next(r for r in (page.rewards_model.row_at(i) for i in range(page.rewards_model.rowCount()))
                  if r.redeemable and r.price <= before.available and r.per_resident_limit is None)
    page.select_reward(reward.name)
    answer_next_question(yes=True)
    qtbot.mouseClick(page.redeem_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.voucher_pdf is not None)
    voucher = services.points.vouchers.vouchers(clerk, resident_id=rid)[0]
    assert voucher.reward_id == reward.id and voucher.status is VoucherStatus.ISSUED
    assert voucher.code in page.banner.text()
    assert services.points.vouchers.balance(clerk, rid).balance == before.balance - reward.price
    assert page.preview is not None and page.preview.isVisible()
    assert page.voucher_pdf is not None
    text = pdf_text(page.voucher_pdf)
    assert voucher.code in text or normalise_code(voucher.code) in normalise_code(text)
    page.preview.close()
    # the merchant reports it used: honour by the code as typed
    page.code_edit.setText(voucher.code.lower())
    qtbot.mouseClick(page.honour_button, Qt.MouseButton.LeftButton)
    assert services.points.vouchers.voucher(clerk, voucher.code).status is VoucherStatus.HONOURED
    # a second honour is refused, in words
    page.code_edit.setText(voucher.code)
    qtbot.mouseClick(page.honour_button, Qt.MouseButton.LeftButton)
    assert page.banner.isVisible() and voucher.code in page.banner.text()


def test_not_enough_points_is_refused_and_nothing_written(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                                          window: MainWindow) -> None:
    page = _page(window)
    name, rid = _richest(services, clerk)
    before = services.points.vouchers.balance(clerk, rid)
    _find(page, name)
    rewards = [page.rewards_model.row_at(i) for i in range(page.rewards_model.rowCount())]
    dearest = max(rewards, key=lambda r: r.price)
    if dearest.price <= before.available:
        director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
        dearest = services.points.catalogue.update_reward(director, dearest.id, RewardInput(
            dearest.merchant_id, dearest.name, before.available + 1, per_resident_limit=dearest.per_resident_limit))
        page.load_rewards()
    page.select_reward(dearest.name)
    vouchers = len(services.points.vouchers.vouchers(clerk))
    stock = next(r.stock for r in services.points.catalogue.rewards(clerk) if r.id == dearest.id)
    assert page.redeem() is None
    assert "积分" in page.banner.text() and name in page.banner.text()
    assert page.voucher_pdf is None
    assert len(services.points.vouchers.vouchers(clerk)) == vouchers
    assert services.points.vouchers.balance(clerk, rid).balance == before.balance
    assert next(r.stock for r in services.points.catalogue.rewards(clerk) if r.id == dearest.id) == stock


def test_director_settles_restocks_and_a_voucher_is_cancelled(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                                               tmp_path) -> None:
    director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
    window = MainWindow(services, director)
    qtbot.addWidget(window)
    page = _page(window)
    assert page.tabs.isTabVisible(3) and page.merchant_new.isEnabled()
    page.settle_merchant.setCurrentIndex(page.settle_merchant.findText("幸福里积分超市"))
    page.settle_since.setDate(page.settle_until.date().addDays(-60))
    data = page.show_settlement()
    assert data is not None and data.reconciled
    assert page.settle_model.rowCount() == len(data.lines)
    assert str(data.total_points) in page.settle_total.text()
    page.save_settlement_pdf(tmp_path / "s.pdf")
    assert "幸福里积分超市" in pdf_text(tmp_path / "s.pdf")
    page.save_settlement_xlsx(tmp_path / "s.xlsx")
    assert (tmp_path / "s.xlsx").stat().st_size > 0
    # restock a reward of the selected merchant
    page.merchants_table.selectRow(0)
    reward = page.mrewards_model.row_at(0)
    done = page.restock(reward, 5, "补货")
    assert done is not None and done.stock == reward.stock + 5
    # cancel an unhonoured voucher: points and the item come back
    name, rid = _richest(services, clerk)
    before = services.points.vouchers.balance(clerk, rid).balance
    cheap = min((r for r in services.points.catalogue.rewards(clerk, redeemable_only=True)), key=lambda r: r.price)
    voucher = services.points.vouchers.redeem(clerk, rid, cheap.id)
    cancelled = page.cancel(voucher, "居民改换其他商品")
    assert cancelled is not None and cancelled.status is VoucherStatus.CANCELLED
    assert services.points.vouchers.balance(clerk, rid).balance == before
    assert voucher.code in page.banner.text()


def _director_page(qtbot, services: Services) -> tuple[Actor, MainWindow, PointsPage]:  # type: ignore[no-untyped-def]
    """The director's window (kept by the caller: the page lives as long as it) and its points page."""
    director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
    window = MainWindow(services, director)
    qtbot.addWidget(window)
    return director, window, _page(window)


def _on_dialog(kind: type[QDialog], act: Callable[[Any], None]) -> None:
    """When a dialog of ``kind`` opens (modal, from a button), do what the user does in it, then make sure it is
    closed, so a test that goes wrong fails instead of waiting for ever."""
    def poll(tries: int = 100) -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if not found:
            assert tries > 0, f"no {kind.__name__} appeared"
            QTimer.singleShot(20, lambda: poll(tries - 1))
            return
        try:
            act(found[0])
        finally:
            if found[0].isVisible():
                found[0].reject()
    QTimer.singleShot(0, poll)


def _offered(page: PointsPage) -> list[Any]:
    """The rules the award tab offers (findData cannot compare UUIDs stored in a combo box)."""
    return [page.award_rule.itemData(i) for i in range(page.award_rule.count())]


def _save_button(dialog: QDialog) -> Any:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    return box.button(QDialogButtonBox.StandardButton.Save)


def test_earning_rules_are_for_the_director_with_messages_under_the_fields(  # type: ignore[no-untyped-def]
        qtbot, services: Services, clerk: Actor, window: MainWindow) -> None:
    clerks = _page(window)
    assert not clerks.tabs.isTabVisible(4) and not clerks.award_revoke.isEnabled()  # the desk does not set rules
    director, _window, page = _director_page(qtbot, services)
    assert page.tabs.isTabVisible(4)
    before = services.points.rules.rules(director)
    assert page.rules_model.rowCount() == len(before) > 0
    seen: dict[str, Any] = {}

    def fill_in(dialog: RuleDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("donation"))
        dialog.name.setText("  ")
        dialog.points.setValue(30)
        dialog.daily_cap.setValue(20)        # below one award's points
        dialog.monthly_cap.setValue(0)       # no cap
        dialog.valid_days.setValue(90)
        QTest.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
        seen["refused"] = {k: dialog.errors.message(k) for k in ("name", "daily_cap", "points", "valid_days")}
        seen["open"] = dialog.isVisible()
        seen["unsquashed"] = all(w.height() >= w.sizeHint().height() for w in (dialog.name, dialog.kind))
        seen["rules"] = len(services.points.rules.rules(director))
        dialog.name.setText("旧物回收")
        dialog.daily_cap.setValue(60)
        dialog.monthly_cap.setValue(40)      # below the daily cap
        QTest.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
        seen["monthly"] = dialog.errors.message("monthly_cap")
        seen["name_after"] = dialog.errors.message("name")
        dialog.monthly_cap.setValue(120)
        QTest.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
        seen["accepted"] = dialog.result() == QDialog.DialogCode.Accepted

    _on_dialog(RuleDialog, fill_in)
    qtbot.mouseClick(page.rule_new, Qt.MouseButton.LeftButton)
    refused = seen["refused"]
    assert refused["name"] and refused["daily_cap"] and not refused["points"] and not refused["valid_days"]
    assert seen["open"] and seen["rules"] == len(before)           # nothing written, what was typed still there
    assert seen["unsquashed"]  # the dialog grew for its messages: every field keeps its height
    assert seen["monthly"] and not seen["name_after"]
    assert seen["accepted"]
    rules = services.points.rules.rules(director)
    new = next(r for r in rules if r.name == "旧物回收")
    assert (new.kind.value, new.points, new.daily_cap, new.monthly_cap, new.valid_days, new.active) == (
        "donation", 30, 60, 120, 90, True)
    assert any(page.rules_model.row_at(i).name == "旧物回收" for i in range(page.rules_model.rowCount()))
    assert new.id in _offered(page)                                 # the award tab offers it at once
    assert "旧物回收" in page.banner.text()
    # edit it: taken out of force, it leaves the award tab's choice
    page.rules_table.selectRow(next(i for i in range(page.rules_model.rowCount())
                                    if page.rules_model.row_at(i).id == new.id))

    def switch_off(dialog: RuleDialog) -> None:
        assert dialog.name.text() == "旧物回收" and dialog.monthly_cap.value() == 120
        dialog.active.setChecked(False)
        QTest.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)

    _on_dialog(RuleDialog, switch_off)
    qtbot.mouseClick(page.rule_edit, Qt.MouseButton.LeftButton)
    assert not next(r for r in services.points.rules.rules(director) if r.id == new.id).active
    assert new.id not in _offered(page)
    # only one volunteer-hour rule may be in force: said under 'Earned for'
    seen.clear()

    def second_hour_rule(dialog: RuleDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("volunteer_hour"))
        dialog.name.setText("志愿服务加倍")
        QTest.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
        seen["kind"] = dialog.errors.message("kind")

    _on_dialog(RuleDialog, second_hour_rule)
    qtbot.mouseClick(page.rule_new, Qt.MouseButton.LeftButton)
    assert seen["kind"] and len(services.points.rules.rules(director)) == len(before) + 1


def test_revoking_an_award_from_a_residents_awards_needs_a_reason(  # type: ignore[no-untyped-def]
        qtbot, services: Services, clerk: Actor) -> None:
    director, _window, page = _director_page(qtbot, services)
    page.tabs.setCurrentIndex(1)
    awards = services.points.rules.awards(director)
    held = services.points.vouchers.balances(director, list({a.resident_id for a in awards}))
    award = next(a for a in awards
                 if not a.revoked and a.reference is None and held.get(a.resident_id, 0) >= a.points)
    before = services.points.vouchers.balance(director, award.resident_id).balance
    page.awards_of.edit.setText(award.resident_name)
    page.awards_of.choose(next(r for r in page.awards_of.search_now() if r.id == award.resident_id))
    shown = [page.awards_model.row_at(i) for i in range(page.awards_model.rowCount())]
    assert shown and {a.resident_id for a in shown} == {award.resident_id}   # only this resident's awards
    page.awards_table.selectRow(next(i for i, a in enumerate(shown) if a.id == award.id))
    seen: dict[str, Any] = {}

    def give_reason(dialog: RevokeAwardDialog) -> None:
        seen["what"] = dialog.findChild(type(page.balance_label), "revoke_what").text()
        QTest.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)      # no reason
        seen["no_reason"] = dialog.errors.message("reason")
        seen["balance"] = services.points.vouchers.balance(director, award.resident_id).balance
        dialog.reason.setText("签到名单录入错误")
        QTest.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)

    _on_dialog(RevokeAwardDialog, give_reason)
    qtbot.mouseClick(page.award_revoke, Qt.MouseButton.LeftButton)
    assert str(award.points) in seen["what"] and award.resident_name in seen["what"]
    assert seen["no_reason"] and seen["balance"] == before                    # refused under the field, nothing written
    assert services.points.vouchers.balance(director, award.resident_id).balance == before - award.points
    row_now = next(i for i in range(page.awards_model.rowCount()) if page.awards_model.row_at(i).id == award.id)
    assert page.awards_model.row_at(row_now).revoked
    status = page.awards_model.index(row_now, page.awards_model.columnCount() - 1).data()
    assert status == page.tr("revoked")
    assert award.resident_name in page.banner.text()
    # the same award again: said at once, and the service would refuse it too
    page.awards_table.selectRow(row_now)
    qtbot.mouseClick(page.award_revoke, Qt.MouseButton.LeftButton)
    assert services.points.vouchers.balance(director, award.resident_id).balance == before - award.points
    # 'Everyone' goes back to the latest awards of all residents
    qtbot.mouseClick(page.awards_all, Qt.MouseButton.LeftButton)
    assert len({page.awards_model.row_at(i).resident_id for i in range(page.awards_model.rowCount())}) > 1


def test_the_expiry_pass_shows_what_lapses_and_writes_it_off_after_confirming(  # type: ignore[no-untyped-def]
        qtbot, services: Services, clerk: Actor, clock: FakeClock) -> None:
    director, _window, page = _director_page(qtbot, services)
    page.tabs.setCurrentIndex(4)
    short = services.points.rules.create_rule(director, RuleInput("other", "楼道清扫日", 40, valid_days=1))
    name, rid = _richest(services, clerk)
    services.points.rules.award(clerk, AwardInput(short.id, (rid,)))
    before = services.points.vouchers.balance(director, rid).balance
    preview = page.load_expiry()
    assert preview is not None and preview.due.points > 0         # the demo has points lapsed half a year on
    assert page.expiry_run.isEnabled() and str(preview.due.points) in page.expiry_summary.text()
    mine = next(x for x in preview.lines if x.resident_id == rid)
    assert mine.soon >= 40 and mine.next_day == preview.today + timedelta(days=1)  # lapsing soon: its last day
    lapsed_elsewhere = preview.due
    clock.advance(timedelta(days=2))                                                # the day after its last day
    qtbot.mouseClick(page.expiry_check, Qt.MouseButton.LeftButton)
    assert page.expiry is not None
    due = page.expiry.due
    assert due == ExpiryRun(lapsed_elsewhere.residents + (mine.lapsed == 0), lapsed_elsewhere.points + 40)
    line = next(x for x in page.expiry.lines if x.resident_id == rid)
    assert (line.name, line.lapsed) == (name, mine.lapsed + 40)
    assert str(due.points) in page.expiry_summary.text()
    answer_next_question(yes=False)                                                 # asked first: No writes nothing
    qtbot.mouseClick(page.expiry_run, Qt.MouseButton.LeftButton)
    assert page.expiry_result is None and services.points.vouchers.balance(director, rid).balance == before
    assert page.expiry.due == due
    answer_next_question(yes=True)
    qtbot.mouseClick(page.expiry_run, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.expiry_result is not None, timeout=10_000)
    assert page.expiry_result == due                                                # what it showed, exactly
    assert services.points.vouchers.balance(director, rid).balance == before - line.lapsed
    assert str(due.points) in page.banner.text() and not page.expiry_run.isEnabled()
    assert page.expiry.due == ExpiryRun(0, 0) and all(not x.lapsed for x in page.expiry.lines)
