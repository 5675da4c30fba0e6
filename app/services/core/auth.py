"""Accounts, log-in and permissions. Every service checks permissions here, whatever the UI shows."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import LoginAttempt, Role, Staff
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import (
    QT_TRANSLATE_NOOP,
    Conflict,
    DomainError,
    FieldErrors,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from app.services.core.validation import check_length, check_phone


class Permission(StrEnum):
    INTAKE = "intake"                    # log requests, add residents, print receipts
    VIEW_CASES = "view_cases"
    MANAGE_RESIDENTS = "manage_residents"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_SETTINGS = "manage_settings"  # categories, departments, rules
    EXPORT = "export"
    LOAD_DEMO = "load_demo"
    VIEW_AUDIT = "view_audit"
    TIMEBANK = "timebank"                # volunteers, service records, verify and credit, redeem, transfer
    TIMEBANK_GRANT = "timebank_grant"    # grant hours from the community pool to elderly residents
    TIMEBANK_RULES = "timebank_rules"    # rounding step, storage cap, daily maximum, four-eyes threshold
    VIEW_ID_NUMBERS = "view_id_numbers"  # reveal a resident's whole ID number, recorded (screens show it masked)
    ERASE_PERSONAL_DATA = "erase_personal_data"  # blank a resident's personal fields (personal_data.py)
    POINTS = "points"                    # award points, redeem at the desk, honour and cancel vouchers, statements
    POINTS_RULES = "points_rules"        # earning rules, the expiry pass, revoking a mistaken award
    MERCHANTS = "merchants"              # partner merchants, their rewards and stock, merchant settlements
    DISPATCH = "dispatch"                # dispatch a request to its handler, call in departments (吹哨)
    HANDLE_CASES = "handle_cases"        # respond, progress notes, a department's report, resolve
    REVIEW_NOTES = "review_notes"        # approve or send back a grid worker's public note before it is posted
    FOLLOW_UP = "follow_up"              # the follow-up call (回访) and the resident's satisfaction
    MERGE_CASES = "merge_cases"          # merge a duplicate request into another
    SUPERVISE_CASES = "supervise_cases"  # raise the handling level, suspend and resume, close and reopen
    NOTICES = "notices"                  # public notices: the request board, council decisions, their record
    VIEW_STATISTICS = "view_statistics"  # the dashboard: the three rates, breakdowns, department ranking (红黑榜)
    IMPORT_REGISTER = "import_register"  # import residents and households from the community's spreadsheets
    MERGE_RESIDENTS = "merge_residents"  # merge two records of the same person (requests and accounts move)
    MANAGE_BACKUPS = "manage_backups"    # restore a backup, choose the backup folder (backing up now: any user)
    REGISTER = "register"                # the register page, buildings, a resident's page; build, save, print lists
    DUTIES = "duties"                    # record a duty done or not done, write the patrol log (民情日记)
    MANAGE_DUTIES = "manage_duties"      # add, change and end dated duties (a lift's inspection, a gas check)
    EMPLOYMENT = "employment"            # job seekers' files: plans, referrals, rights checks (就业帮扶, issue 22)
    PARTNERS = "partners"                # the resource list: partner units, what they offer, what they gave
    TEAMS = "teams"                      # volunteer teams: members, leader, schedule, a team's activity


# ID numbers in full (VIEW_ID_NUMBERS, one reveal at a time, each recorded: documents/disclosure.py; every screen
# shows them masked, whoever looks): the clerk types and checks them against the card at the desk when a
# resident registers or is told apart from a namesake; the director signs applications (subsidies, 低保)
# that carry them; the administrator corrects records. A grid worker visits households and a time-bank
# officer records volunteer hours: neither needs the number, and their lists travel further (phones,
# printouts), so they see it masked. Erasing personal data is the administrator's alone (ADMIN has all).
# Points (积分): the clerk awards and redeems at the desk (POINTS); what earns how much (POINTS_RULES) and what the
# community owes its merchants (MERCHANTS) are set by the director or the administrator, not by the desk itself.
# Requests (接诉即办): the desk dispatches, calls in departments, makes the follow-up call and merges duplicates;
# the grid worker (and the desk, and the director) handles: responds, notes progress, resolves. The follow-up is
# not the handler's: a grid worker does not rate their own work. Raising the level, suspending (which stops the
# clock), closing and reopening are the director's decisions (SUPERVISE_CASES). The statistics (VIEW_STATISTICS) are
# the director's review of the community's work, the department ranking included: not the desk's or the grid's.
# Public notices (公示, NOTICES): the desk and the director post them and record the council's decisions; a grid
# worker or a time-bank officer does not speak for the community on its notice board: a public note a grid worker
# writes waits until the desk or the director approves it (REVIEW_NOTES), and a grid worker handles only the requests
# of their own grid and those dispatched to them (app.services.cases.reach).
# The register (issue 17): importing a spreadsheet and merging two records of one person change many people at once;
# the director and the administrator do it, the desk corrects one resident at a time (MANAGE_RESIDENTS). Restoring a
# backup replaces everything, and only the administrator does it; set-up (grids, buildings, departments, request
# classes, the desk's settings) is the administrator's too (MANAGE_SETTINGS).
# Knowing the community (issue 19): everyone at the desk reads the register and builds lists (REGISTER); exporting a
# list to a file is EXPORT's. The desk, the grid worker and the director record duties done and write the patrol log
# (DUTIES); the desk and the director keep the duties themselves (MANAGE_DUTIES); tags and what they promise are
# set-up (MANAGE_SETTINGS); which promised visits were missed, by grid, is the director's review (VIEW_STATISTICS).
# Programmes (issue 22): the desk keeps job seekers' files (EMPLOYMENT) and the resource list (PARTNERS), the
# time-bank officer the volunteer teams (TEAMS); the director all three. A team's activity credits hours through the
# time bank, so it needs TIMEBANK as well.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({Permission.INTAKE, Permission.VIEW_CASES, Permission.MANAGE_RESIDENTS,
                           Permission.VIEW_ID_NUMBERS, Permission.POINTS, Permission.DISPATCH,
                           Permission.HANDLE_CASES, Permission.FOLLOW_UP, Permission.MERGE_CASES,
                           Permission.NOTICES, Permission.REVIEW_NOTES, Permission.REGISTER, Permission.DUTIES,
                           Permission.MANAGE_DUTIES, Permission.EMPLOYMENT, Permission.PARTNERS}),
    Role.TIMEBANK_OFFICER: frozenset({Permission.VIEW_CASES, Permission.MANAGE_RESIDENTS, Permission.TIMEBANK,
                                      Permission.REGISTER, Permission.TEAMS}),
    Role.GRID_WORKER: frozenset({Permission.VIEW_CASES, Permission.HANDLE_CASES, Permission.REGISTER,
                                 Permission.DUTIES}),
    Role.DIRECTOR: frozenset(
        {Permission.INTAKE, Permission.VIEW_CASES, Permission.MANAGE_RESIDENTS, Permission.EXPORT,
         Permission.TIMEBANK, Permission.TIMEBANK_GRANT, Permission.TIMEBANK_RULES, Permission.VIEW_ID_NUMBERS,
         Permission.POINTS, Permission.POINTS_RULES, Permission.MERCHANTS, Permission.DISPATCH,
         Permission.HANDLE_CASES, Permission.FOLLOW_UP, Permission.MERGE_CASES, Permission.SUPERVISE_CASES,
         Permission.VIEW_STATISTICS, Permission.NOTICES, Permission.IMPORT_REGISTER, Permission.MERGE_RESIDENTS,
         Permission.REVIEW_NOTES, Permission.REGISTER, Permission.DUTIES, Permission.MANAGE_DUTIES,
         Permission.EMPLOYMENT, Permission.PARTNERS, Permission.TEAMS}
    ),
    Role.ADMIN: frozenset(Permission),
}

MIN_PASSWORD_LENGTH = 8
MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
WRONG_LOGIN = QT_TRANSLATE_NOOP(
    "errors", "Wrong user name or password. After {n} wrong passwords in a row the account locks for "
    "{minutes} minutes.")
USERNAME_RE = re.compile(r"^[a-z][a-z0-9_.]{1,31}$")


@dataclass(frozen=True)
class Actor:
    """Who is acting: passed into every service call (no global current user)."""

    user_id: uuid.UUID
    username: str
    display_name: str
    role: Role
    desk_code: str

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


@dataclass(frozen=True)
class NewStaff:
    username: str
    display_name: str
    phone: str


@dataclass(frozen=True)
class StaffInfo:
    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    phone: str
    active: bool


def require(session: Session, actor: Actor, permission: Permission) -> Staff:
    """Re-reads the account on every call: a disabled or demoted user loses access at once."""
    session.info["actor"] = actor  # the audit trail names who did what this transaction writes
    staff = session.get(Staff, actor.user_id)
    if staff is None or not staff.active:
        raise PermissionDenied(QT_TRANSLATE_NOOP("errors", "This account is disabled. Please log in again."))
    if permission not in ROLE_PERMISSIONS[staff.role]:
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("errors", "Your role may not do this ({permission})."), permission=permission.value
        )
    return staff


def require_account(session: Session, actor: Actor) -> Staff:
    """For what any active account may do (a backup now, say): the account is re-read like ``require`` does."""
    session.info["actor"] = actor
    staff = session.get(Staff, actor.user_id)
    if staff is None or not staff.active:
        raise PermissionDenied(QT_TRANSLATE_NOOP("errors", "This account is disabled. Please log in again."))
    return staff


def allowed(staff: Staff, permission: Permission) -> bool:
    """What the account (as re-read by ``require``) may do, for choices inside an allowed use case."""
    return staff.active and permission in ROLE_PERMISSIONS[staff.role]


def check_password_rules(errors: FieldErrors, field_name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        errors.add(field_name, QT_TRANSLATE_NOOP("errors", "The password needs at least {n} characters."),
                   n=MIN_PASSWORD_LENGTH)
    elif password.isdigit() or password.isalpha():
        errors.add(field_name, QT_TRANSLATE_NOOP("errors", "The password needs both letters and digits."))


class AuthService:
    def __init__(self, db: Database, hasher: PasswordHasher | None = None) -> None:
        self._db = db
        self._hasher = hasher or PasswordHasher()

    def hash_password(self, password: str) -> str:
        return self._hasher.hash(password)

    def login(self, username: str, password: str) -> Actor:
        """Check the password; after MAX_FAILED_LOGINS wrong ones in a row the account locks for LOCK_MINUTES.

        Every attempt is logged (login_attempt). The failure is committed before the refusal is raised,
        so the count survives; the message never says whether the user name exists.
        """
        username = username.strip().lower()
        with self._db.transaction() as session:
            now: datetime = session.info["now"]
            session.info["actor_name"] = username[:64]
            staff = session.scalar(select(Staff).where(Staff.username == username))
            refusal, reason = self._check_login(staff, password, now)
            if refusal is None and staff is not None:
                staff.failed_logins = 0
                staff.locked_until = None
                if self._hasher.check_needs_rehash(staff.password_hash):
                    staff.password_hash = self._hasher.hash(password)
            session.add(LoginAttempt(username=username[:64], staff_id=staff.id if staff else None,
                                     success=refusal is None, reason=reason))
            actor = self._actor(staff) if refusal is None and staff is not None else None
        if actor is None:
            assert refusal is not None
            raise refusal
        return actor

    def _check_login(self, staff: Staff | None, password: str, now: datetime) -> tuple[DomainError | None, str]:
        if staff is None:
            return PermissionDenied(WRONG_LOGIN, n=MAX_FAILED_LOGINS, minutes=LOCK_MINUTES), "unknown_user"
        if staff.locked_until is not None and staff.locked_until > now:
            return PermissionDenied(QT_TRANSLATE_NOOP(
                "errors", "Too many wrong passwords: this account is locked until {time}. Ask the administrator "
                "to reset the password, or wait."), time=local(staff.locked_until).strftime("%H:%M")), "locked"
        if not self._verify(staff.password_hash, password):
            staff.failed_logins += 1
            if staff.failed_logins >= MAX_FAILED_LOGINS:
                staff.failed_logins = 0
                staff.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                return PermissionDenied(QT_TRANSLATE_NOOP(
                    "errors", "Wrong password {n} times in a row: this account is locked for {minutes} minutes."),
                    n=MAX_FAILED_LOGINS, minutes=LOCK_MINUTES), "locked"
            return PermissionDenied(WRONG_LOGIN, n=MAX_FAILED_LOGINS, minutes=LOCK_MINUTES), "wrong_password"
        if not staff.active:
            return PermissionDenied(QT_TRANSLATE_NOOP(
                "errors", "This account is disabled. Ask the administrator.")), "disabled"
        return None, "ok"

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def act_as(self, username: str) -> Actor:
        """An actor without a password, only for the screenshots of a throwaway demo community
        (``app/views/screenshot.py``). Never reachable from the GUI, nor from the command line: its commands
        authenticate (``app/cli.py``, ``access.py``)."""
        with self._db.reading() as session:
            staff = session.scalar(select(Staff).where(Staff.username == username, Staff.active.is_(True)))
            if staff is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such account."))
            return self._actor(staff)

    def _actor(self, staff: Staff) -> Actor:
        return Actor(staff.id, staff.username, staff.display_name, staff.role, self._db.desk_code)

    def create_staff(
        self, actor: Actor, username: str, display_name: str, role: Role, password: str, phone: str = ""
    ) -> StaffInfo:
        """Create an account (administrators only)."""
        fields = self.check_new_staff(username, display_name, password, phone)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_ACCOUNTS)
            return self.add_staff(session, fields, role, password)

    def check_new_staff(self, username: str, display_name: str, password: str, phone: str) -> NewStaff:
        """Check an account's fields before any transaction; raises ValidationError naming each field."""
        username = username.strip().lower()
        errors = FieldErrors()
        if not USERNAME_RE.match(username):
            errors.add("username", QT_TRANSLATE_NOOP(
                "errors", "User names are 2-32 lower-case letters, digits, '.' or '_', starting with a letter."))
        name = check_length(errors, "display_name", display_name, 30)
        number = check_phone(errors, "phone", phone)
        check_password_rules(errors, "password", password)
        errors.raise_if_any()
        return NewStaff(username, name, number)

    def add_staff(self, session: Session, fields: NewStaff, role: Role, password: str) -> StaffInfo:
        """Insert a checked account in the caller's transaction (also used by the first-start set-up)."""
        if session.scalar(select(Staff.id).where(Staff.username == fields.username)) is not None:
            raise ValidationError.single(
                "username", QT_TRANSLATE_NOOP("errors", "The user name {name} is taken."), name=fields.username)
        staff = Staff(username=fields.username, display_name=fields.display_name, role=role,
                      password_hash=self._hasher.hash(password), phone=fields.phone, active=True)
        session.add(staff)
        session.flush()
        return _info(staff)

    def list_staff(self, actor: Actor) -> list[StaffInfo]:
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_ACCOUNTS)
            rows = session.scalars(select(Staff).order_by(Staff.role, Staff.username))
            return [_info(s) for s in rows]

    def set_active(self, actor: Actor, staff_id: uuid.UUID, active: bool) -> StaffInfo:
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_ACCOUNTS)
            staff = _get_staff(session, staff_id)
            if staff.id == actor.user_id and not active:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "You cannot disable your own account."))
            staff.active = active
            return _info(staff)

    def reset_password(self, actor: Actor, staff_id: uuid.UUID, new_password: str) -> None:
        errors = FieldErrors()
        check_password_rules(errors, "password", new_password)
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_ACCOUNTS)
            staff = _get_staff(session, staff_id)
            staff.password_hash = self._hasher.hash(new_password)
            staff.password_changed_at = session.info["now"]
            staff.failed_logins = 0
            staff.locked_until = None  # the administrator's reset is also how a locked account is opened

    def change_own_password(self, actor: Actor, old_password: str, new_password: str) -> None:
        errors = FieldErrors()
        check_password_rules(errors, "new_password", new_password)
        errors.raise_if_any()
        with self._db.transaction() as session:
            session.info["actor"] = actor
            staff = _get_staff(session, actor.user_id)
            if not staff.active:
                raise PermissionDenied(QT_TRANSLATE_NOOP("errors", "This account is disabled. Please log in again."))
            if not self._verify(staff.password_hash, old_password):
                raise ValidationError.single(
                    "old_password", QT_TRANSLATE_NOOP("errors", "The current password is not right."))
            staff.password_hash = self._hasher.hash(new_password)
            staff.password_changed_at = session.info["now"]


def _get_staff(session: Session, staff_id: uuid.UUID) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such account."))
    return staff


def _info(s: Staff) -> StaffInfo:
    return StaffInfo(s.id, s.username, s.display_name, s.role, s.phone, s.active)
