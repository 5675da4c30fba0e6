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
    """code -> name in the administrator's order, read once per session (a session is one use case)."""
    names = session.info.get("tag_names")
    if names is None:
        names = {code: name for code, name in session.execute(select(Tag.code, Tag.name)
                                                                .order_by(Tag.sort_order, Tag.name))}
        session.info["tag_names"] = names
    return dict(names)


def forget(session: Session) -> None:
    """A tag was added or renamed in this session: read the names again."""
    session.info.pop("tag_names", None)


def tag_text(names: dict[str, str], codes: object) -> str:
    """The tags' names joined as a person writes them (空巢、独居), in the administrator's order."""
    chosen = set(codes)  # type: ignore[call-overload]
    ordered = [name for code, name in names.items() if code in chosen]
    ordered += sorted(str(c) for c in chosen if c not in names)
    return "、".join(ordered)
