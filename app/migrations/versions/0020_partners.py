"""The resource list (资源清单, issue 22): partner units, what they offer and what they gave; the points
merchants become partners of the one register.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 22:30:00

"""

from collections.abc import Sequence

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
