"""Shared set-up of the workflow and escalation tests: the test community with a director, a grid worker and a
grid covering the residents' building 3, and helpers to log a request and look at what was stored."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from app.models import Case, Channel, Grid, Household, Role, Scope
from app.services.cases.escalation import RuleBook
from app.services.cases.intake import IntakeForm
from app.services.cases.timeline import cached, fold, folded, load_events
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.people.residents import ResidentSummary
from tests.unit.conftest import NOW, Community

PASSWORD = "passw0rd123"
TEXT = "3号楼2单元厨房水管漏水，楼下天花板渗水，请尽快派人维修。"


@dataclass(frozen=True)
class Template:
    folder: Path
    director: Actor
    worker: Actor
    worker2: Actor


@pytest.fixture(scope="session")
def casework_template(community_template: Community, tmp_path_factory: pytest.TempPathFactory) -> Template:
    folder = tmp_path_factory.mktemp("casework") / "data"
    shutil.copytree(community_template.folder, folder)
    services = open_services(folder, clock=FakeClock(NOW))
    try:
        admin, desk = community_template.admin, services.db.desk_code

        def make(username: str, name: str, role: Role) -> Actor:
            info = services.auth.create_staff(admin, username, name, role, PASSWORD)
            return Actor(info.id, info.username, info.display_name, info.role, desk)

        director = make("director", "王主任", Role.DIRECTOR)
        worker = make("grid1", "赵网格", Role.GRID_WORKER)
        worker2 = make("grid2", "钱网格", Role.GRID_WORKER)
        with services.db.transaction() as session:
            grid = Grid(code="G1", name="第一网格", worker_id=worker.user_id)
            session.add(grid)
            session.flush()
            session.execute(update(Household).where(Household.building == "3").values(grid_id=grid.id))
    finally:
        services.close()
    return Template(folder, director, worker, worker2)


@dataclass
class Casework:
    services: Services
    clock: FakeClock
    admin: Actor
    clerk: Actor
    timebank: Actor
    director: Actor
    worker: Actor
    worker2: Actor
    residents: dict[str, ResidentSummary]

    @property
    def flow(self) -> Any:
        return self.services.workflow

    def category(self, code: str) -> tuple[uuid.UUID, uuid.UUID | None]:
        options = self.services.intake.options(self.clerk)
        sub = next(c for c in options.categories if c.code == code)
        return (sub.parent_id or sub.id, sub.id if sub.parent_id else None)

    def department(self, name: str) -> uuid.UUID:
        options = self.services.intake.options(self.clerk)
        return next(d.id for d in options.departments if d.name == name)

    def new_case(self, resident: str = "张三", sub: str = "LIFE-WATER", urgency: int = 3,
                 deadline_at: datetime | None = None, text: str = TEXT) -> uuid.UUID:
        category_id, subcategory_id = self.category(sub)
        form = IntakeForm(channel=Channel.WALK_IN.value, resident_id=self.residents[resident].id,
                          category_id=category_id, subcategory_id=subcategory_id, description=text,
                          urgency=urgency, scope=Scope.HOUSEHOLD.value, deadline_at=deadline_at)
        return self.services.intake.submit(self.clerk, form).case_id

    def sql(self, query: str, *params: Any) -> list[dict[str, Any]]:
        with closing(sqlite3.connect(self.services.paths.database)) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute(query, params)]

    def case(self, case_id: uuid.UUID) -> dict[str, Any]:
        [row] = self.sql('SELECT * FROM "case" WHERE id = ?', case_id.hex)
        return row

    def events(self, case_id: uuid.UUID) -> list[dict[str, Any]]:
        return self.sql("SELECT * FROM case_event WHERE case_id = ? ORDER BY seq", case_id.hex)

    def kinds(self, case_id: uuid.UUID) -> list[str]:
        return [e["kind"] for e in self.events(case_id)]

    def snapshot(self) -> tuple[Any, ...]:
        """Everything an action could write: every row of the case tables and the audit trail's length."""
        tables = ("case", "case_event", "case_reporter", "case_department")
        rows = tuple(tuple(sorted(tuple(r.values()) for r in self.sql(f'SELECT * FROM "{t}"'))) for t in tables)
        return rows + (self.sql("SELECT count(*) AS n FROM audit_log")[0]["n"],)

    def assert_cache_is_the_fold(self) -> None:
        """Every case's cached columns equal a fresh fold of its timeline."""
        with self.services.db.reading() as session:
            book = RuleBook.load(session)
            cases = list(session.scalars(select(Case)))
            timelines = load_events(session, [c.id for c in cases])
            for case in cases:
                limits = book.limits(case)
                assert cached(case) == folded(fold(case.created_at, limits, timelines[case.id]), limits), case.case_no


def at_once(cw: Casework, *work: Callable[[Services], Any]) -> list[Any]:
    """Each piece of work on a desk of its own (its own engine on the same SQLite file), all released together;
    returns their results in order and fails on the first error any of them raised."""
    desks = [cw.services] + [open_services(cw.services.paths.data_dir, clock=FakeClock(cw.clock.now()))
                             for _ in work[1:]]
    barrier = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work[i](desks[i])
        except BaseException as exc:  # noqa: BLE001 - raised below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for desk in desks[1:]:
            desk.close()
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def cw(casework_template: Template, community_template: Community, tmp_path: Path) -> Iterator[Casework]:
    folder = tmp_path / "data"
    shutil.copytree(casework_template.folder, folder)
    clock = FakeClock(NOW)
    services = open_services(folder, clock=clock)
    try:
        yield Casework(services, clock, community_template.admin, community_template.clerk,
                       community_template.timebank, casework_template.director, casework_template.worker,
                       casework_template.worker2, dict(community_template.residents))
    finally:
        services.close()
