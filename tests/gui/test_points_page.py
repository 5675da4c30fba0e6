"""The points desk through the real widgets: a redemption from search to printed voucher, and one refused."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt

from app.models import VoucherStatus
from app.services import demo_data as dd
from app.services.auth import Actor
from app.services.container import Services
from app.services.points import RewardInput, normalise_code
from app.views.main_window import MainWindow
from app.views.points_page import PointsPage
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
    vouchers = services.points.vouchers(clerk)
    ids = list({v.resident_id for v in vouchers})
    held = services.points.balances(clerk, ids)
    rid = max(ids, key=lambda i: (held.get(i, 0), str(i)))
    return services.points.balance(clerk, rid).name, rid


def test_redeem_from_search_to_printed_voucher(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                               window: MainWindow) -> None:
    page = _page(window)
    name, rid = _richest(services, clerk)
    before = services.points.balance(clerk, rid)
    _find(page, name)
    assert page.balance_label.text().startswith(str(before.available))
    reward = next(r for r in (page.rewards_model.row_at(i) for i in range(page.rewards_model.rowCount()))
                  if r.redeemable and r.price <= before.available and r.per_resident_limit is None)
    page.select_reward(reward.name)
    answer_next_question(yes=True)
    qtbot.mouseClick(page.redeem_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.voucher_pdf is not None)
    voucher = services.points.vouchers(clerk, resident_id=rid)[0]
    assert voucher.reward_id == reward.id and voucher.status is VoucherStatus.ISSUED
    assert voucher.code in page.banner.text()
    assert services.points.balance(clerk, rid).balance == before.balance - reward.price
    assert page.preview is not None and page.preview.isVisible()
    assert page.voucher_pdf is not None
    text = pdf_text(page.voucher_pdf)
    assert voucher.code in text or normalise_code(voucher.code) in normalise_code(text)
    page.preview.close()
    # the merchant reports it used: honour by the code as typed
    page.code_edit.setText(voucher.code.lower())
    qtbot.mouseClick(page.honour_button, Qt.MouseButton.LeftButton)
    assert services.points.voucher(clerk, voucher.code).status is VoucherStatus.HONOURED
    # a second honour is refused, in words
    page.code_edit.setText(voucher.code)
    qtbot.mouseClick(page.honour_button, Qt.MouseButton.LeftButton)
    assert page.banner.isVisible() and voucher.code in page.banner.text()


def test_not_enough_points_is_refused_and_nothing_written(qtbot, services: Services, clerk: Actor,  # type: ignore[no-untyped-def]
                                                          window: MainWindow) -> None:
    page = _page(window)
    name, rid = _richest(services, clerk)
    before = services.points.balance(clerk, rid)
    _find(page, name)
    rewards = [page.rewards_model.row_at(i) for i in range(page.rewards_model.rowCount())]
    dearest = max(rewards, key=lambda r: r.price)
    if dearest.price <= before.available:
        director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
        dearest = services.points.update_reward(director, dearest.id, RewardInput(
            dearest.merchant_id, dearest.name, before.available + 1, per_resident_limit=dearest.per_resident_limit))
        page.load_rewards()
    page.select_reward(dearest.name)
    vouchers = len(services.points.vouchers(clerk))
    stock = next(r.stock for r in services.points.rewards(clerk) if r.id == dearest.id)
    assert page.redeem() is None
    assert "积分" in page.banner.text() and name in page.banner.text()
    assert page.voucher_pdf is None
    assert len(services.points.vouchers(clerk)) == vouchers
    assert services.points.balance(clerk, rid).balance == before.balance
    assert next(r.stock for r in services.points.rewards(clerk) if r.id == dearest.id) == stock


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
    before = services.points.balance(clerk, rid).balance
    cheap = min((r for r in services.points.rewards(clerk, redeemable_only=True)), key=lambda r: r.price)
    voucher = services.points.redeem(clerk, rid, cheap.id)
    cancelled = page.cancel(voucher, "居民改换其他商品")
    assert cancelled is not None and cancelled.status is VoucherStatus.CANCELLED
    assert services.points.balance(clerk, rid).balance == before
    assert voucher.code in page.banner.text()
