"""Dated duties (事项): add, change and end them; record one done or not done; what is due, overdue and coming.

Recording moves the next due date on by the cycle **from the due date**, never from the day the work was done, so a
weekly visit made late on Friday is still due again on Monday (no drift); the dates are counted from the duty's
anchor (its first due date as set, ``cycles.py``), so a monthly duty on the 31st stays on the 31st and a yearly one
on Feb 29 is due on Feb 28 in other years.

Done late, or several cycles behind: the work done on a day answers the latest occurrence due on or before it (done
late by so many days, said in the answer); the occurrences before it that nobody recorded are written as not done
with the note ``MISSED_NOTE``, and so are those between it and today: the next due date is always today or later.
Recording "not done" needs the reason and moves on by one cycle in the same way. Every record is a row of the
append-only ``duty_record``; the duty keeps only its next due date.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.domain.enums import DutyCycle, DutyKind, DutyOutcome
from app.models import Building, CouncilItem, Duty, DutyRecord, Grid, Household, Resident, Staff
from app.services.care import cycles
from app.services.care.places import (
    MAX_REMIND_DAYS,
    DutyRow,
    check_reach,
    due_filter,
    duty_rows_query,
    find_household,
    parse_address,
    scope_filter,
    showing,
    to_rows,
)
from app.services.care.sheet import WeeklySheet, weekly_sheet
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound, ValidationError
from app.services.core.validation import check_length

MISSED_NOTE = "逾期未登记，记为未完成"  # an occurrence nobody recorded (data: in Chinese, as the desk reads it)
COUNCIL_DONE_NOTE = "已完成"  # a council item's progress when its duty is recorded done without a note
NOTE_MAX = 500
MAX_EVERY = 99
GONE = QT_TRANSLATE_NOOP("errors", "This duty no longer exists.")


@dataclass(frozen=True)
class DutyInput:
    """What the desk typed. Exactly one of building, household or resident is the duty's place (fixed once made:
    to move a duty, end it and add another)."""

    title: str
    kind: str
    cycle: str
    every: int
    first_due: date | None
    remind_days: int
    responsible_id: uuid.UUID | None
    building_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None
    resident_id: uuid.UUID | None = None
    note: str = ""
    address: str = ""   # a household typed as 3-2-301 (or 3号楼2单元301室), when no id is given


@dataclass(frozen=True)
class DueCounts:
    overdue: int       # due before today
    due: int           # due today or in the coming days (the week: 7)
    reminded: int = 0  # due later, but inside their reminder (a lift's inspection next month)


@dataclass(frozen=True)
class Recorded:
    duty_id: uuid.UUID
    outcome: DutyOutcome
    due_on: date       # the occurrence this record answers
    done_on: date
    late_days: int     # done this many days after its due date (0: on time or early)
    missed: int        # earlier occurrences written as not done (nobody recorded them)
    next_due: date


@dataclass(frozen=True)
class RecordRow:
    due_on: date
    done_on: date
    outcome: DutyOutcome
    note: str
    by: str


@dataclass(frozen=True)
class Choice:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class DutyOptions:
    staff: list[Choice]       # active accounts, who may be responsible
    grids: list[Choice]
    buildings: list[Choice]   # 3号楼


def today_of(session: Session) -> date:
    """The desk's date (Beijing) of this transaction's clock."""
    return local(session.info["now"]).date()


class DutyService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _today(self) -> date:
        return local(self._db.clock.now()).date()

    # --- reading ------------------------------------------------------------------------------------

    def options(self, actor: Actor) -> DutyOptions:
        with self._db.reading() as session:
            require(session, actor, Permission.DUTIES)
            staff = [Choice(i, n) for i, n in session.execute(
                select(Staff.id, Staff.display_name).where(Staff.active.is_(True)).order_by(Staff.display_name))]
            grids = [Choice(i, n) for i, n in session.execute(
                select(Grid.id, Grid.name).where(Grid.active.is_(True)).order_by(Grid.code))]
            buildings = [Choice(i, f"{n}号楼") for i, n in session.execute(
                select(Building.id, Building.number).where(Building.active.is_(True)))]
            buildings.sort(key=lambda c: (len(c.name), c.name))
            return DutyOptions(staff, grids, buildings)

    def due(self, actor: Actor, days: int = 7, responsible_id: uuid.UUID | None = None,
            grid_id: uuid.UUID | None = None) -> list[DutyRow]:
        """Overdue duties and those due within ``days`` or inside their reminder (a lift's inspection a month
        ahead), for everyone or for one responsible person or one grid, by date."""
        with self._db.reading() as session:
            require(session, actor, Permission.DUTIES)
            today = self._today()
            query = duty_rows_query(due_filter(today, days), *scope_filter(responsible_id, grid_id))
            rows = [r for r in to_rows(session, query) if showing(r, today, days)]
            rows.sort(key=lambda r: (r.next_due, r.place, r.title))
            return rows

    def counts(self, actor: Actor, days: int = 7, responsible_id: uuid.UUID | None = None) -> DueCounts:
        """The home page's 本周到期 N 项，已逾期 M 项: two counts over the index on (active, next_due)."""
        with self._db.reading() as session:
            require(session, actor, Permission.DUTIES)
            today = self._today()
            query = (select(func.count(case((Duty.next_due < today, 1))), func.count(case((Duty.next_due >= today, 1))))
                     .where(Duty.active.is_(True), Duty.next_due <= today + timedelta(days=days)))  # as ``due``
            if responsible_id is not None:
                query = query.where(Duty.responsible_id == responsible_id)
            overdue, due = session.execute(query).one()
            horizon = today + timedelta(days=days)
            ahead = select(Duty.next_due, Duty.remind_days).where(
                Duty.active.is_(True), Duty.next_due > horizon, Duty.next_due <= today + timedelta(
                    days=MAX_REMIND_DAYS), Duty.remind_days > days)
            if responsible_id is not None:
                ahead = ahead.where(Duty.responsible_id == responsible_id)
            reminded = sum(1 for due_on, remind in session.execute(ahead) if due_on - timedelta(days=remind) <= today)
            return DueCounts(int(overdue or 0), int(due or 0), reminded)

    def get(self, actor: Actor, duty_id: uuid.UUID) -> DutyRow:
        with self._db.reading() as session:
            require(session, actor, Permission.DUTIES)
            rows = to_rows(session, duty_rows_query(Duty.id == duty_id))
            if not rows:
                raise NotFound(GONE)
            return rows[0]

    def records(self, actor: Actor, duty_id: uuid.UUID, limit: int = 100) -> list[RecordRow]:
        """What was recorded of a duty, newest first."""
        with self._db.reading() as session:
            require(session, actor, Permission.DUTIES)
            rows = session.execute(
                select(DutyRecord.due_on, DutyRecord.done_on, DutyRecord.outcome, DutyRecord.note, Staff.display_name)
                .join(Staff, Staff.id == DutyRecord.by_id).where(DutyRecord.duty_id == duty_id)
                .order_by(DutyRecord.due_on.desc(), DutyRecord.created_at.desc()).limit(limit))
            return [RecordRow(d, o, DutyOutcome(out), n or "", b) for d, o, out, n, b in rows]

    def weekly_sheet(self, actor: Actor, worker_id: uuid.UUID, start: date) -> WeeklySheet:
        """A worker's visits and checks for the week from ``start`` (printed by documents/weekly_sheet.py)."""
        with self._db.reading() as session:
            require(session, actor, Permission.DUTIES)
            if session.get(Staff, worker_id) is None:
                raise ValidationError.single("worker", QT_TRANSLATE_NOOP("errors", "Please choose whose sheet."))
            return weekly_sheet(session, worker_id, start, self._db.desk_code, self._db.clock.now())

    # --- keeping the duties (MANAGE_DUTIES) -----------------------------------------------------------

    def add(self, actor: Actor, data: DutyInput) -> DutyRow:
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_DUTIES)
            title, note = self._check(session, data, today_of(session), None)
            data = _check_place(session, data)
            assert data.first_due is not None
            duty = Duty(title=title, kind=DutyKind(data.kind).value, building_id=data.building_id,
                        household_id=data.household_id, resident_id=data.resident_id, cycle=DutyCycle(data.cycle),
                        every=data.every, next_due=data.first_due, anchor_on=data.first_due,
                        remind_days=data.remind_days, responsible_id=data.responsible_id, note=note, active=True)
            session.add(duty)
            session.flush()
            return to_rows(session, duty_rows_query(Duty.id == duty.id))[0]

    def change(self, actor: Actor, duty_id: uuid.UUID, data: DutyInput) -> DutyRow:
        """Change a duty's title, cycle, reminder, responsible person or next due date (a new date becomes the
        anchor its cycle counts from). Its place stays: end it and add another to move it."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_DUTIES)
            duty = _active(session, duty_id)
            title, note = self._check(session, data, today_of(session), duty)
            assert data.first_due is not None
            if data.first_due != duty.next_due:
                duty.next_due = duty.anchor_on = data.first_due
            elif (data.cycle, data.every) != (duty.cycle.value, duty.every):
                duty.anchor_on = duty.next_due  # a new cycle counts from the date already due
            duty.title, duty.kind, duty.note = title, DutyKind(data.kind).value, note
            duty.cycle, duty.every = DutyCycle(data.cycle), data.every
            duty.remind_days, duty.responsible_id = data.remind_days, data.responsible_id
            session.flush()
            return to_rows(session, duty_rows_query(Duty.id == duty.id))[0]

    def end(self, actor: Actor, duty_id: uuid.UUID) -> None:
        """End a duty (a lift taken out, a check no longer asked for); its records stay. A visit a tag promises
        ends when the tag is taken off the household."""
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_DUTIES)
            duty = _active(session, duty_id)
            if duty.from_tag:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "This visit is promised by a tag ({tag}); take the tag off to end it."),
                    tag=duty.from_tag)
            duty.active = False

    @staticmethod
    def _check(session: Session, data: DutyInput, today: date, duty: Duty | None) -> tuple[str, str]:
        errors = FieldErrors()
        title = check_length(errors, "title", data.title, 60)
        note = check_length(errors, "note", data.note, NOTE_MAX, required=False)
        if data.kind not in {k.value for k in DutyKind}:
            errors.add("kind", QT_TRANSLATE_NOOP("errors", "Please choose what kind of duty this is."))
        if data.cycle not in {c.value for c in DutyCycle}:
            errors.add("cycle", QT_TRANSLATE_NOOP("errors", "Please choose how often it comes due."))
        if not isinstance(data.every, int) or not 1 <= data.every <= MAX_EVERY:
            errors.add("every", QT_TRANSLATE_NOOP(
                "errors", "A duty comes due every 1 to {n} days, weeks, months or years; not every 0."), n=MAX_EVERY)
        unchanged = duty is not None and data.first_due == duty.next_due
        if data.first_due is None:
            errors.add("first_due", QT_TRANSLATE_NOOP("errors", "Please give the date it is first due."))
        elif data.first_due < today and not unchanged:
            errors.add("first_due", QT_TRANSLATE_NOOP(
                "errors", "The due date {day} is in the past; give today or a later date."), day=str(data.first_due))
        elif data.first_due > today + timedelta(days=5 * 366):
            errors.add("first_due", QT_TRANSLATE_NOOP("errors", "The due date is more than five years away."))
        if not isinstance(data.remind_days, int) or not 0 <= data.remind_days <= MAX_REMIND_DAYS:
            errors.add("remind_days", QT_TRANSLATE_NOOP(
                "errors", "Remind 0 to {n} days ahead."), n=MAX_REMIND_DAYS)
        staff = session.get(Staff, data.responsible_id) if data.responsible_id is not None else None
        if staff is None or not staff.active:
            errors.add("responsible", QT_TRANSLATE_NOOP(
                "errors", "Please choose who is responsible (an active account)."))
        errors.raise_if_any()
        return title, note

    # --- recording (DUTIES) ---------------------------------------------------------------------------

    def record_done(self, actor: Actor, duty_id: uuid.UUID, due_on: date, done_on: date, note: str = "") -> Recorded:
        """Record the duty shown as due on ``due_on`` done on ``done_on`` (today or before; late is allowed and the
        answer says by how much). ``due_on`` is what the clerk saw: another desk recording it first is a conflict."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.DUTIES)
            duty = _active(session, duty_id)
            check_reach(session, staff, duty)
            return record(session, staff.id, duty, DutyOutcome.DONE, due_on, done_on, note)

    def record_not_done(self, actor: Actor, duty_id: uuid.UUID, due_on: date, reason: str) -> Recorded:
        """Record the occurrence due on ``due_on`` not done, with the reason (nobody home, the lift company did not
        come); the duty moves on to its next date."""
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.DUTIES)
            duty = _active(session, duty_id)
            check_reach(session, staff, duty)
            return record(session, staff.id, duty, DutyOutcome.SKIPPED, due_on, today_of(session), reason)


