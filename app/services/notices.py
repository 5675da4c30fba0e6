"""Public notices (公示): the board of residents' requests and how they were handled, the council's decisions
(议事会: 问题清单-责任清单-时限清单), and the record of every notice published.

Nothing on a public notice may identify a resident (see app.services.masking, the one masking module): names are
the surname plus stars or 匿名, free text (descriptions, public progress notes, council items) is scrubbed of phone,
ID and bank card numbers, of rooms, and of the name of any resident of the community written into it. Only progress
notes marked public are posted; internal notes never are.

The board's counts and its three rates come from app.services.rates (one definition of each rate); its table lists
exactly the requests those counts count (received in the period, duplicates merged into another left out).

**The QR code** on a notice encodes ``tel:<desk phone>``: a resident's phone camera offers to call the desk, with no
network or app needed, and the resident quotes the 受理编号 printed in their row (the same number as on their
receipt, whose own QR code holds it). Nothing about any request is in the code.

**The publication record** keeps the PDF's bytes with their SHA-256, the cases listed, the options and who
published it (append-only ``notice_publication``). Keeping the bytes, not regenerating, is deliberate: the cases
move on after posting (notes added, resolved, reopened), so a regenerated board would show today's state, not what
the public saw. A board of 500 requests is a few hundred kilobytes; ``publication_pdf`` re-checks the hash before
handing the document out again.
"""

from __future__ import annotations

import hashlib
import io
import math
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle
from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer, joinedload

from app.models import (
    Case,
    CaseEvent,
    CaseReporter,
    CaseStatus,
    CouncilItem,
    CouncilMeeting,
    Department,
    EventKind,
    NoticePublication,
    Resident,
)
from app.services import labels, pdf, rates
from app.services.auth import Actor, Permission, require
from app.services.clock import LOCAL_TZ, local
from app.services.db import Database
from app.services.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound, ValidationError
from app.services.masking import fold_for_names, introduced_names, public_name, scrub
from app.services.receipt import shorten
from app.services.setup import CommunityInfo, community_info
from app.services.validation import check_length

__all__ = [
    "BOARD_TITLE",
    "COUNCIL_TITLE",
    "Board",
    "BoardRow",
    "CouncilNotice",
    "ItemInfo",
    "MadeNotice",
    "MeetingInfo",
    "NewItem",
    "NewMeeting",
    "NoticeOptions",
    "NoticeService",
    "Progress",
    "PublicationInfo",
    "render_board",
    "render_council",
]

