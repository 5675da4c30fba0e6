"""The demo's requests after intake: dispatched to the grid worker, answered, departments called in, now and then
late (so the ladder escalates them, some into the difficult problems pool), suspended, resolved, followed up
(some residents dissatisfied, so the case is reopened), closed, a few duplicates merged.

Everything goes through the workflow and escalation services on the demo's fake clock, in time order with the
intakes: before each step the ladder runs as a desk's timer would have. Each request's story is drawn from its own
random generator (seeded by the demo seed and the request's index), so the rest of the demo is unchanged.
"""

from __future__ import annotations

import heapq
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import select

from app.demo import data as dd
from app.models import Department
from app.services.cases.catalogue import CATEGORY_TREE
from app.services.cases.working_days import URGENT_CAPS
from app.services.core.auth import Actor, Permission
from app.services.core.clock import FakeClock
from app.services.core.container import Services
from app.services.core.errors import DomainError

MIN, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
REVIEW_DELAY = 2 * HOUR  # the desk approves a grid worker's public note (the newest still wait for review)
RESOLVE_HOURS = {c.code: c.resolve_hours for top in CATEGORY_TREE for c in top.children}
PASS_EVERY = HOUR  # how often the ladder runs while the demo plays (the app's timer runs more often)

RESPONSES = ("已电话联系居民，约定上门时间", "已到现场查看情况", "已联系居民说明处理安排", "已受理，正在协调")
PUBLIC_NOTES = ("已联系相关单位，近日安排处理", "维修人员已到场，正在处理", "已协调到位，等待施工",
                "已纳入社区近期工作安排")
INTERNAL_NOTES = ("居民情绪较急，注意沟通方式", "需物业配合，已电话催办", "涉及多户，需逐户确认", "已向主任汇报")
OUTCOMES = ("已处理完毕，居民确认", "已修复，现场试用正常", "已协调解决，居民表示认可", "已办理完毕并告知居民")
SUSPEND_REASONS = ("居民外出，约定回来后再上门", "等待配件到货", "需等待天气好转后施工", "等待产权单位答复")
FOLLOW_UP_NOTES = {"satisfied": "居民表示满意", "basically_satisfied": "居民基本认可，希望加快速度",
                   "dissatisfied": "居民反映问题未彻底解决"}


@dataclass(order=True)
class _Step:
    at: datetime
    order: int
    run: Callable[[], object] = field(compare=False)


