"""Employment help, a closed loop (就业帮扶闭环, issue 22): job seekers' files, their plans, referrals and
the return visits that check their rights.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 22:30:00

"""

from collections.abc import Sequence

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
