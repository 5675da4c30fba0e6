"""Case work that knows the calendar, the caller and the building (issue 20): the administrator's holiday table
(``calendar_day``), time limits in working days (category and escalation rules), repeats of a request
(``case.repeat_of_id`` and an index to find a caller's number), message templates and canned progress notes.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 19:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.services.cases import rollup

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamped() -> list[sa.Column[object]]:
    return [sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("desk_code", sa.String(length=16), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False)]


def _enum(name: str, values: tuple[str, ...], length: int) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade() -> None:
    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("workday", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=20), server_default="", nullable=False),
        *_stamped(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_day")),
        sa.UniqueConstraint("day", name=op.f("uq_calendar_day_day")),
    )
    op.create_table(
        "message_template",
        sa.Column("kind", _enum("messagekind", ("received", "dispatched", "progress", "resolved", "follow_up"), 16),
                  nullable=False),
        sa.Column("channel", _enum("messagechannel", ("sms", "wechat"), 8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        *_stamped(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_template")),
        sa.UniqueConstraint("kind", "channel", name=op.f("uq_message_template_kind")),
    )
    op.create_table(
        "canned_reply",
        sa.Column("category_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["category_id"], ["category.id"], name=op.f("fk_canned_reply_category_id_category")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_reply")),
    )
    op.create_index(op.f("ix_canned_reply_category_id"), "canned_reply", ["category_id"])
    with op.batch_alter_table("category") as batch:
        batch.add_column(sa.Column("resolve_workdays", sa.Integer(), nullable=True))
    with op.batch_alter_table("escalation_rule") as batch:
        batch.add_column(sa.Column("resolve_workdays", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("followup_workdays", sa.Integer(), nullable=True))
    # SQLite adds a reference only with the column (never as ALTER): "case" is not copied under its million rows
    if op.get_bind().dialect.name == "sqlite":
        op.execute('ALTER TABLE "case" ADD COLUMN repeat_of_id CHAR(32) '
                   'CONSTRAINT fk_case_repeat_of_id_case REFERENCES "case" (id)')
    else:
        op.add_column("case", sa.Column("repeat_of_id", sa.Uuid(), nullable=True))
        op.create_foreign_key(op.f("fk_case_repeat_of_id_case"), "case", "case", ["repeat_of_id"], ["id"])
    op.create_index(op.f("ix_case_repeat_of_id"), "case", ["repeat_of_id"])
    op.create_index("ix_case_caller_phone_created", "case", ["caller_phone", "created_at"])
    for table in ("rates_day", "rates_day_department"):
        for column in ("repeats", "unreachable"):
            op.add_column(table, sa.Column(column, sa.Integer(), server_default="0", nullable=False))
    # The rollup counted again with today's columns (its first fill moved here from 0015, which predates them).
    rollup.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_case_caller_phone_created", table_name="case")
    op.drop_index(op.f("ix_case_repeat_of_id"), table_name="case")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_case_repeat_of_id_case"), "case", type_="foreignkey")
    dropped = [(table, column) for table in ("rates_day", "rates_day_department")
               for column in ("repeats", "unreachable")]
    dropped += [("case", "repeat_of_id"), ("escalation_rule", "followup_workdays"),
                ("escalation_rule", "resolve_workdays"), ("category", "resolve_workdays")]
    for table, column in dropped:
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN {column}')
    op.drop_table("canned_reply")
    op.drop_table("message_template")
    op.drop_table("calendar_day")
