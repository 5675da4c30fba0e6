"""The rates read the period's requests from one covering index: the cached columns they count, in intake order.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22 21:45:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["created_at", "status", "category_id", "grid_id", "level", "cycle", "paused_seconds", "satisfaction",
           "responded_at", "resolved_at", "households_count", "in_pool", "id"]


# Plain index DDL, not batch mode: a batch rebuild of the table would drop the triggers on it.
def upgrade() -> None:
    op.create_index("ix_case_rates", "case", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_case_rates", table_name="case")
