"""A resident's own data: export of everything stored about them, and erasure that keeps the cases."""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.models import Channel, Role, Scope
from app.services.cases.intake import IntakeForm, SavedCase
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.services.ledger.points.data import AwardInput, MerchantInput, RewardInput, RuleInput
from app.services.people.register import ResidentChanges
from app.services.people.residents import ERASED_NAME, ResidentSummary
from tests.unit.conftest import ZHANG_SAN_ID

DESCRIPTION = "张三反映3号楼2单元楼道灯坏了一个星期，晚上看不见，请联系13812345678"
JOIN_NOTE = "楼上张三家说的那个灯，我家门口也不亮"


def form(services: Services, clerk: Actor, resident: ResidentSummary, **changes: Any) -> IntakeForm:
    options = services.intake.options(clerk)
    sub = next(c for c in options.categories if c.code == "LIFE-WATER")
    values: dict[str, Any] = dict(channel=Channel.WALK_IN.value, resident_id=resident.id,
                                  category_id=sub.parent_id, subcategory_id=sub.id, description=DESCRIPTION,
                                  urgency=3, scope=Scope.BUILDING.value)
    values.update(changes)
    return IntakeForm(**values)


def resolve(services: Services, clerk: Actor, case_id: uuid.UUID) -> None:
    """The clerk takes the request on and resolves it through the workflow, as at the desk."""
    services.workflow.dispatch(clerk, case_id, assignee_id=clerk.user_id)
    services.workflow.resolve(clerk, case_id, "已更换楼道灯")


def reported(services: Services, clerk: Actor, residents: dict[str, ResidentSummary],
             resolved: bool = True) -> SavedCase:
    """张三 reports a broken stair light by phone; 王芳 next door joins the same request (并单)."""
    saved = services.intake.submit(clerk, form(services, clerk, residents["张三"], channel=Channel.PHONE.value,
                                               caller_phone="13812345678"))
    services.intake.attach(clerk, saved.case_id, form(services, clerk, residents["王芳"], description=JOIN_NOTE))
    if resolved:
        resolve(services, clerk, saved.case_id)
    return saved


def db_row(services: Services, sql: str, *params: Any) -> sqlite3.Row:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute(sql, params).fetchone()
    assert row is not None
    return row  # type: ignore[no-any-return]


def audit_seq(services: Services) -> int:
    return int(db_row(services, "SELECT coalesce(max(seq), 0) AS n FROM audit_log")["n"])


def staff_actor(services: Services, admin: Actor, role: Role) -> Actor:
    info = services.auth.create_staff(admin, f"t_{role.value}", "测试", role, "passw0rd123")
    return Actor(info.id, info.username, info.display_name, info.role, services.db.desk_code)


# ---- export -----------------------------------------------------------------------------------------


