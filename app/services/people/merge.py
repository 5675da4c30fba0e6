"""Merging two records of the same person: the duplicate is kept, marked merged, and everything of theirs moves on.

Nothing of the history is rewritten:
- requests: each request the duplicate reported gets a ``resident_merged`` event on its timeline (from, to, and the
  reason), and its resident (a plain column, not one the timeline folds) is the survivor from then on; the
  duplicate's reporter rows move with it unless the survivor reported the same request too;
- balances: one ledger entry per unit (kind ``merge``) takes the duplicate's whole balance out of their personal
  account into the survivor's: the postings before it stay in the duplicate's passbook, the survivor's shows the
  merge. Points that had lapsed are expired first; the points that move keep their own expiry dates (the
  survivor's lots are replayed through the merge entry: app.services.ledger.points.common.lots_of);
- the volunteer record (time bank): re-pointed to the survivor when they have none, so service not yet credited is
  credited to them; when both have one the duplicate's is closed (退出), refused while it has service not credited;
- family links: re-pointed to the survivor, except a link between the two or one the survivor already has;
- blank fields of the survivor (phone, ID number, flat) are filled from the duplicate.
Refused: a record into itself, into or from a merged or erased record, two different ID numbers, vouchers of the
duplicate not yet honoured (their cancellation would refund the duplicate).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models import (
    AccountKind,
    Case,
    CaseReporter,
    EntryKind,
    EventKind,
    FamilyLink,
    RecordStatus,
    Resident,
    ResidentStatus,
    ServiceRecord,
    Unit,
    Volunteer,
    VolunteerStatus,
    Voucher,
    VoucherStatus,
)
from app.services.cases.timeline import append_event
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, Message, NotFound, ValidationError
from app.services.core.validation import check_reason
from app.services.ledger import posting as ledger
from app.services.ledger.points import common as points
from app.services.ledger.posting import Leg
from app.services.ledger.timebank import common as bank
from app.services.people.residents import ResidentSummary, is_erased, summarize

REASON_MAX = 200


@dataclass(frozen=True)
class MergePreview:
    """What a merge of ``duplicate`` into ``survivor`` moves; ``problem`` is why it would be refused ("" if not)."""

    duplicate: ResidentSummary
    survivor: ResidentSummary
    cases: int       # requests the duplicate reported (as the resident or as one more household)
    points: int      # the duplicate's points balance (before lapsed points expire)
    minutes: int     # the duplicate's time-bank balance
    volunteer: str   # the duplicate's volunteer number, "" if none
    problem: Message | None = None  # why it would be refused


@dataclass(frozen=True)
class MergeResult:
    survivor: ResidentSummary
    cases: int
    points: int
    minutes: int
    volunteer_moved: bool


def preview(session: Session, duplicate_id: uuid.UUID, survivor_id: uuid.UUID, today: date) -> MergePreview:
    dup, keep = _pair(session, duplicate_id, survivor_id)
    problem = None
    try:
        _refusals(session, dup, keep)
    except (Conflict, ValidationError) as exc:
        problem = exc.message
    balances = {unit: _balance(session, unit, dup.id) for unit in Unit}
    volunteer = session.scalar(select(Volunteer.number).where(Volunteer.resident_id == dup.id)) or ""
    return MergePreview(summarize(dup, today, 0), summarize(keep, today, 0), len(_cases_of(session, dup.id)),
                        balances[Unit.POINTS], balances[Unit.MINUTES], volunteer, problem)


def merge(session: Session, actor_id: uuid.UUID, duplicate_id: uuid.UUID, survivor_id: uuid.UUID, reason: str,
          today: date) -> MergeResult:
    errors = FieldErrors()
    reason = check_reason(errors, reason, REASON_MAX)
    errors.raise_if_any()
    dup, keep = _pair(session, duplicate_id, survivor_id)
    _refusals(session, dup, keep)
    cases = _move_cases(session, actor_id, dup, keep, reason)
    moved = {unit: _move_balance(session, actor_id, unit, dup, keep, reason) for unit in Unit}
    volunteer_moved = _move_volunteer(session, dup, keep)
    _move_links(session, dup, keep)
    _fill_blanks(dup, keep)
    dup.status, dup.status_on, dup.merged_into_id = ResidentStatus.MERGED, today, keep.id
    session.flush()
    return MergeResult(summarize(keep, today, 0), cases, moved[Unit.POINTS],
                       moved[Unit.MINUTES], volunteer_moved)


def _pair(session: Session, duplicate_id: uuid.UUID, survivor_id: uuid.UUID) -> tuple[Resident, Resident]:
    if duplicate_id == survivor_id:
        raise ValidationError.single("survivor", QT_TRANSLATE_NOOP(
            "errors", "Please choose another record to keep: a record cannot be merged into itself."))
    dup, keep = session.get(Resident, duplicate_id), session.get(Resident, survivor_id)
    if dup is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
    if keep is None:
        raise ValidationError.single("survivor", QT_TRANSLATE_NOOP("errors", "Please choose the record to keep."))
    return dup, keep


def _refusals(session: Session, dup: Resident, keep: Resident) -> None:
    if dup.status is ResidentStatus.MERGED:
        raise Conflict(QT_TRANSLATE_NOOP("errors", "{name} was already merged into another record."), name=dup.name)
    if keep.status is ResidentStatus.MERGED:
        raise ValidationError.single("survivor", QT_TRANSLATE_NOOP(
            "errors", "{name} was merged into another record; choose that record to keep."), name=keep.name)
    if is_erased(dup) or is_erased(keep):
        raise ValidationError.single("survivor", QT_TRANSLATE_NOOP(
            "errors", "A record whose personal data was erased cannot be merged."))
    if dup.id_number and keep.id_number and dup.id_number != keep.id_number:
        raise ValidationError.single("survivor", QT_TRANSLATE_NOOP(
            "errors", "The two records have different ID numbers: they are not the same person. Correct the "
            "wrong number first if one of them is a typing mistake."))
    vouchers = session.scalar(select(func.count()).select_from(Voucher).where(
        Voucher.resident_id == dup.id, Voucher.status == VoucherStatus.ISSUED)) or 0
    if vouchers:
        raise Conflict(QT_TRANSLATE_NOOP(
            "errors", "{name} holds {n} points voucher(s) not yet honoured. Honour or cancel them first, then "
            "merge."), name=dup.name, n=vouchers)
    theirs = session.scalar(select(Volunteer).where(Volunteer.resident_id == dup.id))
    ours = session.scalar(select(Volunteer.id).where(Volunteer.resident_id == keep.id))
    if theirs is not None and ours is not None:
        waiting = session.scalar(select(func.count()).select_from(ServiceRecord).where(
            ServiceRecord.volunteer_id == theirs.id,
            ServiceRecord.status.in_((RecordStatus.PENDING, RecordStatus.VERIFIED)))) or 0
        if waiting:
            raise Conflict(QT_TRANSLATE_NOOP(
                "errors", "Both records are registered volunteers and {number} has {n} service record(s) not yet "
                "credited. Credit or reject them first, then merge."), number=theirs.number, n=waiting)


def _cases_of(session: Session, resident_id: uuid.UUID) -> list[Case]:
    reported = select(CaseReporter.case_id).where(CaseReporter.resident_id == resident_id)
    return list(session.scalars(select(Case).where(or_(Case.resident_id == resident_id, Case.id.in_(reported)))
                                .order_by(Case.created_at, Case.id)))


def _move_cases(session: Session, actor_id: uuid.UUID, dup: Resident, keep: Resident, reason: str) -> int:
    """Every request the duplicate reported: an event on its timeline, then its resident and reporter rows."""
    cases = _cases_of(session, dup.id)
    data = {"from": str(dup.id), "to": str(keep.id), "from_name": dup.name, "to_name": keep.name}
    for case in cases:
        append_event(session, case, EventKind.RESIDENT_MERGED, actor_id, note=reason, data=dict(data))
        if case.resident_id == dup.id:
            case.resident_id = keep.id
    reporters = list(session.scalars(select(CaseReporter).where(CaseReporter.resident_id == dup.id)))
    already = set(session.scalars(select(CaseReporter.case_id).where(
        CaseReporter.resident_id == keep.id, CaseReporter.case_id.in_([r.case_id for r in reporters]))))
    for row in reporters:
        if row.case_id not in already:  # else both reported it: the duplicate's row stays, as it was recorded
            row.resident_id = keep.id
    return len(cases)


def _balance(session: Session, unit: Unit, resident_id: uuid.UUID) -> int:
    acct = ledger.find_account(session, unit, AccountKind.PERSONAL, resident_id)
    return acct.balance if acct is not None else 0


def _move_balance(session: Session, actor_id: uuid.UUID, unit: Unit, dup: Resident, keep: Resident,
                  reason: str) -> int:
    """One entry moving the duplicate's whole balance of ``unit`` to the survivor (no cap: nothing is earned)."""
    source = ledger.find_account(session, unit, AccountKind.PERSONAL, dup.id)
    if source is None or source.balance == 0:
        return 0
    if unit is Unit.POINTS:
        rule_set_id = points.current_rule_set(session).id
        points.expire_lapsed(session, dup, actor_id, rule_set_id)  # lapsed points do not come back to life
    else:
        rule_set_id = bank.rules_in_force(session)[0].id
    amount = ledger.balance(session, source.id)
    if amount == 0:
        return 0
    target = ledger.account(session, unit, AccountKind.PERSONAL, keep.name, owner=keep.id)
    ledger.post(session, unit=unit, kind=EntryKind.MERGE, legs=[Leg(source.id, -amount), Leg(target.id, amount)],
                actor_id=actor_id, memo=f"合并重复登记：{dup.name} → {keep.name}", reason=reason,
                rule_set_id=rule_set_id)
    return amount


