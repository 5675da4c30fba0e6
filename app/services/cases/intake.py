"""Intake of a request (诉求受理): check, number, save, and the receipt's content; or attach to a case."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Case,
    CaseCounter,
    CaseDepartment,
    CaseReporter,
    CaseStatus,
    Category,
    Channel,
    Department,
    EventKind,
    Household,
    Resident,
    ResidentStatus,
    Scope,
    Staff,
)
from app.services.cases.escalation import RuleBook, rule_resolve, start
from app.services.cases.repeats import check_repeat_of
from app.services.cases.timeline import append_event
from app.services.cases.working_days import Span, WorkCalendar, category_span, load_calendar
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound
from app.services.core.setup import community_info
from app.services.core.validation import check_length, check_phone
from app.services.documents.disclosure import Document, Field, disclose, name_book
from app.services.people.residents import OPEN_STATUSES, is_erased

if TYPE_CHECKING:  # the receipt module brings the PDF layer: loaded when a receipt is made
    from app.services.documents.receipt import ReceiptData

DESCRIPTION_MIN = 5
DESCRIPTION_MAX = 2000
SIMILAR_DAYS = 30
SIMILAR_TEXT_SCORE = 72  # rapidfuzz partial_ratio, 0-100; tuned on the demo community's requests
SIMILAR_LIMIT = 8
MAX_DEADLINE_DAYS = 366


@dataclass(frozen=True)
class CategoryOption:
    id: uuid.UUID
    code: str
    name: str
    parent_id: uuid.UUID | None
    response_minutes: int
    resolve_hours: int
    resolve_workdays: int | None = None  # the limit counts working days when set (工作日)


@dataclass(frozen=True)
class DepartmentOption:
    id: uuid.UUID
    name: str
    level: str


@dataclass(frozen=True)
class IntakeOptions:
    categories: list[CategoryOption]
    departments: list[DepartmentOption]
    reply_promise_hours: int
    calendar: WorkCalendar = field(default_factory=WorkCalendar)  # the official calendar, for the deadline shown
    # the escalation rules' resolution limits by (category, urgency): the deadline shown is shortened by them too
    resolve_rules: dict[tuple[uuid.UUID | None, int | None], Span] = field(default_factory=dict)

    def children(self, parent_id: uuid.UUID | None) -> list[CategoryOption]:
        return [c for c in self.categories if c.parent_id == parent_id]


@dataclass(frozen=True)
class IntakeForm:
    """What the clerk typed. Deadline None means: take it from the category's rule."""

    channel: str
    resident_id: uuid.UUID | None
    category_id: uuid.UUID | None
    subcategory_id: uuid.UUID | None
    description: str
    urgency: int
    scope: str
    department_ids: tuple[uuid.UUID, ...] = ()
    deadline_at: datetime | None = None
    anonymous: bool = False
    caller_phone: str = ""
    call_seconds: int | None = None
    repeat_of: uuid.UUID | None = None  # 重复诉求: the earlier request of this resident (or number) this one repeats


@dataclass(frozen=True)
class SimilarCase:
    case_id: uuid.UUID
    case_no: str
    created_at: datetime
    category: str
    summary: str
    building: str
    households_count: int
    status: CaseStatus
    same_building: bool
    text_score: int


@dataclass(frozen=True)
class SavedCase:
    case_id: uuid.UUID
    case_no: str
    attached: bool          # True when the request was added to an existing case (并单)
    receipt: ReceiptData
    repeated: bool = False  # True when the call was recorded on an earlier open request (重复来电), no new request


@dataclass(frozen=True)
class CaseRow:
    id: uuid.UUID
    case_no: str
    created_at: datetime
    channel: Channel
    category: str
    summary: str
    resident_name: str
    address: str
    status: CaseStatus
    urgency: int
    deadline_at: datetime
    households_count: int


@dataclass(frozen=True)
class _Checked:
    resident: Resident
    category: Category
    subcategory: Category | None
    departments: list[Department]
    deadline: datetime
    caller_phone: str
    description: str
    repeat_of: Case | None


def deadline_for(option: CategoryOption, urgency: int, at: datetime, calendar: WorkCalendar,
                 rules: dict[tuple[uuid.UUID | None, int | None], Span]) -> datetime:
    """The resolution deadline of a request of this category taken at ``at``: the category's hours, or its working
    days on the official calendar, shortened for urgent (4: 24 h) and emergency (5: 4 h) requests, and by the most
    specific escalation rule that sets a resolution limit (the ladder counts the same)."""
    due = calendar.deadline(at, category_span(option.resolve_hours, option.resolve_workdays, urgency))
    rule = rule_latest(option, urgency, at, calendar, rules)
    return due if rule is None else min(due, rule)


