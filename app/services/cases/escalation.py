"""The escalation ladder (接诉即办): time limits per category and urgency, warnings before them, and the pass that
records what is due.

Defaults from the source articles: no response within the category's response time (1 hour for most) -> the
community director is told; not resolved by the case's deadline (24 hours for most) -> into the difficult problems
pool (难点问题库) and raised to the street level; no follow-up call within 72 hours of the resolution -> the director
is told; a department called in (吹哨) that has not reported by its deadline -> the director is told. A warning comes
shortly before each limit (15 minutes, or half the limit when that is shorter).

``run(now)`` is one pass. It only reads cases whose ``next_check_at`` (indexed, kept by the fold) has passed, so
its cost follows the work due, not the size of the database. Every warning and escalation is a ``case_event`` with
a key naming the breach (``resolve#0``, ``warn:response#1``, ``department:<id>#2``); ``(case_id, dedup_key)`` is
unique, so one breach gives one event however often, and on however many desks, the pass runs. Time counts only
while a case is open and not suspended (the fold moves limits on by the suspension). A clock that jumps backwards
finds fewer limits passed; it cannot undo an event already recorded.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Breach, Case, Category, Department, EscalationRule, EventKind, HandlingLevel
from app.services.cases.timeline import (
    OPEN,
    CaseState,
    Check,
    Event,
    Limits,
    append_event,
    apply,
    fold,
    load_events,
    store,
)
from app.services.cases.working_days import MAX_WORKDAYS, Span, WorkCalendar, category_span, load_calendar
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, Message, NotFound, ValidationError

DEFAULT_FOLLOW_UP_HOURS = 72
DEFAULT_WARN_MINUTES = 15
PASS_BATCH = 250  # cases per transaction of a pass: each holds the write lock for well under a second (a catch-up
#                  records about 2 ms per case), so another desk saving a request never waits near busy_timeout
MAX_CLASHES = 5  # batches in a row lost to other desks before the pass gives up (and reports the error)
MAX_LIMIT_HOURS = 24 * 366


@dataclass(frozen=True)
class RuleInput:
    """A rule for a category (or any: None) and an urgency (or any: None). A limit left None is inherited."""

    category_id: uuid.UUID | None = None
    urgency: int | None = None
    response_minutes: int | None = None
    resolve_hours: int | None = None
    followup_hours: int | None = None
    warn_minutes: int | None = None
    resolve_workdays: int | None = None   # the resolution limit in working days instead of hours
    followup_workdays: int | None = None  # the follow-up limit in working days instead of hours


@dataclass(frozen=True)
class RuleInfo:
    id: uuid.UUID
    category_id: uuid.UUID | None
    category_name: str
    urgency: int | None
    response_minutes: int | None
    resolve_hours: int | None
    followup_hours: int | None
    warn_minutes: int | None
    resolve_workdays: int | None = None
    followup_workdays: int | None = None


@dataclass(frozen=True)
class CategoryLimits:
    """A category's own limits (set in the catalogue): the defaults a rule overrides."""

    id: uuid.UUID
    name: str
    parent_id: uuid.UUID | None
    parent_name: str
    response_minutes: int
    resolve_hours: int
    active: bool
    resolve_workdays: int | None = None  # counts in working days when set


@dataclass(frozen=True)
class EscalationItem:
    case_id: uuid.UUID
    case_no: str
    breach: Breach
    warning: bool
    due_at: datetime
    note: str  # in Chinese, as written on the timeline


@dataclass(frozen=True)
class DueCounts:
    """For the status bar: cases past a limit, and cases within a limit's warning time."""

    overdue: int
    soon: int


@dataclass(frozen=True)
class EscalationReport:
    now: datetime
    items: list[EscalationItem]
    counts: DueCounts  # after the pass

    @property
    def warnings(self) -> list[EscalationItem]:
        return [i for i in self.items if i.warning]

    @property
    def escalations(self) -> list[EscalationItem]:
        return [i for i in self.items if not i.warning]

    @property
    def pooled(self) -> int:
        return sum(1 for i in self.escalations if i.breach is Breach.RESOLVE)


_RULE_FIELDS = ("response_minutes", "resolve_hours", "followup_hours", "warn_minutes", "resolve_workdays",
                "followup_workdays")
_LIMIT_MAX = {"response_minutes": MAX_LIMIT_HOURS * 60, "resolve_hours": MAX_LIMIT_HOURS,
              "followup_hours": MAX_LIMIT_HOURS, "warn_minutes": MAX_LIMIT_HOURS * 60,
              "resolve_workdays": MAX_WORKDAYS, "followup_workdays": MAX_WORKDAYS}
