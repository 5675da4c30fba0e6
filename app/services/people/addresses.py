"""The ways clerks write an address, in one place: 3-2-301 / 3-2 (building-unit-room), 3号楼2单元301室, 3栋2单元, 3号楼.
The look-up, the register's import and the duties read addresses through here; it imports nothing of the services,
so any of them may use it."""

from __future__ import annotations

import re

from app.services.core.validation import fold_width

DASHED_ADDRESS_RE = re.compile(r"^(?P<b>[1-9]\d{0,2})-(?P<u>\d{1,3})(?:-(?P<r>\d{1,5}))?$", re.ASCII)
WORDED_ADDRESS_RE = re.compile(
    r"^(?P<b>\d{1,4})\s*(?:号楼|号|栋|幢|楼)(?:\s*(?P<u>\d{1,3})\s*单元)?(?:\s*(?P<r>\d{1,5})\s*(?:室|号)?)?$",
    re.ASCII,
)
ROOM_PART_RE = re.compile(r"^\d{1,5}$", re.ASCII)


def address_match(text: str) -> re.Match[str] | None:
    """An address as written (building, and unit and room when given), or None."""
    return DASHED_ADDRESS_RE.match(text.replace(" ", "")) or WORDED_ADDRESS_RE.match(text)


def flat_address(text: str) -> tuple[str, str, str] | None:
    """A whole flat's address (building, unit, room) as typed, full-width digits too (３-２-３０１); else None."""
    found = address_match(fold_width(text))
    if found is None or not found.group("u") or not found.group("r"):
        return None
    return found.group("b"), found.group("u"), found.group("r")
