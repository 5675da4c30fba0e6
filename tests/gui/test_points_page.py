"""The points desk through the real widgets: a redemption from search to printed voucher, and one refused; the
director's settlement; earning rules with their messages under the fields, revoking an award with its reason, and
the expiry pass shown before it is confirmed."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from app.demo import data as dd
from app.models import VoucherStatus
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.ledger.points.data import AwardInput, ExpiryRun, RewardInput, RuleInput, normalise_code
from app.views.main_window import MainWindow
from app.views.points.dialogs import RevokeAwardDialog, RuleDialog
from app.views.points.page import PointsPage
from app.views.points.redeem import RedeemTab
from tests.gui.helpers import answer_next_question, pdf_text, settle


def _page(qtbot, window: MainWindow) -> PointsPage:  # type: ignore[no-untyped-def]
    page = window.show_page("points")
    assert isinstance(page, PointsPage)
    settle(qtbot)  # the page's tabs are read off the GUI thread
    return page


def _find(qtbot, tab: RedeemTab, name: str) -> None:  # type: ignore[no-untyped-def]
    tab.redeem_resident.edit.setText(name)
    found = tab.redeem_resident.search_now()
    match = next(r for r in found if r.name == name)
    tab.redeem_resident.choose(match)
    settle(qtbot)  # the balance and vouchers are read off the GUI thread


def _richest(services: Services, clerk: Actor) -> tuple[str, uuid.UUID]:
    vouchers = services.points.vouchers.vouchers(clerk)
    ids = list({v.resident_id for v in vouchers})
    held = services.points.vouchers.balances(clerk, ids)
    rid = max(ids, key=lambda i: (held.get(i, 0), str(i)))
    return services.points.vouchers.balance(clerk, rid).name, rid


def test_redeem_from_search_to_printed_voucher(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                               window: MainWindow) -> None:
    page = _page(qtbot, window)
    tab = page.redeem_tab
    name, rid = _richest(services, clerk)
    before = services.points.vouchers.balance(clerk, rid)
    _find(qtbot, tab, name)
    assert tab.balance_label.text().startswith(str(before.available))
    reward = next(r for r in (tab.rewards_model.row_at(i) for i in range(tab.rewards_model.rowCount()))
                  if r.redeemable and r.price <= before.available and r.per_resident_limit is None)
    tab.select_reward(reward.name)
    answer_next_question(yes=True)
    qtbot.mouseClick(tab.redeem_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.voucher_pdf is not None)
    voucher = services.points.vouchers.vouchers(clerk, resident_id=rid)[0]
    assert voucher.reward_id == reward.id and voucher.status is VoucherStatus.ISSUED
    assert voucher.code in page.banner.text()
    assert services.points.vouchers.balance(clerk, rid).balance == before.balance - reward.price
    assert tab.preview is not None and tab.preview.isVisible()
    assert tab.voucher_pdf is not None
    text = pdf_text(tab.voucher_pdf)
    assert voucher.code in text or normalise_code(voucher.code) in normalise_code(text)
    tab.preview.close()
    # the merchant reports it used: honour by the code as typed
    tab.code_edit.setText(voucher.code.lower())
    qtbot.mouseClick(tab.honour_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert services.points.vouchers.voucher(clerk, voucher.code).status is VoucherStatus.HONOURED
    # a second honour is refused, in words
    tab.code_edit.setText(voucher.code)
    qtbot.mouseClick(tab.honour_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.banner.isVisible() and voucher.code in page.banner.text()


def test_not_enough_points_is_refused_and_nothing_written(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                                          window: MainWindow) -> None:
    page = _page(qtbot, window)
    tab = page.redeem_tab
    name, rid = _richest(services, clerk)
    before = services.points.vouchers.balance(clerk, rid)
    _find(qtbot, tab, name)
    rewards = [tab.rewards_model.row_at(i) for i in range(tab.rewards_model.rowCount())]
    dearest = max(rewards, key=lambda r: r.price)
    if dearest.price <= before.available:
        director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
        dearest = services.points.catalogue.update_reward(director, dearest.id, RewardInput(
            dearest.merchant_id, dearest.name, before.available + 1, per_resident_limit=dearest.per_resident_limit))
        tab.load_rewards()
        settle(qtbot)
    tab.select_reward(dearest.name)
    vouchers = len(services.points.vouchers.vouchers(clerk))
    stock = next(r.stock for r in services.points.catalogue.rewards(clerk) if r.id == dearest.id)
    tab.redeem()
    settle(qtbot)
    assert tab.redeemed is None
    assert "积分" in page.banner.text() and name in page.banner.text()
    assert tab.voucher_pdf is None
    assert len(services.points.vouchers.vouchers(clerk)) == vouchers
    assert services.points.vouchers.balance(clerk, rid).balance == before.balance
    assert next(r.stock for r in services.points.catalogue.rewards(clerk) if r.id == dearest.id) == stock


def test_director_settles_restocks_and_a_voucher_is_cancelled(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                                               tmp_path) -> None:
    director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
    window = MainWindow(services, director)
    qtbot.addWidget(window)
    page = _page(qtbot, window)
    settling, shop = page.settle_tab, page.catalogue_tab
    assert page.tabs.isTabVisible(3) and shop.merchant_new.isEnabled()
    settling.settle_merchant.setCurrentIndex(settling.settle_merchant.findText("幸福里积分超市"))
    settling.settle_since.setDate(settling.settle_until.date().addDays(-60))
    settling.show_settlement()
    settle(qtbot)
    data = settling.settlement
    assert data is not None and data.reconciled
    assert settling.settle_model.rowCount() == len(data.lines)
    assert str(data.total_points) in settling.settle_total.text()
    settling.save_settlement_pdf(tmp_path / "s.pdf")
    settle(qtbot)
    assert "幸福里积分超市" in pdf_text(tmp_path / "s.pdf")
    settling.save_settlement_xlsx(tmp_path / "s.xlsx")
    settle(qtbot)
    assert (tmp_path / "s.xlsx").stat().st_size > 0
    # restock a reward of the selected merchant
    shop.merchants_table.selectRow(0)
    settle(qtbot)
    reward = shop.mrewards_model.row_at(0)
    shop.restock(reward, 5, "补货")
    settle(qtbot)
    done = shop.restocked
    assert done is not None and done.stock == reward.stock + 5
    # cancel an unhonoured voucher: points and the item come back
    name, rid = _richest(services, clerk)
    before = services.points.vouchers.balance(clerk, rid).balance
    cheap = min((r for r in services.points.catalogue.rewards(clerk, redeemable_only=True)), key=lambda r: r.price)
    voucher = services.points.vouchers.redeem(clerk, rid, cheap.id)
    page.redeem_tab.cancel(voucher, "居民改换其他商品")
    settle(qtbot)
    cancelled = page.redeem_tab.cancelled
    assert cancelled is not None and cancelled.status is VoucherStatus.CANCELLED
    assert services.points.vouchers.balance(clerk, rid).balance == before
    assert voucher.code in page.banner.text()


def _director_page(qtbot, services: Services) -> tuple[Actor, MainWindow, PointsPage]:  # type: ignore[no-untyped-def]
    """The director's window (kept by the caller: the page lives as long as it) and its points page."""
    director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
    window = MainWindow(services, director)
    qtbot.addWidget(window)
    return director, window, _page(qtbot, window)


