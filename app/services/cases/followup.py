"""回访: the follow-up call of every resolved request, and its rules.

The 回访 list (``FollowUpService.queue``) is every request resolved and not yet followed up (status 已办结, no
answer recorded), the oldest resolution first, with what the clerk needs on the telephone: the resident, the number
to call (the caller's, or the resident's own), the public summary (the description as a notice board shows it:
nobody else's name, phone or room in it), what was done (the resolution's note), the unanswered calls so far and a
short script to read.

The answers go through the one follow-up path, ``WorkflowService.follow_up`` (the case page's dialog uses it too);
an unanswered call is ``WorkflowService.call_tried``, an event ``回访未接通`` with the local day it was made on. The
rules both steps check are here:

- **无法联系** (``Satisfaction.UNREACHABLE``) only after unanswered calls on at least ``TRY_DAYS`` different local
  days since the latest resolution (two calls on one day are one day); before that a message says how many calls on
  how many days so far, and nothing is written. It ends the follow-up like an answer (no reopening), and the rates
  leave it out of the satisfaction rate (``counting``).
- A request answered already takes neither another answer nor another try.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from app.models import Case, CaseEvent, CaseStatus, Community, EventKind, Satisfaction
from app.services.cases.timeline import CaseState
from app.services.core import labels
from app.services.core.auth import Actor, Permission, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, ValidationError
from app.services.documents.disclosure import Document, Field, disclose, name_book

TRY_DAYS = 3        # 无法联系: unanswered calls on at least this many different days
QUEUE_MAX = 200     # the list shows the oldest this many; the count says how many wait in all
SUMMARY_LIMIT = 40  # characters of the public summary, as on the notice board
SCRIPT_SUMMARY = 24  # characters of it in the script read to the resident
IN_CHUNK = 500


@dataclass(frozen=True)
class Tries:
    """The unanswered follow-up calls (回访未接通) since the latest resolution: the local day of each, in order."""

    on: tuple[date, ...] = ()

    @property
    def count(self) -> int:
        return len(self.on)

    @property
    def days(self) -> int:
        """Different local days: two calls on one day count as one."""
        return len(set(self.on))

    @property
    def enough(self) -> bool:
        """无法联系 may be recorded."""
        return self.days >= TRY_DAYS


@dataclass(frozen=True)
class FollowUpItem:
    """One request waiting for its follow-up call, as the 回访 list shows it (``Document.SCREEN``'s rules)."""

    case_id: uuid.UUID
    case_no: str
    resident_id: uuid.UUID
    resident: str
    phone: str         # the number to call: the caller's number, else the resident's phone; "" when neither
    other_phone: str   # the resident's own phone when the caller's number is another one
    logged_at: datetime
    resolved_at: datetime | None  # (the fold always sets it; a database written around it may not have)
    due_at: datetime | None  # the 回访时限
    category: str      # the sub-category, or the class
    summary: str       # the public summary (scrubbed, shortened)
    outcome: str       # what was done: the resolution's note
    tries: Tries
    script: str        # 回访话术


@dataclass(frozen=True)
class FollowUpQueue:
    items: list[FollowUpItem]  # the oldest resolutions first, at most QUEUE_MAX
    waiting: int               # how many requests wait for the call in all
    today: date                # the desk's day the list was read on

    @property
    def abridged(self) -> bool:
        return len(self.items) < self.waiting


# --- the rules ----------------------------------------------------------------------------------------


def answer_of(value: str) -> Satisfaction:
    """The resident's answer as typed (a ``Satisfaction`` value), or a message under the answer."""
    try:
        return Satisfaction(value)
    except ValueError:
        raise ValidationError.single("satisfaction", QT_TRANSLATE_NOOP(
            "errors", "Choose the resident's answer: satisfied, basically satisfied, dissatisfied or could not be "
                      "reached.")) from None


def _not_again(case: Case, state: CaseState) -> None:
    if state.followed_up:
        raise Conflict(QT_TRANSLATE_NOOP("errors", "Case {no} has already had its follow-up call ({answer})."),
                       no=case.case_no, answer=labels.zh(state.satisfaction) if state.satisfaction else "")


def check_answer(session: Session, case: Case, state: CaseState, answer: Satisfaction) -> None:
    """Refuse an answer the case may not take now (inside the step's transaction, the case locked)."""
    _not_again(case, state)
    if answer is Satisfaction.UNREACHABLE:
        tries = tries_of(session, [case.id])[case.id]
        if not tries.enough:
            raise ValidationError.single("satisfaction", QT_TRANSLATE_NOOP(
                "errors", "Could not be reached is recorded only after unanswered calls on at least {n} different "
                          "days; so far {tries} unanswered calls on {days} days."),
                n=TRY_DAYS, tries=tries.count, days=tries.days)


def tried_data(session: Session, case: Case, state: CaseState) -> dict[str, Any]:
    """The data of an unanswered call made now (its local day), or a refusal when the case was answered already."""
    _not_again(case, state)
    now: datetime = session.info["now"]
    return {"tried_on": local(now).date().isoformat()}


def tries_in(events: Iterable[tuple[EventKind, Mapping[str, Any], datetime]]) -> Tries:
    """The unanswered calls since the latest resolution, from a case's events in sequence order. Pure."""
    found: list[date] = []
    for kind, data, at in events:
        if kind is EventKind.RESOLVED:
            found = []
        elif kind is EventKind.CALL_TRIED:
            day = data.get("tried_on")
            found.append(date.fromisoformat(day) if isinstance(day, str) else local(at).date())
    return Tries(tuple(found))


def _events(session: Session, case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[tuple[Any, ...]]]:
    """(kind, data, time, note) of each case's resolutions and unanswered calls, in sequence order."""
    found: dict[uuid.UUID, list[tuple[Any, ...]]] = {cid: [] for cid in case_ids}
    for start in range(0, len(case_ids), IN_CHUNK):
        rows = session.execute(
            select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.data, CaseEvent.created_at, CaseEvent.note)
            .where(CaseEvent.case_id.in_(case_ids[start:start + IN_CHUNK]),
                   CaseEvent.kind.in_((EventKind.RESOLVED, EventKind.CALL_TRIED)))
            .order_by(CaseEvent.case_id, CaseEvent.seq, CaseEvent.desk_code))
        for case_id, kind, data, at, note in rows:
            found[case_id].append((kind, data or {}, at, note))
    return found