def _move_volunteer(session: Session, dup: Resident, keep: Resident) -> bool:
    theirs = session.scalar(select(Volunteer).where(Volunteer.resident_id == dup.id))
    if theirs is None:
        return False
    if session.scalar(select(Volunteer.id).where(Volunteer.resident_id == keep.id)) is None:
        theirs.resident_id = keep.id
        return True
    theirs.status = VolunteerStatus.LEFT
    return False


def _move_links(session: Session, dup: Resident, keep: Resident) -> None:
    links = list(session.scalars(select(FamilyLink).where(
        or_(FamilyLink.holder_id == dup.id, FamilyLink.relative_id == dup.id))))
    pairs = {(holder, relative) for holder, relative in session.execute(
        select(FamilyLink.holder_id, FamilyLink.relative_id).where(
            or_(FamilyLink.holder_id == keep.id, FamilyLink.relative_id == keep.id)))}
    for link in links:
        holder = keep.id if link.holder_id == dup.id else link.holder_id
        relative = keep.id if link.relative_id == dup.id else link.relative_id
        if holder == relative or (holder, relative) in pairs:
            continue  # a link between the two records, or one the survivor has already: it stays as it was
        link.holder_id, link.relative_id = holder, relative
        pairs.add((holder, relative))


def _fill_blanks(dup: Resident, keep: Resident) -> None:
    """What the survivor's record lacks and the duplicate's has."""
    if not keep.phone and dup.phone:
        keep.phone, keep.phone_last4 = dup.phone, dup.phone_last4
    if not keep.id_number and dup.id_number:
        keep.id_number, keep.birth_date = dup.id_number, dup.birth_date
        if keep.gender is None:
            keep.gender = dup.gender
    if keep.household_id is None and dup.household is not None:
        keep.household_id, keep.household = dup.household_id, dup.household
