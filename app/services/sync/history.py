"""What both directions of a sync check and count again: an audit entry against its hash, and the balances and stocks
that are sums of their history (issue 21)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, func, select, update

from app.models import LedgerAccount, LedgerPosting, Reward, RewardStockMove
from app.services.core.audit import entry_hash
from app.services.core.errors import QT_TRANSLATE_NOOP

CHUNK = 500
ALTERED = QT_TRANSLATE_NOOP(
    "errors", "Entry {seq} of desk {desk}'s audit trail does not match its fingerprint or the street's copy: it was "
              "changed outside the program. Sync is stopped; call the administrator (main.py verify).")


def intact(e: Any) -> bool:
    """The entry reads as its hash says (nobody changed it in the file without computing the hash again)."""
    recomputed = entry_hash(e.desk_code, e.seq, e.created_at, e.actor_id, e.actor_name, e.action, e.entity,
                            e.entity_id, e.details, e.prev_hash, e.hlc)
    return bool(e.hash == recomputed)


def sum_history(conn: Connection, accounts: set[uuid.UUID], rewards: set[uuid.UUID]) -> None:
    """Balances and stocks are the sums of their history (postings, stock moves): counted again for these, here
    after a pull and on the street after a push (a balance moves by one SQL statement, past the trail)."""
    for start in range(0, len(accounts), CHUNK):
        chunk = sorted(accounts)[start:start + CHUNK]
        conn.execute(update(LedgerAccount).where(LedgerAccount.id.in_(chunk)).values(
            balance=select(func.coalesce(func.sum(LedgerPosting.amount), 0))
            .where(LedgerPosting.account_id == LedgerAccount.id).scalar_subquery()))
    for start in range(0, len(rewards), CHUNK):
        chunk = sorted(rewards)[start:start + CHUNK]
        conn.execute(update(Reward).where(Reward.id.in_(chunk)).values(
            stock=select(func.coalesce(func.sum(RewardStockMove.delta), 0))
            .where(RewardStockMove.reward_id == Reward.id).scalar_subquery()))
