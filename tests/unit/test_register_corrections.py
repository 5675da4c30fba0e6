"""Correcting the register: edits keep the old values in the trail, moves and merges keep every request and
balance (``verify`` passes), departed residents drop out of look-ups, every refusal names its field and writes
nothing."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from datetime import date, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.enums import EntryKind, EventKind, ResidentStatus
from app.models import AuditEntry, Case, CaseEvent, Grid, LedgerEntry, Resident, Volunteer
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.core.errors import Conflict, ValidationError
from app.services.documents.masking import mask_id_number
from app.services.ledger.points.data import AwardInput, MerchantInput, RewardInput, RuleInput
from app.services.ledger.timebank import NewVolunteer, ServiceInput
from app.services.people.register import ResidentChanges
from app.services.people.residents import NewResident, ResidentSummary
from tests.unit.conftest import LI_JIANGUO_ID, NOW, ZHANG_SAN_ID

TODAY = date(2026, 11, 20)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(first17: str) -> str:
    """An ID number with its GB 11643 check digit."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def audit_size(services: Services) -> int:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def updates_of(services: Services, entity: str, entity_id: uuid.UUID) -> list[dict[str, Any]]:
    with services.db.reading() as session:
        return [e.details for e in session.scalars(select(AuditEntry).where(
            AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id), AuditEntry.action == "update")
            .order_by(AuditEntry.seq))]


def submit_case(services: Services, actor: Actor, resident_id: uuid.UUID, text: str) -> uuid.UUID:
    options = services.intake.options(actor)
    sub = next(c for c in options.categories if c.code == "LIFE-WATER")
    return services.intake.submit(actor, IntakeForm(
        channel="walk_in", resident_id=resident_id, category_id=sub.parent_id, subcategory_id=sub.id,
        description=text, urgency=3, scope="household")).case_id


# --- edits -----------------------------------------------------------------------------------------------


def test_an_edit_changes_every_field_and_the_trail_keeps_the_old_values(
        services: Services, admin: Actor, residents: dict[str, ResidentSummary]) -> None:
    li = residents["李建国"]
    new_id = id_number("21030219780223003")  # the clerk had typed the day of birth wrong
    edited = services.register.update_resident(admin, li.id, ResidentChanges(
        name="李建军", phone="139 0412 2222", id_number=new_id, gender="", building="7", unit="1", room="502",
        tags=("alone",), notes="耳背，请大声说话"))
    assert (edited.name, edited.phone, edited.id_number, edited.address, edited.tags, edited.notes) == (
        "李建军", "13904122222", mask_id_number(new_id), "7号楼1单元502室", ("alone",), "耳背，请大声说话")
    assert services.residents.reveal_id_number(admin, li.id) == new_id
    assert edited.household_id != li.household_id and edited.age == 48
    # the look-up finds the new name by its pinyin and initials, and the new phone by its last four digits
    for query in ("lijianjun", "ljj", "2222", "7-1-502"):
        assert [r.id for r in services.residents.search(admin, query)] == [li.id], query
    assert services.residents.search(admin, "lijianguo") == []
    [change] = updates_of(services, "resident", li.id)
    assert change["name"] == ["李建国", "李建军"] and change["phone"] == ["13998765432", "13904122222"]
    assert change["id_number"] == [LI_JIANGUO_ID, new_id]  # the trail (administrators only) keeps both whole
    assert change["household_id"][0] == str(li.household_id)


def test_an_unchanged_save_writes_nothing(services: Services, clerk: Actor,
                                          residents: dict[str, ResidentSummary]) -> None:
    wang = residents["王芳"]
    before = audit_size(services)
    same = services.register.update_resident(clerk, wang.id, ResidentChanges(
        name="王芳", phone="0412-5588765", building="3", unit="2", room="302", tags=("alone",), notes=""))
    services.register.update_resident(clerk, wang.id, ResidentChanges())
    assert audit_size(services) == before and same.name == "王芳"


def test_whoever_cannot_see_id_numbers_edits_the_rest_and_keeps_the_number(
        services: Services, timebank: Actor, residents: dict[str, ResidentSummary]) -> None:
    wang = residents["王芳"]  # the time-bank officer sees ID numbers masked
    shown = services.register.update_resident(timebank, wang.id, ResidentChanges(phone="13700001111"))
    assert shown.id_number == "1101**********002X"
    with services.db.reading() as session:
        assert session.get(Resident, wang.id).id_number == "11010519491231002X"  # type: ignore[union-attr]


