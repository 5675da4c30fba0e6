"""The checks of a partner's own fields, shared by the resource list and the points merchants (one register): a name
no other partner has, a phone that is a phone, the lengths, and (on the resource list) some way to reach it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Partner
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors
from app.services.core.validation import check_length, check_phone

NAME_MAX, CONTACT_MAX, PHONE_MAX, ADDRESS_MAX, NOTE_MAX = 60, 30, 20, 80, 200


@dataclass(frozen=True)
class PartnerFields:
    """A partner's fields after their checks (normalised text, the phone as the desk writes it)."""

    name: str
    contact: str
    phone: str
    address: str
    note: str


def check_partner_fields(errors: FieldErrors, name: str, contact: str, phone: str, address: str,
                         note: str) -> PartnerFields:
    """The partner's fields checked: a contact person or a phone is required, on the resource list and for a points
    merchant alike (one register: a resource nobody can reach is no resource)."""
    name_ = check_length(errors, "name", name, NAME_MAX)
    contact_ = check_length(errors, "contact", contact, CONTACT_MAX, required=False)
    phone_ = check_phone(errors, "phone", phone)
    address_ = check_length(errors, "address", address, ADDRESS_MAX, required=False)
    note_ = check_length(errors, "note", note, NOTE_MAX, required=False)
    if not contact_ and not phone.strip():
        errors.add("contact", QT_TRANSLATE_NOOP("errors", "Please give a contact person or a phone number: a "
                                                          "resource nobody can reach cannot help."))
    return PartnerFields(name_, contact_, phone_, address_, note_)


def check_name_free(session: Session, errors: FieldErrors, name: str, partner_id: uuid.UUID | None) -> None:
    """No two partners (merchants included) share a name."""
    if name and session.scalar(select(Partner.id).where(Partner.name == name, Partner.id != partner_id)):
        errors.add("name", QT_TRANSLATE_NOOP("errors", "There is already a partner called {name} on the resource "
                                                       "list."), name=name)


def apply_partner_fields(partner: Partner, fields: PartnerFields) -> None:
    partner.name, partner.contact, partner.phone = fields.name, fields.contact, fields.phone
    partner.address, partner.note = fields.address, fields.note
