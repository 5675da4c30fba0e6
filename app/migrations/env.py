"""Alembic environment: migrations run on the connection the app hands over (see app.services.core.db)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from app.migrations import include_object
from app.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` command line for developers: use sqlalchemy.url
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///dev.sqlite3")
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