@pytest.mark.parametrize(("changes", "field"), [
    (ResidentChanges(name=""), "name"),
    (ResidentChanges(name="李2国"), "name"),
    (ResidentChanges(name="已删除居民"), "name"),
    (ResidentChanges(phone="12345"), "phone"),
    (ResidentChanges(id_number="210302197802220031"), "id_number"),   # wrong check digit
    (ResidentChanges(id_number=ZHANG_SAN_ID), "id_number"),          # 张三's
    (ResidentChanges(id_number=""), "id_number"),                    # a number on file is not just dropped
    (ResidentChanges(gender="X"), "gender"),
    (ResidentChanges(gender="F"), "gender"),                         # the ID number says male
    (ResidentChanges(building="三"), "building"),
    (ResidentChanges(room=""), "room"),
    (ResidentChanges(tags=("rich",)), "tags"),
    (ResidentChanges(notes="很" * 501), "notes"),
])
def test_each_refusal_names_its_field_and_writes_nothing(services: Services, admin: Actor,
                                                         residents: dict[str, ResidentSummary],
                                                         changes: ResidentChanges, field: str) -> None:
    li = residents["李建国"]
    typed = ResidentChanges(**{**changes.__dict__, "phone": changes.phone or "13700002222"})  # with a good change
    before = audit_size(services)
    with pytest.raises(ValidationError) as refused:
        services.register.update_resident(admin, li.id, typed)
    assert field in refused.value.errors
    assert audit_size(services) == before
    assert services.residents.get(admin, li.id) == li


def test_a_move_keeps_the_requests_and_balances(services: Services, admin: Actor, clerk: Actor,
                                               timebank: Actor, residents: dict[str, ResidentSummary]) -> None:
    zhang = residents["张三"]
    case_id = submit_case(services, clerk, zhang.id, "厨房水管漏水，已经两天了")
    volunteer = services.timebank.volunteers.register(timebank, NewVolunteer(zhang.id, ("cleaning",)))
    rec = services.timebank.records.record(timebank, ServiceInput(volunteer.id, "cleaning", date(2026, 11, 19),
                                                                  time(9, 0), time(10, 0)))
    services.timebank.records.verify(timebank, [rec.id])
    services.timebank.records.credit(timebank, [rec.id])
    moved = services.register.update_resident(clerk, zhang.id, ResidentChanges(building="9", unit="3", room="601"))
    assert moved.address == "9号楼3单元601室" and moved.open_cases == 1
    assert services.timebank.statements.balance(timebank, zhang.id) == 60
    with services.db.reading() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.resident_id == zhang.id
        assert case.household_id == zhang.household_id  # the request keeps the flat it was about
    assert services.verify.run() == []


# --- households ------------------------------------------------------------------------------------------


def test_a_household_gets_its_grid_tags_and_notes(services: Services, clerk: Actor,
                                                  residents: dict[str, ResidentSummary]) -> None:
    household_id = residents["王芳"].household_id
    assert household_id is not None
    with services.db.transaction() as session:
        grid = Grid(code="G9", name="第九网格")
        retired = Grid(code="G0", name="旧网格", active=False)
        session.add_all([grid, retired])
        session.flush()
        grid_id, retired_id = grid.id, retired.id
    info = services.register.update_household(clerk, household_id, grid_id, ("alone", "disabled"), "腿脚不便")
    assert (info.grid_id, info.tags, info.notes, info.residents) == (grid_id, ("alone", "disabled"), "腿脚不便",
                                                                     ("王芳",))
    before = audit_size(services)
    with pytest.raises(ValidationError) as refused:
        services.register.update_household(clerk, household_id, retired_id, ("rich",), "")
    assert set(refused.value.errors) == {"grid", "tags"} and audit_size(services) == before
    services.register.update_household(clerk, household_id, grid_id, ("disabled", "alone"), "腿脚不便")
    assert audit_size(services) == before  # the same again: nothing written


# --- moved away, deceased --------------------------------------------------------------------------------


def test_departed_residents_drop_out_of_lookups_and_come_back(services: Services, clerk: Actor, timebank: Actor,
                                                              residents: dict[str, ResidentSummary]) -> None:
    li = residents["李建国"]
    services.timebank.volunteers.register(timebank, NewVolunteer(li.id, ("repair",)))
    submit_case(services, clerk, li.id, "楼道灯不亮，晚上看不见路")
    gone = services.register.set_status(clerk, li.id, "moved_away", date(2026, 11, 1), "搬去沈阳女儿家")
    assert (gone.status, gone.status_on, gone.open_cases) == ("moved_away", date(2026, 11, 1), 1)
    assert gone.notes == "2026-11-01 已迁出：搬去沈阳女儿家"
    assert services.residents.search(clerk, "李建国") == []
    assert services.residents.search(clerk, "5-1-101") == []
    assert [r.status for r in services.residents.search(clerk, "李建国", include_departed=True)] == ["moved_away"]
    assert services.timebank.volunteers.volunteers(timebank) == []
    assert services.timebank.volunteers.volunteers(timebank, "李建国") == []
    back = services.register.set_status(clerk, li.id, "active", None)
    assert (back.status, back.status_on) == ("active", None)
    assert [r.id for r in services.residents.search(clerk, "ljg")] == [li.id]


