"""Lists in a minute (智慧报表): each condition against a small community counted by hand, validation, saved lists run
again on a later day, the ready-made lists, and the printout and exports read back."""

from __future__ import annotations

import csv
import subprocess
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.domain.enums import AccountKind, ResidentStatus, Unit
from app.models import Category, CommandRun, Grid, Household, LedgerAccount, PersonTag, Resident, SavedList, Tag
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.core.errors import PermissionDenied, ValidationError
from app.services.ledger.timebank import NewVolunteer
from app.services.people.list_conditions import READY_MADE, Departed, ListConditions
from app.services.people.residents import NewResident, ResidentSummary

# The community of tests/unit/conftest.py (on 2026-11-20): 张三 M 71 and 张秀兰 F 66 in 3-2-301 (空巢), 王芳 F 76 in
# 3-2-302 (独居), 李建国 M 48 in 5-1-101. Added here: 赵桂兰 F 91 in 5-1-102 (独居), 钱德福 M 89 (90 tomorrow) in
# 7-1-101 (独居), 孙丽 F 36 in 5-1-101 who moved away; 李建国 carries the person tag 残疾 (disabled).
EXTRA = {
    "赵桂兰": (NewResident(name="赵桂兰", building="5", unit="1", room="102", tags=("alone",)), date(1935, 6, 1), "F"),
    "钱德福": (NewResident(name="钱德福", building="7", unit="1", room="101", tags=("alone",)),
            date(1936, 11, 21), "M"),
    "孙丽": (NewResident(name="孙丽", building="5", unit="1", room="101"), date(1990, 1, 1), "F"),
}


@pytest.fixture
def town(services: Services, clerk: Actor, admin: Actor, timebank: Actor,
         residents: dict[str, ResidentSummary]) -> dict[str, uuid.UUID]:
    ids = {name: r.id for name, r in residents.items()}
    for name, (data, _born, _g) in EXTRA.items():
        ids[name] = services.residents.create(clerk, data).id
    with services.db.transaction() as session:
        for name, (_d, born, gender) in EXTRA.items():
            r = session.get(Resident, ids[name])
            assert r is not None
            r.birth_date, r.gender = born, gender
        moved = session.get(Resident, ids["孙丽"])
        assert moved is not None
        moved.status, moved.status_on = ResidentStatus.MOVED_AWAY, date(2026, 6, 1)
        grid = Grid(code="G1", name="第一网格")
        session.add(grid)
        session.flush()
        for h in session.scalars(select(Household).where(Household.building == "3")):
            h.grid_id = grid.id
        session.add(PersonTag(resident_id=ids["李建国"], tag="disabled"))
        session.add(LedgerAccount(code=f"points:personal:{ids['王芳']}", unit=Unit.POINTS, kind=AccountKind.PERSONAL,
                                  resident_id=ids["王芳"], name="王芳", balance=300))
    ids["grid"] = grid.id
    services.timebank.volunteers.register(timebank, NewVolunteer(ids["李建国"], ("cleaning",)))
    with services.db.reading() as session:
        sub_id, parent_id = session.execute(select(Category.id, Category.parent_id)
                                            .where(Category.parent_id.is_not(None))).first()  # type: ignore[misc]
    services.intake.submit(clerk, IntakeForm(channel="walk_in", resident_id=ids["王芳"], category_id=parent_id,
                                             subcategory_id=sub_id, description="楼道灯不亮", urgency=3,
                                             scope="household"))
    return ids


def names(services: Services, actor: Actor, c: ListConditions) -> set[str]:
    page = services.lists.page(actor, c, 0, 100)
    assert services.lists.count(actor, c) == len(page.rows)
    return {r.name for r in page.rows}