BOARD_TITLE = "居民诉求办理情况公示"
COUNCIL_TITLE = "居民议事会议定事项公示"
BOARD, COUNCIL = "board", "council"
SUMMARY_LIMIT = 40   # characters of a request's description on the board
PROGRESS_LIMIT = 40  # characters of its latest public progress note
COMMAND_LINE = "命令行"  # who published, when the notice was made by a scheduled task
PERIOD_DAYS_MAX = 366
TEXT_MAX = 500
IN_CHUNK = 500  # ids per IN (...) list, well under every backend's parameter limit

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called from the thread making the notice, ``done == total`` once at the end."""


@dataclass(frozen=True)
class NoticeOptions:
    landscape: bool = False
    large_print: bool = False  # 16pt body for elderly readers


@dataclass(frozen=True)
class BoardRow:
    case_no: str
    logged_on: date
    category: str
    resident: str  # masked: 张*, 匿名, 张* 等 3 户
    summary: str   # scrubbed and shortened
    status: str    # Chinese
    progress: str  # the latest public progress note, scrubbed and shortened; "" when none
    department: str
    resolved_on: date | None


@dataclass(frozen=True)
class Board:
    community: CommunityInfo
    start: date
    end: date
    posted_on: date
    figures: rates.Figures
    rows: list[BoardRow]


@dataclass(frozen=True)
class NewMeeting:
    title: str
    held_on: date
    place: str = ""
    summary: str = ""


@dataclass(frozen=True)
class NewItem:
    problem: str
    deadline: date
    department_id: uuid.UUID | None = None
    responsible: str = ""


@dataclass(frozen=True)
class ItemInfo:
    id: uuid.UUID
    seq: int
    problem: str
    department: str
    responsible: str
    deadline: date
    progress: str
    progress_at: datetime | None
    done: bool


@dataclass(frozen=True)
class MeetingInfo:
    id: uuid.UUID
    title: str
    held_on: date
    place: str
    summary: str
    items: list[ItemInfo] = field(default_factory=list)


@dataclass(frozen=True)
class CouncilNotice:
    community: CommunityInfo
    meeting: MeetingInfo  # its texts already scrubbed
    posted_on: date


@dataclass(frozen=True)
class MadeNotice:
    """A notice made and not yet recorded: what the preview shows and what ``record`` stores."""

    kind: str
    title: str
    pdf: bytes
    sha256: str
    pages: int
    case_nos: tuple[str, ...]
    options: NoticeOptions
    posted_on: date
    period_from: date | None = None
    period_to: date | None = None
    meeting_id: uuid.UUID | None = None
    file_name: str = "notice.pdf"


@dataclass(frozen=True)
class PublicationInfo:
    id: uuid.UUID
    kind: str
    title: str
    published_at: datetime
    published_by: str
    period_from: date | None
    period_to: date | None
    case_nos: tuple[str, ...]
    options: dict[str, Any]
    pages: int
    size: int
    sha256: str


# --- the service -----------------------------------------------------------------------------------------


class NoticeService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _today(self) -> date:
        return local(self._db.clock.now()).date()

    # boards

    def board(self, actor: Actor | None, start: date, end: date) -> Board:
        """The board's content for the requests received from ``start`` to ``end`` (local days, both included).
        ``actor`` None is the command line run by IT staff."""
        _check_period(start, end)
        with self._db.reading() as session:
            if actor is not None:
                require(session, actor, Permission.NOTICES)
            return _board(session, self._db.desk_code, start, end, local(self._db.clock.now()).date())

    def make_board(self, actor: Actor | None, start: date, end: date, options: NoticeOptions = NoticeOptions(),
                   progress: Progress | None = None) -> MadeNotice:
        """The board as a PDF, not yet recorded as published (a preview may be thrown away)."""
        board = self.board(actor, start, end)
        data = render_board(board, options, progress)
        return _made(BOARD, f"{BOARD_TITLE}（{_period(start, end)}）", data, options, board.posted_on,
                     tuple(r.case_no for r in board.rows), period_from=start, period_to=end,
                     file_name=f"公示-{start:%Y%m%d}-{end:%Y%m%d}.pdf")

    # council decisions

    def create_meeting(self, actor: Actor, meeting: NewMeeting, items: Sequence[NewItem] = ()) -> MeetingInfo:
        errors = FieldErrors()
        title, place, summary = _check_meeting(errors, meeting, self._today())
        for index, item in enumerate(items):
            _check_item(errors, item, meeting.held_on, prefix=f"items.{index}.")
        errors.raise_if_any()
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.NOTICES)
            row = CouncilMeeting(title=title, held_on=meeting.held_on, place=place, summary=summary,
                                 created_by_id=staff.id)
            session.add(row)
            session.flush()
            for seq, item in enumerate(items, start=1):
                session.add(_item_row(session, row.id, seq, item))
            session.flush()
            return _meeting_info(session, row)

    def update_meeting(self, actor: Actor, meeting_id: uuid.UUID, meeting: NewMeeting) -> MeetingInfo:
        """Corrects a meeting's topic, date, place or decisions. Its items keep their deadlines, so the date may not
        move past any of them."""
        errors = FieldErrors()
        title, place, summary = _check_meeting(errors, meeting, self._today())
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.NOTICES)
            row = _get_meeting(session, meeting_id)
            early = session.scalar(select(func.min(CouncilItem.deadline)).where(CouncilItem.meeting_id == row.id))
            if early is not None and early < meeting.held_on:
                raise ValidationError.single("held_on", QT_TRANSLATE_NOOP(
                    "errors", "An item of this meeting is due on {day}, before this date: change its deadline "
                              "first."), day=early.isoformat())
            row.title, row.held_on, row.place, row.summary = title, meeting.held_on, place, summary
            session.flush()
            return _meeting_info(session, row)

    def add_item(self, actor: Actor, meeting_id: uuid.UUID, item: NewItem) -> ItemInfo:
        with self._db.transaction() as session:
            require(session, actor, Permission.NOTICES)
            meeting = _get_meeting(session, meeting_id)
            errors = FieldErrors()  # checked here, where the meeting's date is known: every mistake at once
            _check_item(errors, item, meeting.held_on)
            errors.raise_if_any()
            seq = int(session.scalar(select(func.coalesce(func.max(CouncilItem.seq), 0))
                                     .where(CouncilItem.meeting_id == meeting.id)) or 0) + 1
            row = _item_row(session, meeting.id, seq, item)
            session.add(row)
            session.flush()
            return _item_info(row)

    def update_item(self, actor: Actor, item_id: uuid.UUID, item: NewItem) -> ItemInfo:
        """Corrects an item's problem, who answers for it, or its deadline; its progress stays."""
        with self._db.transaction() as session:
            require(session, actor, Permission.NOTICES)
            row = _get_item(session, item_id)
            errors = FieldErrors()
            _check_item(errors, item, row.meeting.held_on)
            errors.raise_if_any()
            _check_department(session, item.department_id)
            row.problem, row.department_id, row.responsible, row.deadline = (
                item.problem.strip(), item.department_id, item.responsible.strip(), item.deadline)
            session.flush()
            session.expire(row, ["department"])  # read again: the name of the department now named
            return _item_info(row)

    def record_progress(self, actor: Actor, item_id: uuid.UUID, progress: str, done: bool = False) -> ItemInfo:
        """The item's latest progress, and whether it is done (earlier progress stays in the audit trail)."""
        errors = FieldErrors()
        text = check_length(errors, "progress", progress, TEXT_MAX)
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.NOTICES)
            row = _get_item(session, item_id)
            row.progress, row.done, row.progress_at = text, done, session.info["now"]
            session.flush()
            return _item_info(row)

    def meetings(self, actor: Actor) -> list[MeetingInfo]:
        """Council meetings, newest first, with their items (as recorded, not scrubbed: this is the desk's view)."""
        with self._db.reading() as session:
            require(session, actor, Permission.NOTICES)
            rows = session.scalars(select(CouncilMeeting).options(joinedload(CouncilMeeting.items))
                                   .order_by(CouncilMeeting.held_on.desc(), CouncilMeeting.created_at.desc()))
            return [_meeting_info(session, m) for m in rows.unique()]

    def council(self, actor: Actor | None, meeting_id: uuid.UUID) -> CouncilNotice:
        """The council notice's content, its texts scrubbed for the public."""
        with self._db.reading() as session:
            if actor is not None:
                require(session, actor, Permission.NOTICES)
            info = _meeting_info(session, _get_meeting(session, meeting_id))
            names = _resident_names(session)
            public = MeetingInfo(
                info.id, _public(info.title, names), info.held_on, _public(info.place, names),
                _public(info.summary, names),
                [ItemInfo(i.id, i.seq, _public(i.problem, names), i.department, _public(i.responsible, names),
                          i.deadline, _public(i.progress, names), i.progress_at, i.done) for i in info.items])
            return CouncilNotice(community_info(session, self._db.desk_code), public,
                                 local(self._db.clock.now()).date())

    def make_council(self, actor: Actor | None, meeting_id: uuid.UUID, options: NoticeOptions = NoticeOptions(),
                     progress: Progress | None = None) -> MadeNotice:
        notice = self.council(actor, meeting_id)
        data = render_council(notice, options, progress)
        return _made(COUNCIL, f"{COUNCIL_TITLE}（{notice.meeting.title}）", data, options, notice.posted_on, (),
                     meeting_id=meeting_id, file_name=f"议事会公示-{notice.meeting.held_on:%Y%m%d}.pdf")

    # the record of what was published

    def record(self, actor: Actor | None, made: MadeNotice) -> PublicationInfo:
        """Records ``made`` as published (printed, saved for posting, or sent to a group): append-only."""
        if hashlib.sha256(made.pdf).hexdigest() != made.sha256:
            raise Conflict(QT_TRANSLATE_NOOP("errors", "The notice was changed after it was made; make it again."))
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.NOTICES) if actor is not None else None
            row = NoticePublication(
                kind=made.kind, title=made.title[:120], period_from=made.period_from, period_to=made.period_to,
                meeting_id=made.meeting_id, published_by_id=staff.id if staff else None,
                published_by=staff.display_name if staff else COMMAND_LINE, case_nos=list(made.case_nos),
                options={**asdict(made.options), "posted_on": made.posted_on.isoformat()}, pages=made.pages,
                size=len(made.pdf), sha256=made.sha256, pdf=made.pdf)
            session.add(row)
            session.flush()
            return _publication_info(row)

    def publications(self, actor: Actor, limit: int = 200) -> list[PublicationInfo]:
        """What was published, newest first (without the documents themselves)."""
        with self._db.reading() as session:
            require(session, actor, Permission.NOTICES)
            rows = session.scalars(select(NoticePublication)
                                   .options(*_without_pdf())
                                   .order_by(NoticePublication.created_at.desc(), NoticePublication.id.desc())
                                   .limit(limit))
            return [_publication_info(r) for r in rows]

    def publication_pdf(self, actor: Actor | None, publication_id: uuid.UUID) -> bytes:
        """The very document that was published, after checking it still matches its recorded SHA-256."""
        with self._db.reading() as session:
            if actor is not None:
                require(session, actor, Permission.NOTICES)
            row = session.get(NoticePublication, publication_id)
            if row is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such published notice."))
            if hashlib.sha256(row.pdf).hexdigest() != row.sha256:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "The stored copy of {title} does not match its recorded fingerprint."), title=row.title)
            return bytes(row.pdf)


