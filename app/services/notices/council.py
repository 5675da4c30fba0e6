"""The residents' councils at three levels (三级议事会, seed 000; issue 22): meetings with their level, building or
grid, attendees, the requests behind their topics and their three lists (问题清单-责任清单-时限清单, one ``CouncilItem``
a line of all three); which levels are due to meet (the home page's reminder); an item made a dated duty on the
duties list (转为待办); the council notice of one meeting or of a level's meetings in a period.

What a meeting may be is decided in ``council_rules`` (its module text). The notices print the texts scrubbed for
the public (see app.services.notices.board) and the residents among the attendees by their masked names.

**转为待办.** An item becomes one duty (``DutyKind.OTHER``, weekly, first due on the item's deadline, shown a week
ahead), linked by ``council_item.duty_id``. The duties list shows it as 议事会第N项; recording it done there ends the
duty and marks the item done with the record's note as its progress (app.services.care.duties); recorded not done,
it comes again a week later, so an item past its deadline is chased every week until it is done.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from app.domain.councils import AttendeeKind, CouncilLevel, cycle_text
from app.domain.enums import DutyCycle, DutyKind
from app.models import Building, Community, CouncilItem, CouncilMeeting, Department, Duty, Grid, Staff
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, ValidationError
from app.services.core.setup import community_info
from app.services.core.validation import check_length
from app.services.documents.disclosure import Document, Field, name_book
from app.services.documents.masking import NameBook, mask_name
from app.services.notices import council_rules as rules
from app.services.notices.data import (
    COUNCIL_TITLE,
    AttendeeInfo,
    Choice,
    CouncilDue,
    CouncilNotice,
    CouncilOptions,
    ItemInfo,
    LevelNotice,
    MadeNotice,
    Masked,
    MeetingInfo,
    NewItem,
    NewMeeting,
    NoticeOptions,
    Progress,
)
from app.services.notices.shared import check_hide, made, shown

COUNCIL = "council"
PERIOD_DAYS_MAX = 366
DUTY_REMIND_DAYS = 7  # a council item's duty shows a week before its deadline
MISSING_SHOWN = 6     # buildings or grids named in the reminder; the rest counted


class CouncilService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _today(self) -> date:
        return local(self._db.clock.now()).date()

    # --- meetings and items ------------------------------------------------------------------------------

    def council_options(self, actor: Actor) -> CouncilOptions:
        """The buildings, grids, staff accounts and departments the meeting dialog offers."""
        with self._db.reading() as session:
            require(session, actor, Permission.NOTICES)
            buildings = sorted(((i, n) for i, n in session.execute(
                select(Building.id, Building.number).where(Building.active.is_(True)))),
                key=lambda b: (len(b[1]), b[1]))
            return CouncilOptions(
                tuple(Choice(i, rules.building_name(n)) for i, n in buildings),
                tuple(Choice(i, n) for i, n in session.execute(
                    select(Grid.id, Grid.name).where(Grid.active.is_(True)).order_by(Grid.code))),
                tuple(Choice(i, n) for i, n in session.execute(
                    select(Staff.id, Staff.display_name).where(Staff.active.is_(True)).order_by(Staff.display_name))),
                tuple(Choice(i, n) for i, n in session.execute(
                    select(Department.id, Department.name).order_by(Department.name))))

    def create_meeting(self, actor: Actor, meeting: NewMeeting, items: Sequence[NewItem] = ()) -> MeetingInfo:
        errors = FieldErrors()
        title, place, summary = rules.check_meeting(errors, meeting, self._today())
        for index, item in enumerate(items):
            rules.check_item(errors, item, meeting.held_on, prefix=f"items.{index}.")
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.NOTICES)
            attendees, topics, building, grid = _check_people(session, errors, meeting)
            errors.raise_if_any()
            row = CouncilMeeting(title=title, held_on=meeting.held_on, place=place, summary=summary,
                                 created_by_id=staff.id, level=meeting.level,
                                 building_id=building.id if building else None, grid_id=grid.id if grid else None)
            session.add(row)
            session.flush()
            for seq, item in enumerate(items, start=1):
                session.add(rules.item_row(session, row.id, seq, item))
            rules.replace_people_and_topics(session, row.id, attendees, topics)
            session.flush()
            return rules.meeting_info(session, row)

    def update_meeting(self, actor: Actor, meeting_id: uuid.UUID, meeting: NewMeeting) -> MeetingInfo:
        """Corrects a meeting's topic, date, place, level, attendees, topics or decisions. Its items keep their
        deadlines, so the date may not move past any of them."""
        errors = FieldErrors()
        title, place, summary = rules.check_meeting(errors, meeting, self._today())
        with self._db.transaction() as session:
            require(session, actor, Permission.NOTICES)
            row = rules.get_meeting(session, meeting_id)
            attendees, topics, building, grid = _check_people(session, errors, meeting, row)
            early = session.scalar(select(func.min(CouncilItem.deadline)).where(CouncilItem.meeting_id == row.id))
            if early is not None and early < meeting.held_on:
                errors.add("held_on", QT_TRANSLATE_NOOP(
                    "errors", "An item of this meeting is due on {day}, before this date: change its deadline "
                              "first."), day=early.isoformat())
            errors.raise_if_any()
            row.title, row.held_on, row.place, row.summary = title, meeting.held_on, place, summary
            row.level, row.building_id = meeting.level, building.id if building else None
            row.grid_id = grid.id if grid else None
            rules.replace_people_and_topics(session, row.id, attendees, topics)
            session.flush()
            return rules.meeting_info(session, row)

    def add_item(self, actor: Actor, meeting_id: uuid.UUID, item: NewItem) -> ItemInfo:
        with self._db.transaction() as session:
            require(session, actor, Permission.NOTICES)
            meeting = rules.get_meeting(session, meeting_id)
            errors = FieldErrors()  # checked here, where the meeting's date is known: every mistake at once
            rules.check_item(errors, item, meeting.held_on)
            errors.raise_if_any()
            seq = int(session.scalar(select(func.coalesce(func.max(CouncilItem.seq), 0))
                                     .where(CouncilItem.meeting_id == meeting.id)) or 0) + 1
            row = rules.item_row(session, meeting.id, seq, item)
            session.add(row)
            session.flush()
            return rules.item_info(row)

    def update_item(self, actor: Actor, item_id: uuid.UUID, item: NewItem) -> ItemInfo:
        """Corrects an item's problem, who answers for it, or its deadline; its progress stays."""
        with self._db.transaction() as session:
            require(session, actor, Permission.NOTICES)
            row = rules.get_item(session, item_id)
            errors = FieldErrors()
            rules.check_item(errors, item, row.meeting.held_on)
            errors.raise_if_any()
            rules.check_department(session, item.department_id)
            row.problem, row.department_id, row.responsible, row.deadline = (
                item.problem.strip(), item.department_id, item.responsible.strip(), item.deadline)
            session.flush()
            session.expire(row, ["department"])  # read again: the name of the department now named
            return rules.item_info(row, _duty(session, row))

    def record_progress(self, actor: Actor, item_id: uuid.UUID, progress: str, done: bool = False) -> ItemInfo:
        """The item's latest progress, and whether it is done (earlier progress stays in the audit trail)."""
        errors = FieldErrors()
        text = check_length(errors, "progress", progress, rules.TEXT_MAX)
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.NOTICES)
            row = rules.get_item(session, item_id)
            row.progress, row.done, row.progress_at = text, done, session.info["now"]
            session.flush()
            return rules.item_info(row, _duty(session, row))

    def make_duty(self, actor: Actor, item_id: uuid.UUID, responsible_id: uuid.UUID | None) -> ItemInfo:
        """转为待办: the item becomes a dated duty on the duties list, due on its deadline, ``responsible_id``'s."""
        with self._db.transaction() as session:
            require(session, actor, Permission.NOTICES)
            row = rules.get_item(session, item_id)
            staff = session.get(Staff, responsible_id) if responsible_id is not None else None
            if staff is None or not staff.active:
                raise ValidationError.single("responsible", QT_TRANSLATE_NOOP(
                    "errors", "Please choose who is responsible (an active account)."))
            if row.done:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "Item {seq} is done already."), seq=row.seq)
            if row.duty_id is not None:
                raise Conflict(QT_TRANSLATE_NOOP("errors", "Item {seq} is on the duties list already."), seq=row.seq)
            from app.services.documents.receipt import shorten  # a plain text helper

            duty = Duty(title=shorten(row.problem, 60), kind=DutyKind.OTHER.value, cycle=DutyCycle.WEEKLY, every=1,
                        next_due=row.deadline, anchor_on=row.deadline, remind_days=DUTY_REMIND_DAYS,
                        responsible_id=staff.id, active=True,
                        note=f"{labels.zh(row.meeting.level)}“{row.meeting.title}”第{row.seq}项")
            session.add(duty)
            session.flush()
            row.duty_id = duty.id
            session.flush()
            return rules.item_info(row, duty)

    def meetings(self, actor: Actor) -> list[MeetingInfo]:
        """Council meetings, newest first, with their items (as recorded, not scrubbed: this is the desk's view)."""
        with self._db.reading() as session:
            require(session, actor, Permission.NOTICES)
            rows = session.scalars(select(CouncilMeeting).options(joinedload(CouncilMeeting.items))
                                   .order_by(CouncilMeeting.held_on.desc(), CouncilMeeting.created_at.desc()))
            return [rules.meeting_info(session, m) for m in rows.unique()]

    def due_councils(self, actor: Actor) -> list[CouncilDue]:
        """The levels whose meeting is due and not held yet: each active building's weekly meeting this week, each
        active grid's this month, the community's this quarter (the home page's reminder)."""
        with self._db.reading() as session:
            require(session, actor, Permission.NOTICES)
            return due(session, self._today())

    # --- the notices ---------------------------------------------------------------------------------------

    def council(self, actor: Actor | None, meeting_id: uuid.UUID, hide: Sequence[str] = ()) -> CouncilNotice:
        """The council notice's content, its texts scrubbed for the public (and the words in ``hide`` hidden)."""
        hidden = check_hide(hide)
        with self._db.reading() as session:
            if actor is not None:
                require(session, actor, Permission.NOTICES)
            info = rules.meeting_info(session, rules.get_meeting(session, meeting_id))
            masked: list[Masked] = []
            meeting = public_meeting(info, name_book(session, hide=hidden), masked)
            return CouncilNotice(community_info(session, self._db.desk_code), meeting, self._today(), tuple(masked))

    def make_council(self, actor: Actor | None, meeting_id: uuid.UUID, options: NoticeOptions = NoticeOptions(),
                     progress: Progress | None = None, hide: Sequence[str] = ()) -> MadeNotice:
        notice = self.council(actor, meeting_id, hide)
        from app.services.documents.notice_board import render_council  # the PDF layer

        data = render_council(notice, options, progress)
        return made(COUNCIL, f"{COUNCIL_TITLE}（{notice.meeting.title}）", data, options, notice.posted_on, (),
                    meeting_id=meeting_id, file_name=f"议事会公示-{notice.meeting.held_on:%Y%m%d}.pdf",
                    masked=notice.masked, hide=tuple(hide), anchor=notice.community.chain_head)

    def level_notice(self, actor: Actor | None, level: CouncilLevel, start: date, end: date,
                     hide: Sequence[str] = ()) -> LevelNotice:
        """The notice of ``level``'s meetings held from ``start`` to ``end`` (both included), oldest first."""
        hidden = check_hide(hide)
        if end < start:
            raise ValidationError.single("end", QT_TRANSLATE_NOOP("errors", "The period ends before it begins."))
        if (end - start).days >= PERIOD_DAYS_MAX:
            raise ValidationError.single("end", QT_TRANSLATE_NOOP("errors", "A notice covers at most one year."))
        with self._db.reading() as session:
            if actor is not None:
                require(session, actor, Permission.NOTICES)
            rows = list(session.scalars(select(CouncilMeeting).where(
                CouncilMeeting.level == level, CouncilMeeting.held_on >= start, CouncilMeeting.held_on <= end)
                .order_by(CouncilMeeting.held_on, CouncilMeeting.created_at)))
            if not rows:
                raise ValidationError.single("end", QT_TRANSLATE_NOOP(
                    "errors", "No {level} was held from {start} to {end}."), level=labels.zh(level),
                    start=start.isoformat(), end=end.isoformat())
            book = name_book(session, hide=hidden)
            masked: list[Masked] = []
            meetings = tuple(public_meeting(rules.meeting_info(session, r), book, masked, f"{r.held_on:%m-%d} ")
                             for r in rows)
            return LevelNotice(community_info(session, self._db.desk_code), level, start, end, meetings,
                               self._today(), tuple(masked))

    def make_level_notice(self, actor: Actor | None, level: CouncilLevel, start: date, end: date,
                          options: NoticeOptions = NoticeOptions(), progress: Progress | None = None,
                          hide: Sequence[str] = ()) -> MadeNotice:
        notice = self.level_notice(actor, level, start, end, hide)
        from app.services.documents.notice_board import period_text, render_level_council  # the PDF layer

        data = render_level_council(notice, options, progress)
        return made(COUNCIL, f"{labels.zh(level)}议定事项公示（{period_text(start, end)}）", data, options,
                    notice.posted_on, (), period_from=start, period_to=end,
                    file_name=f"{labels.zh(level)}公示-{start:%Y%m%d}-{end:%Y%m%d}.pdf", masked=notice.masked,
                    hide=tuple(hide), anchor=notice.community.chain_head)


