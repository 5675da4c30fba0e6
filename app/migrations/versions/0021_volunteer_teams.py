"""Volunteer teams (志愿服务队, issue 22): teams, their members and weekly schedule; a team's activity and
requests given to a team.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 22:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrations.append_only import protect, unprotect

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("volunteer_team_membership", "volunteer_team_case")


def _stamped() -> list[sa.Column[object]]:
    return [sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("desk_code", sa.String(length=16), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "volunteer_team",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("service_types", sa.JSON(), nullable=False),
        sa.Column("speciality", sa.String(length=120), server_default="", nullable=False),
        sa.Column("leader_id", sa.Uuid(), nullable=True),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("starts", sa.String(length=5), server_default="", nullable=False),
        sa.Column("ends", sa.String(length=5), server_default="", nullable=False),
        sa.Column("place", sa.String(length=60), server_default="", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["leader_id"], ["volunteer.id"], name=op.f("fk_volunteer_team_leader_id_volunteer")),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff.id"], name=op.f("fk_volunteer_team_created_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_team")),
        sa.UniqueConstraint("name", name=op.f("uq_volunteer_team_name")),
    )
    op.create_table(
        "volunteer_team_membership",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("volunteer_id", sa.Uuid(), nullable=False),
        sa.Column("joined", sa.Boolean(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("by_id", sa.Uuid(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["team_id"], ["volunteer_team.id"],
                                name=op.f("fk_volunteer_team_membership_team_id_volunteer_team")),
        sa.ForeignKeyConstraint(["volunteer_id"], ["volunteer.id"],
                                name=op.f("fk_volunteer_team_membership_volunteer_id_volunteer")),
        sa.ForeignKeyConstraint(["by_id"], ["staff.id"], name=op.f("fk_volunteer_team_membership_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_team_membership")),
    )
    op.create_index(op.f("ix_volunteer_team_membership_team_id"), "volunteer_team_membership", ["team_id"])
    op.create_index(op.f("ix_volunteer_team_membership_volunteer_id"), "volunteer_team_membership",
                    ["volunteer_id"])
    op.create_table(
        "volunteer_team_case",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("by_id", sa.Uuid(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["team_id"], ["volunteer_team.id"],
                                name=op.f("fk_volunteer_team_case_team_id_volunteer_team")),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_volunteer_team_case_case_id_case")),
        sa.ForeignKeyConstraint(["by_id"], ["staff.id"], name=op.f("fk_volunteer_team_case_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_team_case")),
    )
    op.create_index(op.f("ix_volunteer_team_case_team_id"), "volunteer_team_case", ["team_id"])
    op.create_index(op.f("ix_volunteer_team_case_case_id"), "volunteer_team_case", ["case_id"])
    for table in APPEND_ONLY:
        protect(table)
    # SQLite adds a reference only with the column (never as ALTER): no copy of the activities' table.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE service_activity ADD COLUMN team_id CHAR(32) "
                   "CONSTRAINT fk_service_activity_team_id_volunteer_team REFERENCES volunteer_team (id)")
    else:
        op.add_column("service_activity", sa.Column("team_id", sa.Uuid(), nullable=True))
        op.create_foreign_key(op.f("fk_service_activity_team_id_volunteer_team"), "service_activity",
                              "volunteer_team", ["team_id"], ["id"])
    op.create_index(op.f("ix_service_activity_team_id"), "service_activity", ["team_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_service_activity_team_id"), table_name="service_activity")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_service_activity_team_id_volunteer_team"), "service_activity",
                           type_="foreignkey")
    op.execute("ALTER TABLE service_activity DROP COLUMN team_id")
    for table in APPEND_ONLY:
        unprotect(table)
    op.drop_index(op.f("ix_volunteer_team_case_case_id"), table_name="volunteer_team_case")
    op.drop_index(op.f("ix_volunteer_team_case_team_id"), table_name="volunteer_team_case")
    op.drop_table("volunteer_team_case")
    op.drop_index(op.f("ix_volunteer_team_membership_volunteer_id"), table_name="volunteer_team_membership")
    op.drop_index(op.f("ix_volunteer_team_membership_team_id"), table_name="volunteer_team_membership")
    op.drop_table("volunteer_team_membership")
    op.drop_table("volunteer_team")
