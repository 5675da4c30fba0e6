"""Engine, unit of work and schema: migrations at start, SQLite pragmas, rows stamped with desk and time."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.models import Resident
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.services.people.residents import NewResident

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def test_fresh_folder_is_migrated_to_head(tmp_path: Path, clock: FakeClock) -> None:
    svc = open_services(tmp_path / "new", clock=clock)
    try:
        head = svc.db.head_revision()
        assert head is not None
        assert svc.db.current_revision() == head
        assert svc.db.needs_migration() is False
        assert (tmp_path / "new" / "desk.sqlite3").is_file()
        assert list((tmp_path / "new" / "backups").iterdir()) == []  # nothing to back up on a new database
        with svc.db.engine.connect() as conn:
            tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
        assert {"case", "case_event", "resident", "household", "staff", "community", "desk"} <= tables
    finally:
        svc.close()


def test_open_without_migrate_leaves_an_empty_database_unmigrated(tmp_path: Path, clock: FakeClock) -> None:
    svc = open_services(tmp_path / "new", clock=clock, migrate=False)
    try:
        assert svc.db.current_revision() is None
        assert svc.db.needs_migration() is True
        assert svc.verify.run()[0].template.startswith("The database schema is at revision")
    finally:
        svc.close()


def test_reopening_a_migrated_database_changes_nothing(services: Services, clock: FakeClock) -> None:
    assert services.db.migrate(backup_dir=services.paths.backups) is None
    assert list(services.paths.backups.iterdir()) == []


def test_sqlite_pragmas(services: Services) -> None:
    with services.db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_foreign_keys_are_enforced(services: Services) -> None:
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        with services.db.engine.begin() as conn:
            conn.execute(text("UPDATE resident SET household_id = :h"), {"h": "0" * 32})


def test_new_rows_get_desk_code_and_created_at(services: Services, clerk: Actor, clock: FakeClock) -> None:
    clock.advance(timedelta(hours=2, minutes=5))
    created = services.residents.create(clerk, NewResident(name="孙立新", building="6", unit="3", room="602"))
    with services.db.reading() as session:
        resident = session.scalars(select(Resident).where(Resident.id == created.id)).one()
        assert resident.desk_code == "A01"
        assert resident.created_at == NOW + timedelta(hours=2, minutes=5)
        assert resident.created_at.tzinfo == UTC
        assert resident.household is not None
        assert (resident.household.desk_code, resident.household.created_at) == ("A01", resident.created_at)
        assert resident.id.version == 7  # time-ordered UUIDv7 keys
    with closing(sqlite3.connect(services.paths.database)) as conn:
        stored = conn.execute("SELECT created_at FROM resident WHERE name = '孙立新'").fetchone()[0]
    assert stored.startswith("2026-11-20 04:05:00")  # naive UTC on disk


def test_rows_of_one_transaction_share_the_same_time(services: Services, clerk: Actor,
                                                    clock: FakeClock) -> None:
    created = services.residents.create(clerk, NewResident(name="周红", building="6", unit="3", room="603",
                                                           tags=("rented",)))
    with closing(sqlite3.connect(services.paths.database)) as conn:
        times = conn.execute(
            "SELECT r.created_at, h.created_at, t.created_at FROM resident r JOIN household h ON h.id = r.household_id "
            "JOIN household_tag t ON t.household_id = h.id WHERE r.id = ?", (created.id.hex,)).fetchone()
    assert len(set(times)) == 1


def test_transaction_rolls_back_on_error(services: Services) -> None:
    try:
        with services.db.transaction() as session:
            session.execute(text("UPDATE community SET name = 'changed'"))
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert services.setup.state().community_name == "幸福里社区"


def test_migrations_create_exactly_the_schema_the_models_describe(tmp_path: Path) -> None:
    """A model change without its migration fails here, not at a desk."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.migrations import include_object
    from app.models import Base
    from app.services.core.clock import SystemClock
    from app.services.core.db import Database, sqlite_url

    db = Database(sqlite_url(tmp_path / "schema.sqlite3"), SystemClock())
    db.migrate()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True,
                                                                      "include_object": include_object}),
                                Base.metadata)
    db.dispose()
    assert diff == []


def test_an_older_database_is_backed_up_then_upgraded_keeping_its_rows(tmp_path: Path) -> None:
    from alembic import command

    from app.services.core.db import Database, sqlite_url

    path = tmp_path / "desk.sqlite3"
    old = Database(sqlite_url(path), FakeClock(datetime(2026, 11, 20, 2, 0, tzinfo=UTC)))
    cfg = old._alembic_config()
    with old.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("INSERT INTO staff (id, desk_code, created_at, username, display_name, role, "
                          "password_hash, phone, active) VALUES (:id, 'A01', '2026-11-01 00:00:00', 'clerk1', "
                          "'刘晓燕', 'clerk', 'x', '', 1)"), {"id": "0" * 32})
    assert old.current_revision() == "0001" and old.needs_migration()
    backup = old.migrate(backup_dir=tmp_path / "backups")
    assert backup is not None and backup.exists() and "before-upgrade-0001" in backup.name
    assert old.current_revision() == old.head_revision()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT username, failed_logins, locked_until FROM staff").fetchall() == [
            ("clerk1", 0, None)]
    with closing(sqlite3.connect(backup)) as conn:          # the backup is the database as it was
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT count(*) FROM staff").fetchone() == (1,)
    old.dispose()