# --- reading the board -----------------------------------------------------------------------------------


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """``[since, until)`` in UTC-aware datetimes for local days ``start`` to ``end``, both included."""
    since = datetime.combine(start, time(0), tzinfo=LOCAL_TZ)
    until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)
    return since, until


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError.single("end", QT_TRANSLATE_NOOP("errors", "The period ends before it begins."))
    if (end - start).days >= PERIOD_DAYS_MAX:
        raise ValidationError.single("end", QT_TRANSLATE_NOOP("errors", "A notice covers at most one year."))


def _board(session: Session, desk_code: str, start: date, end: date, today: date) -> Board:
    since, until = period_bounds(start, end)
    figures = rates.totals(session, since, until)
    cases = list(session.scalars(
        select(Case).where(Case.created_at >= since, Case.created_at < until, Case.status != CaseStatus.MERGED)
        .options(joinedload(Case.resident), joinedload(Case.category), joinedload(Case.subcategory))
        .order_by(Case.created_at, Case.case_no)))
    ids = [c.id for c in cases]
    notes = _latest_public_notes(session, ids)
    names = _resident_names(session)
    hidden = _anonymous_reporters(session, ids)
    rows = []
    for case in cases:
        anonymous = tuple(hidden.get(case.id, ())) + ((case.resident.name,) if case.anonymous else ())
        category = case.subcategory.name if case.subcategory is not None else case.category.name
        resident = public_name(case.resident.name, case.anonymous)
        if case.households_count > 1:
            resident += f" 等{case.households_count}户"
        departments = "、".join(d.department.name for d in case.departments) or "本社区"
        resolved = (local(case.resolved_at).date()
                    if case.status in rates.RESOLVED and case.resolved_at is not None else None)
        rows.append(BoardRow(
            case.case_no, local(case.created_at).date(), category, resident,
            shorten(_public(case.description, names, anonymous), SUMMARY_LIMIT), labels.zh(case.status),
            shorten(_public(notes.get(case.id, ""), names, anonymous), PROGRESS_LIMIT), departments, resolved))
    return Board(community_info(session, desk_code), start, end, today, figures, rows)