class CaseStories:
    def __init__(self, services: Services, fake: FakeClock, seed: int, now: datetime) -> None:
        self._services, self._fake, self._seed, self._now = services, fake, seed, now
        login = services.auth.login
        self._clerks = [login(s.username, dd.DEMO_PASSWORD) for s in (dd.CLERK_1, dd.CLERK_2)]
        self._director = login(dd.DIRECTOR.username, dd.DEMO_PASSWORD)
        self._workers = {a.user_id: a for a in (login(g.worker.username, dd.DEMO_PASSWORD) for g in dd.GRIDS)}
        self._agenda: list[_Step] = []
        self._order = 0
        self._last_pass: datetime | None = None
        self._latest_by_sub: dict[str, tuple[uuid.UUID, datetime]] = {}
        with services.db.reading() as session:
            self._departments = {n: i for i, n in session.execute(select(Department.id, Department.name))}

    # --- the agenda ---------------------------------------------------------------------------------

    def until(self, when: datetime) -> None:
        """Play every step due before ``when``, each at its own time, the ladder's timer running in between."""
        while self._agenda and self._agenda[0].at < when:
            step = heapq.heappop(self._agenda)
            self._tick(step.at)
            try:
                step.run()
            except DomainError:
                pass  # the case went another way meanwhile (merged, say): the step no longer applies
        self._tick(when)

    def _tick(self, when: datetime) -> None:
        if self._last_pass is None or when - self._last_pass >= PASS_EVERY:
            self._fake.set(when)
            self._services.escalation.run(when)
            self._last_pass = when
        self._fake.set(when)

    def _at(self, when: datetime, run: Callable[[], object]) -> None:
        if when < self._now:  # what would happen after the demo's "now" has not happened yet
            self._order += 1
            heapq.heappush(self._agenda, _Step(when, self._order, run))

    # --- one request's story ------------------------------------------------------------------------

    def add(self, index: int, case_id: uuid.UUID, spec: dd.RequestSpec, logged: datetime) -> None:
        rng = random.Random(self._seed * 7919 + index)
        flow = self._services.workflow
        latest = self._latest_by_sub.get(spec.sub_code)
        self._latest_by_sub[spec.sub_code] = (case_id, logged)
        if latest is not None and logged - latest[1] < 2 * DAY and rng.random() < 0.25:
            # Logged twice after all: the director spots the duplicate and merges it into the first, if that one
            # is still open; otherwise it is handled on its own.
            first, at = latest[0], logged + rng.randint(20, 90) * MIN

            def merge() -> None:
                try:
                    flow.merge(self._director, case_id, first, "同一问题重复登记，并单处理")
                except DomainError:
                    self._story(index, case_id, spec, at, rng)

            self._at(at, merge)
            return
        self._story(index, case_id, spec, logged, rng)

    def _story(self, index: int, case_id: uuid.UUID, spec: dd.RequestSpec, logged: datetime,
               rng: random.Random) -> None:
        flow, clerk = self._services.workflow, self._clerks[index % 2]
        limit = timedelta(hours=min(RESOLVE_HOURS[spec.sub_code], URGENT_CAPS.get(spec.urgency, DAY * 999) / HOUR))
        worker: list[Actor] = []

        def dispatch() -> None:
            info = flow.dispatch(clerk, case_id)
            worker.append(self._workers.get(info.assignee_id, self._director) if info.assignee_id else self._director)

        def handler() -> Actor:
            return worker[0] if worker else self._director

        t = logged + rng.randint(2, 25) * MIN
        recent = self._now - logged < DAY  # the last few requests are still waiting or being worked on
        if recent and index % 3 == 0:
            return  # not dispatched yet (the ladder has told the director)
        self._at(t, dispatch)
        if recent:
            if index % 3 == 2:
                self._at(t + rng.randint(8, 45) * MIN, lambda: flow.respond(handler(), case_id, rng.choice(RESPONSES)))
            return
        late_response = rng.random() < 0.12
        t += (rng.randint(70, 200) if late_response else rng.randint(8, 45)) * MIN
        self._at(t, lambda: flow.respond(handler(), case_id, rng.choice(RESPONSES)))
        if spec.departments:
            self._call(rng, case_id, spec, t + 15 * MIN)
        if rng.random() < 0.35:
            noted = t + rng.randint(40, 300) * MIN

            def public_note() -> None:
                author = handler()
                info = flow.add_note(author, case_id, rng.choice(PUBLIC_NOTES), public=True)
                if not author.can(Permission.REVIEW_NOTES):  # a grid worker's: the desk reads it before it is posted
                    self._at(noted + REVIEW_DELAY, lambda: flow.review_note(clerk, case_id, info.events, True))

            self._at(noted, public_note)
        if rng.random() < 0.08:
            self._at(t + rng.randint(20, 120) * MIN, lambda: flow.add_note(handler(), case_id,
                                                                           rng.choice(INTERNAL_NOTES)))
        if rng.random() < 0.06:
            self._at(t + 3 * HOUR, lambda: flow.raise_level(self._director, case_id, "涉及多个部门，需街道协调"))
        paused = timedelta(0)
        if rng.random() < 0.07:
            paused = rng.randint(1, 12) * DAY
            self._at(t + 2 * HOUR, lambda: flow.suspend(self._director, case_id, rng.choice(SUSPEND_REASONS)))
            self._at(t + 2 * HOUR + paused, lambda: flow.resume(self._director, case_id, "条件具备，恢复办理"))
        late = rng.random() < 0.13
        share = rng.uniform(1.15, 2.2) if late else rng.uniform(0.15, 0.85)
        resolved = max(t + 30 * MIN, logged + limit * share) + paused
        self._at(resolved, lambda: flow.resolve(handler(), case_id, rng.choice(OUTCOMES)))
        self._follow_up(rng, case_id, resolved, clerk, handler)

    def _call(self, rng: random.Random, case_id: uuid.UUID, spec: dd.RequestSpec, at: datetime) -> None:
        flow = self._services.workflow
        depts = [self._departments[name] for name in spec.departments if name in self._departments]
        if not depts:
            return
        self._at(at, lambda: flow.call_departments(self._clerks[0], case_id, depts, hours=24))
        for dept_id in depts:
            if rng.random() < 0.85:  # the rest never report: the ladder tells the director
                self._at(at + rng.randint(1, 20) * HOUR,
                         partial(flow.department_report, self._clerks[1], case_id, dept_id, "已派人到场处理"))

    def _follow_up(self, rng: random.Random, case_id: uuid.UUID, resolved: datetime, clerk: Actor,
                   handler: Callable[[], Actor]) -> None:
        flow = self._services.workflow
        called = resolved + rng.randint(3, 60) * HOUR
        answer = rng.choices(["satisfied", "basically_satisfied", "dissatisfied"], [0.72, 0.2, 0.08])[0]
        self._at(called, lambda: flow.follow_up(clerk, case_id, answer, FOLLOW_UP_NOTES[answer]))
        if answer == "dissatisfied":  # reopened: a second round, quicker
            again = called + rng.randint(15, 50) * MIN
            self._at(again, lambda: flow.respond(handler(), case_id, "已再次上门查看"))
            fixed = again + rng.randint(4, 20) * HOUR
            self._at(fixed, lambda: flow.resolve(handler(), case_id, "已彻底处理，居民确认"))
            self._at(fixed + rng.randint(4, 30) * HOUR,
                     lambda: flow.follow_up(clerk, case_id, "satisfied", "居民表示满意"))
            called = fixed + 40 * HOUR
        self._at(called + rng.randint(1, 4) * DAY, lambda: flow.close(self._director, case_id, "已回访，归档"))
