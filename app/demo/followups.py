"""The 回访 list's demo (issue 20): five requests of older residents resolved this week and waiting for the
follow-up call, some tried already and not answered (回访未接通):

- 供暖, resolved on Monday, nobody answered on Tuesday, Wednesday and Thursday: 无法联系 may be recorded now;
- 楼道灯, resolved on Tuesday, called from a daughter's number, tried on Wednesday and Thursday;
- 管道疏通, resolved on Wednesday, tried twice on Thursday (two calls, one day);
- 垃圾清运, resolved on Thursday, tried this morning;
- 养老服务, resolved on Thursday, not called yet.

The demo's "now" is a Friday at 10:00 (tests/conftest.py's DEMO_BUILT_AT); the days above are counted back from it
(DAYS_AGO), so on any other day they fall the same number of days before. Everything goes through the intake and
workflow services on a fake clock, the ladder's pass run before each step as a desk's timer would have (a follow-up
past its 72 hours is reported to the director). Its own random stream picks the residents: the rest of the demo is
unchanged.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.demo import data as dd
from app.domain.enums import Channel, ResidentStatus, Scope
from app.models import Category, Resident
from app.services.cases.intake import IntakeForm
from app.services.core.auth import Actor
from app.services.core.clock import LOCAL_TZ, FakeClock, local
from app.services.core.container import Services


@dataclass(frozen=True)
class Waiting:
    sub_code: str
    description: str
    resolved_days_ago: int      # the day it was resolved (at 16:00), counted back from today
    outcome: str
    tried_days_ago: tuple[int, ...]  # each unanswered call, its day counted back from today (0: this morning)
    other_caller: str = ""      # the number it was called in from, when not the resident's own


WAITING: tuple[Waiting, ...] = (
    Waiting("LIFE-HEATING", "家里暖气片上半截热下半截凉，屋里只有十五度，老伴有关节炎怕冷，希望供热公司上门看看。", 4,
            "供热公司已上门放气调试，室温回升到十九度", (3, 2, 1)),
    Waiting("LIFE-WATER", "单元楼道灯坏了一个多星期，我母亲晚上下楼看不清，请物业尽快维修。", 3,
            "物业已更换楼道灯三盏，现场试用正常", (2, 1), other_caller="13604127788"),
    Waiting("LIFE-PIPE", "厨房下水管堵了两天，自己疏通不了，家里只有老两口，希望安排师傅上门。", 2,
            "已安排师傅上门疏通，下水正常", (1, 1)),
    Waiting("LIFE-RUBBISH", "楼门口的垃圾桶满了三天没人清运，有异味，请尽快安排。", 1,
            "已协调环卫清运，并与物业约定每日清运两次", (0,)),
    Waiting("HEALTH-ELDER", "想咨询居家养老服务补贴怎么申请，需要准备什么材料。", 1,
            "已上门讲解申请条件并代为准备材料，待街道审核", ()),
)
RESOLVED_AT = time(16, 0)
TRIED_AT = (time(9, 0), time(15, 30))  # the first call of a day, and a second one that afternoon


def _at(day: date, when: time) -> datetime:
    return datetime.combine(day, when, LOCAL_TZ)


def build(services: Services, seed: int) -> None:
    rng = random.Random(seed)
    now = services.db.clock.now()
    today = local(now).date()
    login = services.auth.login
    clerk = login(dd.CLERK_1.username, dd.DEMO_PASSWORD)
    workers = {a.user_id: a for a in (login(g.worker.username, dd.DEMO_PASSWORD) for g in dd.GRIDS)}
    with services.db.reading() as session:
        categories = {c.code: (c.id, c.parent_id) for c in session.scalars(select(Category))}
        born_before = today.replace(year=today.year - 65)
        elders = list(session.execute(
            select(Resident.id, Resident.phone).where(Resident.birth_date <= born_before, Resident.phone != "",
                                                      Resident.status == ResidentStatus.ACTIVE)
            .order_by(Resident.pinyin_full, Resident.id)))
    chosen = rng.sample(elders, len(WAITING))
    real_clock, fake = services.db.clock, FakeClock(now)
    services.db.clock = fake

    def step(when: datetime) -> None:
        when = min(when, now - timedelta(minutes=1))  # this morning's call, for a demo made before 9 o'clock
        fake.set(when)
        services.escalation.run(when)

    try:
        for spec, (resident_id, phone) in zip(WAITING, chosen, strict=True):
            resolved_on = today - timedelta(days=spec.resolved_days_ago)
            sub_id, parent_id = categories[spec.sub_code]
            step(_at(resolved_on - timedelta(days=1), time(9, 30)))
            case_id = services.intake.submit(clerk, IntakeForm(
                channel=Channel.PHONE.value, resident_id=resident_id, category_id=parent_id, subcategory_id=sub_id,
                description=spec.description, urgency=3, scope=Scope.HOUSEHOLD.value,
                caller_phone=spec.other_caller or phone, call_seconds=150)).case_id
            step(_at(resolved_on - timedelta(days=1), time(9, 45)))
            info = services.workflow.dispatch(clerk, case_id)
            handler: Actor = workers.get(info.assignee_id, clerk) if info.assignee_id else clerk
            step(_at(resolved_on - timedelta(days=1), time(10, 20)))
            services.workflow.respond(handler, case_id, "已电话联系居民，约定上门时间")
            step(_at(resolved_on, RESOLVED_AT))
            services.workflow.resolve(handler, case_id, spec.outcome)
            for i, days_ago in enumerate(spec.tried_days_ago):
                again = i > 0 and spec.tried_days_ago[i - 1] == days_ago  # a second call the same day
                step(_at(today - timedelta(days=days_ago), TRIED_AT[1 if again else 0]))
                services.workflow.call_tried(clerk, case_id, "无人接听" if not again else "下午再打，仍无人接听")
        fake.set(now)
        services.escalation.run(now)
    finally:
        services.db.clock = real_clock