_MINUTES_MESSAGE = QT_TRANSLATE_NOOP("errors", "In minutes: at least 1 and at most {max} (a year of 366 days).")
_HOURS_MESSAGE = QT_TRANSLATE_NOOP("errors", "In hours: at least 1 and at most {max} (a year of 366 days).")
_DAYS_MESSAGE = QT_TRANSLATE_NOOP("errors", "In working days: at least 1 and at most {max} (about a year).")
_LIMIT_MESSAGES = {"response_minutes": _MINUTES_MESSAGE, "resolve_hours": _HOURS_MESSAGE,
                   "followup_hours": _HOURS_MESSAGE, "warn_minutes": _MINUTES_MESSAGE,
                   "resolve_workdays": _DAYS_MESSAGE, "followup_workdays": _DAYS_MESSAGE}


@dataclass(frozen=True)
class RunningLimit:
    """A time limit of a case whose clock runs now, for the request page: which one (响应时限, 办结时限, 回访时限,
    a department's 报到时限) and when it falls due."""

    breach: Breach
    due_at: datetime
    department: str = ""  # a department's report limit: the department's name
    provisional: bool = False  # counted in working days over a year whose official holidays are not known (暂定)


def running_limits(session: Session, case: Case) -> tuple[RunningLimit, ...]:
    """The case's limits whose clocks run now, soonest first (what the escalation pass folds, read for one case)."""
    limits = RuleBook.load(session).limits(case)
    state = fold(case.created_at, limits, load_events(session, [case.id])[case.id])
    names = {d.department_id: d.department.name for d in case.departments}
    in_days = {Breach.RESOLVE: limits.resolve.in_workdays or (limits.resolve_rule is not None
                                                               and limits.resolve_rule.in_workdays),
               Breach.FOLLOW_UP: limits.follow_up.in_workdays}
    return tuple(RunningLimit(breach, due, names.get(dept, "") if dept else "",
                              in_days.get(breach, False) and limits.calendar.provisional(case.created_at, due))
                 for _key, breach, due, _limit, dept in sorted(state.running_limits(limits), key=lambda x: x[2]))


class RuleBook:
    """The categories' own limits, the escalation rules and the official calendar, read once per transaction."""

    def __init__(self, categories: dict[uuid.UUID, tuple[uuid.UUID | None, int, int | None]],
                 rules: dict[tuple[uuid.UUID | None, int | None], EscalationRule],
                 calendar: WorkCalendar | None = None) -> None:
        self._categories = categories
        self._rules = rules
        self.calendar = calendar if calendar is not None else WorkCalendar()

    @classmethod
    def load(cls, session: Session) -> RuleBook:
        categories = {cid: (parent, minutes, workdays) for cid, parent, minutes, workdays in session.execute(
            select(Category.id, Category.parent_id, Category.response_minutes, Category.resolve_workdays))}
        rules = {(r.category_id, r.urgency): r for r in session.scalars(select(EscalationRule))}
        return cls(categories, rules, load_calendar(session))

    def limits(self, case: Case) -> Limits:
        return self.limits_of(case.category_id, case.subcategory_id, case.urgency, case.created_at, case.deadline_at)

    def limits_of(self, category_id: uuid.UUID, subcategory_id: uuid.UUID | None, urgency: int,
                  created_at: datetime, deadline_at: datetime) -> Limits:
        """Most specific first: (sub-category, urgency), sub-category, (category, urgency), category, urgency,
        any; then the category's own response time. The first round of handling runs to the case's deadline (set
        at intake from the category and urgency, editable by the clerk); a round after reopening runs the
        category's own limit again (its working days when it counts in them, else the first round's length); a
        rule's resolution limit, in hours or working days, shortens every round."""
        cats = [c for c in (subcategory_id, category_id) if c is not None]
        chain = [r for r in (self._rules.get(k) for k in chain_keys(category_id, subcategory_id, urgency))
                 if r is not None]
        picked = {f: next((getattr(r, f) for r in chain if getattr(r, f) is not None), None)
                  for f in ("response_minutes", "warn_minutes")}
        response = picked["response_minutes"] or next(
            (self._categories[c][1] for c in cats if c in self._categories), 60)
        own_days = self._categories.get(cats[0], (None, 0, None))[2] if cats else None
        own = (category_span(0, own_days, urgency) if own_days else Span(length=deadline_at - created_at))
        return Limits(timedelta(minutes=response), own,
                      _span(chain, "followup") or Span.hours(DEFAULT_FOLLOW_UP_HOURS),
                      timedelta(minutes=picked["warn_minutes"] or DEFAULT_WARN_MINUTES),
                      self.calendar, deadline_at, _span(chain, "resolve"))


    def resolve_rules(self) -> dict[tuple[uuid.UUID | None, int | None], Span]:
        """Each rule's resolution limit, by (category, urgency): what the intake form's deadline is shortened by."""
        found = {}
        for key, rule in self._rules.items():
            span = _span([rule], "resolve")
            if span is not None:
                found[key] = span
        return found


