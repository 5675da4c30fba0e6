"""Community points (积分): earned for good deeds, redeemed at partner merchants, settled honestly.

Points are kept in the shared ledger (app.services.ledger.posting, unit ``points``); nothing here writes a balance.
- Earning rules (EarnRule) say what earns how many points, with caps per day and month and a validity
  period; every change is also a new version of the ``points`` rule set that ledger entries name.
- An award is one ledger entry (issue -> resident) and one lot with its own expiry date. A group of residents
  at an event is awarded in one transaction: all or none. Verified time-bank service earns points
  automatically, exactly once per service record (``award_for_service``, called where the time bank credits).
- Redeeming takes the points (resident -> spend) and one item of stock in the same transaction and issues a
  voucher with a short code; the stock is taken with a conditional UPDATE, so two desks cannot both take
  the last item. Honouring (核销) marks the voucher once; cancelling an unhonoured voucher reverses its
  entry and returns the item, never deleting anything.
- Expiry: points lapse the day after their last valid day; redemptions use the oldest points first
  (app.services.ledger.points_lots). The expiry pass moves lapsed points to the ``expired`` account, once.
- Settlement: per merchant and period, the vouchers it honoured, their points and the amount owed at the
  rate in force when each was honoured; the points are read back from the ledger and must agree.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AccountKind,
    EarnKind,
    EarnRule,
    EntryKind,
    LedgerAccount,
    LedgerEntry,
    LedgerPosting,
    Merchant,
    MerchantCategory,
    PointsAward,
    Resident,
    Reward,
    RewardStockMove,
    RuleSet,
    ServiceRecord,
    Staff,
    StockMoveKind,
    Unit,
    Volunteer,
    Voucher,
    VoucherStatus,
)
from app.services.cases.export import xlsx_safe
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.db import Database
from app.services.core.errors import (
    QT_TRANSLATE_NOOP,
    Conflict,
    FieldErrors,
    Message,
    NotFound,
    ValidationError,
)
from app.services.core.setup import community_info
from app.services.core.validation import check_length, check_phone
from app.services.documents.masking import mask_name
from app.services.documents.passbook import Statement
from app.services.ledger import posting as ledger
from app.services.ledger.points_lots import Expiry, Lot, Move, due, replay, schedule
from app.services.ledger.posting import InsufficientBalance, Leg

SCOPE = "points"
UNIT = Unit.POINTS
MAX_EVENT = 500          # residents awarded at one event
MAX_LIST = 500
MAX_POINTS = 100_000     # one rule's points, one reward's price, one cap
MAX_STOCK = 100_000
MAX_VALID_DAYS = 10 * 366
NOTE_LIMIT = 200
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone without doubt
CODE_LENGTH = 8
ISSUE_NAME, SPEND_NAME, EXPIRED_NAME = "积分发放", "积分兑换", "积分过期注销"


class OutOfStock(Conflict):
    """The reward has no item left (perhaps another desk took the last one a moment ago)."""


# --- DTOs ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInput:
    kind: str
    name: str
    points: int
    daily_cap: int | None = None
    monthly_cap: int | None = None
    valid_days: int | None = None    # None: the points never expire
    active: bool = True
    note: str = ""


@dataclass(frozen=True)
class RuleInfo:
    id: uuid.UUID
    kind: EarnKind
    name: str
    points: int
    daily_cap: int | None
    monthly_cap: int | None
    valid_days: int | None
    active: bool
    note: str


@dataclass(frozen=True)
class AwardInput:
    """Points under one rule for one resident or everyone at an event; ``quantity`` multiplies the rule's
    points (hours for a volunteer-hour rule). ``earned_on`` is the day of the deed (default: today)."""

    rule_id: uuid.UUID | None
    resident_ids: tuple[uuid.UUID, ...]
    earned_on: date | None = None
    quantity: int = 1
    event: str = ""
    note: str = ""


@dataclass(frozen=True)
class AwardInfo:
    id: uuid.UUID
    resident_id: uuid.UUID
    resident_name: str
    rule_id: uuid.UUID
    rule_name: str
    kind: EarnKind
    points: int
    earned_on: date
    expires_on: date | None
    event: str
    note: str
    reference: str | None
    entry_id: uuid.UUID
    awarded_by: str
    awarded_at: datetime
    revoked: bool


@dataclass(frozen=True)
class MerchantInput:
    name: str
    category: str
    rate_fen_per_100: int        # what the community pays per 100 points honoured, in fen (100 = 1 yuan)
    contact: str = ""
    phone: str = ""
    address: str = ""
    active: bool = True
    note: str = ""


@dataclass(frozen=True)
class MerchantInfo:
    id: uuid.UUID
    name: str
    category: MerchantCategory
    rate_fen_per_100: int
    contact: str
    phone: str
    address: str
    active: bool
    note: str
    rewards: int


@dataclass(frozen=True)
class RewardInput:
    merchant_id: uuid.UUID | None
    name: str
    price: int
    valid_from: date | None = None
    valid_to: date | None = None
    per_resident_limit: int | None = None
    active: bool = True
    description: str = ""


@dataclass(frozen=True)
class RewardInfo:
    id: uuid.UUID
    merchant_id: uuid.UUID
    merchant_name: str
    merchant_active: bool
    name: str
    price: int
    stock: int
    valid_from: date | None
    valid_to: date | None
    per_resident_limit: int | None
    active: bool
    description: str
    redeemable: bool             # offered today: active, merchant active, within its dates, in stock


@dataclass(frozen=True)
class StockMoveInfo:
    at: datetime
    delta: int
    kind: StockMoveKind
    voucher_code: str
    by: str
    note: str


@dataclass(frozen=True)
class PointsBalance:
    resident_id: uuid.UUID
    name: str
    balance: int                 # held in the ledger
    available: int               # of which still valid now (what a redemption may use)
    expired_due: int             # past their validity, taken out by the next expiry pass
    expiring: tuple[Expiry, ...]


@dataclass(frozen=True)
class VoucherInfo:
    id: uuid.UUID
    code: str                    # as printed: 7KQ9-M3XA
    resident_id: uuid.UUID
    resident_name: str
    reward_id: uuid.UUID
    reward_name: str
    merchant_id: uuid.UUID
    merchant_name: str
    points: int
    status: VoucherStatus
    issued_at: datetime
    issued_by: str
    honoured_at: datetime | None
    honoured_by: str
    cancelled_at: datetime | None
    cancelled_by: str
    cancel_reason: str
    entry_id: uuid.UUID
    cancel_entry_id: uuid.UUID | None


@dataclass(frozen=True)
class VoucherPrint:
    """What the printed voucher says; the resident's name is masked (it goes to the merchant)."""

    community_name: str
    desk_name: str
    desk_phone: str
    code: str
    resident: str
    reward_name: str
    points: int
    merchant_name: str
    merchant_address: str
    merchant_phone: str
    valid_to: date | None
    issued_at: datetime
    issued_by: str
    status: VoucherStatus


