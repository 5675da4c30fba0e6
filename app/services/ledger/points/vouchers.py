"""At the desk: a resident's balance (what of it is still valid, what lapses when), redeeming a reward for a voucher
(the points and one item move together, or nothing does), honouring (核销) a voucher once, cancelling one not yet
honoured (its entry reversed, the item back), the printed voucher's data, and a resident's points for their
personal-data export (``resident_points``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AccountKind,
    EntryKind,
    Merchant,
    Partner,
    PointsAward,
    Resident,
    Reward,
    StockMoveKind,
    Voucher,
    VoucherStatus,
)
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound, ValidationError
from app.services.core.setup import community_info
from app.services.core.validation import check_reason
from app.services.documents.disclosure import Document, Field, disclose
from app.services.ledger import posting as ledger
from app.services.ledger.points.common import (
    SPEND_NAME,
    award_infos,
    balance_of,
    current_rule_set,
    expire_lapsed,
    get_resident,
    get_reward,
    local_day,
    move_stock,
    personal_account,
    staff_names,
    voucher_infos,
)
from app.services.ledger.points.data import (
    CODE_LENGTH,
    MAX_LIST,
    NOTE_LIMIT,
    UNIT,
    Block,
    PointsBalance,
    RedeemChoice,
    ResidentPoints,
    RewardOffer,
    VoucherInfo,
    VoucherPrint,
    new_code,
    normalise_code,
    show_code,
)
from app.services.ledger.points.offers import Holder, had_of, refusal, refusal_error, reward_info
from app.services.ledger.posting import Leg


class VoucherService:
    """Balances, redeeming, and a voucher's life: honoured or cancelled, and printed."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def balance(self, actor: Actor, resident_id: uuid.UUID) -> PointsBalance:
        """What the resident holds, what of it is still valid, and what lapses when."""
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            resident = get_resident(session, resident_id)
            return balance_of(session, resident, self._db.clock.now())

    def balances(self, actor: Actor, resident_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Cached balances of many residents at once, for a list (missing: never held any points)."""
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            return ledger.holders(session, UNIT, resident_ids)

    def choice(self, actor: Actor, resident_id: uuid.UUID | None) -> RedeemChoice:
        """Every reward with whether the resident can redeem it now and, if not, why (差 N 分, 库存不足, 已下架...):
        the same rule ``redeem`` enforces. With no resident, their points are not asked."""
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            now = self._db.clock.now()
            today = local_day(now)
            held, holder = None, None
            if resident_id is not None:
                resident = get_resident(session, resident_id)
                held = balance_of(session, resident, now)
                holder = Holder(resident.name, held.available, had_of(session, resident.id))
            rewards = session.scalars(select(Reward).join(Merchant, Merchant.id == Reward.merchant_id).join(
                Partner, Partner.id == Merchant.partner_id).options(
                selectinload(Reward.merchant)).order_by(Partner.name, Reward.price, Reward.name))
            return RedeemChoice(held, tuple(
                RewardOffer(reward_info(r, today), refusal(r, today, holder), held.available if held else None)
                for r in rewards))

    def redeem(self, actor: Actor, resident_id: uuid.UUID | None, reward_id: uuid.UUID | None) -> VoucherInfo:
        """One item of the reward for the resident: the points and the item move together, or nothing does.
        Refused by the rule the redemption screen shows (``offers.refusal``), on the points valid now."""
        with self._db.transaction() as session:
            require(session, actor, Permission.POINTS)
            now: datetime = session.info["now"]
            today = local_day(now)
            resident = session.get(Resident, resident_id) if resident_id else None
            reward = get_reward(session, reward_id)
            if resident is None:
                errors = FieldErrors()
                errors.add("resident", QT_TRANSLATE_NOOP("errors", "Please choose a resident."))
                rule = refusal(reward, today, None)
                if rule is not None and rule.block not in (Block.OUT_OF_STOCK, Block.SHORT):
                    errors.put("reward", rule.message)
                errors.raise_if_any()
            assert resident is not None
            rule_set = current_rule_set(session)
            expire_lapsed(session, resident, actor.user_id, rule_set.id)  # lapsed points are not spent
            held = ledger.holders(session, UNIT, [resident.id]).get(resident.id, 0)
            refused = refusal(reward, today, Holder(resident.name, held, had_of(session, resident.id, [reward.id])))
            if refused is not None:
                raise refusal_error(refused)  # the expiry above is rolled back with it: nothing is written
            merchant = reward.merchant
            personal = personal_account(session, resident)
            spend = ledger.account(session, UNIT, AccountKind.SPEND, SPEND_NAME)
            code = self._free_code(session)
            entry = ledger.post(session, unit=UNIT, kind=EntryKind.REDEMPTION,
                                legs=[Leg(personal.id, -reward.price), Leg(spend.id, reward.price)],
                                actor_id=actor.user_id, rule_set_id=rule_set.id,
                                memo=f"积分兑换：{merchant.name} {reward.name}（券号 {show_code(code)}）")
            voucher = Voucher(code=code, resident_id=resident.id, reward_id=reward.id, merchant_id=merchant.id,
                              points=reward.price, entry_id=entry.id, issued_by_id=actor.user_id)
            session.add(voucher)
            session.flush()
            move_stock(session, reward, -1, StockMoveKind.REDEEM, actor, note="", voucher_id=voucher.id)
            return voucher_infos(session, [voucher])[0]

    @staticmethod
    def _free_code(session: Session) -> str:
        while True:  # 31^8 codes: a clash is rare, and the unique index is the last word anyway
            code = new_code()
            if session.scalar(select(Voucher.id).where(Voucher.code == code)) is None:
                return code

    def voucher(self, actor: Actor, code: str) -> VoucherInfo:
        """Look a voucher up by its code, as typed or scanned (the merchant's check)."""
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            return voucher_infos(session, [self._by_code(session, code, lock=False)])[0]

    def vouchers(self, actor: Actor, resident_id: uuid.UUID | None = None, merchant_id: uuid.UUID | None = None,
                 status: VoucherStatus | None = None, limit: int = MAX_LIST) -> list[VoucherInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            stmt = select(Voucher)
            if resident_id is not None:
                stmt = stmt.where(Voucher.resident_id == resident_id)
            if merchant_id is not None:
                stmt = stmt.where(Voucher.merchant_id == merchant_id)
            if status is not None:
                stmt = stmt.where(Voucher.status == status)
            found = list(session.scalars(stmt.order_by(Voucher.created_at.desc(), Voucher.id).limit(limit)))
            return voucher_infos(session, found)

    def honour(self, actor: Actor, code: str, merchant_id: uuid.UUID | None = None) -> VoucherInfo:
        """Mark the voucher honoured (核销) when the merchant reports it; once only, never a cancelled one.

        ``merchant_id``, when given, must be the voucher's merchant (a voucher is honoured where it was meant).
        """
        with self._db.transaction() as session:
            require(session, actor, Permission.POINTS)
            voucher = self._by_code(session, code, lock=True)
            if voucher.status is VoucherStatus.HONOURED:
                assert voucher.honoured_at is not None
                raise Conflict(QT_TRANSLATE_NOOP("errors", "Voucher {code} was already honoured on {day}; a voucher "
                                                           "is honoured once."),
                               code=show_code(voucher.code), day=f"{local(voucher.honoured_at):%Y-%m-%d %H:%M}")
            if voucher.status is VoucherStatus.CANCELLED:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "Voucher {code} was cancelled and its points returned: it "
                                                           "cannot be honoured."), code=show_code(voucher.code))
            if merchant_id is not None and merchant_id != voucher.merchant_id:
                raise ValidationError.single("merchant", QT_TRANSLATE_NOOP(
                    "errors", "Voucher {code} is for {merchant}, not for this merchant."),
                    code=show_code(voucher.code), merchant=voucher.merchant.name)
            voucher.status, voucher.honoured_at, voucher.honoured_by_id = \
                VoucherStatus.HONOURED, session.info["now"], actor.user_id
            voucher.rate_fen_per_100 = voucher.merchant.rate_fen_per_100
            session.flush()
            return voucher_infos(session, [voucher])[0]

    def cancel(self, actor: Actor, voucher_id: uuid.UUID, reason: str) -> VoucherInfo:
        """Cancel an unhonoured voucher: its entry is reversed and the item goes back, in one transaction."""
        errors = FieldErrors()
        reason = check_reason(errors, reason, NOTE_LIMIT)
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.POINTS)
            voucher = session.scalar(select(Voucher).where(Voucher.id == voucher_id).with_for_update())
            if voucher is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This voucher does not exist."))
            if voucher.status is not VoucherStatus.ISSUED:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "Voucher {code} is {status}: only a voucher not yet "
                                                           "honoured can be cancelled."),
                               code=show_code(voucher.code), status=labels.zh(voucher.status))
            entry = ledger.reverse(session, voucher.entry_id, actor_id=actor.user_id, reason=reason,
                                   rule_set_id=current_rule_set(session).id, memo_prefix="撤销兑换：")
            move_stock(session, voucher.reward, 1, StockMoveKind.CANCEL, actor, note=reason,
                             voucher_id=voucher.id)
            voucher.status, voucher.cancelled_at, voucher.cancelled_by_id = \
                VoucherStatus.CANCELLED, session.info["now"], actor.user_id
            voucher.cancel_reason, voucher.cancel_entry_id = reason, entry.id
            session.flush()
            return voucher_infos(session, [voucher])[0]

    def voucher_print(self, actor: Actor, voucher_id: uuid.UUID) -> VoucherPrint:
        """What the printed voucher shows (render it with app.services.documents.vouchers.render_voucher)."""
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            v = session.get(Voucher, voucher_id)
            if v is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This voucher does not exist."))
            info = community_info(session, self._db.desk_code)
            issuer = staff_names(session, {v.issued_by_id}).get(v.issued_by_id, "")
            holder = disclose(Document.VOUCHER, Field.NAME, v.resident.name) or ""
            return VoucherPrint(info.name, info.desk_name, info.desk_phone, show_code(v.code),
                                holder, v.reward.name, v.points, v.merchant.name,
                                v.merchant.address, v.merchant.phone, v.reward.valid_to, v.created_at, issuer,
                                v.status)

    @staticmethod
    def _by_code(session: Session, code: str, *, lock: bool) -> Voucher:
        wanted = normalise_code(code)
        if len(wanted) != CODE_LENGTH:
            raise ValidationError.single("code", QT_TRANSLATE_NOOP("errors", "A voucher code has {n} letters and "
                                                                             "digits, e.g. 7KQ9-M3XA."),
                                         n=CODE_LENGTH)
        stmt = select(Voucher).where(Voucher.code == wanted)
        voucher = session.scalar(stmt.with_for_update() if lock else stmt)
        if voucher is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "There is no voucher {code}. Please check the code."),
                           code=show_code(wanted))
        return voucher


def resident_points(session: Session, resident: Resident, now: datetime) -> ResidentPoints:
    """The resident's balance (with what lapses when), every award and every voucher, oldest first."""
    awards = list(session.scalars(select(PointsAward).where(PointsAward.resident_id == resident.id)
                                  .order_by(PointsAward.created_at, PointsAward.id)))
    vouchers = list(session.scalars(select(Voucher).where(Voucher.resident_id == resident.id)
                                    .order_by(Voucher.created_at, Voucher.id)))
    return ResidentPoints(balance_of(session, resident, now),
                          tuple(award_infos(session, awards)),
                          tuple(voucher_infos(session, vouchers)))
