"""The request list and its full-text search: ``case_text`` (one row per case: description and notes, and their
characters and pairs), SQLite's two FTS5 tables over it with their triggers, PostgreSQL's GIN index, and indexes
for the list's sort orders. Existing cases are indexed here.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 20:10:00.958557

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.services.cases import search as case_search

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIST_INDEXES = {
    "ix_case_channel_created": ["channel", "created_at"],
    "ix_case_grid_created": ["grid_id", "created_at"],
    "ix_case_status_created": ["status", "created_at"],
    "ix_case_urgency_created": ["urgency", "created_at"],
}


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "case_text",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("grams", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_case_text_case_id_case")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_text")),
        sa.UniqueConstraint("case_id", name=op.f("uq_case_text_case_id")),
    )
    # Plain index DDL, not batch mode (no table rebuild needed for an index).
    for name, columns in LIST_INDEXES.items():
        op.create_index(name, "case", columns)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        case_search.create_sqlite_index(bind)
    else:
        op.execute(case_search.PG_INDEX)
    case_search.rebuild(bind)


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        for name in case_search.SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        for table in (case_search.TRI_TABLE, case_search.BI_TABLE):
            op.execute(f"DROP TABLE IF EXISTS {table}")
    for name in LIST_INDEXES:
        op.drop_index(name, table_name="case")
    op.drop_table("case_text")