@dataclass(frozen=True)
class SettlementLine:
    code: str
    honoured_at: datetime
    reward_name: str
    resident: str                # masked
    points: int
    rate_fen_per_100: int
    amount_fen: int


@dataclass(frozen=True)
class Settlement:
    community_name: str
    desk_name: str
    desk_phone: str
    merchant_id: uuid.UUID
    merchant_name: str
    category: MerchantCategory
    contact: str
    phone: str
    since: date
    until: date
    lines: tuple[SettlementLine, ...]
    total_points: int
    total_fen: int
    ledger_points: int           # the same vouchers' points read back from the ledger's postings
    printed_at: datetime
    printed_by: str

    @property
    def reconciled(self) -> bool:
        return self.ledger_points == self.total_points


@dataclass(frozen=True)
class ExpiryRun:
    residents: int
    points: int


@dataclass(frozen=True)
class ExpiryDue:
    """One resident in the expiry preview."""

    resident_id: uuid.UUID
    name: str
    lapsed: int                  # past their validity now: what the expiry pass takes out
    soon: int                    # still valid, lapsing by the preview's horizon
    next_day: date | None        # the soonest last valid day of ``soon``


@dataclass(frozen=True)
class ExpiryPreview:
    """What the expiry pass would take out now, and what lapses in the days after (nothing written)."""

    today: date
    horizon: date                # ``soon`` counts points valid through this day at the latest
    lines: tuple[ExpiryDue, ...]

    @property
    def due(self) -> ExpiryRun:
        lapsing = [x for x in self.lines if x.lapsed]
        return ExpiryRun(len(lapsing), sum(x.lapsed for x in lapsing))

    @property
    def coming(self) -> ExpiryRun:
        soon = [x for x in self.lines if x.soon]
        return ExpiryRun(len(soon), sum(x.soon for x in soon))


@dataclass(frozen=True)
class ResidentPoints:
    """Everything of one resident's points, for their personal-data export."""

    balance: PointsBalance
    awards: tuple[AwardInfo, ...]
    vouchers: tuple[VoucherInfo, ...]


def yuan(fen: int) -> str:
    """Fen as yuan the way a settlement prints them: 12.50."""
    return f"{fen // 100}.{fen % 100:02d}" if fen >= 0 else "-" + yuan(-fen)


def amount_fen(points: int, rate_fen_per_100: int) -> int:
    """What ``points`` are worth at the rate, to the nearest fen (halves up)."""
    return (points * rate_fen_per_100 + 50) // 100


def show_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def normalise_code(text: str) -> str:
    """What the clerk typed or the scanner read: case, spaces and dashes do not matter."""
    return "".join(c for c in text.upper() if c.isalnum())


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _today(now: datetime) -> date:
    return local(now).date()


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), LOCAL_TZ)


# --- what the time bank calls, and what verify calls ----------------------------------------------------


def award_for_service(session: Session, record: ServiceRecord, actor_id: uuid.UUID) -> PointsAward | None:
    """Points for a credited time-bank service, in the crediting transaction; at most once per record.

    Uses the active volunteer-hour rule (none: nothing happens). Caps trim the award rather than refuse it:
    the hours are credited either way. Nothing is awarded for points that would already have lapsed.
    """
    rule = session.scalar(select(EarnRule).where(EarnRule.kind == EarnKind.VOLUNTEER_HOUR,
                                                 EarnRule.active.is_(True)).order_by(EarnRule.created_at).limit(1))
    reference = f"service:{record.id}"
    if rule is None or session.scalar(select(PointsAward.id).where(PointsAward.reference == reference)):
        return None
    resident = record.volunteer.resident
    points = record.credit_minutes * rule.points // 60
    points = min(points, _room(session, rule, resident.id, record.service_day))
    expires_on = _expires_on(rule, record.service_day)
    now: datetime = session.info["now"]
    if points <= 0 or (expires_on is not None and expires_on < _today(now)):
        return None
    memo = f"积分获得：{rule.name}（{labels.zh(record.service_type)} {record.service_day:%m-%d}）"
    return _post_award(session, rule, resident, points, record.service_day, actor_id, memo=memo,
                       reference=reference)


def revoke_for_service(session: Session, record: ServiceRecord, actor_id: uuid.UUID,
                       reason: str) -> LedgerEntry | None:
    """Take back the points a time-bank service earned, in the transaction that reverses its credit.

    At most once: nothing happens when the service earned no points or they were revoked already (by hand,
    through ``revoke_award``). When the resident no longer holds them (redeemed or lapsed) it is refused, and
    with it the whole reversal: hours taken back while their points stay would leave the two books disagreeing.
    """
    award = session.scalar(select(PointsAward).where(PointsAward.reference == f"service:{record.id}"))
    if award is None or session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == award.entry_id)):
        return None
    held = ledger.holders(session, UNIT, [award.resident_id]).get(award.resident_id, 0)
    try:
        return ledger.reverse(session, award.entry_id, actor_id=actor_id, reason=reason[:NOTE_LIMIT],
                              rule_set_id=_rule_set(session).id, memo_prefix="撤销积分：")
    except InsufficientBalance as exc:
        raise Conflict(QT_TRANSLATE_NOOP(
            "errors", "This service earned {name} {points} points, of which {have} are left (the rest were redeemed "
            "or have lapsed): the points cannot be taken back, so the entry is not reversed. Cancelling an unused "
            "voucher of theirs first gives points back."),
            name=award.resident.name, points=award.points, have=held) from exc


def resident_points(session: Session, resident: Resident, now: datetime) -> ResidentPoints:
    """The resident's balance (with what lapses when), every award and every voucher, oldest first."""
    awards = list(session.scalars(select(PointsAward).where(PointsAward.resident_id == resident.id)
                                  .order_by(PointsAward.created_at, PointsAward.id)))
    vouchers = list(session.scalars(select(Voucher).where(Voucher.resident_id == resident.id)
                                    .order_by(Voucher.created_at, Voucher.id)))
    return ResidentPoints(PointsService._balance(session, resident, now),
                          tuple(PointsService._award_infos(session, awards)),
                          tuple(PointsService._voucher_infos(session, vouchers)))


