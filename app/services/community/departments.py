"""Departments (涉及部门): the community's own bodies, the street office's sections, resident units and utilities a
request can involve, each with its contact, phone and the hours it has to report when called in (吹哨报到)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import DepartmentKind
from app.models import CaseDepartment, CouncilItem, Department
from app.services.community.reference import check_whole, existing, move, refuse_delete_in_use
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, ValidationError
from app.services.core.validation import check_length, check_phone

REPORT_HOURS_MAX = 720  # the same bound as a call's hours (app.services.cases.workflow.DEPARTMENT_HOURS_MAX)

GONE = QT_TRANSLATE_NOOP("errors", "This department no longer exists.")  # another desk deleted it meanwhile


@dataclass(frozen=True)
class DepartmentInput:
    name: str
    kind: str = DepartmentKind.STREET.value
    contact: str = ""
    phone: str = ""
    report_hours: int = 24


@dataclass(frozen=True)
class DepartmentInfo:
    id: uuid.UUID
    name: str
    kind: DepartmentKind
    contact: str
    phone: str
    report_hours: int
    active: bool
    calls: int  # how many requests it has been called in on


class DepartmentService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self, actor: Actor) -> list[DepartmentInfo]:
        """All departments, those in use first in their order, then the retired ones."""
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            return [_info(session, d) for d in _ordered(session, retired_too=True)]

    def create(self, actor: Actor, data: DepartmentInput) -> DepartmentInfo:
        name, values = _check(data)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            _unique(session, name, None)
            last = session.scalar(select(func.max(Department.sort_order))) or 0
            department = Department(**values, active=True, sort_order=last + 1)
            session.add(department)
            session.flush()
            return _info(session, department)

    def update(self, actor: Actor, department_id: uuid.UUID, data: DepartmentInput) -> DepartmentInfo:
        """A new name shows on new requests and notices; the timeline of old ones keeps the name they were
        called in under."""
        name, values = _check(data)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            department = existing(session, Department, department_id, GONE)
            _unique(session, name, department.id)
            for key, value in values.items():
                if getattr(department, key) != value:
                    setattr(department, key, value)
            session.flush()
            return _info(session, department)

    def set_active(self, actor: Actor, department_id: uuid.UUID, active: bool) -> DepartmentInfo:
        """Retire a department (no longer offered at intake or for a call; old requests keep it) or bring it back."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            department = existing(session, Department, department_id, GONE)
            department.active = active
            session.flush()
            return _info(session, department)

    def move(self, actor: Actor, department_id: uuid.UUID, delta: int) -> DepartmentInfo:
        """Up (-1) or down (+1) in the order the intake form and the case page list departments."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            department = existing(session, Department, department_id, GONE)
            if department.active:
                move(_ordered(session, retired_too=False), department, delta)
            session.flush()
            return _info(session, department)

    def delete(self, actor: Actor, department_id: uuid.UUID) -> None:
        """Delete a department added by mistake; one requests or council items name is refused, saying where."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            department = existing(session, Department, department_id, GONE)
            items = session.scalar(select(func.count()).select_from(CouncilItem)
                                   .where(CouncilItem.department_id == department.id)) or 0
            refuse_delete_in_use(QT_TRANSLATE_NOOP(
                "errors", "{name} has been called in on {cases} requests and is named in {items} council items: it "
                          "cannot be deleted. Retire it instead."), name=department.name,
                cases=_calls(session, department.id), items=items)
            session.delete(department)


def _check(data: DepartmentInput) -> tuple[str, dict[str, object]]:
    """The checked name, and every column's value by name."""
    errors = FieldErrors()
    name = check_length(errors, "name", data.name, 40)
    try:
        kind = DepartmentKind(data.kind)
    except ValueError:
        errors.add("kind", QT_TRANSLATE_NOOP("errors", "Choose what kind of body it is."))
        kind = DepartmentKind.STREET
    contact = check_length(errors, "contact", data.contact, 30, required=False)
    phone = check_phone(errors, "phone", data.phone)
    hours = check_whole(errors, "report_hours", data.report_hours, 1, REPORT_HOURS_MAX)
    errors.raise_if_any()
    return name, {"name": name, "level": kind.value, "contact": contact, "phone": phone, "report_hours": hours}


def _ordered(session: Session, retired_too: bool) -> list[Department]:
    stmt = select(Department).order_by(Department.active.desc(), Department.sort_order, Department.name)
    if not retired_too:
        stmt = stmt.where(Department.active.is_(True))
    return list(session.scalars(stmt))


def _unique(session: Session, name: str, own: uuid.UUID | None) -> None:
    other = session.scalar(select(Department.id).where(Department.name == name))
    if other is not None and other != own:
        raise ValidationError.single("name", QT_TRANSLATE_NOOP(
            "errors", "There is already a department called {name}."), name=name)


def _calls(session: Session, department_id: uuid.UUID) -> int:
    return session.scalar(select(func.count()).select_from(CaseDepartment)
                          .where(CaseDepartment.department_id == department_id)) or 0


def _info(session: Session, d: Department) -> DepartmentInfo:
    try:
        kind = DepartmentKind(d.level)
    except ValueError:  # a value written by hand into the database: shown as a street section
        kind = DepartmentKind.STREET
    return DepartmentInfo(d.id, d.name, kind, d.contact, d.phone, d.report_hours, d.active,
                          _calls(session, d.id))
