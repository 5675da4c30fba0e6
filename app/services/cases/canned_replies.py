"""Canned replies (常用回复): ready progress notes the handler picks instead of typing, kept by the administrator
for a sub-category, a class, or any request.

The progress-note dialog lists a case's replies: its sub-category's first, then its class's, then those for any
request, each group in the administrator's order. Reading them for a case is ``HANDLE_CASES`` (those who write
progress notes); keeping them (add, change, order, retire, delete, add the ready-made ones) is ``MANAGE_SETTINGS``.
A note made from a reply is its own text: changing or deleting a reply changes no note already written, so nothing
refers to a reply and one added by mistake may be deleted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import CannedReply, Case, Category
from app.services.cases.reach import check_reach
from app.services.cases.reply_catalogue import add_default_replies
from app.services.community.reference import existing, move
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, NotFound, ValidationError

TEXT_MIN, TEXT_MAX = 2, 200
GONE = QT_TRANSLATE_NOOP("errors", "This canned reply no longer exists.")  # another desk deleted it meanwhile


@dataclass(frozen=True)
class ReplyInput:
    text: str
    category_id: uuid.UUID | None = None  # a sub-category or a class; None: any request


@dataclass(frozen=True)
class ReplyInfo:
    id: uuid.UUID
    text: str
    category_id: uuid.UUID | None
    category: str       # "生活服务 / 供暖", "生活服务", or "" for any request
    for_class: bool     # the category is a class (not a sub-category)
    sort_order: int
    active: bool


class CannedReplyService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def for_case(self, actor: Actor, case_id: uuid.UUID) -> list[ReplyInfo]:
        """The replies in use for this case: its sub-category's, then its class's, then those for any request."""
        with self._db.reading() as session:
            staff = require(session, actor, Permission.HANDLE_CASES)
            case = session.get(Case, case_id)
            if case is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such case."))
            check_reach(session, staff, case)
            names = _names(session)
            found: list[ReplyInfo] = []
            for category_id in (*(i for i in (case.subcategory_id, case.category_id) if i is not None), None):
                found += [_info(r, names) for r in _group(session, category_id, retired_too=False)]
            return found

    def all(self, actor: Actor) -> list[ReplyInfo]:
        """Every reply, for the settings page: those for any request, then by category in the catalogue's order;
        retired ones after those in use within each group."""
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            names = _names(session)
            order = _category_order(session)
            rows = list(session.scalars(select(CannedReply)))
            rows.sort(key=lambda r: (order.get(r.category_id, -1) if r.category_id else -1, not r.active,
                                     r.sort_order, r.text))
            return [_info(r, names) for r in rows]

    def create(self, actor: Actor, data: ReplyInput) -> ReplyInfo:
        text = _check(data)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            _check_category(session, data.category_id)
            _unique(session, text, data.category_id, None)
            group = _group(session, data.category_id, retired_too=True)
            row = CannedReply(category_id=data.category_id, text=text, active=True,
                              sort_order=max((r.sort_order for r in group), default=-1) + 1)
            session.add(row)
            session.flush()
            return _info(row, _names(session))

    def update(self, actor: Actor, reply_id: uuid.UUID, data: ReplyInput) -> ReplyInfo:
        """Change the words or the category (a note already written from it stays as written)."""
        text = _check(data)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            row = existing(session, CannedReply, reply_id, GONE)
            if data.category_id != row.category_id:
                _check_category(session, data.category_id)
                group = _group(session, data.category_id, retired_too=True)
                row.category_id = data.category_id
                row.sort_order = max((r.sort_order for r in group), default=-1) + 1
            _unique(session, text, data.category_id, row.id)
            if row.text != text:
                row.text = text
            session.flush()
            return _info(row, _names(session))

    def move(self, actor: Actor, reply_id: uuid.UUID, delta: int) -> ReplyInfo:
        """Up (-1) or down (+1) among the replies in use of its category: the note dialog's order and numbers."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            row = existing(session, CannedReply, reply_id, GONE)
            if row.active:
                move(_group(session, row.category_id, retired_too=False), row, delta)
            session.flush()
            return _info(row, _names(session))

    def set_active(self, actor: Actor, reply_id: uuid.UUID, active: bool) -> ReplyInfo:
        """Retire a reply (no longer offered) or bring it back."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            row = existing(session, CannedReply, reply_id, GONE)
            if active and not row.active:
                _check_category(session, row.category_id)
                row.sort_order = max((r.sort_order for r in _group(session, row.category_id, retired_too=False)),
                                     default=-1) + 1
            row.active = active
            session.flush()
            return _info(row, _names(session))

    def delete(self, actor: Actor, reply_id: uuid.UUID) -> None:
        """Delete a reply: notes written from it keep their words, so nothing refers to it."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            session.delete(existing(session, CannedReply, reply_id, GONE))

    def add_defaults(self, actor: Actor) -> int:
        """添加预置回复: the ready-made replies this community does not have yet; returns how many were added."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            return add_default_replies(session, self._db.desk_code)


def _check(data: ReplyInput) -> str:
    errors = FieldErrors()
    text = " ".join(data.text.split())
    if len(text) < TEXT_MIN:
        errors.add("text", QT_TRANSLATE_NOOP("errors", "Please write a few words."))
    elif len(text) > TEXT_MAX:
        errors.add("text", QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=TEXT_MAX)
    errors.raise_if_any()
    return text


def _check_category(session: Session, category_id: uuid.UUID | None) -> None:
    if category_id is None:
        return
    category = session.get(Category, category_id)
    if category is None:
        raise ValidationError.single("category", QT_TRANSLATE_NOOP("errors", "This category no longer exists."))
    if not category.active:
        raise ValidationError.single("category", QT_TRANSLATE_NOOP("errors", "The category {name} is retired."),
                                     name=category.name)


def _unique(session: Session, text: str, category_id: uuid.UUID | None, own: uuid.UUID | None) -> None:
    for other in _group(session, category_id, retired_too=True):
        if other.text == text and other.id != own:
            raise ValidationError.single("text", QT_TRANSLATE_NOOP("errors", "This category already has this reply.")
                                         if other.active else QT_TRANSLATE_NOOP(
                "errors", "This category already has this reply, retired: bring it back instead."))


def _group(session: Session, category_id: uuid.UUID | None, retired_too: bool) -> list[CannedReply]:
    stmt = select(CannedReply).where(CannedReply.category_id.is_(None) if category_id is None
                                     else CannedReply.category_id == category_id)
    if not retired_too:
        stmt = stmt.where(CannedReply.active.is_(True))
    return list(session.scalars(stmt.order_by(CannedReply.active.desc(), CannedReply.sort_order, CannedReply.text)))


def _names(session: Session) -> dict[uuid.UUID, tuple[str, bool]]:
    """Each category's name as the lists show it ("生活服务 / 供暖") and whether it is a class."""
    rows = list(session.execute(select(Category.id, Category.name, Category.parent_id)))
    plain = {cid: name for cid, name, _p in rows}
    return {cid: (name if parent is None else f"{plain.get(parent, '')} / {name}", parent is None)
            for cid, name, parent in rows}


def _category_order(session: Session) -> dict[uuid.UUID, int]:
    """The categories in the catalogue's order: each class, then its sub-categories."""
    rows = list(session.execute(select(Category.id, Category.parent_id, Category.sort_order, Category.code)))
    classes = sorted((r for r in rows if r.parent_id is None), key=lambda r: (r.sort_order, r.code))
    order: dict[uuid.UUID, int] = {}
    for cls in classes:
        order[cls.id] = len(order)
        for sub in sorted((r for r in rows if r.parent_id == cls.id), key=lambda r: (r.sort_order, r.code)):
            order[sub.id] = len(order)
    return order


def _info(row: CannedReply, names: dict[uuid.UUID, tuple[str, bool]]) -> ReplyInfo:
    name, is_class = names.get(row.category_id, ("", False)) if row.category_id else ("", False)
    return ReplyInfo(row.id, row.text, row.category_id, name, is_class, row.sort_order, row.active)
