"""Employment help, a closed loop (就业帮扶闭环, issue 22): job seekers' files, their plans, referrals and
the return visits that check their rights.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 22:30:00

"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from app.migrations.append_only import protect, unprotect

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HISTORY = ("job_case", "job_plan", "job_referral", "job_visit", "job_outcome")
OUTCOMES = ("reemployed", "business", "none")


def _stamped() -> list[sa.Column[object]]:
    return [sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("desk_code", sa.String(length=16), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False)]


def _enum(name: str, values: tuple[str, ...], length: int) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def _seeker(table: str) -> list[Any]:
    """The file a history row belongs to, indexed, and who wrote the row."""
    return [sa.Column("seeker_id", sa.Uuid(), nullable=False),
            sa.ForeignKeyConstraint(["seeker_id"], ["job_seeker.id"], name=op.f(f"fk_{table}_seeker_id_job_seeker"))]


def _by(table: str) -> list[Any]:
    return [sa.Column("by_id", sa.Uuid(), nullable=False),
            sa.ForeignKeyConstraint(["by_id"], ["staff.id"], name=op.f(f"fk_{table}_by_id_staff"))]


def upgrade() -> None:
    op.create_table(
        "job_seeker",
        sa.Column("resident_id", sa.Uuid(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("skills", sa.String(length=200), nullable=False),
        sa.Column("certificates", sa.String(length=200), nullable=False),
        sa.Column("wishes", sa.String(length=200), nullable=False),
        sa.Column("family", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=False),
        sa.Column("stage", _enum("jobstage", ("identified", "planned", "following", "rights", "closed"), 16),
                  nullable=False),
        sa.Column("outcome", _enum("joboutcome", OUTCOMES, 16), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("jobs_created", sa.Integer(), server_default="0", nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["resident_id"], ["resident.id"], name=op.f("fk_job_seeker_resident_id_resident")),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff.id"], name=op.f("fk_job_seeker_created_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_seeker")),
    )
    op.create_index(op.f("ix_job_seeker_resident_id"), "job_seeker", ["resident_id"])
    op.create_index(op.f("ix_job_seeker_closed_on"), "job_seeker", ["closed_on"])
    op.create_index("ix_job_seeker_started_on", "job_seeker", ["started_on"])
    op.create_table(
        "job_case",
        *_seeker("job_case"),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        *_by("job_case"),
        *_stamped(),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_job_case_case_id_case")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_case")),
        sa.UniqueConstraint("case_id", name=op.f("uq_job_case_case_id")),
    )
    op.create_table(
        "job_plan",
        *_seeker("job_plan"),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("jobs", sa.Boolean(), nullable=False),
        sa.Column("training", sa.Boolean(), nullable=False),
        sa.Column("startup", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        *_by("job_plan"),
        *_stamped(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_plan")),
    )
    op.create_table(
        "job_referral",
        *_seeker("job_referral"),
        sa.Column("follows_id", sa.Uuid(), nullable=True),
        sa.Column("employer", sa.String(length=60), nullable=False),
        sa.Column("position", sa.String(length=40), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("result", _enum("interviewresult", ("pending", "hired", "not_hired"), 16), nullable=False),
        sa.Column("result_on", sa.Date(), nullable=True),
        sa.Column("fit", sa.String(length=100), nullable=False),
        sa.Column("why", sa.String(length=200), nullable=False),
        sa.Column("next_step", sa.String(length=200), nullable=False),
        *_by("job_referral"),
        *_stamped(),
        sa.ForeignKeyConstraint(["follows_id"], ["job_referral.id"],
                                name=op.f("fk_job_referral_follows_id_job_referral")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_referral")),
    )
    op.create_table(
        "job_visit",
        *_seeker("job_visit"),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("agreement", sa.Boolean(), nullable=False),
        sa.Column("wage_ok", sa.Boolean(), nullable=False),
        sa.Column("insurance_ok", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        *_by("job_visit"),
        *_stamped(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_visit")),
    )
    op.create_table(
        "job_outcome",
        *_seeker("job_outcome"),
        sa.Column("outcome", _enum("joboutcome", OUTCOMES, 16), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("employer", sa.String(length=60), nullable=False),
        sa.Column("jobs_created", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        *_by("job_outcome"),
        *_stamped(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_outcome")),
    )
    for table in HISTORY[1:]:
        op.create_index(op.f(f"ix_{table}_seeker_id"), table, ["seeker_id"])
    op.create_index(op.f("ix_job_case_seeker_id"), "job_case", ["seeker_id"])
    for table in HISTORY:
        protect(table)


def downgrade() -> None:
    for table in reversed(HISTORY):
        unprotect(table)
        op.drop_index(op.f(f"ix_{table}_seeker_id"), table_name=table)
        op.drop_table(table)
    op.drop_index("ix_job_seeker_started_on", table_name="job_seeker")
    op.drop_index(op.f("ix_job_seeker_closed_on"), table_name="job_seeker")
    op.drop_index(op.f("ix_job_seeker_resident_id"), table_name="job_seeker")
    op.drop_table("job_seeker")
