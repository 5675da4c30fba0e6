"""The volunteer teams of seed 000 in the demo (志愿服务队, issue 22): 银发互助队 (younger retirees serving the very
old), 青年突击队 (repairs and clean-ups) and 邻里帮帮团 (retired doctors, teachers and engineers, Wednesday mornings),
drawn from the time bank's twelve volunteers in the order of their numbers: the first five, the next four, the last
three; each led by its first. Set up a month before the demo's "today", then four activities, all verified and
credited (18 h, 12 h and 7.5 h this year), and one request given to 青年突击队. No random stream: the rest of the demo
is drawn as before.

Hand count: 银发互助队 on 11-10 with its 5 members for 2 h (10 h) and on 11-17 with 4 of them (the fifth absent) for
2 h (8 h); 青年突击队 on 11-14 with its 4 members for 3 h (12 h); 邻里帮帮团 on 11-18 with its 3 members for 2.5 h
(7.5 h). No day of these is a day of the time bank's own records (the day before "today", then a week apart).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.demo import data as dd
from app.models import Case, CaseStatus
from app.services.core.clock import LOCAL_TZ, FakeClock, local
from app.services.core.container import Services
from app.services.ledger.timebank import GroupInput
from app.services.ledger.timebank.teams import TeamInput


@dataclass(frozen=True)
class DemoTeam:
    name: str
    members: slice          # of the volunteers in number order
    service_types: tuple[str, ...]
    speciality: str
    weekdays: tuple[int, ...]
    starts: time
    ends: time
    place: str


TEAMS = (
    DemoTeam("银发互助队", slice(0, 5), ("visit", "escort"), "低龄老人服务高龄老人：探访陪伴、陪同就医", (2, 4),
             time(9, 0), time(11, 0), "社区日间照料中心"),
    DemoTeam("青年突击队", slice(5, 9), ("repair", "cleaning"), "应急维修、环境整治", (6,),
             time(8, 30), time(11, 30), "社区服务站"),
    DemoTeam("邻里帮帮团", slice(9, 12), ("other", "tutoring"), "退休医生、教师、工程师义务咨询", (3,),
             time(9, 0), time(11, 30), "社区党群服务中心"),
)
# (team, days before "today", title, kind, from, to, how many of its members took part: the first n)
ACTIVITIES = (
    ("银发互助队", 10, "探访高龄独居老人", "visit", time(9, 0), time(11, 0), 5),
    ("青年突击队", 6, "5号楼楼道杂物清理、更换声控灯", "repair", time(8, 30), time(11, 30), 4),
    ("银发互助队", 3, "陪同高龄老人社区医院体检", "escort", time(9, 0), time(11, 0), 4),
    ("邻里帮帮团", 2, "周三上午义诊与法律、学业咨询", "other", time(9, 0), time(11, 30), 3),
)
GIVEN_NOTE = "请青年突击队周六上门查看，需要时带工具"


def build(services: Services) -> None:
    officer = services.auth.login(dd.TIMEBANK_OFFICER.username, dd.DEMO_PASSWORD)
    director = services.auth.login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
    clerk = services.auth.login(dd.CLERK_1.username, dd.DEMO_PASSWORD)
    bank = services.timebank
    volunteers = sorted(bank.volunteers.volunteers(officer, ""), key=lambda v: v.number)
    if len(volunteers) < 12:
        return
    now = services.db.clock.now()
    today = local(now).date()
    real_clock, fake = services.db.clock, FakeClock(now - timedelta(days=30))
    services.db.clock = fake
    try:
        teams = {}
        for spec in TEAMS:
            members = tuple(v.id for v in volunteers[spec.members])
            teams[spec.name] = bank.teams.create(officer, TeamInput(
                spec.name, spec.service_types, spec.speciality, spec.weekdays, spec.starts, spec.ends, spec.place,
                members, members[0]))
        for team_name, back, title, kind, start, end, present in ACTIVITIES:
            day: date = today - timedelta(days=back)
            fake.set(datetime.combine(day, time(20, 0), LOCAL_TZ))
            team = teams[team_name]
            ids = tuple(m.volunteer_id for m in team.members[:present])
            records = bank.records.record_group(officer, GroupInput(
                title, kind, day, start, end, ids, team.place, team_id=team.id))
            done = [r.id for r in records]
            bank.records.verify(director, done)
            bank.records.credit(officer, done)
    finally:
        services.db.clock = real_clock
    with services.db.reading() as session:  # the first request with a handler still at work on it
        case_id = session.scalar(select(Case.id).where(Case.status == CaseStatus.DISPATCHED)
                                 .order_by(Case.case_no).limit(1))
    if case_id is not None:
        bank.team_cases.give(clerk, case_id, teams["青年突击队"].id, GIVEN_NOTE)
