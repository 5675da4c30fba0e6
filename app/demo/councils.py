"""A quarter of councils at three levels (issue 22): 3号楼 and 6号楼's building meetings every week of the last 13
weeks (two representatives each, the grid worker, the property company's representative), each grid's meeting every
month, one community meeting; topics name the buildings' own requests; each meeting decides an item or two, and the
latest community meeting's first item is on the duties list (转为待办)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.demo import data as dd
from app.domain.councils import AttendeeKind, CouncilLevel
from app.models import Case, Household, Resident
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.notices.board import NewAttendee, NewItem, NewMeeting

WEEKS = 13
BUILDINGS = ("3", "6")
PROPERTY = "物业服务中心"
BUILDING_ITEMS = ("楼道声控灯更换", "单元门闭门器维修", "楼道堆物清理", "雨水管疏通", "楼顶防水检查")
GRID_ITEMS = ("小区东侧道路划线停车", "广场舞音量与时间约定", "快递柜旁电动车停放")
COMMUNITY_ITEMS = ("加装小区监控（预算2万元）", "公共空间改造方案征求意见")


def build(services: Services) -> None:
    clerk = services.auth.login(dd.CLERK_1.username, dd.DEMO_PASSWORD)
    notices = services.notices
    today = local(services.db.clock.now()).date()
    options = notices.council_options(clerk)
    building_ids = {b.name: b.id for b in options.buildings}
    staff = {s.name: s.id for s in options.staff}
    property_id = next(d.id for d in options.departments if d.name == PROPERTY)
    with services.db.reading() as session:
        people = {b: [(i, n) for i, n in session.execute(
            select(Resident.id, Resident.name).join(Household, Household.id == Resident.household_id)
            .where(Household.building == b, Resident.name != "").order_by(Resident.created_at).limit(2))]
            for b in BUILDINGS}
        requests = {b: list(session.scalars(
            select(Case.case_no).join(Resident, Resident.id == Case.resident_id)
            .join(Household, Household.id == Resident.household_id).where(Household.building == b)
            .order_by(Case.created_at.desc()).limit(WEEKS))) for b in BUILDINGS}
    worker_of = {b: staff[g.worker.display_name] for g in dd.GRIDS for b in g.buildings}
    monday = today - timedelta(days=today.weekday())
    for week in range(WEEKS, -1, -1):  # oldest first: a council's meetings are recorded in their order
        day = monday - timedelta(weeks=week) + timedelta(days=2)  # Wednesday evening
        if day > today:
            continue
        for n, b in enumerate(BUILDINGS):
            attendees = tuple(NewAttendee(AttendeeKind.RESIDENT, i, name, True) for i, name in people[b]) + (
                NewAttendee(AttendeeKind.STAFF, worker_of[b], ""),
                NewAttendee(AttendeeKind.DEPARTMENT, property_id, "孙经理"))
            topics = tuple(requests[b][week:week + 1])
            problem = BUILDING_ITEMS[(week + n) % len(BUILDING_ITEMS)]
            notices.create_meeting(clerk, NewMeeting(
                f"{b}号楼{problem}", day, f"{b}号楼1单元门前", f"楼栋代表、网格员、物业参加，议定{problem}。",
                CouncilLevel.BUILDING, building_ids[f"{b}号楼"], None, attendees, topics),
                [NewItem(f"{b}号楼{problem}", day + timedelta(days=7), property_id, "物业经理")])
    for months_back in (2, 1, 0):
        first = _month_start(today, months_back)
        day = first + timedelta(days=9)
        if day > today:
            continue
        for n, grid in enumerate(dd.GRIDS):
            problem = GRID_ITEMS[(months_back + n) % len(GRID_ITEMS)]
            notices.create_meeting(clerk, NewMeeting(
                problem, day, f"{grid.name}活动室", "社区干部、网格员和居民代表共同参与。", CouncilLevel.GRID,
                grid_id=next(g.id for g in options.grids if g.name == grid.name),
                attendees=(NewAttendee(AttendeeKind.STAFF, staff[dd.DIRECTOR.display_name], ""),
                           NewAttendee(AttendeeKind.STAFF, staff[grid.worker.display_name], ""))),
                [NewItem(problem, day + timedelta(days=30), responsible="社区居委会")])
    day = _month_start(today, 1) + timedelta(days=14)  # the quarter's community meeting
    meeting = notices.create_meeting(clerk, NewMeeting(
        "社区议事会（第四季度）", day, "社区议事厅", "全体居民可参加；议定加装监控，社区主任牵头、物业配合、居民监督。",
        attendees=(NewAttendee(AttendeeKind.STAFF, staff[dd.DIRECTOR.display_name], ""),
                   NewAttendee(AttendeeKind.DEPARTMENT, property_id, "孙经理"),
                   *(NewAttendee(AttendeeKind.RESIDENT, i, name) for b in BUILDINGS for i, name in people[b]))),
        [NewItem(COMMUNITY_ITEMS[0], day + timedelta(days=30), responsible="社区主任"),
         NewItem(COMMUNITY_ITEMS[1], day + timedelta(days=60), property_id, "")])
    notices.make_duty(clerk, meeting.items[0].id, staff[dd.DIRECTOR.display_name])


def _month_start(today: date, months_back: int) -> date:
    month = today.month - months_back
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)
