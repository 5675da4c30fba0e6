"""What the points services share: the points accounts and rule-set versions, each resident's lots and the expiry of
their lapsed points, the answers built from rows (balances, awards, vouchers), the stock move, and the field checks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from app.models import (
    AccountKind,
    EarnRule,
    EntryKind,
    LedgerAccount,
    LedgerEntry,
    LedgerPosting,
    PointsAward,
    Resident,
    Reward,
    RewardStockMove,
    RuleSet,
    Staff,
    StockMoveKind,
    Voucher,
)
from app.services.core.auth import Actor
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError, FieldErrors, NotFound, ValidationError
from app.services.ledger import posting as ledger
from app.services.ledger.points.data import (
    NOTE_LIMIT,
    SCOPE,
    UNIT,
    AwardInfo,
    OutOfStock,
    PointsBalance,
    VoucherInfo,
    show_code,
)
from app.services.ledger.points.lots import Lot, Move, Taken, due, replay_taking, schedule
from app.services.ledger.posting import Leg

ISSUE_NAME, SPEND_NAME, EXPIRED_NAME = "积分发放", "积分兑换", "积分过期注销"


def local_day(now: datetime) -> date:
    return local(now).date()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), LOCAL_TZ)


def lapsing_holders(session: Session, before: date) -> list[Resident]:
    """Residents holding points with an award valid through a day before ``before`` (theirs, or of a duplicate
    record merged into theirs: its points came over with their expiry dates)."""
    lapsing = select(PointsAward.resident_id).where(PointsAward.expires_on < before).distinct()
    survivors: set[uuid.UUID] = set()
    merged = {m for m in session.scalars(select(Resident.merged_into_id).where(  # few: merges are rare
        Resident.id.in_(lapsing))) if m is not None}
    while merged - survivors:
        survivors |= merged
        merged = {m for m in session.scalars(select(Resident.merged_into_id).where(Resident.id.in_(merged)))
                  if m is not None}
    return list(session.scalars(select(Resident).join(
        LedgerAccount, (LedgerAccount.resident_id == Resident.id) & (LedgerAccount.unit == UNIT)
        & (LedgerAccount.kind == AccountKind.PERSONAL))
        .where(LedgerAccount.balance > 0, or_(Resident.id.in_(lapsing), Resident.id.in_(survivors)))
        .order_by(Resident.id)))


def current_rule_set(session: Session) -> RuleSet:
    row = session.scalar(select(RuleSet).where(RuleSet.scope == SCOPE).order_by(RuleSet.version.desc()).limit(1))
    return row if row is not None else new_rule_set(session, None)


def new_rule_set(session: Session, actor_id: uuid.UUID | None) -> RuleSet:
    """A new version of the points rules: a snapshot of every earning rule, named by later entries."""
    current = session.scalar(select(func.max(RuleSet.version)).where(RuleSet.scope == SCOPE)) or 0
    rules = [{"id": str(r.id), "kind": r.kind.value, "name": r.name, "points": r.points, "daily_cap": r.daily_cap,
              "monthly_cap": r.monthly_cap, "valid_days": r.valid_days, "active": r.active}
             for r in session.scalars(select(EarnRule).order_by(EarnRule.created_at, EarnRule.id))]
    row = RuleSet(scope=SCOPE, version=current + 1, values={"rules": rules}, created_by_id=actor_id)
    session.add(row)
    session.flush()
    return row


def personal_account(session: Session, resident: Resident) -> LedgerAccount:
    return ledger.account(session, UNIT, AccountKind.PERSONAL, resident.name, owner=resident.id)


def lots_of(session: Session, account_id: uuid.UUID, resident_id: uuid.UUID) -> list[Lot]:
    return _replayed(session, account_id, resident_id)[0]


def _replayed(session: Session, account_id: uuid.UUID, resident_id: uuid.UUID) -> tuple[list[Lot], Taken]:
    """The account's lots and what each move out took. Points merged in from a duplicate record come as the lots
    the merge entry took out of the duplicate's account (replayed the same way), so they keep their expiry."""
    rows = session.execute(
        select(LedgerEntry.id, LedgerPosting.created_at, LedgerEntry.kind, LedgerPosting.amount,
               LedgerEntry.reverses_id)
        .join(LedgerEntry, LedgerEntry.id == LedgerPosting.entry_id)
        .where(LedgerPosting.account_id == account_id)
        .order_by(LedgerPosting.created_at, LedgerPosting.id))
    moves = [Move(entry_id, at, kind, amount, reverses) for entry_id, at, kind, amount, reverses in rows]
    last_days = dict(session.execute(select(PointsAward.entry_id, PointsAward.expires_on)
                                     .where(PointsAward.resident_id == resident_id)).all())
    carried: dict[uuid.UUID, list[Lot]] = {}
    for move in moves:
        if move.kind is EntryKind.MERGE and move.amount > 0:
            source_id, source_owner = session.execute(
                select(LedgerAccount.id, LedgerAccount.resident_id).join(
                    LedgerPosting, LedgerPosting.account_id == LedgerAccount.id)
                .where(LedgerPosting.entry_id == move.entry_id, LedgerPosting.amount < 0)).one()
            assert source_owner is not None  # a merge moves between two residents' personal accounts
            taken = _replayed(session, source_id, source_owner)[1].get(move.entry_id, [])
            carried[move.entry_id] = [Lot(lot.entry_id, lot.earned_at, lot.last_day, n, n) for lot, n in taken]
    return replay_taking(moves, last_days, carried)


