"""Spending hours: taken out for a service (取出), given to family, donated to the pool, or granted from it."""

from __future__ import annotations

import uuid

from app.models import (
    AccountKind,
    EntryKind,
    Redemption,
    Resident,
)
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.errors import (
    QT_TRANSLATE_NOOP,
    FieldErrors,
)
from app.services.core.validation import check_reason
from app.services.ledger import posting as ledger
from app.services.ledger.posting import Leg
from app.services.ledger.timebank import common
from app.services.ledger.timebank.common import BankService
from app.services.ledger.timebank.data import (
    NOTE_LIMIT,
    UNIT,
    RedemptionInput,
)
from app.services.people.residents import age_on


class SpendingService(BankService):
    """Redeem, transfer, donate and grant hours; every limit is checked where it posts."""

    def redeem(self, actor: Actor, data: RedemptionInput) -> uuid.UUID:
        """The holder or an approved relative receives a service; the hours are taken out (取出)."""
        now = self._db.clock.now()
        errors = FieldErrors()
        service_type = common.service_type(errors, data.service_type)
        notes = common.notes(errors, data.notes)
        if len(data.provider.strip()) > 60:
            errors.add("provider", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=60)
        if data.day is None:
            errors.add("day", QT_TRANSLATE_NOOP("errors", "Please give the date of the service."))
        elif data.day > local(now).date():
            errors.add("day", QT_TRANSLATE_NOOP("errors", "A service in the future cannot be recorded yet."))
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            rule, rules = common.rules_in_force(session)
            common.amount(errors, "minutes", data.minutes, rules)
            holder = session.get(Resident, data.holder_id) if data.holder_id else None
            if holder is None:
                errors.add("holder", QT_TRANSLATE_NOOP("errors", "Please choose whose hours are used."))
            beneficiary = session.get(Resident, data.beneficiary_id) if data.beneficiary_id else None
            link = None
            if beneficiary is None:
                errors.add("beneficiary", QT_TRANSLATE_NOOP("errors", "Please choose who receives the service."))
            elif holder is not None and beneficiary.id != holder.id:
                link = common.link_between(session, holder.id, beneficiary.id)
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
        note = common.notes(errors, note)
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            rule, rules = common.rules_in_force(session)
            common.amount(errors, "minutes", minutes, rules)
            holder = session.get(Resident, holder_id) if holder_id else None
            relative = session.get(Resident, relative_id) if relative_id else None
            if holder is None:
                errors.add("holder", QT_TRANSLATE_NOOP("errors", "Please choose whose hours are used."))
            link = None
            if relative is None or (holder is not None and relative.id == holder.id):
                errors.add("beneficiary", QT_TRANSLATE_NOOP("errors", "Please choose the family member."))
            elif holder is not None:
                link = common.link_between(session, holder.id, relative.id)
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
        note = common.notes(errors, note)
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK)
            rule, rules = common.rules_in_force(session)
            common.amount(errors, "minutes", minutes, rules)
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
        reason = check_reason(errors, reason, NOTE_LIMIT)
        with self._db.transaction() as session:
            require(session, actor, Permission.TIMEBANK_GRANT)
            rule, rules = common.rules_in_force(session)
            common.amount(errors, "minutes", minutes, rules)
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
