"""A duty's anchor: the first due date as set, which its cycle counts from (issue 19). A monthly duty set on the
31st falls on the last day of a shorter month and goes back to the 31st after; a yearly one set on Feb 29 is due on
Feb 28 in other years. Rows made before this revision count from their next due date.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 16:40:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("duty") as batch:
        batch.add_column(sa.Column("anchor_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE duty DROP COLUMN anchor_on")  # not the batch way: duty_record's foreign key (0016)
