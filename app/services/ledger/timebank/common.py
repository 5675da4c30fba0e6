"""What the time bank's services share: the rules in force, the checks of a form's common fields, staff names,
a volunteer by id and the approved family links. Module functions, so no service copies another's."""

from __future__ import annotations

import uuid
from dataclasses import asdict

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import FamilyLink, LinkStatus, RuleSet, ServiceType, Staff, Volunteer
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, ValidationError
from app.services.ledger.timebank.data import NOTE_LIMIT, SCOPE, Rules


class BankService:
    """The base of the time bank's services: each holds the database and nothing else."""

    def __init__(self, db: Database) -> None:
        self._db = db


def rule_row(session: Session) -> RuleSet | None:
    return session.scalar(select(RuleSet).where(RuleSet.scope == SCOPE).order_by(RuleSet.version.desc()).limit(1))


def rules_in_force(session: Session) -> tuple[RuleSet, Rules]:
    row = rule_row(session)
    if row is None:  # the defaults become version 1 the first time anything is posted
        row = RuleSet(scope=SCOPE, version=1, values=asdict(Rules()))
        session.add(row)
        session.flush()
    return row, Rules.from_values(row.values)


def service_type(errors: FieldErrors, value: str) -> ServiceType | None:
    try:
        return ServiceType(value)
    except ValueError:
        errors.add("service_type", QT_TRANSLATE_NOOP("errors", "Please choose the kind of service."))
        return None


def notes(errors: FieldErrors, text: str) -> str:
    text = text.strip()
    if len(text) > NOTE_LIMIT:
        errors.add("notes", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=NOTE_LIMIT)
    return text


def amount(errors: FieldErrors, key: str, minutes: int, rules: Rules) -> None:
    if minutes <= 0:
        errors.add(key, QT_TRANSLATE_NOOP("errors", "Please give the number of hours."))
    elif minutes % rules.step_minutes:
        errors.add(key, QT_TRANSLATE_NOOP("errors", "Hours are counted in steps of {step} minutes."),
                   step=rules.step_minutes)


def staff_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(ids))).all())


def get_volunteer(session: Session, volunteer_id: uuid.UUID | None) -> Volunteer:
    volunteer = session.get(Volunteer, volunteer_id) if volunteer_id else None
    if volunteer is None:
        raise ValidationError.single("volunteer", QT_TRANSLATE_NOOP("errors", "Please choose a volunteer."))
    return volunteer


def approved_links(session: Session, resident_id: uuid.UUID) -> list[FamilyLink]:
    return list(session.scalars(select(FamilyLink).where(
        FamilyLink.status == LinkStatus.APPROVED,
        or_(FamilyLink.holder_id == resident_id, FamilyLink.relative_id == resident_id))))


def link_between(session: Session, a: uuid.UUID, b: uuid.UUID) -> FamilyLink | None:
    return next((x for x in approved_links(session, a) if b in (x.holder_id, x.relative_id)), None)
