"""The resource list (资源清单, issue 22): partners and their offers, what they gave over the year (hand-counted),
the resources suggested for a dispatched or whistled request and the referral recorded on its timeline, the points
merchants as partners of the same register, and every form of bad input refused with nothing written."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from datetime import date

import pytest

from app.domain.enums import EventKind, PartnerKind
from app.services.core.errors import Conflict, PermissionDenied, ValidationError
from app.services.ledger.points.data import MerchantInput
from app.services.programmes.partner_data import ContributionInput, OfferInput, PartnerInput
from tests.unit import casework
from tests.unit.casework import Casework

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

TODAY = date(2026, 11, 20)  # NOW in Beijing
NEED = "独居老人家里需要保洁，想问问有没有优惠的家政服务，另外最近血压偏高。"


def _partner(cw: Casework, name: str, kind: str, *offers: OfferInput, contact: str = "李经理",
             phone: str = "13904121234", active: bool = True) -> uuid.UUID:
    p = cw.services.partners.create_partner(cw.clerk, PartnerInput(name, kind, contact, phone, active=active))
    for offer in offers:
        cw.services.partners.save_offer(cw.clerk, p.id, None, offer)
    return p.id


def _register(cw: Casework) -> dict[str, uuid.UUID]:
    return {
        "家政": _partner(cw, "安心家政公司", "company",
                       OfferInput("家政8折", "每天", "8:00-18:00", ("LIFE-HOUSEKEEP",), "保洁 家政")),
        "医院": _partner(cw, "站前医院", "hospital",
                       OfferInput("义诊", "每月第一个周六", "8:30-11:00", ("HEALTH",), "血压、血糖")),
        "法律": _partner(cw, "站前法律援助工作站", "legal",
                       OfferInput("免费法律咨询", "周三", "14:00-17:00", ("RIGHTS-LEGAL",), "合同 纠纷")),
        "学校": _partner(cw, "站前第二小学", "school", OfferInput("开放操场", "周末", "6:00-8:00", (), "操场")),
        "停办": _partner(cw, "停业保洁队", "company", OfferInput("上门保洁", classes=("LIFE-HOUSEKEEP",)),
                       active=False),
        "下架": _partner(cw, "旧家政站", "company", OfferInput("家政服务", classes=("LIFE-HOUSEKEEP",),
                                                            active=False)),
    }


def _count(cw: Casework, table: str) -> int:
    return int(cw.sql(f'SELECT count(*) AS n FROM "{table}"')[0]["n"])


def test_a_dispatched_request_is_suggested_the_partners_whose_offers_fit_it(cw: Casework) -> None:
    ids = _register(cw)
    case = cw.new_case(sub="LIFE-HOUSEKEEP", text=NEED)
    cw.flow.dispatch(cw.clerk, case)
    found = cw.services.partners.suggestions(cw.clerk, case)
    # 家政8折: its sub-category (3) and two of its words (1 each); 义诊: the word 血压 only (its class is HEALTH).
    # The switched-off partner and the switched-off offer are never suggested; the law and the school do not fit.
    assert [(s.partner_name, s.offer_what, s.score) for s in found] == [("安心家政公司", "家政8折", 5),
                                                                         ("站前医院", "义诊", 1)]
    assert found[0].reasons == ("家政服务", "“保洁”、“家政”") and found[1].reasons == ("“血压”",)
    assert found[0].when == "每天 8:00-18:00" and not any(s.referred for s in found)
    assert found[0].partner_id == ids["家政"] and found[0].phone == "13904121234"


def test_a_class_matches_when_the_sub_category_does_not(cw: Casework) -> None:
    _register(cw)
    case = cw.new_case(sub="HEALTH-ESCORT", text="老人行动不便，需要有人陪同去医院复查。")
    cw.flow.call_departments(cw.clerk, case, [cw.department("社区卫生服务站")], hours=4)  # whistled (吹哨)
    [only] = cw.services.partners.suggestions(cw.clerk, case)
    assert (only.partner_name, only.score, only.reasons) == ("站前医院", 2, ("健康医疗",))


def test_referring_a_request_records_it_on_the_list_and_on_the_timeline_in_one_step(cw: Casework) -> None:
    ids = _register(cw)
    case = cw.new_case(sub="LIFE-HOUSEKEEP", text=NEED)
    cw.flow.dispatch(cw.clerk, case)
    [first, _] = cw.services.partners.suggestions(cw.clerk, case)
    before = cw.case(case)
    done = cw.services.partners.refer(cw.clerk, case, first.partner_id, first.offer_id, "已电话联系李经理")
    assert (done.what, done.referral, done.on, done.case_no) == ("转介：家政8折", True, TODAY, before["case_no"])
    assert cw.kinds(case)[-1] == EventKind.PARTNER_HELPED.value
    event = cw.events(case)[-1]
    assert event["note"] == "已电话联系李经理" and "安心家政公司" in event["data"]
    after = cw.case(case)
    assert after["status"] == before["status"] == "dispatched" and after["due_at"] == before["due_at"]
    cw.assert_cache_is_the_fold()  # the fold ignores the partner's event
    again = cw.services.partners.suggestions(cw.clerk, case)
    assert [(s.partner_name, s.referred) for s in again] == [("安心家政公司", True), ("站前医院", False)]
    detail = cw.flow.detail(cw.clerk, case)
    last = detail.timeline[-1]
    assert last.kind is EventKind.PARTNER_HELPED and last.data["partner"] == "安心家政公司"
    row = next(r for r in cw.services.partners.partners(cw.clerk) if r.id == ids["家政"])
    assert (row.records, row.cases) == (1, 1)


def test_the_yearly_contribution_figures_are_counted_by_hand(cw: Casework) -> None:
    ids = _register(cw)
    partners = cw.services.partners
    one = cw.new_case(sub="LIFE-HOUSEKEEP", text=NEED)
    two = cw.new_case(sub="HEALTH-ESCORT", text="老人需要陪同就医复查。")
    no_one, no_two = cw.case(one)["case_no"], cw.case(two)["case_no"]
    give = [  # (partner, day, people, case number)
        ("医院", date(2026, 3, 7), 86, ""),          # 义诊 in March: 86 people
        ("医院", date(2026, 10, 10), 40, no_one),    # helped on request one
        ("医院", date(2026, 11, 19), 1, no_two),     # helped on request two
        ("医院", date(2026, 11, 20), 1, no_two),     # request two again: still two requests
        ("医院", date(2025, 12, 31), 70, ""),        # last year: not this year's
        ("学校", date(2026, 6, 1), 120, ""),         # 六一 on the playground
    ]
    for who, on, people, number in give:
        partners.record_contribution(cw.clerk, ids[who], ContributionInput("义诊" if who == "医院" else "开放操场",
                                                                           on, people, "", None, number))
    rows = {r.name: r for r in partners.partners(cw.clerk)}
    assert (rows["站前医院"].records, rows["站前医院"].cases, rows["站前医院"].people) == (4, 2, 128)
    assert (rows["站前第二小学"].records, rows["站前第二小学"].cases, rows["站前第二小学"].people) == (1, 0, 120)
    assert (rows["安心家政公司"].records, rows["安心家政公司"].cases) == (0, 0)
    last_year = {r.name: r for r in partners.partners(cw.clerk, year=2025)}
    assert (last_year["站前医院"].records, last_year["站前医院"].people) == (1, 70)
    listed = partners.contributions(cw.clerk, ids["医院"])
    assert [(c.on, c.case_no) for c in listed] == [(date(2026, 11, 20), no_two), (date(2026, 11, 19), no_two),
                                                   (date(2026, 10, 10), no_one), (date(2026, 3, 7), "")]
    assert cw.kinds(two).count(EventKind.PARTNER_HELPED.value) == 2 and listed[0].recorded_by == "刘晓燕"
    with closing(sqlite3.connect(cw.services.paths.database)) as conn:  # the history is append-only
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("DELETE FROM partner_contribution")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE partner_contribution SET people = 0")


def test_the_list_finds_partners_by_name_contact_or_offer(cw: Casework) -> None:
    _register(cw)
    partners = cw.services.partners
    assert [r.name for r in partners.partners(cw.clerk, text="操场")] == ["站前第二小学"]
    assert len(partners.partners(cw.clerk)) == 6 and len(partners.partners(cw.clerk, active_only=True)) == 5


def test_points_merchants_are_partners_of_the_same_register(cw: Casework) -> None:
    shop, partners = cw.services.points.catalogue, cw.services.partners
    noodles = shop.create_merchant(cw.admin, MerchantInput("老街面馆", "catering", 80, "王师傅", "13998765432"))
    [row] = partners.partners(cw.clerk)
    assert (row.name, row.kind, row.merchant, row.id) == ("老街面馆", PartnerKind.MERCHANT, True, noodles.partner_id)
    # the resource list edits the merchant's contact: the points desk reads it there
    assert noodles.partner_id is not None
    partners.update_partner(cw.clerk, noodles.partner_id, PartnerInput("老街面馆", "merchant", "王立新",
                                                                       "13998765432", "站前街 18 号"))
    [merchant] = shop.merchants(cw.admin)
    assert (merchant.contact, merchant.address, merchant.rate_fen_per_100) == ("王立新", "站前街 18 号", 80)
    # a partner already on the list becomes a merchant: picked, not made twice
    shop_id = _partner(cw, "惠民超市", "company", OfferInput("爱心菜篮", "周五", "", ("LIFE",), "买菜"))
    market = shop.create_merchant(cw.admin, MerchantInput("惠民超市", "other", 100, "李经理", "13904121234",
                                                          partner_id=shop_id))
    assert market.partner_id == shop_id and _count(cw, "partner") == 2
    with pytest.raises(ValidationError) as refused:  # it is a merchant already
        shop.create_merchant(cw.admin, MerchantInput("惠民超市", "other", 100,
            phone="0412-5581234", partner_id=shop_id))
    assert set(refused.value.errors) == {"partner"}
    with pytest.raises(ValidationError) as named:    # a new merchant under a partner's name
        shop.create_merchant(cw.admin, MerchantInput("惠民超市", "other", 100, phone="0412-5581234"))
    assert set(named.value.errors) == {"name"}
    assert _count(cw, "partner") == 2 and _count(cw, "points_merchant") == 2


def _footprint(cw: Casework) -> tuple[int, ...]:
    return tuple(_count(cw, t) for t in ("partner", "partner_offer", "partner_contribution", "case_event",
                                         "audit_log"))


def test_bad_input_is_refused_under_its_field_and_nothing_is_written(cw: Casework) -> None:
    ids = _register(cw)
    partners = cw.services.partners
    case = cw.new_case()
    before = _footprint(cw)
    bad_partners = [
        (PartnerInput("无人联系的单位", "company", "", ""), "contact"),                     # no contact at all
        (PartnerInput("号码不对的单位", "company", "王", "12345"), "phone"),                # a bad phone
        (PartnerInput("站前医院", "hospital", "王", "13904121234"), "name"),              # a duplicate name
        (PartnerInput("", "hospital", "王"), "name"),                                       # no name
        (PartnerInput("名" * 61, "hospital", "王"), "name"),                                # too long
        (PartnerInput("某单位", "hospital", "王" * 31), "contact"),
        (PartnerInput("某单位", "hospital", "王", note="备" * 201), "note"),
        (PartnerInput("某单位", "bank", "王"), "kind"),                                     # no such kind
    ]
    for data, field in bad_partners:
        with pytest.raises(ValidationError) as refused:
            partners.create_partner(cw.clerk, data)
        assert field in refused.value.errors, data
    with pytest.raises(ValidationError) as refused:
        partners.save_offer(cw.clerk, ids["医院"], None, OfferInput("  "))                  # no description
    assert set(refused.value.errors) == {"what"}
    with pytest.raises(ValidationError) as refused:
        partners.save_offer(cw.clerk, ids["医院"], None, OfferInput("义" * 61, "周" * 41, classes=("NOPE",)))
    assert set(refused.value.errors) == {"what", "days", "classes"}
    bad_records = [
        (ContributionInput("义诊", date(2026, 11, 21)), "on"),                               # tomorrow
        (ContributionInput("", TODAY), "what"),
        (ContributionInput("义" * 101, TODAY), "what"),
        (ContributionInput("义诊", TODAY, -1), "people"),
        (ContributionInput("义诊", TODAY, value_note="值" * 101), "value_note"),
        (ContributionInput("义诊", TODAY, case_no="20991231-A01-999"), "case_no"),         # no such request
        (ContributionInput("义诊", TODAY, offer_id=uuid.uuid4()), "offer"),
    ]
    for record, field in bad_records:
        with pytest.raises(ValidationError) as refused:
            partners.record_contribution(cw.clerk, ids["医院"], record)
        assert field in refused.value.errors, record
    with pytest.raises(Conflict):
        partners.refer(cw.clerk, case, ids["停办"], None)                                   # switched off
    assert _footprint(cw) == before


def test_the_time_bank_officer_and_the_grid_worker_cannot_use_the_list(cw: Casework) -> None:
    ids = _register(cw)
    for who in (cw.timebank, cw.worker):
        with pytest.raises(PermissionDenied):
            cw.services.partners.partners(who)
        with pytest.raises(PermissionDenied):
            cw.services.partners.record_contribution(who, ids["医院"], ContributionInput("义诊", TODAY))