def tries_of(session: Session, case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Tries]:
    """The unanswered calls since the latest resolution of each case."""
    return {cid: tries_in((k, d, at) for k, d, at, _n in rows) for cid, rows in _events(session, case_ids).items()}


# --- the list -----------------------------------------------------------------------------------------


def station(community: str, street: str = "") -> str:
    """How the desk names itself on the telephone, the city and street left out: 鞍山市铁东区站前街道幸福里社区 (of
    站前街道) -> 幸福里社区服务站."""
    name = community.strip()
    for before in (street.strip(), "街道"):
        if before and before in name and not name.endswith(before):
            name = name[name.rindex(before) + len(before):]
            break
    return f"{name}服务站" if name.endswith("社区") else f"{name}社区服务站"


def script(community: str, logged_on: date, summary: str, street: str = "") -> str:
    """回访话术: what the clerk says when the resident answers."""
    said, day = _clauses(summary, SCRIPT_SUMMARY), f"{logged_on.month}月{logged_on.day}日"
    return f"您好，这里是{station(community, street)}，您{day}反映的“{said}”问题已办结，请问您对处理结果是否满意？"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clauses(text: str, limit: int) -> str:
    """The first clauses of ``text`` that fit in ``limit`` characters (said aloud, a clause cut in half sounds
    wrong); the first one cut short when it alone is longer. No closing punctuation."""
    text = " ".join(text.split()).rstrip("…")
    parts = re.split(r"(?<=[，。；！？,;!?])", text)
    said = ""
    for part in parts:
        if len(said) + len(part) > limit:
            break
        said += part
    said = said or _short(text, limit)
    return said.rstrip("，。；！？、,.;!? ")


def waiting_condition() -> list[Any]:
    """Resolved and not followed up: no answer recorded (an answer other than 不满意 stays in ``satisfaction``;
    不满意 reopens the request, and its next resolution waits for a call again)."""
    return [Case.status == CaseStatus.RESOLVED, Case.satisfaction.is_(None)]


class FollowUpService:
    """The 回访 list (FOLLOW_UP). The answers and the unanswered calls are steps of ``WorkflowService``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def queue(self, actor: Actor, limit: int = QUEUE_MAX) -> FollowUpQueue:
        """The requests waiting for their follow-up call, the oldest resolution first (at most ``limit``)."""
        with self._db.reading() as session:
            require(session, actor, Permission.FOLLOW_UP)
            today = local(self._db.clock.now()).date()
            # the oldest page and how many wait in all, in one pass over the waiting requests (a window count)
            page = session.execute(select(Case.id, func.count().over()).where(*waiting_condition())
                                   .order_by(Case.resolved_at, Case.case_no).limit(max(limit, 1))).all()
            waiting = int(page[0][1]) if page else 0
            ids = [case_id for case_id, _n in page][:max(limit, 0)]
            found = {c.id: c for c in session.scalars(
                select(Case).where(Case.id.in_(ids))
                .options(joinedload(Case.resident), joinedload(Case.category), joinedload(Case.subcategory)))}
            cases = [found[case_id] for case_id in ids]
            events = _events(session, [c.id for c in cases])
            community = session.execute(select(Community.name, Community.street).limit(1)).first() or ("", "")
            book = name_book(session) if cases else None
            items = [self._item(case, events[case.id], community, book) for case in cases]
            return FollowUpQueue(items, waiting, today)

    @staticmethod
    def _item(case: Case, events: list[tuple[Any, ...]], community: Any, book: Any) -> FollowUpItem:
        resident = case.resident
        own = disclose(Document.SCREEN, Field.PHONE, resident.phone or "") or ""
        caller = disclose(Document.SCREEN, Field.PHONE, case.caller_phone or "") or ""
        phone = caller or own
        other = own if caller and own and _digits(own) != _digits(caller) else ""
        public = disclose(Document.NOTICE_BOARD, Field.DESCRIPTION, case.description,
                          book=book.with_anonymous([resident.name]) if case.anonymous else book) or ""
        outcome = next((note for kind, _d, _at, note in reversed(events) if kind is EventKind.RESOLVED), "")
        category = case.subcategory.name if case.subcategory is not None else case.category.name
        return FollowUpItem(
            case.id, case.case_no, resident.id, disclose(Document.SCREEN, Field.NAME, resident.name) or "", phone,
            other, case.created_at, case.resolved_at, case.due_at, category, _short(public, SUMMARY_LIMIT), outcome,
            tries_in((k, d, at) for k, d, at, _n in events),
            script(community[0], local(case.created_at).date(), public, community[1]))


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())