@pytest.mark.parametrize(("status", "on", "field"), [
    ("moved_away", None, "status_on"),
    ("deceased", TODAY + timedelta(days=1), "status_on"),
    ("deceased", date(1970, 1, 1), "status_on"),  # before 李建国 was born
    ("merged", TODAY, "status"),
    ("gone", TODAY, "status"),
])
def test_a_status_refusal_names_its_field_and_writes_nothing(services: Services, clerk: Actor,
                                                             residents: dict[str, ResidentSummary], status: str,
                                                             on: date | None, field: str) -> None:
    before = audit_size(services)
    with pytest.raises(ValidationError) as refused:
        services.register.set_status(clerk, residents["李建国"].id, status, on)
    assert field in refused.value.errors and audit_size(services) == before


# --- merging duplicates ----------------------------------------------------------------------------------


def test_a_merge_moves_requests_points_and_hours_and_verify_passes(
        services: Services, admin: Actor, clerk: Actor, timebank: Actor, clock: FakeClock,
        residents: dict[str, ResidentSummary]) -> None:
    zhang = residents["张三"]
    dup = services.residents.create(clerk, NewResident(name="张三", phone="13812345678", building="3", unit="2",
                                                       room="301"))
    p = services.points
    short = p.rules.create_rule(admin, RuleInput("meeting", "议事会", 20, valid_days=10)).id
    forever = p.rules.create_rule(admin, RuleInput("suggestion", "建言献策", 30)).id
    p.rules.award(clerk, AwardInput(short, (dup.id,), TODAY, quantity=2))       # 40, lapse after 11-30
    p.rules.award(clerk, AwardInput(forever, (dup.id,), TODAY))                 # 30, never lapse
    p.rules.award(clerk, AwardInput(forever, (zhang.id,), TODAY))               # the survivor's own 30
    volunteer = services.timebank.volunteers.register(timebank, NewVolunteer(dup.id, ("cleaning",)))
    rec = services.timebank.records.record(timebank, ServiceInput(volunteer.id, "cleaning", date(2026, 11, 19),
                                                                  time(9, 0), time(10, 30)))
    services.timebank.records.verify(timebank, [rec.id])
    services.timebank.records.credit(timebank, [rec.id])
    own_case = submit_case(services, clerk, dup.id, "厨房水管漏水，楼下天花板湿了")
    joined = submit_case(services, clerk, residents["王芳"].id, "三号楼二单元楼道灯坏了一个星期")
    services.intake.attach(clerk, joined, IntakeForm(channel="walk_in", resident_id=dup.id, category_id=None,
                                                     subcategory_id=None, description="楼道灯坏了", urgency=2,
                                                     scope="building"))

    preview = services.register.merge_preview(admin, dup.id, zhang.id)
    assert (preview.cases, preview.points, preview.minutes, preview.volunteer, preview.problem) == (
        2, 70, 90, volunteer.number, None)
    result = services.register.merge(admin, dup.id, zhang.id, "同一人登记了两次")
    assert (result.cases, result.points, result.minutes, result.volunteer_moved) == (2, 70, 90, True)

    assert p.vouchers.balance(clerk, zhang.id).balance == 100 and p.vouchers.balance(clerk, dup.id).balance == 0
    assert services.timebank.statements.balance(timebank, zhang.id) == 90
    assert services.timebank.statements.balance(timebank, dup.id) == 0
    with services.db.reading() as session:
        assert session.get(Case, own_case).resident_id == zhang.id  # type: ignore[union-attr]
        events = list(session.scalars(select(CaseEvent).where(CaseEvent.kind == EventKind.RESIDENT_MERGED)))
        assert sorted(e.case_id for e in events) == sorted([own_case, joined])
        assert all(e.data["from"] == str(dup.id) and e.data["to"] == str(zhang.id) and e.note == "同一人登记了两次"
                   for e in events)
        merged = session.get(Resident, dup.id)
        assert merged is not None and (merged.status, merged.merged_into_id) == (ResidentStatus.MERGED, zhang.id)
        assert session.scalar(select(Volunteer.resident_id).where(Volunteer.id == volunteer.id)) == zhang.id
        assert len(list(session.scalars(select(LedgerEntry).where(LedgerEntry.kind == EntryKind.MERGE)))) == 2
    assert services.residents.search(clerk, "张三", limit=5) == [services.residents.get(clerk, zhang.id)]
    assert services.residents.get(clerk, zhang.id).open_cases == 1  # the joined one is 王芳's
    assert services.verify.run() == []
    # the merged points keep their expiry: the 40 lapse after 11-30, the rest never
    clock.set(NOW + timedelta(days=11))
    assert services.points.settlement.expire(admin).points == 40
    assert p.vouchers.balance(clerk, zhang.id).balance == 60
    assert services.verify.run() == []


