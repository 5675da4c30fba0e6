"""Three-level councils (三级议事会, issue 22): a meeting's level and place in its cycle, its attendees and topics,
and decision items that become tracked tasks.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 22:30:00

"""

from collections.abc import Sequence

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