def _check_people(session: Session, errors: FieldErrors, meeting: NewMeeting, row: CouncilMeeting | None = None
                  ) -> tuple[list, list[uuid.UUID], Building | None, Grid | None]:  # type: ignore[type-arg]
    building, grid = rules.check_scope(session, errors, meeting)
    if "held_on" not in errors.errors and "building" not in errors.errors and "grid" not in errors.errors:
        rules.check_order(session, errors, meeting, building, grid, row)
    attendees = rules.check_attendees(session, errors, meeting, building)
    topics = rules.check_topics(session, errors, meeting.topics)
    return attendees, topics, building, grid


def _duty(session: Session, row: CouncilItem) -> Duty | None:
    return session.get(Duty, row.duty_id) if row.duty_id is not None else None


def public_meeting(info: MeetingInfo, book: NameBook, masked: list[Masked], where: str = "") -> MeetingInfo:
    """``info`` as a notice shows it: free texts scrubbed, residents among the attendees by their masked names,
    departments' representatives by their department only."""

    def public(place: str, text: str, field: Field = Field.DESCRIPTION) -> str:
        return shown(Document.COUNCIL_NOTICE, field, text, book, where + place, masked)

    items = [ItemInfo(i.id, i.seq, public(f"第{i.seq}项", i.problem), i.department,
                      public(f"第{i.seq}项", i.responsible, Field.NAME), i.deadline,
                      public(f"第{i.seq}项", i.progress, Field.PUBLIC_NOTE), i.progress_at, i.done)
             for i in info.items]
    attendees = tuple(AttendeeInfo(a.kind, a.ref_id, _attendee_shown(a), a.representative) for a in info.attendees)
    return MeetingInfo(info.id, public("议题", info.title), info.held_on, public("地点", info.place),
                       public("议定事项", info.summary), items, info.level, info.building_id, info.grid_id, info.of,
                       info.cycle, attendees, info.topics)


