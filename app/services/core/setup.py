"""First start: the community, this desk, the administrator, and the default catalogue."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Category, Community, Department, Desk, Role, Staff, Tag
from app.services.cases.catalogue import CATEGORY_TREE, DEFAULT_DEPARTMENTS
from app.services.cases.reply_catalogue import add_default_replies
from app.services.core.anchors import printed_head
from app.services.core.auth import Actor, AuthService, NewStaff, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, NotFound, ValidationError
from app.services.core.validation import check_length, check_phone
from app.services.people.list_conditions import seed_ready_made
from app.services.people.tag_catalogue import DEFAULT_TAGS

DESK_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
NUMBERED_CODE_RE = re.compile(r"^([A-Z]+)(\d+)$")


@dataclass(frozen=True)
class SetupState:
    initialized: bool        # the database has a community and an administrator
    desk_registered: bool    # this PC's desk code is known to the database
    community_name: str


@dataclass(frozen=True)
class InitialSetup:
    community_name: str
    street: str
    desk_code: str
    desk_name: str
    desk_phone: str
    admin_username: str
    admin_display_name: str
    admin_password: str
    admin_password_repeat: str | None = None  # as typed a second time, when the form asks for it


@dataclass(frozen=True)
class _CheckedSetup:
    name: str
    street: str
    code: str
    desk_name: str
    phone: str
    admin: NewStaff


@dataclass(frozen=True)
class _NewDesk:
    code: str
    name: str
    phone: str


@dataclass(frozen=True)
class CommunityInfo:
    name: str
    street: str
    desk_code: str
    desk_name: str
    desk_phone: str
    reply_promise_hours: int
    chain_head: str = ""  # the audit chain's head as printed on documents (anchors.py): A01-CLJS-DSGR-CHVJ-VPSH


class SetupService:
    def __init__(self, db: Database, auth: AuthService) -> None:
        self._db = db
        self._auth = auth

    def state(self) -> SetupState:
        with self._db.reading() as session:
            community = session.scalar(select(Community).limit(1))
            has_admin = bool(session.scalar(select(func.count()).select_from(Staff).where(Staff.role == Role.ADMIN)))
            desk = self._db.desk_code and session.scalar(select(Desk.id).where(Desk.code == self._db.desk_code))
            return SetupState(community is not None and has_admin, bool(desk), community.name if community else "")

    def validate(self, data: InitialSetup) -> _CheckedSetup:
        """Check every field of the first start at once; raises ValidationError naming each wrong field."""
        errors = FieldErrors()
        name = check_length(errors, "community_name", data.community_name, 60, minimum=2)
        street = check_length(errors, "street", data.street, 60, required=False)
        code = self._check_desk(errors, data.desk_code, data.desk_name, data.desk_phone)
        desk_name = check_length(errors, "desk_name", data.desk_name, 60)
        phone = check_phone(errors, "desk_phone", data.desk_phone, required=True)
        admin = None
        try:
            admin = self._auth.check_new_staff(data.admin_username, data.admin_display_name, data.admin_password, "")
        except ValidationError as exc:
            for key, message in exc.errors.items():
                errors.put(f"admin_{key}", message)
        if data.admin_password_repeat is not None and data.admin_password_repeat != data.admin_password:
            errors.add("admin_password2", QT_TRANSLATE_NOOP("errors", "The two passwords differ."))
        errors.raise_if_any()
        assert admin is not None
        return _CheckedSetup(name, street, code, desk_name, phone, admin)

    def initialize(self, data: InitialSetup) -> None:
        """Everything of the first start in one transaction: a refusal leaves the database untouched."""
        checked = self.validate(data)
        name, street, code, desk_name, phone, admin = (checked.name, checked.street, checked.code,
                                                       checked.desk_name, checked.phone, checked.admin)
        previous, self._db.desk_code = self._db.desk_code, code  # the set-up is audited on this desk's chain
        try:
            with self._db.transaction() as session:
                if session.scalar(select(Community.id).limit(1)) is not None:
                    raise ValidationError.single("community_name", QT_TRANSLATE_NOOP(
                        "errors", "This database already belongs to a community."))
                session.add(Community(name=name, street=street, desk_code=code))
                session.add(Desk(code=code, name=desk_name, phone=phone, desk_code=code))
                seed_catalogue(session, code)
                self._auth.add_staff(session, admin, Role.ADMIN, data.admin_password)
        except Exception:
            self._db.desk_code = previous
            raise

    def _check_desk(self, errors: FieldErrors, code: str, name: str, phone: str) -> str:
        code = code.strip().upper()
        if not DESK_CODE_RE.match(code):
            errors.add("desk_code", QT_TRANSLATE_NOOP(
                "errors", "A desk code is 2-8 letters or digits starting with a letter, e.g. A01."))
        return code

    def join(self, admin_username: str, admin_password: str, code: str, name: str, phone: str) -> Actor:
        """A new desk's first start on a database whose community is already set up: an administrator's user name
        and password (a wrong one counts toward the lock-out like any log-in), then this desk's code, name and
        phone. Returns the administrator as an actor of the new desk; the caller stores the code (remember_desk)."""
        checked = self._check_new_desk(code, name, phone)  # the fields first: a typo costs no password attempt
        with self._db.reading() as session:
            if session.scalar(select(Community.id).limit(1)) is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "The community has not been set up yet."))
            self._refuse_taken(session, checked.code)
        actor = self._auth.login(admin_username, admin_password)
        self._register(checked, actor)
        return replace(actor, desk_code=checked.code)

    def suggest_desk_code(self) -> str:
        """The next free code after the desks already there: A01 -> A02 (letters kept, number + 1)."""
        with self._db.reading() as session:
            taken = set(session.scalars(select(Desk.code)))
        numbered = sorted((m[1], int(m[2]), len(m[2])) for c in taken if (m := NUMBERED_CODE_RE.match(c)))
        prefix, number, width = numbered[-1] if numbered else ("A", 0, 2)
        while True:
            number += 1
            code = f"{prefix}{number:0{width}d}"
            if code not in taken and DESK_CODE_RE.match(code):
                return code

    def _check_new_desk(self, code: str, name: str, phone: str) -> _NewDesk:
        errors = FieldErrors()
        code = self._check_desk(errors, code, name, phone)
        desk_name = check_length(errors, "desk_name", name, 60)
        phone = check_phone(errors, "desk_phone", phone, required=True)
        errors.raise_if_any()
        return _NewDesk(code, desk_name, phone)

    @staticmethod
    def _refuse_taken(session: Session, code: str) -> None:
        if session.scalar(select(Desk.id).where(Desk.code == code)) is not None:
            raise ValidationError.single("desk_code", QT_TRANSLATE_NOOP(
                "errors", "Another desk already uses the code {code}."), code=code)

    def _register(self, desk: _NewDesk, actor: Actor | None) -> None:
        previous, self._db.desk_code = self._db.desk_code, desk.code  # audited on the new desk's own chain
        try:
            with self._db.transaction() as session:
                if actor is not None:
                    require(session, actor, Permission.MANAGE_SETTINGS)
                self._refuse_taken(session, desk.code)
                session.add(Desk(code=desk.code, name=desk.name, phone=desk.phone, desk_code=desk.code))
        except Exception:
            self._db.desk_code = previous
            raise

    def community_info(self) -> CommunityInfo:
        with self._db.reading() as session:
            return community_info(session, self._db.desk_code)


def community_info(session: Session, desk_code: str) -> CommunityInfo:
    community = session.scalar(select(Community).limit(1))
    desk = session.scalar(select(Desk).where(Desk.code == desk_code))
    if community is None or desk is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "The community has not been set up yet."))
    return CommunityInfo(community.name, community.street, desk.code, desk.name, desk.phone,
                         community.reply_promise_hours, printed_head(session, desk_code))


def seed_catalogue(session: Session, desk_code: str) -> None:
    """The five classes of request with their sub-categories and limits, the five tags of households (seed 001),
    the usual departments and the canned progress notes."""
    for order, cls in enumerate(CATEGORY_TREE):
        parent = Category(code=cls.code, name=cls.name, sort_order=order, desk_code=desk_code,
                          response_minutes=cls.response_minutes, resolve_hours=cls.resolve_hours)
        session.add(parent)
        for sub_order, sub in enumerate(cls.children):
            session.add(Category(code=sub.code, name=sub.name, parent=parent, sort_order=sub_order,
                                 response_minutes=sub.response_minutes, resolve_hours=sub.resolve_hours,
                                 desk_code=desk_code))
    for order, tag in enumerate(DEFAULT_TAGS):
        session.add(Tag(code=tag.code, name=tag.name, colour=tag.colour, kind=tag.kind, service=tag.service,
                        visit_cycle=tag.visit_cycle, visit_every=tag.visit_every, sort_order=order,
                        desk_code=desk_code))
    seed_ready_made(session, desk_code)
    for order, dept in enumerate(DEFAULT_DEPARTMENTS):
        session.add(Department(name=dept.name, level=dept.level, phone=dept.phone, sort_order=order,
                               desk_code=desk_code))
    add_default_replies(session, desk_code)  # the ready progress notes (常用回复) of the common sub-categories
