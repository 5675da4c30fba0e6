"""The demo community, built once per session through the app's own services."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.demo import hotspots as demo_hotspots
from app.demo.build import build_demo
from app.models import HouseholdTag, Role
from app.services.core.container import Services
from app.services.core.errors import ValidationError
from tests.conftest import DEMO_BUILT_AT


@pytest.fixture
def db(demo_folder: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(demo_folder / "desk.sqlite3")) as conn:
        yield conn


def scalar(conn: sqlite3.Connection, sql: str) -> int:
    return int(conn.execute(sql).fetchone()[0])


def test_about_300_residents(db: sqlite3.Connection) -> None:
    assert 250 <= scalar(db, "SELECT count(*) FROM resident") <= 350
    assert scalar(db, "SELECT count(*) FROM resident WHERE household_id IS NULL") == 0
    assert scalar(db, "SELECT count(*) FROM household WHERE grid_id IS NULL") == 0


def test_grids_each_have_a_grid_worker(db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT g.code, s.role, s.active FROM grid g LEFT JOIN staff s ON s.id = g.worker_id").fetchall()
    assert len(rows) >= 2
    assert all(role == Role.GRID_WORKER.value and active == 1 for _code, role, active in rows)
    assert len({r[0] for r in rows}) == len(rows)
    assert scalar(db, "SELECT count(DISTINCT worker_id) FROM grid") == len(rows)


def test_every_top_level_category_has_requests(db: sqlite3.Connection) -> None:
    rows = db.execute(
        'SELECT p.name, count(c.id) FROM category p LEFT JOIN "case" c ON c.category_id = p.id '
        "WHERE p.parent_id IS NULL GROUP BY p.id").fetchall()
    assert len(rows) == 5
    assert all(n > 0 for _name, n in rows), rows


def test_every_household_tag_occurs(db: sqlite3.Connection) -> None:
    tags = {r[0] for r in db.execute("SELECT DISTINCT tag FROM household_tag")}
    assert tags == {t.value for t in HouseholdTag}


def test_staff_of_every_role(db: sqlite3.Connection) -> None:
    roles = {r[0] for r in db.execute("SELECT DISTINCT role FROM staff WHERE active = 1")}
    assert roles == {r.value for r in Role}


def test_some_requests_were_joined_by_other_households(db: sqlite3.Connection) -> None:
    assert scalar(db, 'SELECT count(*) FROM "case" WHERE households_count >= 2') > 0
    assert scalar(db, "SELECT count(*) FROM case_event WHERE kind = 'joined'") > 0


def test_requests_span_the_last_weeks_and_use_every_channel(db: sqlite3.Connection) -> None:
    assert 100 <= scalar(db, 'SELECT count(*) FROM "case"') <= 200
    channels = {r[0] for r in db.execute('SELECT DISTINCT channel FROM "case"')}
    assert {"walk_in", "phone"} <= channels
    built = DEMO_BUILT_AT.replace(tzinfo=None)
    weeks_ago = (built - timedelta(weeks=11)).isoformat(sep=" ")
    # Only last heating season's two requests (app/demo/hotspots.py, for the seasons' comparison) are older
    older = int(db.execute('SELECT count(*) FROM "case" WHERE created_at < ?', (weeks_ago,)).fetchone()[0])
    assert older == len(demo_hotspots.LAST_SEASON)
    last = db.execute('SELECT max(created_at) FROM "case"').fetchone()[0]
    assert datetime.fromisoformat(last) < built  # nothing logged after the demo's 'now'


def test_demo_database_verifies_healthy(demo_services: Services) -> None:
    assert demo_services.verify.run() == []


def test_requests_went_through_the_whole_workflow(db: sqlite3.Connection) -> None:
    """Every status occurs; some were escalated to the director, some are in the difficult problems pool at street
    level; the follow-up calls gave every answer, and the dissatisfied ones were handled again."""
    statuses = {r[0] for r in db.execute('SELECT DISTINCT status FROM "case"')}
    assert statuses == {"new", "dispatched", "responded", "suspended", "resolved", "closed", "merged"}
    assert scalar(db, 'SELECT count(*) FROM "case" WHERE escalated') >= 5
    assert scalar(db, 'SELECT count(*) FROM "case" WHERE in_pool AND level != \'community\'') >= 5
    answers = {r[0] for r in db.execute("SELECT json_extract(data, '$.satisfaction') FROM case_event "
                                        "WHERE kind = 'followed_up'")}
    assert answers == {"satisfied", "basically_satisfied", "dissatisfied"}
    assert scalar(db, "SELECT count(*) FROM case_event WHERE kind = 'reopened'") == 0  # reopened by the follow-up
    assert scalar(db, "SELECT count(*) FROM \"case\" WHERE cycle > 0") > 0
    kinds = {r[0] for r in db.execute("SELECT DISTINCT kind FROM case_event")}
    assert {"departments_called", "department_reported", "suspended", "resumed", "warned", "escalated",
            "level_raised", "absorbed"} <= kinds
    assert scalar(db, "SELECT count(*) FROM case_event WHERE kind = 'note' AND json_extract(data, '$.public')") > 0


def test_demo_accounts_log_in(demo_services: Services) -> None:
    director = demo_services.auth.login("director", "demo1234")
    assert director.role == Role.DIRECTOR
    assert demo_services.setup.state().community_name == "鞍山市铁东区站前街道幸福里社区"


def test_demo_needs_an_empty_database(demo_services: Services) -> None:
    with closing(sqlite3.connect(demo_services.paths.database)) as conn:
        before = scalar(conn, "SELECT count(*) FROM resident")
    with pytest.raises(ValidationError):
        build_demo(demo_services)
    with closing(sqlite3.connect(demo_services.paths.database)) as conn:
        assert scalar(conn, "SELECT count(*) FROM resident") == before
