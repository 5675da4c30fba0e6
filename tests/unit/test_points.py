"""Community points on a real database: earning rules and caps, awards (one, an event, from the time bank), redeeming
at the desk, honouring and cancelling vouchers, expiry oldest-first, settlements; every refusal writes nothing; two
desks cannot both take the last item; thousands of random operations keep every invariant (hypothesis, stateful)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tempfile
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.models import AccountKind, EntryKind, LedgerAccount, LedgerEntry, RuleSet, ServiceRecord, Unit, VoucherStatus
from app.services.core.audit import AuditFilter
from app.services.core.auth import Actor
from app.services.core.clock import LOCAL_TZ, FakeClock
from app.services.core.container import Services, open_services
from app.services.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationError
from app.services.documents.passbook import render_passbook
from app.services.documents.vouchers import render_settlement, render_voucher
from app.services.ledger import posting as ledger
from app.services.ledger.points.check import check as check_points
from app.services.ledger.points.data import (
    CODE_ALPHABET,
    AwardInfo,
    AwardInput,
    Block,
    ExpiryRun,
    MerchantInput,
    OutOfStock,
    PointsBalance,
    RewardInput,
    RuleInput,
    VoucherInfo,
    amount_fen,
    normalise_code,
    yuan,
)
from app.services.ledger.points.lots import Expiry, Move, lapse_instant, replay
from app.services.ledger.points.rules import award_for_service, revoke_for_service
from app.services.ledger.posting import InsufficientBalance
from app.services.ledger.timebank import NewVolunteer, RecordFilter, ServiceInput
from app.services.people.residents import ResidentSummary
from tests.unit.conftest import NOW, Community

TODAY = date(2026, 11, 20)  # NOW is 10:00 in Beijing on this day


@dataclass(frozen=True)
class Scheme:
    hour: uuid.UUID          # volunteer hour: 10 a hour, at most 60 a day, valid 365 days
    suggestion: uuid.UUID    # 建言献策: 50, at most 100 a month, valid 30 days
    meeting: uuid.UUID       # 议事会: 20, never expires
    market: uuid.UUID        # 积分超市 (the community's own), 1 yuan per 100 points
    noodles: uuid.UUID       # 老街面馆, 0.80 yuan per 100 points
    closed: uuid.UUID        # a merchant no longer in the scheme
    rice: uuid.UUID          # 500 points, 3 in stock, at most 2 per resident
    bowl: uuid.UUID          # 200 points, 1 in stock
    old_offer: uuid.UUID     # ended last month
    new_offer: uuid.UUID     # starts next month
    closed_reward: uuid.UUID


def make_scheme(svc: Services, admin: Actor) -> Scheme:
    rules, shop = svc.points.rules, svc.points.catalogue
    hour = rules.create_rule(admin, RuleInput("volunteer_hour", "志愿服务", 10, daily_cap=60, valid_days=365)).id
    suggestion = rules.create_rule(admin, RuleInput("suggestion", "建言献策", 50, monthly_cap=100, valid_days=30)).id
    meeting = rules.create_rule(admin, RuleInput("meeting", "居民议事会", 20)).id
    market = shop.create_merchant(admin, MerchantInput("幸福里积分超市", "other", 100, "刘晓燕", "0412-5581234",
                                                       "社区服务中心一楼")).id
    noodles = shop.create_merchant(admin, MerchantInput("老街面馆", "catering", 80, "王师傅", "13998765432")).id
    closed = shop.create_merchant(admin, MerchantInput("停业书店", "education", 100, phone="0412-5581234")).id
    rice = shop.create_reward(admin, RewardInput(market, "东北大米 5斤", 500, per_resident_limit=2), stock=3).id
    bowl = shop.create_reward(admin, RewardInput(noodles, "牛肉面一碗", 200), stock=1).id
    old = shop.create_reward(admin, RewardInput(market, "中秋月饼", 100, valid_to=date(2026, 10, 31)), stock=5).id
    new = shop.create_reward(admin, RewardInput(market, "春联", 100, valid_from=date(2026, 12, 1)), stock=5).id
    closed_reward = shop.create_reward(admin, RewardInput(closed, "儿童绘本", 100), stock=5).id
    shop.update_merchant(admin, closed, MerchantInput("停业书店", "education", 100, phone="0412-5581234", active=False))
    return Scheme(hour, suggestion, meeting, market, noodles, closed, rice, bowl, old, new, closed_reward)


@pytest.fixture
def scheme(services: Services, admin: Actor) -> Scheme:
    return make_scheme(services, admin)


def give(svc: Services, clerk: Actor, rule: uuid.UUID, *who: ResidentSummary, quantity: int = 1,
         on: date | None = None, event: str = "") -> list[AwardInfo]:
    return svc.points.rules.award(clerk, AwardInput(rule, tuple(r.id for r in who), on, quantity, event))


def pdf_text(path: Path) -> str:
    """The printed text read back with poppler, white space dropped (table cells wrap where they like)."""
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(text.split())


def printed(expected: str, text: str) -> bool:
    return "".join(expected.split()) in text


def footprint(svc: Services) -> dict[str, int]:
    """Row counts of everything a points operation could write, the audit trail included."""
    tables = ("audit_log", "ledger_entry", "ledger_posting", "ledger_account", "points_award", "points_voucher",
              "points_stock_move", "rule_set")
    with closing(sqlite3.connect(svc.paths.database)) as conn:
        counts = {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}
        counts["stock"] = int(conn.execute("SELECT coalesce(sum(stock), 0) FROM points_reward").fetchone()[0])
        counts["honoured"] = int(conn.execute(
            "SELECT count(*) FROM points_voucher WHERE status != 'issued'").fetchone()[0])
    return counts


def healthy(svc: Services) -> None:
    problems = svc.verify.run()
    assert problems == [], [p.render() for p in problems]


# --- earning ------------------------------------------------------------------------------------


def test_rules_are_checked_field_by_field_and_versioned(services: Services, admin: Actor, clerk: Actor,
                                                        scheme: Scheme) -> None:
    with pytest.raises(ValidationError) as exc:
        services.points.rules.create_rule(admin, RuleInput("lottery", "", 0, daily_cap=-1, monthly_cap=5,
                                                     valid_days=0))
    assert set(exc.value.errors) == {"kind", "name", "points", "daily_cap", "valid_days"}
    with pytest.raises(ValidationError) as exc:  # verified service earns by one rule only
        services.points.rules.create_rule(admin, RuleInput("volunteer_hour", "志愿服务加倍", 20))
    assert set(exc.value.errors) == {"kind"}
    with pytest.raises(ValidationError) as exc:
        services.points.rules.create_rule(admin, RuleInput("other", "建言献策", 5))
    assert "already a rule called" in exc.value.errors["name"].render()
    with pytest.raises(PermissionDenied):
        services.points.rules.create_rule(clerk, RuleInput("other", "垃圾分类", 5))
    with services.db.reading() as session:
        versions = list(session.scalars(select(RuleSet.version).where(RuleSet.scope == "points")))
    assert sorted(versions) == [1, 2, 3]  # one snapshot per change
    changed = services.points.rules.update_rule(admin, scheme.meeting,
                                                RuleInput("meeting", "居民议事会", 25, active=False))
    assert (changed.points, changed.active) == (25, False)
    assert [r.name for r in services.points.rules.rules(clerk, active_only=True)] == ["志愿服务", "建言献策"]


def test_an_event_awards_everyone_or_nobody(services: Services, clerk: Actor, admin: Actor, scheme: Scheme,
                                            residents: dict[str, ResidentSummary]) -> None:
    zhang, wang, li = residents["张三"], residents["王芳"], residents["李建国"]
    [first] = give(services, clerk, scheme.suggestion, zhang, quantity=2, on=TODAY - timedelta(days=2))
    assert (first.points, first.expires_on, first.kind.value) == (100, TODAY + timedelta(days=28), "suggestion")
    before = footprint(services)
    with pytest.raises(ValidationError) as exc:  # 张三 has reached this month's cap: nobody gets anything
        give(services, clerk, scheme.suggestion, wang, zhang, li, event="楼道改造意见征集")
    assert "张三" in exc.value.errors["residents"].render() and "王芳" not in exc.value.errors["residents"].render()
    assert footprint(services) == before
    awarded = give(services, clerk, scheme.suggestion, wang, li, event="楼道改造意见征集")
    assert [(a.resident_name, a.points, a.event) for a in awarded] == [("王芳", 50, "楼道改造意见征集"),
                                                                       ("李建国", 50, "楼道改造意见征集")]
    assert len({a.entry_id for a in awarded}) == 2  # one entry, one lot each
    assert services.points.vouchers.balance(clerk, wang.id).balance == 50
    give(services, clerk, scheme.suggestion, zhang, on=date(2026, 12, 1) - timedelta(days=31))  # October's cap
    with pytest.raises(ValidationError) as exc:
        give(services, clerk, scheme.suggestion, zhang, on=TODAY + timedelta(days=1))
    assert "earned_on" in exc.value.errors
    with pytest.raises(ValidationError) as exc:  # points of a deed 40 days ago would have lapsed already
        give(services, clerk, scheme.suggestion, li, on=TODAY - timedelta(days=40))
    assert "lapse at once" in exc.value.errors["earned_on"].render()
    revoked = services.points.rules.revoke_award(admin, awarded[1].id, "名单录入错误")
    assert services.points.vouchers.balance(clerk, li.id).balance == 0
    assert [a.revoked for a in services.points.rules.awards(clerk, li.id)] == [True]
    assert ledger.show(Unit.POINTS, 50) == "50 积分" and revoked
    healthy(services)


def test_verified_service_earns_points_once_and_within_the_daily_cap(services: Services, timebank: Actor,
                                                                     admin: Actor, clerk: Actor, scheme: Scheme,
                                                                     residents: dict[str, ResidentSummary]) -> None:
    zhang = residents["张三"]
    v = services.timebank.volunteers.register(timebank, NewVolunteer(zhang.id))
    day = TODAY - timedelta(days=1)
    morning = services.timebank.records.record(timebank, ServiceInput(v.id, "cleaning", day, time(8, 0), time(10, 30)))
    evening = services.timebank.records.record(timebank, ServiceInput(v.id, "meal", day, time(17, 0), time(21, 0)))
    services.timebank.records.verify(admin, [morning.id, evening.id])
    assert services.points.vouchers.balance(clerk, zhang.id).balance == 0  # verified is not yet credited
    services.timebank.records.credit(timebank, [morning.id])
    services.timebank.records.credit(timebank, [evening.id])
    awards = services.points.rules.awards(clerk, zhang.id)
    # 2.5 hours earn 25; 4 hours would earn 40 but the daily cap of 60 leaves 35.
    assert sorted((a.points, a.reference) for a in awards) == [(25, f"service:{morning.id}"),
                                                               (35, f"service:{evening.id}")]
    assert all(a.expires_on == day + timedelta(days=365) for a in awards)
    with services.db.transaction() as session:  # the hook again for the same record: nothing more
        rec = session.get(ServiceRecord, morning.id)
        assert rec is not None and award_for_service(session, rec, admin.user_id) is None
    assert services.points.vouchers.balance(clerk, zhang.id).balance == 60
    memo = services.points.settlement.statement(clerk, zhang.id).lines[0].memo
    assert memo.startswith("积分获得：志愿服务（助洁")
    healthy(services)


def test_service_earns_nothing_without_a_volunteer_hour_rule(services: Services, timebank: Actor, admin: Actor,
                                                             residents: dict[str, ResidentSummary]) -> None:
    v = services.timebank.volunteers.register(timebank, NewVolunteer(residents["李建国"].id))
    rec = services.timebank.records.record(timebank, ServiceInput(v.id, "repair", TODAY, time(8, 0), time(9, 0)))
    services.timebank.records.verify(admin, [rec.id])
    services.timebank.records.credit(timebank, [rec.id])
    assert services.points.vouchers.balance(admin, residents["李建国"].id).balance == 0
    assert services.timebank.statements.balance(timebank, residents["李建国"].id) == 60


def _credited(svc: Services, timebank: Actor, admin: Actor, who: ResidentSummary, start: time,
              end: time) -> tuple[uuid.UUID, uuid.UUID]:
    """A service of ``who`` yesterday, verified and credited: (the record, its time-bank entry)."""
    found = [v for v in svc.timebank.volunteers.volunteers(timebank) if v.resident_id == who.id]
    volunteer = found[0].id if found else svc.timebank.volunteers.register(timebank, NewVolunteer(who.id)).id
    rec = svc.timebank.records.record(timebank, ServiceInput(volunteer, "cleaning", TODAY - timedelta(days=1), start,
                                                             end))
    svc.timebank.records.verify(admin, [rec.id])
    [done] = svc.timebank.records.credit(timebank, [rec.id])
    assert done.entry_id is not None
    return rec.id, done.entry_id


def test_reversing_a_service_credit_takes_its_points_back_once(services: Services, timebank: Actor, admin: Actor,
                                                               clerk: Actor, scheme: Scheme,
                                                               residents: dict[str, ResidentSummary]) -> None:
    zhang = residents["张三"]
    give(services, clerk, scheme.meeting, zhang)                                     # 20 of his own
    rec, entry = _credited(services, timebank, admin, zhang, time(8, 0), time(11, 0))  # 3 hours: 30 points
    assert services.points.vouchers.balance(clerk, zhang.id).balance == 50
    services.timebank.records.reverse(timebank, entry, "服务记录填错了人")
    assert services.points.vouchers.balance(clerk, zhang.id).balance == 20  # exactly the service's 30
    assert services.timebank.statements.balance(timebank, zhang.id) == 0
    service_award = next(a for a in services.points.rules.awards(clerk, zhang.id) if a.reference == f"service:{rec}")
    assert service_award.revoked
    kinds = [line.kind for line in services.points.settlement.statement(clerk, zhang.id).lines]
    assert kinds == [EntryKind.EARN, EntryKind.EARN, EntryKind.REVERSAL]
    last = services.points.settlement.statement(clerk, zhang.id).lines[-1]
    assert last.memo.startswith("撤销积分：积分获得：志愿服务")
    before = footprint(services)
    with pytest.raises(Conflict):                                                    # a second reversal: refused
        services.timebank.records.reverse(timebank, entry, "再冲一次")
    assert footprint(services) == before and services.points.vouchers.balance(clerk, zhang.id).balance == 20
    with services.db.transaction() as session:                                       # the hook again: nothing
        record = session.get(ServiceRecord, rec)
        assert record is not None and revoke_for_service(session, record, admin.user_id, "x") is None
    assert footprint(services) == before
    # Points revoked by hand first: the time-bank reversal then takes the hours back and the points not twice.
    rec2, entry2 = _credited(services, timebank, admin, zhang, time(14, 0), time(16, 0))  # 2 hours: 20 points
    award2 = next(a for a in services.points.rules.awards(clerk, zhang.id) if a.reference == f"service:{rec2}")
    services.points.rules.revoke_award(admin, award2.id, "先撤销积分")
    services.timebank.records.reverse(timebank, entry2, "服务未发生")
    assert services.points.vouchers.balance(clerk, zhang.id).balance == 20
    assert services.timebank.statements.balance(timebank, zhang.id) == 0
    healthy(services)


def test_a_service_credit_whose_points_were_spent_is_not_reversed(services: Services, timebank: Actor,
                                                                  admin: Actor, clerk: Actor, scheme: Scheme,
                                                                  residents: dict[str, ResidentSummary]) -> None:
    wang = residents["王芳"]
    services.points.catalogue.update_reward(admin, scheme.bowl, RewardInput(scheme.noodles, "牛肉面一碗", 30))
    rec, entry = _credited(services, timebank, admin, wang, time(8, 0), time(11, 0))  # 30 points
    voucher = services.points.vouchers.redeem(clerk, wang.id, scheme.bowl)
    before = footprint(services)
    with pytest.raises(Conflict) as refused:  # the hours and their points go back together, or neither does
        services.timebank.records.reverse(timebank, entry, "服务记录有误")
    assert "30 points, of which 0 are left" in refused.value.render()
    assert footprint(services) == before
    assert services.timebank.statements.balance(timebank, wang.id) == 180
    assert [r.status.value for r in services.timebank.records.records(timebank,
                                                                      RecordFilter()) if r.id == rec] == ["credited"]
    services.points.vouchers.cancel(clerk, voucher.id, "先退回兑换")                             # the points come back
    services.timebank.records.reverse(timebank, entry, "服务记录有误")
    assert services.points.vouchers.balance(clerk, wang.id).balance == 0
    assert services.timebank.statements.balance(timebank, wang.id) == 0
    healthy(services)


# --- redeeming ----------------------------------------------------------------------------------


def test_redeem_moves_points_and_stock_together_and_prints_a_voucher(
        services: Services, clerk: Actor, admin: Actor, scheme: Scheme, residents: dict[str, ResidentSummary],
        tmp_path: Path) -> None:
    zhang = residents["张三"]
    give(services, clerk, scheme.meeting, zhang, quantity=15)
    give(services, clerk, scheme.meeting, zhang, quantity=15)
    voucher = services.points.vouchers.redeem(clerk, zhang.id, scheme.rice)
    assert (voucher.points, voucher.status, voucher.merchant_name) == (500, VoucherStatus.ISSUED, "幸福里积分超市")
    assert len(voucher.code) == 9 and voucher.code[4] == "-"
    assert set(normalise_code(voucher.code)) <= set(CODE_ALPHABET)
    assert services.points.vouchers.balance(clerk, zhang.id).balance == 100
    [rice] = [r for r in services.points.catalogue.rewards(clerk, scheme.market) if r.id == scheme.rice]
    assert rice.stock == 2
    moves = services.points.catalogue.stock_moves(clerk, scheme.rice)
    assert [(m.kind.value, m.delta, m.voucher_code) for m in moves] == [("initial", 3, ""),
                                                                         ("redeem", -1, voucher.code)]
    assert services.points.vouchers.voucher(clerk, voucher.code.lower().replace("-", " ")).id == voucher.id
    out = tmp_path / "voucher.pdf"
    assert render_voucher(services.points.vouchers.voucher_print(clerk, voucher.id), out) == 1
    text = pdf_text(out)
    for expected in ("积分兑换券", f"兑换码 {voucher.code}", "东北大米 5斤", "500 积分", "幸福里积分超市",
                     "社区服务中心一楼", "张*", "刘晓燕"):
        assert printed(expected, text), expected
    assert "张三" not in text  # the voucher goes to the merchant: the name is masked
    healthy(services)


def test_honour_once_and_cancel_by_reversal(services: Services, clerk: Actor, admin: Actor, scheme: Scheme,
                                            residents: dict[str, ResidentSummary], tmp_path: Path) -> None:
    zhang = residents["张三"]
    give(services, clerk, scheme.meeting, zhang, quantity=20)
    give(services, clerk, scheme.meeting, zhang, quantity=20)
    first = services.points.vouchers.redeem(clerk, zhang.id, scheme.rice)
    second = services.points.vouchers.redeem(clerk, zhang.id, scheme.bowl)
    honoured = services.points.vouchers.honour(clerk, first.code, merchant_id=scheme.market)
    assert (honoured.status, honoured.honoured_by) == (VoucherStatus.HONOURED, "刘晓燕")
    cancelled = services.points.vouchers.cancel(clerk, second.id, "居民改换其他商品")
    assert (cancelled.status, cancelled.cancel_reason) == (VoucherStatus.CANCELLED, "居民改换其他商品")
    assert services.points.vouchers.balance(clerk, zhang.id).balance == 800 - 500 - 200 + 200
    [bowl] = [r for r in services.points.catalogue.rewards(clerk) if r.id == scheme.bowl]
    assert bowl.stock == 1 and bowl.redeemable
    lines = services.points.settlement.statement(clerk, zhang.id).lines
    redemption = next(x for x in lines if x.entry_id == second.entry_id)
    reversal = next(x for x in lines if x.entry_id == cancelled.cancel_entry_id)
    assert redemption.reversed_by == reversal.entry_id and reversal.reverses == second.entry_id
    assert reversal.memo.startswith("撤销兑换：积分兑换：老街面馆 牛肉面一碗")
    with services.db.reading() as session:  # nothing was deleted: the voucher and its first entry remain
        assert session.get(LedgerEntry, second.entry_id) is not None
    out = tmp_path / "reprint.pdf"
    render_voucher(services.points.vouchers.voucher_print(clerk, second.id), out)
    assert printed("本券已撤销，仅供存档", pdf_text(out))
    healthy(services)



def test_the_screen_says_what_redeem_does_for_every_resident_and_reward(
        services: Services, clerk: Actor, scheme: Scheme, residents: dict[str, ResidentSummary]) -> None:
    """``choice`` (what the redemption screen shows) and ``redeem`` apply one rule: for every resident and reward,
    a reward offered as redeemable is redeemed, and one refused is refused with the same words; 差 N 分 is the
    difference between the price and the points valid now."""
    zhang, wang, li = residents["张三"], residents["王芳"], residents["李建国"]
    for _ in range(3):
        give(services, clerk, scheme.meeting, zhang, quantity=24)      # 1440
    give(services, clerk, scheme.meeting, wang, quantity=5)            # 100
    desk = services.points.vouchers
    desk.redeem(clerk, zhang.id, scheme.rice)
    desk.redeem(clerk, zhang.id, scheme.rice)                          # 张三 has had his two rice
    shown = {o.reward.name: o for o in desk.choice(clerk, wang.id).offers}
    rice = shown["东北大米 5斤"]
    assert rice.refusal is not None and rice.refusal.block is Block.SHORT and rice.refusal.shortfall == 400
    assert rice.refusal.short.render() == "400 points short" and rice.balance == 100
    assert shown["牛肉面一碗"].refusal is not None and shown["牛肉面一碗"].refusal.shortfall == 100
    assert {n: o.refusal.block for n, o in shown.items() if o.refusal and o.refusal.block is not Block.SHORT} == {
        "中秋月饼": Block.ENDED, "春联": Block.NOT_YET, "儿童绘本": Block.MERCHANT_PAUSED}
    assert next(o for o in desk.choice(clerk, zhang.id).offers if o.reward.id == scheme.rice).refusal.block \
        is Block.LIMIT  # type: ignore[union-attr]
    nobody = {o.reward.name: o for o in desk.choice(clerk, None).offers}
    assert nobody["东北大米 5斤"].redeemable and nobody["东北大米 5斤"].balance is None
    assert [o.reward.redeemable for o in nobody.values()] == [o.redeemable for o in nobody.values()]
    ids = [o.reward.id for o in nobody.values()]
    for who in (zhang, wang, li):
        for reward_id in ids:  # asked afresh before each: a redemption changes the points and the stock
            offer = next(o for o in desk.choice(clerk, who.id).offers if o.reward.id == reward_id)
            before = desk.balance(clerk, who.id).available
            try:
                desk.redeem(clerk, who.id, offer.reward.id)
            except DomainError as exc:
                assert offer.refusal is not None and exc.render() == offer.refusal.message.render(), offer
            else:
                assert offer.refusal is None, offer
                assert offer.balance == before and offer.after == desk.balance(clerk, who.id).available
    healthy(services)


def test_every_refusal_says_why_and_writes_nothing(services: Services, clerk: Actor, admin: Actor, scheme: Scheme,
                                                   residents: dict[str, ResidentSummary],
                                                   clock: FakeClock) -> None:
    zhang, wang, li = residents["张三"], residents["王芳"], residents["李建国"]
    for _ in range(3):
        give(services, clerk, scheme.meeting, zhang, quantity=24)
    give(services, clerk, scheme.meeting, li, quantity=24)
    give(services, clerk, scheme.meeting, wang, quantity=5)
    desk = services.points.vouchers
    honoured = desk.redeem(clerk, zhang.id, scheme.rice)
    desk.honour(clerk, honoured.code)
    kept = desk.redeem(clerk, zhang.id, scheme.rice)      # 张三's second and last rice
    cancelled = desk.redeem(clerk, li.id, scheme.bowl)      # the only bowl ...
    desk.cancel(clerk, cancelled.id, "录入错误")             # ... back in stock
    last_bowl = desk.redeem(clerk, li.id, scheme.bowl)      # and gone again
    attempts: list[tuple[Callable[[], Any], type[DomainError], str]] = [
        (lambda: desk.redeem(clerk, wang.id, scheme.rice), InsufficientBalance, "王芳 has 100 points"),
        (lambda: desk.redeem(clerk, zhang.id, scheme.bowl), OutOfStock, "牛肉面一碗 is out of stock"),
        (lambda: desk.redeem(clerk, zhang.id, scheme.rice), ValidationError, "the limit is 2 per"),
        (lambda: desk.redeem(clerk, zhang.id, scheme.old_offer), ValidationError, "until 2026-10-31"),
        (lambda: desk.redeem(clerk, zhang.id, scheme.new_offer), ValidationError, "from 2026-12-01"),
        (lambda: desk.redeem(clerk, zhang.id, scheme.closed_reward), ValidationError,
         "停业书店 is not an active partner merchant"),
        (lambda: desk.redeem(clerk, None, scheme.rice), ValidationError, "Please choose a resident"),
        (lambda: desk.honour(clerk, honoured.code), Conflict, "already honoured"),
        (lambda: desk.honour(clerk, cancelled.code), Conflict, "was cancelled"),
        (lambda: desk.honour(clerk, kept.code, merchant_id=scheme.noodles), ValidationError,
         "is for 幸福里积分超市"),
        (lambda: desk.honour(clerk, "2345-6789"), NotFound, "no voucher 2345-6789"),
        (lambda: desk.honour(clerk, "12"), ValidationError, "has 8 letters"),
        (lambda: desk.cancel(clerk, honoured.id, "反悔"), Conflict, "is 已核销"),
        (lambda: desk.cancel(clerk, cancelled.id, "再撤一次"), Conflict, "is 已撤销"),
        (lambda: desk.cancel(clerk, kept.id, "  "), ValidationError, "reason"),
        (lambda: services.points.catalogue.restock(admin, scheme.rice, -5, "破损"), ValidationError, "Only 1 of"),
        (lambda: desk.redeem(admin, li.id, scheme.bowl), OutOfStock, "out of stock"),
        (lambda: services.points.rules.award(clerk, AwardInput(scheme.meeting, ())), ValidationError, "who earns"),
        (lambda: services.points.catalogue.create_merchant(clerk, MerchantInput("新商户", "catering", 100,
                                                                                 phone="0412-5581234")),
         PermissionDenied, "merchants"),
        (lambda: services.points.settlement.expire(clerk), PermissionDenied, "points_rules"),
    ]
    before = footprint(services)
    balances = {r.id: services.points.vouchers.balance(clerk, r.id) for r in (zhang, wang, li)}
    audit = len(services.audit.entries(admin, AuditFilter()))
    for attempt, error, words in attempts:
        with pytest.raises(error) as exc:
            attempt()
        assert words in exc.value.render(), (words, exc.value.render())
    assert footprint(services) == before
    assert len(services.audit.entries(admin, AuditFilter())) == audit
    assert {r.id: services.points.vouchers.balance(clerk, r.id) for r in (zhang, wang, li)} == balances
    assert services.points.vouchers.voucher(clerk, last_bowl.code).status is VoucherStatus.ISSUED
    healthy(services)


def test_two_desks_cannot_both_take_the_last_item(services: Services, clerk: Actor, admin: Actor, scheme: Scheme,
                                                  residents: dict[str, ResidentSummary], clock: FakeClock) -> None:
    zhang, li = residents["张三"], residents["李建国"]
    for r in (zhang, li):
        give(services, clerk, scheme.meeting, r, quantity=20)
    desks = [open_services(services.paths.data_dir, clock=clock) for _ in range(2)]  # two connections each
    barrier = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def desk(n: int, who: ResidentSummary) -> None:
        barrier.wait()
        try:
            outcome[who.name] = desks[n].points.vouchers.redeem(clerk, who.id, scheme.bowl)
        except DomainError as exc:
            outcome[who.name] = exc

    threads = [threading.Thread(target=desk, args=(n, r)) for n, r in enumerate((zhang, li))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for d in desks:
        d.close()
    won = [k for k, v in outcome.items() if isinstance(v, VoucherInfo)]
    lost = [v for v in outcome.values() if isinstance(v, OutOfStock)]
    assert len(won) == 1 and len(lost) == 1, outcome
    loser = li if won == ["张三"] else zhang
    assert services.points.vouchers.balance(clerk, loser.id).balance == 400  # the loser's points never moved
    [bowl] = [r for r in services.points.catalogue.rewards(clerk) if r.id == scheme.bowl]
    assert bowl.stock == 0 and sum(m.delta for m in services.points.catalogue.stock_moves(clerk, scheme.bowl)) == 0
    healthy(services)


# --- expiry -------------------------------------------------------------------------------------


def test_oldest_points_are_spent_first_and_lapsed_ones_expire_once(
        services: Services, clerk: Actor, admin: Actor, scheme: Scheme, residents: dict[str, ResidentSummary],
        clock: FakeClock, tmp_path: Path) -> None:
    wang = residents["王芳"]
    services.points.catalogue.update_reward(admin, scheme.bowl, RewardInput(scheme.noodles, "牛肉面一碗", 60))
    services.points.catalogue.restock(admin, scheme.bowl, 5, "补货")
    give(services, clerk, scheme.suggestion, wang, quantity=2)                      # 100, valid 30 days
    clock.advance(timedelta(days=10))
    give(services, clerk, scheme.meeting, wang, quantity=2)                         # 40, never expire
    first = services.points.vouchers.redeem(clerk, wang.id, scheme.bowl)                     # 60 of the oldest
    held = services.points.vouchers.balance(clerk, wang.id)
    assert (held.balance, held.available, held.expiring) == (80, 80, (Expiry(TODAY + timedelta(days=30), 40),))
    clock.set(lapse_instant(TODAY + timedelta(days=30)) - timedelta(seconds=1))
    assert services.points.vouchers.balance(clerk, wang.id).expired_due == 0
    clock.advance(timedelta(seconds=1))                                             # midnight: 40 lapse
    held = services.points.vouchers.balance(clerk, wang.id)
    assert (held.balance, held.available, held.expired_due, held.expiring) == (80, 40, 40, ())
    statement = services.points.settlement.statement(clerk, wang.id)
    assert statement.expired_due == 40
    assert services.points.settlement.expire(admin) == ExpiryRun(1, 40)
    assert services.points.settlement.expire(admin) == ExpiryRun(0, 0)                  # idempotent
    # The voucher cancelled after the lapse: its 60 go back to the lot they came from, which has lapsed too.
    services.points.vouchers.cancel(clerk, first.id, "商户暂停营业")
    held = services.points.vouchers.balance(clerk, wang.id)
    assert (held.balance, held.available, held.expired_due) == (100, 40, 60)
    with pytest.raises(InsufficientBalance):  # redeeming first expires what lapsed: 40 left, 60 needed
        services.points.vouchers.redeem(clerk, wang.id, scheme.bowl)
    assert services.points.vouchers.balance(clerk, wang.id).balance == 100  # the refusal rolled the expiry back too
    assert services.points.settlement.expire(admin) == ExpiryRun(1, 60)
    kinds = [line.kind for line in services.points.settlement.statement(clerk, wang.id).lines]
    assert kinds == [EntryKind.EARN, EntryKind.EARN, EntryKind.REDEMPTION, EntryKind.EXPIRY, EntryKind.REVERSAL,
                     EntryKind.EXPIRY]
    healthy(services)


def test_the_expiry_preview_shows_what_the_pass_will_take_and_writes_nothing(
        services: Services, clerk: Actor, admin: Actor, scheme: Scheme, residents: dict[str, ResidentSummary],
        clock: FakeClock) -> None:
    zhang, wang = residents["张三"], residents["王芳"]
    give(services, clerk, scheme.suggestion, zhang, wang)                               # 50 each, valid 30 days
    give(services, clerk, scheme.meeting, wang)                                         # 20, never expire
    preview = services.points.settlement.expiry_preview(admin, days=30)
    assert (preview.due, preview.coming) == (ExpiryRun(0, 0), ExpiryRun(2, 100))
    assert {(x.name, x.lapsed, x.soon, x.next_day) for x in preview.lines} == {
        ("张三", 0, 50, TODAY + timedelta(days=30)), ("王芳", 0, 50, TODAY + timedelta(days=30))}
    assert services.points.settlement.expiry_preview(admin, days=29).lines == ()                  # past the horizon
    clock.set(lapse_instant(TODAY + timedelta(days=30)))
    before = footprint(services)
    preview = services.points.settlement.expiry_preview(admin)
    assert (preview.due, preview.coming) == (ExpiryRun(2, 100), ExpiryRun(0, 0))
    assert footprint(services) == before                                              # a preview writes nothing
    with pytest.raises(PermissionDenied):
        services.points.settlement.expiry_preview(clerk)
    assert services.points.settlement.expire(admin) == preview.due                     # what it said, exactly
    assert services.points.settlement.expiry_preview(admin).lines == ()
    healthy(services)


def test_statement_prints_points_and_what_expires_when(services: Services, clerk: Actor, scheme: Scheme,
                                                       residents: dict[str, ResidentSummary], tmp_path: Path) -> None:
    zhang = residents["张三"]
    give(services, clerk, scheme.meeting, zhang, quantity=24)
    give(services, clerk, scheme.suggestion, zhang, event="加装电梯方案")
    services.points.vouchers.redeem(clerk, zhang.id, scheme.rice)
    out = tmp_path / "statement.pdf"
    render_passbook(services.points.settlement.statement(clerk, zhang.id), out)
    text = pdf_text(out)
    for expected in ("社区积分对账单", "张三", "当前结余", "30 积分", "2026-12-20 到期 30 积分",
                     "积分获得：建言献策（加装电梯方案）", "积分兑换：幸福里积分超市 东北大米 5斤", "刘晓燕",
                     "单位：积分"):
        assert printed(expected, text), expected
    assert "小时" not in text


def test_replay_restores_a_cancelled_redemption_to_its_own_lots() -> None:
    at = datetime(2026, 1, 1, tzinfo=LOCAL_TZ)
    a, b, r, x = (uuid.uuid4() for _ in range(4))
    moves = [Move(a, at, EntryKind.EARN, 30, None), Move(b, at + timedelta(days=1), EntryKind.EARN, 50, None),
             Move(r, at + timedelta(days=2), EntryKind.REDEMPTION, -40, None),
             Move(x, at + timedelta(days=3), EntryKind.REVERSAL, 40, r)]
    lots = replay(moves[:3], {a: date(2026, 1, 10), b: None})
    assert [lot.left for lot in lots] == [0, 40]                                   # oldest first
    lots = replay(moves, {a: date(2026, 1, 10), b: None})
    assert [(lot.left, lot.last_day) for lot in lots] == [(30, date(2026, 1, 10)), (50, None)]


# --- settlement ---------------------------------------------------------------------------------


def test_settlement_of_a_merchant_reconciles_with_the_ledger(services: Services, clerk: Actor, admin: Actor,
                                                             scheme: Scheme, residents: dict[str, ResidentSummary],
                                                             clock: FakeClock, tmp_path: Path) -> None:
    services.points.catalogue.restock(admin, scheme.bowl, 9, "新到货")
    for r in residents.values():
        give(services, clerk, scheme.meeting, r, quantity=20)
    vouchers = [services.points.vouchers.redeem(clerk, r.id, scheme.bowl) for r in residents.values()]
    services.points.vouchers.honour(clerk, vouchers[0].code)                   # at 0.80 yuan per 100 points
    services.points.catalogue.update_merchant(admin, scheme.noodles,
                                              MerchantInput("老街面馆", "catering", 95, phone="0412-5581234"))
    services.points.vouchers.honour(clerk, vouchers[1].code)                   # at the new rate
    services.points.vouchers.cancel(clerk, vouchers[2].id, "居民未取")          # cancelled: not settled
    clock.advance(timedelta(days=20))
    services.points.vouchers.honour(clerk, vouchers[3].code)                   # next month: another period
    data = services.points.settlement.settlement(admin, scheme.noodles, date(2026, 11, 1), date(2026, 11, 30))
    assert [(x.points, x.rate_fen_per_100, x.amount_fen) for x in data.lines] == [(200, 80, 160), (200, 95, 190)]
    assert (data.total_points, data.total_fen, data.ledger_points, data.reconciled) == (400, 350, 400, True)
    assert yuan(data.total_fen) == "3.50" and amount_fen(1, 95) == 1
    december = services.points.settlement.settlement(admin, scheme.noodles, date(2026, 12, 1), date(2026, 12, 31))
    assert (december.total_points, len(december.lines)) == (200, 1)
    with pytest.raises(PermissionDenied):
        services.points.settlement.settlement(clerk, scheme.noodles, date(2026, 11, 1), date(2026, 11, 30))
    pdf_out = tmp_path / "settlement.pdf"
    render_settlement(data, pdf_out)
    text = pdf_text(pdf_out)
    for expected in ("积分兑换结算单", "老街面馆（餐饮）", "2026-11-01 至 2026-11-30", "2 笔", "400 积分", "¥3.50",
                     "与积分账一致", vouchers[0].code, vouchers[1].code, "0.80", "1.60", "0.95", "1.90", "合计"):
        assert printed(expected, text), expected
    assert not printed(vouchers[2].code, text) and not printed(vouchers[3].code, text)
    xlsx = tmp_path / "settlement.xlsx"
    services.points.settlement.export_settlement_xlsx(admin, scheme.noodles, date(2026, 11, 1), date(2026, 11, 30),
                                                      xlsx)
    wb = load_workbook(xlsx)
    summary = {row[0]: row[1] for row in wb["结算汇总"].iter_rows(values_only=True)}
    assert (summary["积分合计"], summary["应付金额（元）"], summary["账务核对"]) == (400, 3.5, "一致")
    rows = list(wb["核销明细"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:-1]] == [vouchers[0].code, vouchers[1].code] and rows[-1][4] == 400
    healthy(services)


# --- the database guards ------------------------------------------------------------------------


def test_history_is_append_only_and_verify_names_a_forged_stock(services: Services, clerk: Actor, admin: Actor,
                                                                scheme: Scheme,
                                                                residents: dict[str, ResidentSummary]) -> None:
    give(services, clerk, scheme.meeting, residents["张三"], quantity=15)
    give(services, clerk, scheme.meeting, residents["张三"], quantity=15)
    services.points.vouchers.redeem(clerk, residents["张三"].id, scheme.rice)
    with closing(sqlite3.connect(services.paths.database)) as conn:
        for sql in ("UPDATE points_award SET points = 1000", "DELETE FROM points_award",
                    "UPDATE points_stock_move SET delta = 10", "DELETE FROM points_stock_move"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
        conn.execute("UPDATE points_reward SET stock = 99 WHERE name = '东北大米 5斤'")
        conn.execute("UPDATE points_voucher SET points = 1")
        conn.commit()
    problems = "\n".join(m.render() for m in services.verify.run())
    assert "东北大米 5斤: stock 99 but its stock moves sum to 2" in problems
    assert "is for 1 points but its ledger entry took 500" in problems
    assert "the ledger holds 500 but the vouchers not cancelled add up to 1" in problems


# --- stateful: random sequences -----------------------------------------------------------------


class Desk(RuleBasedStateMachine):
    """Random earn / redeem / honour / cancel / expire / restock sequences on a fresh copy of the test community,
    with an independent model of balances, stock, vouchers and what each merchant is owed."""

    template: Community
    done: Counter[str] = Counter()

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="points-")) / "data"
        shutil.copytree(self.template.folder, self.folder)
        self.clock = FakeClock(NOW)
        self.svc = open_services(self.folder, clock=self.clock)
        self.admin, self.clerk = self.template.admin, self.template.clerk
        self.s = make_scheme(self.svc, self.admin)
        self.people = [r.id for r in self.template.residents.values()]
        self.rewards = {self.s.rice: 60, self.s.bowl: 20}  # cheaper than in the rule tests: many redemptions
        self.svc.points.catalogue.update_reward(self.admin, self.s.rice, RewardInput(self.s.market, "东北大米 5斤", 60,
                                                                           per_resident_limit=2))
        self.svc.points.catalogue.update_reward(self.admin, self.s.bowl, RewardInput(self.s.noodles, "牛肉面一碗", 20))
        self.svc.points.rules.update_rule(self.admin, self.s.meeting, RuleInput("meeting", "居民议事会", 40))
        for reward in self.rewards:
            self.svc.points.catalogue.restock(self.admin, reward, 10, "开业备货")
        self.merchant_of = {self.s.rice: self.s.market, self.s.bowl: self.s.noodles}
        self.rate = {self.s.market: 100, self.s.noodles: 80}
        self.balance = dict.fromkeys(self.people, 0)
        self.awarded = 0
        self.stock = {self.s.rice: 13, self.s.bowl: 11}
        self.vouchers: dict[uuid.UUID, tuple[str, uuid.UUID, uuid.UUID, str]] = {}  # id: code, who, reward, state
        self.owed: Counter[uuid.UUID] = Counter()   # merchant: points honoured
        self.fen: Counter[uuid.UUID] = Counter()
        self.lots: list[tuple[uuid.UUID, int, date | None]] = []  # (who, points, last day) of every award
        self.suggested: Counter[tuple[uuid.UUID, int, int]] = Counter()  # suggestion points per resident and month
        opening = self.svc.points.rules.award(self.clerk,
                                              AwardInput(self.s.meeting, tuple(self.people), None, 4, "开业"))
        for award in opening:
            self.balance[award.resident_id] += award.points
            self.awarded += award.points
            self.lots.append((award.resident_id, award.points, award.expires_on))

    def teardown(self) -> None:
        self.svc.close()
        shutil.rmtree(self.folder.parent, ignore_errors=True)

    def _refused(self, why: str) -> None:
        Desk.done["refused"] += 1
        Desk.done[f"refused: {why}"] += 1

    @rule(who=st.integers(0, 4), which=st.sampled_from(["suggestion", "meeting"]), quantity=st.integers(1, 3))
    def earn(self, who: int, which: str, quantity: int) -> None:
        """Points for one resident, or (4) for all four at an event: all or none."""
        ids = self.people if who == 4 else [self.people[who]]
        rule_id = self.s.suggestion if which == "suggestion" else self.s.meeting
        today = self.clock.now().astimezone(LOCAL_TZ).date()
        if which == "suggestion":
            quantity = 1 + quantity // 3  # mostly one suggestion; now and then two, past the cap with a third
        used = {rid: self.suggested[(rid, today.year, today.month)] for rid in ids}
        try:
            awards = self.svc.points.rules.award(self.clerk, AwardInput(rule_id, tuple(ids), None, quantity))
        except ValidationError:  # past the monthly cap, for one of them at least: nobody got anything
            assert which == "suggestion" and max(used.values()) + quantity * 50 > 100
            self._refused("cap")
            return
        assert [a.resident_id for a in awards] == ids
        for award in awards:
            rid = award.resident_id
            if which == "suggestion":
                assert used[rid] + award.points <= 100
                self.suggested[(rid, today.year, today.month)] += award.points
            self.balance[rid] += award.points
            self.awarded += award.points
            self.lots.append((rid, award.points, award.expires_on))
        Desk.done["earned"] += len(awards)

    @rule(who=st.integers(0, 3), rice=st.booleans())
    def redeem(self, who: int, rice: bool) -> None:
        rid, reward = self.people[who], (self.s.rice if rice else self.s.bowl)
        held = self._held(rid)
        had = sum(1 for _c, w, r, state in self.vouchers.values() if w == rid and r == reward and state != "cancelled")
        try:
            v = self.svc.points.vouchers.redeem(self.clerk, rid, reward)
        except ValidationError:
            assert rice and had >= 2
            self._refused("limit")
            return
        except OutOfStock:
            assert self.stock[reward] == 0
            self._refused("stock")
            return
        except InsufficientBalance:  # what lapsed was expired first, then refused: all of it rolled back
            assert held.available < self.rewards[reward] and self.stock[reward] > 0
            self._refused("points")
            return
        assert held.available >= self.rewards[reward] and self.stock[reward] > 0 and not (rice and had >= 2)
        self.balance[rid] -= held.expired_due + self.rewards[reward]  # lapsed points expire first
        if held.expired_due:
            Desk.done["expired_by_redemption"] += 1
        self.stock[reward] -= 1
        self.vouchers[v.id] = (v.code, rid, reward, "issued")
        Desk.done["redeemed"] += 1

    def _pick(self, pick: int, used: bool) -> uuid.UUID:
        """A voucher still issued, or (``used``) one already honoured or cancelled when there is one."""
        issued = [vid for vid, v in self.vouchers.items() if v[3] == "issued"]
        done = [vid for vid, v in self.vouchers.items() if v[3] != "issued"]
        pool = done if used and done else issued
        return pool[pick % len(pool)]

    # Few rules, each doing several kinds of thing: hypothesis switches whole rules off in some runs (swarm
    # testing), and with few rules every kind of operation still comes up in numbers, also in CI's fixed runs.

    @precondition(lambda self: any(v[3] == "issued" for v in self.vouchers.values()))
    @rule(pick=st.integers(0, 10_000), action=st.integers(0, 5))
    def close(self, pick: int, action: int) -> None:
        """Honour (even) or cancel (odd) a voucher still issued, or (5) try either on one already honoured or
        cancelled."""
        honour = action % 2 == 0 if action < 5 else pick % 2 == 0
        vid = self._pick(pick, used=action == 5)
        code, rid, reward, state = self.vouchers[vid]
        try:
            if honour:
                self.svc.points.vouchers.honour(self.clerk, code)
            else:
                self.svc.points.vouchers.cancel(self.clerk, vid, "居民要求撤销")
        except Conflict:
            assert state != "issued"
            self._refused("used")
            return
        assert state == "issued"
        if honour:
            self.vouchers[vid] = (code, rid, reward, "honoured")
            merchant = self.merchant_of[reward]
            self.owed[merchant] += self.rewards[reward]
            self.fen[merchant] += amount_fen(self.rewards[reward], self.rate[merchant])
            Desk.done["honoured"] += 1
        else:
            self.vouchers[vid] = (code, rid, reward, "cancelled")
            self.balance[rid] += self.rewards[reward]
            self.stock[reward] += 1
            Desk.done["cancelled"] += 1

    @rule(days=st.integers(0, 30), expire=st.booleans(), delivered=st.integers(0, 3))
    def later(self, days: int, expire: bool, delivered: int) -> None:
        """Ten days or more pass (suggestions' 30 days run out); new stock may come; the expiry pass may run."""
        self.clock.advance(timedelta(days=10 + days))
        for reward in self.rewards if delivered else ():
            self.svc.points.catalogue.restock(self.admin, reward, delivered, "补货")
            self.stock[reward] += delivered
        if not expire:
            return
        before = {rid: self._held(rid) for rid in self.people}
        run = self.svc.points.settlement.expire(self.admin)
        assert run.points == sum(b.expired_due for b in before.values())
        assert run.residents == sum(1 for b in before.values() if b.expired_due)
        for rid, b in before.items():
            self.balance[rid] -= b.expired_due
        Desk.done["expired" if run.points else "expired_nothing"] += 1
        assert self.svc.points.settlement.expire(self.admin) == ExpiryRun(0, 0)  # at most once

    def _held(self, rid: uuid.UUID) -> PointsBalance:
        held = self.svc.points.vouchers.balance(self.clerk, rid)
        assert held.balance == self.balance[rid] and 0 <= held.available <= held.balance
        # Whatever is available came from awards still valid: lapsed points are never spent.
        today = self.clock.now().astimezone(LOCAL_TZ).date()
        assert held.available <= sum(p for who, p, last in self.lots if who == rid and (last is None or last >= today))
        return held

    @invariant()
    def books_agree(self) -> None:
        held = self.svc.points.vouchers.balances(self.clerk, self.people)
        assert {rid: held.get(rid, 0) for rid in self.people} == self.balance
        stock = {r.id: r.stock for r in self.svc.points.catalogue.rewards(self.admin)}
        assert all(stock[reward] == expected >= 0 for reward, expected in self.stock.items()), (stock, self.stock)
        states = Counter(state for _c, _w, _r, state in self.vouchers.values())
        honoured = self.svc.points.vouchers.vouchers(self.admin, status=VoucherStatus.HONOURED)
        assert len(honoured) == states["honoured"] and len({v.id for v in honoured}) == len(honoured)
        for merchant in (self.s.market, self.s.noodles):
            data = self.svc.points.settlement.settlement(self.admin, merchant, date(2026, 1, 1), date(2040, 12, 31))
            assert (data.total_points, data.total_fen) == (self.owed[merchant], self.fen[merchant])
            assert data.reconciled
        with self.svc.db.reading() as session:
            issue = ledger.find_account(session, Unit.POINTS, AccountKind.ISSUE)
            assert (issue.balance if issue else 0) == -self.awarded     # every point issued is accounted for
            total = session.scalar(select(func.sum(LedgerAccount.balance)).where(LedgerAccount.unit == Unit.POINTS))
            assert (total or 0) == 0                                      # points are conserved
            problems = ledger.check(session) + check_points(session)
        assert problems == [], [p.render() for p in problems]


def test_random_sequences_keep_every_invariant(community_template: Community) -> None:
    Desk.template = community_template
    Desk.done.clear()
    run_state_machine_as_test(Desk, settings=settings(
        max_examples=15, stateful_step_count=50, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    done = Desk.done
    # Thresholds at about half of what the fixed (CI) runs do: 170 awards, 85 redemptions, 32 honoured, 13 cancelled,
    # 102 refusals; expiries at about a third of the fixed runs' 16, since a random run was seen with 8 (an expiry
    # needs a pass to run after lapsed points are left, so it varies most); cancellations at a fifth of their 13 (a
    # random run was seen with 4: a cancellation needs a voucher not yet honoured, and honouring races it).
    assert done["earned"] > 80 and done["redeemed"] > 40 and done["honoured"] > 15 and done["cancelled"] >= 2, done
    assert done["expired"] + done["expired_by_redemption"] >= 5 and done["refused"] > 50, done


def test_permissions_of_the_desk_and_of_the_office(services: Services, clerk: Actor, timebank: Actor, admin: Actor,
                                                   scheme: Scheme, residents: dict[str, ResidentSummary]) -> None:
    zhang = residents["张三"]
    with pytest.raises(PermissionDenied):  # the time-bank officer's hours earn points, but they do not award them
        give(services, timebank, scheme.meeting, zhang)
    with pytest.raises(PermissionDenied):
        services.points.catalogue.restock(clerk, scheme.rice, 5)
    with pytest.raises(PermissionDenied):
        services.points.rules.revoke_award(clerk, uuid.uuid4(), "x")
    assert services.points.rules.rules(clerk) == services.points.rules.rules(admin)
