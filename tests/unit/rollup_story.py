"""The daily rollup against the direct count: random stories of requests told through the real
services, then the figures of random periods read both ways (tests/unit/test_rollup.py on SQLite,
tests/pg/test_rollup_pg.py on PostgreSQL).

A story is a list of steps (what, which request, minutes later, a choice): intake, dispatch,
response, resolution, follow-up calls (满意, 基本满意, 不满意: reopens; unanswered calls, and 无法联系 after
unanswered calls on three days), closing, reopening, suspending and resuming, merging into another
request, a repeat of a request (重复诉求), calling departments in and their reports, raising the level,
a pass of the escalation ladder, and a correction of a request's class or grid written through the
unit of work (no service corrects them yet; any future one writes the same way). A step the workflow
refuses (resolving a new request ...) is a refusal: nothing written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hypothesis import Phase
from hypothesis import strategies as st

from app.models import Case, Channel, Scope
from app.services.cases import rates, rollup
from app.services.cases.intake import IntakeForm
from app.services.cases.listing import CaseQuery
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock, local
from app.services.core.container import Services
from app.services.core.errors import DomainError

SUBS = ("LIFE-WATER", "HEALTH-ESCORT", "LIFE-HEATING", "JOB-TRAINING")
STEPS = ("new", "new", "new", "dispatch", "dispatch", "respond", "resolve", "resolve", "satisfied", "basically",
         "dissatisfied", "close", "reopen", "suspend", "resume", "merge", "call", "report", "raise", "escalate",
         "recategorize", "regrid", "repeat", "tried", "unreachable")

# The desk's requests accumulate from one example to the next (as at a desk): a shrunk example would replay on a
# different database, so a failure is reported as found.
NO_SHRINKING = (Phase.explicit, Phase.reuse, Phase.generate)
step = st.tuples(st.sampled_from(STEPS), st.integers(0, 11), st.integers(0, 16 * 60), st.integers(0, 11))
story = st.lists(step, min_size=1, max_size=30)
# Periods from a day before the story's start to four days after it, of a few minutes to ten days: their edges fall
# inside days as often as on midnight.
period = st.tuples(st.integers(-24 * 60, 4 * 24 * 60), st.integers(1, 10 * 24 * 60), st.booleans())


@dataclass
class Cast:
    """Who and what a story needs, on one desk."""

    services: Services
    clock: FakeClock
    clerk: Actor
    director: Actor
    worker: Actor
    residents: list[uuid.UUID]
    departments: list[uuid.UUID]
    grid_id: uuid.UUID
    cases: list[uuid.UUID] = field(default_factory=list)

    def category(self, code: str) -> tuple[uuid.UUID, uuid.UUID | None]:
        sub = next(c for c in self.services.intake.options(self.clerk).categories if c.code == code)
        return (sub.parent_id or sub.id, sub.id if sub.parent_id else None)

    def tell(self, steps: list[tuple[str, int, int, int]]) -> datetime:
        """Play the steps from the next midnight on; returns that midnight."""
        start = rollup.day_start(local(self.clock.now()).date() + timedelta(days=1))
        self.clock.set(start + timedelta(minutes=7))
        for what, which, minutes, choice in steps:
            self.clock.set(self.clock.now() + timedelta(minutes=minutes))
            try:
                self._step(what, which, choice)
            except DomainError:
                pass  # refused: nothing written
        return start

    def _step(self, what: str, which: int, choice: int) -> None:
        flow, s = self.services.workflow, self.services
        if what == "new" or not self.cases:
            category_id, sub = self.category(SUBS[choice % len(SUBS)])
            form = IntakeForm(channel=Channel.WALK_IN.value, resident_id=self.residents[choice % len(self.residents)],
                              category_id=category_id, subcategory_id=sub, description="楼道灯坏了，请尽快维修。",
                              urgency=3, scope=Scope.HOUSEHOLD.value)
            self.cases.append(s.intake.submit(self.clerk, form).case_id)
            return
        case_id = self.cases[which % len(self.cases)]
        other = self.cases[choice % len(self.cases)]
        department = self.departments[choice % len(self.departments)]
        answers = {"satisfied": "satisfied", "basically": "basically_satisfied", "dissatisfied": "dissatisfied"}
        if what == "dispatch":
            flow.dispatch(self.clerk, case_id, assignee_id=self.worker.user_id if choice % 2 else None)
        elif what == "respond":
            flow.respond(self.worker, case_id)
        elif what == "resolve":
            flow.resolve(self.worker, case_id, "已修复")
        elif what in answers:
            flow.follow_up(self.clerk, case_id, answers[what])
        elif what == "tried":
            flow.call_tried(self.clerk, case_id)
        elif what == "unreachable":  # an odd choice: nobody answers on three days first; else refused unless it was so
            for _day in range(3 if choice % 2 else 0):
                flow.call_tried(self.clerk, case_id)
                self.clock.set(self.clock.now() + timedelta(days=1))
            flow.follow_up(self.clerk, case_id, "unreachable")
        elif what == "close":
            flow.close(self.director, case_id)
        elif what == "reopen":
            flow.reopen(self.director, case_id, "居民再次来电")
        elif what == "suspend":
            flow.suspend(self.director, case_id, "居民外出")
        elif what == "resume":
            flow.resume(self.director, case_id)
        elif what == "merge":
            flow.merge(self.clerk, case_id, other)
        elif what == "call":
            flow.call_departments(self.clerk, case_id, [department], hours=1 + choice % 3)
        elif what == "report":
            flow.department_report(self.clerk, case_id, department, "已到场")
        elif what == "raise":
            flow.raise_level(self.director, case_id, "需街道协调")
        elif what == "escalate":
            s.escalation.run()
        elif what == "repeat":  # the same resident again, marked as a repeat of the request (重复诉求)
            with s.db.reading() as session:
                earlier = session.get(Case, case_id)
                assert earlier is not None
                form = IntakeForm(channel=Channel.PHONE.value, resident_id=earlier.resident_id,
                                  category_id=earlier.category_id, subcategory_id=earlier.subcategory_id,
                                  description="上次反映的问题还没解决。", urgency=2, scope=Scope.HOUSEHOLD.value,
                                  caller_phone="13800001111", repeat_of=case_id)
            self.cases.append(s.intake.submit(self.clerk, form).case_id)
        elif what == "recategorize":
            category_id, sub = self.category(SUBS[choice % len(SUBS)])
            with s.db.transaction() as session:
                case = session.get(Case, case_id)
                assert case is not None
                case.category_id, case.subcategory_id = category_id, sub
        elif what == "regrid":
            with s.db.transaction() as session:
                case = session.get(Case, case_id)
                assert case is not None
                case.grid_id = self.grid_id if choice % 2 else None

    def check(self, start: datetime, periods: list[tuple[int, int, bool]]) -> None:
        """Every period's figures read with the rollup equal those counted from the requests, and the rollup
        equals a recount."""
        db = self.services.db
        with db.engine.connect() as conn:
            assert rollup.differences(conn) == []
        service = self.services.rates
        classes = sorted({self.category(code)[0] for code in SUBS})
        for offset, length, whole in periods:
            since = start + timedelta(minutes=offset)
            until = since + timedelta(minutes=length)
            if whole:  # local midnights, as the dashboard asks
                since, until = rates.span(local(since).date(), local(until).date())
            queries = [None, CaseQuery(grid_id=self.grid_id), CaseQuery(category_id=classes[offset % len(classes)]),
                       CaseQuery(date_from=local(since).date() + timedelta(days=1))]
            with db.reading() as session:
                for query in queries:
                    where, part = service.scope(session, query)
                    assert part is not None
                    direct = rates.summary(session, since, until, where)
                    assert rates.summary(session, since, until, where, part) == direct, (query, since, until)
                    assert rates.totals(session, since, until, where, part) == direct.totals
                    assert rates.totals(session, since, until, where) == direct.totals
                    assert (rates.trend(session, since, until, where, part=part)
                            == rates.trend(session, since, until, where)), (query, since, until)
