"""What the points services take and answer: the limits, the input and answer dataclasses, ``OutOfStock``, and the
small pure functions of codes and money (no database here; the views import this module)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain.enums import EarnKind, MerchantCategory, StockMoveKind, Unit, VoucherStatus
from app.services.core.errors import Conflict, Message
from app.services.ledger.points.lots import Expiry

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
    partner_id: uuid.UUID | None = None  # a new merchant: an existing partner of the resource list (its fields
    #                                      are then saved as typed here); None: a new partner


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
    partner_id: uuid.UUID | None = None


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
    not_offered: Message | None = None  # if not, why in a few words (已下架, 库存不足...), from ``offers.refusal``


class Block(StrEnum):
    """Why a reward cannot be redeemed now (``offers.refusal`` decides, in this order)."""

    MERCHANT_PAUSED = "merchant_paused"   # the merchant is not an active partner
    WITHDRAWN = "withdrawn"               # the reward is no longer offered (已下架)
    NOT_YET = "not_yet"                   # before its first day
    ENDED = "ended"                       # after its last day
    LIMIT = "limit"                       # the resident has had as many as one resident may
    OUT_OF_STOCK = "out_of_stock"
    SHORT = "short"                       # the resident's valid points are too few


@dataclass(frozen=True)
class Refusal:
    """Why not: ``message`` is the sentence the redemption is refused with, ``short`` the few words of the rewards
    list (差 120 分, 库存不足); ``shortfall`` the points missing (``Block.SHORT`` only)."""

    block: Block
    message: Message
    short: Message
    shortfall: int = 0


@dataclass(frozen=True)
class RewardOffer:
    """One reward as the chosen resident may have it now: ``refusal`` None means they can redeem it, and their valid
    points go from ``balance`` to ``after``. With no resident chosen ``balance`` is None and only the reward's own
    rules (dates, stock, merchant) are asked."""

    reward: RewardInfo
    refusal: Refusal | None
    balance: int | None

    @property
    def redeemable(self) -> bool:
        return self.refusal is None

    @property
    def after(self) -> int | None:
        return None if self.balance is None else self.balance - self.reward.price


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
class RedeemChoice:
    """What the redemption screen shows for a resident (or for no one yet): their points and every reward with
    whether they can have it, and if not why."""

    balance: PointsBalance | None
    offers: tuple[RewardOffer, ...]


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
