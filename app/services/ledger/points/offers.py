"""Whether a resident may redeem a reward now, and if not why: one rule (``refusal``) that the redemption screen shows
(``VoucherService.choice``) and ``VoucherService.redeem`` enforces, so the screen and the rule never disagree.

The checks, in the order a clerk is told them: the merchant is an active partner; the reward is still offered; today
is within its dates; the resident has not had as many as one resident may (vouchers not cancelled); an item is in
stock; the resident's points still valid today cover the price. A reward's own rules (without a resident) are what
``RewardInfo.redeemable`` says.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Reward, Voucher, VoucherStatus
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError, Message, ValidationError
from app.services.ledger.points.data import Block, OutOfStock, Refusal, RewardInfo
from app.services.ledger.posting import InsufficientBalance


@dataclass(frozen=True)
class Holder:
    """The resident asking: their name, their points valid now, and how many of each reward they have had."""

    name: str
    available: int
    had: dict[uuid.UUID, int]


def _refused(block: Block, words: str, template: str, shortfall: int = 0, **params: object) -> Refusal:
    return Refusal(block, Message(template, dict(params)), Message(words, dict(params)), shortfall)


def refusal(reward: Reward, today: date, holder: Holder | None) -> Refusal | None:
    """Why ``holder`` cannot redeem ``reward`` today (None: they can). Without a holder, only the reward's own rules."""
    merchant = reward.merchant
    if not merchant.active:
        return _refused(Block.MERCHANT_PAUSED, QT_TRANSLATE_NOOP("errors", "Merchant not active"),
                        QT_TRANSLATE_NOOP("errors", "{merchant} is not an active partner merchant at present: its "
                                                    "rewards cannot be redeemed."), merchant=merchant.name)
    if not reward.active:
        return _refused(Block.WITHDRAWN, QT_TRANSLATE_NOOP("errors", "Withdrawn"),
                        QT_TRANSLATE_NOOP("errors", "{reward} is no longer offered."), reward=reward.name)
    if reward.valid_from is not None and today < reward.valid_from:
        return _refused(Block.NOT_YET, QT_TRANSLATE_NOOP("errors", "From {day}"),
                        QT_TRANSLATE_NOOP("errors", "{reward} can be redeemed from {day}."),
                        reward=reward.name, day=f"{reward.valid_from:%Y-%m-%d}")
    if reward.valid_to is not None and today > reward.valid_to:
        return _refused(Block.ENDED, QT_TRANSLATE_NOOP("errors", "Offer ended"),
                        QT_TRANSLATE_NOOP("errors", "{reward} could be redeemed until {day}; the offer has expired."),
                        reward=reward.name, day=f"{reward.valid_to:%Y-%m-%d}")
    had = holder.had.get(reward.id, 0) if holder is not None else 0
    if holder is not None and reward.per_resident_limit is not None and had >= reward.per_resident_limit:
        return _refused(Block.LIMIT, QT_TRANSLATE_NOOP("errors", "Limit of {limit} reached"),
                        QT_TRANSLATE_NOOP("errors", "{name} has already redeemed {reward} {n} times; the limit is "
                                                    "{limit} per resident."),
                        name=holder.name, reward=reward.name, n=had, limit=reward.per_resident_limit)
    if reward.stock <= 0:
        return _refused(Block.OUT_OF_STOCK, QT_TRANSLATE_NOOP("errors", "Out of stock"),
                        QT_TRANSLATE_NOOP("errors", "{reward} is out of stock."), reward=reward.name)
    if holder is not None and holder.available < reward.price:
        short = reward.price - holder.available
        return _refused(Block.SHORT, QT_TRANSLATE_NOOP("errors", "{short} points short"),
                        QT_TRANSLATE_NOOP("errors", "{name} has {have} points; {reward} needs {price}."), short,
                        name=holder.name, have=holder.available, reward=reward.name, price=reward.price,
                        short=short)
    return None


def refusal_error(refused: Refusal) -> DomainError:
    """The refusal ``redeem`` raises: no stock and too few points as their own kinds (another desk may have taken the
    last item or spent the points a moment ago), the reward's rules under the reward field."""
    message = refused.message
    if refused.block is Block.OUT_OF_STOCK:
        return OutOfStock(message.template, **message.params)
    if refused.block is Block.SHORT:
        return InsufficientBalance(message.template, **message.params)
    return ValidationError({"reward": message})


def had_of(session: Session, resident_id: uuid.UUID, reward_ids: Collection[uuid.UUID] | None = None
           ) -> dict[uuid.UUID, int]:
    """How many of each reward the resident has had (vouchers not cancelled)."""
    stmt = (select(Voucher.reward_id, func.count()).where(Voucher.resident_id == resident_id,
                                                          Voucher.status != VoucherStatus.CANCELLED)
            .group_by(Voucher.reward_id))
    if reward_ids is not None:
        stmt = stmt.where(Voucher.reward_id.in_(list(reward_ids)))
    return {rid: int(n) for rid, n in session.execute(stmt)}


def reward_info(r: Reward, today: date) -> RewardInfo:
    m, why = r.merchant, refusal(r, today, None)
    return RewardInfo(r.id, m.id, m.name, m.active, r.name, r.price, r.stock, r.valid_from, r.valid_to,
                      r.per_resident_limit, r.active, r.description, why is None, why.short if why else None)