def expire_lapsed(session: Session, resident: Resident, actor_id: uuid.UUID, rule_set_id: uuid.UUID) -> int:
    """Move the resident's lapsed points to the expired account (idempotent: nothing lapsed, nothing posted).

    The account row is locked first, so two desks expiring the same points at once post them once.
    """
    acct = session.scalar(select(LedgerAccount).where(
        LedgerAccount.code == ledger.account_code(UNIT, AccountKind.PERSONAL, resident.id)).with_for_update())
    if acct is None:
        return 0
    now: datetime = session.info["now"]
    lots = lots_of(session, acct.id, resident.id)
    lapsed = due(lots, now)
    if lapsed <= 0:
        return 0
    days = sorted({lot.last_day for lot in lots if lot.left and lot.expired_at(now) and lot.last_day})
    expired = ledger.account(session, UNIT, AccountKind.EXPIRED, EXPIRED_NAME)
    ledger.post(session, unit=UNIT, kind=EntryKind.EXPIRY, legs=[Leg(acct.id, -lapsed), Leg(expired.id, lapsed)],
                actor_id=actor_id, memo=f"积分过期：{'、'.join(f'{d:%Y-%m-%d}' for d in days[:3])}到期",
                rule_set_id=rule_set_id)
    return lapsed


def balance_of(session: Session, resident: Resident, now: datetime) -> PointsBalance:
    acct = ledger.find_account(session, UNIT, AccountKind.PERSONAL, resident.id)
    if acct is None:
        return PointsBalance(resident.id, resident.name, 0, 0, 0, ())
    lots = lots_of(session, acct.id, resident.id)
    lapsed = due(lots, now)
    return PointsBalance(resident.id, resident.name, acct.balance, acct.balance - lapsed, lapsed,
                         tuple(schedule(lots, now)))


def award_infos(session: Session, awards: Sequence[PointsAward]) -> list[AwardInfo]:
    staff = staff_names(session, {a.actor_id for a in awards})
    entries = [a.entry_id for a in awards]
    revoked = set(session.scalars(select(LedgerEntry.reverses_id).where(LedgerEntry.reverses_id.in_(entries)))) \
        if entries else set()
    return [AwardInfo(a.id, a.resident_id, a.resident.name, a.rule_id, a.rule.name, a.rule.kind, a.points,
                      a.earned_on, a.expires_on, a.event, a.note, a.reference, a.entry_id,
                      staff.get(a.actor_id, ""), a.created_at, a.entry_id in revoked) for a in awards]


def voucher_infos(session: Session, vouchers: Sequence[Voucher]) -> list[VoucherInfo]:
    staff = staff_names(session, {x for v in vouchers
                                   for x in (v.issued_by_id, v.honoured_by_id, v.cancelled_by_id) if x})
    return [VoucherInfo(v.id, show_code(v.code), v.resident_id, v.resident.name, v.reward_id, v.reward.name,
                        v.merchant_id, v.merchant.name, v.points, v.status, v.created_at,
                        staff.get(v.issued_by_id, ""), v.honoured_at,
                        staff.get(v.honoured_by_id, "") if v.honoured_by_id else "", v.cancelled_at,
                        staff.get(v.cancelled_by_id, "") if v.cancelled_by_id else "", v.cancel_reason,
                        v.entry_id, v.cancel_entry_id) for v in vouchers]


STOCK_AT_HOME = QT_TRANSLATE_NOOP(
    "errors", "{reward} is given out at desk {desk}: only that desk takes from its stock, so that two desks never "
              "give out the last one twice. Please go to desk {desk}.")


def move_stock(session: Session, reward: Reward, delta: int, kind: StockMoveKind, actor: Actor, *,
                note: str, voucher_id: uuid.UUID | None = None) -> None:
    """Change the stock and record the move; a take that would go below zero is refused (out of stock).

    The conditional UPDATE is what stops two desks taking the last item: the second one's WHERE no
    longer matches once the first has committed (PostgreSQL re-checks it after the row lock; SQLite
    writers queue at BEGIN IMMEDIATE), so it updates nothing.
    """
    home = session.info.get("home_desk")
    if home and delta < 0 and reward.desk_code != home:  # desks that sync: the reward's home desk alone takes stock
        raise DomainError(STOCK_AT_HOME, reward=reward.name, desk=reward.desk_code)
    taken = session.execute(
        update(Reward).where(Reward.id == reward.id, Reward.stock + delta >= 0)
        .values(stock=Reward.stock + delta).returning(Reward.stock)
        .execution_options(synchronize_session=False)).first()
    if taken is None:
        raise OutOfStock(QT_TRANSLATE_NOOP("errors", "{reward} is out of stock."), reward=reward.name) \
            if delta == -1 else ValidationError.single("delta", QT_TRANSLATE_NOOP(
                "errors", "Only {stock} of {reward} are in stock."), stock=reward.stock, reward=reward.name)
    session.add(RewardStockMove(reward_id=reward.id, delta=delta, kind=kind, voucher_id=voucher_id,
                                actor_id=actor.user_id, note=note))
    session.flush()


def get_reward(session: Session, reward_id: uuid.UUID | None) -> Reward:
    reward = session.get(Reward, reward_id) if reward_id else None
    if reward is None:
        raise ValidationError.single("reward", QT_TRANSLATE_NOOP("errors", "Please choose a reward."))
    return reward


def get_resident(session: Session, resident_id: uuid.UUID) -> Resident:
    resident = session.get(Resident, resident_id)
    if resident is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
    return resident


def check_note(errors: FieldErrors, note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        errors.add("note", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=NOTE_LIMIT)
    return note


def check_count(errors: FieldErrors, key: str, value: int, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        errors.add(key, QT_TRANSLATE_NOOP("errors", "A whole number from {low} to {high}, please."),
                   low=low, high=high)


def check_choice(errors: FieldErrors, key: str, enum: Any, value: str, message: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        errors.add(key, message)
        return None


def staff_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(ids))).all())