def test_each_condition_against_the_hand_count(services: Services, clerk: Actor, town: dict[str, uuid.UUID]) -> None:
    here = {"张三", "张秀兰", "王芳", "李建国", "赵桂兰", "钱德福"}
    assert names(services, clerk, ListConditions()) == here
    assert names(services, clerk, ListConditions(age_from=90)) == {"赵桂兰"}  # 钱德福 is 90 tomorrow
    assert names(services, clerk, ListConditions(age_from=70)) == {"张三", "王芳", "赵桂兰", "钱德福"}
    assert names(services, clerk, ListConditions(age_from=66, age_to=71)) == {"张三", "张秀兰"}
    assert names(services, clerk, ListConditions(age_to=65)) == {"李建国"}
    assert names(services, clerk, ListConditions(age_from=70, tags=("alone",))) == {"王芳", "赵桂兰", "钱德福"}
    assert names(services, clerk, ListConditions(tags=("empty_nest",))) == {"张三", "张秀兰"}
    assert names(services, clerk, ListConditions(tags=("disabled",))) == {"李建国"}  # a person's tag
    assert names(services, clerk, ListConditions(tags=("disabled", "empty_nest"))) == {"李建国", "张三", "张秀兰"}
    assert names(services, clerk, ListConditions(grids=(str(town["grid"]),))) == {"张三", "张秀兰", "王芳"}
    assert names(services, clerk, ListConditions(buildings=("5", "7"))) == {"李建国", "赵桂兰", "钱德福"}
    assert names(services, clerk, ListConditions(open_requests=True)) == {"王芳"}
    assert names(services, clerk, ListConditions(requested_within_days=1)) == {"王芳"}
    assert names(services, clerk, ListConditions(volunteer=True)) == {"李建国"}
    assert names(services, clerk, ListConditions(points_at_least=300)) == {"王芳"}
    assert names(services, clerk, ListConditions(points_at_least=301)) == set()
    assert names(services, clerk, ListConditions(timebank_hours_at_least=0.5)) == set()
    assert names(services, clerk, ListConditions(gender="F")) == {"张秀兰", "王芳", "赵桂兰"}
    assert names(services, clerk, ListConditions(departed=Departed.ONLY)) == {"孙丽"}
    assert names(services, clerk, ListConditions(departed=Departed.WITH, buildings=("5",))) == {
        "李建国", "赵桂兰", "孙丽"}
    # three conditions at once
    assert names(services, clerk, ListConditions(age_from=70, tags=("alone",), grids=(str(town["grid"]),))) == {
        "王芳"}


def test_rows_are_in_address_order_with_phones_masked(services: Services, clerk: Actor,
                                                      town: dict[str, uuid.UUID]) -> None:
    rows = services.lists.page(clerk, ListConditions()).rows
    assert [r.address for r in rows][:2] == ["3号楼2单元301室", "3号楼2单元301室"]
    assert rows[-1].address == "7号楼1单元101室"
    zhang = next(r for r in rows if r.name == "张三")
    assert zhang.phone == "138****5678" and zhang.age == 71 and zhang.gender == "男" and zhang.tags == "空巢"
    wang = next(r for r in rows if r.name == "王芳")
    assert wang.open_requests == 1 and wang.grid == "第一网格"
    first = services.lists.page(clerk, ListConditions(), 0, 4)
    second = services.lists.page(clerk, ListConditions(), 4, 4)
    assert first.has_more and not second.has_more and len(first.rows) + len(second.rows) == 6