def test_export_holds_everything_about_the_resident_and_says_what(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary], tmp_path: Path) -> None:
    saved = reported(services, clerk, residents)
    out = tmp_path / "out" / "zhangsan.json"
    result = services.personal_data.export_resident(admin, residents["张三"].id, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (result.path, result.cases, result.events) == (out, 1, 4)  # logged, joined, dispatched, resolved
    assert data["format"] == "community-desk/resident"
    assert list(data)[:2] == ["format", "version"] and "personal_data" in list(data)[:3]  # stated at the top
    assert data["personal_data_kinds"] == ["姓名", "性别", "出生日期", "电话", "身份证号码", "住址",
                                           "所反映的诉求及处理记录"]
    assert all(kind in data["personal_data"] for kind in data["personal_data_kinds"])
    assert result.personal_data == tuple(data["personal_data_kinds"])
    person = data["resident"]
    assert (person["name"], person["gender"], person["birth_date"], person["phone"], person["id_number"]) == (
        "张三", "男", "1955-03-15", "13812345678", ZHANG_SAN_ID)
    assert (person["pinyin"], person["erased"]) == ("zhangsan", False)
    household = data["household"]
    assert (household["address"], household["other_residents"]) == ("3号楼2单元301室", 1)  # 张秀兰: a count only
    assert "张秀兰" not in out.read_text(encoding="utf-8")
    (case,) = data["requests"]
    # Free text is scrubbed by the rule table (issue 15): every number in it masked, his own too (it is whole in his
    # own fields and as the caller's phone).
    assert (case["case_no"], case["role"], case["channel"], case["description"], case["caller_phone"]) == (
        saved.case_no, "反映人", "来电", DESCRIPTION.replace("13812345678", "138****5678"), "13812345678")
    assert case["status"] == "已办结" and case["households_count"] == 2
    created, joined, *handling = case["events"]
    assert [e["kind"] for e in handling] == ["dispatched", "resolved"]
    assert created["kind"] == "created" and created["data"]["resident_id"] == str(residents["张三"].id)
    # 王芳's report on the same problem: that it happened, not what she said or her number
    assert joined == {"at": joined["at"], "kind": "joined", "kind_label": "并单", "withheld": "其他居民的反映，未列出"}
    assert JOIN_NOTE not in out.read_text(encoding="utf-8")


def test_a_joined_request_shows_only_the_residents_own_report(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary], tmp_path: Path) -> None:
    saved = reported(services, clerk, residents)
    out = tmp_path / "wangfang.json"
    services.personal_data.export_resident(admin, residents["王芳"].id, out)
    (case,) = json.loads(out.read_text(encoding="utf-8"))["requests"]
    assert (case["case_no"], case["role"], case["description"], case["caller_phone"]) == (
        saved.case_no, "并单反映人", None, None)
    created, joined, *_handling = case["events"]
    assert "withheld" in created and joined["note"] == JOIN_NOTE.replace("张三", "张*")  # another resident's name
    assert "13812345678" not in out.read_text(encoding="utf-8") and "张三" not in out.read_text(encoding="utf-8")


