"""The ledger's posting indexes carry the amount, so verify sums per entry and per account from the index.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 20:10:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain index DDL, not batch mode: a batch rebuild of the table would drop its append-only triggers.
def upgrade() -> None:
    op.drop_index("ix_ledger_posting_entry_id", table_name="ledger_posting")
    op.drop_index("ix_ledger_posting_account", table_name="ledger_posting")
    op.create_index("ix_ledger_posting_entry", "ledger_posting", ["entry_id", "amount"])
    op.create_index("ix_ledger_posting_account", "ledger_posting", ["account_id", "created_at", "amount"])


def downgrade() -> None:
    op.drop_index("ix_ledger_posting_account", table_name="ledger_posting")
    op.drop_index("ix_ledger_posting_entry", table_name="ledger_posting")
    op.create_index("ix_ledger_posting_account", "ledger_posting", ["account_id", "created_at"])
    op.create_index("ix_ledger_posting_entry_id", "ledger_posting", ["entry_id"])
