"""A case's timeline (append-only ``case_event`` rows) and the state folded from it.

The state of a case — status, handling level, assignee, the difficult pool, the running time limits and the
checks of the escalation ladder still to come — is never edited: ``fold`` derives it from the events in their
sequence order, and the ``case`` / ``case_department`` columns are a cache of it written in the same transaction
as the event (``store``). Two clerks acting at once both append; the second folds the first one's event too.

``fold`` is pure (no database, no clock): time comes only from the events. It reads each event at its
*effective* time, the latest time seen so far in the sequence, so a desk clock that jumped backwards cannot make a
suspension negative or a limit run backwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Breach, Case, CaseDepartment, CaseEvent, CaseStatus, EventKind, HandlingLevel, Satisfaction
from app.services.cases.working_days import Span, WorkCalendar

OPEN = frozenset({CaseStatus.NEW, CaseStatus.DISPATCHED, CaseStatus.RESPONDED, CaseStatus.SUSPENDED})
RUNNING = frozenset({CaseStatus.NEW, CaseStatus.DISPATCHED, CaseStatus.RESPONDED})  # open, and the clock runs
ALL = frozenset(CaseStatus)

# Which statuses each action may start from. Further conditions (a department already called, the top level,
# a follow-up already recorded, the merge target) are checked by the workflow service.
TRANSITIONS: dict[EventKind, frozenset[CaseStatus]] = {
    EventKind.DISPATCHED: RUNNING,
    EventKind.RESPONDED: frozenset({CaseStatus.DISPATCHED}),
    EventKind.NOTE: ALL - {CaseStatus.MERGED},
    EventKind.DEPARTMENTS_CALLED: RUNNING,
    EventKind.DEPARTMENT_REPORTED: OPEN,
    EventKind.LEVEL_RAISED: RUNNING,
    EventKind.SUSPENDED: RUNNING,
    EventKind.RESUMED: frozenset({CaseStatus.SUSPENDED}),
    EventKind.RESOLVED: frozenset({CaseStatus.DISPATCHED, CaseStatus.RESPONDED}),
    EventKind.FOLLOWED_UP: frozenset({CaseStatus.RESOLVED}),
    EventKind.CALL_TRIED: frozenset({CaseStatus.RESOLVED}),  # 回访未接通: the call reached nobody this time
    EventKind.CLOSED: frozenset({CaseStatus.RESOLVED}),
    EventKind.MERGED: OPEN,
    EventKind.REOPENED: frozenset({CaseStatus.RESOLVED, CaseStatus.CLOSED}),
}


@dataclass(frozen=True)
class Event:
    """What the fold reads of one ``case_event`` row."""

    seq: int
    kind: EventKind
    at: datetime
    data: Mapping[str, Any] = field(default_factory=dict)
    key: str | None = None
    actor_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Limits:
    """The time limits of one case (from its category, urgency and the escalation rules), and the calendar they are
    counted on: every deadline goes through ``calendar.deadline`` (app.services.cases.working_days)."""

    response: timedelta   # from intake (or reopening) to the first response
    resolve: Span         # from reopening to the resolution: the category's own limit (or the first round's length)
    follow_up: Span       # from the resolution to the follow-up call
    warn: timedelta       # the warning comes this long before a limit (at most half the limit)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    first_resolve: datetime | None = None  # the first round's deadline: the case's 办结时限 as set at intake
    resolve_rule: Span | None = None       # a rule's resolution limit: no round runs longer

    def lead(self, limit: timedelta) -> timedelta:
        return min(self.warn, limit / 2)

    def resolve_nominal(self) -> timedelta:
        own = self.resolve.nominal()
        return own if self.resolve_rule is None else min(own, self.resolve_rule.nominal())

    def resolve_due(self, t: datetime, first: bool) -> datetime:
        """When a round of handling that starts at ``t`` must be resolved (the first round: by the case's deadline,
        set at intake; a round after reopening: by the category's limit), never later than a rule says."""
        if first and self.first_resolve is not None:
            due = self.first_resolve
        else:
            due = self.calendar.deadline(t, self.resolve)
        if self.resolve_rule is not None:
            due = min(due, self.calendar.deadline(t, self.resolve_rule))
        return due


@dataclass
class DepartmentState:
    calls: int = 0
    called_at: datetime | None = None
    limit: timedelta = timedelta(0)
    due_at: datetime | None = None  # running only while no report is in (moved on by suspensions)
    reported_at: datetime | None = None
    overdue: bool = False


@dataclass(frozen=True)
class Check:
    """A warning or an escalation the ladder will record when its time comes (unless the limit is met first)."""

    key: str
    breach: Breach
    warning: bool
    at: datetime
    due_at: datetime
    department_id: uuid.UUID | None = None


@dataclass
class CaseState:
    status: CaseStatus = CaseStatus.NEW
    level: HandlingLevel = HandlingLevel.COMMUNITY
    assignee_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None  # a volunteer team the request was given to (交给志愿服务队), until dispatched on
    in_pool: bool = False
    escalated: bool = False
    responded_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    satisfaction: Satisfaction | None = None
    followed_up: bool = False
    merged_into_id: uuid.UUID | None = None
    cycle: int = 0
    paused: timedelta = timedelta(0)
    suspended_since: datetime | None = None
    status_before_suspension: CaseStatus | None = None
    response_due: datetime | None = None
    resolve_due: datetime | None = None
    follow_up_due: datetime | None = None
    departments: dict[uuid.UUID, DepartmentState] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    last_at: datetime | None = None
    seq: int = 0

    # --- what the cache columns hold ---------------------------------------------------------------

    def running_limits(self, limits: Limits) -> list[tuple[str, Breach, datetime, timedelta, uuid.UUID | None]]:
        """(key, breach, due, nominal limit, department) of every limit whose clock runs now."""
        found: list[tuple[str, Breach, datetime, timedelta, uuid.UUID | None]] = []
        if self.status in RUNNING:
            if self.response_due is not None:
                found.append((f"response#{self.cycle}", Breach.RESPONSE, self.response_due, limits.response, None))
            if self.resolve_due is not None:
                found.append((f"resolve#{self.cycle}", Breach.RESOLVE, self.resolve_due, limits.resolve_nominal(),
                              None))
            for dept_id, dept in sorted(self.departments.items()):
                if dept.due_at is not None:
                    found.append((f"department:{dept_id}#{dept.calls}", Breach.DEPARTMENT, dept.due_at, dept.limit,
                                  dept_id))
        elif self.status is CaseStatus.RESOLVED and self.follow_up_due is not None:
            found.append((f"follow_up#{self.cycle}", Breach.FOLLOW_UP, self.follow_up_due, limits.follow_up.nominal(),
                          None))
        return found

    def checks(self, limits: Limits) -> list[Check]:
        """The warnings and escalations not recorded yet, earliest first. A limit already breached has none left;
        a breach recorded makes its warning moot."""
        found = []
        for key, breach, due, limit, dept in self.running_limits(limits):
            if key in self.keys:
                continue
            if f"warn:{key}" not in self.keys:
                found.append(Check(f"warn:{key}", breach, True, due - limits.lead(limit), due, dept))
            found.append(Check(key, breach, False, due, due, dept))
        return sorted(found, key=lambda c: (c.at, c.key))

    def due_at(self, limits: Limits) -> datetime | None:
        return min((due for _k, _b, due, _l, _d in self.running_limits(limits)), default=None)

    def warn_at(self, limits: Limits) -> datetime | None:
        return min((due - limits.lead(limit) for _k, _b, due, limit, _d in self.running_limits(limits)), default=None)

    def next_check_at(self, limits: Limits) -> datetime | None:
        return min((c.at for c in self.checks(limits)), default=None)

    def pending_department(self, department_id: uuid.UUID) -> bool:
        dept = self.departments.get(department_id)
        return dept is not None and dept.called_at is not None and dept.reported_at is None


def fold(created_at: datetime, limits: Limits, events: Iterable[Event]) -> CaseState:
    """The state of a case after its events, in sequence order. Pure."""
    state = CaseState(last_at=created_at)
    for event in sorted(events, key=lambda e: e.seq):
        state = apply(state, event, limits)
    return state


def apply(state: CaseState, event: Event, limits: Limits) -> CaseState:
    """The state after one more event (a new object; ``state`` is left as it was)."""
    s = replace(state, departments={k: replace(v) for k, v in state.departments.items()}, keys=set(state.keys))
    t = event.at if s.last_at is None else max(event.at, s.last_at)  # effective time: never runs backwards
    s.last_at, s.seq = t, event.seq
    if event.key:
        s.keys.add(event.key)
    kind, data = event.kind, event.data
    if kind is EventKind.CREATED:
        s.status, s.response_due, s.resolve_due = CaseStatus.NEW, t + limits.response, limits.resolve_due(t, True)
    elif kind is EventKind.DISPATCHED:  # to an account (assignee_id), or to a volunteer team (team_id, issue 22)
        if "assignee_id" in data:
            s.assignee_id = uuid.UUID(data["assignee_id"])
        s.team_id = uuid.UUID(data["team_id"]) if data.get("team_id") else None
        if s.status is CaseStatus.NEW:
            s.status = CaseStatus.DISPATCHED
    elif kind is EventKind.RESPONDED:
        s.status, s.response_due = CaseStatus.RESPONDED, None
        s.responded_at = s.responded_at or t
    elif kind is EventKind.DEPARTMENTS_CALLED:
        for call in data["departments"]:
            dept = s.departments.setdefault(uuid.UUID(call["id"]), DepartmentState())
            dept.calls += 1
            dept.called_at, dept.limit, dept.reported_at, dept.overdue = t, timedelta(hours=call["hours"]), None, False
            dept.due_at = t + dept.limit
    elif kind is EventKind.DEPARTMENT_REPORTED:
        dept = s.departments[uuid.UUID(data["department_id"])]
        dept.reported_at, dept.due_at = t, None
    elif kind is EventKind.LEVEL_RAISED:
        s.level = HandlingLevel(data["to"])
    elif kind is EventKind.SUSPENDED:
        s.status_before_suspension, s.status, s.suspended_since = s.status, CaseStatus.SUSPENDED, t
    elif kind is EventKind.RESUMED:
        _resume(s, t)
    elif kind is EventKind.RESOLVED:
        s.status, s.resolved_at, s.response_due, s.resolve_due = CaseStatus.RESOLVED, t, None, None
        s.responded_at = s.responded_at or t  # resolved at once: the resolution is the response
        s.follow_up_due, s.followed_up = limits.calendar.deadline(t, limits.follow_up), False
        s.satisfaction = None
    elif kind is EventKind.FOLLOWED_UP:  # 无法联系 ends the follow-up like an answer; only 不满意 reopens
        s.satisfaction, s.followed_up, s.follow_up_due = Satisfaction(data["satisfaction"]), True, None
        if s.satisfaction is Satisfaction.DISSATISFIED:
            _reopen(s, t, limits)
    elif kind is EventKind.CLOSED:
        s.status, s.closed_at, s.follow_up_due = CaseStatus.CLOSED, t, None
    elif kind is EventKind.MERGED:
        s.status, s.merged_into_id = CaseStatus.MERGED, uuid.UUID(data["into_id"])
        s.response_due = s.resolve_due = s.follow_up_due = None
    elif kind is EventKind.REOPENED:
        _reopen(s, t, limits)
    elif kind is EventKind.ESCALATED:
        _escalate(s, Breach(data["breach"]), data)
    # CREATED aside, JOINED, ABSORBED, NOTE, WARNED and CALL_TRIED (回访未接通: the follow-up still waits) change
    # nothing but the recorded keys.
    return s


def _resume(s: CaseState, t: datetime) -> None:
    """The clock stopped while suspended: every running limit moves on by the time it was stopped."""
    assert s.suspended_since is not None and s.status_before_suspension is not None
    pause = t - s.suspended_since
    s.paused += pause
    s.status, s.suspended_since, s.status_before_suspension = s.status_before_suspension, None, None
    if s.response_due is not None:
        s.response_due += pause
    if s.resolve_due is not None:
        s.resolve_due += pause
    for dept in s.departments.values():
        if dept.due_at is not None:
            dept.due_at += pause


def _reopen(s: CaseState, t: datetime, limits: Limits) -> None:
    """A new round of handling: the limits start again from now; keys carry the cycle so they can breach again."""
    s.cycle += 1
    s.status = CaseStatus.DISPATCHED if s.assignee_id is not None or s.team_id is not None else CaseStatus.NEW
    s.response_due, s.resolve_due, s.follow_up_due = t + limits.response, limits.resolve_due(t, False), None
    s.resolved_at = s.closed_at = None
    s.satisfaction, s.followed_up = None, False


def _escalate(s: CaseState, breach: Breach, data: Mapping[str, Any]) -> None:
    if breach is Breach.RESOLVE:  # into the difficult problems pool, handled at street level at least
        s.in_pool = True
        if s.level.rank < HandlingLevel.STREET.rank:
            s.level = HandlingLevel.STREET
    else:  # the community director is told
        s.escalated = True
    if breach is Breach.DEPARTMENT:
        s.departments[uuid.UUID(data["department_id"])].overdue = True


def next_level(level: HandlingLevel) -> HandlingLevel | None:
    order = list(HandlingLevel)
    return order[level.rank + 1] if level.rank + 1 < len(order) else None


# --- the rows -------------------------------------------------------------------------------------------


def event_of(row: CaseEvent) -> Event:
    return Event(row.seq, row.kind, row.created_at, row.data or {}, row.dedup_key, row.actor_id)


def load_events(session: Session, case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Event]]:
    """The timelines of these cases, each in sequence order."""
    found: dict[uuid.UUID, list[Event]] = {cid: [] for cid in case_ids}
    for start in range(0, len(case_ids), 500):
        rows = session.execute(
            select(CaseEvent.case_id, CaseEvent.seq, CaseEvent.kind, CaseEvent.created_at, CaseEvent.data,
                   CaseEvent.dedup_key, CaseEvent.actor_id)
            .where(CaseEvent.case_id.in_(case_ids[start:start + 500]))
            .order_by(CaseEvent.case_id, CaseEvent.seq, CaseEvent.desk_code)
        )
        for cid, seq, kind, at, data, key, actor in rows:
            found[cid].append(Event(seq, kind, at, data or {}, key, actor))
    return found


