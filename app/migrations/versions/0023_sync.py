"""Sync between desks (issue 21): this desk's sync state, the conflicts the street lists, and the hybrid logical
clock of each audit entry (the audit chain is the desk's outbox).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 23:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("kept", sa.JSON(), nullable=True),
        sa.Column("kept_desk", sa.String(length=16), nullable=False),
        sa.Column("kept_hlc", sa.BigInteger(), nullable=False),
        sa.Column("other", sa.JSON(), nullable=True),
        sa.Column("other_desk", sa.String(length=16), nullable=False),
        sa.Column("other_hlc", sa.BigInteger(), nullable=False),
        sa.Column("confirmed_by_id", sa.Uuid(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("desk_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["confirmed_by_id"], ["staff.id"],
                                name=op.f("fk_sync_conflict_confirmed_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    op.create_index(op.f("ix_sync_conflict_entity_id"), "sync_conflict", ["entity_id"], unique=False)
    op.add_column("audit_log", sa.Column("hlc", sa.BigInteger(), nullable=True))
    # A case's event numbers become a Lamport clock: two desks apart may write the same next number.
    op.drop_index("ix_case_event_case_seq", table_name="case_event")
    op.create_index("ix_case_event_case_seq", "case_event", ["case_id", "seq", "desk_code"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_case_event_case_seq", table_name="case_event")
    op.create_index("ix_case_event_case_seq", "case_event", ["case_id", "seq"], unique=True)
    op.drop_column("audit_log", "hlc")
    op.drop_index(op.f("ix_sync_conflict_entity_id"), table_name="sync_conflict")
    op.drop_table("sync_conflict")
    op.drop_table("sync_state")
