"""Community points (积分): earning rules, awards, partner merchants, their rewards and the vouchers redeemed.

The points themselves live in the ledger (app.models.ledger, unit ``points``); these tables say where they
came from and where they went. Awards and stock moves are append-only (database triggers); a reward's
``stock`` is a cache of its moves, written only by app.services.ledger.points (``common.move_stock``) and checked
by ``main.py verify``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.enums import EarnKind, MerchantCategory, StockMoveKind, VoucherStatus
from app.models.base import Base, Stamped, str_enum
from app.models.partners import Partner
from app.models.residents import Resident


class Merchant(Stamped, Base):
    """A points merchant: a partner of the resource list (``partner``: its name, contact, phone, address and note)
    with its points terms; ``rate_fen_per_100`` is what the community pays it per 100 points it honours. ``active``
    is whether its rewards may be redeemed (the partner has its own)."""

    __tablename__ = "points_merchant"

    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner.id"), unique=True)
    category: Mapped[MerchantCategory] = mapped_column(str_enum(MerchantCategory, 16))
    rate_fen_per_100: Mapped[int] = mapped_column(Integer)   # 100 = one yuan per 100 points
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    partner: Mapped[Partner] = relationship(lazy="joined", innerjoin=True)

    @property
    def name(self) -> str:
        return self.partner.name

    @property
    def contact(self) -> str:
        return self.partner.contact

    @property
    def phone(self) -> str:
        return self.partner.phone

    @property
    def address(self) -> str:
        return self.partner.address

    @property
    def note(self) -> str:
        return self.partner.note


class Reward(Stamped, Base):
    __tablename__ = "points_reward"

    merchant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("points_merchant.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    price: Mapped[int] = mapped_column(Integer)                       # points per item
    stock: Mapped[int] = mapped_column(Integer, default=0)            # cache of sum(stock moves)
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]                                     # last day it may be redeemed
    per_resident_limit: Mapped[int | None] = mapped_column(Integer)   # items per resident, all time
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str] = mapped_column(String(200), default="")

    merchant: Mapped[Merchant] = relationship()


class RewardStockMove(Stamped, Base):
    """Every change of a reward's stock; the stock is their sum."""

    __tablename__ = "points_stock_move"
    __table_args__ = (Index("ix_points_stock_move_reward", "reward_id", "created_at"),)

    reward_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("points_reward.id"))
    delta: Mapped[int] = mapped_column(Integer)
    kind: Mapped[StockMoveKind] = mapped_column(str_enum(StockMoveKind, 16))
    voucher_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("points_voucher.id"))
    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str] = mapped_column(String(200), default="")


class EarnRule(Stamped, Base):
    """What earns how many points, with optional caps and a validity period of the points it awards."""

    __tablename__ = "points_earn_rule"

    kind: Mapped[EarnKind] = mapped_column(str_enum(EarnKind, 16))
    name: Mapped[str] = mapped_column(String(40), unique=True)
    points: Mapped[int] = mapped_column(Integer)               # per occasion; per hour for volunteer_hour
    daily_cap: Mapped[int | None] = mapped_column(Integer)     # points of this rule per resident and day
    monthly_cap: Mapped[int | None] = mapped_column(Integer)   # ... and per calendar month
    valid_days: Mapped[int | None] = mapped_column(Integer)    # points expire this many days after; None: never
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(String(200), default="")


class PointsAward(Stamped, Base):
    """Points awarded to one resident under a rule: one ledger entry, one lot with its own expiry date."""

    __tablename__ = "points_award"
    __table_args__ = (Index("ix_points_award_resident_rule", "resident_id", "rule_id", "earned_on"),)

    resident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resident.id"))
    rule_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("points_earn_rule.id"))
    points: Mapped[int] = mapped_column(Integer)
    earned_on: Mapped[date]                                     # local date of the deed (caps count by it)
    expires_on: Mapped[date | None]                             # last valid day; None: never expires
    event: Mapped[str] = mapped_column(String(60), default="")  # the activity, for an event's awards
    note: Mapped[str] = mapped_column(String(200), default="")
    reference: Mapped[str | None] = mapped_column(String(80), unique=True)  # "service:<id>": at most once
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)
    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))

    resident: Mapped[Resident] = relationship()
    rule: Mapped[EarnRule] = relationship()


class Voucher(Stamped, Base):
    """A redemption (兑换券): one item of a reward for a resident, issued -> honoured (核销) or cancelled."""

    __tablename__ = "points_voucher"
    __table_args__ = (
        Index("ix_points_voucher_resident_reward", "resident_id", "reward_id"),
        Index("ix_points_voucher_merchant_honoured", "merchant_id", "honoured_at"),
    )

    code: Mapped[str] = mapped_column(String(12), unique=True)   # short redemption code, e.g. 7KQ9-M3XA
    resident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resident.id"))
    reward_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("points_reward.id"))
    merchant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("points_merchant.id"))
    points: Mapped[int] = mapped_column(Integer)
    status: Mapped[VoucherStatus] = mapped_column(str_enum(VoucherStatus, 16), default=VoucherStatus.ISSUED)
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)
    issued_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    honoured_at: Mapped[datetime | None]
    honoured_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    rate_fen_per_100: Mapped[int | None] = mapped_column(Integer)  # the merchant's rate when it honoured
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    cancel_entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)

    resident: Mapped[Resident] = relationship()
    reward: Mapped[Reward] = relationship()
    merchant: Mapped[Merchant] = relationship()


POINTS_APPEND_ONLY = ("points_award", "points_stock_move")
