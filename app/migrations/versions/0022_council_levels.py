"""Three-level councils (三级议事会, issue 22): a meeting's level and place in its cycle, its attendees and topics,
and decision items that become tracked tasks.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 22:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamped() -> list[sa.Column[object]]:
    return [sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("desk_code", sa.String(length=16), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False)]


def _enum(name: str, values: tuple[str, ...], length: int) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade() -> None:
    with op.batch_alter_table("council_meeting") as batch:
        batch.add_column(sa.Column("level", _enum("councillevel", ("building", "grid", "community"), 10),
                                   server_default="community", nullable=False))
        batch.add_column(sa.Column("building_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("grid_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(op.f("fk_council_meeting_building_id_building"), "building", ["building_id"], ["id"])
        batch.create_foreign_key(op.f("fk_council_meeting_grid_id_grid"), "grid", ["grid_id"], ["id"])
        batch.create_index(op.f("ix_council_meeting_building_id"), ["building_id"])
        batch.create_index(op.f("ix_council_meeting_grid_id"), ["grid_id"])
    with op.batch_alter_table("council_item") as batch:
        batch.add_column(sa.Column("duty_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(op.f("fk_council_item_duty_id_duty"), "duty", ["duty_id"], ["id"])
        batch.create_index(op.f("ix_council_item_duty_id"), ["duty_id"])
    op.create_table(
        "council_attendee",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("kind", _enum("attendeekind", ("resident", "staff", "department"), 10), nullable=False),
        sa.Column("resident_id", sa.Uuid(), nullable=True),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column("department_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("representative", sa.Boolean(), server_default=sa.false(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["meeting_id"], ["council_meeting.id"],
                                name=op.f("fk_council_attendee_meeting_id_council_meeting")),
        sa.ForeignKeyConstraint(["resident_id"], ["resident.id"],
                                name=op.f("fk_council_attendee_resident_id_resident")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_council_attendee_staff_id_staff")),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"],
                                name=op.f("fk_council_attendee_department_id_department")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_attendee")),
    )
    op.create_index(op.f("ix_council_attendee_meeting_id"), "council_attendee", ["meeting_id"])
    op.create_index(op.f("ix_council_attendee_resident_id"), "council_attendee", ["resident_id"])
    op.create_table(
        "council_topic",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["meeting_id"], ["council_meeting.id"],
                                name=op.f("fk_council_topic_meeting_id_council_meeting")),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_council_topic_case_id_case")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_topic")),
        sa.UniqueConstraint("meeting_id", "case_id", name=op.f("uq_council_topic_meeting_id")),
    )
    op.create_index(op.f("ix_council_topic_meeting_id"), "council_topic", ["meeting_id"])
    op.create_index(op.f("ix_council_topic_case_id"), "council_topic", ["case_id"])


def downgrade() -> None:
    op.drop_table("council_topic")
    op.drop_table("council_attendee")
    with op.batch_alter_table("council_item") as batch:
        batch.drop_index(op.f("ix_council_item_duty_id"))
        batch.drop_constraint(op.f("fk_council_item_duty_id_duty"), type_="foreignkey")
        batch.drop_column("duty_id")
    with op.batch_alter_table("council_meeting") as batch:
        batch.drop_index(op.f("ix_council_meeting_grid_id"))
        batch.drop_index(op.f("ix_council_meeting_building_id"))
        batch.drop_constraint(op.f("fk_council_meeting_grid_id_grid"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_council_meeting_building_id_building"), type_="foreignkey")
        batch.drop_column("grid_id")
        batch.drop_column("building_id")
        batch.drop_column("level")
