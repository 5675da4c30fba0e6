"""Three desks and the street through random work, partitions and kills (issue 21): once every desk is back and
has synced, every desk holds the street's rows, every request's state and every balance is the same everywhere, no
balance is below zero, nothing done was lost, and each desk's checks (``verify``) pass.

Each example is a fresh street (a database copied from a migrated template) and three desk folders; a kill is a real
``main.py sync`` process killed with SIGKILL at a random moment."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from app.models import AccountKind, Case, CaseEvent, LedgerAccount, Resident
from app.services.core.audit import plain
from app.services.core.clock import FakeClock
from app.services.core.errors import DomainError
from app.services.ledger.points.data import AwardInput
from app.services.people.register import ResidentChanges
from app.services.sync.street import Street
from app.services.sync.tables import synced_tables
from tests.pg.conftest import PgServer
from tests.pg.test_postgres import LI_SI, NOW, ZHANG_SAN, request_form
from tests.pg.test_sync_pg import COMMUNITY, Desk, code
from tests.unit.test_points import Scheme, make_scheme

ROOT = Path(__file__).resolve().parents[2]
DEAD = "postgresql://nobody@127.0.0.1:1/street"
KINDS = ("intake", "note", "resolve", "phone", "award", "redeem", "sync", "sync", "partition", "heal", "kill")


@pytest.fixture(scope="module")
def template(pg_server: PgServer) -> Any:
    """A street database migrated and prepared once; each example copies it (CREATE DATABASE ... TEMPLATE)."""
    admin = create_engine(pg_server.admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = f"street_template_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))
    Street(pg_server.url_for(name)).init()
    yield pg_server, admin, name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@dataclasses.dataclass
class World:
    desks: list[Desk]
    admins: list[Any]
    scheme: Scheme
    street_url: str
    urls: list[str]
    made: list[str] = dataclasses.field(default_factory=list)       # case numbers of the requests logged
    notes: list[str] = dataclasses.field(default_factory=list)      # notes written
    cut: set[int] = dataclasses.field(default_factory=set)          # desks cut off from the street


def build(template: Any, folder: Path) -> World:
    pg_server, admin, name = template
    copy = f"street_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"'))
    street = Street(pg_server.url_for(copy))
    codes = [code() for _ in range(3)]
    urls = [street.add_desk(c, COMMUNITY).url for c in codes]
    desks = [Desk(folder / f"desk{i}", urls[i], FakeClock(NOW + timedelta(seconds=7 * i))) for i in range(3)]
    first = desks[0].set_up(codes[0])
    scheme = make_scheme(desks[0].services, first)
    zhang = desks[0].services.residents.create(first, ZHANG_SAN)
    desks[0].services.residents.create(first, LI_SI)
    desks[0].services.points.rules.award(first, AwardInput(scheme.meeting, (zhang.id,), quantity=15))
    for d in desks:
        d.services.sync.join(d.url)
    admins = [first] + [d.login() for d in desks[1:]]
    return World(desks, admins, scheme, street.url.render_as_string(hide_password=False), urls)


def residents(desk: Desk) -> list[Any]:
    with desk.services.db.reading() as session:
        return list(session.scalars(select(Resident.id).order_by(Resident.name)))


def cases(desk: Desk) -> list[Any]:
    with desk.services.db.reading() as session:
        return list(session.scalars(select(Case.id).order_by(Case.case_no)))


def act(world: World, kind: str, i: int, k: int) -> None:
    desk, admin = world.desks[i], world.admins[i]
    svc = desk.services
    for d in world.desks:
        d.clock.advance(timedelta(seconds=41))
    try:
        if kind == "intake":
            who = residents(desk)[k % 2]
            saved = svc.intake.submit(admin, request_form(svc, admin, who, f"第{len(world.made) + 1}件：楼道灯不亮"))
            world.made.append(saved.case_no)
        elif kind in ("note", "resolve") and cases(desk):
            case_id = cases(desk)[k % len(cases(desk))]
            if kind == "note":
                note = f"{i}号台第{len(world.notes) + 1}条说明"
                svc.workflow.add_note(admin, case_id, note)
                world.notes.append(note)
            else:
                try:
                    svc.workflow.dispatch(admin, case_id, assignee_id=admin.user_id)
                except DomainError:
                    pass  # dispatched already, or resolved
                svc.workflow.resolve(admin, case_id, "已处理")
        elif kind == "phone":
            svc.register.update_resident(admin, residents(desk)[k % 2], ResidentChanges(phone=f"1390000{i}{k:03d}"))
        elif kind == "award":
            svc.points.rules.award(admin, AwardInput(world.scheme.meeting, (residents(desk)[k % 2],)))
        elif kind == "redeem":
            reward = world.scheme.rice if k % 2 else world.scheme.bowl
            svc.points.vouchers.redeem(admin, residents(desk)[k % 2], reward)
        elif kind == "sync":
            svc.sync.sync()
        elif kind == "partition":
            world.cut.add(i)
            svc.settings.extra["street_url"] = DEAD
        elif kind == "heal":
            world.cut.discard(i)
            svc.settings.extra["street_url"] = world.urls[i]
        elif kind == "kill" and i not in world.cut:
            killed_sync(desk, 0.4 + 0.35 * k)
    except DomainError:
        pass  # refused (not the home desk, too few points, out of stock, cut off): nothing written


def killed_sync(desk: Desk, after: float) -> None:
    """``main.py sync`` on the desk's folder, killed with SIGKILL ``after`` seconds into it (or let finish)."""
    process = subprocess.Popen([sys.executable, "main.py", "sync", "--data-dir", str(desk.folder)], cwd=ROOT,
                               env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(after)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(60)


def spelled(value: Any) -> Any:
    value = plain(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if isinstance(value, dict | list) else value


def snapshot(conn: Any) -> dict[str, set[tuple[Any, ...]]]:
    """Every row of every table that travels, as the trail spells values."""
    return {t.name: {tuple(spelled(v) for v in row) for row in conn.execute(select(t))} for t in synced_tables()}


@settings(max_examples=int(os.environ.get("SYNC_EXAMPLES", "4")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(work=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 2), st.integers(0, 5)), min_size=6,
                     max_size=22))
def test_three_desks_apart_and_together_converge(template: Any, work: list[tuple[str, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        world = build(template, Path(tmp))
        try:
            for kind, i, k in work:
                act(world, kind, i, k)
            for i in range(3):
                act(world, "heal", i, 0)
            for _round in range(6):  # until a whole round sends nothing
                reports = [d.services.sync.sync() for d in world.desks]
                if all(r.up == 0 and r.waiting == 0 for r in reports):
                    break
            else:
                pytest.fail(f"the desks did not settle: {reports}")
            street = create_engine(world.street_url, poolclass=NullPool)
            try:
                with street.connect() as conn:
                    theirs = snapshot(conn)
            finally:
                street.dispose()
            for desk in world.desks:
                with desk.services.db.engine.connect() as conn:
                    ours = snapshot(conn)
                for table, rows in theirs.items():
                    assert ours[table] == rows, f"{table} differs on desk {desk.folder.name}"
                with desk.services.db.reading() as session:
                    numbers = set(session.scalars(select(Case.case_no)))
                    notes = set(session.scalars(select(CaseEvent.note)))
                    low = session.execute(select(LedgerAccount.code, LedgerAccount.kind)
                                          .where(LedgerAccount.balance < 0)).all()
                assert set(world.made) <= numbers  # nothing logged was lost
                assert set(world.notes) <= notes
                assert [account for account, kind in low if not AccountKind(kind).may_go_negative] == []
                assert [m.render() for m in desk.services.verify.run()] == []
        finally:
            for d in world.desks:
                d.close()