def _chunks(ids: Sequence[uuid.UUID]) -> Iterable[Sequence[uuid.UUID]]:
    for i in range(0, len(ids), IN_CHUNK):
        yield ids[i:i + IN_CHUNK]


def _latest_public_notes(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each case's latest progress note marked public. The flag is read in Python: JSON paths differ by backend."""
    latest: dict[uuid.UUID, str] = {}
    for chunk in _chunks(ids):
        rows = session.execute(select(CaseEvent.case_id, CaseEvent.note, CaseEvent.data)
                               .where(CaseEvent.case_id.in_(chunk), CaseEvent.kind == EventKind.NOTE)
                               .order_by(CaseEvent.case_id, CaseEvent.seq))
        for case_id, note, data in rows:
            if (data or {}).get("public") is True and note.strip():
                latest[case_id] = note
    return latest


def _anonymous_reporters(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    """The names of each case's reporters who asked to stay anonymous (also those attached to it later)."""
    found: dict[uuid.UUID, list[str]] = {}
    for chunk in _chunks(ids):
        rows = session.execute(select(CaseReporter.case_id, Resident.name)
                               .join(Resident, Resident.id == CaseReporter.resident_id)
                               .where(CaseReporter.case_id.in_(chunk), CaseReporter.anonymous.is_(True)))
        for case_id, name in rows:
            found.setdefault(case_id, []).append(name)
    return found


def _resident_names(session: Session) -> frozenset[str]:
    """Every resident's name (erased ones are blank), to find any of them written into public free text."""
    names = {fold_for_names(n) for n in session.scalars(select(Resident.name))}
    return frozenset(n for n in names if len(n) >= 2)


def _public(text: str, names: frozenset[str], anonymous: tuple[str, ...] = ()) -> str:
    """``text`` fit for a notice: the names of residents found in it masked (also with spaces, dashes, dots or
    invisible characters between their characters, see masking.fold_for_names; those in ``anonymous`` become 匿名),
    numbers and rooms scrubbed. Names are found by looking up every stretch of the folded text as long as some name,
    so thousands of residents cost a few set look-ups per character."""
    if not text:
        return ""
    folded = fold_for_names(text)
    lengths = {len(n) for n in names}
    found = {folded[i:i + n] for n in lengths for i in range(len(folded) - n + 1)} & names
    found.update(introduced_names(text))  # 联系人张三: someone who need not be a registered resident
    hidden = [f for f in (fold_for_names(n) for n in anonymous) if len(f) >= 2]
    return scrub(text, sorted(found), anonymous=hidden)


# --- council items ---------------------------------------------------------------------------------------


def _check_meeting(errors: FieldErrors, meeting: NewMeeting, today: date) -> tuple[str, str, str]:
    title = check_length(errors, "title", meeting.title, 80)
    place = check_length(errors, "place", meeting.place, 60, required=False)
    summary = check_length(errors, "summary", meeting.summary, TEXT_MAX * 4, required=False)
    if meeting.held_on > today:
        errors.add("held_on", QT_TRANSLATE_NOOP(
            "errors", "The meeting cannot be later than today: record its decisions once it has been held."))
    return title, place, summary


def _check_item(errors: FieldErrors, item: NewItem, held_on: date | None = None, prefix: str = "") -> None:
    check_length(errors, f"{prefix}problem", item.problem, TEXT_MAX)
    check_length(errors, f"{prefix}responsible", item.responsible, 60, required=False)
    if item.department_id is None and not item.responsible.strip():
        errors.add(f"{prefix}responsible", QT_TRANSLATE_NOOP(
            "errors", "Name the department or the person responsible."))
    if held_on is not None and item.deadline < held_on:
        errors.add(f"{prefix}deadline", QT_TRANSLATE_NOOP(
            "errors", "The deadline cannot be before the meeting ({day})."), day=held_on.isoformat())


def _check_department(session: Session, department_id: uuid.UUID | None) -> None:
    if department_id is not None and session.get(Department, department_id) is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "This department no longer exists."))


