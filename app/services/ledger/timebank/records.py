"""Service records (服务记录): a service goes pending -> verified -> credited (or rejected); crediting posts exactly
once, and a mistake is corrected by reversing the entry. The limits (daily maximum, storage cap, rounding step) are
checked in the transaction that posts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AccountKind,
    EntryKind,
    LedgerEntry,
    RecordStatus,
    Resident,
    ServiceActivity,
    ServiceRecord,
    ServiceType,
    Volunteer,
    VolunteerStatus,
)
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.errors import (
    QT_TRANSLATE_NOOP,
    Conflict,
    DomainError,
    FieldErrors,
    NotFound,
    ValidationError,
)
from app.services.core.validation import check_reason
from app.services.ledger import posting as ledger
from app.services.ledger.points.rules import award_for_service, revoke_for_service
from app.services.ledger.posting import Leg, hours
from app.services.ledger.timebank import common
from app.services.ledger.timebank.common import BankService
from app.services.ledger.timebank.data import (
    LIVE,
    MAX_GROUP,
    MAX_LIST,
    NOTE_LIMIT,
    UNIT,
    GroupInput,
    RecordFilter,
    RecordInfo,
    Rules,
    ServiceInput,
    round_to_step,
)
from app.services.ledger.timebank.teams import team_for_activity


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, LOCAL_TZ)


class ServiceRecordService(BankService):
    """Record, verify, credit, reject and reverse services."""

    def record(self, actor: Actor, data: ServiceInput) -> RecordInfo:
        """Record one service as pending: it earns nothing until verified and credited."""
        now = self._db.clock.now()
        errors = FieldErrors()
        service_type = common.service_type(errors, data.service_type)
        notes = common.notes(errors, data.notes)
        span = self._span(errors, data.day, data.start, data.end, data.duration_minutes, now)
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            _rule, rules = common.rules_in_force(session)
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
        service_type = common.service_type(errors, data.service_type)
        notes = common.notes(errors, data.notes)
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
            if data.team_id is not None:  # a team's activity: the team's keeper records it (and it must be active)
                require(session, actor, Permission.TEAMS)
                team_for_activity(errors, session, data.team_id)
            _rule, rules = common.rules_in_force(session)
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
                                       start_at=span[0], end_at=span[1], recorded_by_id=actor.user_id,
                                       team_id=data.team_id)
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
            _rule, rules = common.rules_in_force(session)
            records = self._records_for_update(session, record_ids)
            for rec in records:
                if rec.status is not RecordStatus.PENDING:
                    raise Conflict(QT_TRANSLATE_NOOP("errors", "The record of {name} on {day} is {status}, not "
                                                               "pending."), name=rec.volunteer.resident.name,
                                   day=f"{rec.service_day:%m-%d}", status=labels.zh(rec.status))
                if rec.recorded_by_id == actor.user_id:
                    self._check_four_eyes(session, rec, rules, QT_TRANSLATE_NOOP(
                        "errors", "{name} has {total} hours of service on {day} in {n} record(s), over {hours} "
                        "hours: someone other than the person who recorded them must verify them. The limit is on "
                        "the volunteer's day, not on one record."))
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
            rule, rules = common.rules_in_force(session)
            records = self._records_for_update(session, record_ids)
            issue = ledger.account(session, UNIT, AccountKind.ISSUE, "服务时间发放")
            for rec in records:
                if rec.status is not RecordStatus.VERIFIED:
                    raise Conflict(QT_TRANSLATE_NOOP("errors", "The record of {name} on {day} is {status}; only a "
                                                               "verified record can be credited."),
                                   name=rec.volunteer.resident.name, day=f"{rec.service_day:%m-%d}",
                                   status=labels.zh(rec.status))
                self._check_daily_credit(session, rec, rules)
                if rec.recorded_by_id == rec.verified_by_id == actor.user_id:
                    # Verified by its own recorder while the day was small; the day has grown since.
                    self._check_four_eyes(session, rec, rules, QT_TRANSLATE_NOOP(
                        "errors", "{name} has {total} hours of service on {day} in {n} record(s), over {hours} "
                        "hours, and you recorded and verified this one yourself: someone else must credit it."))
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
    def _check_four_eyes(session: Session, rec: ServiceRecord, rules: Rules, message: str) -> None:
        """The four-eyes rule looks at the volunteer's whole day, not at one record: two records of 3 h 45 on one
        day are 7 h 30 for one person, and one officer alone may not record, verify and credit that. Counted are
        the records that hold time that day (pending, verified, credited), this one among them."""
        total, count = session.execute(select(
            func.coalesce(func.sum(ServiceRecord.minutes), 0), func.count(ServiceRecord.id)).where(
            ServiceRecord.volunteer_id == rec.volunteer_id, ServiceRecord.service_day == rec.service_day,
            ServiceRecord.status.in_(LIVE))).one()
        if int(total) > rules.four_eyes_minutes:
            raise Conflict(message, name=rec.volunteer.resident.name, total=hours(int(total)),
                           day=f"{rec.service_day:%m-%d}", n=int(count), hours=hours(rules.four_eyes_minutes))

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
        errors = FieldErrors()
        reason = check_reason(errors, reason, NOTE_LIMIT)
        errors.raise_if_any()
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
        staff = common.staff_names(session, {x for r in records for x in (r.recorded_by_id, r.verified_by_id) if x})
        return [self._info_of(r, staff) for r in records]

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
        errors = FieldErrors()
        reason = check_reason(errors, reason)
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            rule, _rules = common.rules_in_force(session)
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
