"""Public notices (公示): the board of residents' requests and how they were handled, the council's decisions
(议事会: 问题清单-责任清单-时限清单), and the record of every notice published.

Nothing on a public notice may identify a resident (see app.services.documents.masking, the one masking package): names
are the surname plus stars or 匿名, free text (descriptions, public progress notes, council items) is scrubbed of phone,
ID and bank card numbers, contacts, plates, rooms, and of the name of any resident of the community written into it
(also of erased ones, by their salted hashes) or of a person found by rule. What was masked goes with the made notice
(``MadeNotice.masked``) for the preview to list, and the clerk may hide more words (``hide``). Only progress notes
marked public are posted, and a grid worker's only once the desk or the director approved it
(app.services.cases.reach); internal notes never are. What each notice shows of a person is the rule table's
(app.services.documents.disclosure).

The board's counts and its three rates come from app.services.cases.rates (one definition of each rate); its table lists
exactly the requests those counts count (received in the period, duplicates merged into another left out), up to
``BOARD_ROWS_MAX``: a longer period lists its most recent ones under every class's figures.

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
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, joinedload

from app.models import (
    Case,
    CaseEvent,
    CaseReporter,
    CaseStatus,
    Community,
    EventKind,
    NoticePublication,
    Resident,
)
from app.services.cases import rates, rollup
from app.services.cases.reach import latest_published, reviews
from app.services.core import labels
from app.services.core.anchors import NOTICE, parse_fingerprint, publish
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import LOCAL_TZ, local
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, NotFound, ValidationError
from app.services.core.setup import community_info
from app.services.documents.disclosure import Document, Field, disclose, name_book
from app.services.documents.masking import BY_HAND
from app.services.notices.council import CouncilService
from app.services.notices.data import (
    BOARD_TITLE,
    COUNCIL_TITLE,
    AttendeeInfo,
    Board,
    BoardRow,
    CouncilDue,
    CouncilNotice,
    CouncilOptions,
    ItemInfo,
    LevelNotice,
    MadeNotice,
    Masked,
    MeetingInfo,
    NewAttendee,
    NewItem,
    NewMeeting,
    NoticeOptions,
    Progress,
    PublicationInfo,
)
from app.services.notices.shared import check_hide, made, shown

__all__ = [
    "AttendeeInfo",
    "CouncilDue",
    "CouncilOptions",
    "LevelNotice",
    "NewAttendee",
    "BOARD_TITLE",
    "COUNCIL_TITLE",
    "Board",
    "BoardRow",
    "CouncilNotice",
    "ItemInfo",
    "MadeNotice",
    "Masked",
    "MeetingInfo",
    "NewItem",
    "NewMeeting",
    "NoticeOptions",
    "NoticeService",
    "Progress",
    "PublicationInfo",
]

BOARD = "board"
SUMMARY_LIMIT = 40   # characters of a request's description on the board
PROGRESS_LIMIT = 40  # characters of its latest public progress note
COMMAND_LINE = "命令行"  # who published, when the notice was made by a scheduled task
PERIOD_DAYS_MAX = 366
# At most this many requests are listed on one board (some 20 A4 pages): a month of a busy community. A longer period
# lists its most recent ones, with the figures of every class above them; a year's list of every request would be
# hundreds of pages nobody reads on a wall, and minutes to make.
BOARD_ROWS_MAX = 300
TEXT_MAX = 500
IN_CHUNK = 500  # ids per IN (...) list, well under every backend's parameter limit


# --- the service -----------------------------------------------------------------------------------------


class NoticeService(CouncilService):
    """The request board and the record of what was published; the council's meetings and notices are
    ``CouncilService``'s (app.services.notices.council), reached through the same ``services.notices``."""

    # boards

    def defaults(self, actor: Actor) -> NoticeOptions:
        """What a new notice starts with: the community's choice (系统设置), the clerk may still change it."""
        with self._db.reading() as session:
            require(session, actor, Permission.NOTICES)
            community = session.scalar(select(Community).limit(1))
            if community is None:
                return NoticeOptions()
            return NoticeOptions(landscape=community.notice_landscape, large_print=community.notice_large_print)

    def board(self, actor: Actor | None, start: date, end: date, hide: Sequence[str] = ()) -> Board:
        """The board's content for the requests received from ``start`` to ``end`` (local days, both included),
        with the words in ``hide`` (chosen by the clerk in the preview) hidden too. ``actor`` None is the command
        line run by IT staff."""
        _check_period(start, end)
        hidden = check_hide(hide)
        with self._db.reading() as session:
            if actor is not None:
                require(session, actor, Permission.NOTICES)
            return _board(session, self._db.desk_code, start, end, local(self._db.clock.now()).date(), hidden)

    def make_board(self, actor: Actor | None, start: date, end: date, options: NoticeOptions = NoticeOptions(),
                   progress: Progress | None = None, hide: Sequence[str] = ()) -> MadeNotice:
        """The board as a PDF, not yet recorded as published (a preview may be thrown away)."""
        board = self.board(actor, start, end, hide)
        from app.services.documents.notice_board import period_text, render_board  # the PDF layer

        data = render_board(board, options, progress)
        return made(BOARD, f"{BOARD_TITLE}（{period_text(start, end)}）", data, options, board.posted_on,
                     tuple(r.case_no for r in board.rows), period_from=start, period_to=end,
                     file_name=f"公示-{start:%Y%m%d}-{end:%Y%m%d}.pdf",
                     masked=tuple(m for r in board.rows for m in r.masked), hide=tuple(hide),
                     anchor=board.community.chain_head)

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
                size=len(made.pdf), sha256=made.sha256, pdf=made.pdf, masked=masked_summary(made.masked))
            session.add(row)
            if head := parse_fingerprint(made.anchor):  # the head it printed joins the list of published heads
                publish(session, head.desk, NOTICE, made.title, row.published_by, head)
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