def _attendee_shown(attendee: AttendeeInfo) -> str:
    if attendee.kind is AttendeeKind.RESIDENT:
        return mask_name(attendee.name) + ("（居民代表）" if attendee.representative else "")
    if attendee.kind is AttendeeKind.DEPARTMENT:
        return attendee.name.split(" ")[0] + "代表"  # the department, not its representative's name
    return attendee.name


def due(session: Session, today: date) -> list[CouncilDue]:
    """Which levels are due (see ``CouncilService.due_councils``)."""
    monday = today - timedelta(days=today.weekday())
    month = today.replace(day=1)
    quarter = month.replace(month=(today.month - 1) // 3 * 3 + 1)
    found: list[CouncilDue] = []
    held = set(session.scalars(select(CouncilMeeting.building_id).where(
        CouncilMeeting.level == CouncilLevel.BUILDING, CouncilMeeting.held_on >= monday)))
    buildings = sorted((n for i, n in session.execute(select(Building.id, Building.number)
                                                      .where(Building.active.is_(True))) if i not in held),
                       key=lambda n: (len(n), n))
    if buildings:
        found.append(CouncilDue(CouncilLevel.BUILDING, cycle_text(CouncilLevel.BUILDING, today),
                                tuple(rules.building_name(n) for n in buildings)))
    held = set(session.scalars(select(CouncilMeeting.grid_id).where(
        CouncilMeeting.level == CouncilLevel.GRID, CouncilMeeting.held_on >= month)))
    grids = [n for i, n in session.execute(select(Grid.id, Grid.name).where(Grid.active.is_(True))
                                           .order_by(Grid.code)) if i not in held]
    if grids:
        found.append(CouncilDue(CouncilLevel.GRID, cycle_text(CouncilLevel.GRID, today), tuple(grids)))
    community = session.scalar(select(CouncilMeeting.id).where(
        CouncilMeeting.level == CouncilLevel.COMMUNITY, CouncilMeeting.held_on >= quarter).limit(1))
    if community is None:
        name = session.scalar(select(Community.name).limit(1)) or ""
        found.append(CouncilDue(CouncilLevel.COMMUNITY, cycle_text(CouncilLevel.COMMUNITY, today), (name,)))
    return found
