"""Rows whose identity is their natural key within a community: a flat (building, unit, room), a class's code, an
account's user name, a request's department. Two desks apart may each create "the same" row; a key made from the
natural key (a UUIDv5 of the community, the table and the key's values) makes them the same row, so they merge when
the desks sync instead of clashing on the unique constraint (issue 21). Each entry names a unique constraint of its
table (tests/unit/test_natural_keys.py); rows made before this rule keep their time-ordered keys. Request classes
keep theirs: the request list groups by class in the order the catalogue was made (its keys grow with it), and classes
are the community's reference data, kept on one desk."""

from __future__ import annotations

import uuid

NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "household": ("building", "unit", "room"),
    "building": ("number",),
    "grid": ("code",),
    "department": ("name",),
    "staff": ("username",),
    "desk": ("code",),
    "tag": ("code",),
    "calendar_day": ("day",),
    "ledger_account": ("code",),
    "rule_set": ("scope", "version"),
    "message_template": ("kind", "channel"),
    "case_department": ("case_id", "department_id"),
    "case_reporter": ("case_id", "resident_id"),
    "household_tag": ("household_id", "tag"),
    "person_tag": ("resident_id", "tag"),
    "volunteer": ("resident_id",),
    "family_link": ("holder_id", "relative_id"),
    "partner": ("name",),
    "points_merchant": ("partner_id",),
    "volunteer_team": ("name",),
    "council_topic": ("meeting_id", "case_id"),
    "job_case": ("case_id",),
}

NAMESPACE = uuid.UUID("6f1d2c3e-8a4b-5c6d-9e0f-1a2b3c4d5e6f")


def natural_id(community: uuid.UUID | None, table: str, values: tuple[object, ...]) -> uuid.UUID:
    """The key of a row with this natural key in this community."""
    spelled = "/".join("" if v is None else str(getattr(v, "value", v)) for v in values)
    return uuid.uuid5(NAMESPACE, f"{community or ''}/{table}/{spelled}")
