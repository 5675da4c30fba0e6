"""Volunteer time bank (时间银行): volunteers, verified service, and the hours they earn and spend.

Hours are kept in minutes in the shared ledger (app.services.ledger.posting); nothing here writes a balance.
A service record goes pending -> verified -> credited (or rejected); crediting posts exactly once, and a
mistake is corrected by reversing the entry. Every limit (balance never below zero, the storage cap, the
daily maximum, the rounding step) is checked in the transaction that posts.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AccountKind,
    EntryKind,
    FamilyLink,
    Household,
    LedgerAccount,
    LedgerEntry,
    LedgerPosting,
    LinkStatus,
    RecordStatus,
    Redemption,
    Relation,
    Resident,
    RuleSet,
    ServiceActivity,
    ServiceRecord,
    ServiceType,
    Staff,
    Unit,
    Volunteer,
    VolunteerStatus,
)
from app.services.cases.export import PERSONAL_DATA_NOTE, xlsx_safe
from app.services.core import labels
from app.services.core.auth import Actor, Permission, allowed, require
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.db import Database
from app.services.core.errors import (
    QT_TRANSLATE_NOOP,
    Conflict,
    DomainError,
    FieldErrors,
    NotFound,
    ValidationError,
)
from app.services.core.setup import community_info
from app.services.documents.passbook import Statement
from app.services.ledger import posting as ledger
from app.services.ledger.points.rules import award_for_service, revoke_for_service
from app.services.ledger.posting import Leg, hours
from app.services.people.residents import ResidentService, age_on

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
    four_eyes_minutes: int = 4 * 60        # longer records are verified by someone other than who recorded them
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


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, LOCAL_TZ)


class TimeBankService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- rules ----------------------------------------------------------------------------------

    def rules(self, actor: Actor) -> RulesInfo:
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            row = self._rule_row(session)
            return RulesInfo(row.version, Rules.from_values(row.values), row.created_at) if row else \
                RulesInfo(0, Rules(), None)

    def set_rules(self, actor: Actor, rules: Rules) -> RulesInfo:
        errors = FieldErrors()
        if rules.step_minutes not in STEPS:
            errors.add("step_minutes", QT_TRANSLATE_NOOP("errors", "The step must be one of {steps} minutes."),
                       steps="、".join(map(str, STEPS)))
        elif rules.daily_max_minutes % rules.step_minutes or rules.cap_minutes % rules.step_minutes:
            errors.add("step_minutes", QT_TRANSLATE_NOOP("errors", "The cap and the daily maximum must be whole "
                                                                   "steps."))
        if not 60 <= rules.cap_minutes <= 100_000 * 60:
            errors.add("cap_minutes", QT_TRANSLATE_NOOP("errors", "The cap must be between 1 and 100000 hours."))
        if not 30 <= rules.daily_max_minutes <= 24 * 60:
            errors.add("daily_max_minutes", QT_TRANSLATE_NOOP("errors", "The daily maximum must be between half an "
                                                                        "hour and 24 hours."))
        if not 0 <= rules.four_eyes_minutes <= 24 * 60:
            errors.add("four_eyes_minutes", QT_TRANSLATE_NOOP("errors", "Between 0 and 24 hours, please."))
        if not 0 <= rules.grant_min_age <= 120:
            errors.add("grant_min_age", QT_TRANSLATE_NOOP("errors", "An age between 0 and 120, please."))
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK_RULES)
            current = self._rule_row(session)
            row = RuleSet(scope=SCOPE, version=(current.version if current else 0) + 1, values=asdict(rules),
                          created_by_id=actor.user_id)
            session.add(row)
            session.flush()
            return RulesInfo(row.version, rules, row.created_at)

    @staticmethod
    def _rule_row(session: Session) -> RuleSet | None:
        return session.scalar(select(RuleSet).where(RuleSet.scope == SCOPE).order_by(RuleSet.version.desc()).limit(1))

    def _rules_in_force(self, session: Session) -> tuple[RuleSet, Rules]:
        row = self._rule_row(session)
        if row is None:  # the defaults become version 1 the first time anything is posted
            row = RuleSet(scope=SCOPE, version=1, values=asdict(Rules()))
            session.add(row)
            session.flush()
        return row, Rules.from_values(row.values)

    # --- volunteers -----------------------------------------------------------------------------

    def register(self, actor: Actor, data: NewVolunteer) -> VolunteerInfo:
        errors = FieldErrors()
        skills = self._skills(errors, data.skills)
        if len(data.availability.strip()) > 120:
            errors.add("availability", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=120)
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            resident = session.get(Resident, data.resident_id) if data.resident_id else None
            if resident is None:
                raise ValidationError.single("resident", QT_TRANSLATE_NOOP("errors", "Please choose a resident."))
            if session.scalar(select(Volunteer.number).where(Volunteer.resident_id == resident.id)):
                raise ValidationError.single("resident", QT_TRANSLATE_NOOP(
                    "errors", "{name} is already a registered volunteer."), name=resident.name)
            desk = self._db.desk_code or "V"
            count = session.scalar(select(func.count()).select_from(Volunteer).where(Volunteer.desk_code == desk))
            volunteer = Volunteer(resident_id=resident.id, number=f"{desk}-V{(count or 0) + 1:05d}", skills=skills,
                                  availability=data.availability.strip(), registered_by_id=actor.user_id)
            session.add(volunteer)
            ledger.account(session, UNIT, AccountKind.PERSONAL, resident.name, owner=resident.id)
            session.flush()
            return self._volunteer_info(session, volunteer)

    def update_volunteer(self, actor: Actor, volunteer_id: uuid.UUID, skills: Sequence[str], availability: str,
                         status: str) -> VolunteerInfo:
        errors = FieldErrors()
        clean = self._skills(errors, skills)
        try:
            new_status = VolunteerStatus(status)
        except ValueError:
            errors.add("status", QT_TRANSLATE_NOOP("errors", "Unknown status {value}."), value=status)
        if len(availability.strip()) > 120:
            errors.add("availability", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=120)
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            volunteer = self._get_volunteer(session, volunteer_id)
            volunteer.skills, volunteer.availability, volunteer.status = clean, availability.strip(), new_status
            session.flush()
            return self._volunteer_info(session, volunteer)

    @staticmethod
    def _skills(errors: FieldErrors, skills: Sequence[str]) -> list[str]:
        clean = []
        for skill in skills:
            try:
                clean.append(ServiceType(skill).value)
            except ValueError:
                errors.add("skills", QT_TRANSLATE_NOOP("errors", "Unknown service type {value}."), value=skill)
        return sorted(set(clean))

    def volunteers(self, actor: Actor, query: str = "", status: VolunteerStatus | None = None,
                   limit: int = MAX_LIST) -> list[VolunteerInfo]:
        """Volunteers found the way residents are (name, pinyin, phone, last 4 digits, ID, address)."""
        with self._db.reading() as session:
            staff = require(session, actor, Permission.TIMEBANK)
            stmt = (select(Volunteer).join(Resident, Volunteer.resident_id == Resident.id)
                    .outerjoin(Household, Resident.household_id == Household.id))
            if query.strip():
                # Prefixes of ID numbers only for those who may see them: else trying prefix after prefix
                # would read a number out digit by digit.
                condition = ResidentService.condition(query, id_prefixes=allowed(staff, Permission.VIEW_ID_NUMBERS))
                if condition is None:
                    return []
                stmt = stmt.where(condition).order_by(*ResidentService.order(query))
            else:
                stmt = stmt.order_by(Volunteer.number)
            if status is not None:
                stmt = stmt.where(Volunteer.status == status)
            found = list(session.scalars(stmt.limit(limit).options(
                selectinload(Volunteer.resident).selectinload(Resident.household))))
            balances = ledger.holders(session, UNIT, [v.resident_id for v in found])
            today = local(self._db.clock.now()).date()
            return [self._info(v, balances.get(v.resident_id, 0), today) for v in found]

    def volunteer(self, actor: Actor, volunteer_id: uuid.UUID) -> VolunteerInfo:
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            return self._volunteer_info(session, self._get_volunteer(session, volunteer_id))

    def _volunteer_info(self, session: Session, v: Volunteer) -> VolunteerInfo:
        balances = ledger.holders(session, UNIT, [v.resident_id])
        return self._info(v, balances.get(v.resident_id, 0), local(self._db.clock.now()).date())

    @staticmethod
    def _info(v: Volunteer, balance: int, today: date) -> VolunteerInfo:
        r = v.resident
        return VolunteerInfo(v.id, r.id, v.number, r.name, r.phone, r.household.address if r.household else "",
                             age_on(r.birth_date, today), tuple(v.skills), v.availability, v.status, balance,
                             v.created_at)

    @staticmethod
    def _get_volunteer(session: Session, volunteer_id: uuid.UUID | None) -> Volunteer:
        volunteer = session.get(Volunteer, volunteer_id) if volunteer_id else None
        if volunteer is None:
            raise ValidationError.single("volunteer", QT_TRANSLATE_NOOP("errors", "Please choose a volunteer."))
        return volunteer

    # --- service records ------------------------------------------------------------------------

    def record(self, actor: Actor, data: ServiceInput) -> RecordInfo:
        """Record one service as pending: it earns nothing until verified and credited."""
        now = self._db.clock.now()
        errors = FieldErrors()
        service_type = self._service_type(errors, data.service_type)
        notes = self._notes(errors, data.notes)
        span = self._span(errors, data.day, data.start, data.end, data.duration_minutes, now)
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            _rule, rules = self._rules_in_force(session)
            volunteer = session.get(Volunteer, data.volunteer_id) if data.volunteer_id else None
            if volunteer is None:
                errors.add("volunteer", QT_TRANSLATE_NOOP("errors", "Please choose a volunteer."))
            elif volunteer.status is not VolunteerStatus.ACTIVE:
                errors.add("volunteer", QT_TRANSLATE_NOOP("errors", "{name} is not an active volunteer."),
                           name=volunteer.resident.name)
            if data.recipient_id is not None:
                recipient = session.get(Resident, data.recipient_id)
                if recipient is None:
                    errors.add("recipient", QT_TRANSLATE_NOOP("errors", "No such resident."))
                elif volunteer is not None and recipient.id == volunteer.resident_id:
                    errors.add("recipient", QT_TRANSLATE_NOOP("errors", "A volunteer cannot serve themselves."))
            if span and volunteer is not None:
                self._check_time(errors, session, volunteer, span, rules, "start")
            errors.raise_if_any()
            assert span is not None and volunteer is not None and service_type is not None
            rec = self._new_record(volunteer, service_type, span, rules, notes, actor, recipient_id=data.recipient_id)
            session.add(rec)
            session.flush()
            return self._record_infos(session, [rec])[0]

    def record_group(self, actor: Actor, data: GroupInput) -> list[RecordInfo]:
        """A group activity in one go: one pending record per volunteer, all or none."""
        now = self._db.clock.now()
        errors = FieldErrors()
        service_type = self._service_type(errors, data.service_type)
        notes = self._notes(errors, data.notes)
        title = data.title.strip()
        if not title:
            errors.add("title", QT_TRANSLATE_NOOP("errors", "Please give the activity a name."))
        elif len(title) > 60:
            errors.add("title", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=60)
        if len(data.place.strip()) > 60:
            errors.add("place", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=60)
        ids = list(dict.fromkeys(data.volunteer_ids))
        if not ids:
            errors.add("volunteers", QT_TRANSLATE_NOOP("errors", "Add the volunteers who took part."))
        elif len(ids) > MAX_GROUP:
            errors.add("volunteers", QT_TRANSLATE_NOOP("errors", "At most {n} volunteers in one activity."),
                       n=MAX_GROUP)
        span = self._span(errors, data.day, data.start, data.end, None, now)
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            _rule, rules = self._rules_in_force(session)
            volunteers = [session.get(Volunteer, vid) for vid in ids]
            if any(v is None for v in volunteers):
                errors.add("volunteers", QT_TRANSLATE_NOOP("errors", "A chosen volunteer no longer exists."))
            live = [v for v in volunteers if v is not None]
            inactive = [v.resident.name for v in live if v.status is not VolunteerStatus.ACTIVE]
            if inactive:
                errors.add("volunteers", QT_TRANSLATE_NOOP("errors", "Not active volunteers: {names}."),
                           names="、".join(inactive))
            if span:
                clashes = []
                for v in live:
                    own = FieldErrors()
                    self._check_time(own, session, v, span, rules, "volunteers")
                    if "volunteers" in own.errors:
                        clashes.append(own.errors["volunteers"])
                    elif own:
                        errors.put("end", next(iter(own.errors.values())))  # the span itself is wrong for all
                if len(clashes) == 1:
                    errors.put("volunteers", clashes[0])
                elif clashes:
                    errors.add("volunteers", QT_TRANSLATE_NOOP(
                        "errors", "{names} cannot take part at this time: each already has a service then, or would "
                        "pass the daily maximum."), names="、".join(str(c.params["name"]) for c in clashes))
            errors.raise_if_any()
            assert span is not None and service_type is not None
            activity = ServiceActivity(title=title, place=data.place.strip(), service_type=service_type,
                                       start_at=span[0], end_at=span[1], recorded_by_id=actor.user_id)
            session.add(activity)
            session.flush()
            records = [self._new_record(v, service_type, span, rules, notes, actor, activity_id=activity.id)
                       for v in live]
            session.add_all(records)
            session.flush()
            return self._record_infos(session, records)

    @staticmethod
    def _new_record(volunteer: Volunteer, service_type: ServiceType, span: tuple[datetime, datetime], rules: Rules,
                    notes: str, actor: Actor, *, recipient_id: uuid.UUID | None = None,
                    activity_id: uuid.UUID | None = None) -> ServiceRecord:
        minutes = int((span[1] - span[0]).total_seconds() // 60)
        return ServiceRecord(volunteer_id=volunteer.id, recipient_id=recipient_id, activity_id=activity_id,
                             service_type=service_type, service_day=local(span[0]).date(), start_at=span[0],
                             end_at=span[1], minutes=minutes, credit_minutes=round_to_step(minutes, rules.step_minutes),
                             notes=notes, recorded_by_id=actor.user_id)

    @staticmethod
    def _service_type(errors: FieldErrors, value: str) -> ServiceType | None:
        try:
            return ServiceType(value)
        except ValueError:
            errors.add("service_type", QT_TRANSLATE_NOOP("errors", "Please choose the kind of service."))
            return None

    @staticmethod
    def _notes(errors: FieldErrors, notes: str) -> str:
        notes = notes.strip()
        if len(notes) > NOTE_LIMIT:
            errors.add("notes", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=NOTE_LIMIT)
        return notes

    @staticmethod
    def _span(errors: FieldErrors, day: date | None, start: time | None, end: time | None, duration: int | None,
              now: datetime) -> tuple[datetime, datetime] | None:
        if day is None:
            errors.add("day", QT_TRANSLATE_NOOP("errors", "Please give the date of the service."))
            return None
        if start is None:
            errors.add("start", QT_TRANSLATE_NOOP("errors", "Please give the start time."))
            return None
        begin = _local(day, start.replace(second=0, microsecond=0))  # the bank counts whole minutes
        if end is not None:
            finish = _local(day, end.replace(second=0, microsecond=0))
        elif duration is not None and duration > 24 * 60:  # also keeps a mistyped huge number off the date maths
            errors.add("end", QT_TRANSLATE_NOOP("errors", "One service lasts at most 24 hours."))
            return None
        elif duration is not None and duration > 0:
            finish = begin + timedelta(minutes=duration)
        else:
            errors.add("end", QT_TRANSLATE_NOOP("errors", "Please give the end time or the duration."))
            return None
        if finish <= begin:
            errors.add("end", QT_TRANSLATE_NOOP("errors", "The end must be after the start."))
            return None
        if begin > now or finish > now + timedelta(minutes=5):
            errors.add("day", QT_TRANSLATE_NOOP("errors", "A service in the future cannot be recorded yet."))
            return None
        return begin, finish

    def _check_time(self, errors: FieldErrors, session: Session, volunteer: Volunteer,
                    span: tuple[datetime, datetime], rules: Rules, key: str) -> None:
        """No overlap with the volunteer's other records; the day's total within the daily maximum."""
        name = volunteer.resident.name
        # The limits are on what would be credited (rounded to the step), the same figure crediting checks.
        minutes = round_to_step(int((span[1] - span[0]).total_seconds() // 60), rules.step_minutes)
        if minutes > rules.daily_max_minutes:
            errors.add("end", QT_TRANSLATE_NOOP("errors", "{hours} hours is more than the daily maximum of {max} "
                                                          "hours."), hours=hours(minutes),
                       max=hours(rules.daily_max_minutes))
            return
        if minutes == 0:
            errors.add("end", QT_TRANSLATE_NOOP("errors", "Too short to credit: the bank counts in steps of {step} "
                                                          "minutes."), step=rules.step_minutes)
            return
        clash = session.scalars(select(ServiceRecord).where(
            ServiceRecord.volunteer_id == volunteer.id, ServiceRecord.status.in_(LIVE),
            ServiceRecord.start_at < span[1], ServiceRecord.end_at > span[0]).limit(1)).first()
        if clash is not None:
            errors.add(key, QT_TRANSLATE_NOOP("errors", "{name} already has a service from {start} to {end} on "
                                                        "{day} that overlaps this one."),
                       name=name, start=f"{local(clash.start_at):%H:%M}", end=f"{local(clash.end_at):%H:%M}",
                       day=f"{local(clash.start_at):%m-%d}")
            return
        day = local(span[0]).date()
        done = session.scalar(select(func.coalesce(func.sum(ServiceRecord.credit_minutes), 0)).where(
            ServiceRecord.volunteer_id == volunteer.id, ServiceRecord.status.in_(LIVE),
            ServiceRecord.service_day == day)) or 0
        if done + minutes > rules.daily_max_minutes:
            errors.add(key, QT_TRANSLATE_NOOP("errors", "{name} already has {done} hours on {day}; with this service "
                                                        "it would pass the daily maximum of {max} hours."),
                       name=name, done=hours(done), day=f"{day:%m-%d}", max=hours(rules.daily_max_minutes))

    def verify(self, actor: Actor, record_ids: Sequence[uuid.UUID]) -> list[RecordInfo]:
        """Pending -> verified. Above the four-eyes size, not by the person who recorded it."""
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            _rule, rules = self._rules_in_force(session)
            records = self._records_for_update(session, record_ids)
            for rec in records:
                if rec.status is not RecordStatus.PENDING:
                    raise Conflict(QT_TRANSLATE_NOOP("errors", "The record of {name} on {day} is {status}, not "
                                                               "pending."), name=rec.volunteer.resident.name,
                                   day=f"{rec.service_day:%m-%d}", status=labels.zh(rec.status))
                if rec.minutes > rules.four_eyes_minutes and rec.recorded_by_id == actor.user_id:
                    raise Conflict(QT_TRANSLATE_NOOP(
                        "errors", "The record of {name} on {day} is over {hours} hours: someone other than the "
                        "person who recorded it must verify it."), name=rec.volunteer.resident.name,
                        day=f"{rec.service_day:%m-%d}", hours=hours(rules.four_eyes_minutes))
                rec.status, rec.verified_by_id, rec.verified_at = RecordStatus.VERIFIED, actor.user_id, \
                    session.info["now"]
            session.flush()
            return self._record_infos(session, records)

    def credit(self, actor: Actor, record_ids: Sequence[uuid.UUID], donate_overflow: bool = False) -> list[RecordInfo]:
        """Verified -> credited: each record posts its hours exactly once.

        Above the storage cap the whole batch is refused (CapExceeded says by how much) unless
        ``donate_overflow``: then what does not fit goes to the community pool in the same entry.
        """
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            rule, rules = self._rules_in_force(session)
            records = self._records_for_update(session, record_ids)
            issue = ledger.account(session, UNIT, AccountKind.ISSUE, "服务时间发放")
            for rec in records:
                if rec.status is not RecordStatus.VERIFIED:
                    raise Conflict(QT_TRANSLATE_NOOP("errors", "The record of {name} on {day} is {status}; only a "
                                                               "verified record can be credited."),
                                   name=rec.volunteer.resident.name, day=f"{rec.service_day:%m-%d}",
                                   status=labels.zh(rec.status))
                self._check_daily_credit(session, rec, rules)
                holder = rec.volunteer.resident
                personal = ledger.account(session, UNIT, AccountKind.PERSONAL, holder.name, owner=holder.id)
                amount = rec.credit_minutes
                memo = f"服务存入：{labels.zh(rec.service_type)} {rec.service_day:%m-%d}"
                if rec.activity is not None:
                    memo += f"（{rec.activity.title}）"
                legs = [Leg(issue.id, -amount), Leg(personal.id, amount)]
                room = rules.cap_minutes - ledger.balance(session, personal.id)
                if amount > room and donate_overflow:
                    fit = max(room, 0)
                    pool = ledger.account(session, UNIT, AccountKind.POOL, "社区互助池")
                    legs = [Leg(issue.id, -amount), Leg(pool.id, amount - fit)] + \
                        ([Leg(personal.id, fit)] if fit else [])
                    memo += f"（超出上限 {hours(amount - fit)} 小时捐入互助池）"
                entry = ledger.post(session, unit=UNIT, kind=EntryKind.SERVICE_CREDIT, legs=legs,
                                    actor_id=actor.user_id, approved_by_id=rec.verified_by_id, memo=memo,
                                    rule_set_id=rule.id, cap=rules.cap_minutes)
                rec.status, rec.entry_id = RecordStatus.CREDITED, entry.id
                session.flush()
                award_for_service(session, rec, actor.user_id)  # points for verified service, once per record
            return self._record_infos(session, records)

    @staticmethod
    def _check_daily_credit(session: Session, rec: ServiceRecord, rules: Rules) -> None:
        credited = session.scalar(select(func.coalesce(func.sum(ServiceRecord.credit_minutes), 0)).where(
            ServiceRecord.volunteer_id == rec.volunteer_id, ServiceRecord.service_day == rec.service_day,
            ServiceRecord.status == RecordStatus.CREDITED)) or 0
        if credited + rec.credit_minutes > rules.daily_max_minutes:
            raise DomainError(QT_TRANSLATE_NOOP(
                "errors", "{name} has {done} hours credited on {day}; this record would pass the daily maximum "
                "of {max} hours."), name=rec.volunteer.resident.name, done=hours(credited),
                day=f"{rec.service_day:%m-%d}", max=hours(rules.daily_max_minutes))

    def reject(self, actor: Actor, record_ids: Sequence[uuid.UUID], reason: str) -> list[RecordInfo]:
        reason = reason.strip()
        if not reason:
            raise ValidationError.single("reason", QT_TRANSLATE_NOOP("errors", "Please give the reason."))
        if len(reason) > NOTE_LIMIT:
            raise ValidationError.single("reason", QT_TRANSLATE_NOOP("errors", "At most {n} characters."),
                                         n=NOTE_LIMIT)
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            records = self._records_for_update(session, record_ids)
            for rec in records:
                if rec.status not in (RecordStatus.PENDING, RecordStatus.VERIFIED):
                    raise Conflict(QT_TRANSLATE_NOOP("errors", "The record of {name} on {day} is {status}; a credited "
                                                               "record is corrected by reversing its entry."),
                                   name=rec.volunteer.resident.name, day=f"{rec.service_day:%m-%d}",
                                   status=labels.zh(rec.status))
                rec.status, rec.reject_reason = RecordStatus.REJECTED, reason
                rec.verified_by_id, rec.verified_at = actor.user_id, session.info["now"]
            session.flush()
            return self._record_infos(session, records)

    @staticmethod
    def _records_for_update(session: Session, record_ids: Sequence[uuid.UUID]) -> list[ServiceRecord]:
        ids = list(dict.fromkeys(record_ids))
        if not ids:
            raise ValidationError.single("records", QT_TRANSLATE_NOOP("errors", "Please select the records first."))
        records = list(session.scalars(select(ServiceRecord).where(ServiceRecord.id.in_(ids))
                                       .order_by(ServiceRecord.start_at).with_for_update()))
        if len(records) != len(ids):
            raise NotFound(QT_TRANSLATE_NOOP("errors", "A selected record no longer exists."))
        return records

    def records(self, actor: Actor, filters: RecordFilter, limit: int = MAX_LIST) -> list[RecordInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            stmt = select(ServiceRecord)
            if filters.status is not None:
                stmt = stmt.where(ServiceRecord.status == filters.status)
            if filters.volunteer_id is not None:
                stmt = stmt.where(ServiceRecord.volunteer_id == filters.volunteer_id)
            if filters.since is not None:
                stmt = stmt.where(ServiceRecord.service_day >= filters.since)
            if filters.until is not None:
                stmt = stmt.where(ServiceRecord.service_day <= filters.until)
            stmt = stmt.order_by(ServiceRecord.start_at.desc(), ServiceRecord.id).limit(limit).options(
                selectinload(ServiceRecord.volunteer).selectinload(Volunteer.resident),
                selectinload(ServiceRecord.recipient), selectinload(ServiceRecord.activity))
            found = list(session.scalars(stmt))
            return self._record_infos(session, found)

    def _record_infos(self, session: Session, records: Sequence[ServiceRecord]) -> list[RecordInfo]:
        """DTOs of ``records``, with the staff names they mention read in one query."""
        staff = self._staff_names(session, {x for r in records for x in (r.recorded_by_id, r.verified_by_id) if x})
        return [self._info_of(r, staff) for r in records]

    @staticmethod
    def _staff_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not ids:
            return {}
        return dict(session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(ids))).all())

    @staticmethod
    def _info_of(r: ServiceRecord, staff: dict[uuid.UUID, str]) -> RecordInfo:
        return RecordInfo(
            r.id, r.volunteer_id, r.volunteer.resident.name, r.volunteer.number,
            r.recipient.name if r.recipient else "", r.activity.title if r.activity else "", r.service_type,
            r.service_day, r.start_at, r.end_at, r.minutes, r.credit_minutes, r.notes, r.status,
            staff.get(r.recorded_by_id, ""), staff.get(r.verified_by_id, "") if r.verified_by_id else "",
            r.reject_reason, r.entry_id)

    # --- corrections ----------------------------------------------------------------------------

    def reverse(self, actor: Actor, entry_id: uuid.UUID, reason: str) -> uuid.UUID:
        """Correct a mistaken entry with its opposite; a reversed service record cannot be credited again, and the
        points its credit earned are taken back in the same transaction (refused, all of it, if they are spent)."""
        reason = reason.strip()
        if not reason:
            raise ValidationError.single("reason", QT_TRANSLATE_NOOP("errors", "Please give the reason."))
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            rule, _rules = self._rules_in_force(session)
            original = session.get(LedgerEntry, entry_id)
            if original is None or original.unit is not UNIT:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This ledger entry does not exist."))
            if original.kind is EntryKind.GRANT:
                require(session, actor, Permission.TIMEBANK_GRANT)
            entry = ledger.reverse(session, entry_id, actor_id=actor.user_id, reason=reason[:NOTE_LIMIT],
                                   rule_set_id=rule.id)
            rec = session.scalar(select(ServiceRecord).where(ServiceRecord.entry_id == entry_id))
            if rec is not None:
                rec.status = RecordStatus.REVERSED
                revoke_for_service(session, rec, actor.user_id, reason)  # and the points it earned, once
            session.flush()
            return entry.id

    # --- family links ---------------------------------------------------------------------------

    def request_link(self, actor: Actor, holder_id: uuid.UUID | None, relative_id: uuid.UUID | None, relation: str,
                     proof: str) -> LinkInfo:
        errors = FieldErrors()
        try:
            rel = Relation(relation)
        except ValueError:
            errors.add("relation", QT_TRANSLATE_NOOP("errors", "Please choose the relation."))
        proof = proof.strip()
        if not proof:
            errors.add("proof", QT_TRANSLATE_NOOP("errors", "Please say what proves the relation (e.g. the household "
                                                            "register)."))
        elif len(proof) > 120:
            errors.add("proof", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=120)
        if holder_id is None:
            errors.add("holder", QT_TRANSLATE_NOOP("errors", "Please choose a volunteer."))
        if relative_id is None:
            errors.add("relative", QT_TRANSLATE_NOOP("errors", "Please choose the relative."))
        elif relative_id == holder_id:
            errors.add("relative", QT_TRANSLATE_NOOP("errors", "A person cannot be linked to themselves."))
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            holder, relative = session.get(Resident, holder_id), session.get(Resident, relative_id)
            if holder is None or relative is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            existing = session.scalar(select(FamilyLink).where(or_(
                (FamilyLink.holder_id == holder.id) & (FamilyLink.relative_id == relative.id),
                (FamilyLink.holder_id == relative.id) & (FamilyLink.relative_id == holder.id))))
            if existing is not None and existing.status is not LinkStatus.REJECTED:
                raise ValidationError.single("relative", QT_TRANSLATE_NOOP(
                    "errors", "{a} and {b} are already linked ({status})."), a=holder.name, b=relative.name,
                    status=labels.zh(existing.status))
            if existing is not None:  # a rejected request may be made again with better proof
                existing.relation, existing.proof, existing.status = rel, proof, LinkStatus.PENDING
                existing.requested_by_id, existing.decided_by_id, existing.decided_at = actor.user_id, None, None
                link = existing
            else:
                link = FamilyLink(holder_id=holder.id, relative_id=relative.id, relation=rel, proof=proof,
                                  requested_by_id=actor.user_id)
                session.add(link)
            session.flush()
            return self._link_infos(session, [link])[0]

    def decide_link(self, actor: Actor, link_id: uuid.UUID, approve: bool) -> LinkInfo:
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            link = session.get(FamilyLink, link_id, with_for_update=True)
            if link is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This family link does not exist."))
            if link.status is not LinkStatus.PENDING:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "This family link was already decided."))
            if link.requested_by_id == actor.user_id:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "Someone other than the person who recorded the link must "
                                                           "approve it."))
            link.status = LinkStatus.APPROVED if approve else LinkStatus.REJECTED
            link.decided_by_id, link.decided_at = actor.user_id, session.info["now"]
            session.flush()
            return self._link_infos(session, [link])[0]

    def links(self, actor: Actor, resident_id: uuid.UUID | None = None) -> list[LinkInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            stmt = select(FamilyLink).options(selectinload(FamilyLink.holder), selectinload(FamilyLink.relative))
            if resident_id is not None:
                stmt = stmt.where(or_(FamilyLink.holder_id == resident_id, FamilyLink.relative_id == resident_id))
            found = list(session.scalars(stmt.order_by(FamilyLink.created_at.desc()).limit(MAX_LIST)))
            return self._link_infos(session, found)

    def _link_infos(self, session: Session, links: Sequence[FamilyLink]) -> list[LinkInfo]:
        """DTOs of ``links``, with the staff names they mention read in one query."""
        staff = self._staff_names(session, {x for k in links for x in (k.requested_by_id, k.decided_by_id) if x})
        return [LinkInfo(k.id, k.holder_id, k.holder.name, k.relative_id, k.relative.name, k.relation, k.proof,
                         k.status, staff.get(k.requested_by_id, ""),
                         staff.get(k.decided_by_id, "") if k.decided_by_id else "") for k in links]

    def beneficiaries(self, actor: Actor, holder_id: uuid.UUID) -> list[Beneficiary]:
        """The holder first, then every relative with an approved link (a link works both ways)."""
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            holder = session.get(Resident, holder_id)
            if holder is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            found = [Beneficiary(holder.id, holder.name, None)]
            for link in self._approved_links(session, holder_id):
                other = link.relative if link.holder_id == holder_id else link.holder
                found.append(Beneficiary(other.id, other.name, link.relation))
            return found

    @staticmethod
    def _approved_links(session: Session, resident_id: uuid.UUID) -> list[FamilyLink]:
        return list(session.scalars(select(FamilyLink).where(
            FamilyLink.status == LinkStatus.APPROVED,
            or_(FamilyLink.holder_id == resident_id, FamilyLink.relative_id == resident_id))))

    def _link_between(self, session: Session, a: uuid.UUID, b: uuid.UUID) -> FamilyLink | None:
        return next((x for x in self._approved_links(session, a) if b in (x.holder_id, x.relative_id)), None)

    # --- spending hours -------------------------------------------------------------------------

    def _amount(self, errors: FieldErrors, key: str, minutes: int, rules: Rules) -> None:
        if minutes <= 0:
            errors.add(key, QT_TRANSLATE_NOOP("errors", "Please give the number of hours."))
        elif minutes % rules.step_minutes:
            errors.add(key, QT_TRANSLATE_NOOP("errors", "Hours are counted in steps of {step} minutes."),
                       step=rules.step_minutes)

    def redeem(self, actor: Actor, data: RedemptionInput) -> uuid.UUID:
        """The holder or an approved relative receives a service; the hours are taken out (取出)."""
        now = self._db.clock.now()
        errors = FieldErrors()
        service_type = self._service_type(errors, data.service_type)
        notes = self._notes(errors, data.notes)
        if len(data.provider.strip()) > 60:
            errors.add("provider", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=60)
        if data.day is None:
            errors.add("day", QT_TRANSLATE_NOOP("errors", "Please give the date of the service."))
        elif data.day > local(now).date():
            errors.add("day", QT_TRANSLATE_NOOP("errors", "A service in the future cannot be recorded yet."))
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            rule, rules = self._rules_in_force(session)
            self._amount(errors, "minutes", data.minutes, rules)
            holder = session.get(Resident, data.holder_id) if data.holder_id else None
            if holder is None:
                errors.add("holder", QT_TRANSLATE_NOOP("errors", "Please choose whose hours are used."))
            beneficiary = session.get(Resident, data.beneficiary_id) if data.beneficiary_id else None
            link = None
            if beneficiary is None:
                errors.add("beneficiary", QT_TRANSLATE_NOOP("errors", "Please choose who receives the service."))
            elif holder is not None and beneficiary.id != holder.id:
                link = self._link_between(session, holder.id, beneficiary.id)
                if link is None:
                    errors.add("beneficiary", QT_TRANSLATE_NOOP(
                        "errors", "{name} is not an approved family member of {holder}."), name=beneficiary.name,
                        holder=holder.name)
            errors.raise_if_any()
            assert holder is not None and beneficiary is not None and data.day and service_type
            personal = ledger.account(session, UNIT, AccountKind.PERSONAL, holder.name, owner=holder.id)
            spend = ledger.account(session, UNIT, AccountKind.SPEND, "兑换服务")
            memo = f"兑换：{labels.zh(service_type)} {data.day:%m-%d}"
            if link is not None:
                memo += f"（{beneficiary.name}·{labels.zh(link.relation)}）"
            entry = ledger.post(session, unit=UNIT, kind=EntryKind.REDEMPTION,
                                legs=[Leg(personal.id, -data.minutes), Leg(spend.id, data.minutes)],
                                actor_id=actor.user_id, memo=memo, rule_set_id=rule.id, step=rules.step_minutes)
            session.add(Redemption(holder_id=holder.id, beneficiary_id=beneficiary.id, service_type=service_type,
                                   service_day=data.day, minutes=data.minutes, provider=data.provider.strip(),
                                   notes=notes, entry_id=entry.id))
            session.flush()
            return entry.id

    def transfer(self, actor: Actor, holder_id: uuid.UUID | None, relative_id: uuid.UUID | None, minutes: int,
                 note: str = "") -> uuid.UUID:
        """Hours given to an approved family member."""
        errors = FieldErrors()
        note = self._notes(errors, note)
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            rule, rules = self._rules_in_force(session)
            self._amount(errors, "minutes", minutes, rules)
            holder = session.get(Resident, holder_id) if holder_id else None
            relative = session.get(Resident, relative_id) if relative_id else None
            if holder is None:
                errors.add("holder", QT_TRANSLATE_NOOP("errors", "Please choose whose hours are used."))
            link = None
            if relative is None or (holder is not None and relative.id == holder.id):
                errors.add("beneficiary", QT_TRANSLATE_NOOP("errors", "Please choose the family member."))
            elif holder is not None:
                link = self._link_between(session, holder.id, relative.id)
                if link is None:
                    errors.add("beneficiary", QT_TRANSLATE_NOOP(
                        "errors", "{name} is not an approved family member of {holder}."), name=relative.name,
                        holder=holder.name)
            errors.raise_if_any()
            assert holder is not None and relative is not None and link is not None
            source = ledger.account(session, UNIT, AccountKind.PERSONAL, holder.name, owner=holder.id)
            target = ledger.account(session, UNIT, AccountKind.PERSONAL, relative.name, owner=relative.id)
            memo = f"转赠：{holder.name} → {relative.name}（{labels.zh(link.relation)}）"
            entry = ledger.post(session, unit=UNIT, kind=EntryKind.TRANSFER,
                                legs=[Leg(source.id, -minutes), Leg(target.id, minutes)], actor_id=actor.user_id,
                                memo=memo, reason=note, rule_set_id=rule.id, step=rules.step_minutes,
                                cap=rules.cap_minutes)
            return entry.id

    def donate(self, actor: Actor, holder_id: uuid.UUID | None, minutes: int, note: str = "") -> uuid.UUID:
        """Hours given to the community pool (互助池)."""
        errors = FieldErrors()
        note = self._notes(errors, note)
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            rule, rules = self._rules_in_force(session)
            self._amount(errors, "minutes", minutes, rules)
            holder = session.get(Resident, holder_id) if holder_id else None
            if holder is None:
                errors.add("holder", QT_TRANSLATE_NOOP("errors", "Please choose whose hours are used."))
            errors.raise_if_any()
            assert holder is not None
            source = ledger.account(session, UNIT, AccountKind.PERSONAL, holder.name, owner=holder.id)
            pool = ledger.account(session, UNIT, AccountKind.POOL, "社区互助池")
            entry = ledger.post(session, unit=UNIT, kind=EntryKind.DONATION,
                                legs=[Leg(source.id, -minutes), Leg(pool.id, minutes)], actor_id=actor.user_id,
                                memo=f"捐入社区互助池：{holder.name}", reason=note, rule_set_id=rule.id,
                                step=rules.step_minutes)
            return entry.id

    def grant(self, actor: Actor, resident_id: uuid.UUID | None, minutes: int, reason: str) -> uuid.UUID:
        """The director grants pool hours to an elderly resident who could never earn them."""
        errors = FieldErrors()
        reason = reason.strip()
        if not reason:
            errors.add("reason", QT_TRANSLATE_NOOP("errors", "Please give the reason."))
        elif len(reason) > NOTE_LIMIT:
            errors.add("reason", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=NOTE_LIMIT)
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK_GRANT)
            rule, rules = self._rules_in_force(session)
            self._amount(errors, "minutes", minutes, rules)
            resident = session.get(Resident, resident_id) if resident_id else None
            if resident is None:
                errors.add("resident", QT_TRANSLATE_NOOP("errors", "Please choose a resident."))
            else:
                age = age_on(resident.birth_date, local(self._db.clock.now()).date())
                if age is None:
                    errors.add("resident", QT_TRANSLATE_NOOP("errors", "{name}'s date of birth is not recorded; the "
                                                                       "pool grants by age."), name=resident.name)
                elif age < rules.grant_min_age:
                    errors.add("resident", QT_TRANSLATE_NOOP("errors", "{name} is {age}; the pool grants hours from "
                                                                       "the age of {min}."),
                               name=resident.name, age=age, min=rules.grant_min_age)
            errors.raise_if_any()
            assert resident is not None
            pool = ledger.account(session, UNIT, AccountKind.POOL, "社区互助池")
            target = ledger.account(session, UNIT, AccountKind.PERSONAL, resident.name, owner=resident.id)
            entry = ledger.post(session, unit=UNIT, kind=EntryKind.GRANT,
                                legs=[Leg(pool.id, -minutes), Leg(target.id, minutes)], actor_id=actor.user_id,
                                approved_by_id=actor.user_id, memo="互助池发放", reason=reason, rule_set_id=rule.id,
                                step=rules.step_minutes, cap=rules.cap_minutes)
            return entry.id

    # --- reading balances -----------------------------------------------------------------------

    def balance(self, actor: Actor, resident_id: uuid.UUID) -> int:
        """A resident's hours in minutes, from the cached balance (0 if they never held any)."""
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            return ledger.holders(session, UNIT, [resident_id]).get(resident_id, 0)

    def pool_balance(self, actor: Actor) -> int:
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            pool = ledger.find_account(session, UNIT, AccountKind.POOL)
            return pool.balance if pool else 0

    def statement(self, actor: Actor, resident_id: uuid.UUID) -> Statement:
        """The passbook (存折) of a resident: every deposit, withdrawal and the running balance."""
        with self._db.reading() as session:
            staff = require(session, actor, Permission.TIMEBANK)
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            number = session.scalar(select(Volunteer.number).where(Volunteer.resident_id == resident_id)) or ""
            acct = ledger.find_account(session, UNIT, AccountKind.PERSONAL, resident_id)
            lines = ledger.statement(session, acct.id) if acct else []
            info = community_info(session, self._db.desk_code)
            return Statement(info.name, info.desk_name, info.desk_phone, resident.id, resident.name, number,
                             resident.household.address if resident.household else "", lines,
                             acct.balance if acct else 0, self._db.clock.now(), staff.display_name)

    def export_xlsx(self, actor: Actor, out: Path) -> tuple[int, int]:
        """Accounts and every movement to a workbook; returns (accounts, movements)."""
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            numbers = dict(session.execute(select(Volunteer.resident_id, Volunteer.number)).all())
            accounts = list(session.scalars(select(LedgerAccount).where(LedgerAccount.unit == UNIT)
                                            .order_by(LedgerAccount.kind, LedgerAccount.name)))
            names = {a.id: a for a in accounts}
            wb = Workbook()
            ws = wb.active
            assert ws is not None
            ws.title = "时间账户"
            ws.append([PERSONAL_DATA_NOTE])
            ws.append(["存折号", "户名", "账户类型", "结余（小时）", "结余（分钟）"])
            for a in accounts:
                ws.append(xlsx_safe([numbers.get(a.resident_id, "") if a.resident_id else "", a.name,
                                     labels.zh(a.kind), float(hours(a.balance)), a.balance]))
            mv = wb.create_sheet("时间流水")
            mv.append(["时间", "存折号", "户名", "摘要", "存入（小时）", "取出（小时）", "类别", "经办人", "原因",
                       "冲正的流水号", "流水号"])
            staff = dict(session.execute(select(Staff.id, Staff.display_name)).all())
            rows = session.execute(
                select(LedgerPosting.created_at, LedgerPosting.account_id, LedgerPosting.amount, LedgerEntry.memo,
                       LedgerEntry.kind, LedgerEntry.actor_id, LedgerEntry.reason, LedgerEntry.reverses_id,
                       LedgerEntry.id)
                .join(LedgerEntry, LedgerEntry.id == LedgerPosting.entry_id).where(LedgerEntry.unit == UNIT)
                .order_by(LedgerPosting.created_at, LedgerPosting.id).execution_options(yield_per=2000))
            moves = 0
            for at, account_id, amount, memo, kind, actor_id, reason, reverses, entry_id in rows:
                a = names[account_id]
                mv.append(xlsx_safe([local(at).strftime("%Y-%m-%d %H:%M"),
                                     numbers.get(a.resident_id, "") if a.resident_id else "", a.name, memo,
                                     float(hours(amount)) if amount > 0 else None,
                                     float(hours(-amount)) if amount < 0 else None, labels.zh(kind),
                                     staff.get(actor_id, ""), reason, str(reverses) if reverses else "",
                                     str(entry_id)]))
                moves += 1
            out.parent.mkdir(parents=True, exist_ok=True)
            wb.save(out)
            return len(accounts), moves
