"""What the resource list's service takes and answers (no database here; the views import this module)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from app.domain.enums import PartnerKind

WHAT_MAX, DAYS_MAX, HOURS_MAX, WORDS_MAX = 60, 40, 40, 100
CONTRIBUTION_WHAT_MAX, VALUE_NOTE_MAX = 100, 100
PEOPLE_MAX = 100_000
SUGGESTIONS_MAX = 8


@dataclass(frozen=True)
class PartnerInput:
    name: str
    kind: str                 # a PartnerKind value
    contact: str = ""
    phone: str = ""
    address: str = ""
    note: str = ""
    active: bool = True


@dataclass(frozen=True)
class OfferInput:
    what: str                             # 义诊, 开放操场, 爱心菜篮, 家政8折...
    days: str = ""                        # 每周二、周四
    hours: str = ""                       # 8:30-11:00
    classes: tuple[str, ...] = ()         # request classes / sub-categories served (category codes)
    words: str = ""                       # words of a request's description that call for it, "、" or spaces
    active: bool = True


@dataclass(frozen=True)
class OfferInfo:
    id: uuid.UUID
    partner_id: uuid.UUID
    what: str
    days: str
    hours: str
    classes: tuple[str, ...]
    words: str
    active: bool

    def when(self) -> str:
        return " ".join(p for p in (self.days, self.hours) if p)


@dataclass(frozen=True)
class PartnerRow:
    """A partner on the list with what it offers and what it gave in the year asked for."""

    id: uuid.UUID
    name: str
    kind: PartnerKind
    contact: str
    phone: str
    address: str
    note: str
    active: bool
    merchant: bool               # a points merchant too
    offers: tuple[OfferInfo, ...]
    records: int                 # contribution records dated in the year
    cases: int                   # distinct requests helped in the year
    people: int                  # people served or times, summed over the year's records


@dataclass(frozen=True)
class ContributionInput:
    what: str
    on: date | None = None       # None: today
    people: int = 0
    value_note: str = ""
    offer_id: uuid.UUID | None = None
    case_no: str = ""            # the request it helped on, by its number (empty: none)


@dataclass(frozen=True)
class ContributionInfo:
    id: uuid.UUID
    partner_id: uuid.UUID
    partner_name: str
    on: date
    what: str
    people: int
    value_note: str
    offer_what: str
    case_id: uuid.UUID | None
    case_no: str
    referral: bool
    recorded_by: str


@dataclass(frozen=True)
class Suggestion:
    """A partner's offer that matches a request: by its class, its sub-category or words of its description."""

    partner_id: uuid.UUID
    partner_name: str
    kind: PartnerKind
    contact: str
    phone: str
    offer_id: uuid.UUID
    offer_what: str
    when: str
    reasons: tuple[str, ...]     # the sub-category's or class's name, or the words that matched
    score: int
    referred: bool               # already referred to this partner (or helped by it) on this request