def rule_latest(option: CategoryOption, urgency: int, at: datetime, calendar: WorkCalendar,
                rules: dict[tuple[uuid.UUID | None, int | None], Span]) -> datetime | None:
    """The latest deadline the escalation rules allow a request of this category (None: no rule sets one)."""
    class_id, sub_id = (option.parent_id, option.id) if option.parent_id else (option.id, None)
    span = rule_resolve(rules, class_id, sub_id, urgency)
    return None if span is None else calendar.deadline(at, span)


def summary_of(text: str, length: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


class IntakeService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def options(self, actor: Actor) -> IntakeOptions:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            cats = session.scalars(
                select(Category).where(Category.active.is_(True)).order_by(Category.sort_order, Category.code)
            )
            depts = session.scalars(
                select(Department).where(Department.active.is_(True)).order_by(Department.sort_order)
            )
            info = community_info(session, self._db.desk_code)
            return IntakeOptions(
                [CategoryOption(c.id, c.code, c.name, c.parent_id, c.response_minutes, c.resolve_hours,
                                c.resolve_workdays) for c in cats],
                [DepartmentOption(d.id, d.name, d.level) for d in depts],
                info.reply_promise_hours,
                load_calendar(session),
                RuleBook.load(session).resolve_rules(),
            )

    # --- similar requests (并单) ---------------------------------------------------------------

    def find_similar(self, actor: Actor, resident_id: uuid.UUID | None, category_id: uuid.UUID | None,
                     description: str, subcategory_id: uuid.UUID | None = None) -> list[SimilarCase]:
        """Open requests of the last 30 days that look like the same problem: in the same building with the
        same sub-category (or category, before one is chosen), or with a similar description anywhere."""
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            since = self._db.clock.now() - timedelta(days=SIMILAR_DAYS)
            building = None
            if resident_id is not None:
                building = session.scalar(
                    select(Household.building).join(Resident, Resident.household_id == Household.id)
                    .where(Resident.id == resident_id)
                )
            rows = session.execute(
                select(Case.id, Case.case_no, Case.created_at, Case.category_id, Case.subcategory_id, Case.description,
                       Case.households_count, Case.status, Household.building, Category.name)
                .outerjoin(Household, Case.household_id == Household.id)
                .join(Category, Case.category_id == Category.id)
                .where(Case.created_at >= since, Case.status.in_(OPEN_STATUSES))
                .order_by(Case.created_at.desc())
                .limit(5000)
            ).all()
            from rapidfuzz import fuzz  # the first search for similar requests loads it, not the start

            text = " ".join(description.split())
            found: list[SimilarCase] = []
            for cid, no, created, cat_id, sub_id, desc, count, status, bld, cat_name in rows:
                same_kind = sub_id == subcategory_id if subcategory_id is not None else cat_id == category_id
                same_building = building is not None and bld == building and same_kind
                score = int(fuzz.partial_ratio(text, desc)) if len(text) >= 6 else 0
                if same_building or score >= SIMILAR_TEXT_SCORE:
                    found.append(SimilarCase(cid, no, created, cat_name, summary_of(desc), bld or "", count,
                                             status, same_building, score))
            found.sort(key=lambda s: (not s.same_building, -s.text_score, -s.created_at.timestamp()))
            return found[:SIMILAR_LIMIT]

    # --- saving ---------------------------------------------------------------------------------

    def submit(self, actor: Actor, form: IntakeForm) -> SavedCase:
        """Save a new request with its case number; returns what the receipt shows."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.INTAKE)
            return self.save_new(session, staff, form)

    def save_new(self, session: Session, staff: Staff, form: IntakeForm) -> SavedCase:
        """``submit``'s work inside a transaction the caller holds, its permission checked: a problem found on patrol
        becomes a request this way, linked to its entry in the same transaction (app.services.care.patrol)."""
        now: datetime = session.info["now"]
        checked = self._check(session, form, now)
        resident, category, subcategory = checked.resident, checked.category, checked.subcategory
        household = resident.household
        info = community_info(session, self._db.desk_code)
        case = Case(
            case_no=self._next_case_no(session, now),
            channel=Channel(form.channel), resident_id=resident.id,
            household_id=resident.household_id, grid_id=household.grid_id if household else None,
            caller_phone=checked.caller_phone, call_seconds=form.call_seconds,
            category_id=category.id, subcategory_id=subcategory.id if subcategory else None,
            description=checked.description,
            urgency=form.urgency, scope=Scope(form.scope), priority=form.urgency * Scope(form.scope).weight,
            deadline_at=checked.deadline, reply_due_at=now + timedelta(hours=info.reply_promise_hours),
            anonymous=form.anonymous, status=CaseStatus.NEW, households_count=1, created_by_id=staff.id,
            repeat_of_id=checked.repeat_of.id if checked.repeat_of is not None else None,
        )
        start(session, case, RuleBook.load(session), now)  # the escalation ladder's limits start now
        session.add(case)
        session.flush()
        for dept in checked.departments:
            session.add(CaseDepartment(case_id=case.id, department_id=dept.id))
        session.add(CaseReporter(case_id=case.id, resident_id=resident.id, household_id=resident.household_id,
                                 channel=case.channel, anonymous=form.anonymous))
        append_event(session, case, EventKind.CREATED, staff.id, data={
            "channel": case.channel.value, "resident_id": str(resident.id),
            "departments": [str(d.id) for d in checked.departments], "call_seconds": form.call_seconds,
            **({"repeat_of_no": checked.repeat_of.case_no} if checked.repeat_of is not None else {}),
        }, seq=1)
        session.flush()
        return SavedCase(case.id, case.case_no, False, self._receipt(session, case, staff, resident, now))

    def attach(self, actor: Actor, case_id: uuid.UUID, form: IntakeForm) -> SavedCase:
        """Add this resident's report to an open case instead of opening a new one (并单)."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.INTAKE)
            now: datetime = session.info["now"]
            errors = FieldErrors()
            resident = self._check_resident(session, errors, form.resident_id)
            caller = self._check_channel(errors, form)
            errors.raise_if_any()
            assert resident is not None
            case = session.get(Case, case_id, with_for_update=True)
            if case is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such case."))
            if case.status not in OPEN_STATUSES:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "Case {no} is no longer open; please log a new request."), no=case.case_no)
            already = session.scalar(select(CaseReporter.id).where(
                CaseReporter.case_id == case.id, CaseReporter.resident_id == resident.id))
            if already is not None:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "{name} has already reported case {no}."), name=resident.name, no=case.case_no)
            session.add(CaseReporter(case_id=case.id, resident_id=resident.id, household_id=resident.household_id,
                                     channel=Channel(form.channel), anonymous=form.anonymous))
            session.flush()
            case.households_count = households_of(session, case.id)
            append_event(session, case, EventKind.JOINED, staff.id, note=form.description.strip()[:DESCRIPTION_MAX],
                         data={"resident_id": str(resident.id), "channel": form.channel, "caller_phone": caller,
                               "households_count": case.households_count})
            session.flush()
            return SavedCase(case.id, case.case_no, True, self._receipt(session, case, staff, resident, now))

    def attach_repeat(self, actor: Actor, case_id: uuid.UUID, form: IntakeForm) -> SavedCase:
        """The resident (or the same number) asks again about an open request of theirs (重复来电): no new request; a
        ``repeated`` event on that request's timeline says what was said this time. Its receipt names that request."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.INTAKE)
            now: datetime = session.info["now"]
            errors = FieldErrors()
            resident = self._check_resident(session, errors, form.resident_id)
            caller = self._check_channel(errors, form)
            note = check_length(errors, "description", form.description, DESCRIPTION_MAX, minimum=DESCRIPTION_MIN)
            case = check_repeat_of(session, errors, case_id, form.resident_id, caller, now)
            errors.raise_if_any()
            assert resident is not None and case is not None
            if case.status not in OPEN_STATUSES:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "Request {no} is no longer open: log a new request marked as a repeat of it."),
                    no=case.case_no)
            session.refresh(case, with_for_update=True)
            append_event(session, case, EventKind.REPEATED, staff.id, note=note,
                         data={"channel": form.channel, "caller_phone": caller, "resident_id": str(resident.id)})
            session.flush()
            saved = SavedCase(case.id, case.case_no, True, self._receipt(session, case, staff, resident, now), True)
            return saved

    def _check(self, session: Session, form: IntakeForm, now: datetime) -> _Checked:
        errors = FieldErrors()
        resident = self._check_resident(session, errors, form.resident_id)
        caller = self._check_channel(errors, form)
        category = session.get(Category, form.category_id) if form.category_id else None
        subcategory = session.get(Category, form.subcategory_id) if form.subcategory_id else None
        if category is None or category.parent_id is not None:
            errors.add("category", QT_TRANSLATE_NOOP("errors", "Please choose a category."))
        elif subcategory is None:
            has_children = session.scalar(select(func.count()).where(Category.parent_id == category.id))
            if has_children:
                errors.add("subcategory", QT_TRANSLATE_NOOP("errors", "Please choose a sub-category."))
        elif subcategory.parent_id != category.id:
            errors.add("subcategory", QT_TRANSLATE_NOOP("errors", "This sub-category belongs to another category."))
        description = check_length(errors, "description", form.description, DESCRIPTION_MAX, minimum=DESCRIPTION_MIN)
        if not isinstance(form.urgency, int) or not 1 <= form.urgency <= 5:
            errors.add("urgency", QT_TRANSLATE_NOOP("errors", "Urgency is 1 to 5."))
        if form.scope not in {s.value for s in Scope}:
            errors.add("scope", QT_TRANSLATE_NOOP("errors", "Please choose who is affected."))
        departments = []
        for dept_id in dict.fromkeys(form.department_ids):
            dept = session.get(Department, dept_id)
            if dept is None or not dept.active:
                errors.add("departments", QT_TRANSLATE_NOOP("errors", "A chosen department no longer exists."))
            else:
                departments.append(dept)
        deadline = form.deadline_at
        if deadline is not None:
            if deadline.tzinfo is None:
                raise ValueError("deadline must be aware")
            if deadline <= now:
                errors.add("deadline", QT_TRANSLATE_NOOP("errors", "The deadline must be in the future."))
            elif deadline > now + timedelta(days=MAX_DEADLINE_DAYS):
                errors.add("deadline", QT_TRANSLATE_NOOP("errors", "The deadline is more than a year away."))
        earlier = check_repeat_of(session, errors, form.repeat_of, form.resident_id, caller, now)
        calendar, rules = load_calendar(session), RuleBook.load(session).resolve_rules()
        if category is not None and 1 <= form.urgency <= 5:
            own = subcategory or category
            option = CategoryOption(own.id, own.code, own.name, own.parent_id, own.response_minutes,
                                    own.resolve_hours, own.resolve_workdays)
            latest = rule_latest(option, form.urgency, now, calendar, rules)
            if deadline is None:
                deadline = deadline_for(option, form.urgency, now, calendar, rules)
            elif latest is not None and deadline > latest and "deadline" not in errors.errors:
                errors.add("deadline", QT_TRANSLATE_NOOP(
                    "errors", "The time limit rules have this request resolved by {latest} at the latest: set an "
                              "earlier deadline, or take the rule's."), latest=local(latest).strftime("%Y-%m-%d %H:%M"))
        errors.raise_if_any()
        assert resident is not None and category is not None and deadline is not None
        return _Checked(resident, category, subcategory, departments, deadline, caller, description, earlier)

    def _check_resident(self, session: Session, errors: FieldErrors, resident_id: uuid.UUID | None) -> Resident | None:
        resident = session.get(Resident, resident_id) if resident_id else None
        if resident is None:
            errors.add("resident", QT_TRANSLATE_NOOP(
                "errors", "Please choose the resident (search by name, pinyin, phone or address)."))
        elif is_erased(resident):
            errors.add("resident", QT_TRANSLATE_NOOP(
                "errors", "This resident's personal data was erased; register the person again as a new resident."))
            return None
        elif resident.status is ResidentStatus.MERGED:  # a draft kept from before the merge, say
            errors.add("resident", QT_TRANSLATE_NOOP(
                "errors", "This record was merged into another one of the same person; choose the resident again."))
            return None
        return resident

    def _check_channel(self, errors: FieldErrors, form: IntakeForm) -> str:
        if form.channel not in {c.value for c in Channel}:
            errors.add("channel", QT_TRANSLATE_NOOP("errors", "Please choose how the request came in."))
            return ""
        if form.call_seconds is not None and form.call_seconds < 0:
            errors.add("call_seconds", QT_TRANSLATE_NOOP("errors", "The call time cannot be negative."))
        return check_phone(errors, "caller_phone", form.caller_phone, required=form.channel == Channel.PHONE)

    def _next_case_no(self, session: Session, now: datetime) -> str:
        """Desk code, local date, sequence: A01-20261122-0007. Unique across desks by the desk code."""
        day: date = local(now).date()
        desk = self._db.desk_code
        if not desk:
            raise Conflict(QT_TRANSLATE_NOOP("errors", "This desk has no desk code; finish the first-start set-up."))
        seq = session.scalar(
            update(CaseCounter).where(CaseCounter.desk_code == desk, CaseCounter.day == day)
            .values(last=CaseCounter.last + 1).returning(CaseCounter.last)
        )
        if seq is None:
            try:
                with session.begin_nested():
                    session.add(CaseCounter(desk_code=desk, day=day, last=1))
                seq = 1
            except IntegrityError:  # another session of this desk took the first number meanwhile
                seq = session.scalar(
                    update(CaseCounter).where(CaseCounter.desk_code == desk, CaseCounter.day == day)
                    .values(last=CaseCounter.last + 1).returning(CaseCounter.last)
                )
        return f"{desk}-{day:%Y%m%d}-{seq:04d}"

    def _receipt(self, session: Session, case: Case, staff: Staff, resident: Resident, now: datetime) -> ReceiptData:
        info = community_info(session, self._db.desk_code)
        category = session.get(Category, case.category_id)
        sub = session.get(Category, case.subcategory_id) if case.subcategory_id else None
        assert category is not None
        from app.services.documents.receipt import ReceiptData

        return ReceiptData(
            community_name=info.name, desk_name=info.desk_name, desk_phone=info.desk_phone,
            case_no=case.case_no, created_at=now, channel_label=labels.zh(case.channel),
            category_label=f"{category.name} / {sub.name}" if sub else category.name,
            # What the slip shows of a person: the rule table (app.services.documents.disclosure).
            summary=disclose(Document.RECEIPT, Field.DESCRIPTION, case.description,
                             book=name_book(session)) or "",
            reply_due_at=case.reply_due_at, deadline_at=case.deadline_at,
            resident_display=disclose(Document.RECEIPT, Field.NAME, resident.name) or "",
            households_count=case.households_count, clerk_name=staff.display_name,
            deadline_provisional=bool((sub or category).resolve_workdays)
            and load_calendar(session).provisional(now, case.deadline_at),
        )

    def receipt(self, actor: Actor | None, case_id: uuid.UUID | None = None, case_no: str = "") -> ReceiptData:
        """The receipt of a logged case again (a reprint shows the time it was logged).

        ``actor`` None is the command line run by IT staff; the case is given by id or by its number.
        """
        with self._db.reading() as session:
            if actor is not None:
                require(session, actor, Permission.VIEW_CASES)
            case = (session.get(Case, case_id) if case_id is not None
                    else session.scalar(select(Case).where(Case.case_no == case_no.strip().upper())))
            if case is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No case with the number {no}."), no=case_no)
            return self._receipt(session, case, case.created_by, case.resident, case.created_at)

    # --- lists ----------------------------------------------------------------------------------

    def recent(self, actor: Actor, limit: int = 50) -> list[CaseRow]:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            cases = session.scalars(
                select(Case).order_by(Case.created_at.desc(), Case.id.desc()).limit(limit)
                .options(selectinload(Case.resident), selectinload(Case.household), selectinload(Case.category))
            )
            return [
                CaseRow(c.id, c.case_no, c.created_at, c.channel, c.category.name, summary_of(c.description),
                        c.resident.name, c.household.address if c.household else "", c.status, c.urgency,
                        c.deadline_at, c.households_count)
                for c in cases
            ]

    def count_today(self, actor: Actor) -> int:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            start = local(self._db.clock.now()).replace(hour=0, minute=0, second=0, microsecond=0)
            return int(session.scalar(select(func.count()).select_from(Case).where(Case.created_at >= start)) or 0)


HOUSEHOLDS = func.count(func.distinct(func.coalesce(CaseReporter.household_id, CaseReporter.resident_id)))


def households_of(session: Session, case_id: uuid.UUID) -> int:
    """Affected households: distinct households among reporters (one without a household counts alone)."""
    return int(session.scalar(select(HOUSEHOLDS).where(CaseReporter.case_id == case_id)) or 0)


def households_by_case(session: Session) -> dict[uuid.UUID, int]:
    """The same for every case at once (verify)."""
    return dict(session.execute(select(CaseReporter.case_id, HOUSEHOLDS).group_by(CaseReporter.case_id)).all())

