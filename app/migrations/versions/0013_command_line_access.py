"""Command-line access (issue 15): task keys for scheduled tasks (only their hash is stored) and the append-only
record of the commands run as an account.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 19:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrations.append_only import protect, unprotect

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "task_key",
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("key_hash", sa.String(length=200), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("desk_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_task_key_staff_id_staff")),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff.id"], name=op.f("fk_task_key_created_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_key")),
    )
    op.create_index(op.f("ix_task_key_staff_id"), "task_key", ["staff_id"], unique=False)
    op.create_table(
        "command_run",
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("task_key_id", sa.Uuid(), nullable=True),
        sa.Column("command", sa.String(length=40), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("desk_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_command_run_staff_id_staff")),
        sa.ForeignKeyConstraint(["task_key_id"], ["task_key.id"], name=op.f("fk_command_run_task_key_id_task_key")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_command_run")),
    )
    op.create_index(op.f("ix_command_run_staff_id"), "command_run", ["staff_id"], unique=False)
    protect("command_run")


def downgrade() -> None:
    unprotect("command_run")
    op.drop_index(op.f("ix_command_run_staff_id"), table_name="command_run")
    op.drop_table("command_run")
    op.drop_index(op.f("ix_task_key_staff_id"), table_name="task_key")
    op.drop_table("task_key")
