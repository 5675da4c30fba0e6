"""Issue 15, section 1: a resident's own data export holds their own data, not their neighbour's.

张三 logged a request in which the clerk wrote 王芳's name, phone and ID number; 王芳 joined it (并单); the desk
wrote an internal note about both. Each one's export (through the service, and through ``main.py resident-export``
as a real process) must hold their own data and nothing of the other's, and no internal note."""

from __future__ import annotations

import json
from pathlib import Path

from app.models import Channel, Scope
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.people.residents import ResidentSummary
from tests.unit.conftest import ADMIN_PASSWORD, WANG_FANG_ID, ZHANG_SAN_ID
from tests.unit.test_cli import run

DESCRIPTION = ("楼道灯坏了一个星期。隔壁王芳（电话0412-5588765，身份证11010519491231002X）也说看不见，"
               "请联系我13812345678")
JOIN_NOTE = "我是王芳，和楼上张三反映的是同一盏灯，我的电话0412 558 8765"
INTERNAL = "内部备注：王芳与张三两家有矛盾，王芳身份证11010519491231002X，勿在公开场合提及"
PUBLIC = "物业已更换楼道灯，联系人张三已确认"
OUTCOME = "已更换楼道灯，王芳家门口的灯一并修好"
WANG_DIGITS = ("04125588765", "5588765", WANG_FANG_ID)
ZHANG_DIGITS = ("13812345678", ZHANG_SAN_ID)


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() or ch == "X")


def shared_case(services: Services, clerk: Actor, residents: dict[str, ResidentSummary]) -> str:
    options = services.intake.options(clerk)
    sub = next(c for c in options.categories if c.code == "LIFE-WATER")

    def form(who: str, text: str) -> IntakeForm:
        return IntakeForm(channel=Channel.WALK_IN.value, resident_id=residents[who].id, category_id=sub.parent_id,
                          subcategory_id=sub.id, description=text, urgency=3, scope=Scope.BUILDING.value)

    saved = services.intake.submit(clerk, form("张三", DESCRIPTION))
    services.intake.attach(clerk, saved.case_id, form("王芳", JOIN_NOTE))
    services.workflow.dispatch(clerk, saved.case_id, clerk.user_id)
    services.workflow.add_note(clerk, saved.case_id, INTERNAL)  # internal: public=False
    services.workflow.add_note(clerk, saved.case_id, PUBLIC, public=True)
    services.workflow.resolve(clerk, saved.case_id, OUTCOME)
    return saved.case_no


def test_the_export_holds_no_other_residents_data_and_no_internal_note(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary], tmp_path: Path) -> None:
    case_no = shared_case(services, clerk, residents)
    out = tmp_path / "zhang.json"
    services.personal_data.export_resident(admin, residents["张三"].id, out)
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    # The defect: 王芳's name, phone and ID number, and the internal note, were in 张三's file.
    assert "王芳" not in text
    assert not any(d in digits(text) for d in WANG_DIGITS)
    assert "两家有矛盾" not in text and "内部备注" not in text
    # His own data is there, whole.
    person = data["resident"]
    assert (person["name"], person["phone"], person["id_number"]) == ("张三", "13812345678", ZHANG_SAN_ID)
    (case,) = data["requests"]
    assert case["case_no"] == case_no and case["description"].startswith("楼道灯坏了一个星期。隔壁王*")
    notes = [e.get("note") for e in case["events"]]
    assert "物业已更换楼道灯，联系人张三已确认" in notes  # the approved public note; his own name stays
    assert "已更换楼道灯，王*家门口的灯一并修好" in notes  # the outcome, her name masked
    assert sum(1 for e in case["events"] if e.get("note_withheld")) == 1  # the internal note: left out, and said so
    # The header says what the file holds and what it leaves out.
    assert list(data)[:3] == ["format", "version", "personal_data"] and "本人" in data["personal_data"]
    assert any("其他居民" in line for line in data["left_out"]) and any("内部" in line for line in data["left_out"])


def test_the_neighbour_who_joined_gets_only_her_own(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary], tmp_path: Path) -> None:
    shared_case(services, clerk, residents)
    out = tmp_path / "wang.json"
    services.personal_data.export_resident(admin, residents["王芳"].id, out)
    text = out.read_text(encoding="utf-8")
    assert "张三" not in text and not any(d in digits(text) for d in ZHANG_DIGITS)
    assert "两家有矛盾" not in text
    data = json.loads(text)
    assert (data["resident"]["name"], data["resident"]["id_number"]) == ("王芳", WANG_FANG_ID)
    (case,) = data["requests"]
    assert (case["description"], case["caller_phone"], case["address"]) == (None, None, "3号楼")
    joined = next(e for e in case["events"] if e["kind"] == "joined")
    assert joined["note"].startswith("我是王芳，和楼上张*反映的是同一盏灯")  # her own words, his name masked


def test_the_command_line_export_is_the_same(services: Services, clerk: Actor,
                                             residents: dict[str, ResidentSummary], tmp_path: Path) -> None:
    shared_case(services, clerk, residents)
    out = tmp_path / "cli.json"
    done = run("resident-export", str(residents["张三"].id), "--out", str(out), "--as", "admin", "--password-stdin",
               "--data-dir", str(services.paths.data_dir), lang="en", input=ADMIN_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "张三" in text and "王芳" not in text and "两家有矛盾" not in text
    assert not any(d in digits(text) for d in WANG_DIGITS)