def _item_row(session: Session, meeting_id: uuid.UUID, seq: int, item: NewItem) -> CouncilItem:
    _check_department(session, item.department_id)
    return CouncilItem(meeting_id=meeting_id, seq=seq, problem=item.problem.strip(),
                       department_id=item.department_id, responsible=item.responsible.strip(),
                       deadline=item.deadline, progress="", done=False)


def _get_meeting(session: Session, meeting_id: uuid.UUID) -> CouncilMeeting:
    meeting = session.get(CouncilMeeting, meeting_id)
    if meeting is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "This council meeting no longer exists."))
    return meeting


def _get_item(session: Session, item_id: uuid.UUID) -> CouncilItem:
    item = session.get(CouncilItem, item_id)
    if item is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "This council item no longer exists."))
    return item


def _item_info(row: CouncilItem) -> ItemInfo:
    return ItemInfo(row.id, row.seq, row.problem, row.department.name if row.department else "", row.responsible,
                    row.deadline, row.progress, row.progress_at, row.done)


def _meeting_info(session: Session, row: CouncilMeeting) -> MeetingInfo:
    items = session.scalars(select(CouncilItem).where(CouncilItem.meeting_id == row.id).order_by(CouncilItem.seq))
    return MeetingInfo(row.id, row.title, row.held_on, row.place, row.summary, [_item_info(i) for i in items])