def _lapsing_holders(session: Session, before: date) -> list[Resident]:
    """Residents holding points with an award valid through a day before ``before``."""
    lapsing = select(PointsAward.resident_id).where(PointsAward.expires_on < before).distinct()
    return list(session.scalars(select(Resident).join(
        LedgerAccount, (LedgerAccount.resident_id == Resident.id) & (LedgerAccount.unit == UNIT)
        & (LedgerAccount.kind == AccountKind.PERSONAL))
        .where(LedgerAccount.balance > 0, Resident.id.in_(lapsing)).order_by(Resident.id)))


def _room(session: Session, rule: EarnRule, resident_id: uuid.UUID, day: date) -> int:
    """Points the rule may still award the resident on ``day`` within its daily and monthly caps."""
    room = MAX_POINTS * 1000
    if rule.daily_cap is not None:
        room = min(room, rule.daily_cap - _awarded(session, rule.id, resident_id, day, day))
    if rule.monthly_cap is not None:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        room = min(room, rule.monthly_cap - _awarded(session, rule.id, resident_id, first, last))
    return max(room, 0)


def _awarded(session: Session, rule_id: uuid.UUID, resident_id: uuid.UUID, first: date, last: date) -> int:
    """Points of the rule the resident earned from ``first`` to ``last``, revoked awards not counted."""
    revoked = select(LedgerEntry.id).where(LedgerEntry.reverses_id == PointsAward.entry_id).exists()
    return int(session.scalar(select(func.coalesce(func.sum(PointsAward.points), 0)).where(
        PointsAward.rule_id == rule_id, PointsAward.resident_id == resident_id, PointsAward.earned_on >= first,
        PointsAward.earned_on <= last, ~revoked)) or 0)


def _expires_on(rule: EarnRule, earned_on: date) -> date | None:
    return earned_on + timedelta(days=rule.valid_days) if rule.valid_days else None


def _rule_set(session: Session) -> RuleSet:
    row = session.scalar(select(RuleSet).where(RuleSet.scope == SCOPE).order_by(RuleSet.version.desc()).limit(1))
    return row if row is not None else _new_rule_set(session, None)


def _new_rule_set(session: Session, actor_id: uuid.UUID | None) -> RuleSet:
    """A new version of the points rules: a snapshot of every earning rule, named by later entries."""
    current = session.scalar(select(func.max(RuleSet.version)).where(RuleSet.scope == SCOPE)) or 0
    rules = [{"id": str(r.id), "kind": r.kind.value, "name": r.name, "points": r.points, "daily_cap": r.daily_cap,
              "monthly_cap": r.monthly_cap, "valid_days": r.valid_days, "active": r.active}
             for r in session.scalars(select(EarnRule).order_by(EarnRule.created_at, EarnRule.id))]
    row = RuleSet(scope=SCOPE, version=current + 1, values={"rules": rules}, created_by_id=actor_id)
    session.add(row)
    session.flush()
    return row


def _personal(session: Session, resident: Resident) -> LedgerAccount:
    return ledger.account(session, UNIT, AccountKind.PERSONAL, resident.name, owner=resident.id)


def _post_award(session: Session, rule: EarnRule, resident: Resident, points: int, earned_on: date,
                actor_id: uuid.UUID, *, memo: str, event: str = "", note: str = "",
                reference: str | None = None) -> PointsAward:
    issue = ledger.account(session, UNIT, AccountKind.ISSUE, ISSUE_NAME)
    personal = _personal(session, resident)
    entry = ledger.post(session, unit=UNIT, kind=EntryKind.EARN, legs=[Leg(issue.id, -points),
                                                                       Leg(personal.id, points)],
                        actor_id=actor_id, memo=memo, reason=note, rule_set_id=_rule_set(session).id)
    award = PointsAward(resident_id=resident.id, rule_id=rule.id, points=points, earned_on=earned_on,
                        expires_on=_expires_on(rule, earned_on), event=event, note=note, reference=reference,
                        entry_id=entry.id, actor_id=actor_id)
    session.add(award)
    session.flush()
    return award


def _lots(session: Session, account_id: uuid.UUID, resident_id: uuid.UUID) -> list[Lot]:
    rows = session.execute(
        select(LedgerEntry.id, LedgerPosting.created_at, LedgerEntry.kind, LedgerPosting.amount,
               LedgerEntry.reverses_id)
        .join(LedgerEntry, LedgerEntry.id == LedgerPosting.entry_id)
        .where(LedgerPosting.account_id == account_id)
        .order_by(LedgerPosting.created_at, LedgerPosting.id))
    moves = [Move(entry_id, at, kind, amount, reverses) for entry_id, at, kind, amount, reverses in rows]
    last_days = dict(session.execute(select(PointsAward.entry_id, PointsAward.expires_on)
                                     .where(PointsAward.resident_id == resident_id)).all())
    return replay(moves, last_days)


def _expire(session: Session, resident: Resident, actor_id: uuid.UUID, rule_set_id: uuid.UUID) -> int:
    """Move the resident's lapsed points to the expired account (idempotent: nothing lapsed, nothing posted).

    The account row is locked first, so two desks expiring the same points at once post them once.
    """
    acct = session.scalar(select(LedgerAccount).where(
        LedgerAccount.code == ledger.account_code(UNIT, AccountKind.PERSONAL, resident.id)).with_for_update())
    if acct is None:
        return 0
    now: datetime = session.info["now"]
    lots = _lots(session, acct.id, resident.id)
    lapsed = due(lots, now)
    if lapsed <= 0:
        return 0
    days = sorted({lot.last_day for lot in lots if lot.left and lot.expired_at(now) and lot.last_day})
    expired = ledger.account(session, UNIT, AccountKind.EXPIRED, EXPIRED_NAME)
    ledger.post(session, unit=UNIT, kind=EntryKind.EXPIRY, legs=[Leg(acct.id, -lapsed), Leg(expired.id, lapsed)],
                actor_id=actor_id, memo=f"积分过期：{'、'.join(f'{d:%Y-%m-%d}' for d in days[:3])}到期",
                rule_set_id=rule_set_id)
    return lapsed