def chain_keys(category_id: uuid.UUID | None, subcategory_id: uuid.UUID | None,
               urgency: int) -> list[tuple[uuid.UUID | None, int | None]]:
    """The rules that may apply to a request, most specific first: (sub-category, urgency), sub-category, (class,
    urgency), class, urgency, any."""
    cats = [c for c in (subcategory_id, category_id) if c is not None]
    return [k for c in cats for k in ((c, urgency), (c, None))] + [(None, urgency), (None, None)]


def rule_resolve(rules: dict[tuple[uuid.UUID | None, int | None], Span], category_id: uuid.UUID | None,
                 subcategory_id: uuid.UUID | None, urgency: int) -> Span | None:
    """The most specific rule's resolution limit for such a request (``RuleBook.resolve_rules``), if any."""
    return next((rules[k] for k in chain_keys(category_id, subcategory_id, urgency) if k in rules), None)


def _span(chain: list[EscalationRule], limit: str) -> Span | None:
    """The most specific rule's ``limit`` (resolve or followup), in working days or in hours as that rule says."""
    for rule in chain:
        days, hours = getattr(rule, f"{limit}_workdays"), getattr(rule, f"{limit}_hours")
        if days is not None:
            return Span.days(days)
        if hours is not None:
            return Span.hours(hours)
    return None


def limited_cases() -> Select[Case]:
    """The cases whose limits a change of the rules or the calendar may move: open, or with a check still to come
    (a resolved request waiting for its follow-up call)."""
    return select(Case).where(Case.status.in_(OPEN) | Case.next_check_at.is_not(None))


def project(session: Session, cases: Sequence[Case], book: RuleBook) -> dict[uuid.UUID, CaseState]:
    """Fold each case's timeline again and write the cache; returns the states."""
    timelines = load_events(session, [c.id for c in cases])
    states = {}
    for case in cases:
        limits = book.limits(case)
        state = fold(case.created_at, limits, timelines[case.id])
        store(session, case, state, limits)
        states[case.id] = state
    return states


def start(session: Session, case: Case, book: RuleBook, now: datetime) -> None:
    """A new case's cache, before it is first written: its limits start at intake (the fold of its one event)."""
    limits = book.limits_of(case.category_id, case.subcategory_id, case.urgency, now, case.deadline_at)
    store(session, case, fold(now, limits, [Event(1, EventKind.CREATED, now)]), limits)


def _when(at: datetime) -> str:
    return local(at).strftime("%m-%d %H:%M")


def _note(check: Check, state: CaseState, dept_names: dict[uuid.UUID, str]) -> str:
    """What the timeline says, in Chinese (like the ledger's memos, whatever the UI language)."""
    due = _when(check.due_at)
    if check.breach is Breach.DEPARTMENT:
        name = dept_names.get(check.department_id, "") if check.department_id else ""
        if check.warning:
            return f"{name}即将超过报到时限（{due}），请督促报到"
        return f"{name}超过报到时限（{due}）未报到，已上报社区主任"
    what = {Breach.RESPONSE: "响应", Breach.RESOLVE: "办结", Breach.FOLLOW_UP: "回访"}[check.breach]
    if check.warning:
        return f"即将超过{what}时限（{due}），请尽快{what}"
    if check.breach is Breach.RESOLVE:
        raised = "，提级至街道" if state.level.rank < HandlingLevel.STREET.rank else ""
        return f"超过办结时限（{due}）未办结，转入难点问题库{raised}"
    return f"超过{what}时限（{due}）未{what}，已上报社区主任"


def _data(check: Check, state: CaseState) -> dict[str, object]:
    data: dict[str, object] = {"breach": check.breach.value, "due_at": check.due_at.isoformat()}
    if check.department_id is not None:
        data["department_id"] = str(check.department_id)
    if check.breach is Breach.RESOLVE and not check.warning:
        data["level_from"] = state.level.value
        data["level_to"] = max(state.level, HandlingLevel.STREET, key=lambda lv: lv.rank).value
    return data