# --- publications ----------------------------------------------------------------------------------------


def _without_pdf() -> list[Any]:
    return [defer(NoticePublication.pdf), joinedload(NoticePublication.publisher)]


def _made(kind: str, title: str, rendered: tuple[bytes, int], options: NoticeOptions, posted_on: date,
          case_nos: tuple[str, ...], *, period_from: date | None = None, period_to: date | None = None,
          meeting_id: uuid.UUID | None = None, file_name: str) -> MadeNotice:
    data, pages = rendered
    return MadeNotice(kind, title, data, hashlib.sha256(data).hexdigest(), pages, case_nos, options, posted_on,
                      period_from, period_to, meeting_id, file_name)


def _publication_info(row: NoticePublication) -> PublicationInfo:
    return PublicationInfo(row.id, row.kind, row.title, row.created_at, row.published_by, row.period_from,
                           row.period_to, tuple(row.case_nos or ()), dict(row.options or {}), row.pages, row.size,
                           row.sha256)


# --- the documents ---------------------------------------------------------------------------------------


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _period(start: date, end: date) -> str:
    if start == end:
        return _day(start)
    if start.year == end.year:
        return f"{_day(start)}至{end.month}月{end.day}日"
    return f"{_day(start)}至{_day(end)}"


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _short_day(d: date | None, years: bool) -> str:
    if d is None:
        return ""
    return f"{d:%Y-%m-%d}" if years else f"{d:%m-%d}"


def _ask_line(info: CommunityInfo) -> str:
    return f"凭受理编号到{info.desk_name}或致电 {info.desk_phone} 查询本人诉求办理进度"


# A layout table without lines or padding, in the document font (else reportlab puts a Helvetica in the PDF).
_BARE: list[tuple[Any, ...]] = [("FONT", (0, 0), (-1, -1), pdf.FONT_NAME, pdf.BASE_FONT_SIZE),
                                *((side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING",
                                                                           "BOTTOMPADDING"))]


