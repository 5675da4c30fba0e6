"""The checks of a council meeting and what is read of one (the council service's helpers).

Decided for the three levels (seed 000: each building elects 1-2 residents' representatives):

- A building meeting names its building, a grid meeting its grid; a community meeting neither.
- A meeting is not dated before the previous one recorded of the same council (the same level and the same building
  or grid): the cycle runs forward, a meeting forgotten is recorded in its order or not at all.
- Every attendee is a reference: a resident of the register, a staff account (cadres, grid workers) or a department
  (with its representative's name). A name typed alone is refused.
- A resident may attend as a residents' representative (居民代表). At a building meeting the representatives are
  the building's own residents and at most two of them (REPRESENTATIVES_MAX); other residents of any building may
  attend beside them. Grid and community meetings take representatives of any number (they come from many
  buildings; a community meeting is open to every resident).
- A topic names the request behind it by its number; a number that does not exist is refused.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.councils import REPRESENTATIVES_MAX, AttendeeKind, CouncilLevel, cycle_text
from app.models import (
    Building,
    Case,
    CouncilAttendee,
    CouncilItem,
    CouncilMeeting,
    CouncilTopic,
    Department,
    Duty,
    Grid,
    Household,
    Resident,
    Staff,
)
from app.services.core.errors import QT_TRANSLATE_NOOP, FieldErrors, NotFound
from app.services.core.validation import check_length, normalize_text
from app.services.notices.data import AttendeeInfo, ItemInfo, MeetingInfo, NewItem, NewMeeting, TopicInfo

TEXT_MAX = 500
ATTENDEES_MAX = 300
TOPICS_MAX = 30
REP_NAME_MAX = 20
TOPIC_SUMMARY = 30  # characters of a request's description beside its number (the desk's view)


def building_name(number: str) -> str:
    return f"{number}号楼"


def check_meeting(errors: FieldErrors, meeting: NewMeeting, today: date) -> tuple[str, str, str]:
    title = check_length(errors, "title", meeting.title, 80)
    place = check_length(errors, "place", meeting.place, 60, required=False)
    summary = check_length(errors, "summary", meeting.summary, TEXT_MAX * 4, required=False)
    if meeting.held_on > today:
        errors.add("held_on", QT_TRANSLATE_NOOP(
            "errors", "The meeting cannot be later than today: record its decisions once it has been held."))
    if meeting.level not in tuple(CouncilLevel):
        errors.add("level", QT_TRANSLATE_NOOP("errors", "Please choose the council's level."))
    return title, place, summary


def check_item(errors: FieldErrors, item: NewItem, held_on: date | None = None, prefix: str = "") -> None:
    check_length(errors, f"{prefix}problem", item.problem, TEXT_MAX)
    check_length(errors, f"{prefix}responsible", item.responsible, 60, required=False)
    if item.department_id is None and not item.responsible.strip():
        errors.add(f"{prefix}responsible", QT_TRANSLATE_NOOP(
            "errors", "Name the department or the person responsible."))
    if held_on is not None and item.deadline < held_on:
        errors.add(f"{prefix}deadline", QT_TRANSLATE_NOOP(
            "errors", "The deadline cannot be before the meeting ({day})."), day=held_on.isoformat())


def check_scope(session: Session, errors: FieldErrors, meeting: NewMeeting
                ) -> tuple[Building | None, Grid | None]:
    """The building of a building meeting, the grid of a grid meeting (the other is left out)."""
    building = grid = None
    if meeting.level is CouncilLevel.BUILDING:
        building = session.get(Building, meeting.building_id) if meeting.building_id is not None else None
        if building is None or not building.active:
            errors.add("building", QT_TRANSLATE_NOOP(
                "errors", "A building meeting belongs to a building: please choose which."))
    elif meeting.level is CouncilLevel.GRID:
        grid = session.get(Grid, meeting.grid_id) if meeting.grid_id is not None else None
        if grid is None or not grid.active:
            errors.add("grid", QT_TRANSLATE_NOOP("errors", "A grid meeting belongs to a grid: please choose which."))
    return building, grid


def check_order(session: Session, errors: FieldErrors, meeting: NewMeeting, building: Building | None,
                grid: Grid | None, row: CouncilMeeting | None = None) -> None:
    """Not before the previous meeting recorded of the same council (for a correction: recorded before it)."""
    query = select(func.max(CouncilMeeting.held_on)).where(
        CouncilMeeting.level == meeting.level,
        CouncilMeeting.building_id == building.id if building is not None else CouncilMeeting.building_id.is_(None),
        CouncilMeeting.grid_id == grid.id if grid is not None else CouncilMeeting.grid_id.is_(None))
    if row is not None:
        query = query.where(CouncilMeeting.id != row.id, CouncilMeeting.created_at < row.created_at)
    previous = session.scalar(query)
    if previous is not None and meeting.held_on < previous:
        errors.add("held_on", QT_TRANSLATE_NOOP(
            "errors", "The previous meeting of this council was held on {day}: a meeting cannot be dated before "
                      "it."), day=previous.isoformat())


def check_attendees(session: Session, errors: FieldErrors, meeting: NewMeeting, building: Building | None
                    ) -> list[CouncilAttendee]:
    """The attendees as rows to add (not yet added); every mistake goes under "attendees", the first one said."""
    if len(meeting.attendees) > ATTENDEES_MAX:
        errors.add("attendees", QT_TRANSLATE_NOOP("errors", "At most {n} attendees on one meeting."),
                   n=ATTENDEES_MAX)
        return []
    rows: list[CouncilAttendee] = []
    seen: set[tuple[str, uuid.UUID, str]] = set()
    representatives = 0
    for attendee in meeting.attendees:
        typed = normalize_text(attendee.name)
        if attendee.ref_id is None:
            errors.add("attendees", QT_TRANSLATE_NOOP(
                "errors", "“{name}” was typed, not chosen: choose each attendee from the register of residents, "
                          "the staff accounts or a department."), name=typed or "—")
            continue
        kind = AttendeeKind(attendee.kind)
        representative = False
        if kind is AttendeeKind.RESIDENT:
            resident = session.get(Resident, attendee.ref_id)
            if resident is None or not resident.name:
                errors.add("attendees", QT_TRANSLATE_NOOP(
                    "errors", "“{name}” is no longer in the register of residents."), name=typed or "—")
                continue
            name, representative = resident.name, attendee.representative
            if representative and building is not None:
                home = session.get(Household, resident.household_id) if resident.household_id else None
                if home is None or home.building != building.number:
                    errors.add("attendees", QT_TRANSLATE_NOOP(
                        "errors", "{name} does not live in {building}: a building meeting's representatives are "
                                  "its own residents."), name=name, building=building_name(building.number))
                representatives += 1
        elif kind is AttendeeKind.STAFF:
            staff = session.get(Staff, attendee.ref_id)
            if staff is None or not staff.active:
                errors.add("attendees", QT_TRANSLATE_NOOP(
                    "errors", "“{name}” is not an active staff account."), name=typed or "—")
                continue
            name = staff.display_name
        else:
            department = session.get(Department, attendee.ref_id)
            if department is None:
                errors.add("attendees", QT_TRANSLATE_NOOP("errors", "This department no longer exists."))
                continue
            if not typed or len(typed) > REP_NAME_MAX:
                errors.add("attendees", QT_TRANSLATE_NOOP(
                    "errors", "Give the name of {department}'s representative (at most {n} characters)."),
                    department=department.name, n=REP_NAME_MAX)
                continue
            name = f"{department.name} {typed}"[:40]
        key = (kind.value, attendee.ref_id, name)
        if key in seen:
            errors.add("attendees", QT_TRANSLATE_NOOP("errors", "{name} is listed twice."), name=name)
            continue
        seen.add(key)
        rows.append(CouncilAttendee(kind=kind, resident_id=attendee.ref_id if kind is AttendeeKind.RESIDENT else None,
                                    staff_id=attendee.ref_id if kind is AttendeeKind.STAFF else None,
                                    department_id=attendee.ref_id if kind is AttendeeKind.DEPARTMENT else None,
                                    name=name, representative=representative))
    if building is not None and representatives > REPRESENTATIVES_MAX:
        errors.add("attendees", QT_TRANSLATE_NOOP(
            "errors", "A building elects one or two residents' representatives; {n} are marked."), n=representatives)
    return rows


def check_topics(session: Session, errors: FieldErrors, topics: tuple[str, ...]) -> list[uuid.UUID]:
    """The ids of the requests numbered in ``topics`` (each once, in the order given)."""
    numbers = list(dict.fromkeys(n.strip().upper() for n in topics if n.strip()))
    if len(numbers) > TOPICS_MAX:
        errors.add("topics", QT_TRANSLATE_NOOP("errors", "At most {n} requests behind one meeting's topics."),
                   n=TOPICS_MAX)
        return []
    if any(len(n) > 32 for n in numbers):
        errors.add("topics", QT_TRANSLATE_NOOP("errors", "A request number has at most 32 characters."))
        return []
    found = {n: i for n, i in session.execute(select(Case.case_no, Case.id).where(Case.case_no.in_(numbers)))}
    missing = [n for n in numbers if n not in found]
    if missing:
        errors.add("topics", QT_TRANSLATE_NOOP("errors", "No request is numbered {numbers}."),
                   numbers="、".join(missing))
    return [found[n] for n in numbers if n in found]


def get_meeting(session: Session, meeting_id: uuid.UUID) -> CouncilMeeting:
    meeting = session.get(CouncilMeeting, meeting_id)
    if meeting is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "This council meeting no longer exists."))
    return meeting


def get_item(session: Session, item_id: uuid.UUID) -> CouncilItem:
    item = session.get(CouncilItem, item_id)
    if item is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "This council item no longer exists."))
    return item


def check_department(session: Session, department_id: uuid.UUID | None) -> None:
    if department_id is not None and session.get(Department, department_id) is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "This department no longer exists."))


def item_row(session: Session, meeting_id: uuid.UUID, seq: int, item: NewItem) -> CouncilItem:
    check_department(session, item.department_id)
    return CouncilItem(meeting_id=meeting_id, seq=seq, problem=item.problem.strip(),
                       department_id=item.department_id, responsible=item.responsible.strip(),
                       deadline=item.deadline, progress="", done=False)


def item_info(row: CouncilItem, duty: Duty | None = None) -> ItemInfo:
    return ItemInfo(row.id, row.seq, row.problem, row.department.name if row.department else "", row.responsible,
                    row.deadline, row.progress, row.progress_at, row.done, row.duty_id,
                    duty.next_due if duty is not None and duty.active else None, bool(duty is not None and duty.active))


def meeting_info(session: Session, row: CouncilMeeting) -> MeetingInfo:
    items = list(session.scalars(select(CouncilItem).where(CouncilItem.meeting_id == row.id)
                                 .order_by(CouncilItem.seq)))
    duty_ids = [i.duty_id for i in items if i.duty_id is not None]
    duties = {d.id: d for d in session.scalars(select(Duty).where(Duty.id.in_(duty_ids)))} if duty_ids else {}
    attendees = tuple(
        AttendeeInfo(a.kind, a.resident_id or a.staff_id or a.department_id, a.name, a.representative)  # type: ignore[arg-type]
        for a in session.scalars(select(CouncilAttendee).where(CouncilAttendee.meeting_id == row.id)
                                 .order_by(CouncilAttendee.kind, CouncilAttendee.created_at, CouncilAttendee.id)))
    from app.services.documents.receipt import shorten  # a plain text helper

    topics = tuple(TopicInfo(case_id, case_no, shorten(description, TOPIC_SUMMARY)) for case_id, case_no, description
                   in session.execute(select(Case.id, Case.case_no, Case.description)
                                      .join(CouncilTopic, CouncilTopic.case_id == Case.id)
                                      .where(CouncilTopic.meeting_id == row.id).order_by(Case.case_no)))
    of = ""
    if row.building_id is not None:
        number = session.scalar(select(Building.number).where(Building.id == row.building_id))
        of = building_name(number or "")
    elif row.grid_id is not None:
        of = session.scalar(select(Grid.name).where(Grid.id == row.grid_id)) or ""
    level = CouncilLevel(row.level)
    return MeetingInfo(row.id, row.title, row.held_on, row.place, row.summary,
                       [item_info(i, duties.get(i.duty_id) if i.duty_id else None) for i in items],
                       level, row.building_id, row.grid_id, of, cycle_text(level, row.held_on), attendees, topics)


def replace_people_and_topics(session: Session, meeting_id: uuid.UUID, attendees: list[CouncilAttendee],
                              topics: list[uuid.UUID]) -> None:
    """A meeting's attendees and topics as now recorded (a correction replaces the lists; the audit trail keeps the
    earlier ones)."""
    for old in session.scalars(select(CouncilAttendee).where(CouncilAttendee.meeting_id == meeting_id)):
        session.delete(old)
    for topic in session.scalars(select(CouncilTopic).where(CouncilTopic.meeting_id == meeting_id)):
        session.delete(topic)
    session.flush()
    for attendee in attendees:
        attendee.meeting_id = meeting_id
        session.add(attendee)
    for case_id in topics:
        session.add(CouncilTopic(meeting_id=meeting_id, case_id=case_id))
