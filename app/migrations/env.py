"""Alembic environment: migrations run on the connection the app hands over (see app.services.db)."""

from __future__ import annotations

from alembic import context

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


def _include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # SQLite's FTS5 tables of the request search (and their shadow tables) are made by hand in migration 0008;
    # autogenerate must not offer to drop them.
    return not (type_ == "table" and reflected and compare_to is None and (name or "").startswith("case_text_"))


def _run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_include,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