def append_event(session: Session, case: Case, kind: EventKind, actor_id: uuid.UUID | None, note: str = "",
                 data: dict[str, Any] | None = None, key: str | None = None, seq: int | None = None) -> CaseEvent:
    """Add the next event of the case's timeline (its number one above the last)."""
    if seq is None:
        seq = int(session.scalar(select(func.max(CaseEvent.seq)).where(CaseEvent.case_id == case.id)) or 0) + 1
    row = CaseEvent(case_id=case.id, seq=seq, kind=kind, actor_id=actor_id, note=note, data=data or {},
                    dedup_key=key)
    session.add(row)
    return row


def store(session: Session, case: Case, state: CaseState, limits: Limits) -> None:
    """Write the folded state into the case's cache columns and its departments' rows."""
    case.status, case.level, case.assignee_id = state.status, state.level, state.assignee_id
    case.in_pool, case.escalated = state.in_pool, state.escalated
    case.responded_at, case.resolved_at, case.closed_at = state.responded_at, state.resolved_at, state.closed_at
    case.satisfaction, case.merged_into_id, case.cycle = state.satisfaction, state.merged_into_id, state.cycle
    case.paused_seconds = int(state.paused.total_seconds())
    case.due_at, case.warn_at, case.next_check_at = (state.due_at(limits), state.warn_at(limits),
                                                     state.next_check_at(limits))
    if not state.departments:
        return
    rows = {d.department_id: d for d in case.departments}  # loaded with the case (selectin): no query, no flush
    for dept_id, dept in state.departments.items():
        row = rows.get(dept_id)
        if row is None:
            row = CaseDepartment(case_id=case.id, department_id=dept_id)
            case.departments.append(row)
        row.called_at, row.report_due_at, row.reported_at, row.overdue = (dept.called_at, dept.due_at,
                                                                          dept.reported_at, dept.overdue)


def cached(case: Case) -> tuple[Any, ...]:
    """The cache columns of a case, to compare with a fresh fold (``verify``)."""
    return (case.status, case.level, case.assignee_id, case.in_pool, case.escalated, case.responded_at,
            case.resolved_at, case.closed_at, case.satisfaction, case.merged_into_id, case.cycle, case.paused_seconds,
            case.due_at, case.warn_at, case.next_check_at)


def folded(state: CaseState, limits: Limits) -> tuple[Any, ...]:
    """The same values as ``cached`` reads, from a folded state."""
    return (state.status, state.level, state.assignee_id, state.in_pool, state.escalated, state.responded_at,
            state.resolved_at, state.closed_at, state.satisfaction, state.merged_into_id, state.cycle,
            int(state.paused.total_seconds()), state.due_at(limits), state.warn_at(limits),
            state.next_check_at(limits))
