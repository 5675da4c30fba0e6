"""What happens to a request after intake (接诉即办): dispatch, response, progress notes, departments called in
(吹哨报到), the handling level, suspension, resolution, the follow-up call (回访), closing, merging, reopening.

Every action is one transaction: check the role, lock the case, fold its timeline (app.services.cases.timeline), check
the action is allowed from the folded state, append one event, fold it in and write the cache. A refusal raises
before anything is written. Two desks acting on one case at once are serialised by the lock (SQLite's BEGIN
IMMEDIATE, PostgreSQL's row lock): the second folds the first one's event and both land on the timeline.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Case,
    CaseEvent,
    CaseReporter,
    CaseStatus,
    Channel,
    Department,
    EventKind,
    Grid,
    HandlingLevel,
    Household,
    Role,
    Satisfaction,
    Scope,
    Staff,
)
from app.services.cases import followup
from app.services.cases.escalation import RuleBook, RunningLimit, running_limits
from app.services.cases.intake import households_of
from app.services.cases.reach import PENDING, check_reach, note_data, reaches, reviews
from app.services.cases.timeline import (
    RUNNING,
    TRANSITIONS,
    CaseState,
    Event,
    Limits,
    append_event,
    apply,
    fold,
    load_events,
    next_level,
    store,
)
from app.services.core import labels
from app.services.core.auth import ROLE_PERMISSIONS, Actor, Permission, allowed, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, NotFound, ValidationError
from app.services.people.residents import ResidentSummary, summarize

TEXT_MAX = 2000
DEPARTMENT_HOURS_MAX = 24 * 30

# Who may take each step (see docs/architecture.md and the comment above ROLE_PERMISSIONS).
PERMISSION_OF: dict[EventKind, Permission] = {
    EventKind.DISPATCHED: Permission.DISPATCH,
    EventKind.DEPARTMENTS_CALLED: Permission.DISPATCH,
    EventKind.RESPONDED: Permission.HANDLE_CASES,
    EventKind.NOTE: Permission.HANDLE_CASES,
    EventKind.DEPARTMENT_REPORTED: Permission.HANDLE_CASES,
    EventKind.RESOLVED: Permission.HANDLE_CASES,
    EventKind.FOLLOWED_UP: Permission.FOLLOW_UP,
    EventKind.CALL_TRIED: Permission.FOLLOW_UP,
    EventKind.MERGED: Permission.MERGE_CASES,
    EventKind.LEVEL_RAISED: Permission.SUPERVISE_CASES,
    EventKind.SUSPENDED: Permission.SUPERVISE_CASES,
    EventKind.RESUMED: Permission.SUPERVISE_CASES,
    EventKind.CLOSED: Permission.SUPERVISE_CASES,
    EventKind.REOPENED: Permission.SUPERVISE_CASES,
}


@dataclass(frozen=True)
class CaseInfo:
    """A case's state after an action (the cache the fold wrote)."""

    id: uuid.UUID
    case_no: str
    status: CaseStatus
    level: HandlingLevel
    assignee_id: uuid.UUID | None
    in_pool: bool
    escalated: bool
    due_at: datetime | None
    satisfaction: Satisfaction | None
    cycle: int
    households_count: int
    merged_into_id: uuid.UUID | None
    events: int


@dataclass(frozen=True)
class DepartmentCall:
    department_id: uuid.UUID
    name: str
    called_at: datetime | None
    report_due_at: datetime | None
    reported_at: datetime | None
    overdue: bool


@dataclass(frozen=True)
class TimelineEntry:
    seq: int
    at: datetime
    kind: EventKind
    actor_name: str  # "" for the escalation ladder
    note: str
    public: bool
    data: dict[str, Any]
    review: str = ""  # a public note's review: reach.PENDING, APPROVED or RETURNED ("" for any other entry)


