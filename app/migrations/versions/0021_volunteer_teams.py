"""Volunteer teams (志愿服务队, issue 22): teams, their members and weekly schedule; a team's activity and
requests given to a team.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 22:30:00

"""

from collections.abc import Sequence

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
