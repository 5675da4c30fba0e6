"""Request classes and sub-categories (困难类型), as the administrator keeps them: add, rename, order, set their
time limits, retire. The five classes of the source articles (生活服务, 健康医疗, 就业帮扶, 权益保障, 环境改善) stay:
the rates and notices are reported by them. A category requests were filed under is retired, never deleted: old
requests keep showing it, the intake form no longer offers it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Case, Category, EscalationRule
from app.services.cases.catalogue import CATEGORY_TREE
from app.services.cases.working_days import MAX_WORKDAYS
from app.services.community.reference import check_whole, existing, move, refuse_delete_in_use
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, ValidationError
from app.services.core.validation import check_length

BUILT_IN_CLASSES = frozenset(c.code for c in CATEGORY_TREE)
RESPONSE_MINUTES_MAX = 7 * 24 * 60  # a week
RESOLVE_HOURS_MAX = 90 * 24         # a quarter: training courses and loans take long

GONE = QT_TRANSLATE_NOOP("errors", "This category no longer exists.")  # another desk deleted it meanwhile


@dataclass(frozen=True)
class CategoryInput:
    name: str
    parent_id: uuid.UUID | None = None  # None: a class of its own; otherwise a sub-category of that class
    response_minutes: int = 60
    resolve_hours: int = 24
    resolve_workdays: int | None = None  # the limit in working days (工作日) instead of hours, when set


@dataclass(frozen=True)
class CategoryInfo:
    id: uuid.UUID
    code: str
    name: str
    parent_id: uuid.UUID | None
    response_minutes: int
    resolve_hours: int
    active: bool
    built_in: bool  # one of the five classes: renamed and ordered, never retired
    cases: int      # requests filed under it
    resolve_workdays: int | None = None


class CategoryService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def tree(self, actor: Actor) -> list[CategoryInfo]:
        """Each class followed by its sub-categories, in their order; retired ones after those in use."""
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            counts = _case_counts(session)
            rows: list[CategoryInfo] = []
            for cls in _siblings(session, None, retired_too=True):
                rows.append(_info(cls, counts))
                rows += [_info(sub, counts) for sub in _siblings(session, cls.id, retired_too=True)]
            return rows

    def create(self, actor: Actor, data: CategoryInput) -> CategoryInfo:
        name, response, resolve, days = _check(data)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            parent = None
            if data.parent_id is not None:
                parent = existing(session, Category, data.parent_id, GONE)
                if parent.parent_id is not None:
                    raise ValidationError.single("parent", QT_TRANSLATE_NOOP(
                        "errors", "A sub-category belongs to a class, not to another sub-category."))
                if not parent.active:
                    raise ValidationError.single("parent", QT_TRANSLATE_NOOP(
                        "errors", "The class {name} is retired."), name=parent.name)
            _unique(session, name, data.parent_id, None)
            siblings = _siblings(session, data.parent_id, retired_too=True)
            category = Category(code=_new_code(session, parent), name=name, parent_id=data.parent_id,
                                sort_order=max((c.sort_order for c in siblings), default=-1) + 1,
                                response_minutes=response, resolve_hours=resolve, resolve_workdays=days, active=True)
            session.add(category)
            session.flush()
            return _info(category, _case_counts(session, category.id))

    def update(self, actor: Actor, category_id: uuid.UUID, data: CategoryInput) -> CategoryInfo:
        """Rename, or set the limits new requests get (requests already logged keep their deadline)."""
        name, response, resolve, days = _check(data)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            category = existing(session, Category, category_id, GONE)
            _unique(session, name, category.parent_id, category.id)
            for key, value in (("name", name), ("response_minutes", response), ("resolve_hours", resolve),
                               ("resolve_workdays", days)):
                if getattr(category, key) != value:
                    setattr(category, key, value)
            session.flush()
            return _info(category, _case_counts(session, category.id))

    def set_active(self, actor: Actor, category_id: uuid.UUID, active: bool) -> CategoryInfo:
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            category = existing(session, Category, category_id, GONE)
            if not active and category.code in BUILT_IN_CLASSES:
                raise ValidationError.single("category", QT_TRANSLATE_NOOP(
                    "errors", "{name} is one of the five classes the statistics report by; it cannot be retired "
                              "(retire its sub-categories instead)."), name=category.name)
            if not active and any(c.active for c in _siblings(session, category.id, retired_too=False)):
                raise ValidationError.single("category", QT_TRANSLATE_NOOP(
                    "errors", "Retire the sub-categories of {name} first."), name=category.name)
            if active and category.parent is not None and not category.parent.active:
                raise ValidationError.single("category", QT_TRANSLATE_NOOP(
                    "errors", "The class {name} is retired."), name=category.parent.name)
            category.active = active
            session.flush()
            return _info(category, _case_counts(session, category.id))

    def move(self, actor: Actor, category_id: uuid.UUID, delta: int) -> CategoryInfo:
        """Up (-1) or down (+1) among its siblings, in the intake form's lists."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            category = existing(session, Category, category_id, GONE)
            if category.active:
                move(_siblings(session, category.parent_id, retired_too=False), category, delta)
            session.flush()
            return _info(category, _case_counts(session, category.id))

    def delete(self, actor: Actor, category_id: uuid.UUID) -> None:
        """Delete a category added by mistake; one requests, rules or sub-categories refer to is refused."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            category = existing(session, Category, category_id, GONE)
            if category.code in BUILT_IN_CLASSES:
                raise ValidationError.single("category", QT_TRANSLATE_NOOP(
                    "errors", "{name} is one of the five classes the statistics report by; it cannot be deleted."),
                    name=category.name)
            rules = session.scalar(select(func.count()).select_from(EscalationRule)
                                   .where(EscalationRule.category_id == category.id)) or 0
            children = len(_siblings(session, category.id, retired_too=True))
            refuse_delete_in_use(QT_TRANSLATE_NOOP(
                "errors", "{name} is used by {cases} requests, {rules} time-limit rules and {children} "
                          "sub-categories: it cannot be deleted. Retire it instead."), name=category.name,
                cases=_case_counts(session, category.id).get(category.id, 0), rules=rules, children=children)
            session.delete(category)


def _check(data: CategoryInput) -> tuple[str, int, int, int | None]:
    errors = FieldErrors()
    name = check_length(errors, "name", data.name, 30)
    response = check_whole(errors, "response_minutes", data.response_minutes, 5, RESPONSE_MINUTES_MAX)
    resolve = check_whole(errors, "resolve_hours", data.resolve_hours, 1, RESOLVE_HOURS_MAX)
    days = None
    if data.resolve_workdays is not None:
        days = check_whole(errors, "resolve_workdays", data.resolve_workdays, 1, MAX_WORKDAYS)
    errors.raise_if_any()
    return name, response, resolve, days


def _siblings(session: Session, parent_id: uuid.UUID | None, retired_too: bool) -> list[Category]:
    stmt = select(Category).where(Category.parent_id.is_(None) if parent_id is None
                                  else Category.parent_id == parent_id)
    if not retired_too:
        stmt = stmt.where(Category.active.is_(True))
    return list(session.scalars(stmt.order_by(Category.active.desc(), Category.sort_order, Category.code)))


def _unique(session: Session, name: str, parent_id: uuid.UUID | None, own: uuid.UUID | None) -> None:
    for other in _siblings(session, parent_id, retired_too=True):
        if other.name == name and other.id != own:
            raise ValidationError.single("name", QT_TRANSLATE_NOOP(
                "errors", "There is already a category called {name} here."), name=name)


def _new_code(session: Session, parent: Category | None) -> str:
    """C01, C02 ... for a new class; the class's code and N01, N02 ... for a new sub-category."""
    prefix = "C" if parent is None else f"{parent.code}-N"
    taken = set(session.scalars(select(Category.code).where(Category.code.startswith(prefix))))
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def _case_counts(session: Session, only: uuid.UUID | None = None) -> dict[uuid.UUID, int]:
    """Requests filed under each category (as the class or the sub-category)."""
    counts: dict[uuid.UUID, int] = {}
    for column in (Case.category_id, Case.subcategory_id):
        stmt = select(column, func.count()).where(column.is_not(None)).group_by(column)
        if only is not None:
            stmt = stmt.where(column == only)
        for category_id, n in session.execute(stmt):
            if category_id is not None:
                counts[category_id] = counts.get(category_id, 0) + n
    return counts


def _info(c: Category, counts: dict[uuid.UUID, int]) -> CategoryInfo:
    return CategoryInfo(c.id, c.code, c.name, c.parent_id, c.response_minutes, c.resolve_hours, c.active,
                        c.code in BUILT_IN_CLASSES, counts.get(c.id, 0), c.resolve_workdays)