def test_export_holds_the_residents_points(services: Services, admin: Actor, clerk: Actor,
                                           residents: dict[str, ResidentSummary], tmp_path: Path) -> None:
    p = services.points
    meeting = p.rules.create_rule(admin, RuleInput("meeting", "参加居民议事会", 20, valid_days=30))
    market = p.catalogue.create_merchant(admin, MerchantInput("幸福里积分超市", "other", 100, phone="0412-5581234"))
    eggs = p.catalogue.create_reward(admin, RewardInput(market.id, "鲜鸡蛋一盒", 50), stock=3)
    zhang, wang = residents["张三"], residents["王芳"]
    p.rules.award(clerk, AwardInput(meeting.id, (zhang.id, wang.id), quantity=3, event="第一次居民议事会"))  # 60 each
    [mistake] = p.rules.award(clerk, AwardInput(meeting.id, (zhang.id,), event="第二次居民议事会"))
    p.rules.revoke_award(admin, mistake.id, "签到表看错了")
    used = p.vouchers.redeem(clerk, zhang.id, eggs.id)                                                  # 60 - 50
    cancelled = p.vouchers.redeem(clerk, wang.id, eggs.id)
    p.vouchers.cancel(clerk, cancelled.id, "居民不要了")
    out = tmp_path / "zhangsan.json"
    result = services.personal_data.export_resident(admin, zhang.id, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "积分获得、兑换及余额" in result.personal_data and "积分获得、兑换及余额" in data["personal_data"]
    held = data["points"]
    assert (held["balance"], held["available"], held["lapsed_not_yet_written_off"]) == (10, 10, 0)
    last_day = (local(services.clock.now()).date() + timedelta(days=30)).isoformat()
    assert held["expiring"] == [{"valid_until": last_day, "points": 10}]
    assert [(a["points"], a["event"], a["revoked"], a["kind"], a["valid_until"]) for a in held["awards"]] == [
        (60, "第一次居民议事会", False, "参加议事会", last_day), (20, "第二次居民议事会", True, "参加议事会", last_day)]
    (voucher,) = held["vouchers"]
    assert (voucher["code"], voucher["reward"], voucher["merchant"], voucher["points"], voucher["status"]) == (
        used.code, "鲜鸡蛋一盒", "幸福里积分超市", 50, "待核销")
    assert cancelled.code not in out.read_text(encoding="utf-8")  # 王芳's voucher is hers, not his
    other = tmp_path / "wangfang.json"
    services.personal_data.export_resident(admin, wang.id, other)
    (hers,) = json.loads(other.read_text(encoding="utf-8"))["points"]["vouchers"]
    assert (hers["code"], hers["status"], hers["cancel_reason"]) == (cancelled.code, "已撤销", "居民不要了")
    nobody = tmp_path / "li.json"
    services.personal_data.export_resident(admin, residents["李建国"].id, nobody)
    data = json.loads(nobody.read_text(encoding="utf-8"))
    assert data["points"] == {"balance": 0, "available": 0, "lapsed_not_yet_written_off": 0, "expiring": [],
                              "awards": [], "vouchers": []}
    assert "积分获得、兑换及余额" not in data["personal_data_kinds"]


def test_export_needs_the_export_permission(services: Services, admin: Actor, clerk: Actor,
                                            residents: dict[str, ResidentSummary], tmp_path: Path) -> None:
    director = staff_actor(services, admin, Role.DIRECTOR)
    out = tmp_path / "d.json"
    services.personal_data.export_resident(director, residents["张三"].id, out)
    assert json.loads(out.read_text(encoding="utf-8"))["resident"]["id_number"] == ZHANG_SAN_ID
    with pytest.raises(PermissionDenied):
        services.personal_data.export_resident(clerk, residents["张三"].id, tmp_path / "c.json")
    assert not (tmp_path / "c.json").exists()
    with pytest.raises(NotFound):
        services.personal_data.export_resident(admin, uuid.uuid4(), tmp_path / "n.json")


# ---- erasure ----------------------------------------------------------------------------------------


def test_erasure_blanks_personal_fields_and_keeps_the_cases(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    saved = reported(services, clerk, residents)
    zhang = residents["张三"]
    services.register.update_resident(clerk, zhang.id, ResidentChanges(notes="腿脚不便，女儿张丽照顾"))
    before = db_row(services, 'SELECT count(*) AS n FROM "case"')["n"], db_row(
        services, "SELECT count(*) AS n FROM case_reporter")["n"], db_row(
        services, "SELECT count(*) AS n FROM case_event")["n"]

    result = services.personal_data.erase_resident(admin, zhang.id, "本人书面申请删除（2026-11-20）")

    row = db_row(services, "SELECT * FROM resident WHERE id = ?", zhang.id.hex)
    assert (row["name"], row["gender"], row["birth_date"], row["phone"], row["phone_last4"], row["id_number"],
            row["pinyin_full"], row["pinyin_initials"], row["household_id"], row["notes"]) == (
        ERASED_NAME, None, None, "", "", "", "", "", None, "")
    after = db_row(services, 'SELECT count(*) AS n FROM "case"')["n"], db_row(
        services, "SELECT count(*) AS n FROM case_reporter")["n"], db_row(
        services, "SELECT count(*) AS n FROM case_event")["n"]
    assert after == before
    case = db_row(services, 'SELECT * FROM "case" WHERE case_no = ?', saved.case_no)
    assert case["resident_id"] == zhang.id.hex and case["households_count"] == 2  # still counted
    assert case["caller_phone"] == "" and case["description"] == DESCRIPTION.replace("张三", "***").replace(
        "13812345678", "***")
    assert db_row(services, "SELECT count(*) AS n FROM case_reporter WHERE resident_id = ?", zhang.id.hex)["n"] == 1
    # 王芳's note, typed when she joined, names him; case_event is append-only, so it is reported, not edited
    assert (result.cases_kept, result.descriptions_redacted, result.history_mentions) == (1, 1, (saved.case_no,))
    assert services.verify.run() == []  # audit chains, household counts, foreign keys: all still hold
    assert services.residents.search(admin, "张三") == [] and services.residents.search(admin, ZHANG_SAN_ID) == []
    assert services.residents.get(admin, zhang.id).name == ERASED_NAME


def test_the_erasure_is_audited_without_copying_what_it_erased(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    saved = reported(services, clerk, residents)
    services.register.update_resident(clerk, residents["张三"].id, ResidentChanges(notes="腿脚不便"))
    seq = audit_seq(services)
    services.personal_data.erase_resident(admin, residents["张三"].id, "本人申请")
    with closing(sqlite3.connect(services.paths.database)) as conn:
        entries = conn.execute("SELECT actor_name, action, entity, entity_id, details FROM audit_log "
                               "WHERE seq > ? ORDER BY seq", (seq,)).fetchall()
    by_entity = {entity: (actor, action, entity_id, json.loads(details))
                 for actor, action, entity, entity_id, details in entries}
    assert set(by_entity) == {"resident", "case", "erased_name"}  # erased_name: the salted hashes kept for masking
    actor, action, entity_id, details = by_entity["resident"]
    assert (actor, action, entity_id) == ("admin", "update", str(residents["张三"].id))
    assert details["name"] == ["***", ERASED_NAME] and details["id_number"] == ["***", ""]
    assert details["phone"] == ["***", ""] and details["erasure_reason"] == "本人申请"
    assert by_entity["case"][3]["caller_phone"] == ["***", ""]
    text = json.dumps([e[4] for e in entries], ensure_ascii=False)
    for secret in ("张三", "13812345678", ZHANG_SAN_ID, "zhangsan", "1955-03-15", "腿脚不便"):
        assert secret not in text
    assert services.verify.run() == []
    assert saved.case_no


def test_erasure_is_refused_while_a_request_they_reported_is_open(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    saved = reported(services, clerk, residents, resolved=False)
    seq = audit_seq(services)
    for name in ("张三", "王芳"):  # the one who reported it, and the one who joined
        with pytest.raises(Conflict) as refused:
            services.personal_data.erase_resident(admin, residents[name].id, "本人申请")
        assert saved.case_no in str(refused.value) and "open request" in refused.value.message.template
    assert audit_seq(services) == seq
    assert db_row(services, "SELECT name FROM resident WHERE id = ?", residents["张三"].id.hex)["name"] == "张三"


def test_erasure_is_for_administrators_only_and_needs_a_reason(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    seq = audit_seq(services)
    director = staff_actor(services, admin, Role.DIRECTOR)
    seq = audit_seq(services)
    for actor in (clerk, director):
        with pytest.raises(PermissionDenied):
            services.personal_data.erase_resident(actor, residents["李建国"].id, "本人申请")
    with pytest.raises(ValidationError) as no_reason:
        services.personal_data.erase_resident(admin, residents["李建国"].id, "   ")
    assert set(no_reason.value.errors) == {"reason"}
    with pytest.raises(NotFound):
        services.personal_data.erase_resident(admin, uuid.uuid4(), "本人申请")
    assert audit_seq(services) == seq


def test_an_erased_resident_cannot_be_erased_again_nor_report_again(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    li = residents["李建国"]
    result = services.personal_data.erase_resident(admin, li.id, "本人申请")
    assert (result.cases_kept, result.history_mentions) == (0, ())
    with pytest.raises(Conflict):
        services.personal_data.erase_resident(admin, li.id, "本人申请")
    with pytest.raises(ValidationError) as refused:
        services.intake.submit(clerk, form(services, clerk, li))
    assert set(refused.value.errors) == {"resident"}


def test_the_export_of_an_erased_resident_holds_no_personal_data(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary], tmp_path: Path) -> None:
    reported(services, clerk, residents)
    services.personal_data.erase_resident(admin, residents["张三"].id, "本人申请")
    out = tmp_path / "erased.json"
    services.personal_data.export_resident(admin, residents["张三"].id, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["resident"]["erased"] is True and data["household"] is None
    assert data["personal_data_kinds"] == ["所反映的诉求及处理记录"]
    assert "张三" not in json.dumps(data["resident"], ensure_ascii=False)