def _active(session: Session, duty_id: uuid.UUID) -> Duty:
    duty = session.get(Duty, duty_id)
    if duty is None:
        raise NotFound(GONE)
    if not duty.active:
        raise Conflict(QT_TRANSLATE_NOOP("errors", "This duty was ended; its records are kept."))
    return duty


def _check_place(session: Session, data: DutyInput) -> DutyInput:
    """The input with its place checked (and a typed address found): exactly one of the three."""
    if data.address.strip() and data.household_id is None:
        address = parse_address(data.address)
        household = find_household(session, address) if address is not None else None
        if household is None:
            raise ValidationError.single("place", QT_TRANSLATE_NOOP(
                "errors", "No household is registered at {address}; write it as 3-2-301."),
                address=data.address.strip())
        data = replace(data, household_id=household.id)
    given = [x for x in (data.building_id, data.household_id, data.resident_id) if x is not None]
    if len(given) != 1:
        raise ValidationError.single("place", QT_TRANSLATE_NOOP(
            "errors", "Please choose where the duty is: one building, one household or one person."))
    found = (session.get(Building, data.building_id) if data.building_id else
             session.get(Household, data.household_id) if data.household_id else
             session.get(Resident, data.resident_id))
    if found is None:
        raise ValidationError.single("place", QT_TRANSLATE_NOOP("errors", "This place is no longer in the register."))
    return data


