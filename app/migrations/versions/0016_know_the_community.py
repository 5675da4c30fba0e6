"""Knowing the community (issue 19): tags kept by the administrator (the five colours of seed 001 to begin with),
tags on people, members' relation to the household's head, dated duties and their records (append-only), the grid
worker's patrol log and the saved lists. A database that has a desk gets the five tags here.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 16:30:00

"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from app.migrations.append_only import protect, unprotect
from app.models.base import new_id
from app.services.people.tag_catalogue import DEFAULT_TAGS

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamped() -> list[sa.Column[object]]:
    return [sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("desk_code", sa.String(length=16), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False)]


def _enum(name: str, values: tuple[str, ...], length: int) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


CYCLES = ("daily", "weekly", "monthly", "yearly")


def upgrade() -> None:
    tag = op.create_table(
        "tag",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("kind", _enum("tagkind", ("household", "person"), 16), nullable=False),
        sa.Column("service", sa.String(length=40), server_default="", nullable=False),
        sa.Column("visit_cycle", _enum("dutycycle", CYCLES, 8), nullable=True),
        sa.Column("visit_every", sa.Integer(), server_default="1", nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        *_stamped(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag")),
        sa.UniqueConstraint("code", name=op.f("uq_tag_code")),
        sa.UniqueConstraint("name", name=op.f("uq_tag_name")),
    )
    op.create_table(
        "person_tag",
        sa.Column("resident_id", sa.Uuid(), nullable=False),
        sa.Column("tag", sa.String(length=16), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["resident_id"], ["resident.id"], name=op.f("fk_person_tag_resident_id_resident")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_tag")),
        sa.UniqueConstraint("resident_id", "tag", name=op.f("uq_person_tag_resident_id")),
    )
    op.create_index(op.f("ix_person_tag_resident_id"), "person_tag", ["resident_id"], unique=False)
    op.create_index(op.f("ix_person_tag_tag"), "person_tag", ["tag"], unique=False)
    with op.batch_alter_table("resident") as batch:
        batch.add_column(sa.Column("relation", _enum("householdrole", (
            "head", "spouse", "child", "parent", "grandchild", "grandparent", "sibling", "tenant", "other"), 16),
            nullable=True))
    op.create_table(
        "duty",
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=True),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("resident_id", sa.Uuid(), nullable=True),
        sa.Column("cycle", _enum("dutycycle", CYCLES, 8), nullable=False),
        sa.Column("every", sa.Integer(), nullable=False),
        sa.Column("next_due", sa.Date(), nullable=False),
        sa.Column("remind_days", sa.Integer(), nullable=False),
        sa.Column("responsible_id", sa.Uuid(), nullable=True),
        sa.Column("from_tag", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["building_id"], ["building.id"], name=op.f("fk_duty_building_id_building")),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"], name=op.f("fk_duty_household_id_household")),
        sa.ForeignKeyConstraint(["resident_id"], ["resident.id"], name=op.f("fk_duty_resident_id_resident")),
        sa.ForeignKeyConstraint(["responsible_id"], ["staff.id"], name=op.f("fk_duty_responsible_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty")),
    )
    op.create_index("ix_duty_active_next_due", "duty", ["active", "next_due"], unique=False)
    for column in ("building_id", "household_id", "resident_id", "responsible_id"):
        op.create_index(op.f(f"ix_duty_{column}"), "duty", [column], unique=False)
    op.create_table(
        "patrol_entry",
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("grid_id", sa.Uuid(), nullable=True),
        sa.Column("by_id", sa.Uuid(), nullable=False),
        sa.Column("place", sa.String(length=60), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=True),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("seen", sa.String(length=100), nullable=False),
        sa.Column("found", sa.Text(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        *_stamped(),
        sa.ForeignKeyConstraint(["grid_id"], ["grid.id"], name=op.f("fk_patrol_entry_grid_id_grid")),
        sa.ForeignKeyConstraint(["by_id"], ["staff.id"], name=op.f("fk_patrol_entry_by_id_staff")),
        sa.ForeignKeyConstraint(["building_id"], ["building.id"], name=op.f("fk_patrol_entry_building_id_building")),
        sa.ForeignKeyConstraint(["household_id"], ["household.id"],
                                name=op.f("fk_patrol_entry_household_id_household")),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_patrol_entry_case_id_case")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_entry")),
    )
    op.create_index("ix_patrol_entry_grid_at", "patrol_entry", ["grid_id", "at"], unique=False)
    op.create_index(op.f("ix_patrol_entry_by_id"), "patrol_entry", ["by_id"], unique=False)
    op.create_index(op.f("ix_patrol_entry_household_id"), "patrol_entry", ["household_id"], unique=False)
    op.create_table(
        "duty_record",
        sa.Column("duty_id", sa.Uuid(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("outcome", _enum("dutyoutcome", ("done", "skipped"), 8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Uuid(), nullable=False),
        sa.Column("patrol_id", sa.Uuid(), nullable=True),
        *_stamped(),
        sa.ForeignKeyConstraint(["duty_id"], ["duty.id"], name=op.f("fk_duty_record_duty_id_duty")),
        sa.ForeignKeyConstraint(["by_id"], ["staff.id"], name=op.f("fk_duty_record_by_id_staff")),
        sa.ForeignKeyConstraint(["patrol_id"], ["patrol_entry.id"],
                                name=op.f("fk_duty_record_patrol_id_patrol_entry")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_record")),
    )
    op.create_index(op.f("ix_duty_record_duty_id"), "duty_record", ["duty_id"], unique=False)
    protect("duty_record")
    op.create_table(
        "saved_list",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("ready_made", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        *_stamped(),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff.id"], name=op.f("fk_saved_list_created_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_list")),
        sa.UniqueConstraint("name", name=op.f("uq_saved_list_name")),
    )
    desk = op.get_bind().execute(sa.text("SELECT code FROM desk ORDER BY created_at LIMIT 1")).scalar()
    if desk is not None:  # a database set up before: the five tags it used as fixed values become rows
        now = datetime.now(UTC).replace(tzinfo=None)
        op.bulk_insert(tag, [
            {"id": new_id(), "desk_code": desk, "created_at": now, "code": t.code, "name": t.name,
             "colour": t.colour, "kind": t.kind, "service": t.service, "visit_cycle": t.visit_cycle,
             "visit_every": t.visit_every, "sort_order": order, "active": True}
            for order, t in enumerate(DEFAULT_TAGS)])


def downgrade() -> None:
    op.drop_table("saved_list")
    unprotect("duty_record")
    op.drop_table("duty_record")
    op.drop_table("patrol_entry")
    op.drop_table("duty")
    # A plain ALTER TABLE (SQLite 3.35 and later, PostgreSQL): the batch way copies the resident table, and dropping
    # the old copy trips the foreign keys of every table that refers to residents.
    op.execute("ALTER TABLE resident DROP COLUMN relation")
    op.drop_table("person_tag")
    op.drop_table("tag")