def _board(session: Session, desk_code: str, start: date, end: date, today: date, hide: tuple[str, ...]) -> Board:
    since, until = period_bounds(start, end)
    figures, by_category = rates.totals_by_category(session, since, until, rollup.EVERYTHING)  # the daily rollup
    received = (select(Case).where(Case.created_at >= since, Case.created_at < until, Case.status != CaseStatus.MERGED)
                .options(joinedload(Case.resident), joinedload(Case.category), joinedload(Case.subcategory)))
    if figures.received > BOARD_ROWS_MAX:  # the most recent, shown oldest first as every board is
        cases = list(session.scalars(received.order_by(Case.created_at.desc(), Case.case_no.desc())
                                     .limit(BOARD_ROWS_MAX)))[::-1]
    else:
        cases = list(session.scalars(received.order_by(Case.created_at, Case.case_no)))
    ids = [c.id for c in cases]
    notes = _latest_public_notes(session, ids)
    book = name_book(session, hide=hide)
    hidden = _anonymous_reporters(session, ids)
    from app.services.documents.receipt import shorten  # the PDF layer, loaded when a notice is made

    rows = []
    for case in cases:
        anonymous = tuple(hidden.get(case.id, ())) + ((case.resident.name,) if case.anonymous else ())
        category = case.subcategory.name if case.subcategory is not None else case.category.name
        resident = disclose(Document.NOTICE_BOARD, Field.NAME, case.resident.name, hide_name=case.anonymous) or ""
        if case.households_count > 1:
            resident += f" 等{case.households_count}户"
        departments = "、".join(d.department.name for d in case.departments) or "本社区"
        resolved = (local(case.resolved_at).date()
                    if case.status in rates.RESOLVED and case.resolved_at is not None else None)
        masked: list[Masked] = []
        own = book.with_anonymous(anonymous)
        # The large and landscape boards show the same fields (their row of the rule table is the same).
        summary = shown(Document.NOTICE_BOARD, Field.DESCRIPTION, case.description, own, case.case_no, masked)
        note = shown(Document.NOTICE_BOARD, Field.PUBLIC_NOTE, notes.get(case.id, ""), own, case.case_no, masked)
        rows.append(BoardRow(
            case.case_no, local(case.created_at).date(), category, resident, shorten(summary, SUMMARY_LIMIT),
            labels.zh(case.status), shorten(note, PROGRESS_LIMIT), departments, resolved, tuple(masked)))
    return Board(community_info(session, desk_code), start, end, today, figures, rows,
                 tuple(by_category) if len(rows) < figures.received else ())


def _chunks(ids: Sequence[uuid.UUID]) -> Iterable[Sequence[uuid.UUID]]:
    for i in range(0, len(ids), IN_CHUNK):
        yield ids[i:i + IN_CHUNK]


def _latest_public_notes(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each case's latest progress note marked public and approved (a grid worker's waits for review: see
    app.services.cases.reach). The flags are read in Python: JSON paths differ by backend."""
    events: dict[uuid.UUID, list[tuple[int, EventKind, Any]]] = {}
    texts: dict[uuid.UUID, dict[int, str]] = {}
    for chunk in _chunks(ids):
        rows = session.execute(select(CaseEvent.case_id, CaseEvent.seq, CaseEvent.kind, CaseEvent.note, CaseEvent.data)
                               .where(CaseEvent.case_id.in_(chunk),
                                      CaseEvent.kind.in_((EventKind.NOTE, EventKind.NOTE_REVIEWED)))
                               .order_by(CaseEvent.case_id, CaseEvent.seq, CaseEvent.desk_code))
        for case_id, seq, kind, note, data in rows:
            events.setdefault(case_id, []).append((seq, kind, data))
            if kind is EventKind.NOTE:
                texts.setdefault(case_id, {})[seq] = note
    found = {c: latest_published(texts.get(c, {}), reviews(e)) for c, e in events.items()}
    return {c: text for c, text in found.items() if text}


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


def masked_summary(masked: Sequence[Masked]) -> dict[str, Any]:
    """What the publication record keeps of what was masked: how many of each kind, and the masked forms of the
    words hidden by hand (stars), never the data."""
    kinds: dict[str, int] = {}
    for m in masked:
        kinds[m.kind] = kinds.get(m.kind, 0) + 1
    return {"kinds": kinds, "hand": sorted({m.replacement for m in masked if m.kind == BY_HAND})}


# --- publications ----------------------------------------------------------------------------------------


def _without_pdf() -> list[Any]:
    return [defer(NoticePublication.pdf), joinedload(NoticePublication.publisher)]


def _publication_info(row: NoticePublication) -> PublicationInfo:
    return PublicationInfo(row.id, row.kind, row.title, row.created_at, row.published_by, row.period_from,
                           row.period_to, tuple(row.case_nos or ()), dict(row.options or {}), row.pages, row.size,
                           row.sha256, dict(row.masked or {}))
