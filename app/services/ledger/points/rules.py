"""Earning points: the earning rules (each change a new version of the ``points`` rule set that entries name), awards
to one resident or everyone at an event (all or none, within the rule's caps), revoking a mistaken award, and what
the time bank calls when verified service is credited or reversed (``award_for_service``, ``revoke_for_service``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AccountKind,
    EarnKind,
    EarnRule,
    EntryKind,
    LedgerEntry,
    PointsAward,
    Resident,
    ServiceRecord,
)
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound
from app.services.core.validation import check_length, check_reason
from app.services.ledger import posting as ledger
from app.services.ledger.points.common import (
    ISSUE_NAME,
    award_infos,
    check_choice,
    check_count,
    check_note,
    current_rule_set,
    local_day,
    new_rule_set,
    personal_account,
)
from app.services.ledger.points.data import (
    MAX_EVENT,
    MAX_LIST,
    MAX_POINTS,
    MAX_VALID_DAYS,
    NOTE_LIMIT,
    UNIT,
    AwardInfo,
    AwardInput,
    RuleInfo,
    RuleInput,
)
from app.services.ledger.posting import InsufficientBalance, Leg


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
    if points <= 0 or (expires_on is not None and expires_on < local_day(now)):
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
                              rule_set_id=current_rule_set(session).id, memo_prefix="撤销积分：")
    except InsufficientBalance as exc:
        raise Conflict(QT_TRANSLATE_NOOP(
            "errors", "This service earned {name} {points} points, of which {have} are left (the rest were redeemed "
            "or have lapsed): the points cannot be taken back, so the entry is not reversed. Cancelling an unused "
            "voucher of theirs first gives points back."),
            name=award.resident.name, points=award.points, have=held) from exc


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


def _post_award(session: Session, rule: EarnRule, resident: Resident, points: int, earned_on: date,
                actor_id: uuid.UUID, *, memo: str, event: str = "", note: str = "",
                reference: str | None = None) -> PointsAward:
    issue = ledger.account(session, UNIT, AccountKind.ISSUE, ISSUE_NAME)
    personal = personal_account(session, resident)
    entry = ledger.post(session, unit=UNIT, kind=EntryKind.EARN, legs=[Leg(issue.id, -points),
                                                                       Leg(personal.id, points)],
                        actor_id=actor_id, memo=memo, reason=note, rule_set_id=current_rule_set(session).id)
    award = PointsAward(resident_id=resident.id, rule_id=rule.id, points=points, earned_on=earned_on,
                        expires_on=_expires_on(rule, earned_on), event=event, note=note, reference=reference,
                        entry_id=entry.id, actor_id=actor_id)
    session.add(award)
    session.flush()
    return award


class PointsRulesService:
    """The earning rules, and awarding and revoking points."""

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
        kind = check_choice(errors, "kind", EarnKind, data.kind, QT_TRANSLATE_NOOP("errors", "Please choose what "
                                                                                          "earns the points."))
        name = check_length(errors, "name", data.name, 40)
        note = check_note(errors, data.note)
        check_count(errors, "points", data.points, 1, MAX_POINTS)
        for key, value in (("daily_cap", data.daily_cap), ("monthly_cap", data.monthly_cap)):
            if value is not None:
                check_count(errors, key, value, data.points if data.points > 0 else 1, MAX_POINTS * 100)
        if data.daily_cap is not None and data.monthly_cap is not None and data.monthly_cap < data.daily_cap:
            errors.add("monthly_cap", QT_TRANSLATE_NOOP("errors", "The monthly cap cannot be below the daily cap."))
        if data.valid_days is not None:
            check_count(errors, "valid_days", data.valid_days, 1, MAX_VALID_DAYS)
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
            new_rule_set(session, actor.user_id)
            return self._rule_info(rule)

    @staticmethod
    def _rule_info(r: EarnRule) -> RuleInfo:
        return RuleInfo(r.id, r.kind, r.name, r.points, r.daily_cap, r.monthly_cap, r.valid_days, r.active, r.note)

    # --- awards -------------------------------------------------------------------------------------

    def award(self, actor: Actor, data: AwardInput) -> list[AwardInfo]:
        """Points to one resident or to everyone at an event, in one transaction: all or none."""
        errors = FieldErrors()
        now = self._db.clock.now()
        today = local_day(now)
        event = data.event.strip()
        if len(event) > 60:
            errors.add("event", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=60)
        note = check_note(errors, data.note)
        ids = list(dict.fromkeys(data.resident_ids))
        if not ids:
            errors.add("residents", QT_TRANSLATE_NOOP("errors", "Please choose who earns the points."))
        elif len(ids) > MAX_EVENT:
            errors.add("residents", QT_TRANSLATE_NOOP("errors", "At most {n} residents at once."), n=MAX_EVENT)
        check_count(errors, "quantity", data.quantity, 1, 24)
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
            return award_infos(session, awards)

    def awards(self, actor: Actor, resident_id: uuid.UUID | None = None, limit: int = MAX_LIST) -> list[AwardInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.POINTS)
            stmt = select(PointsAward).options(selectinload(PointsAward.resident), selectinload(PointsAward.rule))
            if resident_id is not None:
                stmt = stmt.where(PointsAward.resident_id == resident_id)
            found = list(session.scalars(stmt.order_by(PointsAward.created_at.desc(), PointsAward.id).limit(limit)))
            return award_infos(session, found)

    def revoke_award(self, actor: Actor, award_id: uuid.UUID, reason: str) -> uuid.UUID:
        """Correct a mistaken award by reversing its entry; refused if the points were already spent."""
        errors = FieldErrors()
        reason = check_reason(errors, reason)
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.POINTS_RULES)
            award = session.get(PointsAward, award_id)
            if award is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "This award does not exist."))
            entry = ledger.reverse(session, award.entry_id, actor_id=actor.user_id, reason=reason[:NOTE_LIMIT],
                                   rule_set_id=current_rule_set(session).id, memo_prefix="撤销积分：")
            return entry.id
