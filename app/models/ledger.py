"""The one ledger: accounts, entries and their postings, for service time and for points alike.

Double entry: an entry's postings sum to zero. Postings and entries are append-only (database triggers);
a mistake is corrected by a reversing entry. ``LedgerAccount.balance`` is a cache of the postings, written
only by ``app.services.ledger.posting.post`` and checked by ``main.py verify``.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.enums import AccountKind, EntryKind, Unit
from app.models.base import Base, Stamped, str_enum


class RuleSet(Stamped, Base):
    """One version of a ledger's rules (step, caps, limits). A change is a new row; entries name theirs."""

    __tablename__ = "rule_set"
    __table_args__ = (UniqueConstraint("scope", "version"),)

    scope: Mapped[str] = mapped_column(String(16))   # "timebank", later "points"
    version: Mapped[int] = mapped_column(Integer)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))


class LedgerAccount(Stamped, Base):
    __tablename__ = "ledger_account"
    __table_args__ = (Index("ix_ledger_account_owner", "resident_id", "unit"),)

    code: Mapped[str] = mapped_column(String(80), unique=True)  # "minutes:personal:<resident id>"
    unit: Mapped[Unit] = mapped_column(str_enum(Unit, 16))
    kind: Mapped[AccountKind] = mapped_column(str_enum(AccountKind, 16))
    resident_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("resident.id"))
    name: Mapped[str] = mapped_column(String(60))
    balance: Mapped[int] = mapped_column(BigInteger, default=0)  # cache of sum(postings.amount)


class LedgerEntry(Stamped, Base):
    __tablename__ = "ledger_entry"

    unit: Mapped[Unit] = mapped_column(str_enum(Unit, 16))
    kind: Mapped[EntryKind] = mapped_column(str_enum(EntryKind, 24))
    memo: Mapped[str] = mapped_column(String(200))                  # what, as the passbook prints it
    reason: Mapped[str] = mapped_column(String(200), default="")    # why (reversals, grants)
    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    approved_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    rule_set_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rule_set.id"))
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)

    postings: Mapped[list[LedgerPosting]] = relationship(back_populates="entry", order_by="LedgerPosting.amount")


class LedgerPosting(Stamped, Base):
    __tablename__ = "ledger_posting"
    # Both indexes carry the amount, so verify's sums (per entry, per account) read the index alone, in
    # order, never the table row by row: 3.3 s -> 0.5 s for the per-account sums of a million postings.
    __table_args__ = (Index("ix_ledger_posting_account", "account_id", "created_at", "amount"),
                      Index("ix_ledger_posting_entry", "entry_id", "amount"))

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ledger_entry.id"))
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ledger_account.id"))
    amount: Mapped[int] = mapped_column(BigInteger)  # + into the account, - out of it

    entry: Mapped[LedgerEntry] = relationship(back_populates="postings")
    account: Mapped[LedgerAccount] = relationship()


LEDGER_APPEND_ONLY = ("ledger_entry", "ledger_posting", "rule_set")
