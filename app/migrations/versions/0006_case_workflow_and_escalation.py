"""Case workflow and the escalation ladder: the case's cached state (status, level, pool, due times) folded from
its timeline, per-department call state, event sequence numbers and breach keys, escalation rules.

Existing events are numbered in their time order; open cases get ``next_check_at`` = their intake time, so the
first escalation pass folds them and fills the cache (and escalates what was already overdue).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 19:56:57.897020

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrations.append_only import protect, unprotect

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (column, referred table, constraint name): SQLite cannot add a constraint to a table, but it can add a column
# that carries one, which keeps "case" from being copied and rebuilt under the rows that point to it.
CASE_REFERENCES = (
    ("assignee_id", "staff", "fk_case_assignee_id_staff"),
    ("merged_into_id", "case", "fk_case_merged_into_id_case"),
)


def _add_reference(column: str, table: str, name: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f'ALTER TABLE "case" ADD COLUMN {column} CHAR(32) CONSTRAINT {name} REFERENCES "{table}" (id)')
    else:
        op.add_column("case", sa.Column(column, sa.Uuid(), nullable=True))
        op.create_foreign_key(name, "case", table, [column], ["id"])


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "escalation_rule",
        sa.Column("category_id", sa.Uuid(), nullable=True),
        sa.Column("urgency", sa.Integer(), nullable=True),
        sa.Column("response_minutes", sa.Integer(), nullable=True),
        sa.Column("resolve_hours", sa.Integer(), nullable=True),
        sa.Column("followup_hours", sa.Integer(), nullable=True),
        sa.Column("warn_minutes", sa.Integer(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("desk_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["category.id"], name=op.f("fk_escalation_rule_category_id_category")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_rule")),
    )
    for column, table, name in CASE_REFERENCES:
        _add_reference(column, table, name)
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("level", sa.Enum("community", "street", "regional", "task_force",
                                                       name="handlinglevel", native_enum=False, length=16),
                                      server_default="community", nullable=False))
        batch_op.add_column(sa.Column("in_pool", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("escalated", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("responded_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("satisfaction", sa.Enum("satisfied", "basically_satisfied", "dissatisfied",
                                                              name="satisfaction", native_enum=False, length=24),
                                      nullable=True))
        batch_op.add_column(sa.Column("cycle", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("paused_seconds", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("due_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("warn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("next_check_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_case_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index("ix_case_due_at", ["due_at"], unique=False)
        batch_op.create_index("ix_case_next_check_at", ["next_check_at"], unique=False)
        batch_op.create_index("ix_case_warn_at", ["warn_at"], unique=False)

    with op.batch_alter_table("case_department", schema=None) as batch_op:
        batch_op.add_column(sa.Column("called_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("report_due_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reported_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("overdue", sa.Boolean(), server_default=sa.false(), nullable=False))

    # Number the existing events (intake's "created" and "joined") in their time order. The table is append-only:
    # its guard is lifted for this one statement and put back.
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("dedup_key", sa.String(length=80), nullable=True))
    unprotect("case_event")
    op.execute(
        "UPDATE case_event SET seq = (SELECT count(*) FROM case_event AS e WHERE e.case_id = case_event.case_id "
        "AND (e.created_at < case_event.created_at "
        "OR (e.created_at = case_event.created_at AND e.id <= case_event.id)))"
    )
    protect("case_event")
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("case_event", "seq", server_default=None)
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.create_index("ix_case_event_case_key", ["case_id", "dedup_key"], unique=True)
        batch_op.create_index("ix_case_event_case_seq", ["case_id", "seq"], unique=True)
    op.execute("UPDATE \"case\" SET next_check_at = created_at "
               "WHERE status IN ('new', 'dispatched', 'responded', 'suspended')")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.drop_index("ix_case_event_case_seq")
        batch_op.drop_index("ix_case_event_case_key")
    if op.get_bind().dialect.name == "sqlite":  # SQLite drops a column only from a table without triggers on it
        unprotect("case_event")
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.drop_column("dedup_key")
        batch_op.drop_column("seq")
    if op.get_bind().dialect.name == "sqlite":
        protect("case_event")

    with op.batch_alter_table("case_department", schema=None) as batch_op:
        batch_op.drop_column("overdue")
        batch_op.drop_column("reported_at")
        batch_op.drop_column("report_due_at")
        batch_op.drop_column("called_at")

    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index("ix_case_warn_at")
        batch_op.drop_index("ix_case_next_check_at")
        batch_op.drop_index("ix_case_due_at")
        batch_op.drop_index(batch_op.f("ix_case_assignee_id"))
        for column in ("next_check_at", "warn_at", "due_at", "paused_seconds", "cycle", "satisfaction", "closed_at",
                       "resolved_at", "responded_at", "escalated", "in_pool", "level"):
            batch_op.drop_column(column)
    if op.get_bind().dialect.name != "sqlite":
        for _column, _table, name in CASE_REFERENCES:
            op.drop_constraint(name, "case", type_="foreignkey")
    for column, _table, _name in CASE_REFERENCES:
        op.drop_column("case", column)

    op.drop_table("escalation_rule")
