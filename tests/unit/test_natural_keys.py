"""Natural keys (app.models.natural): each names a unique constraint of its table, and two desks making the same
flat, class or account make the same row (issue 21)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import UniqueConstraint, select

from app.models import Base, Building, Household, HouseholdTagRow
from app.models.natural import NATURAL_KEYS
from app.services.core.clock import FakeClock
from app.services.core.container import open_database
from app.services.core.db import sqlite_url
from tests.pg.test_postgres import NOW


def unique_keys(table: str) -> set[tuple[str, ...]]:
    t = Base.metadata.tables[table]
    found = {tuple(c.name for c in con.columns) for con in t.constraints if isinstance(con, UniqueConstraint)}
    found |= {tuple(c.name for c in i.columns) for i in t.indexes if i.unique}
    return found | {(c.name,) for c in t.columns if c.unique}


def test_every_natural_key_is_a_unique_key_of_its_table() -> None:
    for table, keys in NATURAL_KEYS.items():
        assert keys in unique_keys(table), f"{table}: {keys} is not unique there"


def test_two_databases_make_the_same_flat_and_its_tag_with_the_same_keys(tmp_path: Path) -> None:
    made = []
    for name in ("one", "two"):
        db = open_database(sqlite_url(tmp_path / f"{name}.sqlite3"), FakeClock(NOW), name.upper())
        db.migrate()
        try:
            with db.transaction() as session:
                flat = Household(building="3", unit="2", room="301")
                session.add_all([Building(number="3"), flat, HouseholdTagRow(household=flat, tag="alone")])
            with db.reading() as session:
                made.append((session.scalar(select(Building.id)), session.scalar(select(Household.id)),
                             session.scalar(select(HouseholdTagRow.id)),
                             session.scalar(select(HouseholdTagRow.household_id))))
        finally:
            db.dispose()
    assert made[0] == made[1]
    assert made[0][1] == made[0][3] and len(set(made[0][:3])) == 3


def test_every_unique_key_of_a_table_that_travels_says_whether_it_holds_in_a_community_or_the_street() -> None:
    from app.services.sync.tables import COMMUNITY_UNIQUE, STREET_UNIQUE, synced_tables

    for t in synced_tables():
        for keys in unique_keys(t.name):
            assert keys in COMMUNITY_UNIQUE.get(t.name, frozenset()) | STREET_UNIQUE.get(t.name, frozenset()), (
                f"{t.name}{keys}: say in app/services/sync/tables.py whether it holds in a community or the street")