def _qr_block(info: CommunityInfo, st: pdf.Styles, size: float) -> Table:
    """The desk's QR code (``tel:`` + its phone number) with its caption under it."""
    digits = "".join(ch for ch in info.desk_phone if ch.isdigit() or ch == "+")
    caption = pdf.para("扫码致电服务台", st.small)
    return Table([[pdf.qr_code(f"tel:{digits}", size)], [caption]], colWidths=[size + 2 * mm],
                 style=TableStyle([*_BARE, ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))


def _heading(title: str, lines: Sequence[str], info: CommunityInfo, st: pdf.Styles, width: float) -> Table:
    """The title and the lines under it on the left, the QR code on the right."""
    qr = 24 * mm * min(st.scale, 1.25)
    left: list[Flowable] = [pdf.para(title, st.title)] + [pdf.para(line, st.subtitle) for line in lines]
    return Table([[left, _qr_block(info, st, qr)]], colWidths=[width - qr - 4 * mm, qr + 4 * mm],
                 style=TableStyle([*_BARE, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))


def _figures_table(figures: rates.Figures, st: pdf.Styles, width: float) -> Table:
    header = ["受理", "已响应", "已办结", "响应率", "解决率", "满意率"]
    values = [f"{figures.received} 件", f"{figures.responded} 件", f"{figures.resolved} 件",
              _percent(figures.response_rate), _percent(figures.resolution_rate), _percent(figures.satisfaction_rate)]
    return pdf.data_table(header, [values], style=st, col_widths=[width / 6] * 6, striped=False)


@dataclass(frozen=True)
class _Column:
    header: str
    em: float | None  # width in body-font ems (padding apart); None: the columns of free text share the rest
    value: Callable[[BoardRow, bool], str]  # (row, whether dates need their year)


def _status_and_day(r: BoardRow, years: bool) -> str:
    return r.status + (f"\n{_short_day(r.resolved_on, years)}" if r.resolved_on else "")


_NO = _Column("受理编号", 7.6, lambda r, y: r.case_no)
_NO_DAY = _Column("受理编号\n受理日期", 7.6, lambda r, y: f"{r.case_no}\n{_short_day(r.logged_on, y)}")
_CATEGORY = _Column("类别", 4, lambda r, y: r.category)
_RESIDENT = _Column("反映人", 4.6, lambda r, y: r.resident)
_SUMMARY = _Column("诉求摘要", None, lambda r, y: r.summary)
_PROGRESS = _Column("最新进展", None, lambda r, y: r.progress or "—")
_DEPARTMENT = _Column("责任部门", 5.5, lambda r, y: r.department)
_STACKED = (_Column("反映人", 3.6, _RESIDENT.value),
            _Column("类别及诉求摘要", None, lambda r, y: f"【{r.category}】{r.summary}"),
            _Column("办理状态及责任部门", 6, lambda r, y: f"{_status_and_day(r, y)}\n{r.department}"), _PROGRESS)
# Every layout shows every field; narrower pages (portrait, large print) stack fields in one cell rather than leave
# the free text a few characters per line (a table of seven columns was tried: its rows came out taller).
# The first layout leaving MIN_TEXT_EM per text column is used.
_LAYOUTS: tuple[tuple[_Column, ...], ...] = (
    (_NO, _Column("受理\n日期", 3.2, lambda r, y: _short_day(r.logged_on, y)), _CATEGORY, _RESIDENT, _SUMMARY,
     _Column("办理\n状态", 3.6, lambda r, y: r.status), _PROGRESS, _DEPARTMENT,
     _Column("办结\n日期", 3.2, lambda r, y: _short_day(r.resolved_on, y) or "—")),
    (_NO_DAY, *_STACKED),
    (_Column("受理编号\n受理日期", 5.2, _NO_DAY.value), *_STACKED),  # the case number on three lines
)
MIN_TEXT_EM = 10.0


def _layout(width: float, st: pdf.Styles) -> tuple[tuple[_Column, ...], list[float]]:
    """The board's columns for this page width and print size, and their widths in points."""
    pad = 9 * st.scale  # data_table's left and right cell padding
    size = st.font_size
    for columns in _LAYOUTS:
        fixed = sum((c.em or 0) * size for c in columns) + pad * len(columns)
        flexible = sum(1 for c in columns if c.em is None)
        share = (width - fixed) / flexible
        if share - pad >= MIN_TEXT_EM * size or columns is _LAYOUTS[-1]:
            return columns, [c.em * size + pad if c.em is not None else share for c in columns]
    raise AssertionError("unreachable")


def render_board(board: Board, options: NoticeOptions, progress: Progress | None = None) -> tuple[bytes, int]:
    """The board as PDF bytes, and its page count."""
    st = pdf.styles(options.large_print)
    pagesize = pdf.page_size("A4", landscape=options.landscape)
    width = pdf.content_width(pagesize)
    info = board.community
    years = board.start.year != board.end.year
    community = f"{info.name}（{info.street}）" if info.street else info.name
    story: list[Flowable] = [
        _heading(BOARD_TITLE, [community, f"公示期间：{_period(board.start, board.end)}",
                               f"公示日期：{_day(board.posted_on)}"], info, st, width),
        Spacer(1, 2 * mm),
        _figures_table(board.figures, st, width),
        Spacer(1, 3 * mm),
    ]
    if board.rows:
        columns, widths = _layout(width, st)
        rows = [[c.value(r, years) for c in columns] for r in board.rows]
        story.append(pdf.data_table([c.header for c in columns], rows, style=st, prewrap=True, col_widths=widths))
    else:
        story.append(pdf.para("本期间没有受理的诉求。", st.body))
    story += [Spacer(1, 3 * mm), pdf.para("说明：居民姓名、电话、证件号码、门牌号等个人信息已隐去，申请匿名的显示为"
                                          f"“匿名”。{_ask_line(info)}。", st.small)]
    estimate = _page_estimate(len(board.rows), options)
    return _build(story, pagesize, options, BOARD_TITLE, info, estimate, progress,
                  subject=f"{info.name} {_period(board.start, board.end)}")


def _page_estimate(rows: int, options: NoticeOptions) -> int:
    per_page = 13 if options.landscape else 16
    if options.large_print:
        per_page = per_page * 2 // 5
    return max(1, math.ceil((rows + 4) / per_page))


def _build(story: list[Flowable], pagesize: pdf.PageSize, options: NoticeOptions, title: str, info: CommunityInfo,
           estimate: int, progress: Progress | None, subject: str) -> tuple[bytes, int]:
    out = io.BytesIO()

    def on_page(page: int) -> None:
        if progress is not None:
            progress(min(page - 1, estimate - 1), estimate)  # the estimate is a guess: never report done early

    if progress is not None:
        progress(0, estimate)
    pages = pdf.build_document(out, story, title=title, header=info.name, footer=_ask_line(info), pagesize=pagesize,
                               large_print=options.large_print, subject=subject, on_page=on_page)
    if progress is not None:
        progress(pages, pages)
    return out.getvalue(), pages


def _item_state(item: ItemInfo, today: date) -> str:
    if item.done:
        return "已完成"
    return "已逾期" if item.deadline < today else "推进中"


def _progress(item: ItemInfo) -> str:
    """The latest progress with the day it was recorded: a reader sees how fresh it is."""
    if not item.progress:
        return "—"
    return item.progress + (f"（{_short_cn_day(local(item.progress_at).date())}）" if item.progress_at else "")


def _short_cn_day(d: date) -> str:
    return f"{d.month}月{d.day}日"


def render_council(notice: CouncilNotice, options: NoticeOptions, progress: Progress | None = None
                   ) -> tuple[bytes, int]:
    """The council decision notice: the problem list, the responsibility list and the deadline list, each item's
    progress beside it."""
    st = pdf.styles(options.large_print)
    pagesize = pdf.page_size("A4", landscape=options.landscape)
    width = pdf.content_width(pagesize)
    info, meeting = notice.community, notice.meeting
    held = f"议事时间：{_day(meeting.held_on)}" + (f"　地点：{meeting.place}" if meeting.place else "")
    story: list[Flowable] = [
        _heading(COUNCIL_TITLE, [info.name, f"议题：{meeting.title}", held], info, st, width),
        Spacer(1, 2 * mm),
    ]
    if meeting.summary:
        story += [pdf.para(f"议定事项：{meeting.summary}", st.body), Spacer(1, 2 * mm)]
    items = meeting.items
    pad = 9 * st.scale  # data_table's left and right cell padding
    seq, day, state = (em * st.font_size + pad for em in (2.6, 8.6, 3.4))  # 序号, 2026年12月31日, 已完成: one line
    story.append(pdf.para("一、问题清单", st.heading))
    story.append(pdf.data_table(["序号", "问题"], [[str(i.seq), i.problem] for i in items], style=st,
                                col_widths=[seq, width - seq]))
    story.append(pdf.para("二、责任清单", st.heading))
    rest = width - seq
    story.append(pdf.data_table(
        ["序号", "问题", "责任部门", "责任人"],
        [[str(i.seq), shorten(i.problem, 30), i.department or "—", i.responsible or "—"] for i in items],
        style=st, col_widths=[seq, rest * 0.56, rest * 0.24, rest * 0.2]))
    story.append(pdf.para("三、时限清单及进展", st.heading))
    rest = width - seq - day - state  # the problem (shortened, so the line can be read alone) and the progress
    story.append(pdf.data_table(
        ["序号", "问题", "完成时限", "状态", "最新进展"],
        [[str(i.seq), shorten(i.problem, 16), _day(i.deadline), _item_state(i, notice.posted_on), _progress(i)]
         for i in items],
        style=st, col_widths=[seq, rest * 0.38, day, state, rest * 0.62]))
    story += [Spacer(1, 3 * mm), pdf.para(f"公示日期：{_day(notice.posted_on)}。欢迎居民监督。{_ask_line(info)}。",
                                          st.small)]
    return _build(story, pagesize, options, COUNCIL_TITLE, info, max(1, len(items) // 8 + 1), progress,
                  subject=f"{info.name} {meeting.title}")
