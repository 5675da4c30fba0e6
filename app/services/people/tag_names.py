"""The tags as the register reads them: code -> name and colour, for every reader (export, import, the screens)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Tag


@dataclass(frozen=True)
class TagInfo:
    code: str
    name: str
    colour: str
    kind: str                 # a TagKind value
    service: str              # the service it promises (一帮一), "" for none
    visit_cycle: str | None   # a DutyCycle value: a visit is due this often
    visit_every: int
    active: bool


def all_tags(session: Session, *, include_retired: bool = True) -> list[TagInfo]:
    """Every tag in the administrator's order."""
    query = select(Tag).order_by(Tag.sort_order, Tag.name)
    if not include_retired:
        query = query.where(Tag.active)
    return [TagInfo(t.code, t.name, t.colour, str(t.kind), t.service or "", str(t.visit_cycle) if t.visit_cycle
                    else None, t.visit_every, t.active) for t in session.scalars(query)]


def names_of(session: Session) -> dict[str, str]:
    """code -> name; a code no tag has (a row older than its tag) reads as itself."""
    return {t.code: t.name for t in all_tags(session)}


def tag_text(names: dict[str, str], codes: object) -> str:
    """The tags' names joined as a person writes them (空巢、独居), in the administrator's order."""
    chosen = set(codes)  # type: ignore[call-overload]
    ordered = [name for code, name in names.items() if code in chosen]
    ordered += sorted(str(c) for c in chosen if c not in names)
    return "、".join(ordered)
