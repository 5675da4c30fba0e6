"""The demo's people beyond their names (issue 19): each member's relation to the head of the household (the first
of a household is its head), and the community's own person tags (失能, 低保, 退役军人) on a few of them, chosen from
what the seeds say the community looks after (seed 000: 独居、失能、贫困 are the three groups visited first)."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy.orm import Session

from app.demo.data import HouseholdSpec, ResidentSpec
from app.domain.enums import DutyCycle, HouseholdRole, TagKind
from app.models import Tag

#: (code, name, colour, service, visit cycle): the community's own tags on people.
PERSON_TAGS = (
    ("disabled_care", "失能", "#7F8C8D", "上门照护", DutyCycle.MONTHLY),
    ("low_income", "低保", "#F1C40F", "", None),
    ("veteran", "退役军人", "#16A085", "", None),
)


def add_tags(session: Session) -> None:
    for order, (code, name, colour, service, cycle) in enumerate(PERSON_TAGS, start=10):
        session.add(Tag(code=code, name=name, colour=colour, kind=TagKind.PERSON, service=service, visit_cycle=cycle,
                        visit_every=1, sort_order=order, active=True))


def relation(household: HouseholdSpec, person: ResidentSpec) -> HouseholdRole:
    """The head is the first; a partner is of the other sex within twelve years; a generation is eighteen years."""
    head = household.residents[0]
    if person is head:
        return HouseholdRole.HEAD
    if "rented" in household.tags:
        return HouseholdRole.TENANT
    years = (person.birth_date - head.birth_date).days / 365.25
    if person.gender != head.gender and abs(years) < 12:
        return HouseholdRole.SPOUSE
    if years >= 36:
        return HouseholdRole.GRANDCHILD
    if years >= 16:
        return HouseholdRole.CHILD
    if years <= -16:
        return HouseholdRole.PARENT
    return HouseholdRole.OTHER


def person_tags(person: ResidentSpec, today: date) -> list[str]:
    """A stable few: one in three of those over 85 失能, one in twelve adults 低保, one in six men over 60 退役军人."""
    age = (today - person.birth_date).days // 365
    draw = int(hashlib.sha256(person.id_number.encode()).hexdigest()[:8], 16)
    tags = []
    if age >= 85 and draw % 3 == 0:
        tags.append("disabled_care")
    if age >= 18 and draw % 12 == 1:
        tags.append("low_income")
    if age >= 60 and person.gender == "M" and draw % 6 == 2:
        tags.append("veteran")
    return tags