def due_checks(state: CaseState, limits: Limits, now: datetime) -> list[Check]:
    """What a pass at ``now`` records for one case: each passed limit's escalation, or else its warning."""
    checks = [c for c in state.checks(limits) if c.at <= now]
    breached = {c.key for c in checks if not c.warning}
    return [c for c in checks if not (c.warning and c.key.removeprefix("warn:") in breached)]


def home_cases(home_desk: str | None) -> list[ColumnElement[bool]]:
    """The requests whose ladder this desk runs: on a desk that syncs with a street, those logged here (so a breach
    is recorded once street-wide: never by two desks apart); otherwise all."""
    return [Case.desk_code == home_desk] if home_desk else []


def escalate_session(session: Session, now: datetime, book: RuleBook, dept_names: dict[uuid.UUID, str],
                     limit: int = PASS_BATCH) -> list[EscalationItem]:
    """One batch of a pass inside the caller's transaction."""
    cases = list(session.scalars(
        select(Case).where(Case.next_check_at <= now, *home_cases(session.info.get("home_desk")))
        .order_by(Case.next_check_at, Case.id).limit(limit)
        .with_for_update()  # PostgreSQL: a second desk's pass waits, then finds these no longer due
    ))
    if not cases:
        return []
    timelines = load_events(session, [c.id for c in cases])
    items = []
    for case in cases:
        limits = book.limits(case)
        state = fold(case.created_at, limits, timelines[case.id])
        for check in due_checks(state, limits, now):
            kind, note, data = (EventKind.WARNED if check.warning else EventKind.ESCALATED,
                                _note(check, state, dept_names), _data(check, state))
            row = append_event(session, case, kind, None, note, data, key=check.key, seq=state.seq + 1)
            row.created_at = now  # the pass's time, which may be given (catching up, tests)
            state = apply(state, Event(state.seq + 1, kind, now, data, check.key), limits)
            items.append(EscalationItem(case.id, case.case_no, check.breach, check.warning, check.due_at, note))
        store(session, case, state, limits)
    session.flush()
    return items


class EscalationService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def run(self, now: datetime | None = None) -> EscalationReport:
        """One pass of the ladder at ``now`` (the clock's time by default): records every warning and escalation
        due and not yet recorded. Safe to run at any time, as often as wanted, on several desks at once."""
        now = now or self._db.clock.now()
        items: list[EscalationItem] = []
        clashes = 0
        while self._due(now):  # a read first: a pass with nothing due takes no write lock
            try:
                with self._db.transaction() as session:
                    session.info["actor_name"] = "escalation"
                    book = RuleBook.load(session)
                    names = dict(session.execute(select(Department.id, Department.name)).all())
                    items += escalate_session(session, now, book, names)
                clashes = 0
            except IntegrityError:
                clashes += 1  # another desk recorded one of these breaches first: read again and go on
                if clashes > MAX_CLASHES:
                    raise
        with self._db.reading() as session:
            return EscalationReport(now, items, due_counts(session, now))

    def _due(self, now: datetime) -> bool:
        with self._db.reading() as session:
            return session.scalar(select(Case.id).where(Case.next_check_at <= now, *home_cases(self._db.home_desk))
                                  .limit(1)) is not None

    def counts(self, actor: Actor) -> DueCounts:
        """Overdue and about-to-be-overdue open cases, for the status bar: two index range counts."""
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            return due_counts(session, self._db.clock.now())

    # --- rules ----------------------------------------------------------------------------------------

    def rules(self, actor: Actor) -> list[RuleInfo]:
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            names = dict(session.execute(select(Category.id, Category.name)).all())
            rows = session.scalars(select(EscalationRule))
            found = [_rule_info(r, names) for r in rows]
            return sorted(found, key=lambda r: (r.category_id is not None, r.category_name, r.urgency or 0))

    def category_limits(self, actor: Actor) -> list[CategoryLimits]:
        """Each class followed by its sub-categories, with their own limits: what applies where no rule sets one."""
        with self._db.reading() as session:
            require(session, actor, Permission.VIEW_CASES)
            cats = list(session.scalars(select(Category).order_by(Category.sort_order, Category.code)))
            found: list[CategoryLimits] = []
            for top in (c for c in cats if c.parent_id is None):
                found += [CategoryLimits(c.id, c.name, c.parent_id, top.name if c is not top else "",
                                         c.response_minutes, c.resolve_hours, c.active, c.resolve_workdays)
                          for c in [top, *(c for c in cats if c.parent_id == top.id)]]
            return found

    def set_rule(self, actor: Actor, rule: RuleInput, new: bool = False) -> RuleInfo:
        """Create or change the rule for (category, urgency); open cases it covers get their limits again. With
        ``new`` (a screen's "add") a rule for the same category and urgency must not exist yet: it is refused
        rather than silently replaced."""
        errors = FieldErrors()
        if rule.urgency is not None and not 1 <= rule.urgency <= 5:
            errors.add("urgency", QT_TRANSLATE_NOOP("errors", "Urgency is 1 to 5."))
        for name in _RULE_FIELDS:
            value = getattr(rule, name)
            if value is not None and not 1 <= value <= _LIMIT_MAX[name]:
                errors.add(name, _LIMIT_MESSAGES[name], max=_LIMIT_MAX[name])
        for limit in ("resolve", "followup"):
            if getattr(rule, f"{limit}_hours") is not None and getattr(rule, f"{limit}_workdays") is not None:
                errors.add(f"{limit}_workdays", QT_TRANSLATE_NOOP(
                    "errors", "A limit is in hours or in working days: give one of the two."))
        if all(getattr(rule, name) is None for name in _RULE_FIELDS):
            errors.add("limits", QT_TRANSLATE_NOOP("errors", "Give at least one time limit: a rule with none "
                                                   "changes nothing."))
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            if rule.category_id is not None and session.get(Category, rule.category_id) is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such category."))
            row = session.scalar(select(EscalationRule).where(
                EscalationRule.category_id.is_(None) if rule.category_id is None
                else EscalationRule.category_id == rule.category_id,
                EscalationRule.urgency.is_(None) if rule.urgency is None else EscalationRule.urgency == rule.urgency))
            if row is not None and new:
                raise ValidationError.single("category_id", QT_TRANSLATE_NOOP(
                    "errors", "There is already a rule for this category and urgency: change that one instead."))
            if row is None:
                row = EscalationRule(category_id=rule.category_id, urgency=rule.urgency)
                session.add(row)
            for name in _RULE_FIELDS:
                setattr(row, name, getattr(rule, name))
            session.flush()
            self._refresh_open(session, rule.category_id, rule.urgency)
            names = dict(session.execute(select(Category.id, Category.name)).all())
            return _rule_info(row, names)

    def delete_rule(self, actor: Actor, rule_id: uuid.UUID) -> None:
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            row = session.get(EscalationRule, rule_id)
            if row is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such rule."))
            category_id, urgency = row.category_id, row.urgency
            session.delete(row)
            session.flush()
            self._refresh_open(session, category_id, urgency)

    def _refresh_open(self, session: Session, category_id: uuid.UUID | None, urgency: int | None) -> None:
        query = limited_cases()
        if category_id is not None:
            query = query.where(or_(Case.category_id == category_id, Case.subcategory_id == category_id))
        if urgency is not None:
            query = query.where(Case.urgency == urgency)
        project(session, list(session.scalars(query)), RuleBook.load(session))


