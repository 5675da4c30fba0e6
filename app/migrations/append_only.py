"""DDL that makes history tables append-only in the database itself, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import op


def protect(table: str) -> None:
    """Refuse UPDATE and DELETE of rows in ``table``: history is corrected by new rows only."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION refuse_history_change() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION refuse_history_change()"
        )
    else:
        raise NotImplementedError(f"append-only triggers for {dialect}")


def unprotect(table: str) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    elif dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        # The shared function goes with the last trigger that uses it, so a downgrade to base leaves nothing.
        op.execute(
            "DO $$ BEGIN "
            "IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgfoid = to_regprocedure('refuse_history_change()')) THEN "
            "DROP FUNCTION IF EXISTS refuse_history_change(); END IF; END $$"
        )