def test_contradictions_are_refused_per_field_and_nothing_is_written(services: Services, clerk: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        services.lists.count(clerk, ListConditions(age_from=90, age_to=60))
    assert set(caught.value.errors) == {"age_to"}
    bad = ListConditions(age_from=-1, requested_within_days=0, points_at_least=-5, timebank_hours_at_least=-1)
    with pytest.raises(ValidationError) as caught:
        services.lists.save(clerk, "", bad)
    assert set(caught.value.errors) == {"name", "age_from", "requested_within_days", "points_at_least",
                                        "timebank_hours_at_least"}
    with pytest.raises(ValidationError) as caught:
        services.lists.count(clerk, ListConditions(requested_within_days=100_000))
    assert set(caught.value.errors) == {"requested_within_days"}
    with pytest.raises(ValidationError):
        services.lists.save(clerk, "矛盾", ListConditions(age_from=90, age_to=60))
    with services.db.reading() as session:
        assert session.scalar(select(SavedList.id).where(SavedList.name == "矛盾")) is None
    services.lists.save(clerk, "高龄", ListConditions(age_from=80))
    with pytest.raises(ValidationError) as caught:
        services.lists.save(clerk, " 高龄 ", ListConditions(age_from=85))
    assert set(caught.value.errors) == {"name"}


def test_the_translation_says_it_in_chinese(services: Services, clerk: Actor) -> None:
    from PySide6.QtCore import QCoreApplication

    from app.i18n import install_translators

    app = QCoreApplication.instance() or QCoreApplication([])
    translators = install_translators(app, "zh_CN")
    try:
        with pytest.raises(ValidationError) as caught:
            services.lists.count(clerk, ListConditions(age_from=90, age_to=60))
        text = caught.value.errors["age_to"].render(QCoreApplication.translate)
        assert "年龄" in text and "90" in text and "60" in text, text
    finally:
        for t in translators:
            app.removeTranslator(t)


def test_a_saved_list_runs_again_with_todays_ages(services: Services, clerk: Actor, clock: FakeClock,
                                                  town: dict[str, uuid.UUID]) -> None:
    saved = services.lists.save(clerk, "送奶（90岁以上）", ListConditions(age_from=90))
    assert services.lists.open(clerk, saved.id).count == 1
    clock.advance(timedelta(days=1))  # 钱德福 turns 90
    opened = services.lists.open(clerk, saved.id)
    assert opened.count == 2 and opened.words == "年龄90岁及以上" and not opened.notes
    assert {r.name for r in services.lists.page(clerk, opened.info.conditions).rows} == {"赵桂兰", "钱德福"}
    renamed = services.lists.rename(clerk, saved.id, "免费送奶")
    assert renamed.name == "免费送奶"
    services.lists.delete(clerk, saved.id)
    assert "免费送奶" not in {s.name for s in services.lists.saved(clerk)}


def test_a_retired_grid_or_tag_still_opens_and_says_so(services: Services, clerk: Actor,
                                                       town: dict[str, uuid.UUID]) -> None:
    saved = services.lists.save(clerk, "第一网格独居", ListConditions(tags=("alone",), grids=(str(town["grid"]),)))
    with services.db.transaction() as session:
        for h in session.scalars(select(Household).where(Household.grid_id == town["grid"])):
            h.grid_id = None
        grid = session.get(Grid, town["grid"])
        assert grid is not None
        grid.active = False
        tag = session.scalar(select(Tag).where(Tag.code == "alone"))
        assert tag is not None
        tag.active = False
        session.add(SavedList(name="坏的", conditions='{"age_from": "九十", "colour": 1}'))
    opened = services.lists.open(clerk, saved.id)
    assert opened.count == 0
    assert any("第一网格" in n and "撤销" in n for n in opened.notes), opened.notes
    assert any("独居" in n and "停用" in n for n in opened.notes), opened.notes
    bad = next(s for s in services.lists.saved(clerk) if s.name == "坏的")
    opened = services.lists.open(clerk, bad.id)
    assert opened.info.conditions == ListConditions() and len(opened.notes) == 2


def test_the_ready_made_lists_exist_first_and_are_seeded_once(services: Services, clerk: Actor,
                                                              admin: Actor) -> None:
    saved = services.lists.saved(clerk)
    assert [s.name for s in saved if s.ready_made] == [name for name, _c in READY_MADE]
    assert saved[0].name == "90岁及以上老人" and saved[0].conditions == ListConditions(age_from=90)
    with pytest.raises(PermissionDenied):  # every desk's: not one clerk's (or grid worker's) to retire
        services.lists.delete(clerk, saved[0].id)
    assert "90岁及以上老人" in {s.name for s in services.lists.saved(clerk)}
    mine = services.lists.save(clerk, "八十岁以上", ListConditions(age_from=80))
    services.lists.delete(clerk, mine.id)  # the desk's own lists: whoever builds lists
    services.lists.delete(admin, saved[0].id)  # retired by the administrator, not made again
    assert "90岁及以上老人" not in {s.name for s in services.lists.saved(clerk)}
    with services.db.transaction() as session:  # a database from before lists: none at all, made on first read
        for row in session.scalars(select(SavedList)):
            session.delete(row)
    assert len([s for s in services.lists.saved(clerk) if s.ready_made]) == len(READY_MADE)


def test_the_demo_lists(demo_services: Services, demo_clerk: Actor) -> None:
    lists = {s.name: s for s in demo_services.lists.saved(demo_clerk)}
    over_90 = demo_services.lists.open(demo_clerk, lists["90岁及以上老人"].id)
    assert over_90.count >= 6
    rows = demo_services.lists.page(demo_clerk, over_90.info.conditions).rows
    assert all(r.age is not None and r.age >= 90 for r in rows)
    alone = demo_services.lists.page(demo_clerk, lists["70岁以上独居老人"].conditions, 0, 500).rows
    assert len(alone) >= 10 and all("独居" in r.tags and (r.age or 0) >= 70 for r in alone)
    assert demo_services.lists.count(demo_clerk, ListConditions(departed=Departed.ONLY)) == 2


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_printout_in_normal_and_large_print(services: Services, clerk: Actor, town: dict[str, uuid.UUID],
                                            tmp_path: Path) -> None:
    c = ListConditions(age_from=70)
    made = services.lists.print_pdf(clerk, "七十岁以上", c, tmp_path / "printouts")
    assert made.rows == 4 and made.pages == 1 and made.path.name.startswith("名单-20261120-")
    text = pdf_text(made.path)
    flat = text.replace(" ", "")
    for words in ("七十岁以上", "年龄70岁及以上", "2026年11月20日", "共4人", "第1页/共1页", "赵桂兰", "138****5678",
                  "网格", "签收"):
        assert words in flat, words
    assert "13812345678" not in text and "210302195503150010" not in text
    large = services.lists.print_pdf(clerk, "七十岁以上", c, tmp_path / "printouts", large_print=True)
    big = pdf_text(large.path)
    assert "赵桂兰" in big and "138****5678" in big and "网格" not in big.split("签收")[0].split("序号")[1]
    with services.db.reading() as session:
        runs = [r.details for r in session.scalars(select(CommandRun).where(CommandRun.command == "list-print"))]
    assert len(runs) == 2 and runs[0]["list"] == "七十岁以上" and runs[0]["rows"] == "4"


def test_exports_need_export_and_read_back(services: Services, clerk: Actor, admin: Actor,
                                           town: dict[str, uuid.UUID], tmp_path: Path) -> None:
    c = ListConditions(buildings=("3",))
    with pytest.raises(PermissionDenied):
        services.lists.export_csv(clerk, "三号楼", c, tmp_path / "x.csv")
    made = services.lists.export_xlsx(admin, "三号楼", c, tmp_path / "三号楼.xlsx")
    assert made.rows == 3
    book = load_workbook(made.path)
    sheet = book["三号楼"]
    values = [[cell.value for cell in r] for r in sheet.iter_rows()]
    assert values[0][:6] == ["序号", "姓名", "性别", "年龄", "住址", "联系电话"]
    assert {r[1] for r in values[1:]} == {"张三", "张秀兰", "王芳"}
    assert next(r for r in values[1:] if r[1] == "张三")[5] == "13812345678"  # whole: the office calls them
    about = {r[0].value: r[1].value for r in book["说明"].iter_rows()}
    assert about["条件"] == "楼栋：3号楼" and about["人数"] == 3
    out = services.lists.export_csv(admin, "三号楼", c, tmp_path / "三号楼.csv")
    raw = out.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out.path, encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[0][1] == "姓名" and {line[1] for line in lines[1:]} == {"张三", "张秀兰", "王芳"}
    with services.db.reading() as session:
        kinds = [r.details["format"] for r in session.scalars(
            select(CommandRun).where(CommandRun.command == "list-export").order_by(CommandRun.created_at))]
    assert sorted(kinds) == ["csv", "xlsx"]


def test_buildings_typed_with_a_chinese_input_method(services: Services, clerk: Actor,
                                                     town: dict[str, uuid.UUID]) -> None:
    """３ (full width), 3号楼 and 3 are the same building; a word that is no number is refused under the field."""
    plain = services.lists.count(clerk, ListConditions(buildings=("3",)))
    assert plain > 0
    assert services.lists.count(clerk, ListConditions(buildings=("３",))) == plain
    assert services.lists.count(clerk, ListConditions(buildings=("3号楼",))) == plain
    assert "3号楼" in services.lists.describe(clerk, ListConditions(buildings=("３",)))
    with pytest.raises(ValidationError) as refused:
        services.lists.count(clerk, ListConditions(buildings=("三号楼",)))
    assert "buildings" in refused.value.errors
