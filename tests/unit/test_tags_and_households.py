"""Tags kept by the administrator (issue 19): the five of seed 001 at the first start, the community's own added with
a colour, a kind and a promise; every refusal names its field and writes nothing. The register read by place: a
building drawn as its rooms, a household's members with their relations, a resident's page gathering everything."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.models import Duty, HouseholdTagRow
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import NotFound, PermissionDenied, ValidationError
from app.services.people.register import ResidentChanges
from app.services.people.residents import ResidentSummary
from app.services.people.tags import TagInput
from tests.unit.conftest import NOW
from tests.unit.test_register_corrections import submit_case


def rows_of(services: Services, table: str) -> int:
    with closing(sqlite3.connect(services.paths.database)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_new_community_has_the_five_colours_of_seed_001_with_their_promises(services: Services,
                                                                              clerk: Actor) -> None:
    tags = services.tags.catalogue(clerk)
    assert [(t.name, t.kind, t.service, t.visit_cycle) for t in tags] == [
        ("空巢", "household", "一帮一", "weekly"), ("独居", "household", "日见面", "daily"),
        ("残疾", "household", "亲情上门", "monthly"), ("出租", "household", "隐患周查", "weekly"),
        ("常态", "household", "在线响应", None)]
    assert len({t.colour for t in tags}) == 5  # five colours, one each


def test_the_administrator_adds_a_person_tag_and_the_desk_puts_it_on_a_resident(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    made = services.tags.create(admin, TagInput("失能", "#7f8c8d", "person", "上门照护", "monthly", 1))
    assert (made.name, made.colour, made.kind, made.active) == ("失能", "#7F8C8D", "person", True)
    zhang = residents["张三"]
    edited = services.register.update_resident(clerk, zhang.id, ResidentChanges(person_tags=(made.code,),
                                                                                relation="head"))
    assert edited.person_tags == (made.code,) and edited.relation == "head"
    assert "失能" in edited.tag_names
    # a household tag is refused as a person's, and a person's tag as a household's, by name of the field
    with pytest.raises(ValidationError) as refused:
        services.register.update_resident(clerk, zhang.id, ResidentChanges(person_tags=("alone",)))
    assert "person_tags" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        services.register.update_household(clerk, zhang.household_id, None, (made.code,), "")  # type: ignore[arg-type]
    assert "tags" in refused.value.errors


@pytest.mark.parametrize(("data", "field"), [
    (TagInput("", "#C0392B", "household"), "name"),
    (TagInput("一二三四五六七八九", "#C0392B", "household"), "name"),
    (TagInput("空巢", "#C0392B", "household"), "name"),               # taken
    (TagInput("低保", "red", "household"), "colour"),
    (TagInput("低保", "#12345", "household"), "colour"),
    (TagInput("低保", "#C0392B", "building"), "kind"),
    (TagInput("低保", "#C0392B", "person", "", "weekly"), "service"),  # visits promised for no service
    (TagInput("低保", "#C0392B", "person", "探访", "hourly"), "visit_cycle"),
    (TagInput("低保", "#C0392B", "person", "探访", "weekly", 0), "visit_every"),
    (TagInput("低保", "#C0392B", "person", "探访", "weekly", 32), "visit_every"),
])
def test_a_bad_tag_is_refused_under_its_field_and_nothing_is_written(services: Services, admin: Actor,
                                                                   data: TagInput, field: str) -> None:
    before = rows_of(services, "tag")
    with pytest.raises(ValidationError) as refused:
        services.tags.create(admin, data)
    assert field in refused.value.errors
    assert rows_of(services, "tag") == before


def test_only_set_up_changes_tags(services: Services, admin: Actor, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        services.tags.create(clerk, TagInput("低保", "#C0392B", "person"))
    with pytest.raises(PermissionDenied):
        services.tags.set_active(clerk, "alone", False)
    with pytest.raises(NotFound):
        services.tags.set_active(admin, "no_such_tag", False)


def test_a_retired_tag_stays_on_who_carries_it_and_is_no_longer_offered(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    wang = residents["王芳"]  # her flat is 独居
    services.tags.set_active(admin, "alone", False)
    assert "alone" not in [t.code for t in services.tags.catalogue(clerk)]
    assert "alone" in [t.code for t in services.tags.catalogue(clerk, include_retired=True)]
    # saving her flat keeps the retired tag it carries; adding it to another flat is refused
    assert wang.household_id is not None
    kept = services.register.update_household(clerk, wang.household_id, None, ("alone",), "")
    assert kept.tags == ("alone",)
    li = residents["李建国"]
    assert li.household_id is not None
    with pytest.raises(ValidationError) as refused:
        services.register.update_household(clerk, li.household_id, None, ("alone",), "")
    assert "tags" in refused.value.errors
    # its promised visits end with it
    with services.db.reading() as session:
        assert not session.scalars(select(Duty).where(Duty.from_tag == "alone", Duty.active)).all()


def test_a_tag_that_promises_visits_makes_them_for_the_households_carrying_it(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    li = residents["李建国"]
    assert li.household_id is not None
    services.register.update_household(clerk, li.household_id, None, ("disabled",), "")
    with services.db.reading() as session:
        visits = session.scalars(select(Duty).where(Duty.household_id == li.household_id, Duty.active)).all()
        assert [(d.from_tag, str(d.cycle)) for d in visits] == [("disabled", "monthly")]
    services.register.update_household(clerk, li.household_id, None, (), "")
    with services.db.reading() as session:
        assert not session.scalars(select(Duty).where(Duty.household_id == li.household_id, Duty.active)).all()


def test_the_import_reads_the_communitys_own_tags(services: Services, admin: Actor, tmp_path: Path) -> None:
    services.tags.create(admin, TagInput("群租", "#D35400", "household", "隐患周查", "weekly"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "性别", "身份证号", "电话", "楼号", "单元", "室", "户类型"])
    sheet.append(["赵刚", "男", "", "13800001111", "9", "1", "101", "群租、出租"])
    sheet.append(["钱多", "男", "", "13800002222", "9", "1", "102", "豪宅"])
    path = tmp_path / "名册.xlsx"
    book.save(path)
    opened = services.register_import.open_file(admin, path)
    preview = services.register_import.preview(admin, path, opened.sheet, opened.fields)
    [refused] = [r for r in preview.rows if r.problems]
    said = refused.problems[0].message.render()
    assert "豪宅" in said and "群租" in said and "空巢" in said  # the community's tags, in their words
    services.register_import.commit(admin, preview)
    [zhao] = services.residents.search(admin, "赵刚")
    assert set(zhao.tag_names) == {"群租", "出租"}
    with services.db.reading() as session:
        codes = set(session.scalars(select(HouseholdTagRow.tag).where(HouseholdTagRow.household_id
                                                                       == zhao.household_id)))
    assert "rented" in codes and len(codes) == 2
    with services.db.reading() as session:  # both promise a weekly check: the import made the visits
        visits = session.scalars(select(Duty.from_tag).where(Duty.household_id == zhao.household_id, Duty.active))
        assert sorted(visits) == sorted(codes)


def test_a_building_is_drawn_as_its_rooms_with_who_lives_where(
        services: Services, admin: Actor, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    cards = {c.number: c for c in services.households.buildings(clerk)}
    three = cards["3"]
    assert (three.households, three.residents) == (2, 3)
    assert three.tags == {"empty_nest": 1, "alone": 1}
    plan = services.households.building(clerk, "3")
    lived = {(f.unit, f.room): f for f in plan.flats if f.household_id is not None}
    assert set(lived) == {("2", "301"), ("2", "302")}
    assert (lived[("2", "301")].floor, lived[("2", "301")].residents, lived[("2", "301")].tags) == (
        3, 2, ("empty_nest",))
    with pytest.raises(NotFound):
        services.households.building(clerk, "99")


def test_a_household_lists_its_members_head_first_with_their_relations(
        services: Services, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    zhang, xiulan = residents["张三"], residents["张秀兰"]
    services.register.update_resident(clerk, xiulan.id, ResidentChanges(relation="spouse"))
    services.register.update_resident(clerk, zhang.id, ResidentChanges(relation="head"))
    assert zhang.household_id is not None
    card = services.households.household(clerk, zhang.household_id)
    assert [(m.name, m.relation) for m in card.members] == [("张三", "head"), ("张秀兰", "spouse")]
    assert card.tag_names == ("空巢",) and card.address == "3号楼2单元301室"
    with pytest.raises(ValidationError) as refused:
        services.register.update_resident(clerk, zhang.id, ResidentChanges(relation="boss"))
    assert "relation" in refused.value.errors


def test_a_residents_page_gathers_household_tags_requests_and_accounts(
        services: Services, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    wang = residents["王芳"]
    first = submit_case(services, clerk, wang.id, "三单元楼道的灯坏了一个星期")
    submit_case(services, clerk, wang.id, "厨房的水管接口一直在漏水")
    profile = services.households.profile(clerk, wang.id)
    assert profile.resident.name == "王芳" and profile.resident.open_cases == 2
    assert profile.requests_total == 2 and profile.requests[-1].case_id == first
    assert profile.tags == (("独居", "#C0392B"),)
    assert profile.household is not None and [m.name for m in profile.household.members] == ["王芳"]
    assert (profile.timebank_minutes, profile.points) == (0, 0)
    with pytest.raises(NotFound):
        services.households.profile(clerk, uuid.uuid4())


def test_a_residents_page_shows_the_visits_their_tags_promise_and_those_made(
        services: Services, clerk: Actor, residents: dict[str, ResidentSummary]) -> None:
    wang = residents["王芳"]  # her flat is 独居: 日见面, a visit every day
    profile = services.households.profile(clerk, wang.id)
    [visit] = profile.duties
    assert visit.from_tag == "alone" and str(visit.cycle) == "daily"
    services.duties.record_done(clerk, visit.id, visit.next_due, visit.next_due, "精神很好，血压正常")
    again = services.households.profile(clerk, wang.id)
    assert [(c.what, c.outcome, c.note) for c in again.care] == [(visit.title, "done", "精神很好，血压正常")]
    assert again.duties[0].next_due > visit.next_due  # the next visit is scheduled


def test_who_moves_away_is_visited_no_more(services: Services, clerk: Actor,
                                           residents: dict[str, ResidentSummary]) -> None:
    wang = residents["王芳"]  # living alone: a daily visit
    with services.db.reading() as session:
        assert session.scalars(select(Duty).where(Duty.household_id == wang.household_id, Duty.active)).all()
    services.register.set_status(clerk, wang.id, "moved_away", NOW.date(), "搬去女儿家")
    with services.db.reading() as session:
        assert not session.scalars(select(Duty).where(Duty.household_id == wang.household_id, Duty.active)).all()