def _offered(page: PointsPage) -> list[Any]:
    """The rules the award tab offers (findData cannot compare UUIDs stored in a combo box)."""
    rules = page.award_tab.award_rule
    return [rules.itemData(i) for i in range(rules.count())]


def _save(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    settle(qtbot)  # saved off the GUI thread, and the page read again


def _rule_dialog(qtbot, button: Any, page: PointsPage) -> RuleDialog:  # type: ignore[no-untyped-def]
    """The rule dialog a button of the rules tab opens."""
    page.rules_tab.rule_dialog = None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.rules_tab.rule_dialog
    assert isinstance(dialog, RuleDialog) and dialog.isVisible()
    dialog.activateWindow()  # in front of the clerk, as it opens at the desk
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_earning_rules_are_for_the_director_with_messages_under_the_fields(  # type: ignore[no-untyped-def]
        qtbot, services: Services, clerk: Actor, window: MainWindow) -> None:
    clerks = _page(qtbot, window)
    assert not clerks.tabs.isTabVisible(4) and not clerks.award_tab.award_revoke.isEnabled()  # no rules at the desk
    director, _window, page = _director_page(qtbot, services)
    tab = page.rules_tab
    assert page.tabs.isTabVisible(4)
    before = services.points.rules.rules(director)
    assert tab.rules_model.rowCount() == len(before) > 0

    dialog = _rule_dialog(qtbot, tab.rule_new, page)
    dialog.kind.setCurrentIndex(dialog.kind.findData("donation"))
    dialog.name.setText("  ")
    dialog.points.setValue(30)
    dialog.daily_cap.setValue(20)        # below one award's points
    dialog.monthly_cap.setValue(0)       # no cap
    dialog.valid_days.setValue(90)
    _save(qtbot, dialog)
    refused = {k: dialog.errors.message(k) for k in ("name", "daily_cap", "points", "valid_days")}
    assert refused["name"] and refused["daily_cap"] and not refused["points"] and not refused["valid_days"]
    # nothing written, what was typed still there
    assert dialog.isVisible() and len(services.points.rules.rules(director)) == len(before)
    # the dialog grew for its messages: every field keeps its height
    assert all(w.height() >= w.sizeHint().height() for w in (dialog.name, dialog.kind))
    dialog.name.setText("旧物回收")
    dialog.daily_cap.setValue(60)
    dialog.monthly_cap.setValue(40)      # below the daily cap
    _save(qtbot, dialog)
    assert dialog.errors.message("monthly_cap") and not dialog.errors.message("name")
    dialog.monthly_cap.setValue(120)
    _save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    rules = services.points.rules.rules(director)
    new = next(r for r in rules if r.name == "旧物回收")
    assert (new.kind.value, new.points, new.daily_cap, new.monthly_cap, new.valid_days, new.active) == (
        "donation", 30, 60, 120, 90, True)
    assert any(tab.rules_model.row_at(i).name == "旧物回收" for i in range(tab.rules_model.rowCount()))
    assert new.id in _offered(page)                                 # the award tab offers it at once
    assert "旧物回收" in page.banner.text()
    # edit it: taken out of force, it leaves the award tab's choice
    tab.rules_table.selectRow(next(i for i in range(tab.rules_model.rowCount())
                                   if tab.rules_model.row_at(i).id == new.id))
    dialog = _rule_dialog(qtbot, tab.rule_edit, page)
    assert dialog.name.text() == "旧物回收" and dialog.monthly_cap.value() == 120
    dialog.active.setChecked(False)
    _save(qtbot, dialog)
    assert not next(r for r in services.points.rules.rules(director) if r.id == new.id).active
    assert new.id not in _offered(page)
    # only one volunteer-hour rule may be in force: said under 'Earned for'
    dialog = _rule_dialog(qtbot, tab.rule_new, page)
    dialog.kind.setCurrentIndex(dialog.kind.findData("volunteer_hour"))
    dialog.name.setText("志愿服务加倍")
    _save(qtbot, dialog)
    assert dialog.errors.message("kind") and len(services.points.rules.rules(director)) == len(before) + 1
    dialog.reject()


def test_revoking_an_award_from_a_residents_awards_needs_a_reason(  # type: ignore[no-untyped-def]
        qtbot, services: Services, clerk: Actor) -> None:
    director, _window, page = _director_page(qtbot, services)
    tab = page.award_tab
    page.tabs.setCurrentIndex(1)
    awards = services.points.rules.awards(director)
    held = services.points.vouchers.balances(director, list({a.resident_id for a in awards}))
    award = next(a for a in awards
                 if not a.revoked and a.reference is None and held.get(a.resident_id, 0) >= a.points)
    before = services.points.vouchers.balance(director, award.resident_id).balance
    tab.awards_of.edit.setText(award.resident_name)
    tab.awards_of.choose(next(r for r in tab.awards_of.search_now() if r.id == award.resident_id))
    settle(qtbot)
    shown = [tab.awards_model.row_at(i) for i in range(tab.awards_model.rowCount())]
    assert shown and {a.resident_id for a in shown} == {award.resident_id}   # only this resident's awards
    tab.awards_table.selectRow(next(i for i, a in enumerate(shown) if a.id == award.id))

    qtbot.mouseClick(tab.award_revoke, Qt.MouseButton.LeftButton)
    dialog = tab.revoke_dialog
    assert isinstance(dialog, RevokeAwardDialog) and dialog.isVisible()
    what = dialog.findChild(QLabel, "revoke_what").text()
    qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)      # no reason
    settle(qtbot)
    assert dialog.errors.message("reason") and dialog.isVisible()           # refused under the field ...
    assert services.points.vouchers.balance(director, award.resident_id).balance == before  # ... nothing written
    dialog.reason.setText("签到名单录入错误")
    qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert str(award.points) in what and award.resident_name in what
    assert services.points.vouchers.balance(director, award.resident_id).balance == before - award.points
    row_now = next(i for i in range(tab.awards_model.rowCount()) if tab.awards_model.row_at(i).id == award.id)
    assert tab.awards_model.row_at(row_now).revoked
    status = tab.awards_model.index(row_now, tab.awards_model.columnCount() - 1).data()
    assert status == tab.tr("revoked")
    assert award.resident_name in page.banner.text()
    # the same award again: said at once, and the service would refuse it too
    tab.revoke_dialog = None
    tab.awards_table.selectRow(row_now)
    qtbot.mouseClick(tab.award_revoke, Qt.MouseButton.LeftButton)
    assert tab.revoke_dialog is None and tab.tr("This award is already revoked.") in page.banner.text()
    assert services.points.vouchers.balance(director, award.resident_id).balance == before - award.points
    # 'Everyone' goes back to the latest awards of all residents
    qtbot.mouseClick(tab.awards_all, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert len({tab.awards_model.row_at(i).resident_id for i in range(tab.awards_model.rowCount())}) > 1


def test_the_expiry_pass_shows_what_lapses_and_writes_it_off_after_confirming(  # type: ignore[no-untyped-def]
        qtbot, services: Services, clerk: Actor, clock: FakeClock) -> None:
    director, _window, page = _director_page(qtbot, services)
    tab = page.rules_tab
    page.tabs.setCurrentIndex(4)
    short = services.points.rules.create_rule(director, RuleInput("other", "楼道清扫日", 40, valid_days=1))
    name, rid = _richest(services, clerk)
    services.points.rules.award(clerk, AwardInput(short.id, (rid,)))
    before = services.points.vouchers.balance(director, rid).balance
    tab.load_expiry()
    settle(qtbot)
    preview = tab.expiry
    assert preview is not None and preview.due.points > 0         # the demo has points lapsed half a year on
    assert tab.expiry_run.isEnabled() and str(preview.due.points) in tab.expiry_summary.text()
    mine = next(x for x in preview.lines if x.resident_id == rid)
    assert mine.soon >= 40 and mine.next_day == preview.today + timedelta(days=1)  # lapsing soon: its last day
    lapsed_elsewhere = preview.due
    clock.advance(timedelta(days=2))                                                # the day after its last day
    qtbot.mouseClick(tab.expiry_check, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert tab.expiry is not None
    due = tab.expiry.due
    assert due == ExpiryRun(lapsed_elsewhere.residents + (mine.lapsed == 0), lapsed_elsewhere.points + 40)
    line = next(x for x in tab.expiry.lines if x.resident_id == rid)
    assert (line.name, line.lapsed) == (name, mine.lapsed + 40)
    assert str(due.points) in tab.expiry_summary.text()
    answer_next_question(yes=False)                                                 # asked first: No writes nothing
    qtbot.mouseClick(tab.expiry_run, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert tab.expiry_result is None and services.points.vouchers.balance(director, rid).balance == before
    assert tab.expiry.due == due
    answer_next_question(yes=True)
    qtbot.mouseClick(tab.expiry_run, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.expiry_result is not None, timeout=10_000)
    settle(qtbot)
    assert tab.expiry_result == due                                                 # what it showed, exactly
    assert services.points.vouchers.balance(director, rid).balance == before - line.lapsed
    assert str(due.points) in page.banner.text() and not tab.expiry_run.isEnabled()
    assert tab.expiry.due == ExpiryRun(0, 0) and all(not x.lapsed for x in tab.expiry.lines)
