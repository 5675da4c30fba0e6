"""The points desk through the real widgets: a redemption from search to printed voucher, and one refused; the
director's settlement; earning rules with their messages under the fields, revoking an award with its reason, and
the expiry pass shown before it is confirmed."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QMessageBox

from app.demo import data as dd
from app.models import VoucherStatus
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.ledger.points.data import (
    AwardInput,
    ExpiryRun,
    RewardInput,
    RewardOffer,
    RuleInput,
    normalise_code,
)
from app.views.main_window import MainWindow
from app.views.points.dialogs import RevokeAwardDialog, RuleDialog
from app.views.points.page import PointsPage
from app.views.points.redeem import RedeemTab
from tests.gui.helpers import answer_next_question, matches_of, pdf_text, settle


def _page(qtbot, window: MainWindow) -> PointsPage:  # type: ignore[no-untyped-def]
    page = window.show_page("points")
    assert isinstance(page, PointsPage)
    settle(qtbot)  # the page's tabs are read off the GUI thread
    return page


def _find(qtbot, tab: RedeemTab, name: str) -> None:  # type: ignore[no-untyped-def]
    tab.redeem_resident.edit.setText(name)
    found = matches_of(qtbot, tab.redeem_resident)
    match = next(r for r in found if r.name == name)
    tab.redeem_resident.choose(match)
    settle(qtbot)  # the balance and vouchers are read off the GUI thread


def _richest(services: Services, clerk: Actor) -> tuple[str, uuid.UUID]:
    vouchers = services.points.vouchers.vouchers(clerk)
    ids = list({v.resident_id for v in vouchers})
    held = services.points.vouchers.balances(clerk, ids)
    rid = max(ids, key=lambda i: (held.get(i, 0), str(i)))
    return services.points.vouchers.balance(clerk, rid).name, rid


def _offers(tab: RedeemTab) -> list[RewardOffer]:
    return [tab.rewards_model.row_at(i) for i in range(tab.rewards_model.rowCount())]


def _plain(banner: QLabel) -> str:
    """What the clerk reads in the banner (its rich text without the markup)."""
    doc = QTextDocument()
    doc.setHtml(banner.text())
    return doc.toPlainText()


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_redeem_from_search_to_printed_voucher(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                               window: MainWindow) -> None:
    page = _page(qtbot, window)
    tab = page.redeem_tab
    name, rid = _richest(services, clerk)
    before = services.points.vouchers.balance(clerk, rid)
    _find(qtbot, tab, name)
    assert tab.balance_label.text().startswith(str(before.available))
    offer = next(o for o in _offers(tab) if o.redeemable and o.reward.per_resident_limit is None)
    assert offer.reward.price <= before.available and tab.can_text(offer) == "可兑换"
    tab.select_reward(offer.reward.name)
    assert tab.redeem_button.isEnabled()
    asked: list[str] = []

    def answer(tries: int = 50) -> None:  # the confirmation says the points before and after, then Enter = Yes
        boxes = _boxes()
        if not boxes:
            assert tries > 0, "no confirmation box appeared"
            QTimer.singleShot(20, lambda: answer(tries - 1))
            return
        asked.append(boxes[0].text())
        QTest.keyClick(boxes[0], Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(tab.redeem_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.voucher_pdf is not None)
    after = before.available - offer.reward.price
    assert asked and f"兑换前 {before.available} 分" in asked[0] and f"兑换后 {after} 分" in asked[0], asked
    voucher = services.points.vouchers.vouchers(clerk, resident_id=rid)[0]
    assert voucher.reward_id == offer.reward.id and voucher.status is VoucherStatus.ISSUED
    assert services.points.vouchers.balance(clerk, rid).balance == before.balance - offer.reward.price
    # the voucher is in the printing folder, and the banner names it in words, with no path
    assert tab.voucher_pdf is not None and tab.voucher_pdf.parent == services.paths.printouts
    assert re.fullmatch(r"兑换券-\d{8}-\d{4}\.pdf", tab.voucher_pdf.name)
    said = _plain(page.banner)
    assert voucher.code in said and f"已保存到打印文件夹：{tab.voucher_pdf.name}" in said and "打开打印文件夹" in said
    assert "/" not in said and "\\" not in said and str(services.paths.data_dir) not in page.banner.text()
    assert tab.preview is not None and tab.preview.isVisible()
    text = pdf_text(tab.voucher_pdf)
    assert voucher.code in text or normalise_code(voucher.code) in normalise_code(text)
    tab.preview.close()
    settle(qtbot)
    assert tab.balance_label.text().startswith(str(after))  # read again after the redemption
    # the merchant reports it used: honour by the code as typed, on the vouchers tab (the list shows it whole)
    vouchers = page.vouchers_tab
    assert vouchers.vouchers_model.rowCount() >= 1 and vouchers.vouchers_model.row_at(0).code == voucher.code
    vouchers.code_edit.setText(voucher.code.lower())
    qtbot.mouseClick(vouchers.honour_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert services.points.vouchers.voucher(clerk, voucher.code).status is VoucherStatus.HONOURED
    # a second honour is refused, in words
    vouchers.code_edit.setText(voucher.code)
    qtbot.mouseClick(vouchers.honour_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.banner.isVisible() and voucher.code in page.banner.text()


def test_too_few_points_shows_the_shortfall_and_no_dialog(qtbot, services: Services,  # type: ignore[no-untyped-def]
                                                           clerk: Actor, window: MainWindow) -> None:
    """A resident whose points do not cover a reward sees 差 N 分 in the list, the 兑换 button disabled and the reason
    beside it, before any question; clicking it opens nothing and writes nothing. The service refuses the same way
    when asked directly (the screen and the rule are one)."""
    page = _page(qtbot, window)
    tab = page.redeem_tab
    name, rid = _richest(services, clerk)
    before = services.points.vouchers.balance(clerk, rid)
    _find(qtbot, tab, name)
    dearest = max(_offers(tab), key=lambda o: o.reward.price).reward
    if dearest.price <= before.available:
        director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
        services.points.catalogue.update_reward(director, dearest.id, RewardInput(
            dearest.merchant_id, dearest.name, before.available + 1, per_resident_limit=dearest.per_resident_limit))
        tab.refresh()
        settle(qtbot)
    offer = tab.select_reward(dearest.name)
    short = offer.reward.price - before.available
    assert offer.refusal is not None and offer.refusal.shortfall == short
    row_ = next(i for i, o in enumerate(_offers(tab)) if o.reward.id == dearest.id)
    assert tab.rewards_model.index(row_, tab.rewards_model.columnCount() - 1).data() == f"差 {short} 分"
    assert not tab.redeem_button.isEnabled()
    assert tab.reason.isVisible() and str(before.available) in tab.reason.text() and name in tab.reason.text()
    vouchers = len(services.points.vouchers.vouchers(clerk))
    stock = next(r.stock for r in services.points.catalogue.rewards(clerk) if r.id == dearest.id)
    qtbot.mouseClick(tab.redeem_button, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    assert _boxes() == []                                  # no confirmation: the reason was said before
    settle(qtbot)
    assert tab.redeemed is None and tab.voucher_pdf is None
    tab.redeem()                                           # past the button: the service says the same
    settle(qtbot)
    assert tab.redeemed is None
    said = f"{name} 现有 {before.available} 积分，兑换 {dearest.name} 需要 {offer.reward.price} 积分。"
    assert page.banner.text() == tab.reason.text() == said
    assert len(services.points.vouchers.vouchers(clerk)) == vouchers
    assert services.points.vouchers.balance(clerk, rid).balance == before.balance
    assert next(r.stock for r in services.points.catalogue.rewards(clerk) if r.id == dearest.id) == stock


def test_a_voucher_and_a_receipt_land_in_the_same_printing_folder(  # type: ignore[no-untyped-def]
        qtbot, services: Services, clerk: Actor, window: MainWindow) -> None:
    """Every printed file goes to one place, named by what it is: a voucher and a receipt side by side in the
    printing folder, their text read back from the PDFs; the banner link opens that folder."""
    page = _page(qtbot, window)
    tab = page.redeem_tab
    name, rid = _richest(services, clerk)
    _find(qtbot, tab, name)
    offer = next(o for o in _offers(tab) if o.redeemable)
    tab.select_reward(offer.reward.name)
    tab.redeem()
    qtbot.waitUntil(lambda: tab.voucher_pdf is not None)
    assert tab.preview is not None
    tab.preview.close()
    home = window.show_page("home")
    settle(qtbot)
    home.table.selectRow(0)
    case_no = home.model.row_at(0).case_no
    qtbot.mouseClick(home.reprint_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert home.preview is not None
    receipt = home.preview.pdf_path
    home.preview.close()
    voucher = tab.voucher_pdf
    assert voucher is not None and receipt.parent == voucher.parent == services.paths.printouts
    assert sorted(p.name for p in services.paths.printouts.iterdir() if p.suffix == ".pdf") == sorted(
        [voucher.name, receipt.name])
    assert receipt.name.startswith("回执-") and voucher.name.startswith("兑换券-")
    assert case_no in pdf_text(receipt) and "兑换" in pdf_text(voucher)
    said = _plain(home.banner)
    assert f"已保存到打印文件夹：{receipt.name}" in said and "/" not in said
    opened: list[QUrl] = []
    catcher = _UrlCatcher(opened)
    QDesktopServices.setUrlHandler("file", catcher, "open_url")
    try:
        home.banner.linkActivated.emit("printing-folder")   # as a click on 打开打印文件夹
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in opened] == [services.paths.printouts]


class _UrlCatcher(QObject):
    def __init__(self, opened: list[QUrl]) -> None:
        super().__init__()
        self.opened = opened

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.opened.append(url)


def test_director_settles_restocks_and_a_voucher_is_cancelled(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                                               tmp_path) -> None:
    director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
    window = MainWindow(services, director)
    qtbot.addWidget(window)
    page = _page(qtbot, window)
    settling, shop = page.settle_tab, page.catalogue_tab
    assert page.tabs.isTabVisible(page.tabs.indexOf(settling)) and shop.merchant_new.isEnabled()
    settling.settle_merchant.setCurrentIndex(settling.settle_merchant.findText("幸福里积分超市"))
    settling.settle_since.setDate(settling.settle_until.date().addDays(-60))
    settling.show_settlement()
    settle(qtbot)
    data = settling.settlement
    assert data is not None and data.reconciled
    assert settling.settle_model.rowCount() == len(data.lines)
    assert str(data.total_points) in settling.settle_total.text()
    settling.print_settlement()
    settle(qtbot)
    printed = settling.settlement_pdf
    assert printed is not None and printed.parent == services.paths.printouts and printed.name.startswith("积分结算单-")
    assert "幸福里积分超市" in pdf_text(printed)
    assert settling.preview is not None
    settling.preview.close()
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
    page.vouchers_tab.cancel(voucher, "居民改换其他商品")
    settle(qtbot)
    cancelled = page.vouchers_tab.cancelled
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
    assert not clerks.tabs.isTabVisible(clerks.tabs.indexOf(clerks.rules_tab))  # no rules at the desk
    assert not clerks.award_tab.award_revoke.isEnabled()
    director, _window, page = _director_page(qtbot, services)
    tab = page.rules_tab
    assert page.tabs.isTabVisible(page.tabs.indexOf(page.rules_tab))
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
    page.tabs.setCurrentWidget(page.award_tab)
    awards = services.points.rules.awards(director)
    held = services.points.vouchers.balances(director, list({a.resident_id for a in awards}))
    award = next(a for a in awards
                 if not a.revoked and a.reference is None and held.get(a.resident_id, 0) >= a.points)
    before = services.points.vouchers.balance(director, award.resident_id).balance
    tab.awards_of.edit.setText(award.resident_name)
    tab.awards_of.choose(next(r for r in matches_of(qtbot, tab.awards_of) if r.id == award.resident_id))
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
    status = tab.awards_model.index(row_now, tab.awards_model.columnCount() - 2).data()  # the event is last
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
    page.tabs.setCurrentWidget(page.rules_tab)
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
