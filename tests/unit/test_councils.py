"""Three-level councils (issue 22): meetings at the building, grid and community level with their cycle, attendees
chosen from the register, the staff and the departments, topics naming requests; the bad input refused under its
field with nothing written; which levels are due (the home page's reminder); an item made a duty whose completion
shows on the item; the council notice of a meeting and of a level's meetings, read back with pdftotext, masked.

The test community (tests/unit/conftest.py): 张三, 张秀兰 and 王芳 live in 3号楼, 李建国 in 5号楼; 第一网格 covers
3号楼; today is Friday 2026-11-20 (ISO week 47)."""

from __future__ import annotations

import subprocess
import unicodedata
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.domain.councils import AttendeeKind, CouncilLevel, cycle_text
from app.services.core.errors import Conflict, ValidationError
from app.services.notices.board import CouncilDue, NewAttendee, NewItem, NewMeeting
from tests.unit import casework
from tests.unit.casework import Casework

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

TODAY = date(2026, 11, 20)
MONDAY = date(2026, 11, 16)
COUNCIL_TABLES = ("council_meeting", "council_item", "council_attendee", "council_topic", "duty")


def text_of(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "council.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(unicodedata.normalize("NFKC", out.stdout).split())


def setup(cw: Casework) -> dict[str, uuid.UUID]:
    """Registers the buildings the households name (3 and 5); the ids of what the meetings refer to."""
    cw.services.community.buildings.register_unlisted(cw.admin)
    options = cw.services.notices.council_options(cw.clerk)
    ids = {b.name: b.id for b in options.buildings}
    ids.update({g.name: g.id for g in options.grids})
    ids.update({s.name: s.id for s in options.staff})
    ids["物业服务中心"] = cw.department("物业服务中心")
    return ids


def resident(cw: Casework, name: str, representative: bool = False) -> NewAttendee:
    return NewAttendee(AttendeeKind.RESIDENT, cw.residents[name].id, name, representative)


def building_meeting(ids: dict[str, uuid.UUID], day: date, attendees: tuple[NewAttendee, ...] = (),
                     topics: tuple[str, ...] = (), title: str = "楼道照明", number: str = "3") -> NewMeeting:
    return NewMeeting(title, day, "3号楼1单元门前", level=CouncilLevel.BUILDING, building_id=ids[f"{number}号楼"],
                      attendees=attendees, topics=topics)


def counts(cw: Casework) -> dict[str, int]:
    return {t: cw.sql(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in COUNCIL_TABLES}


def test_the_cycle_of_each_level() -> None:
    assert cycle_text(CouncilLevel.BUILDING, date(2026, 12, 4)) == "2026年第49周"
    assert cycle_text(CouncilLevel.BUILDING, date(2027, 1, 1)) == "2026年第53周"  # ISO: the week of its Thursday
    assert cycle_text(CouncilLevel.GRID, date(2026, 12, 4)) == "2026年12月"
    assert cycle_text(CouncilLevel.COMMUNITY, date(2026, 12, 4)) == "2026年第4季度"
    assert cycle_text(CouncilLevel.COMMUNITY, date(2026, 3, 31)) == "2026年第1季度"


def test_meetings_at_three_levels_keep_their_place_attendees_and_topics(cw: Casework) -> None:
    ids = setup(cw)
    notices = cw.services.notices
    case_no = cw.sql('SELECT case_no FROM "case" WHERE id = ?', cw.new_case().hex)[0]["case_no"]
    building = notices.create_meeting(cw.clerk, building_meeting(ids, MONDAY, (
        resident(cw, "张三", True), resident(cw, "王芳", True), resident(cw, "张秀兰"),
        NewAttendee(AttendeeKind.STAFF, ids["赵网格"], "赵网格"),
        NewAttendee(AttendeeKind.DEPARTMENT, ids["物业服务中心"], "孙经理")), (case_no.lower(), case_no)), [
        NewItem("3号楼2单元楼道灯不亮", date(2026, 11, 23), ids["物业服务中心"])])
    assert (building.level, building.of, building.cycle) == (CouncilLevel.BUILDING, "3号楼", "2026年第47周")
    assert [(a.kind, a.name, a.representative) for a in building.attendees] == [
        (AttendeeKind.DEPARTMENT, "物业服务中心 孙经理", False), (AttendeeKind.RESIDENT, "张三", True),
        (AttendeeKind.RESIDENT, "王芳", True), (AttendeeKind.RESIDENT, "张秀兰", False),
        (AttendeeKind.STAFF, "赵网格", False)]
    assert [t.case_no for t in building.topics] == [case_no]  # typed twice (once in lower case): one topic
    grid = notices.create_meeting(cw.director, NewMeeting("停车难", date(2026, 11, 5), level=CouncilLevel.GRID,
                                                          grid_id=ids["第一网格"]))
    assert (grid.of, grid.cycle) == ("第一网格", "2026年11月")
    community = notices.create_meeting(cw.clerk, NewMeeting("引进物业", date(2026, 10, 10),
                                                            building_id=ids["3号楼"]))  # ignored: a community's
    assert (community.level, community.of, community.cycle, community.building_id) == (
        CouncilLevel.COMMUNITY, "", "2026年第4季度", None)
    assert counts(cw) == {"council_meeting": 3, "council_item": 1, "council_attendee": 5, "council_topic": 1,
                          "duty": counts(cw)["duty"]}
    # a correction replaces the attendees and topics
    fixed = notices.update_meeting(cw.clerk, building.id, building_meeting(ids, MONDAY, (resident(cw, "张三", True),)))
    assert [a.name for a in fixed.attendees] == ["张三"] and fixed.topics == ()
    assert [i.problem for i in fixed.items] == ["3号楼2单元楼道灯不亮"]
    assert cw.sql("SELECT count(*) AS n FROM council_attendee")[0]["n"] == 1


def test_bad_council_input_is_refused_under_its_field_and_nothing_is_written(cw: Casework) -> None:
    ids = setup(cw)
    notices = cw.services.notices
    notices.create_meeting(cw.clerk, building_meeting(ids, date(2026, 11, 18)))
    before = counts(cw)

    def refused(meeting: NewMeeting) -> dict[str, str]:
        with pytest.raises(ValidationError) as caught:
            notices.create_meeting(cw.clerk, meeting)
        return {k: v.template for k, v in caught.value.errors.items()}

    typed = refused(building_meeting(ids, TODAY, (NewAttendee(AttendeeKind.RESIDENT, None, "老刘头"),)))
    assert list(typed) == ["attendees"] and "typed, not chosen" in typed["attendees"]
    assert list(refused(NewMeeting("楼道照明", TODAY, level=CouncilLevel.BUILDING))) == ["building"]
    assert list(refused(NewMeeting("停车", TODAY, level=CouncilLevel.GRID))) == ["grid"]
    earlier = refused(building_meeting(ids, date(2026, 11, 17)))  # 3号楼 met on the 18th
    assert list(earlier) == ["held_on"] and "previous meeting" in earlier["held_on"]
    three = refused(building_meeting(ids, TODAY, (resident(cw, "张三", True), resident(cw, "王芳", True),
                                                  resident(cw, "张秀兰", True))))
    assert list(three) == ["attendees"] and "one or two" in three["attendees"]
    elsewhere = refused(building_meeting(ids, TODAY, (resident(cw, "李建国", True),)))
    assert list(elsewhere) == ["attendees"] and "does not live in" in elsewhere["attendees"]
    assert list(refused(building_meeting(ids, TODAY, topics=("A01-20261120-9999",)))) == ["topics"]
    nameless = refused(building_meeting(ids, TODAY, (NewAttendee(AttendeeKind.DEPARTMENT, ids["物业服务中心"], " "),)))
    assert "representative" in nameless["attendees"]
    twice = refused(building_meeting(ids, TODAY, (resident(cw, "张三"), resident(cw, "张三"))))
    assert "twice" in twice["attendees"]
    long = refused(NewMeeting("议" * 81, TODAY, "地" * 61, "纪" * 2001))
    assert set(long) == {"title", "place", "summary"}
    assert set(refused(NewMeeting("", date(2026, 11, 21), level=CouncilLevel.BUILDING,
                                  attendees=(NewAttendee(AttendeeKind.STAFF, None, "王主任"),),
                                  topics=("X-1",)))) == {"title", "held_on", "building", "attendees", "topics"}
    assert counts(cw) == before
    # the same day at another building, and an earlier day at 5号楼, are other councils: allowed
    notices.create_meeting(cw.clerk, building_meeting(ids, date(2026, 11, 17), (resident(cw, "李建国", True),),
                                                      number="5"))
    assert counts(cw)["council_meeting"] == before["council_meeting"] + 1


def test_due_levels_are_those_not_held_this_week_month_or_quarter(cw: Casework) -> None:
    ids = setup(cw)
    notices = cw.services.notices
    assert notices.due_councils(cw.clerk) == [
        CouncilDue(CouncilLevel.BUILDING, "2026年第47周", ("3号楼", "5号楼")),
        CouncilDue(CouncilLevel.GRID, "2026年11月", ("第一网格",)),
        CouncilDue(CouncilLevel.COMMUNITY, "2026年第4季度", ("幸福里社区",))]
    notices.create_meeting(cw.clerk, building_meeting(ids, date(2026, 11, 13), number="5"))  # last week's
    notices.create_meeting(cw.clerk, building_meeting(ids, MONDAY))
    notices.create_meeting(cw.clerk, NewMeeting("停车", date(2026, 11, 2), level=CouncilLevel.GRID,
                                                grid_id=ids["第一网格"]))
    notices.create_meeting(cw.clerk, NewMeeting("引进物业", date(2026, 9, 30)))  # the third quarter's
    assert notices.due_councils(cw.clerk) == [
        CouncilDue(CouncilLevel.BUILDING, "2026年第47周", ("5号楼",)),
        CouncilDue(CouncilLevel.COMMUNITY, "2026年第4季度", ("幸福里社区",))]
    notices.create_meeting(cw.clerk, NewMeeting("公共空间改造", date(2026, 10, 1)))
    notices.create_meeting(cw.clerk, building_meeting(ids, TODAY, number="5"))
    assert notices.due_councils(cw.clerk) == []


def test_an_item_made_a_duty_is_on_the_duties_list_and_its_completion_shows_on_the_item(cw: Casework) -> None:
    ids = setup(cw)
    notices, duties = cw.services.notices, cw.services.duties
    meeting = notices.create_meeting(cw.clerk, building_meeting(ids, MONDAY), [
        NewItem("楼道灯更换", date(2026, 11, 24), responsible="物业经理"),
        NewItem("单元门维修", date(2026, 12, 20), responsible="物业经理")])
    first, second = meeting.items
    before = counts(cw)
    with pytest.raises(ValidationError) as caught:
        notices.make_duty(cw.clerk, first.id, None)
    assert set(caught.value.errors) == {"responsible"} and counts(cw) == before
    item = notices.make_duty(cw.clerk, first.id, ids["赵网格"])
    assert item.duty_id is not None and item.duty_open and item.duty_due == date(2026, 11, 24)
    with pytest.raises(Conflict):
        notices.make_duty(cw.clerk, first.id, ids["赵网格"])
    [row] = [r for r in duties.due(cw.clerk) if r.id == item.duty_id]  # due on the 24th: inside the week
    assert (row.title, row.place, row.responsible, row.next_due, row.council_item_id) == (
        "楼道灯更换", "议事会“楼道照明”第1项", "赵网格", date(2026, 11, 24), first.id)
    notices.make_duty(cw.clerk, second.id, ids["王主任"])
    assert all(r.council_item_id != second.id for r in duties.due(cw.clerk))  # due in December: not yet listed
    cw.clock.advance(timedelta(days=5))  # the 25th: overdue by a day; not done, it comes again a week later
    moved = duties.record_not_done(cw.director, item.duty_id, date(2026, 11, 24), "灯具缺货")
    assert moved.next_due == date(2026, 12, 1)
    assert not notices.meetings(cw.clerk)[0].items[0].done
    duties.record_done(cw.director, item.duty_id, date(2026, 12, 1), date(2026, 11, 25), "已全部更换")
    done = notices.meetings(cw.clerk)[0].items[0]
    assert (done.done, done.progress, done.duty_open, done.duty_due) == (True, "已全部更换", False, None)
    assert all(r.id != item.duty_id for r in duties.due(cw.clerk, days=60))  # off the list
    with pytest.raises(Conflict):
        notices.make_duty(cw.clerk, first.id, ids["赵网格"])  # done already


def test_the_council_notice_of_a_meeting_and_of_a_level_is_masked(cw: Casework, tmp_path: Path) -> None:
    ids = setup(cw)
    notices = cw.services.notices
    case_no = cw.sql('SELECT case_no FROM "case" WHERE id = ?', cw.new_case().hex)[0]["case_no"]
    first = notices.create_meeting(cw.clerk, building_meeting(ids, date(2026, 11, 9), (
        resident(cw, "张三", True), resident(cw, "王芳"), NewAttendee(AttendeeKind.STAFF, ids["赵网格"], "赵网格"),
        NewAttendee(AttendeeKind.DEPARTMENT, ids["物业服务中心"], "孙建华")), (case_no,), title="楼道堆物"), [
        NewItem("王芳家门口堆物，电话13812345678", date(2026, 11, 30), responsible="物业经理")])
    notices.create_meeting(cw.clerk, building_meeting(ids, MONDAY, (resident(cw, "张秀兰", True),),
                                                      title="楼道照明"), [
        NewItem("楼道灯不亮", date(2026, 11, 23), responsible="物业经理")])
    notices.create_meeting(cw.clerk, NewMeeting("停车难", date(2026, 11, 5), level=CouncilLevel.GRID,
                                                grid_id=ids["第一网格"]))
    one = text_of(notices.make_council(cw.clerk, first.id).pdf, tmp_path)
    assert "楼栋议事会(3号楼,2026年第46周)" in one and "议题:楼道堆物" in one
    assert "参会人员(4人)" in one and "张*(居民代表)" in one and "王*" in one and "赵网格" in one
    assert "物业服务中心代表" in one and "孙建华" not in one  # the department, not its representative's name
    assert case_no in one and "问题清单" in one and "时限清单" in one
    made = notices.make_level_notice(cw.clerk, CouncilLevel.BUILDING, date(2026, 11, 1), date(2026, 11, 30))
    assert made.title == "楼栋议事会议定事项公示（2026年11月1日至11月30日）" and made.kind == "council"
    text = text_of(made.pdf, tmp_path)
    assert "楼栋议事会议定事项公示" in text and "共2次会议" in text
    assert "一、楼栋议事会(3号楼,2026年第46周)" in text and "二、楼栋议事会(3号楼,2026年第47周)" in text
    assert "停车难" not in text  # a grid meeting: not on the building level's notice
    assert "张**(居民代表)" in text  # 张秀兰
    for secret in ("张三", "王芳", "张秀兰", "13812345678", "孙建华"):
        assert secret not in text and secret not in one, secret
    assert made.masked  # 王芳 and the phone number in the item, listed for the preview
    grid = text_of(notices.make_level_notice(cw.clerk, CouncilLevel.GRID, date(2026, 11, 1), TODAY).pdf, tmp_path)
    assert "网格议事会议定事项公示" in grid and "第一网格,2026年11月" in grid and "楼道堆物" not in grid
    with pytest.raises(ValidationError) as caught:
        notices.make_level_notice(cw.clerk, CouncilLevel.COMMUNITY, date(2026, 11, 1), TODAY)
    assert set(caught.value.errors) == {"end"}  # no community meeting in the period

