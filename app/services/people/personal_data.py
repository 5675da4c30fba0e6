"""A resident's own data: everything stored about them in one file, and erasure where the law allows it.

Export (access, 查阅复制): the resident's fields, their household, the requests they reported and those
requests' timelines, their points (balance, awards, vouchers), in JSON, stating at the top which personal data
it holds and what it leaves out. It follows the rule table's row for the resident's export
(app.services.documents.disclosure): the subject's own fields whole; free text (descriptions, their own words when
joining, public notes, the resolution, award notes) scrubbed, so another resident's name, phone or ID number written
into it is masked (the subject's own name stays; every number in free text is masked, their own included: it is in
their own fields); the desk's internal notes (internal progress notes, a note waiting for review or sent back,
reasons and department reports) left out, marked ``note_withheld``. What other residents said on a request this
resident joined (their own reports, their phone numbers), and the address of a request logged for another
household (its building only), are left out too.

Erasure (删除): personal fields are blanked and the name becomes ``ERASED_NAME``; the requests stay, with
their reporter rows still pointing at the (now anonymous) resident, so counts, household numbers and
``verify`` keep adding up. It is refused while a request they reported is open: the case still needs a
way to reach them, and the record of a request being handled must stay whole until it is resolved.

Erasure keeps salted SHA-256 digests of the name's forms (its characters, its pinyin spellings) in the append-only
``erased_name`` table (app.services.people.erased_names), never the name: public notices go on masking the person
where other residents' texts (which erasure does not edit) name them.

What erasure cannot reach, on purpose, and says so:

- ``case_event`` is append-only (database triggers refuse UPDATE and DELETE; verify checks the triggers
  are there). A note typed when another household joined, or the caller's phone kept in a joined event's
  data, can contain the resident's name or number. Those rows are not edited: the result names the
  cases whose history still mentions the resident, for the administrator to judge (PIPL art. 47 allows
  keeping what cannot technically be removed, with processing stopped except storage and protection).
- The audit trail is hash-chained: the insert entry of the resident (and any earlier edit) keeps the old
  values, since rewriting them would break the chain that proves nothing was tampered with. The erasure
  itself is recorded with ``***`` for every old value and the reason (``audit.mark_erasure``), so it does
  not copy what it erases. The trail is visible to administrators only.
- Backups made before the erasure keep the old values until rotation removes them.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session, selectinload

from app.models import Case, CaseDepartment, CaseEvent, CaseReporter, EventKind, Resident
from app.services.cases.reach import APPROVED, reviews
from app.services.core import labels
from app.services.core.audit import mark_erasure
from app.services.core.auth import Actor, Permission, allowed, require
from app.services.core.clock import local
from app.services.core.db import Database
from app.services.core.errors import QT_TRANSLATE_NOOP, Conflict, FieldErrors, NotFound
from app.services.core.files import write_bytes
from app.services.core.validation import check_length
from app.services.documents.disclosure import Document, Field, disclose, name_book
from app.services.documents.masking import NameBook
from app.services.ledger.points.data import ResidentPoints
from app.services.ledger.points.vouchers import resident_points
from app.services.people import tag_names
from app.services.people.erased_names import remember_erased
from app.services.people.residents import ERASED_NAME, OPEN_STATUSES, age_on, is_erased

REDACTED_TEXT = "***"
LEFT_OUT = ("其他居民的个人信息：其他居民的反映只列出时间，文字中出现的其他居民姓名、"
            "以及所有电话号码、证件号码、门牌号均已隐去；他人登记的诉求只列出楼号，不列出描述、电话和门牌",
            "社区工作人员的内部记录：内部进展说明、待审核或退回的公开说明、派单和挂起等事由、部门报到内容均未列出"
            "（标记为 note_withheld）")
# Which notes of a request's timeline the resident's export shows (scrubbed); every other note is the desk's own.
_SHOWN_NOTES = frozenset({EventKind.CREATED, EventKind.JOINED, EventKind.RESOLVED, EventKind.MESSAGE_SENT})
REASON_MAX = 200
GENDER_ZH = {"M": "男", "F": "女"}


@dataclass(frozen=True)
class ResidentExport:
    path: Path
    cases: int
    events: int
    personal_data: tuple[str, ...]  # the kinds of personal data the file holds, as stated in it


@dataclass(frozen=True)
class ErasureResult:
    resident_id: uuid.UUID
    cases_kept: int                   # requests they reported, kept anonymised
    descriptions_redacted: int        # case descriptions in which their name, phone or ID number became ***
    history_mentions: tuple[str, ...]  # case numbers whose append-only history still mentions them


def _note_field(kind: EventKind, review: str | None) -> Field:
    """The rule table's field of a timeline note: their own words, the outcome told them and the messages sent to
    them are the request's description and public notes; an approved public progress note is public; anything else
    is internal."""
    if kind in _SHOWN_NOTES:
        return Field.DESCRIPTION if kind in (EventKind.CREATED, EventKind.JOINED) else Field.PUBLIC_NOTE
    return Field.PUBLIC_NOTE if kind is EventKind.NOTE and review == APPROVED else Field.INTERNAL_NOTE


def _text(text: str, names: NameBook | None = None) -> str:
    """Free text of the resident's export, as the rule table scrubs it (other residents' names, every number)."""
    return disclose(Document.RESIDENT_EXPORT, Field.DESCRIPTION, text, book=names) or ""


def _iso(dt: datetime | None) -> str | None:
    return local(dt).isoformat(timespec="seconds") if dt else None


def _reported_cases(session: Session, resident_id: uuid.UUID) -> list[Case]:
    """Requests the resident reported: logged for them, or joined by them (并单)."""
    joined = select(CaseReporter.case_id).where(CaseReporter.resident_id == resident_id)
    return list(session.scalars(
        select(Case).where(or_(Case.resident_id == resident_id, Case.id.in_(joined)))
        .order_by(Case.created_at, Case.id)
        .options(selectinload(Case.category), selectinload(Case.subcategory), selectinload(Case.household),
                 selectinload(Case.departments).selectinload(CaseDepartment.department),
                 selectinload(Case.events).selectinload(CaseEvent.actor), selectinload(Case.reporters))
    ))


class PersonalDataService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- export ---------------------------------------------------------------------------------

    def export_resident(self, actor: Actor, resident_id: uuid.UUID, out: Path) -> ResidentExport:
        """Write everything stored about one resident to ``out`` as JSON (for the resident, on request)."""
        with self._db.reading() as session:
            staff = require(session, actor, Permission.EXPORT)
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            show_id = allowed(staff, Permission.VIEW_ID_NUMBERS)
            cases = _reported_cases(session, resident.id)
            names = name_book(session, besides=(resident.name,))  # everyone else's, to find in free text
            requests = [self._case(c, resident.id, names) for c in cases]
            held = resident_points(session, resident, self._db.clock.now())
            kinds = self._kinds(resident, show_id, requests, held)
            payload = {
                "format": "community-desk/resident", "version": 2,
                "personal_data": "本文件含居民本人的个人信息：" + "、".join(kinds)
                                 + "。仅交本人或经本人授权的人，不得外传。" if kinds else "本文件不含个人信息。",
                "personal_data_kinds": kinds,
                "left_out": LEFT_OUT,
                "exported_at": _iso(self._db.clock.now()), "exported_by": staff.display_name,
                "resident": self._resident(resident, show_id, names),
                "household": self._household(resident, tag_names.names_of(session)),
                "requests": requests,
                "points": self._points(held, names),
            }
            out.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(out, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
            return ResidentExport(out, len(requests), sum(len(r["events"]) for r in requests), tuple(kinds))

    @staticmethod
    def _kinds(resident: Resident, show_id: bool, requests: list[dict[str, Any]], held: ResidentPoints) -> list[str]:
        kinds = []
        for present, kind in ((not is_erased(resident), "姓名"), (resident.gender is not None, "性别"),
                              (resident.birth_date is not None, "出生日期"), (bool(resident.phone), "电话"),
                              (bool(resident.id_number) and show_id, "身份证号码"),
                              (resident.household is not None, "住址"), (bool(requests), "所反映的诉求及处理记录"),
                              (bool(held.awards or held.vouchers or held.balance.balance), "积分获得、兑换及余额")):
            if present:
                kinds.append(kind)
        return kinds

    def _resident(self, r: Resident, show_id: bool, names: NameBook) -> dict[str, Any]:
        today = local(self._db.clock.now()).date()
        return {
            "id": str(r.id), "name": r.name, "erased": is_erased(r),
            "gender": GENDER_ZH.get(r.gender.value, "") if r.gender else "",
            "birth_date": r.birth_date.isoformat() if r.birth_date else None, "age": age_on(r.birth_date, today),
            "phone": r.phone, "id_number": r.id_number if show_id else "",
            "id_number_withheld": bool(r.id_number) and not show_id,
            "pinyin": r.pinyin_full, "pinyin_initials": r.pinyin_initials,
            "registered_at": _iso(r.created_at), "desk_code": r.desk_code,
            "notes": _text(r.notes, names), "status": labels.zh(r.status),  # the desk's notes on them are theirs
            "status_on": r.status_on.isoformat() if r.status_on else None,
        }

    @staticmethod
    def _points(held: ResidentPoints, names: NameBook) -> dict[str, Any]:
        """Their points: the balance and what lapses when, every award (revoked ones marked) and every voucher."""
        b = held.balance
        return {
            "balance": b.balance, "available": b.available, "lapsed_not_yet_written_off": b.expired_due,
            "expiring": [{"valid_until": e.last_day.isoformat(), "points": e.points} for e in b.expiring],
            "awards": [{"earned_on": a.earned_on.isoformat(), "rule": a.rule_name, "kind": labels.zh(a.kind),
                        "points": a.points, "valid_until": a.expires_on.isoformat() if a.expires_on else None,
                        "event": _text(a.event, names), "note": _text(a.note, names), "awarded_by": a.awarded_by,
                        "awarded_at": _iso(a.awarded_at),
                        "revoked": a.revoked} for a in held.awards],
            "vouchers": [{"code": v.code, "merchant": v.merchant_name, "reward": v.reward_name, "points": v.points,
                          "status": labels.zh(v.status), "issued_at": _iso(v.issued_at), "issued_by": v.issued_by,
                          "honoured_at": _iso(v.honoured_at), "cancelled_at": _iso(v.cancelled_at),
                          "cancel_reason": _text(v.cancel_reason, names)} for v in held.vouchers],
        }

    @staticmethod
    def _household(r: Resident, tags: dict[str, str]) -> dict[str, Any] | None:
        h = r.household
        if h is None:
            return None
        return {"address": h.address, "building": h.building, "unit": h.unit, "room": h.room,
                "grid": h.grid.name if h.grid else "", "tags": [tags.get(t.tag, t.tag) for t in h.tags],
                "other_residents": len(h.residents) - 1}  # how many, not who: they are other people's data

    @staticmethod
    def _case(case: Case, resident_id: uuid.UUID, names: NameBook) -> dict[str, Any]:
        mine_case = case.resident_id == resident_id
        mine = str(resident_id)
        report = next((r for r in case.reporters if r.resident_id == resident_id), None)
        verdicts = reviews((e.seq, e.kind, e.data) for e in case.events)
        events = []
        for e in case.events:
            data = e.data or {}
            about = data.get("resident_id") or data.get("to")  # whose report, or whose record a merge kept
            entry: dict[str, Any] = {"at": _iso(e.created_at), "kind": e.kind.value, "kind_label": labels.zh(e.kind)}
            if about is not None and about != mine:
                # another resident's report on the same problem: that it happened, not what they said
                events.append({**entry, "withheld": "其他居民的反映，未列出"})
                continue
            field = _note_field(e.kind, verdicts.get(e.seq))
            note = disclose(Document.RESIDENT_EXPORT, field, e.note, book=names) if e.note else ""
            entry.update({"actor": e.actor.display_name if e.actor else "", "note": note or "",
                          "data": {k: v for k, v in data.items() if k not in ("from_name", "to_name")}})
            if note is None:
                entry["note_withheld"] = True  # the desk's internal note: left out (see the header)
            events.append(entry)
        address = case.household.address if case.household else ""
        return {
            "case_no": case.case_no, "created_at": _iso(case.created_at),
            "role": "反映人" if mine_case else "并单反映人",
            "channel": labels.zh(report.channel if report else case.channel),
            "reported_at": _iso(report.created_at if report else case.created_at),
            "anonymous_on_notices": report.anonymous if report else case.anonymous,
            "category": case.category.name, "subcategory": case.subcategory.name if case.subcategory else "",
            # A case logged for someone else holds their words, number and flat: only the category, the building
            # and the progress are this resident's business.
            "description": disclose(Document.RESIDENT_EXPORT, Field.DESCRIPTION, case.description,
                                    book=names) if mine_case else None,
            "caller_phone": case.caller_phone if mine_case else None,
            "address": address if mine_case else _text(address),
            "urgency": case.urgency, "scope": labels.zh(case.scope), "status": labels.zh(case.status),
            "departments": [d.department.name for d in case.departments],
            "households_count": case.households_count, "deadline_at": _iso(case.deadline_at),
            "reply_due_at": _iso(case.reply_due_at), "events": events,
        }

    # --- erasure --------------------------------------------------------------------------------

    def erase_resident(self, actor: Actor, resident_id: uuid.UUID, reason: str) -> ErasureResult:
        """Blank the resident's personal fields, keeping their requests anonymised (administrators only)."""
        errors = FieldErrors()
        reason = check_length(errors, "reason", reason, REASON_MAX)
        errors.raise_if_any()
        with self._db.transaction() as session:
            require(session, actor, Permission.ERASE_PERSONAL_DATA)
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "No such resident."))
            if is_erased(resident):
                raise Conflict(QT_TRANSLATE_NOOP("errors", "This resident's personal data has already been erased."))
            cases = _reported_cases(session, resident.id)
            still_open = [c.case_no for c in cases if c.status in OPEN_STATUSES]
            if still_open:
                raise Conflict(QT_TRANSLATE_NOOP(
                    "errors", "{name} still has {n} open request(s) ({cases}). Personal data can be erased only "
                    "after every request they reported is resolved."),
                    name=resident.name, n=len(still_open), cases="、".join(still_open[:5]))
            secrets = self._secrets(resident)
            redacted = 0
            for case in cases:
                text = self._redact(case.description, secrets)
                caller = case.caller_phone if case.resident_id == resident.id else ""
                if text != case.description or caller:
                    mark_erasure(session, case, reason)  # the case's audit entry must not copy them either
                    if text != case.description:
                        case.description = text
                        redacted += 1
                    if caller:
                        case.caller_phone = ""
            mentions = self._history_mentions(session, secrets)
            remember_erased(session, resident.name)  # so notices go on masking it in other residents' texts
            mark_erasure(session, resident, reason)
            resident.name = ERASED_NAME
            resident.gender = None
            resident.birth_date = None
            resident.phone = ""
            resident.phone_last4 = ""
            resident.id_number = ""
            resident.pinyin_full = ""
            resident.pinyin_initials = ""
            resident.notes = ""  # the desk's notes on a person are theirs too
            resident.household_id = None  # the flat stays on each case: where the problem was, and its count
            session.flush()
            return ErasureResult(resident.id, len(cases), redacted, mentions)

    @staticmethod
    def _secrets(r: Resident) -> list[str]:
        """What identifies the resident in free text. A one-character name would blank ordinary words."""
        found = [r.phone, r.id_number] + ([r.name] if len(r.name) >= 2 else [])
        digits = "".join(ch for ch in r.phone if ch.isdigit())
        if digits != r.phone:
            found.append(digits)
        return [s for s in found if s]

    @staticmethod
    def _redact(text: str, secrets: list[str]) -> str:
        for secret in sorted(secrets, key=len, reverse=True):
            text = text.replace(secret, REDACTED_TEXT)
        return text

    @staticmethod
    def _history_mentions(session: Session, secrets: list[str]) -> tuple[str, ...]:
        """Cases whose append-only timeline contains the name, phone or ID number (not edited: see above)."""
        if not secrets:
            return ()
        matches = [CaseEvent.note.contains(s, autoescape=True) for s in secrets]
        matches += [cast(CaseEvent.data, String).contains(s, autoescape=True) for s in secrets]
        rows = session.scalars(select(Case.case_no).join(CaseEvent, CaseEvent.case_id == Case.id)
                               .where(or_(*matches)).distinct().order_by(Case.case_no))
        return tuple(rows)