def check(session: Session, limit: int = 20) -> list[Message]:
    """What ``main.py verify`` checks of the points: stock equals its moves, each voucher and award agrees with
    its ledger entry, a voucher is cancelled exactly when its entry is reversed, and the points spent equal
    the vouchers not cancelled."""
    problems: list[Message] = []
    moved = (select(RewardStockMove.reward_id, func.sum(RewardStockMove.delta).label("total"))
             .group_by(RewardStockMove.reward_id).subquery())
    for name, stock, total in session.execute(
            select(Reward.name, Reward.stock, func.coalesce(moved.c.total, 0))
            .outerjoin(moved, moved.c.reward_id == Reward.id)
            .where((Reward.stock != func.coalesce(moved.c.total, 0)) | (Reward.stock < 0)).limit(limit)):
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Reward {name}: stock {stock} but its stock moves sum to {total}."),
            {"name": name, "stock": stock, "total": total}))
    spend = ledger.find_account(session, UNIT, AccountKind.SPEND)
    spent = session.scalar(select(func.coalesce(func.sum(Voucher.points), 0))
                           .where(Voucher.status != VoucherStatus.CANCELLED)) or 0
    if (spend.balance if spend else 0) != spent:
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Points redeemed: the ledger holds {ledger} but the vouchers not cancelled add up to "
            "{vouchers}."),
            {"ledger": spend.balance if spend else 0, "vouchers": spent}))
    personal = (select(LedgerPosting.entry_id, LedgerPosting.amount).join(
        LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
        .where(LedgerAccount.unit == UNIT, LedgerAccount.kind == AccountKind.PERSONAL).subquery())
    for code, points, posted in session.execute(
            select(Voucher.code, Voucher.points, personal.c.amount)
            .outerjoin(personal, personal.c.entry_id == Voucher.entry_id)
            .where((personal.c.amount.is_(None)) | (personal.c.amount != -Voucher.points)).limit(limit)):
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Voucher {code} is for {points} points but its ledger entry took {posted}."),
            {"code": show_code(code), "points": points, "posted": -posted if posted is not None else 0}))
    reversal = select(LedgerEntry.id).where(LedgerEntry.reverses_id == Voucher.entry_id).correlate(Voucher)
    mismatched = session.execute(select(Voucher.code, Voucher.status).where(
        (Voucher.status == VoucherStatus.CANCELLED) != reversal.exists()).limit(limit))
    for code, status in mismatched:
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Voucher {code} is {status} but its ledger entry says otherwise (reversed or not)."),
            {"code": show_code(code), "status": labels.zh(status)}))
    for award_id, points, posted in session.execute(
            select(PointsAward.id, PointsAward.points, personal.c.amount)
            .outerjoin(personal, personal.c.entry_id == PointsAward.entry_id)
            .where((personal.c.amount.is_(None)) | (personal.c.amount != PointsAward.points)).limit(limit)):
        problems.append(Message(QT_TRANSLATE_NOOP(
            "errors", "Points award {id} is for {points} points but its ledger entry gave {posted}."),
            {"id": str(award_id), "points": points, "posted": posted if posted is not None else 0}))
    return problems[:limit]


# --- the service ------------------------------------------------------------------------------------


