"""The time bank's data: its rules, what a form sends, and what a page shows (plain dataclasses)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from app.models import LinkStatus, RecordStatus, Relation, ServiceType, Unit, VolunteerStatus

SCOPE = "timebank"
UNIT = Unit.MINUTES
MAX_GROUP = 200          # volunteers in one group activity
MAX_LIST = 500
NOTE_LIMIT = 200
STEPS = (1, 5, 10, 15, 30, 60)
LIVE = (RecordStatus.PENDING, RecordStatus.VERIFIED, RecordStatus.CREDITED)  # records that occupy time


@dataclass(frozen=True)
class Rules:
    """The bank's rules; a change is a new version and every entry names the version in force."""

    step_minutes: int = 15                 # hours are credited in quarter hours
    cap_minutes: int = 1500 * 60           # the city rule: at most 1500 hours stored
    daily_max_minutes: int = 8 * 60        # no volunteer is credited more than 8 hours a day
    four_eyes_minutes: int = 4 * 60        # a volunteer's day over this needs a second person (records.py)
    grant_min_age: int = 60                # the pool grants hours to residents of this age and over

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> Rules:
        known = {k: int(v) for k, v in values.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class RulesInfo:
    version: int
    rules: Rules
    since: datetime | None


@dataclass(frozen=True)
class NewVolunteer:
    resident_id: uuid.UUID | None
    skills: tuple[str, ...] = ()
    availability: str = ""


@dataclass(frozen=True)
class VolunteerInfo:
    id: uuid.UUID
    resident_id: uuid.UUID
    number: str
    name: str
    phone: str
    address: str
    age: int | None
    skills: tuple[str, ...]
    availability: str
    status: VolunteerStatus
    balance: int          # minutes
    registered_at: datetime


@dataclass(frozen=True)
class ServiceInput:
    """One service. Either ``end`` or ``duration_minutes``; times are the desk's local wall clock."""

    volunteer_id: uuid.UUID | None
    service_type: str
    day: date | None
    start: time | None
    end: time | None = None
    duration_minutes: int | None = None
    recipient_id: uuid.UUID | None = None
    notes: str = ""


@dataclass(frozen=True)
class GroupInput:
    title: str
    service_type: str
    day: date | None
    start: time | None
    end: time | None
    volunteer_ids: tuple[uuid.UUID, ...]
    place: str = ""
    notes: str = ""
    team_id: uuid.UUID | None = None  # a volunteer team's activity (issue 22): needs TEAMS as well


@dataclass(frozen=True)
class RecordInfo:
    id: uuid.UUID
    volunteer_id: uuid.UUID
    volunteer_name: str
    volunteer_number: str
    recipient_name: str
    activity_title: str
    service_type: ServiceType
    day: date
    start_at: datetime
    end_at: datetime
    minutes: int
    credit_minutes: int
    notes: str
    status: RecordStatus
    recorded_by: str
    verified_by: str
    reject_reason: str
    entry_id: uuid.UUID | None


@dataclass(frozen=True)
class RecordFilter:
    status: RecordStatus | None = None
    volunteer_id: uuid.UUID | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class LinkInfo:
    id: uuid.UUID
    holder_id: uuid.UUID
    holder_name: str
    relative_id: uuid.UUID
    relative_name: str
    relation: Relation
    proof: str
    status: LinkStatus
    requested_by: str
    decided_by: str


@dataclass(frozen=True)
class Beneficiary:
    """Who may receive a holder's hours: the holder and each approved relative."""

    resident_id: uuid.UUID
    name: str
    relation: Relation | None  # None: the holder


@dataclass(frozen=True)
class RedemptionInput:
    holder_id: uuid.UUID | None
    beneficiary_id: uuid.UUID | None
    service_type: str
    day: date | None
    minutes: int
    provider: str = ""
    notes: str = ""


def round_to_step(minutes: int, step: int) -> int:
    """To the nearest step, halves up: with 15, 52 -> 45, 53 -> 60."""
    return (minutes + step // 2) // step * step
