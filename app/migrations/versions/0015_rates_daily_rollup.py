"""The rates' daily rollup (issue 18): per local day of intake, class, grid and handling level (and per department),
the counters the rates sum, so a year's figures read a few hundred thousand small rows instead of its requests.
Filled from the existing requests by the latest revision that changes the rollup's columns (0018 since issue 20:
``rollup.rebuild`` counts with the models of today, which name columns this revision does not create); kept by the
unit of work from then on.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 01:40:00

"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _figures() -> list[sa.Column[Any]]:
    whole = ["received", "households", "responded", "resolved", "follow_ups", "satisfied", "fully_satisfied",
             "in_pool"]
    return ([sa.Column(name, sa.Integer(), nullable=False) for name in whole]
            + [sa.Column(name, sa.Float(), nullable=False) for name in ("respond_seconds", "resolve_seconds")])


def upgrade() -> None:
    op.create_table(
        "rates_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.Column("grid_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        *_figures(),
        sa.PrimaryKeyConstraint("day", "category_id", "grid_id", "level", name=op.f("pk_rates_day")),
    )
    op.create_table(
        "rates_day_department",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("department_id", sa.Uuid(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.Column("grid_id", sa.Uuid(), nullable=False),
        *_figures(),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in ("called", "reported", "on_time", "overdue",
                                                                     "unjudged")),
        sa.Column("report_seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("day", "department_id", "category_id", "grid_id",
                                name=op.f("pk_rates_day_department")),
    )


def downgrade() -> None:
    op.drop_table("rates_day_department")
    op.drop_table("rates_day")