class PointsService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- earning rules ------------------------------------------------------------------------------

    def rules(self, actor: Actor, active_only: bool = False) -> list[RuleInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            stmt = select(EarnRule).order_by(EarnRule.created_at, EarnRule.id)
            if active_only:
                stmt = stmt.where(EarnRule.active.is_(True))
            return [self._rule_info(r) for r in session.scalars(stmt)]

    def create_rule(self, actor: Actor, data: RuleInput) -> RuleInfo:
        return self._save_rule(actor, None, data)

    def update_rule(self, actor: Actor, rule_id: uuid.UUID, data: RuleInput) -> RuleInfo:
        """A change applies to awards from now on; awards already made keep their points and expiry."""
        return self._save_rule(actor, rule_id, data)

    def _save_rule(self, actor: Actor, rule_id: uuid.UUID | None, data: RuleInput) -> RuleInfo:
        errors = FieldErrors()
        kind = self._enum(errors, "kind", EarnKind, data.kind, QT_TRANSLATE_NOOP("errors", "Please choose what "
                                                                                          "earns the points."))
        name = check_length(errors, "name", data.name, 40)
        note = self._note(errors, data.note)
        self._count(errors, "points", data.points, 1, MAX_POINTS)
        for key, value in (("daily_cap", data.daily_cap), ("monthly_cap", data.monthly_cap)):
            if value is not None:
                self._count(errors, key, value, data.points if data.points > 0 else 1, MAX_POINTS * 100)
        if data.daily_cap is not None and data.monthly_cap is not None and data.monthly_cap < data.daily_cap:
            errors.add("monthly_cap", QT_TRANSLATE_NOOP("errors", "The monthly cap cannot be below the daily cap."))
        if data.valid_days is not None:
            self._count(errors, "valid_days", data.valid_days, 1, MAX_VALID_DAYS)
        with self._db.transaction() as session:
            require(session, actor, Permission.POINTS_RULES)
            rule = None
            if rule_id is not None:
                rule = session.get(EarnRule, rule_id)
                if rule is None:
                    raise NotFound(QT_TRANSLATE_NOOP("errors", "This earning rule does not exist."))
            if name and session.scalar(select(EarnRule.id).where(EarnRule.name == name, EarnRule.id != rule_id)):
                errors.add("name", QT_TRANSLATE_NOOP("errors", "There is already a rule called {name}."), name=name)
            if kind is EarnKind.VOLUNTEER_HOUR and data.active and session.scalar(select(EarnRule.name).where(
                    EarnRule.kind == kind, EarnRule.active.is_(True), EarnRule.id != rule_id)):
                errors.add("kind", QT_TRANSLATE_NOOP("errors", "Only one volunteer-hour rule can be in force: it is "
                                                               "the one verified service earns by."))
            errors.raise_if_any()
            assert kind is not None
            if rule is None:
                rule = EarnRule()
                session.add(rule)
            rule.kind, rule.name, rule.points, rule.note = kind, name, data.points, note
            rule.daily_cap, rule.monthly_cap, rule.valid_days = data.daily_cap, data.monthly_cap, data.valid_days
            rule.active = data.active
            session.flush()
            _new_rule_set(session, actor.user_id)
            return self._rule_info(rule)

    @staticmethod
    def _rule_info(r: EarnRule) -> RuleInfo:
        return RuleInfo(r.id, r.kind, r.name, r.points, r.daily_cap, r.monthly_cap, r.valid_days, r.active, r.note)

    # --- awards -------------------------------------------------------------------------------------

    def award(self, actor: Actor, data: AwardInput) -> list[AwardInfo]:
        """Points to one resident or to everyone at an event, in one transaction: all or none."""
        errors = FieldErrors()
        now = self._db.clock.now()
        today = _today(now)
        event = data.event.strip()
        if len(event) > 60:
            errors.add("event", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=60)
        note = self._note(errors, data.note)
        ids = list(dict.fromkeys(data.resident_ids))
        if not ids:
            errors.add("residents", QT_TRANSLATE_NOOP("errors", "Please choose who earns the points."))
        elif len(ids) > MAX_EVENT:
            errors.add("residents", QT_TRANSLATE_NOOP("errors", "At most {n} residents at once."), n=MAX_EVENT)
        self._count(errors, "quantity", data.quantity, 1, 24)
        earned_on = data.earned_on or today
        if earned_on > today:
            errors.add("earned_on", QT_TRANSLATE_NOOP("errors", "Points cannot be awarded for a day still to come."))
        with self._db.transaction() as session:
            require(session, actor, Permission.POINTS)
            rule = session.get(EarnRule, data.rule_id) if data.rule_id else None
            if rule is None:
                errors.add("rule", QT_TRANSLATE_NOOP("errors", "Please choose the earning rule."))
            elif not rule.active:
                errors.add("rule", QT_TRANSLATE_NOOP("errors", "The rule {name} is no longer in force."),
                           name=rule.name)
            elif (last := _expires_on(rule, earned_on)) is not None and last < today:
                errors.add("earned_on", QT_TRANSLATE_NOOP("errors", "Points earned on {day} were valid until {last}: "
                                                                    "they would lapse at once."),
                           day=f"{earned_on:%Y-%m-%d}", last=f"{last:%Y-%m-%d}")
            residents = [session.get(Resident, rid) for rid in ids]
            if any(r is None for r in residents):
                errors.add("residents", QT_TRANSLATE_NOOP("errors", "A chosen resident no longer exists."))
            found = [r for r in residents if r is not None]
            points = (rule.points * data.quantity) if rule is not None else 0
            if rule is not None and "residents" not in errors.errors and points > 0:
                over = [r.name for r in found if _room(session, rule, r.id, earned_on) < points]
                if over:
                    errors.add("residents", QT_TRANSLATE_NOOP(
                        "errors", "Past the cap of the rule {rule} on {day}: {names}."), rule=rule.name,
                        day=f"{earned_on:%Y-%m-%d}", names="、".join(over))
            errors.raise_if_any()
            assert rule is not None
            memo = f"积分获得：{rule.name}" + (f"（{event}）" if event else "")
            awards = [_post_award(session, rule, r, points, earned_on, actor.user_id, memo=memo, event=event,
                                  note=note) for r in found]
            return self._award_infos(session, awards)

    def awards(self, actor: Actor, resident_id: uuid.UUID | None = None, limit: int = MAX_LIST) -> list[AwardInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            stmt = select(PointsAward).options(selectinload(PointsAward.resident), selectinload(PointsAward.rule))
            if resident_id is not None:
                stmt = stmt.where(PointsAward.resident_id == resident_id)
            found = list(session.scalars(stmt.order_by(PointsAward.created_at.desc(), PointsAward.id).limit(limit)))
            return self._award_infos(session, found)

    def revoke_award(self, actor: Actor, award_id: uuid.UUID, reason: str) -> uuid.UUID:
        """Correct a mistaken award by reversing its entry; refused if the points were already spent."""
        reason = reason.strip()
        if not reason:
            raise ValidationError.single("reason", QT_TRANSLATE_NOOP("errors", "Please give the reason."))
        with self._db.transaction() as session:
            require(session, actor, Permission.POINTS_RULES)
            award = session.get(PointsAward, award_id)
            if award is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This award does not exist."))
            entry = ledger.reverse(session, award.entry_id, actor_id=actor.user_id, reason=reason[:NOTE_LIMIT],
                                   rule_set_id=_rule_set(session).id, memo_prefix="撤销积分：")
            return entry.id

    @staticmethod
    def _award_infos(session: Session, awards: Sequence[PointsAward]) -> list[AwardInfo]:
        staff = _staff_names(session, {a.actor_id for a in awards})
        entries = [a.entry_id for a in awards]
        revoked = set(session.scalars(select(LedgerEntry.reverses_id).where(LedgerEntry.reverses_id.in_(entries)))) \
            if entries else set()
        return [AwardInfo(a.id, a.resident_id, a.resident.name, a.rule_id, a.rule.name, a.rule.kind, a.points,
                          a.earned_on, a.expires_on, a.event, a.note, a.reference, a.entry_id,
                          staff.get(a.actor_id, ""), a.created_at, a.entry_id in revoked) for a in awards]

    # --- merchants and rewards ----------------------------------------------------------------------

    def merchants(self, actor: Actor, active_only: bool = False) -> list[MerchantInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            stmt = select(Merchant).order_by(Merchant.category, Merchant.name)
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
        errors = FieldErrors()
        category = self._enum(errors, "category", MerchantCategory, data.category,
                              QT_TRANSLATE_NOOP("errors", "Please choose the kind of merchant."))
        name = check_length(errors, "name", data.name, 60)
        contact = check_length(errors, "contact", data.contact, 30, required=False)
        phone = check_phone(errors, "phone", data.phone)
        address = check_length(errors, "address", data.address, 80, required=False)
        note = self._note(errors, data.note)
        self._count(errors, "rate_fen_per_100", data.rate_fen_per_100, 0, 100_000)
        with self._db.transaction() as session:
            require(session, actor, Permission.MERCHANTS)
            merchant = None
            if merchant_id is not None:
                merchant = session.get(Merchant, merchant_id)
                if merchant is None:
                    raise NotFound(QT_TRANSLATE_NOOP("errors", "This merchant does not exist."))
            if name and session.scalar(select(Merchant.id).where(Merchant.name == name, Merchant.id != merchant_id)):
                errors.add("name", QT_TRANSLATE_NOOP("errors", "There is already a merchant called {name}."),
                           name=name)
            errors.raise_if_any()
            assert category is not None
            if merchant is None:
                merchant = Merchant()
                session.add(merchant)
            merchant.name, merchant.category, merchant.contact, merchant.phone = name, category, contact, phone
            merchant.address, merchant.note, merchant.active = address, note, data.active
            merchant.rate_fen_per_100 = data.rate_fen_per_100
            session.flush()
            count = session.scalar(select(func.count()).select_from(Reward).where(Reward.merchant_id == merchant.id))
            return self._merchant_info(merchant, count or 0)

    @staticmethod
    def _merchant_info(m: Merchant, rewards: int) -> MerchantInfo:
        return MerchantInfo(m.id, m.name, m.category, m.rate_fen_per_100, m.contact, m.phone, m.address, m.active,
                            m.note, rewards)

    def rewards(self, actor: Actor, merchant_id: uuid.UUID | None = None,
                redeemable_only: bool = False) -> list[RewardInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            stmt = select(Reward).join(Merchant, Merchant.id == Reward.merchant_id).options(
                selectinload(Reward.merchant)).order_by(Merchant.name, Reward.price, Reward.name)
            if merchant_id is not None:
                stmt = stmt.where(Reward.merchant_id == merchant_id)
            today = _today(self._db.clock.now())
            found = [self._reward_info(r, today) for r in session.scalars(stmt)]
            return [r for r in found if r.redeemable] if redeemable_only else found

    def create_reward(self, actor: Actor, data: RewardInput, stock: int = 0) -> RewardInfo:
        """A new reward with its first stock (one stock move)."""
        errors = FieldErrors()
        self._count(errors, "stock", stock, 0, MAX_STOCK)
        return self._save_reward(actor, None, data, errors, stock)

    def update_reward(self, actor: Actor, reward_id: uuid.UUID, data: RewardInput) -> RewardInfo:
        """Everything but the stock (that changes by ``restock``); a new price applies to later vouchers."""
        return self._save_reward(actor, reward_id, data, FieldErrors(), 0)

    def _save_reward(self, actor: Actor, reward_id: uuid.UUID | None, data: RewardInput, errors: FieldErrors,
                     stock: int) -> RewardInfo:
        name = check_length(errors, "name", data.name, 60)
        description = check_length(errors, "description", data.description, NOTE_LIMIT, required=False)
        self._count(errors, "price", data.price, 1, MAX_POINTS)
        if data.per_resident_limit is not None:
            self._count(errors, "per_resident_limit", data.per_resident_limit, 1, 1000)
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
                self._move_stock(session, reward, stock, StockMoveKind.INITIAL, actor, note="")
            session.refresh(reward)
            return self._reward_info(reward, _today(session.info["now"]))

    def restock(self, actor: Actor, reward_id: uuid.UUID, delta: int, note: str = "") -> RewardInfo:
        """Add items (``delta`` > 0) or write some off (``delta`` < 0, never below zero)."""
        errors = FieldErrors()
        note = self._note(errors, note)
        if delta == 0 or abs(delta) > MAX_STOCK:
            errors.add("delta", QT_TRANSLATE_NOOP("errors", "Please give how many items come in or go out."))
        elif delta < 0 and not note:
            errors.add("note", QT_TRANSLATE_NOOP("errors", "Please say why the items are written off."))
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.MERCHANTS)
            reward = self._get_reward(session, reward_id)
            kind = StockMoveKind.RESTOCK if delta > 0 else StockMoveKind.WRITE_OFF
            self._move_stock(session, reward, delta, kind, actor, note=note)
            session.refresh(reward)
            return self._reward_info(reward, _today(session.info["now"]))

    def stock_moves(self, actor: Actor, reward_id: uuid.UUID) -> list[StockMoveInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            rows = list(session.execute(
                select(RewardStockMove, Voucher.code).outerjoin(Voucher, Voucher.id == RewardStockMove.voucher_id)
                .where(RewardStockMove.reward_id == reward_id)
                .order_by(RewardStockMove.created_at, RewardStockMove.id)))
            staff = _staff_names(session, {m.actor_id for m, _code in rows})
            return [StockMoveInfo(m.created_at, m.delta, m.kind, show_code(code) if code else "",
                                  staff.get(m.actor_id, ""), m.note) for m, code in rows]

    @staticmethod
    def _move_stock(session: Session, reward: Reward, delta: int, kind: StockMoveKind, actor: Actor, *,
                    note: str, voucher_id: uuid.UUID | None = None) -> None:
        """Change the stock and record the move; a take that would go below zero is refused (out of stock).

        The conditional UPDATE is what stops two desks taking the last item: the second one's WHERE no
        longer matches once the first has committed (PostgreSQL re-checks it after the row lock; SQLite
        writers queue at BEGIN IMMEDIATE), so it updates nothing.
        """
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

    @staticmethod
    def _reward_info(r: Reward, today: date) -> RewardInfo:
        m = r.merchant
        redeemable = (r.active and m.active and r.stock > 0 and (r.valid_from is None or r.valid_from <= today)
                      and (r.valid_to is None or today <= r.valid_to))
        return RewardInfo(r.id, m.id, m.name, m.active, r.name, r.price, r.stock, r.valid_from, r.valid_to,
                          r.per_resident_limit, r.active, r.description, redeemable)

    @staticmethod
    def _get_reward(session: Session, reward_id: uuid.UUID | None) -> Reward:
        reward = session.get(Reward, reward_id) if reward_id else None
        if reward is None:
            raise ValidationError.single("reward", QT_TRANSLATE_NOOP("errors", "Please choose a reward."))
        return reward

    # --- at the desk --------------------------------------------------------------------------------

    def balance(self, actor: Actor, resident_id: uuid.UUID) -> PointsBalance:
        """What the resident holds, what of it is still valid, and what lapses when."""
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            resident = self._get_resident(session, resident_id)
            return self._balance(session, resident, self._db.clock.now())

    @staticmethod
    def _balance(session: Session, resident: Resident, now: datetime) -> PointsBalance:
        acct = ledger.find_account(session, UNIT, AccountKind.PERSONAL, resident.id)
        if acct is None:
            return PointsBalance(resident.id, resident.name, 0, 0, 0, ())
        lots = _lots(session, acct.id, resident.id)
        lapsed = due(lots, now)
        return PointsBalance(resident.id, resident.name, acct.balance, acct.balance - lapsed, lapsed,
                             tuple(schedule(lots, now)))

    def balances(self, actor: Actor, resident_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Cached balances of many residents at once, for a list (missing: never held any points)."""
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            return ledger.holders(session, UNIT, resident_ids)

    def redeem(self, actor: Actor, resident_id: uuid.UUID | None, reward_id: uuid.UUID | None) -> VoucherInfo:
        """One item of the reward for the resident: the points and the item move together, or nothing does."""
        with self._db.transaction() as session:
            require(session, actor, Permission.POINTS)
            now: datetime = session.info["now"]
            today = _today(now)
            errors = FieldErrors()
            resident = session.get(Resident, resident_id) if resident_id else None
            if resident is None:
                errors.add("resident", QT_TRANSLATE_NOOP("errors", "Please choose a resident."))
            reward = self._get_reward(session, reward_id)
            merchant = reward.merchant
            if not merchant.active:
                errors.add("reward", QT_TRANSLATE_NOOP("errors", "{merchant} is not an active partner merchant at "
                                                                 "present: its rewards cannot be redeemed."),
                           merchant=merchant.name)
            elif not reward.active:
                errors.add("reward", QT_TRANSLATE_NOOP("errors", "{reward} is no longer offered."), reward=reward.name)
            elif reward.valid_from is not None and today < reward.valid_from:
                errors.add("reward", QT_TRANSLATE_NOOP("errors", "{reward} can be redeemed from {day}."),
                           reward=reward.name, day=f"{reward.valid_from:%Y-%m-%d}")
            elif reward.valid_to is not None and today > reward.valid_to:
                errors.add("reward", QT_TRANSLATE_NOOP("errors", "{reward} could be redeemed until {day}; the offer "
                                                                 "has expired."),
                           reward=reward.name, day=f"{reward.valid_to:%Y-%m-%d}")
            elif resident is not None and reward.per_resident_limit is not None:
                had = session.scalar(select(func.count()).select_from(Voucher).where(
                    Voucher.resident_id == resident.id, Voucher.reward_id == reward.id,
                    Voucher.status != VoucherStatus.CANCELLED)) or 0
                if had >= reward.per_resident_limit:
                    errors.add("reward", QT_TRANSLATE_NOOP("errors", "{name} has already redeemed {reward} {n} "
                                                                     "times; the limit is {limit} per resident."),
                               name=resident.name, reward=reward.name, n=had, limit=reward.per_resident_limit)
            errors.raise_if_any()
            assert resident is not None
            if reward.stock <= 0:
                raise OutOfStock(QT_TRANSLATE_NOOP("errors", "{reward} is out of stock."), reward=reward.name)
            rule_set = _rule_set(session)
            _expire(session, resident, actor.user_id, rule_set.id)  # lapsed points are not spent
            held = ledger.holders(session, UNIT, [resident.id]).get(resident.id, 0)
            if held < reward.price:
                raise InsufficientBalance(QT_TRANSLATE_NOOP(
                    "errors", "{name} has {have} points; {reward} needs {price}."), name=resident.name,
                    have=held, reward=reward.name, price=reward.price)
            personal = _personal(session, resident)
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
            self._move_stock(session, reward, -1, StockMoveKind.REDEEM, actor, note="", voucher_id=voucher.id)
            return self._voucher_infos(session, [voucher])[0]

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
            return self._voucher_infos(session, [self._by_code(session, code, lock=False)])[0]

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
            return self._voucher_infos(session, found)

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
            return self._voucher_infos(session, [voucher])[0]

    def cancel(self, actor: Actor, voucher_id: uuid.UUID, reason: str) -> VoucherInfo:
        """Cancel an unhonoured voucher: its entry is reversed and the item goes back, in one transaction."""
        reason = reason.strip()
        if not reason:
            raise ValidationError.single("reason", QT_TRANSLATE_NOOP("errors", "Please give the reason."))
        if len(reason) > NOTE_LIMIT:
            raise ValidationError.single("reason", QT_TRANSLATE_NOOP("errors", "At most {n} characters."),
                                         n=NOTE_LIMIT)
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
                                   rule_set_id=_rule_set(session).id, memo_prefix="撤销兑换：")
            self._move_stock(session, voucher.reward, 1, StockMoveKind.CANCEL, actor, note=reason,
                             voucher_id=voucher.id)
            voucher.status, voucher.cancelled_at, voucher.cancelled_by_id = \
                VoucherStatus.CANCELLED, session.info["now"], actor.user_id
            voucher.cancel_reason, voucher.cancel_entry_id = reason, entry.id
            session.flush()
            return self._voucher_infos(session, [voucher])[0]

    def voucher_print(self, actor: Actor, voucher_id: uuid.UUID) -> VoucherPrint:
        """What the printed voucher shows (render it with app.services.documents.vouchers.render_voucher)."""
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            v = session.get(Voucher, voucher_id)
            if v is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This voucher does not exist."))
            info = community_info(session, self._db.desk_code)
            issuer = _staff_names(session, {v.issued_by_id}).get(v.issued_by_id, "")
            return VoucherPrint(info.name, info.desk_name, info.desk_phone, show_code(v.code),
                                mask_name(v.resident.name), v.reward.name, v.points, v.merchant.name,
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

    @staticmethod
    def _voucher_infos(session: Session, vouchers: Sequence[Voucher]) -> list[VoucherInfo]:
        staff = _staff_names(session, {x for v in vouchers
                                       for x in (v.issued_by_id, v.honoured_by_id, v.cancelled_by_id) if x})
        return [VoucherInfo(v.id, show_code(v.code), v.resident_id, v.resident.name, v.reward_id, v.reward.name,
                            v.merchant_id, v.merchant.name, v.points, v.status, v.created_at,
                            staff.get(v.issued_by_id, ""), v.honoured_at,
                            staff.get(v.honoured_by_id, "") if v.honoured_by_id else "", v.cancelled_at,
                            staff.get(v.cancelled_by_id, "") if v.cancelled_by_id else "", v.cancel_reason,
                            v.entry_id, v.cancel_entry_id) for v in vouchers]

    # --- expiry and the statement -------------------------------------------------------------------

    def expire(self, actor: Actor) -> ExpiryRun:
        """Take out every resident's lapsed points (the expiry pass); running it twice posts nothing more."""
        with self._db.transaction() as session:
            require(session, actor, Permission.POINTS_RULES)
            rule_set_id = _rule_set(session).id
            residents = points = 0
            for resident in _lapsing_holders(session, _today(session.info["now"])):
                taken = _expire(session, resident, actor.user_id, rule_set_id)
                if taken:
                    residents, points = residents + 1, points + taken
            return ExpiryRun(residents, points)

    def expiry_preview(self, actor: Actor, days: int = 30) -> ExpiryPreview:
        """Who would lose how many points to the expiry pass now, and what lapses within ``days`` (read only)."""
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS_RULES)
            now = self._db.clock.now()
            today = _today(now)
            horizon = today + timedelta(days=days)
            lines = []
            for resident in _lapsing_holders(session, horizon + timedelta(days=1)):
                acct = ledger.find_account(session, UNIT, AccountKind.PERSONAL, resident.id)
                assert acct is not None  # _lapsing_holders joined it
                lots = _lots(session, acct.id, resident.id)
                soon = [e for e in schedule(lots, now) if e.last_day <= horizon]
                lapsed = due(lots, now)
                if lapsed or soon:
                    lines.append(ExpiryDue(resident.id, resident.name, lapsed, sum(e.points for e in soon),
                                           soon[0].last_day if soon else None))
            lines.sort(key=lambda x: (-x.lapsed, x.next_day or date.max, x.name))
            return ExpiryPreview(today, horizon, tuple(lines))

    def statement(self, actor: Actor, resident_id: uuid.UUID) -> Statement:
        """The resident's points statement: every movement, the balance and what lapses when (print it with
        app.services.documents.passbook.render_passbook)."""
        with self._db.reading() as session:
            staff = require(session, actor, Permission.POINTS)
            resident = self._get_resident(session, resident_id)
            now = self._db.clock.now()
            number = session.scalar(select(Volunteer.number).where(Volunteer.resident_id == resident_id)) or ""
            acct = ledger.find_account(session, UNIT, AccountKind.PERSONAL, resident_id)
            lines = ledger.statement(session, acct.id) if acct else []
            held = self._balance(session, resident, now)
            info = community_info(session, self._db.desk_code)
            return Statement(info.name, info.desk_name, info.desk_phone, resident.id, resident.name, number,
                             resident.household.address if resident.household else "", lines, held.balance, now,
                             staff.display_name, unit=UNIT, expiring=held.expiring, expired_due=held.expired_due)

    # --- settlement ---------------------------------------------------------------------------------

    def settlement(self, actor: Actor, merchant_id: uuid.UUID, since: date, until: date) -> Settlement:
        """What the community owes ``merchant`` for the vouchers it honoured from ``since`` to ``until``."""
        if until < since:
            raise ValidationError.single("until", QT_TRANSLATE_NOOP("errors", "The last day cannot be before the "
                                                                              "first."))
        with self._db.reading() as session:
            staff = require(session, actor, Permission.MERCHANTS)
            merchant = session.get(Merchant, merchant_id)
            if merchant is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This merchant does not exist."))
            honoured = (Voucher.merchant_id == merchant.id, Voucher.status == VoucherStatus.HONOURED,
                        Voucher.honoured_at >= _day_start(since),
                        Voucher.honoured_at < _day_start(until + timedelta(days=1)))
            vouchers = list(session.scalars(select(Voucher).where(*honoured).options(
                selectinload(Voucher.reward), selectinload(Voucher.resident))
                .order_by(Voucher.honoured_at, Voucher.id)))
            lines = []
            for v in vouchers:
                assert v.honoured_at is not None
                rate = v.rate_fen_per_100 if v.rate_fen_per_100 is not None else merchant.rate_fen_per_100
                lines.append(SettlementLine(show_code(v.code), v.honoured_at, v.reward.name, mask_name(v.resident.name),
                                            v.points, rate, amount_fen(v.points, rate)))
            info = community_info(session, self._db.desk_code)
            return Settlement(info.name, info.desk_name, info.desk_phone, merchant.id, merchant.name,
                              merchant.category, merchant.contact, merchant.phone, since, until, tuple(lines),
                              sum(x.points for x in lines), sum(x.amount_fen for x in lines),
                              self._ledger_points(session, honoured), self._db.clock.now(), staff.display_name)

    @staticmethod
    def _ledger_points(session: Session, honoured: Sequence[ColumnElement[bool]]) -> int:
        """The points the ledger moved into the spend account for these vouchers, net of any reversal."""
        entries = select(Voucher.entry_id).where(*honoured)
        reversals = select(LedgerEntry.id).where(LedgerEntry.reverses_id.in_(entries))
        return int(session.scalar(
            select(func.coalesce(func.sum(LedgerPosting.amount), 0))
            .join(LedgerAccount, LedgerAccount.id == LedgerPosting.account_id)
            .where(LedgerAccount.unit == UNIT, LedgerAccount.kind == AccountKind.SPEND,
                   LedgerPosting.entry_id.in_(entries) | LedgerPosting.entry_id.in_(reversals))) or 0)

    def export_settlement_xlsx(self, actor: Actor, merchant_id: uuid.UUID, since: date, until: date,
                               out: Path) -> Settlement:
        """The settlement as a workbook: a summary sheet and one row per honoured voucher."""
        data = self.settlement(actor, merchant_id, since, until)
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "结算汇总"
        summary: list[tuple[str, Any]] = [
            ("社区", data.community_name), ("商户", data.merchant_name), ("类别", labels.zh(data.category)),
            ("联系人", data.contact), ("电话", data.phone),
            ("结算期间", f"{data.since:%Y-%m-%d} 至 {data.until:%Y-%m-%d}"), ("核销笔数", len(data.lines)),
            ("积分合计", data.total_points), ("应付金额（元）", float(yuan(data.total_fen))),
            ("账务核对", "一致" if data.reconciled else f"不一致：账上 {data.ledger_points} 积分"),
            ("制表", f"{local(data.printed_at):%Y-%m-%d %H:%M} {data.printed_by}"),
        ]
        for label, value in summary:
            ws.append(xlsx_safe([label, value]))
        lines = wb.create_sheet("核销明细")
        lines.append(["券号", "核销时间", "兑换项目", "居民", "积分", "结算标准（元/100积分）", "金额（元）"])
        for x in data.lines:
            lines.append(xlsx_safe([x.code, f"{local(x.honoured_at):%Y-%m-%d %H:%M}", x.reward_name, x.resident,
                                    x.points, float(yuan(x.rate_fen_per_100)), float(yuan(x.amount_fen))]))
        lines.append(["合计", "", "", "", data.total_points, "", float(yuan(data.total_fen))])
        out.parent.mkdir(parents=True, exist_ok=True)
        wb.save(out)
        return data

    # --- small helpers ------------------------------------------------------------------------------

    @staticmethod
    def _get_resident(session: Session, resident_id: uuid.UUID) -> Resident:
        resident = session.get(Resident, resident_id)
        if resident is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
        return resident

    @staticmethod
    def _note(errors: FieldErrors, note: str) -> str:
        note = note.strip()
        if len(note) > NOTE_LIMIT:
            errors.add("note", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=NOTE_LIMIT)
        return note

    @staticmethod
    def _count(errors: FieldErrors, key: str, value: int, low: int, high: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            errors.add(key, QT_TRANSLATE_NOOP("errors", "A whole number from {low} to {high}, please."),
                       low=low, high=high)

    @staticmethod
    def _enum(errors: FieldErrors, key: str, enum: Any, value: str, message: str) -> Any:
        try:
            return enum(value)
        except ValueError:
            errors.add(key, message)
            return None


def _staff_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(ids))).all())
