"""The partner merchants and their rewards, and the rewards' stock: a cache of its append-only moves, changed only by
a conditional UPDATE (``common.move_stock``), so two desks cannot both take the last item."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.models import (
    Merchant,
    MerchantCategory,
    Partner,
    PartnerKind,
    Reward,
    RewardStockMove,
    StockMoveKind,
    Voucher,
)
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, NotFound
from app.services.core.validation import check_length
from app.services.ledger.points.common import (
    check_choice,
    check_count,
    check_note,
    get_reward,
    local_day,
    move_stock,
    staff_names,
)
from app.services.ledger.points.data import (
    MAX_POINTS,
    MAX_STOCK,
    NOTE_LIMIT,
    MerchantInfo,
    MerchantInput,
    RewardInfo,
    RewardInput,
    StockMoveInfo,
    show_code,
)
from app.services.ledger.points.offers import reward_info
from app.services.programmes.partner_rules import apply_partner_fields, check_name_free, check_partner_fields


class PointsCatalogueService:
    """Merchants, rewards and stock."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def merchants(self, actor: Actor, active_only: bool = False) -> list[MerchantInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            stmt = select(Merchant).join(Partner, Partner.id == Merchant.partner_id).order_by(Merchant.category,
                                                                                              Partner.name)
            if active_only:
                stmt = stmt.where(Merchant.active.is_(True))
            counts = dict(session.execute(select(Reward.merchant_id, func.count()).group_by(Reward.merchant_id)).all())
            return [self._merchant_info(m, counts.get(m.id, 0)) for m in session.scalars(stmt)]

    def create_merchant(self, actor: Actor, data: MerchantInput) -> MerchantInfo:
        return self._save_merchant(actor, None, data)

    def update_merchant(self, actor: Actor, merchant_id: uuid.UUID, data: MerchantInput) -> MerchantInfo:
        """Includes switching a merchant off (``active=False``): its rewards can then not be redeemed; vouchers
        already issued may still be honoured, and it is still settled."""
        return self._save_merchant(actor, merchant_id, data)

    def _save_merchant(self, actor: Actor, merchant_id: uuid.UUID | None, data: MerchantInput) -> MerchantInfo:
        """The merchant's points terms on its own row, its name, contact, phone, address and note on its partner's
        (the resource list: one register). A new merchant is a new partner, or an existing one picked."""
        errors = FieldErrors()
        category = check_choice(errors, "category", MerchantCategory, data.category,
                              QT_TRANSLATE_NOOP("errors", "Please choose the kind of merchant."))
        fields = check_partner_fields(errors, data.name, data.contact, data.phone, data.address, data.note)
        check_count(errors, "rate_fen_per_100", data.rate_fen_per_100, 0, 100_000)
        with self._db.transaction() as session:
            require(session, actor, Permission.MERCHANTS)
            merchant, partner = None, None
            if merchant_id is not None:
                merchant = session.get(Merchant, merchant_id)
                if merchant is None:
                    raise NotFound(QT_TRANSLATE_NOOP("errors", "This merchant does not exist."))
                partner = merchant.partner
            elif data.partner_id is not None:
                partner = session.get(Partner, data.partner_id)
                if partner is None:
                    errors.add("partner", QT_TRANSLATE_NOOP("errors", "This partner is no longer on the list."))
                elif session.scalar(select(Merchant.id).where(Merchant.partner_id == partner.id)):
                    errors.add("partner", QT_TRANSLATE_NOOP("errors", "{name} is a points merchant already."),
                               name=partner.name)
            check_name_free(session, errors, fields.name, partner.id if partner is not None else None)
            errors.raise_if_any()
            assert category is not None
            if partner is None:
                partner = Partner(kind=PartnerKind.MERCHANT, active=True)
                session.add(partner)
            apply_partner_fields(partner, fields)
            session.flush()
            if merchant is None:
                merchant = Merchant(partner=partner)
                session.add(merchant)
            merchant.category, merchant.active = category, data.active
            merchant.rate_fen_per_100 = data.rate_fen_per_100
            session.flush()
            count = session.scalar(select(func.count()).select_from(Reward).where(Reward.merchant_id == merchant.id))
            return self._merchant_info(merchant, count or 0)

    @staticmethod
    def _merchant_info(m: Merchant, rewards: int) -> MerchantInfo:
        return MerchantInfo(m.id, m.name, m.category, m.rate_fen_per_100, m.contact, m.phone, m.address, m.active,
                            m.note, rewards, m.partner_id)

    def rewards(self, actor: Actor, merchant_id: uuid.UUID | None = None,
                redeemable_only: bool = False) -> list[RewardInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            stmt = select(Reward).join(Merchant, Merchant.id == Reward.merchant_id).join(
                Partner, Partner.id == Merchant.partner_id).options(
                selectinload(Reward.merchant)).order_by(Partner.name, Reward.price, Reward.name)
            if merchant_id is not None:
                stmt = stmt.where(Reward.merchant_id == merchant_id)
            today = local_day(self._db.clock.now())
            found = [reward_info(r, today) for r in session.scalars(stmt)]
            return [r for r in found if r.redeemable] if redeemable_only else found

    def create_reward(self, actor: Actor, data: RewardInput, stock: int = 0) -> RewardInfo:
        """A new reward with its first stock (one stock move)."""
        errors = FieldErrors()
        check_count(errors, "stock", stock, 0, MAX_STOCK)
        return self._save_reward(actor, None, data, errors, stock)

    def update_reward(self, actor: Actor, reward_id: uuid.UUID, data: RewardInput) -> RewardInfo:
        """Everything but the stock (that changes by ``restock``); a new price applies to later vouchers."""
        return self._save_reward(actor, reward_id, data, FieldErrors(), 0)

    def _save_reward(self, actor: Actor, reward_id: uuid.UUID | None, data: RewardInput, errors: FieldErrors,
                     stock: int) -> RewardInfo:
        name = check_length(errors, "name", data.name, 60)
        description = check_length(errors, "description", data.description, NOTE_LIMIT, required=False)
        check_count(errors, "price", data.price, 1, MAX_POINTS)
        if data.per_resident_limit is not None:
            check_count(errors, "per_resident_limit", data.per_resident_limit, 1, 1000)
        if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
            errors.add("valid_to", QT_TRANSLATE_NOOP("errors", "The last day cannot be before the first."))
        with self._db.transaction() as session:
            require(session, actor, Permission.MERCHANTS)
            reward = None
            if reward_id is not None:
                reward = session.get(Reward, reward_id)
                if reward is None:
                    raise NotFound(QT_TRANSLATE_NOOP("errors", "This reward does not exist."))
            merchant = session.get(Merchant, data.merchant_id) if data.merchant_id else None
            if merchant is None:
                errors.add("merchant", QT_TRANSLATE_NOOP("errors", "Please choose the merchant."))
            elif reward is not None and reward.merchant_id != merchant.id:
                errors.add("merchant", QT_TRANSLATE_NOOP("errors", "A reward stays with its merchant; add a new "
                                                                   "reward for another one."))
            elif name and session.scalar(select(Reward.id).where(Reward.merchant_id == merchant.id,
                                                                 Reward.name == name, Reward.id != reward_id)):
                errors.add("name", QT_TRANSLATE_NOOP("errors", "{merchant} already offers a reward called {name}."),
                           merchant=merchant.name, name=name)
            errors.raise_if_any()
            assert merchant is not None
            if reward is None:
                reward = Reward(merchant_id=merchant.id, stock=0)
                session.add(reward)
            reward.name, reward.price, reward.description, reward.active = name, data.price, description, data.active
            reward.valid_from, reward.valid_to = data.valid_from, data.valid_to
            reward.per_resident_limit = data.per_resident_limit
            session.flush()
            if stock:
                move_stock(session, reward, stock, StockMoveKind.INITIAL, actor, note="")
            session.refresh(reward)
            return reward_info(reward, local_day(session.info["now"]))

    def restock(self, actor: Actor, reward_id: uuid.UUID, delta: int, note: str = "") -> RewardInfo:
        """Add items (``delta`` > 0) or write some off (``delta`` < 0, never below zero)."""
        errors = FieldErrors()
        note = check_note(errors, note)
        if delta == 0 or abs(delta) > MAX_STOCK:
            errors.add("delta", QT_TRANSLATE_NOOP("errors", "Please give how many items come in or go out."))
        elif delta < 0 and not note:
            errors.add("note", QT_TRANSLATE_NOOP("errors", "Please say why the items are written off."))
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.MERCHANTS)
            reward = get_reward(session, reward_id)
            kind = StockMoveKind.RESTOCK if delta > 0 else StockMoveKind.WRITE_OFF
            move_stock(session, reward, delta, kind, actor, note=note)
            session.refresh(reward)
            return reward_info(reward, local_day(session.info["now"]))

    def stock_moves(self, actor: Actor, reward_id: uuid.UUID) -> list[StockMoveInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            rows = list(session.execute(
                select(RewardStockMove, Voucher.code).outerjoin(Voucher, Voucher.id == RewardStockMove.voucher_id)
                .where(RewardStockMove.reward_id == reward_id)
                .order_by(RewardStockMove.created_at, RewardStockMove.id)))
            staff = staff_names(session, {m.actor_id for m, _code in rows})
            return [StockMoveInfo(m.created_at, m.delta, m.kind, show_code(code) if code else "",
                                  staff.get(m.actor_id, ""), m.note) for m, code in rows]