def check(session: Session) -> list[Message]:
    """``verify``: every case's cached state equals a fresh fold of its timeline (names the fields that differ)."""
    from app.services.cases.timeline import cached, folded

    names = ("status", "level", "assignee", "in_pool", "escalated", "responded_at", "resolved_at", "closed_at",
             "satisfaction", "merged_into", "cycle", "paused_seconds", "due_at", "warn_at", "next_check_at")
    problems = []
    book = RuleBook.load(session)
    ids = list(session.scalars(select(Case.id).order_by(Case.id)))
    for start in range(0, len(ids), 500):
        cases = list(session.scalars(select(Case).where(Case.id.in_(ids[start:start + 500]))))
        timelines = load_events(session, [c.id for c in cases])
        for case in cases:
            limits = book.limits(case)
            have, want = cached(case), folded(fold(case.created_at, limits, timelines[case.id]), limits)
            wrong = [n for n, a, b in zip(names, have, want, strict=True) if a != b]
            if wrong:
                problems.append(Message(QT_TRANSLATE_NOOP(
                    "errors", "Case {no}: its stored state differs from its timeline ({fields})."),
                    {"no": case.case_no, "fields": ", ".join(wrong)}))
    return problems


def due_counts(session: Session, now: datetime) -> DueCounts:
    overdue = session.scalar(select(func.count()).select_from(Case).where(Case.due_at <= now))
    soon = session.scalar(select(func.count()).select_from(Case).where(and_(Case.warn_at <= now, Case.due_at > now)))
    return DueCounts(int(overdue or 0), int(soon or 0))


def _rule_info(r: EscalationRule, names: dict[uuid.UUID, str]) -> RuleInfo:
    return RuleInfo(r.id, r.category_id, names.get(r.category_id, "") if r.category_id else "", r.urgency,
                    r.response_minutes, r.resolve_hours, r.followup_hours, r.warn_minutes, r.resolve_workdays,
                    r.followup_workdays)