@dataclass(frozen=True)
class CaseAbout:
    """What was reported and by whom, for the head of the case's page."""

    resident: ResidentSummary  # the ID number masked (disclosure's screen rule)
    channel: Channel
    category: str
    subcategory: str
    description: str
    urgency: int
    scope: Scope
    created_at: datetime
    deadline_at: datetime
    anonymous: bool
    grid: str
    grid_worker_id: uuid.UUID | None  # where 派单 sends the case by default
    grid_worker_name: str
    merged_into_no: str  # the surviving case's number once merged
    reply_due_at: datetime | None = None  # 答复时限: the reply promised to the resident (the receipt's)
    limits: tuple[RunningLimit, ...] = ()  # 响应时限, 办结时限, 回访时限, 报到时限 whose clocks run now


@dataclass(frozen=True)
class Handler:
    """An account a case may be dispatched to."""

    id: uuid.UUID
    name: str
    role: Role


@dataclass(frozen=True)
class CaseDetail:
    info: CaseInfo
    assignee_name: str
    departments: list[DepartmentCall]
    timeline: list[TimelineEntry]
    actions: frozenset[EventKind]  # what this actor may do now (status, role and grid), for the buttons
    about: CaseAbout


@dataclass
class _Acting:
    """One case inside an action's transaction: locked, folded, and recorded to."""

    session: Session
    staff: Staff
    case: Case
    limits: Limits
    state: CaseState

    def record(self, kind: EventKind, note: str = "", data: dict[str, Any] | None = None) -> None:
        seq = self.state.seq + 1
        append_event(self.session, self.case, kind, self.staff.id, note, data, seq=seq)
        self.state = apply(self.state, Event(seq, kind, self.session.info["now"], data or {}), self.limits)
        store(self.session, self.case, self.state, self.limits)


def _text(field_name: str, value: str, required: bool) -> str:
    text = value.strip()
    if required and len(text) < 2:
        raise ValidationError.single(field_name, QT_TRANSLATE_NOOP("errors", "Please write a few words."))
    if len(text) > TEXT_MAX:
        raise ValidationError.single(field_name, QT_TRANSLATE_NOOP("errors", "At most {n} characters."), n=TEXT_MAX)
    return text


def refusal(case_no: str, state: CaseState, kind: EventKind, merged_into_no: str = "") -> Conflict | None:
    """Why ``kind`` may not be done to a case in ``state`` (by its status), or None when it may."""
    status = state.status
    if status in TRANSITIONS[kind]:
        return None
    if status is CaseStatus.MERGED:
        return Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} was merged into {into}; act on that one instead."),
                        no=case_no, into=merged_into_no)
    if status is CaseStatus.SUSPENDED:
        return Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} is suspended; resume it first."), no=case_no)
    if kind is EventKind.RESPONDED and status is CaseStatus.RESPONDED:
        return Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} has already been responded to."), no=case_no)
    if kind in (EventKind.RESPONDED, EventKind.RESOLVED) and status is CaseStatus.NEW:
        return Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} has not been dispatched yet; dispatch it first."),
                        no=case_no)
    if kind in (EventKind.FOLLOWED_UP, EventKind.CALL_TRIED, EventKind.CLOSED) and status in RUNNING:
        return Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} has not been resolved yet: the {action} comes after "
                                          "the resolution."), no=case_no, action=labels.zh(kind))
    if kind is EventKind.RESUMED:
        return Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} is not suspended."), no=case_no)
    if kind is EventKind.REOPENED:
        return Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} is still open; there is nothing to reopen."),
                        no=case_no)
    if status is CaseStatus.CLOSED:
        return Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} is closed; reopen it before the {action}."),
                        no=case_no, action=labels.zh(kind))
    return Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} is {status}: no {action} now."),
                    no=case_no, status=labels.zh(status), action=labels.zh(kind))


