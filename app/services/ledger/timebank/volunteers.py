"""Volunteers of the time bank and the bank's rules: who may earn hours, and how they are counted."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    AccountKind,
    Household,
    Resident,
    RuleSet,
    ServiceType,
    Volunteer,
    VolunteerStatus,
)
from app.services.core.auth import Actor, Permission, allowed, require
from app.services.core.clock import local
from app.services.core.errors import (
    QT_TRANSLATE_NOOP,
    FieldErrors,
    ValidationError,
)
from app.services.ledger import posting as ledger
from app.services.ledger.timebank import common
from app.services.ledger.timebank.common import BankService
from app.services.ledger.timebank.data import (
    MAX_LIST,
    SCOPE,
    STEPS,
    UNIT,
    NewVolunteer,
    Rules,
    RulesInfo,
    VolunteerInfo,
)
from app.services.people.residents import ResidentService, age_on, current_residents


class VolunteerService(BankService):
    """Register and look up volunteers; read and change the rules."""

    def rules(self, actor: Actor) -> RulesInfo:
        with self._db.reading() as session:
            require(session, actor, Permission.TIMEBANK)
            row = common.rule_row(session)
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
            current = common.rule_row(session)
            row = RuleSet(scope=SCOPE, version=(current.version if current else 0) + 1, values=asdict(rules),
                          created_by_id=actor.user_id)
            session.add(row)
            session.flush()
            return RulesInfo(row.version, rules, row.created_at)

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
            volunteer = common.get_volunteer(session, volunteer_id)
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
            else:  # moved away, died or merged into another record: out of the list, like out of the look-up
                stmt = stmt.where(current_residents()).order_by(Volunteer.number)
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
            return self._volunteer_info(session, common.get_volunteer(session, volunteer_id))

    def _volunteer_info(self, session: Session, v: Volunteer) -> VolunteerInfo:
        balances = ledger.holders(session, UNIT, [v.resident_id])
        return self._info(v, balances.get(v.resident_id, 0), local(self._db.clock.now()).date())

    @staticmethod
    def _info(v: Volunteer, balance: int, today: date) -> VolunteerInfo:
        r = v.resident
        return VolunteerInfo(v.id, r.id, v.number, r.name, r.phone, r.household.address if r.household else "",
                             age_on(r.birth_date, today), tuple(v.skills), v.availability, v.status, balance,
                             v.created_at)
