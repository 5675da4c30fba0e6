"""Messages to the resident (消息模板, issue 20): the administrator's templates, a case's messages filled in, and the
record that one was sent (copied to the clipboard or printed on a slip).

Who may do what:

- The templates are set-up: listing, changing and restoring the built-in words is ``MANAGE_SETTINGS``.
- Filling a case's messages and recording one as sent is ``HANDLE_CASES``, with a grid worker's reach
  (app.services.cases.reach): a message speaks for the community about how the request is being handled, so it is
  sent by those who handle requests (the desk, the grid worker of the request's grid or the one it was dispatched
  to, the director, the administrator), as they write its progress notes. Every role that handles requests also
  views them (``VIEW_CASES``). A time-bank officer reads requests but does not speak to residents about them.

What fills a message is what the rule table (``Document.MESSAGE``) lets a message that may be forwarded show.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import CaseStatus, EventKind, MessageChannel, MessageKind
from app.models import Case, CaseEvent, MessageTemplate
from app.services.cases.messages import (
    BUILT_IN,
    SENT_HOW,
    Filled,
    MessageFacts,
    fill,
    problem,
    suggested_kind,
)
from app.services.cases.reach import check_reach, latest_published, reviews
from app.services.cases.timeline import append_event
from app.services.core.auth import Actor, Permission, require
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, NotFound, ValidationError
from app.services.core.setup import community_info
from app.services.documents.disclosure import Document, Field, addressed, disclose, name_book

SENT_TEXT_MAX = 2000


@dataclass(frozen=True)
class TemplateInfo:
    kind: MessageKind
    channel: MessageChannel
    body: str          # the words in use: the administrator's, or the built-in ones
    built_in: str      # the built-in words (恢复默认 goes back to them)
    custom: bool       # the administrator changed them


@dataclass(frozen=True)
class TemplateBook:
    """Every kind and channel, and what the editor's preview fills its sample request with."""

    templates: list[TemplateInfo]
    community: str
    phone: str


@dataclass(frozen=True)
class CaseMessages:
    """A case's messages, every kind and channel filled in, and the one its status calls for."""

    case_id: uuid.UUID
    case_no: str
    suggested: MessageKind
    filled: dict[tuple[MessageKind, MessageChannel], Filled]
    community: str
    desk_name: str
    desk_phone: str


@dataclass(frozen=True)
class SentInfo:
    case_id: uuid.UUID
    seq: int
    kind: MessageKind
    channel: MessageChannel
    how: str


def _kind(value: MessageKind | str) -> MessageKind:
    try:
        return MessageKind(value)
    except ValueError:
        raise ValidationError.single("kind", QT_TRANSLATE_NOOP("errors", "Choose which message.")) from None


def _channel(value: MessageChannel | str) -> MessageChannel:
    try:
        return MessageChannel(value)
    except ValueError:
        raise ValidationError.single("channel", QT_TRANSLATE_NOOP(
            "errors", "Choose text message or WeChat.")) from None


def check_body(body: str) -> str:
    """The template as stored (line ends made \\n, the ends trimmed), or a refusal under the editor."""
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    found = problem(text)
    if found is not None:
        raise ValidationError({"body": found})
    return text


