"""The intake form's draft: what was typed, as the JSON the draft store keeps (``DraftStore``, a file on this PC)
and back. Plain mapping, no widgets: the page collects the form and puts a ``Draft`` back into its fields."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.services.cases.intake import IntakeForm

DRAFT_FORM = "intake"  # the draft store's name for this form


@dataclass(frozen=True)
class Draft:
    """A draft as typed fields; anything missing or unreadable in the file comes back empty, never an error."""

    channel: str | None = None
    caller_phone: str = ""
    resident_id: uuid.UUID | None = None
    resident_text: str = ""
    category_id: str | None = None
    subcategory_id: str | None = None
    description: str = ""
    urgency: int | None = None
    scope: str | None = None
    department_ids: frozenset[str] = frozenset()
    deadline_at: datetime | None = None
    anonymous: bool = False
    new_resident: dict[str, object] | None = field(default=None, hash=False)


def to_json(form: IntakeForm, resident_id: uuid.UUID | None, resident_text: str,
            new_resident: dict[str, object] | None) -> dict[str, Any]:
    """What the draft store writes for the form as it is (the half-typed new resident too, if the panel is open)."""
    return {
        "channel": form.channel, "caller_phone": form.caller_phone,
        "resident_id": str(resident_id) if resident_id else None,
        "resident_text": resident_text,
        "category_id": str(form.category_id) if form.category_id else None,
        "subcategory_id": str(form.subcategory_id) if form.subcategory_id else None,
        "description": form.description, "urgency": form.urgency, "scope": form.scope,
        "department_ids": [str(d) for d in form.department_ids],
        "deadline_at": form.deadline_at.isoformat() if form.deadline_at else None,
        "anonymous": form.anonymous, "call_seconds": form.call_seconds,
        "new_resident": new_resident,
    }


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _when(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def from_json(fields: dict[str, Any]) -> Draft:
    """A draft file's fields, typed; a file from an older version or edited by hand gives what can be read."""
    urgency = fields.get("urgency")
    departments = fields.get("department_ids")
    new_resident = fields.get("new_resident")
    return Draft(
        channel=_text(fields.get("channel")) or None, caller_phone=_text(fields.get("caller_phone")),
        resident_id=_uuid(fields.get("resident_id")), resident_text=_text(fields.get("resident_text")),
        category_id=_text(fields.get("category_id")) or None,
        subcategory_id=_text(fields.get("subcategory_id")) or None,
        description=_text(fields.get("description")),
        urgency=urgency if isinstance(urgency, int) and not isinstance(urgency, bool) else None,
        scope=_text(fields.get("scope")) or None,
        department_ids=frozenset(d for d in departments if isinstance(d, str)) if isinstance(departments, list)
        else frozenset(),
        deadline_at=_when(fields.get("deadline_at")), anonymous=fields.get("anonymous") is True,
        new_resident=new_resident if isinstance(new_resident, dict) else None,
    )
