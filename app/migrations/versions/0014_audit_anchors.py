"""Anchors of the audit chain (issue 15): the heads a desk published outside its database (on notices, passbooks,
backups and anchor sheets), append-only.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 18:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrations.append_only import protect, unprotect

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_anchor",
        sa.Column("place", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("chain_desk", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("desk_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_anchor")),
    )
    op.create_index("ix_audit_anchor_chain", "audit_anchor", ["chain_desk", "seq"], unique=False)
    protect("audit_anchor")


def downgrade() -> None:
    unprotect("audit_anchor")
    op.drop_index("ix_audit_anchor_chain", table_name="audit_anchor")
    op.drop_table("audit_anchor")
