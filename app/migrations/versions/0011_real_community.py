"""A real community on day one (issue 17): buildings with their grid and shape, the kind, contact and report time
of departments, retired grids, notes on residents and households, a resident's status (moved away, deceased, merged
into another record) and the append-only record of register imports.

Columns are added with plain ALTER TABLE ADD COLUMN, never a batch rebuild: a rebuild of a table other tables refer
to (resident, household) would have to drop it under their foreign keys.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 15:06:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrations.append_only import protect, unprotect

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "register_import",
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("sheet", sa.String(length=60), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("desk_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff.id"], name=op.f("fk_register_import_created_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_import")),
    )
    protect("register_import")
    op.create_table(
        "building",
        sa.Column("number", sa.String(length=10), nullable=False),
        sa.Column("grid_id", sa.Uuid(), nullable=True),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("floors", sa.Integer(), nullable=False),
        sa.Column("rooms_per_floor", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=60), server_default="", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("desk_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["grid_id"], ["grid.id"], name=op.f("fk_building_grid_id_grid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_building")),
        sa.UniqueConstraint("number", name=op.f("uq_building_number")),
    )
    op.create_index(op.f("ix_building_grid_id"), "building", ["grid_id"], unique=False)
    op.add_column("community", sa.Column("notice_large_print", sa.Boolean(), server_default=sa.false(),
                                         nullable=False))
    op.add_column("community", sa.Column("notice_landscape", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("department", sa.Column("contact", sa.String(length=30), server_default="", nullable=False))
    op.add_column("department", sa.Column("report_hours", sa.Integer(), server_default="24", nullable=False))
    op.add_column("grid", sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column("household", sa.Column("notes", sa.Text(), server_default="", nullable=False))
    op.add_column("resident", sa.Column("notes", sa.Text(), server_default="", nullable=False))
    op.add_column("resident", sa.Column(
        "status", sa.Enum("active", "moved_away", "deceased", "merged", name="residentstatus", native_enum=False,
                          length=16, create_constraint=False), server_default="active", nullable=False))
    op.add_column("resident", sa.Column("status_on", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a column's reference only inline, never as ALTER
        op.execute("ALTER TABLE resident ADD COLUMN merged_into_id CHAR(32) "
                   "CONSTRAINT fk_resident_merged_into_id_resident REFERENCES resident (id)")
    else:
        op.add_column("resident", sa.Column("merged_into_id", sa.Uuid(), nullable=True))
        op.create_foreign_key(op.f("fk_resident_merged_into_id_resident"), "resident", "resident",
                              ["merged_into_id"], ["id"])
    op.create_index(op.f("ix_resident_status"), "resident", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_resident_status"), table_name="resident")
    with op.batch_alter_table("resident") as batch_op:
        batch_op.drop_column("merged_into_id")
    for table, column in (("resident", "status_on"), ("resident", "status"), ("resident", "notes"),
                          ("household", "notes"), ("grid", "active"), ("department", "report_hours"),
                          ("department", "contact"), ("community", "notice_landscape"),
                          ("community", "notice_large_print")):
        op.drop_column(table, column)
    op.drop_index(op.f("ix_building_grid_id"), table_name="building")
    op.drop_table("building")
    unprotect("register_import")
    op.drop_table("register_import")
