"""What the set-up screens share: order within a list, whole numbers in a range, and the rule that nothing history
refers to is deleted (only retired), with a message that says where it is used."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound

M = TypeVar("M")


class Ordered(Protocol):
    sort_order: int


def existing(session: Session, model: type[M], item_id: uuid.UUID, gone: str) -> M:
    """The item of ``model`` with this id, or NotFound with ``gone`` (another desk deleted it meanwhile)."""
    item = session.get(model, item_id)
    if item is None:
        raise NotFound(gone)
    return item


def check_whole(errors: FieldErrors, field_name: str, value: Any, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` (a spin box gives an int; the command line or an import a string)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.add(field_name, QT_TRANSLATE_NOOP("errors", "A whole number, please."))
        return low
    if not low <= number <= high:
        errors.add(field_name, QT_TRANSLATE_NOOP("errors", "From {low} to {high}, please."), low=low, high=high)
    return number


def move(rows: Sequence[Ordered], item: Ordered, delta: int) -> bool:
    """Move ``item`` ``delta`` places within ``rows`` (in their shown order), numbering them 0.. again.
    Returns False when it is already first (or last) and nothing moves."""
    ordered = list(rows)
    at = ordered.index(item)
    to = at + delta
    if not 0 <= to < len(ordered):
        return False
    ordered.insert(to, ordered.pop(at))
    for position, row in enumerate(ordered):
        if row.sort_order != position:
            row.sort_order = position
    return True


def refuse_delete_in_use(template: str, **where: Any) -> None:
    """Refuse to delete an item history refers to: ``template`` names it and says where it is used (counts)."""
    if any(isinstance(n, int) and n > 0 for n in where.values()):
        raise Conflict(template, **where)