def test_merge_refusals(services: Services, admin: Actor, clerk: Actor,
                        residents: dict[str, ResidentSummary]) -> None:
    zhang, wang = residents["张三"], residents["王芳"]
    before = audit_size(services)
    with pytest.raises(ValidationError) as same:
        services.register.merge(admin, zhang.id, zhang.id, "重复")
    assert "survivor" in same.value.errors
    with pytest.raises(ValidationError) as different:
        services.register.merge(admin, wang.id, zhang.id, "重复")
    assert "different ID numbers" in different.value.render()
    with pytest.raises(ValidationError) as no_reason:
        services.register.merge(admin, wang.id, zhang.id, " ")
    assert "reason" in no_reason.value.errors
    assert audit_size(services) == before
    dup = services.residents.create(clerk, NewResident(name="张三", building="3", unit="2", room="301"))
    services.register.merge(admin, dup.id, zhang.id, "重复")
    with pytest.raises(Conflict):
        services.register.merge(admin, dup.id, zhang.id, "重复")
    other = services.residents.create(clerk, NewResident(name="张三", building="3", unit="2", room="301"))
    with pytest.raises(ValidationError):
        services.register.merge(admin, other.id, dup.id, "重复")  # dup is merged: keep 张三 instead
    preview = services.register.merge_preview(admin, other.id, dup.id)
    assert preview.problem is not None and "merged into another record" in preview.problem.render()
    with pytest.raises(Conflict):
        services.register.update_resident(admin, dup.id, ResidentChanges(name="张三丰"))
    with pytest.raises(ValidationError) as intake:  # a request kept in a draft from before the merge, say
        submit_case(services, clerk, dup.id, "厨房水管漏水，楼下天花板湿了")
    assert "resident" in intake.value.errors


def test_a_duplicate_holding_a_voucher_is_not_merged(services: Services, admin: Actor, clerk: Actor,
                                                     residents: dict[str, ResidentSummary]) -> None:
    dup = services.residents.create(clerk, NewResident(name="张三", building="3", unit="2", room="301"))
    p = services.points
    rule = p.rules.create_rule(admin, RuleInput("meeting", "议事会", 100)).id
    market = p.catalogue.create_merchant(admin, MerchantInput("幸福里积分超市", "other", 100, phone="0412-5581234")).id
    rice = p.catalogue.create_reward(admin, RewardInput(market, "大米", 100), stock=2).id
    p.rules.award(clerk, AwardInput(rule, (dup.id,), TODAY))
    p.vouchers.redeem(clerk, dup.id, rice)
    before = audit_size(services)
    with pytest.raises(Conflict) as refused:
        services.register.merge(admin, dup.id, residents["张三"].id, "重复")
    assert "voucher" in refused.value.render() and audit_size(services) == before


def test_a_merge_moves_family_links_and_fills_the_kept_record_blanks(
        services: Services, admin: Actor, clerk: Actor, timebank: Actor,
        residents: dict[str, ResidentSummary]) -> None:
    kept = services.residents.create(clerk, NewResident(name="赵桂英", building="4", unit="1", room="101"))
    number = id_number("21030219500101002")
    dup = services.residents.create(clerk, NewResident(name="赵桂英", phone="13700003333", id_number=number,
                                                       building="4", unit="1", room="101"))
    link = services.timebank.family.request_link(admin, dup.id, residents["李建国"].id, "child", "户口簿")
    services.timebank.family.decide_link(timebank, link.id, True)
    result = services.register.merge(admin, dup.id, kept.id, "先登记时没带身份证")
    assert (result.survivor.phone, result.survivor.id_number, result.survivor.age) == (
        "13700003333", mask_id_number(number), 76)
    assert services.residents.reveal_id_number(admin, kept.id) == number
    [moved] = services.timebank.family.links(timebank, kept.id)
    assert moved.id == link.id
    assert services.timebank.family.links(timebank, dup.id) == []
    with pytest.raises(ValidationError) as taken:  # the number is the kept record's now
        services.residents.create(clerk, NewResident(name="赵桂英", id_number=number, building="4", unit="1",
                                                     room="101"))
    assert "赵桂英" in taken.value.render()
    assert services.verify.run() == []
