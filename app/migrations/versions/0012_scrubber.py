"""Issue 15, the scrubber: what a notice masked is kept with its publication (kinds and counts, never the data), and
what is kept of an erased resident's name so later notices go on masking it (salted hashes, append-only).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 19:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrations.append_only import protect, unprotect

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("notice_publication", sa.Column("masked", sa.JSON(), server_default="{}", nullable=False))
    op.create_table(
        "erased_name",
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("desk_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erased_name")),
    )
    op.create_index(op.f("ix_erased_name_digest"), "erased_name", ["digest"], unique=False)
    protect("erased_name")


def downgrade() -> None:
    unprotect("erased_name")
    op.drop_index(op.f("ix_erased_name_digest"), table_name="erased_name")
    op.drop_table("erased_name")
    op.drop_column("notice_publication", "masked")  # plain DROP COLUMN: a batch rebuild would lose the guard triggers