class WorkflowService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- reading ------------------------------------------------------------------------------------

    def detail(self, actor: Actor, case_id: uuid.UUID) -> CaseDetail:
        """The case's state, its departments, its whole timeline (read-only) and what this actor may do now."""
        with self._db.reading() as session:
            staff = require(session, actor, Permission.VIEW_CASES)
            case = _get(session, case_id)
            rows = list(session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                        .order_by(CaseEvent.seq, CaseEvent.desk_code)))
            names = dict(session.execute(select(Staff.id, Staff.display_name)).all())
            verdicts = reviews((e.seq, e.kind, e.data) for e in rows)
            timeline = [TimelineEntry(e.seq, e.created_at, e.kind, names.get(e.actor_id, "") if e.actor_id else "",
                                      e.note, bool((e.data or {}).get("public")), dict(e.data or {}),
                                      verdicts.get(e.seq, "")) for e in rows]
            departments = [DepartmentCall(d.department_id, d.department.name, d.called_at, d.report_due_at,
                                          d.reported_at, d.overdue) for d in case.departments]
            waiting = any(d.called_at is not None and d.reported_at is None for d in departments)  # to report
            mine = reaches(session, staff, case)  # a grid worker: their own grid's request, or dispatched to them
            actions = frozenset(k for k, states in TRANSITIONS.items()
                                if case.status in states and allowed(staff, PERMISSION_OF[k])
                                and (k is not EventKind.DEPARTMENT_REPORTED or waiting)
                                and (mine or PERMISSION_OF[k] is not Permission.HANDLE_CASES))
            if allowed(staff, Permission.REVIEW_NOTES) and PENDING in verdicts.values():
                actions |= {EventKind.NOTE_REVIEWED}
            assignee = names.get(case.assignee_id, "") if case.assignee_id else ""
            return CaseDetail(_info(case, len(timeline)), assignee, departments, timeline, actions,
                              self._about(session, staff, case, names))

    def _about(self, session: Session, staff: Staff, case: Case, names: dict[uuid.UUID, str]) -> CaseAbout:
        today = local(self._db.clock.now()).date()
        resident = summarize(case.resident, today, 0)
        worker_id = case.grid.worker_id if case.grid is not None else None
        return CaseAbout(
            resident=resident, channel=case.channel, category=case.category.name,
            subcategory=case.subcategory.name if case.subcategory else "", description=case.description,
            urgency=case.urgency, scope=case.scope, created_at=case.created_at, deadline_at=case.deadline_at,
            anonymous=case.anonymous, grid=case.grid.name if case.grid else "", grid_worker_id=worker_id,
            grid_worker_name=names.get(worker_id, "") if worker_id else "",
            merged_into_no=_case_no(session, case.merged_into_id), reply_due_at=case.reply_due_at,
            limits=running_limits(session, case))

    def handlers(self, actor: Actor) -> list[Handler]:
        """The active accounts a case may be dispatched to (those whose role handles requests)."""
        with self._db.reading() as session:
            require(session, actor, Permission.DISPATCH)
            roles = [r for r in Role if Permission.HANDLE_CASES in ROLE_PERMISSIONS[r]]
            rows = session.scalars(select(Staff).where(Staff.active.is_(True), Staff.role.in_(roles)))
            order = {r: i for i, r in enumerate((Role.GRID_WORKER, Role.CLERK, Role.DIRECTOR, Role.ADMIN))}
            found = [Handler(s.id, s.display_name, s.role) for s in rows]
            return sorted(found, key=lambda h: (order.get(h.role, len(order)), h.name))

    def find(self, actor: Actor, case_no: str) -> uuid.UUID:
        """A case's id from its number as typed (spaces and letter case do not matter)."""
        number = case_no.strip().upper()
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            found = session.scalar(select(Case.id).where(Case.case_no == number)) if number else None
            if found is None:
                raise ValidationError.single("case_no", QT_TRANSLATE_NOOP("errors", "No case with the number {no}."),
                                             no=number)
            return found

    # --- the steps ----------------------------------------------------------------------------------

    def dispatch(self, actor: Actor, case_id: uuid.UUID, assignee_id: uuid.UUID | None = None,
                 note: str = "") -> CaseInfo:
        """Send the case to its handler: by default the grid worker of the resident's grid (智能派单)."""
        note = _text("note", note, required=False)
        with self._acting(actor, case_id, EventKind.DISPATCHED) as act:
            auto = assignee_id is None
            if assignee_id is None:
                # The grid the request was logged in; one logged before its building had a grid goes to the grid
                # its household is in now (the request's own grid stays as it was logged).
                grid_id = act.case.grid_id or (act.session.scalar(select(Household.grid_id).where(
                    Household.id == act.case.household_id)) if act.case.household_id else None)
                grid = act.session.get(Grid, grid_id) if grid_id else None
                assignee_id = grid.worker_id if grid is not None else None
                if assignee_id is None:
                    raise Conflict(QT_TRANSLATE_NOOP(
                        "errors", "Case {no} has no grid worker to go to; choose who handles it."), no=act.case.case_no)
            handler = act.session.get(Staff, assignee_id)
            if handler is None or not allowed(handler, Permission.HANDLE_CASES):
                raise ValidationError.single("assignee", QT_TRANSLATE_NOOP(
                    "errors", "This account cannot handle requests (disabled, or not a role that handles them)."))
            if act.state.assignee_id == handler.id:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} is already with {name}."),
                               no=act.case.case_no, name=handler.display_name)
            act.record(EventKind.DISPATCHED, note, {"assignee_id": str(handler.id), "assignee": handler.display_name,
                                                    "auto": auto})
            return self._done(act)

    def respond(self, actor: Actor, case_id: uuid.UUID, note: str = "") -> CaseInfo:
        """The handler has taken the case up and contacted the resident (响应)."""
        return self._step(actor, case_id, EventKind.RESPONDED, "note", note, required=False)

    def add_note(self, actor: Actor, case_id: uuid.UUID, text: str, public: bool = False) -> CaseInfo:
        """A progress note: internal, or public (shown on notice boards, where residents are never named). A grid
        worker's public note waits for the desk's or the director's review before a notice shows it."""
        text = _text("note", text, required=True)
        with self._acting(actor, case_id, EventKind.NOTE) as act:
            act.record(EventKind.NOTE, text, note_data(public, allowed(act.staff, Permission.REVIEW_NOTES)))
            return self._done(act)

    def review_note(self, actor: Actor, case_id: uuid.UUID, seq: int, approve: bool, reason: str = "") -> CaseInfo:
        """Approve a public note waiting for review (the notices may then show it), or send it back with a reason
        (it stays on the timeline, never on a notice)."""
        reason = _text("reason", reason, required=not approve)
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.REVIEW_NOTES)
            act = self._open(session, staff, case_id, RuleBook.load(session))
            rows = session.execute(select(CaseEvent.seq, CaseEvent.kind, CaseEvent.data).where(
                CaseEvent.case_id == case_id, CaseEvent.kind.in_((EventKind.NOTE, EventKind.NOTE_REVIEWED))))
            if reviews(sorted(rows, key=lambda r: r[0])).get(seq) != PENDING:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "This note of case {no} is not waiting for review (it was "
                                                 "reviewed already, or is not a public note)."), no=act.case.case_no)
            act.record(EventKind.NOTE_REVIEWED, reason, {"note_seq": seq, "approved": approve})
            return self._done(act)

    def call_departments(self, actor: Actor, case_id: uuid.UUID, department_ids: Sequence[uuid.UUID],
                         hours: int | None = None, note: str = "") -> CaseInfo:
        """吹哨报到: call in one or more departments at once; each must report within ``hours``, or by default within
        its own report time (set up with the department), tracked apart."""
        note = _text("note", note, required=False)
        ids = list(dict.fromkeys(department_ids))
        if not ids:
            raise ValidationError.single("departments", QT_TRANSLATE_NOOP("errors", "Choose at least one department."))
        if hours is not None and not 1 <= hours <= DEPARTMENT_HOURS_MAX:
            raise ValidationError.single("hours", QT_TRANSLATE_NOOP(
                "errors", "A department reports within 1 to {n} hours."), n=DEPARTMENT_HOURS_MAX)
        with self._acting(actor, case_id, EventKind.DEPARTMENTS_CALLED) as act:
            calls = []
            for dept_id in ids:
                dept = act.session.get(Department, dept_id)
                if dept is None:
                    raise ValidationError.single("departments", QT_TRANSLATE_NOOP(
                        "errors", "A chosen department no longer exists."))
                if not dept.active:
                    raise ValidationError.single("departments", QT_TRANSLATE_NOOP(
                        "errors", "{name} is retired and can no longer be called in."), name=dept.name)
                if act.state.pending_department(dept.id):
                    raise Conflict(QT_TRANSLATE_NOOP(
                        "errors", "{name} has already been called in on case {no} and has not reported yet."),
                        name=dept.name, no=act.case.case_no)
                calls.append({"id": str(dept.id), "name": dept.name, "hours": hours or dept.report_hours})
            act.record(EventKind.DEPARTMENTS_CALLED, note, {"departments": calls})
            return self._done(act)

    def department_report(self, actor: Actor, case_id: uuid.UUID, department_id: uuid.UUID, note: str) -> CaseInfo:
        """A department called in has reported (报到) what it did or will do."""
        note = _text("note", note, required=True)
        with self._acting(actor, case_id, EventKind.DEPARTMENT_REPORTED) as act:
            dept = act.session.get(Department, department_id)
            if dept is None or not act.state.pending_department(dept.id):
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "{name} has not been called in on case {no}, or has already reported."),
                    name=dept.name if dept else "?", no=act.case.case_no)
            act.record(EventKind.DEPARTMENT_REPORTED, note, {"department_id": str(dept.id), "name": dept.name})
            return self._done(act)

    def raise_level(self, actor: Actor, case_id: uuid.UUID, reason: str) -> CaseInfo:
        """One step up: community -> street -> regional units -> task force."""
        reason = _text("reason", reason, required=True)
        with self._acting(actor, case_id, EventKind.LEVEL_RAISED) as act:
            target = next_level(act.state.level)
            if target is None:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "Case {no} is already handled at the highest level ({level})."),
                    no=act.case.case_no, level=labels.zh(act.state.level))
            act.record(EventKind.LEVEL_RAISED, reason, {"from": act.state.level.value, "to": target.value})
            return self._done(act)

    def suspend(self, actor: Actor, case_id: uuid.UUID, reason: str) -> CaseInfo:
        """Stop the clock (waiting for the resident, the weather, a court...): no limit runs until resumed."""
        return self._step(actor, case_id, EventKind.SUSPENDED, "reason", reason, required=True)

    def resume(self, actor: Actor, case_id: uuid.UUID, note: str = "") -> CaseInfo:
        return self._step(actor, case_id, EventKind.RESUMED, "note", note, required=False)

    def resolve(self, actor: Actor, case_id: uuid.UUID, outcome: str) -> CaseInfo:
        """办结 with what was done. The follow-up call is due next."""
        return self._step(actor, case_id, EventKind.RESOLVED, "outcome", outcome, required=True)

    def follow_up(self, actor: Actor, case_id: uuid.UUID, satisfaction: str, note: str = "") -> CaseInfo:
        """回访: the resident's verdict. 不满意 reopens the case; 无法联系 needs calls on three days (``followup``)."""
        note, answer = _text("note", note, required=False), followup.answer_of(satisfaction)
        with self._acting(actor, case_id, EventKind.FOLLOWED_UP) as act:
            followup.check_answer(act.session, act.case, act.state, answer)
            act.record(EventKind.FOLLOWED_UP, note, {"satisfaction": answer.value})
            return self._done(act)

    def call_tried(self, actor: Actor, case_id: uuid.UUID, note: str = "") -> CaseInfo:
        """回访未接通: nobody answered this time; the request keeps waiting for its call, the day is recorded."""
        note = _text("note", note, required=False)
        with self._acting(actor, case_id, EventKind.CALL_TRIED) as act:
            act.record(EventKind.CALL_TRIED, note, followup.tried_data(act.session, act.case, act.state))
            return self._done(act)

    def close(self, actor: Actor, case_id: uuid.UUID, note: str = "") -> CaseInfo:
        """归档 a resolved case."""
        return self._step(actor, case_id, EventKind.CLOSED, "note", note, required=False)

    def reopen(self, actor: Actor, case_id: uuid.UUID, reason: str) -> CaseInfo:
        """A resolved or closed case is handled again: back to its handler, the limits start again."""
        return self._step(actor, case_id, EventKind.REOPENED, "reason", reason, required=True)

    def merge(self, actor: Actor, case_id: uuid.UUID, into_id: uuid.UUID, note: str = "") -> CaseInfo:
        """A duplicate: ``case_id`` is merged into ``into_id`` (which survives); its residents are counted there.
        Returns the surviving case."""
        note = _text("note", note, required=False)
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.MERGE_CASES)
            if case_id == into_id:
                case = _get(session, case_id)
                raise Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} cannot be merged into itself."),
                               no=case.case_no)
            book = RuleBook.load(session)
            first, second = sorted((case_id, into_id))  # always lock in the same order: no deadlock
            acting = {cid: self._open(session, staff, cid, book) for cid in (first, second)}
            dup, into = acting[case_id], acting[into_id]
            self._check(session, dup, EventKind.MERGED)
            if into.state.status is CaseStatus.MERGED:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "Case {into} was itself merged into {other}; merge into that one."),
                    into=into.case.case_no, other=_case_no(session, into.state.merged_into_id))
            if into.state.status not in TRANSITIONS[EventKind.MERGED]:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "Case {into} is {status}; a request is merged only into an open one."),
                    into=into.case.case_no, status=labels.zh(into.state.status))
            known = set(session.scalars(select(CaseReporter.resident_id).where(CaseReporter.case_id == into_id)))
            for r in session.scalars(select(CaseReporter).where(CaseReporter.case_id == case_id)):
                if r.resident_id not in known:
                    session.add(CaseReporter(case_id=into_id, resident_id=r.resident_id, household_id=r.household_id,
                                             channel=r.channel, anonymous=r.anonymous))
            session.flush()
            into.case.households_count = households_of(session, into_id)
            dup.record(EventKind.MERGED, note, {"into_id": str(into_id), "into_no": into.case.case_no})
            into.record(EventKind.ABSORBED, note, {"from_id": str(case_id), "from_no": dup.case.case_no,
                                                   "households_count": into.case.households_count})
            return self._done(into)

    # --- machinery ----------------------------------------------------------------------------------

    def _step(self, actor: Actor, case_id: uuid.UUID, kind: EventKind, field_name: str, text: str,
              required: bool) -> CaseInfo:
        """A step whose only input is its text (the note, reason or outcome)."""
        text = _text(field_name, text, required)
        with self._acting(actor, case_id, kind) as act:
            act.record(kind, text)
            return self._done(act)

    @contextmanager
    def _acting(self, actor: Actor, case_id: uuid.UUID, kind: EventKind) -> Iterator[_Acting]:
        with self._db.transaction() as session:
            staff = require(session, actor, PERMISSION_OF[kind])
            act = self._open(session, staff, case_id, RuleBook.load(session))
            if PERMISSION_OF[kind] is Permission.HANDLE_CASES:
                check_reach(session, staff, act.case)
            self._check(session, act, kind)
            yield act

    def _open(self, session: Session, staff: Staff, case_id: uuid.UUID, book: RuleBook) -> _Acting:
        case = session.get(Case, case_id, with_for_update=True)
        if case is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "No such case."))
        limits = book.limits(case)
        state = fold(case.created_at, limits, load_events(session, [case.id])[case.id])
        return _Acting(session, staff, case, limits, state)

    def _check(self, session: Session, act: _Acting, kind: EventKind) -> None:
        into_no = _case_no(session, act.state.merged_into_id) if act.state.merged_into_id else ""
        problem = refusal(act.case.case_no, act.state, kind, into_no)
        if problem is not None:
            raise problem

    def _done(self, act: _Acting) -> CaseInfo:
        act.session.flush()
        return _info(act.case, act.state.seq)


def _get(session: Session, case_id: uuid.UUID) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such case."))
    return case


def _case_no(session: Session, case_id: uuid.UUID | None) -> str:
    return (session.scalar(select(Case.case_no).where(Case.id == case_id)) or "") if case_id else ""


def _info(case: Case, events: int) -> CaseInfo:
    return CaseInfo(case.id, case.case_no, case.status, case.level, case.assignee_id, case.in_pool, case.escalated,
                    case.due_at, case.satisfaction, case.cycle, case.households_count, case.merged_into_id, events)