def record(session: Session, by_id: uuid.UUID, duty: Duty, outcome: DutyOutcome, due_on: date, day: date,
           note: str, patrol_id: uuid.UUID | None = None) -> Recorded:
    """Write the record(s) of one occurrence dealt with and move the duty on (see the module's text). Checks first,
    writes nothing when refused."""
    today = today_of(session)
    errors = FieldErrors()
    text = check_length(errors, "note" if outcome is DutyOutcome.DONE else "reason", note, NOTE_MAX,
                        required=outcome is DutyOutcome.SKIPPED)
    if outcome is DutyOutcome.SKIPPED and not text:
        errors.errors.pop("reason", None)
        errors.add("reason", QT_TRANSLATE_NOOP("errors", "Please say why it was not done."))
    shows_from = duty.next_due - timedelta(days=duty.remind_days)
    if day > today:
        errors.add("done_on", QT_TRANSLATE_NOOP("errors", "The day it was done cannot be in the future."))
    elif day < shows_from or (outcome is DutyOutcome.SKIPPED and today < shows_from):
        errors.add("done_on", QT_TRANSLATE_NOOP(
            "errors", "This duty is not due yet: it is due on {due} and shows from {day}."),
            due=str(duty.next_due), day=str(shows_from))
    errors.raise_if_any()
    if due_on != duty.next_due:
        raise Conflict(QT_TRANSLATE_NOOP(
            "errors", "This duty was recorded meanwhile (it is now due on {due}); look at it again."),
            due=str(duty.next_due))
    anchor = duty.anchor_on or duty.next_due
    answered = duty.next_due
    if outcome is DutyOutcome.DONE and day > duty.next_due:  # the work answers the latest occurrence due by then
        answered = cycles.before(anchor, duty.cycle, duty.every, day + timedelta(days=1))
    missed = cycles.between(anchor, duty.cycle, duty.every, duty.next_due, answered - timedelta(days=1))
    following = cycles.after(anchor, duty.cycle, duty.every, answered)
    while following < today:
        missed.append(following)
        following = cycles.after(anchor, duty.cycle, duty.every, following)
    for missed_on in missed:
        session.add(DutyRecord(duty_id=duty.id, due_on=missed_on, done_on=today, outcome=DutyOutcome.SKIPPED,
                               note=MISSED_NOTE, by_id=by_id))
    session.add(DutyRecord(duty_id=duty.id, due_on=answered, done_on=day, outcome=outcome, note=text, by_id=by_id,
                           patrol_id=patrol_id))
    duty.next_due = following
    if duty.anchor_on is None:
        duty.anchor_on = anchor
    item = session.scalar(select(CouncilItem).where(CouncilItem.duty_id == duty.id))
    if item is not None and outcome is DutyOutcome.DONE:  # a council item's duty (转为待办) is done once
        duty.active = False
        item.done, item.progress_at = True, session.info["now"]
        item.progress = text or COUNCIL_DONE_NOTE
    session.flush()
    late = max((day - answered).days, 0) if outcome is DutyOutcome.DONE else 0
    return Recorded(duty.id, outcome, answered, day, late, len(missed), following)
