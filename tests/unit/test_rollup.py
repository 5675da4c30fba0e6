"""The rates' daily rollup (app.services.cases.rollup) on a real SQLite file: kept in the transaction that writes
the requests, it gives the figures the direct count gives, for any period and the filters it keeps; made again by
``rebuild``; checked by ``verify``; created and filled by migration 0015, and removed by its downgrade."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select, text

from app.models import Grid, RatesDay, RatesDayDepartment
from app.services.cases import rates, rollup
from app.services.core.clock import local
from app.services.core.container import open_services
from app.services.core.db import MIGRATIONS
from app.services.core.errors import Message
from tests.unit import casework
from tests.unit.casework import Casework
from tests.unit.conftest import NOW
from tests.unit.rollup_story import NO_SHRINKING, Cast, period, story

cw, casework_template = casework.cw, casework.casework_template  # the fixtures

WUYE, CHENGGUAN = "物业服务中心", "街道城管科"
ROOT = Path(__file__).resolve().parents[2]


def cast_of(cw: Casework) -> Cast:
    with cw.services.db.reading() as session:
        grid_id = session.scalars(select(Grid.id)).one()
    return Cast(cw.services, cw.clock, cw.clerk, cw.director, cw.worker,
                [r.id for r in cw.residents.values()], [cw.department(WUYE), cw.department(CHENGGUAN)], grid_id)


@settings(phases=NO_SHRINKING, max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=story, periods=st.lists(period, min_size=1, max_size=4))
def test_the_rollup_gives_the_figures_counted_from_the_requests(cw: Casework, steps: list[tuple[str, int, int, int]],
                                                                periods: list[tuple[int, int, bool]]) -> None:
    """Each example tells its story from the next midnight on (the desk's requests accumulate from one example to
    the next, as they do at a desk), then reads random periods both ways."""
    cast = cast_of(cw)
    start = cast.tell(steps)
    cast.check(start, periods)


def figures_problems(cw: Casework) -> list[Message]:
    """What verify says of the daily figures (the test community's households were given a grid by plain SQL,
    which verify names too)."""
    return [p for p in cw.services.verify.run() if "daily figures" in p.template]


def test_plain_sql_leaves_it_stale_verify_says_so_and_rebuild_mends_it(cw: Casework) -> None:
    """A write that bypasses the unit of work (the benchmarks' bulk inserts, someone's SQL) is not counted; verify
    names the days, and ``--rebuild-figures`` counts them again (the command line, as IT staff runs it)."""
    first = cw.new_case()
    cw.flow.dispatch(cw.clerk, first)
    cw.clock.set(NOW + timedelta(days=1))
    cw.new_case(resident="李建国")
    assert figures_problems(cw) == []
    with cw.services.db.engine.begin() as conn:
        conn.execute(text('UPDATE "case" SET status = \'resolved\' WHERE id = :id'), {"id": first.hex})
        conn.execute(text("DELETE FROM rates_day WHERE day = :d"), {"d": local(NOW + timedelta(days=1)).date()})
    assert [p.params for p in figures_problems(cw)] == [{"n": 2, "days": "2026-11-20、2026-11-21"}]
    since, until = rates.span(local(NOW).date(), local(NOW).date() + timedelta(days=1))
    with cw.services.db.reading() as session:
        assert rates.totals(session, since, until, part=rollup.EVERYTHING).resolved == 0  # stale
        assert rates.totals(session, since, until).resolved == 1
    cw.services.close()
    done = subprocess.run([sys.executable, "main.py", "verify", "--rebuild-figures", "--data-dir",
                           str(cw.services.paths.data_dir)], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "daily figures" not in done.stderr and "按日统计" not in done.stderr, done.stderr
    again = open_services(cw.services.paths.data_dir, clock=cw.clock)
    try:
        with again.db.reading() as session:
            assert rates.totals(session, since, until, part=rollup.EVERYTHING) == rates.totals(session, since, until)
            assert rates.totals(session, since, until).received == 2
    finally:
        again.close()


def test_the_migration_fills_it_and_goes_down_and_up_again(cw: Casework) -> None:
    """0015 on SQLite (tests/pg runs it on PostgreSQL): the two tables go, and come back filled from the requests
    already there, as a recount gives them."""
    a = cw.new_case()
    cw.flow.dispatch(cw.clerk, a)
    cw.flow.call_departments(cw.clerk, a, [cw.department(WUYE)], hours=2)
    cw.flow.resolve(cw.worker, a, "已修复")
    cw.new_case(resident="李建国", sub="HEALTH-ESCORT")
    services = cw.services
    with services.db.engine.connect() as conn:
        before = conn.execute(select(RatesDay.day, RatesDay.received, RatesDay.resolved)).all()
    assert sum(r.received for r in before) == 2
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with services.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0014")
    assert not {"rates_day", "rates_day_department"} & set(inspect(services.db.engine).get_table_names())
    services.db.migrate()
    with services.db.engine.connect() as conn:
        assert conn.execute(select(RatesDay.day, RatesDay.received, RatesDay.resolved)).all() == before
        assert conn.execute(select(RatesDayDepartment.received)).scalars().all() == [1]
        assert rollup.differences(conn) == []