class MessageService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- the templates (set-up) ------------------------------------------------------------------------

    def templates(self, actor: Actor) -> TemplateBook:
        """Every kind x channel with the words in use, built-in where the administrator wrote none."""
        with self._db.reading() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            info = community_info(session, self._db.desk_code)
            stored = _stored(session)
            return TemplateBook([_template(k, c, stored) for k in MessageKind for c in MessageChannel],
                                info.name, info.desk_phone)

    def set_template(self, actor: Actor, kind: MessageKind | str, channel: MessageChannel | str,
                     body: str) -> TemplateInfo:
        """The administrator's words for one kind and channel; a template with a field not in the list, a marker
        not closed or no words is refused (nothing written)."""
        k, c, text = _kind(kind), _channel(channel), check_body(body)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            row = session.scalar(select(MessageTemplate).where(MessageTemplate.kind == k,
                                                               MessageTemplate.channel == c))
            if row is None:
                session.add(MessageTemplate(kind=k, channel=c, body=text))
            elif row.body != text:
                row.body = text
            session.flush()
            return _template(k, c, _stored(session))

    def reset_template(self, actor: Actor, kind: MessageKind | str, channel: MessageChannel | str) -> TemplateInfo:
        """恢复默认: the built-in words again (the administrator's row goes; the audit trail keeps its words)."""
        k, c = _kind(kind), _channel(channel)
        with self._db.transaction() as session:
            require(session, actor, Permission.MANAGE_SETTINGS)
            row = session.scalar(select(MessageTemplate).where(MessageTemplate.kind == k,
                                                               MessageTemplate.channel == c))
            if row is not None:
                session.delete(row)
                session.flush()
            return _template(k, c, _stored(session))

    # --- a case's messages ---------------------------------------------------------------------------

    def render(self, actor: Actor, case_id: uuid.UUID) -> CaseMessages:
        """Every message of the case filled in (the resident as 张先生, free text scrubbed), and the kind its status
        calls for. A request merged into another is answered from that one."""
        with self._db.reading() as session:
            staff = require(session, actor, Permission.HANDLE_CASES)
            case = _case(session, case_id)
            check_reach(session, staff, case)
            _refuse_merged(session, case)
            info = community_info(session, self._db.desk_code)
            facts, sent = _facts(session, case, info.name, info.desk_phone)
            stored = _stored(session)
            filled = {(k, c): fill(stored.get((k, c), BUILT_IN[(k, c)]), facts, c)
                      for k in MessageKind for c in MessageChannel}
            return CaseMessages(case.id, case.case_no, suggested_kind(case.status, sent), filled, info.name,
                                info.desk_name, info.desk_phone)

    def record_sent(self, actor: Actor, case_id: uuid.UUID, kind: MessageKind | str, channel: MessageChannel | str,
                    how: str, text: str) -> SentInfo:
        """The message went out (``how``: copied to the clipboard, or printed): the timeline records its kind,
        channel and how, with the words sent as its note."""
        k, c = _kind(kind), _channel(channel)
        if how not in SENT_HOW:
            raise ValidationError.single("how", QT_TRANSLATE_NOOP("errors", "Copied or printed?"))
        words = text.strip()
        if not words:
            raise ValidationError.single("text", QT_TRANSLATE_NOOP("errors", "The message has no words."))
        if len(words) > SENT_TEXT_MAX:
            raise ValidationError.single("text", QT_TRANSLATE_NOOP("errors", "At most {n} characters."),
                                         n=SENT_TEXT_MAX)
        with self._db.transaction() as session:
            staff = require(session, actor, Permission.HANDLE_CASES)
            case = session.get(Case, case_id, with_for_update=True)  # the timeline's next number, one at a time
            if case is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such case."))
            check_reach(session, staff, case)
            _refuse_merged(session, case)
            data: dict[str, Any] = {"kind": k.value, "channel": c.value, "how": how}
            event = append_event(session, case, EventKind.MESSAGE_SENT, staff.id, words, data)
            session.flush()
            return SentInfo(case.id, event.seq, k, c, how)


def _stored(session: Session) -> dict[tuple[MessageKind, MessageChannel], str]:
    return {(r.kind, r.channel): r.body for r in session.scalars(select(MessageTemplate))}


def _template(kind: MessageKind, channel: MessageChannel,
              stored: dict[tuple[MessageKind, MessageChannel], str]) -> TemplateInfo:
    built_in = BUILT_IN[(kind, channel)]
    body = stored.get((kind, channel))
    return TemplateInfo(kind, channel, body if body is not None else built_in, built_in, body is not None)


def _case(session: Session, case_id: uuid.UUID) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "No such case."))
    return case


def _refuse_merged(session: Session, case: Case) -> None:
    if case.status is CaseStatus.MERGED:
        into = session.scalar(select(Case.case_no).where(Case.id == case.merged_into_id)) or ""
        raise Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} was merged into {into}; send the resident's messages "
                                         "from that one."), no=case.case_no, into=into)


def _facts(session: Session, case: Case, community: str, phone: str) -> tuple[MessageFacts, frozenset[MessageKind]]:
    """What fills the case's messages, as ``Document.MESSAGE`` shows it, and the kinds already sent."""
    rows = list(session.execute(
        select(CaseEvent.seq, CaseEvent.kind, CaseEvent.note, CaseEvent.data)
        .where(CaseEvent.case_id == case.id,
               CaseEvent.kind.in_((EventKind.NOTE, EventKind.NOTE_REVIEWED, EventKind.RESOLVED,
                                   EventKind.MESSAGE_SENT)))
        .order_by(CaseEvent.seq, CaseEvent.desk_code)))
    notes = {seq: note for seq, kind, note, _d in rows if kind is EventKind.NOTE}
    progress = latest_published(notes, reviews((seq, kind, data) for seq, kind, _n, data in rows))
    outcomes = [note for _s, kind, note, _d in rows if kind is EventKind.RESOLVED]
    outcome = outcomes[-1] if outcomes and case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED) else ""
    sent = frozenset(MessageKind(d["kind"]) for _s, kind, _n, d in rows
                     if kind is EventKind.MESSAGE_SENT and (d or {}).get("kind") in set(MessageKind))
    book = name_book(session, hide=())
    resident = case.resident

    def scrubbed(field: Field, text: str) -> str:
        return (disclose(Document.MESSAGE, field, text, book=book) or "") if text else ""

    facts = MessageFacts(
        case_no=case.case_no, logged_at=case.created_at,
        category=case.subcategory.name if case.subcategory is not None else case.category.name,
        summary=scrubbed(Field.DESCRIPTION, case.description), deadline_at=case.deadline_at,
        progress=scrubbed(Field.PUBLIC_NOTE, progress), outcome=scrubbed(Field.PUBLIC_NOTE, outcome),
        community=community, phone=phone,
        addressed=addressed(Document.MESSAGE, resident.name, resident.gender.value if resident.gender else None,
                            hide_name=case.anonymous) or "")
    return facts, sent
